"""A test PKI made in the tests: a root CA, certificates it issues, an office's PKCS#12 file."""

import datetime
import io
from concurrent.futures import ThreadPoolExecutor

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Pemkab Kudus (uji)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(subject, issuer, public_key, signing_key, *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    usage = dict.fromkeys(
        ["content_commitment", "key_encipherment", "data_encipherment", "key_agreement"], False
    )
    usage |= {"encipher_only": False, "decipher_only": False}
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                **(usage | {"content_commitment": not ca}),
                key_cert_sign=ca,
                crl_sign=ca,
            ),
            critical=True,
        )
    )
    return builder.sign(signing_key, hashes.SHA256())


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_ca(common_name: str):
    key = _key()
    name = _name(common_name)
    return key, _certificate(name, name, key.public_key(), key, ca=True)


def make_leaf(ca, common_name: str):
    ca_key, ca_cert = ca
    key = _key()
    cert = _certificate(_name(common_name), ca_cert.subject, key.public_key(), ca_key, ca=False)
    return key, cert


def validate_independently(pdf: bytes, root_cert) -> object:
    """pyHanko's validator itself, trusting only the given root.

    In a thread: after a browser test, Playwright's event loop runs in the test thread.
    """
    reader = PdfFileReader(io.BytesIO(pdf))
    [signature] = reader.embedded_signatures
    context = ValidationContext(trust_roots=[x509_to_asn1(root_cert)])
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(validate_pdf_signature, signature, context).result()


def x509_to_asn1(cert: x509.Certificate):
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def tampered(pdf: bytes) -> bytes:
    """One byte changed inside the first content stream, the rest (xref, signature) intact."""
    at = pdf.index(b"stream\n") + 20
    return pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]


def use_pkcs12(settings, tmp_path, *, slug: str, root, leaf, passphrase: str) -> None:
    """The office signs with a PKCS#12 file of leaf; /verifikasi/ trusts root."""
    key, cert = leaf
    data = pkcs12.serialize_key_and_certificates(
        b"tertib-uji",
        key,
        cert,
        [root[1]],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    (tmp_path / f"{slug}.p12").write_bytes(data)
    (tmp_path / "ca.pem").write_bytes(root[1].public_bytes(serialization.Encoding.PEM))
    settings.SIGNER = "pkcs12"
    settings.SIGNING_PKCS12 = {
        slug: {"path": str(tmp_path / f"{slug}.p12"), "passphrase": passphrase}
    }
    settings.SIGNING_TRUST_ROOTS = [str(tmp_path / "ca.pem")]
