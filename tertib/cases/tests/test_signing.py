"""PAdES signatures on issued PDFs: local PKCS#12, a remote BSrE-shaped service, /verifikasi/."""

import base64
import datetime
import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils
from django.urls import reverse

from tertib.cases.signing import SigningError, sign_pdf, signature_status
from tertib.cases.tests.pki import make_ca, make_leaf, tampered, use_pkcs12, validate_independently
from tertib.cases.tests.samples import tiny_pdf
from tertib.org.models import Office

# Files are written when a transaction commits: these tests read back what was issued.
pytestmark = pytest.mark.django_db(transaction=True)

UNDAAN = Office(slug="kecamatan-undaan", name="Kecamatan Undaan", city="Kudus")
PASSPHRASE = "rahasia-p12"
NIK_CAMAT = "3319041007730001"
PDF = tiny_pdf()


@pytest.fixture(scope="module")
def root():
    return make_ca("CA Uji Tertib")


@pytest.fixture(scope="module")
def camat(root):
    return make_leaf(root, "Camat Undaan")


@pytest.fixture
def trusted(root, tmp_path, settings):
    """The test CA is the one /verifikasi/ trusts."""
    path = tmp_path / "ca.pem"
    path.write_bytes(root[1].public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUST_ROOTS = [str(path)]
    return path


@pytest.fixture
def office_p12(root, camat, tmp_path, settings, trusted):
    """Kecamatan Undaan signs with its own PKCS#12 file."""
    use_pkcs12(settings, tmp_path, slug=UNDAAN.slug, root=root, leaf=camat, passphrase=PASSPHRASE)
    return tmp_path / f"{UNDAAN.slug}.p12"


# No signer.


def test_no_signer_returns_the_pdf_unchanged(settings):
    settings.SIGNER = "none"
    assert sign_pdf(PDF, office=UNDAAN) is PDF


def test_unknown_signer_is_refused(settings):
    settings.SIGNER = "hsm"
    with pytest.raises(SigningError, match="TERTIB_SIGNER 'hsm' tidak dikenal"):
        sign_pdf(PDF, office=UNDAAN)


def test_unsigned_pdf_reports_no_signature(trusted):
    assert signature_status(PDF) == {
        "signed": False,
        "valid": False,
        "intact": False,
        "trusted": False,
        "signer": "",
        "signed_at": None,
    }


def test_garbage_reports_no_signature(trusted):
    assert signature_status(b"bukan pdf")["signed"] is False


# Local PKCS#12.


def test_pkcs12_signature_validates_against_the_test_ca(office_p12, root):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    signed = sign_pdf(PDF, office=UNDAAN)
    status = signature_status(signed)
    assert signed.startswith(PDF)  # an incremental update: the printed page (and its QR) stays
    assert status["signed"] and status["valid"] and status["intact"] and status["trusted"]
    assert status["signer"] == "Camat Undaan"
    assert before <= status["signed_at"] <= datetime.datetime.now(datetime.UTC)
    independent = validate_independently(signed, root[1])
    assert independent.bottom_line is True
    assert independent.signing_cert.subject.native["common_name"] == "Camat Undaan"
    assert "/ETSI.CAdES.detached" in signed.decode("latin-1")


def test_tampered_pdf_fails(office_p12, root):
    signed = tampered(sign_pdf(PDF, office=UNDAAN))
    status = signature_status(signed)
    assert status["signed"] is True
    assert status["valid"] is False and status["intact"] is False
    assert validate_independently(signed, root[1]).bottom_line is False


def test_signature_from_another_ca_is_not_trusted(office_p12, tmp_path, settings):
    other = tmp_path / "lain.pem"
    other.write_bytes(make_ca("CA Lain")[1].public_bytes(serialization.Encoding.PEM))
    settings.SIGNING_TRUST_ROOTS = [str(other)]
    status = signature_status(sign_pdf(PDF, office=UNDAAN))
    assert status["intact"] is True
    assert status["trusted"] is False and status["valid"] is False


def test_pkcs12_passphrase_from_the_environment(office_p12, settings, monkeypatch):
    monkeypatch.setenv("TERTIB_P12_UNDAAN", PASSPHRASE)
    settings.SIGNING_PKCS12 = {
        UNDAAN.slug: {"path": str(office_p12), "passphrase_env": "TERTIB_P12_UNDAAN"}
    }
    assert signature_status(sign_pdf(PDF, office=UNDAAN))["valid"] is True


def test_pkcs12_wrong_passphrase_is_a_clear_error(office_p12, settings):
    settings.SIGNING_PKCS12 = {UNDAAN.slug: {"path": str(office_p12), "passphrase": "salah"}}
    with pytest.raises(
        SigningError, match="^Sertifikat Kecamatan Undaan atau passphrase-nya salah"
    ):
        sign_pdf(PDF, office=UNDAAN)


def test_pkcs12_missing_file_or_office_is_a_clear_error(office_p12, settings, tmp_path):
    settings.SIGNING_PKCS12 = {UNDAAN.slug: {"path": str(tmp_path / "tidak-ada.p12")}}
    with pytest.raises(SigningError, match="^Sertifikat Kecamatan Undaan tidak terbaca"):
        sign_pdf(PDF, office=UNDAAN)
    settings.SIGNING_PKCS12 = {}
    with pytest.raises(SigningError, match="^Kecamatan Undaan belum punya sertifikat PKCS#12"):
        sign_pdf(PDF, office=UNDAAN)


# A remote signing service shaped like BSrE's: a fake of it, over real HTTP on this machine.


class FakeTte:
    """Holds the signer's key; answers certificate and digest-signing requests."""

    def __init__(self, leaf, root_cert, passphrase: str):
        self.key, self.cert = leaf
        self.chain = [self.cert, root_cert]
        self.passphrase = passphrase
        self.requests: list[tuple[str, dict]] = []

    def answer(self, path: str, body: dict) -> tuple[int, dict]:
        self.requests.append((path, body))
        if body.get("nik") != NIK_CAMAT:
            return 404, {"pesan": "NIK tidak terdaftar"}
        if path == "/tte/sertifikat":
            der = [c.public_bytes(serialization.Encoding.DER) for c in self.chain]
            return 200, {"sertifikat": [base64.b64encode(d).decode() for d in der]}
        if body["passphrase"] != self.passphrase:
            return 401, {"pesan": "Passphrase salah"}
        digest = base64.b64decode(body["digest"])
        signature = self.key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        return 200, {"tanda_tangan": base64.b64encode(signature).decode()}


@pytest.fixture
def tte(root, camat, settings, trusted):
    service = FakeTte(camat, root[1], "rahasia-tte")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, answer = service.answer(self.path, body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SIGNER = "remote"
    settings.SIGNING_REMOTE_URL = f"http://127.0.0.1:{server.server_port}/tte/"
    settings.SIGNING_REMOTE_ACCOUNTS = {
        UNDAAN.slug: {"nik": NIK_CAMAT, "passphrase": "rahasia-tte"}
    }
    yield service
    server.shutdown()
    server.server_close()


def test_remote_service_signs_the_digest_and_the_signature_validates(tte, root):
    signed = sign_pdf(PDF, office=UNDAAN)
    status = signature_status(signed)
    assert status["valid"] is True and status["signer"] == "Camat Undaan"
    assert validate_independently(signed, root[1]).bottom_line is True
    [(certificates, asked), (signing, sent)] = tte.requests
    assert (certificates, asked) == ("/tte/sertifikat", {"nik": NIK_CAMAT})
    assert signing == "/tte/tanda-tangan"
    assert sent["nik"] == NIK_CAMAT and sent["passphrase"] == "rahasia-tte"
    assert sent["algoritma"] == "sha256"
    assert len(base64.b64decode(sent["digest"])) == hashlib.sha256().digest_size  # not the file


def test_remote_wrong_passphrase_is_the_services_message(tte, settings):
    settings.SIGNING_REMOTE_ACCOUNTS = {UNDAAN.slug: {"nik": NIK_CAMAT, "passphrase": "keliru"}}
    with pytest.raises(SigningError, match="^Layanan tanda tangan menolak: Passphrase salah$"):
        sign_pdf(PDF, office=UNDAAN)


def test_remote_passphrase_from_the_environment(tte, settings, monkeypatch):
    monkeypatch.setenv("TERTIB_TTE_UNDAAN", "rahasia-tte")
    settings.SIGNING_REMOTE_ACCOUNTS = {
        UNDAAN.slug: {"nik": NIK_CAMAT, "passphrase_env": "TERTIB_TTE_UNDAAN"}
    }
    assert signature_status(sign_pdf(PDF, office=UNDAAN))["valid"] is True


def test_remote_unknown_account_or_service_down_is_a_clear_error(tte, settings):
    settings.SIGNING_REMOTE_ACCOUNTS = {UNDAAN.slug: {"nik": "3319000000000000"}}
    with pytest.raises(SigningError, match="^Layanan tanda tangan menolak: NIK tidak terdaftar$"):
        sign_pdf(PDF, office=UNDAAN)
    settings.SIGNING_REMOTE_ACCOUNTS = {}
    with pytest.raises(SigningError, match="^Kecamatan Undaan belum punya akun tanda tangan"):
        sign_pdf(PDF, office=UNDAAN)
    settings.SIGNING_REMOTE_ACCOUNTS = {UNDAAN.slug: {"nik": NIK_CAMAT}}
    settings.SIGNING_REMOTE_URL = "http://127.0.0.1:9/tte"
    with pytest.raises(SigningError, match="^Layanan tanda tangan elektronik tidak dapat"):
        sign_pdf(PDF, office=UNDAAN)
    settings.SIGNING_REMOTE_URL = ""
    with pytest.raises(SigningError, match="^TERTIB_SIGNING_REMOTE_URL belum diisi"):
        sign_pdf(PDF, office=UNDAAN)


# Issued documents: signed before hashing, checked on /verifikasi/.


def issue_sktm(undaan):
    from tertib.cases.actions import StepInput
    from tertib.cases.engine import complete_step, open_record, start_case
    from tertib.cases.models import IssuedDocument
    from tertib.org.testing import PASSWORD

    checklist = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
    case = start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
    )
    steps = [(undaan.staf, "lanjut"), (undaan.staf, "ya"), (undaan.kasi, "lanjut")]
    for actor, decision in [*steps, (undaan.camat, "lanjut"), (undaan.staf, "lanjut")]:
        case = complete_step(
            case=case,
            record_id=open_record(case).pk,
            actor=actor,
            decision=decision,
            given=StepInput(checklist=checklist, password=PASSWORD),
        )
    return IssuedDocument.objects.get()


@pytest.fixture
def issued(undaan, office_p12, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    settings.PUBLIC_BASE_URL = "http://tertib.test"
    settings.SIGNING_PKCS12 = {
        undaan.office.slug: {"path": str(office_p12), "passphrase": PASSPHRASE}
    }
    return issue_sktm(undaan)


def test_issued_legalisation_is_signed_before_hashing_and_keeps_its_qr(issued, root):
    from tertib.cases.documents import stored_pdf
    from tertib.cases.testing import qr_texts

    pdf = stored_pdf(issued)
    assert hashlib.sha256(pdf).hexdigest() == issued.sha256
    assert validate_independently(pdf, root[1]).bottom_line is True
    assert qr_texts(pdf) == [f"http://tertib.test/verifikasi/{issued.code}/"]


def test_verification_page_reports_signature_validity_signer_and_time(issued, client):
    html = client.get(reverse("public:verify", args=[issued.code])).content.decode()
    signed_at = signature_status(Path(_stored_path(issued)).read_bytes())["signed_at"]
    assert "<strong>SAH</strong> — ditandatangani oleh Camat Undaan pada " in html
    assert f"{signed_at.astimezone(datetime.timezone(datetime.timedelta(hours=7))):%H.%M} WIB" in (
        html
    )
    assert issued.sha256 in html


def test_verification_page_says_a_changed_file_is_not_valid(issued, client):
    path = Path(_stored_path(issued))
    path.write_bytes(tampered(path.read_bytes()))
    html = client.get(reverse("public:verify", args=[issued.code])).content.decode()
    assert "<strong>TIDAK SAH</strong> — berkas telah diubah sesudah ditandatangani." in html


def test_verification_page_of_an_unsigned_document(undaan, settings, tmp_path, client):
    settings.PRIVATE_DIR, settings.SIGNER = tmp_path / "private", "none"
    document = issue_sktm(undaan)
    html = client.get(reverse("public:verify", args=[document.code])).content.decode()
    assert "Tidak ada; keasliannya ditunjukkan oleh kode QR dan catatan di halaman ini." in html
    _stored_path(document).unlink()
    html = client.get(reverse("public:verify", args=[document.code])).content.decode()
    assert "Berkas tidak tersedia untuk diperiksa." in html


def _stored_path(document) -> Path:
    from django.conf import settings

    return Path(settings.PRIVATE_DIR) / document.path


def test_a_failing_signature_refuses_the_step_and_says_why(undaan, office_p12, settings, client):
    from tertib.cases.engine import open_record
    from tertib.cases.models import Case, IssuedDocument

    settings.SIGNING_PKCS12 = {}  # the office has no certificate
    with pytest.raises(SigningError):
        issue_sktm(undaan)
    case = Case.objects.get()
    assert (case.current_step, case.state, IssuedDocument.objects.count()) == (5, "berjalan", 0)
    client.force_login(undaan.staf)
    page = client.post(
        reverse("cases:complete", args=[case.code]), {"record": open_record(case).pk}, follow=True
    )
    assert "Kecamatan Undaan belum punya sertifikat PKCS#12 untuk tanda tangan." in (
        page.content.decode()
    )
    assert Case.objects.get().current_step == 5


def test_signing_and_checking_work_under_a_running_event_loop(office_p12):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside_a_loop():
        return signature_status(sign_pdf(PDF, office=UNDAAN))

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own: the test's may have one
        status = pool.submit(asyncio.run, inside_a_loop()).result()

    assert status["valid"] is True


def test_a_file_that_is_not_a_pdf_is_a_clear_error(office_p12):
    with pytest.raises(SigningError, match="^PDF tidak dapat ditandatangani: "):
        sign_pdf(b"%PDF-1.7 rusak", office=UNDAAN)
