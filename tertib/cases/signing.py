"""PAdES signatures on issued PDFs through a pluggable signer, and checking them.

``TERTIB_SIGNER`` chooses the signer: ``none`` (the PDF is issued as it is), ``pkcs12`` (a
certificate per office in a PKCS#12 file) or ``remote`` (a certified signing service shaped like
BSrE's: the office's NIK and passphrase go to the service, which signs the digest; no private key
on this server). The visible QR code is untouched: the signature is an incremental update.
pyHanko is imported inside the functions that need it (slow to import).
"""

import asyncio
import base64
import hashlib
import io
import json
import os
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol

from django.conf import settings
from django.core.cache import cache

from tertib.cases import storage
from tertib.cases.actions import ActionError

NONE, PKCS12, REMOTE = "none", "pkcs12", "remote"
FIELD_NAME = "TandaTanganElektronik"


class SigningError(ActionError):
    """The document could not be signed; the message says why, in Indonesian.

    An ActionError: when check_signer finds it, the step that issues the document is refused
    and shows the message.
    """


def sign_pdf(pdf: bytes, *, office) -> bytes:
    """The PDF with the office's PAdES signature, or unchanged when no signer is set."""
    kind = settings.SIGNER
    if kind == NONE:
        return pdf
    if kind == PKCS12:
        return _pades(pdf, pkcs12_signer(office), office)
    if kind == REMOTE:
        return _pades(pdf, remote_signer(office, remote_service()), office)
    raise SigningError(f"TERTIB_SIGNER '{kind}' tidak dikenal: pilih none, pkcs12 atau remote.")


def check_signer(office) -> None:
    """Refuse, before anything is written, a step whose document the office could not sign for
    want of a certificate or an account; the document itself is signed after the step commits
    (cases/issuing.py). No network: a signing service that is down is met then, and the
    document waits for the next try."""
    kind = settings.SIGNER
    if kind == PKCS12:
        pkcs12_signer(office)
    elif kind == REMOTE:
        remote_service()
        if office.slug not in settings.SIGNING_REMOTE_ACCOUNTS:
            raise SigningError(f"{office.name} belum punya akun tanda tangan elektronik.")
    elif kind != NONE:
        raise SigningError(f"TERTIB_SIGNER '{kind}' tidak dikenal: pilih none, pkcs12 atau remote.")


def _pades(pdf: bytes, signer, office) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError as PyHankoSigningError

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"Diterbitkan oleh {office.name}",
        location=office.city or None,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        return _outside_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer).getvalue())
    except (PdfError, PyHankoSigningError) as error:
        raise SigningError(f"PDF tidak dapat ditandatangani: {error}") from error


def _outside_event_loop(call):
    """pyHanko's sync calls start their own event loop: under a running one, use a thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _secret(entry: dict, field: str) -> str:
    """A passphrase from the environment variable the mapping names (or written in it)."""
    name = entry.get(f"{field}_env")
    return os.environ.get(name, "") if name else entry.get(field, "")


def pkcs12_signer(office):
    """pyHanko's signer from the office's PKCS#12 file (``TERTIB_SIGNING_PKCS12``)."""
    from pyhanko.sign import signers

    entry = settings.SIGNING_PKCS12.get(office.slug)
    if entry is None:
        raise SigningError(f"{office.name} belum punya sertifikat PKCS#12 untuk tanda tangan.")
    try:
        with open(entry["path"], "rb") as file:
            data = file.read()
    except OSError as error:
        raise SigningError(f"Sertifikat {office.name} tidak terbaca: {error.strerror}.") from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=None, passphrase=_secret(entry, "passphrase").encode() or None
        )
    except (ValueError, TypeError) as error:
        raise SigningError(f"Sertifikat {office.name} atau passphrase-nya salah.") from error


class SigningService(Protocol):
    """A remote certified signing service: it holds the keys, we send digests."""

    def certificates(self, *, nik: str) -> list[bytes]:
        """The signer's certificate chain (DER), the signer's own first."""

    def sign_digest(
        self, *, nik: str, passphrase: str, digest: bytes, digest_algorithm: str
    ) -> bytes:
        """The raw signature over a digest made with the signer's key."""


