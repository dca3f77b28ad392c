"""The step actions of the JSON API end to end: back to the applicant and resumed, rejected where
the SOP allows it, a signature without its password, refused scans, and the session's CSRF."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tertib.api.models import ApiToken
from tertib.api.tests import test_api_more as more
from tertib.api.tokens import create_token, revoke_token
from tertib.cases.engine import start_case
from tertib.cases.models import AuditEvent, Case, IssuedDocument, StepRecord

pytestmark = pytest.mark.django_db

api = more.api  # the fixture: Kecamatan Undaan's officials with read-write tokens
ALL, call, intake_data, post_json, started = (
    more.ALL,
    more.call,
    more.intake_data,
    more.post_json,
    more.started,
)


def open_record_id(api, code: str) -> int:
    return call(api, "staf", "get", f"/permohonan/{code}").json()["record_terbuka"]


def finish(api, who: str, code: str, **data):
    body = {"record": open_record_id(api, code), **data}
    return post_json(api, who, f"/permohonan/{code}/selesaikan", body)


def test_incomplete_papers_wait_for_the_applicant_then_resume(api):
    code = started(api)["kode"]

    back = finish(api, "staf", code, keputusan="tidak", catatan="Fotokopi KK belum ada", ada=[])
    waiting = call(api, "staf", "get", "/permohonan/daftar-kerja").json()
    resumed = post_json(api, "staf", f"/permohonan/{code}/lanjutkan", {"catatan": "KK dibawa"})
    again = post_json(api, "staf", f"/permohonan/{code}/lanjutkan", {"catatan": ""})

    assert back.status_code == 200, back.content
    assert (back.json()["status"], back.json()["record_terbuka"]) == ("menunggu_pemohon", None)
    assert waiting["jumlah"] == 0
    assert resumed.status_code == 200
    body = resumed.json()
    assert (body["status"], body["langkah_sekarang"], body["catatan"]) == (
        "berjalan",
        2,
        "KK dibawa",
    )
    assert body["record_terbuka"] is not None and body["langkah"][-1]["selesai"] is None
    assert again.status_code == 409
    assert again.json()["detail"] == [
        {"field": "record", "message": "Permohonan ini tidak sedang menunggu pemohon."}
    ]


def test_reject_where_the_sop_allows_it_closes_the_case(api):
    code = started(api)["kode"]

    response = post_json(
        api,
        "staf",
        f"/permohonan/{code}/tolak",
        {"record": open_record_id(api, code), "alasan": "SKTM bukan dari desa di Undaan"},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_label"], body["record_terbuka"]) == (
        "ditolak",
        "Ditolak",
        None,
    )
    assert body["langkah"][-1]["hasil"] == "ditolak"
    case = Case.objects.get(code=code)
    assert case.closed_at is not None
    assert AuditEvent.objects.filter(case=case, action="tolak").count() == 1
    public = Client().get(f"/api/v1/publik/lacak/{code}").json()
    assert public["status"] == "ditolak" and public["ditutup"] is not None


def test_reject_where_the_sop_does_not_allow_it_is_refused(api):
    case = start_case(
        sop_version=api.version, office=api.office, actor=api.staf, subject="Sumarni", intake={}
    )
    record = StepRecord.objects.get(case=case)

    response = post_json(
        api, "staf", f"/permohonan/{case.code}/tolak", {"record": record.pk, "alasan": "x"}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == [
        {
            "field": "",
            "message": "Permohonan tidak dapat ditolak pada langkah ini (SOP tidak mengaturnya).",
        }
    ]
    case.refresh_from_db()
    assert (case.state, case.current_step) == (Case.State.BERJALAN, 1)


def test_the_camat_cannot_sign_without_the_password(api):
    code = started(api)["kode"]
    finish(api, "staf", code, keputusan="ya", ada=ALL)
    finish(api, "kasi", code)

    refused = finish(api, "camat", code)

    assert refused.status_code == 400
    [problem] = refused.json()["detail"]
    assert problem["message"].startswith("Kata sandi")
    assert Case.objects.get(code=code).current_step == 4
    assert Case.objects.get(code=code).documents.count() == 0


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_and_nothing_is_kept(api):
    scan = SimpleUploadedFile("sktm.pdf", b"bukan pdf sama sekali", content_type="application/pdf")

    response = call(api, "staf", "post", "/permohonan/", data=intake_data(scan_sktm_asli=scan))

    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert "hanya PDF, JPEG atau PNG yang diterima" in problem["message"]
    assert Case.objects.count() == 0 and StepRecord.objects.count() == 0


def test_the_pages_session_must_send_the_csrf_token_to_write(api):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api.staf)

    read = browser.get("/api/v1/sop/")
    write = browser.post("/api/v1/permohonan/", data=intake_data())

    assert read.status_code == 200
    assert write.status_code == 403
    assert Case.objects.count() == 0


def test_the_pages_session_writes_with_its_csrf_token(api):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(api.staf)
    browser.get("/akun/token/")
    token = browser.cookies["csrftoken"].value

    response = browser.post(
        "/api/v1/permohonan/", data=intake_data(), headers={"X-CSRFToken": token}
    )

    assert response.status_code == 201, response.content
    assert Case.objects.get().opened_by == api.staf


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("selesaikan", {"keputusan": "ya", "ada": ALL}),
        ("lanjutkan", {"catatan": ""}),
        ("tolak", {"alasan": "x"}),
        ("batalkan", {"alasan": "x"}),
    ],
)
def test_a_read_only_token_changes_no_step(api, path, body):
    api.tokens["reader"] = create_token(user=api.staf, name="baca", scope="baca", days=1)[1]
    code = started(api)["kode"]
    before = list(StepRecord.objects.order_by("pk").values_list("pk", "completed_at"))

    response = post_json(
        api,
        "reader",
        f"/permohonan/{code}/{path}",
        {"record": open_record_id(api, code), **body},
    )

    assert response.status_code == 403
    assert response.json()["detail"] == [{"field": "", "message": "Token ini hanya untuk membaca."}]
    assert list(StepRecord.objects.order_by("pk").values_list("pk", "completed_at")) == before
    assert Case.objects.get(code=code).state == Case.State.BERJALAN


@pytest.mark.parametrize("halaman", ["0", "-3"])
def test_a_page_number_below_one_gives_a_page_not_an_error(api, halaman):
    started(api)

    work = call(api, "staf", "get", f"/permohonan/daftar-kerja?halaman={halaman}")

    assert work.status_code == 200
    assert (work.json()["halaman"], work.json()["jumlah"]) == (1, 1)


def test_the_staff_see_the_full_name_but_no_number_of_the_applicant(api):
    code = started(api)["kode"]

    case = call(api, "staf", "get", f"/permohonan/{code}")

    assert case.json()["pemohon"] == "Sumarni Rahayu"
    for secret in (more.NIK, "3319041503120007", "081234567890", "0001234567890"):
        assert secret not in case.content.decode()


def test_cancelling_through_the_api_revokes_the_document_publicly(api):
    case = more.open_case(api)
    IssuedDocument.objects.create(
        case=case, kind="lembar", code="SAH12345", issued_at=timezone.now(), path="a.pdf"
    )
    assert Client().get("/api/v1/publik/verifikasi/SAH12345").json()["sah"] is True

    post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "Salah ketik NIK"})

    public = Client().get("/api/v1/publik/verifikasi/SAH12345").json()
    assert (public["sah"], public["alasan_pencabutan"]) == (
        False,
        "Permohonan dibatalkan: Salah ketik NIK",
    )
    detail = call(api, "staf", "get", f"/permohonan/{case.code}").json()
    assert [d["dicabut"] for d in detail["dokumen"]] == [True]


def test_a_revoked_token_is_not_marked_as_used(api):
    token = ApiToken.objects.get(user=api.staf)
    revoke_token(user=api.staf, token_id=token.pk)

    assert call(api, "staf", "get", "/sop/").status_code == 401

    token.refresh_from_db()
    assert token.last_used_at is None


def not_a_pdf(content: bytes = b"bukan pdf sama sekali") -> SimpleUploadedFile:
    return SimpleUploadedFile("sktm.pdf", content, content_type="application/pdf")


def test_a_scan_sent_with_a_key_is_still_read_whole_by_the_form(api):
    key = {"Idempotency-Key": "scan-1"}

    response = call(
        api,
        "staf",
        "post",
        "/permohonan/",
        data=intake_data(scan_sktm_asli=not_a_pdf()),
        headers=key,
    )

    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert "hanya PDF, JPEG atau PNG yang diterima" in problem["message"]


def test_a_key_reused_with_another_scan_is_422(api):
    key = {"Idempotency-Key": "scan-2"}
    first = call(
        api,
        "staf",
        "post",
        "/permohonan/",
        data=intake_data(scan_sktm_asli=not_a_pdf()),
        headers=key,
    )

    again = call(
        api,
        "staf",
        "post",
        "/permohonan/",
        data=intake_data(scan_sktm_asli=not_a_pdf()),
        headers=key,
    )
    other = call(
        api,
        "staf",
        "post",
        "/permohonan/",
        data=intake_data(scan_sktm_asli=not_a_pdf(b"isi lain")),
        headers=key,
    )

    assert (first.status_code, again.status_code, other.status_code) == (400, 400, 422)
    assert again.json() == first.json()
    assert other.json()["detail"][0]["field"] == "Idempotency-Key"
    assert Case.objects.count() == 0