class HttpSigningService:
    """JSON over HTTPS, the shape of BSrE's API.

    POST ``{url}/sertifikat`` ``{"nik"}`` → ``{"sertifikat": [base64 DER, ...]}``;
    POST ``{url}/tanda-tangan`` ``{"nik", "passphrase", "digest", "algoritma"}`` →
    ``{"tanda_tangan": base64}``; an error answers ``{"pesan": "..."}`` with a 4xx status.
    """

    def __init__(self, url: str, timeout: float = 30):
        self.url, self.timeout = url.rstrip("/"), timeout

    def certificates(self, *, nik: str) -> list[bytes]:
        answer = self._post("sertifikat", {"nik": nik})
        return [base64.b64decode(item) for item in answer["sertifikat"]]

    def sign_digest(
        self, *, nik: str, passphrase: str, digest: bytes, digest_algorithm: str
    ) -> bytes:
        payload = {
            "nik": nik,
            "passphrase": passphrase,
            "digest": base64.b64encode(digest).decode(),
            "algoritma": digest_algorithm,
        }
        return base64.b64decode(self._post("tanda-tangan", payload)["tanda_tangan"])

    def _post(self, path: str, payload: dict) -> dict:
        request = urllib.request.Request(
            f"{self.url}/{path}",
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            message = _service_message(error)
            raise SigningError(f"Layanan tanda tangan menolak: {message}") from error
        except (urllib.error.URLError, TimeoutError) as error:
            raise SigningError("Layanan tanda tangan elektronik tidak dapat dihubungi.") from error


def _service_message(error: urllib.error.HTTPError) -> str:
    try:
        return str(json.load(error)["pesan"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {error.code}"


def remote_service() -> SigningService:
    if not settings.SIGNING_REMOTE_URL:
        raise SigningError("TERTIB_SIGNING_REMOTE_URL belum diisi.")
    return HttpSigningService(settings.SIGNING_REMOTE_URL)


def remote_signer(office, service: SigningService):
    """A pyHanko signer whose key stays at the service (``TERTIB_SIGNING_REMOTE_ACCOUNTS``)."""
    from asn1crypto import x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    entry = settings.SIGNING_REMOTE_ACCOUNTS.get(office.slug)
    if entry is None:
        raise SigningError(f"{office.name} belum punya akun tanda tangan elektronik.")
    nik, passphrase = entry["nik"], _secret(entry, "passphrase")
    chain = [x509.Certificate.load(der) for der in service.certificates(nik=nik)]

    class RemoteSigner(signers.Signer):
        async def async_sign_raw(self, data, digest_algorithm, dry_run=False) -> bytes:
            if dry_run:
                return bytes(1024)  # room for any RSA or ECDSA signature
            digest = hashlib.new(digest_algorithm, data).digest()
            return service.sign_digest(
                nik=nik, passphrase=passphrase, digest=digest, digest_algorithm=digest_algorithm
            )

    return RemoteSigner(
        signing_cert=chain[0], cert_registry=SimpleCertificateStore.from_certs(chain)
    )


def signature_status(pdf: bytes) -> dict:
    """The last signature of the PDF: valid (intact, trusted, covering), signer, signing time."""
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    unsigned = {"signed": False, "valid": False, "intact": False, "trusted": False}
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    except PdfReadError:
        return {**unsigned, "signer": "", "signed_at": None}
    if not signatures:
        return {**unsigned, "signer": "", "signed_at": None}
    context = ValidationContext(trust_roots=trust_roots(), allow_fetching=False)
    status = _outside_event_loop(lambda: validate_pdf_signature(signatures[-1], context))
    subject = status.signing_cert.subject.native
    return {
        "signed": True,
        "valid": status.bottom_line,
        "intact": status.intact and status.valid,
        "trusted": status.trusted,
        "signer": subject.get("common_name") or status.signing_cert.subject.human_friendly,
        "signed_at": status.signer_reported_dt,
    }


def stored_signature(name: str) -> dict | None:
    """signature_status of a file in the private storage, which every server shares; None when
    the file is missing. Worked out once per content and trust roots, then kept in the cache:
    checking a signature costs more than the rest of /verifikasi/."""
    try:
        pdf = storage.read(name)
    except OSError:
        return None
    roots = "\n".join(settings.SIGNING_TRUST_ROOTS).encode()
    key = "signature:" + hashlib.sha256(pdf + b"\0" + roots).hexdigest()
    status = cache.get(key)
    if status is None:
        status = signature_status(pdf)
        cache.set(key, status, SIGNATURE_STATUS_SECONDS)
    return status


SIGNATURE_STATUS_SECONDS = 60 * 60  # a certificate revoked or expired shows within the hour


def trust_roots() -> list:
    """The CA certificates (PEM or DER files, ``TERTIB_SIGNING_TRUST_ROOTS``) we trust."""
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder(settings.SIGNING_TRUST_ROOTS))
