"""More of the JSON API as a caller relies on it: tokens (hashed, expired, revoked, audited),
who may see and change what, idempotency keys, the error shape, the worklist's pages, the
public endpoints and the SOP version in force."""

import datetime
import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tertib.api.models import ApiToken, IdempotentRequest, digest
from tertib.api.tokens import ApiAction, create_token, revoke_token, token_for
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import AuditEvent, Case, IssuedDocument, StepRecord
from tertib.org.models import Desa
from tertib.reports.testing import EVERYTHING
from tertib.sop.loading import load_file
from tertib.sop.models import Sop

pytestmark = pytest.mark.django_db

NIK = "3319045203850002"
ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
SKTM = "undaan-legalisasi-sktm"
JSON = "application/json"


@pytest.fixture
def api(undaan):
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    undaan.tokens = {
        name: create_token(user=getattr(undaan, name), name="portal", scope="tulis", days=30)[1]
        for name in ("staf", "kasi", "camat", "outsider")
    }
    return undaan


def call(api, who: str, method: str, path: str, **kwargs):
    headers = {"Authorization": f"Bearer {api.tokens[who]}", **kwargs.pop("headers", {})}
    return getattr(Client(), method)(f"/api/v1{path}", headers=headers, **kwargs)


def post_json(api, who: str, path: str, body: dict, **kwargs):
    return call(api, who, "post", path, data=body, content_type=JSON, **kwargs)


def intake_data(**changes) -> dict:
    wates = Desa.objects.get(name="Wates").pk
    data = {
        "sop": SKTM,
        "nama": "Sumarni Rahayu",
        "nik": NIK,
        "kk": "3319041503120007",
        "alamat": "RT 02 RW 01",
        "desa": wates,
        "telepon": "081234567890",
        "nomor_jkn": "0001234567890",
        "nomor_sktm": "400.7.22/015/2026",
        "tanggal_sktm": "2026-11-16",
        "desa_sktm": wates,
        **{f"ada_{kode}": "on" for kode in ALL},
    }
    return {**data, **changes}


def started(api, **changes) -> dict:
    response = call(api, "staf", "post", "/permohonan/", data=intake_data(**changes))
    assert response.status_code == 201, response.content
    return response.json()


def open_case(api, subject: str = "Sumarni Rahayu") -> Case:
    """A case opened through the engine, at step 2 waiting for the staf (quicker than the API)."""
    case = start_case(
        sop_version=api.version, office=api.office, actor=api.staf, subject=subject, intake={}
    )
    record = open_record(case)
    return complete_step(
        case=case, record_id=record.pk, actor=api.staf, decision="lanjut", note="", given=EVERYTHING
    )


# Tokens -----------------------------------------------------------------------------------


def test_create_token_stores_only_the_hash_the_hint_and_the_expiry(undaan):
    before = timezone.now()

    token, secret = create_token(user=undaan.staf, name="Portal desa", scope="baca", days=7)

    token.refresh_from_db()
    assert secret.startswith("trb_") and len(secret) > 40
    assert token.key_hash == digest(secret) and len(token.key_hash) == 64
    assert token.hint == secret[-6:] and secret not in token.key_hash
    assert before + datetime.timedelta(days=7) <= token.expires_at
    assert token.expires_at <= timezone.now() + datetime.timedelta(days=7)
    assert (token.scope, token.revoked_at, token.last_used_at) == ("baca", None, None)


def test_two_tokens_never_share_a_secret(undaan):
    first = create_token(user=undaan.staf, name="a", scope="baca", days=1)[1]
    second = create_token(user=undaan.staf, name="a", scope="baca", days=1)[1]

    assert first != second
    assert ApiToken.objects.values("key_hash").distinct().count() == 2


def test_making_a_token_writes_its_audit_event_without_the_secret(undaan):
    token, secret = create_token(user=undaan.staf, name="Portal", scope="tulis", days=30)

    event = AuditEvent.objects.get(action=ApiAction.TOKEN_DIBUAT)
    assert event.actor == undaan.staf and event.case is None
    assert event.payload == {"token": token.pk, "nama": "Portal", "cakupan": "tulis", "hari": 30}
    assert secret not in json.dumps(event.payload)


def test_revoking_twice_records_one_event_and_keeps_the_first_time(undaan):
    token, _secret = create_token(user=undaan.staf, name="Portal", scope="baca", days=30)

    first = revoke_token(user=undaan.staf, token_id=token.pk).revoked_at
    second = revoke_token(user=undaan.staf, token_id=token.pk).revoked_at

    assert first is not None and first == second
    assert AuditEvent.objects.filter(action=ApiAction.TOKEN_DICABUT).count() == 1


def test_revoke_token_refuses_someone_elses_token(undaan):
    token, _secret = create_token(user=undaan.staf, name="Portal", scope="baca", days=30)

    with pytest.raises(ApiToken.DoesNotExist):
        revoke_token(user=undaan.outsider, token_id=token.pk)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_expired_token_is_401(api):
    ApiToken.objects.filter(user=api.staf).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert call(api, "staf", "get", "/sop/").status_code == 401
    assert call(api, "kasi", "get", "/sop/").status_code == 200


def test_a_token_of_a_deactivated_user_is_401(api):
    api.staf.is_active = False
    api.staf.save()

    assert call(api, "staf", "get", "/sop/").status_code == 401


@pytest.mark.parametrize(
    "secret",
    ["", "trb_", "trb_tidak-ada", "xyz_abc", "trb_" + "a" * 200],
)
def test_an_unknown_or_malformed_token_is_401(api, secret):
    response = Client().get("/api/v1/sop/", headers={"Authorization": f"Bearer {secret}"})

    assert response.status_code == 401


def test_the_hash_itself_is_not_a_token(api):
    stored = ApiToken.objects.get(user=api.staf).key_hash

    assert token_for(stored) is None
    assert token_for("trb_" + stored) is None


def test_using_a_token_marks_when_it_was_last_used(api):
    assert ApiToken.objects.get(user=api.staf).last_used_at is None

    call(api, "staf", "get", "/sop/")

    assert ApiToken.objects.get(user=api.staf).last_used_at is not None
    assert ApiToken.objects.get(user=api.kasi).last_used_at is None


def test_the_token_page_needs_a_login(client):
    response = client.get(reverse("api_tokens"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('api_tokens')}"


def test_the_token_page_lists_only_my_tokens(undaan, client):
    create_token(user=undaan.staf, name="Milik Siti", scope="baca", days=5)
    create_token(user=undaan.kasi, name="Milik Budi", scope="baca", days=5)
    client.force_login(undaan.staf)

    page = client.get(reverse("api_tokens"))

    assert [t.name for t in page.context["tokens"]] == ["Milik Siti"]
    assert "Milik Budi" not in page.content.decode()


def test_revoking_another_users_token_through_the_page_changes_nothing(undaan, client):
    token, secret = create_token(user=undaan.kasi, name="Milik Budi", scope="baca", days=5)
    client.force_login(undaan.staf)

    client.post(reverse("api_token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert token.revoked_at is None and token_for(secret) == token


def test_revoking_needs_a_post(undaan, client):
    token, secret = create_token(user=undaan.staf, name="Portal", scope="baca", days=5)
    client.force_login(undaan.staf)

    assert client.get(reverse("api_token_revoke", args=[token.pk])).status_code == 405
    assert token_for(secret) is not None


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("0", "Berlaku (hari): paling sedikit 1."),
        ("366", "Berlaku (hari): paling lama 365."),
        ("satu", "Berlaku (hari): tulis bilangan bulat."),
        ("", "Berlaku (hari): wajib diisi."),
    ],
)
def test_token_days_are_checked_and_nothing_is_made(undaan, client, days, message):
    client.force_login(undaan.staf)

    page = client.post(reverse("api_tokens"), {"name": "Portal", "scope": "baca", "days": days})

    assert message in page.content.decode()
    assert page.context["secret"] is None and ApiToken.objects.count() == 0


def test_a_token_with_an_unknown_scope_is_not_made(undaan, client):
    client.force_login(undaan.staf)

    page = client.post(reverse("api_tokens"), {"name": "Portal", "scope": "admin", "days": 5})

    assert page.context["form"].errors["scope"]
    assert ApiToken.objects.count() == 0


def test_the_session_of_a_logged_in_user_also_reads_the_api(undaan, client):
    client.force_login(undaan.staf)

    assert client.get("/api/v1/sop/").status_code == 200


# Who may see and change what ---------------------------------------------------------------


def test_outsider_cannot_start_a_request_of_another_office(api):
    response = call(api, "outsider", "post", "/permohonan/", data=intake_data())

    assert response.status_code == 404
    assert response.json() == {
        "detail": [{"field": "sop", "message": f"SOP '{SKTM}' tidak dapat dimulai oleh Anda."}]
    }
    assert Case.objects.count() == 0


def test_an_unknown_sop_cannot_be_started(api):
    response = call(api, "staf", "post", "/permohonan/", data=intake_data(sop="tidak-ada"))

    assert response.status_code == 404
    assert response.json()["detail"][0]["field"] == "sop"
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("selesaikan", {"record": 1, "keputusan": "ya"}),
        ("lanjutkan", {"catatan": "kembali"}),
        ("tolak", {"record": 1, "alasan": "iseng"}),
    ],
)
def test_outsider_cannot_act_on_a_case_of_another_office(api, path, body):
    case = open_case(api)
    body = {**body, "record": StepRecord.objects.get(completed_at__isnull=True).pk}

    response = post_json(api, "outsider", f"/permohonan/{case.code}/{path}", body)

    assert response.status_code == 404
    assert response.json() == {"detail": [{"field": "", "message": "Tidak ditemukan."}]}
    case.refresh_from_db()
    assert (case.state, case.current_step) == (Case.State.BERJALAN, 2)


def test_outsider_worklist_is_empty(api):
    open_case(api)

    work = call(api, "outsider", "get", "/permohonan/daftar-kerja").json()

    assert (work["jumlah"], work["baris"], work["terlambat"]) == (0, [], 0)


def test_outsider_cannot_download_a_document_of_another_office(api):
    case = open_case(api)
    IssuedDocument.objects.create(
        case=case, kind="lembar", code="ABCD1234", issued_at=timezone.now(), path="x.pdf"
    )

    response = call(api, "outsider", "get", f"/permohonan/{case.code}/dokumen/ABCD1234.pdf")

    assert response.status_code == 404


def test_a_document_code_of_another_case_is_not_found_under_this_one(api):
    mine, other = open_case(api), open_case(api, subject="Lain")
    IssuedDocument.objects.create(
        case=other, kind="lembar", code="ABCD1234", issued_at=timezone.now(), path="x.pdf"
    )

    response = call(api, "staf", "get", f"/permohonan/{mine.code}/dokumen/ABCD1234.pdf")

    assert response.status_code == 404


def test_a_colleague_of_the_office_sees_the_case_but_cannot_do_anothers_step(api):
    case = open_case(api)
    record = StepRecord.objects.get(completed_at__isnull=True)

    seen = call(api, "kasi", "get", f"/permohonan/{case.code}")
    refused = post_json(
        api,
        "kasi",
        f"/permohonan/{case.code}/selesaikan",
        {"record": record.pk, "keputusan": "ya", "ada": ALL},
    )

    assert seen.status_code == 200 and seen.json()["record_terbuka"] == record.pk
    assert refused.status_code == 403
    assert refused.json()["detail"] == [
        {
            "field": "",
            "message": "Anda tidak memegang jabatan pelaksana langkah ini pada tanggal ini.",
        }
    ]
    record.refresh_from_db()
    assert record.completed_at is None


def test_the_worklist_follows_the_position(api):
    case = open_case(api)

    staf = call(api, "staf", "get", "/permohonan/daftar-kerja").json()
    kasi = call(api, "kasi", "get", "/permohonan/daftar-kerja").json()

    assert [row["kode"] for row in staf["baris"]] == [case.code]
    assert kasi["jumlah"] == 0
    record = StepRecord.objects.get(completed_at__isnull=True)
    post_json(
        api,
        "staf",
        f"/permohonan/{case.code}/selesaikan",
        {"record": record.pk, "keputusan": "ya", "ada": ALL},
    )
    kasi = call(api, "kasi", "get", "/permohonan/daftar-kerja").json()
    assert [(row["kode"], row["langkah"]) for row in kasi["baris"]] == [(case.code, 3)]
    assert call(api, "staf", "get", "/permohonan/daftar-kerja").json()["jumlah"] == 0


# Steps through the API ---------------------------------------------------------------------


def test_a_stale_record_is_409_and_changes_nothing(api):
    case = open_case(api)
    record = StepRecord.objects.get(completed_at__isnull=True)

    response = post_json(
        api,
        "staf",
        f"/permohonan/{case.code}/selesaikan",
        {"record": record.pk + 1000, "keputusan": "ya", "ada": ALL},
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": [{"field": "record", "message": "Langkah ini sudah diproses."}]
    }
    case.refresh_from_db()
    assert case.current_step == 2


def test_a_decision_left_out_names_the_field(api):
    case = open_case(api)
    record = StepRecord.objects.get(completed_at__isnull=True)

    response = post_json(
        api, "staf", f"/permohonan/{case.code}/selesaikan", {"record": record.pk, "ada": ALL}
    )

    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert problem["field"] == "keputusan"
    assert problem["message"].endswith(": pilih Ya atau Tidak.")
    record.refresh_from_db()
    assert record.completed_at is None


def test_cancel_without_a_reason_is_refused_in_indonesian(api):
    case = open_case(api)

    response = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "   "})

    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"field": "", "message": "Alasan pembatalan wajib diisi."}]
    }
    case.refresh_from_db()
    assert case.state == Case.State.BERJALAN


def test_cancel_closes_the_case_and_a_second_cancel_is_409(api):
    case = open_case(api)

    done = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "Tidak jadi"})
    again = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "Lagi"})

    assert done.status_code == 200
    assert (done.json()["status"], done.json()["record_terbuka"]) == ("dibatalkan", None)
    assert [s["hasil"] for s in done.json()["langkah"]][-1] == "dibatalkan"
    assert again.status_code == 409
    assert again.json()["detail"][0]["message"] == "Permohonan ini sudah ditutup."


def test_reject_without_a_reason_is_refused(api):
    case = open_case(api)
    record = StepRecord.objects.get(completed_at__isnull=True)

    response = post_json(
        api, "staf", f"/permohonan/{case.code}/tolak", {"record": record.pk, "alasan": ""}
    )

    assert response.status_code == 400
    assert response.json()["detail"] == [{"field": "", "message": "Alasan penolakan wajib diisi."}]
    case.refresh_from_db()
    assert case.state == Case.State.BERJALAN


def test_the_case_answer_gives_each_step_with_its_times(api):
    body = started(api)

    case = call(api, "staf", "get", f"/permohonan/{body['kode']}").json()

    assert (case["sop"], case["versi"], case["kantor"]) == (SKTM, 1, api.office.name)
    assert case["pemohon"] == "Sumarni Rahayu"
    [first, second] = case["langkah"]
    assert (first["langkah"], first["hasil_label"], first["selesai"] is not None) == (
        1,
        "Selesai",
        True,
    )
    assert (second["langkah"], second["selesai"], second["hasil_label"]) == (2, None, "Berjalan")
    assert second["record"] == case["record_terbuka"]
    assert second["pelaksana"] == "staf" and second["pelaksana_nama"]
    assert second["mutu_baku_menit"] > 0 and second["terlambat"] is False


def test_a_missing_intake_field_names_it_and_writes_nothing(api):
    data = intake_data()
    del data["nama"]

    response = call(api, "staf", "post", "/permohonan/", data=data)

    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"field": "nama", "message": "Nama pemohon: wajib diisi."}]
    }
    assert Case.objects.count() == 0 and StepRecord.objects.count() == 0


def test_a_json_body_missing_a_field_answers_in_the_documented_shape(api):
    case = open_case(api)

    response = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {})

    assert response.status_code == 400
    [problem] = response.json()["detail"]
    assert problem["field"] == "alasan" and "wajib" in problem["message"]


def test_a_json_body_failing_the_schema_names_every_field_in_indonesian(api):
    case = open_case(api)

    response = post_json(api, "staf", f"/permohonan/{case.code}/tolak", {"alasan": 3})

    assert response.status_code == 400
    assert response.json() == {
        "detail": [
            {"field": "record", "message": "record: wajib diisi."},
            {"field": "alasan", "message": "alasan: harus berupa teks."},
        ]
    }
    case.refresh_from_db()
    assert case.state == Case.State.BERJALAN


def test_a_json_field_of_the_wrong_type_says_what_it_must_be(api):
    case = open_case(api)

    response = post_json(
        api, "staf", f"/permohonan/{case.code}/selesaikan", {"record": "satu", "keputusan": "x"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"field": "record", "message": "record: harus berupa bilangan bulat."}]
    }


def test_a_query_parameter_of_the_wrong_type_answers_in_the_documented_shape(api):
    response = call(api, "staf", "get", "/permohonan/daftar-kerja?halaman=dua")

    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"field": "halaman", "message": "halaman: harus berupa bilangan bulat."}]
    }


def test_a_json_list_instead_of_an_object_names_what_is_missing(api):
    case = open_case(api)

    response = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", [1])

    assert response.status_code == 400
    assert response.json() == {"detail": [{"field": "alasan", "message": "alasan: wajib diisi."}]}


# Idempotency --------------------------------------------------------------------------------


def test_the_same_key_and_body_answer_the_same_and_act_once(api):
    case = open_case(api)
    key = {"Idempotency-Key": "batal-1"}

    first = post_json(
        api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "x"}, headers=key
    )
    again = post_json(
        api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "x"}, headers=key
    )

    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert AuditEvent.objects.filter(case=case, action="batalkan").count() == 1
    assert IdempotentRequest.objects.get().status == 200


def test_without_a_key_a_repeat_is_done_again(api):
    case = open_case(api)

    post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "x"})
    again = post_json(api, "staf", f"/permohonan/{case.code}/batalkan", {"alasan": "x"})

    assert again.status_code == 409
    assert IdempotentRequest.objects.count() == 0


def test_a_key_is_per_user(api):
    mine, other = open_case(api), open_case(api, subject="Lain")
    key = {"Idempotency-Key": "sama"}

    first = post_json(
        api, "staf", f"/permohonan/{mine.code}/batalkan", {"alasan": "x"}, headers=key
    )
    second = post_json(
        api, "kasi", f"/permohonan/{other.code}/batalkan", {"alasan": "y"}, headers=key
    )

    # The kasi is not the pelaksana of step 1, so the engine refuses; the staf's answer is not
    # handed to the kasi.
    assert first.status_code == 200
    assert second.status_code == 403
    other.refresh_from_db()
    assert other.state == Case.State.BERJALAN
    assert IdempotentRequest.objects.filter(key="sama").count() == 2


def test_a_key_reused_on_another_path_is_422_and_does_nothing(api):
    mine, other = open_case(api), open_case(api, subject="Lain")
    key = {"Idempotency-Key": "k-1"}
    post_json(api, "staf", f"/permohonan/{mine.code}/batalkan", {"alasan": "x"}, headers=key)

    reused = post_json(
        api, "staf", f"/permohonan/{other.code}/batalkan", {"alasan": "x"}, headers=key
    )

    assert reused.status_code == 422
    assert reused.json() == {
        "detail": [
            {
                "field": "Idempotency-Key",
                "message": "Kunci ini sudah dipakai untuk permintaan lain.",
            }
        ]
    }
    other.refresh_from_db()
    assert other.state == Case.State.BERJALAN


def test_a_key_reused_with_another_body_is_422(api):
    key = {"Idempotency-Key": "intake-1"}
    first = call(api, "staf", "post", "/permohonan/", data=intake_data(), headers=key)

    other = call(
        api,
        "staf",
        "post",
        "/permohonan/",
        data=intake_data(nama="Parmi Lestari", nik="3319045203850009"),
        headers=key,
    )

    assert first.status_code == 201
    assert other.status_code == 422
    assert Case.objects.count() == 1


def test_a_key_reused_with_another_json_body_is_422_and_does_nothing(api):
    case = open_case(api)
    key = {"Idempotency-Key": "batal-2"}
    path = f"/permohonan/{case.code}/batalkan"
    post_json(api, "staf", path, {"alasan": "x"}, headers=key)

    reused = post_json(api, "staf", path, {"alasan": "lain"}, headers=key)

    assert reused.status_code == 422
    assert reused.json() == {
        "detail": [
            {
                "field": "Idempotency-Key",
                "message": "Kunci ini sudah dipakai untuk permintaan lain.",
            }
        ]
    }
    assert AuditEvent.objects.filter(case=case, action="batalkan").count() == 1
    assert IdempotentRequest.objects.get().body["catatan"] == "x"


def test_a_json_retry_with_other_spacing_and_key_order_is_the_same_request(api):
    case = open_case(api)
    key = {"Idempotency-Key": "resume-1"}
    path = f"/api/v1/permohonan/{case.code}/batalkan"
    headers = {"Authorization": f"Bearer {api.tokens['staf']}", **key}
    first = Client().post(path, '{"alasan": "x", "b": 1}', content_type=JSON, headers=headers)

    again = Client().post(path, '{ "b":1,"alasan":"x" }', content_type=JSON, headers=headers)

    assert (first.status_code, again.status_code) == (200, 200)
    assert first.json() == again.json()
    assert AuditEvent.objects.filter(case=case, action="batalkan").count() == 1


def test_a_multipart_retry_with_the_same_fields_replays_the_first_answer(api):
    key = {"Idempotency-Key": "intake-2"}
    first = call(api, "staf", "post", "/permohonan/", data=intake_data(), headers=key)

    again = call(api, "staf", "post", "/permohonan/", data=intake_data(), headers=key)

    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Case.objects.count() == 1


def test_a_read_only_token_with_a_key_stores_nothing(api):
    _token, secret = create_token(user=api.staf, name="baca", scope="baca", days=1)
    api.tokens["reader"] = secret
    case = open_case(api)

    refused = post_json(
        api,
        "reader",
        f"/permohonan/{case.code}/batalkan",
        {"alasan": "x"},
        headers={"Idempotency-Key": "r-1"},
    )

    assert refused.status_code == 403
    assert refused.json() == {
        "detail": [{"field": "", "message": "Token ini hanya untuk membaca."}]
    }
    assert IdempotentRequest.objects.count() == 0
    case.refresh_from_db()
    assert case.state == Case.State.BERJALAN


# Worklist pages -----------------------------------------------------------------------------


def test_the_worklist_comes_in_pages_of_25_most_urgent_first(api):
    cases = [open_case(api, subject=f"Pemohon {n}") for n in range(27)]
    now = timezone.now()
    for n, case in enumerate(cases):  # the first case made is the most overdue, the last not
        StepRecord.objects.filter(case=case, completed_at__isnull=True).update(
            due_at=now + datetime.timedelta(hours=n - 25)
        )

    first = call(api, "staf", "get", "/permohonan/daftar-kerja").json()
    second = call(api, "staf", "get", "/permohonan/daftar-kerja?halaman=2").json()

    assert (first["halaman"], first["jumlah_halaman"], first["jumlah"]) == (1, 2, 27)
    assert len(first["baris"]) == 25 and len(second["baris"]) == 2
    codes = [row["kode"] for row in first["baris"] + second["baris"]]
    assert codes == [case.code for case in cases]
    assert first["terlambat"] == 26
    assert [row["terlambat"] for row in second["baris"]] == [True, False]


def test_a_page_past_the_end_gives_the_last_page(api):
    open_case(api)

    work = call(api, "staf", "get", "/permohonan/daftar-kerja?halaman=9").json()

    assert (work["halaman"], work["jumlah_halaman"], len(work["baris"])) == (1, 1, 1)


def test_the_worklist_masks_the_applicant_and_names_the_activity(api):
    open_case(api, subject="Sumarni Rahayu")

    [row] = call(api, "staf", "get", "/permohonan/daftar-kerja").json()["baris"]

    assert row["perihal"] == "Su***** Ra****"
    assert row["langkah"] == 2 and row["kegiatan"]


# Public endpoints ---------------------------------------------------------------------------


def test_public_tracking_accepts_lower_case_and_shows_no_personal_data(api):
    body = started(api)

    response = Client().get(f"/api/v1/publik/lacak/{body['kode'].lower()}")

    assert response.status_code == 200
    track = response.json()
    assert set(track) == {
        "kode",
        "layanan",
        "kantor",
        "status",
        "status_label",
        "pemohon",
        "diterima",
        "ditutup",
    }
    assert (track["kode"], track["pemohon"], track["ditutup"]) == (
        body["kode"],
        "Su***** Ra****",
        None,
    )
    text = response.content.decode()
    assert NIK not in text and "Sumarni" not in text and "081234567890" not in text


def test_public_tracking_of_an_unknown_code_names_it(api):
    response = Client().get("/api/v1/publik/lacak/und-0000")

    assert response.status_code == 404
    assert response.json() == {
        "detail": [{"field": "code", "message": "Kode lacak und-0000 tidak ditemukan."}]
    }


def test_public_verification_of_a_valid_and_a_revoked_document(api):
    case = open_case(api)
    issued = timezone.now()
    IssuedDocument.objects.create(
        case=case, kind="lembar", code="SAH12345", issued_at=issued, path="a.pdf", sha256="ab" * 32
    )
    IssuedDocument.objects.create(
        case=open_case(api, subject="Lain"),
        kind="lembar",
        code="BATAL123",
        issued_at=issued,
        path="b.pdf",
        revoked_at=issued,
        revoked_reason="Salah nama",
    )

    valid = Client().get("/api/v1/publik/verifikasi/sah12345").json()
    revoked = Client().get("/api/v1/publik/verifikasi/BATAL123").json()

    assert (valid["sah"], valid["dicabut"], valid["sha256"]) == (True, None, "ab" * 32)
    assert valid["kantor"] == api.office.name
    assert (revoked["sah"], revoked["alasan_pencabutan"]) == (False, "Salah nama")
    assert revoked["dicabut"] is not None
    assert "Sumarni" not in json.dumps(valid)


def test_public_verification_of_an_unknown_code_names_it(api):
    response = Client().get("/api/v1/publik/verifikasi/TIDAKADA")

    assert response.status_code == 404
    assert response.json()["detail"] == [
        {"field": "code", "message": "Kode verifikasi TIDAKADA tidak ditemukan."}
    ]


def test_public_limits_count_per_address_and_per_endpoint(api, settings):
    settings.PUBLIC_LOOKUPS_PER_MINUTE = 2
    here, there = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")

    statuses = [here.get("/api/v1/publik/lacak/X").status_code for _ in range(3)]

    assert statuses == [404, 404, 429]
    assert (
        here.get("/api/v1/publik/lacak/X")
        .json()["detail"][0]["message"]
        .startswith("Terlalu banyak permintaan dari alamat Anda.")
    )
    assert there.get("/api/v1/publik/lacak/X").status_code == 404
    assert here.get("/api/v1/publik/verifikasi/X").status_code == 404


def test_the_public_endpoints_need_no_token_but_the_rest_do(api):
    anonymous = Client()

    assert anonymous.get("/api/v1/publik/lacak/X").status_code == 404
    assert anonymous.get("/api/v1/permohonan/daftar-kerja").status_code == 401
    assert anonymous.post("/api/v1/permohonan/", data=intake_data()).status_code == 401
    assert Case.objects.count() == 0


# SOPs: the version in force -----------------------------------------------------------------


@pytest.fixture
def second_version(api, tmp_path):
    """Version 2 of the SKTM SOP, renamed, loaded from a copy of the file."""
    source = Path(django_settings.SOP_DIR) / "kecamatan-undaan" / "legalisasi-sktm.yaml"
    folder = tmp_path / "sops" / "kecamatan-undaan"
    folder.mkdir(parents=True)
    shutil.copy(source.parent.parent / "logo-kabupaten-kudus.svg", folder.parent)
    text = source.read_text(encoding="utf-8").replace(
        "nama: Legalisasi SKTM untuk permohonan pengalihan KIS",
        "nama: Legalisasi SKTM (revisi)",
    )
    path = folder / "legalisasi-sktm.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    assert loaded.version is not None and loaded.version.number == 2, loaded.problems
    return loaded.version


def test_the_sop_list_gives_the_version_in_force(api, second_version):
    sops = {row["kode"]: row for row in call(api, "staf", "get", "/sop/").json()}

    assert sops[SKTM]["versi_berlaku"] == 2
    assert sops[SKTM]["nama"] == "Legalisasi SKTM (revisi)"
    assert sops[SKTM]["boleh_dimulai"] is True
    assert sops[SKTM]["kantor"]


def test_the_sop_detail_gives_the_current_or_the_asked_version(api, second_version):
    current = call(api, "staf", "get", f"/sop/{SKTM}").json()
    old = call(api, "staf", "get", f"/sop/{SKTM}?versi=1").json()

    assert current["definisi"]["nama"] == "Legalisasi SKTM (revisi)"
    assert old["definisi"]["nama"] == "Legalisasi SKTM untuk permohonan pengalihan KIS"
    assert old["versi_berlaku"] == 2
    assert [v["number"] for v in current["versi"]] == [2, 1]
    assert current["versi"][0]["content_hash"] != current["versi"][1]["content_hash"]


def test_a_new_request_takes_the_version_in_force(api, second_version):
    body = started(api)

    assert body["versi"] == 2
    assert Case.objects.get().sop_version == second_version


@pytest.mark.parametrize("path", [f"/sop/{SKTM}?versi=9", "/sop/tidak-ada"])
def test_an_unknown_sop_or_version_is_404(api, path):
    response = call(api, "staf", "get", path)

    assert response.status_code == 404
    assert response.json() == {"detail": [{"field": "", "message": "Tidak ditemukan."}]}


def test_an_sop_without_a_version_is_not_listed(api):
    Sop.objects.create(kode="kosong", office_slug=api.office.slug)

    kodes = [row["kode"] for row in call(api, "staf", "get", "/sop/").json()]

    assert SKTM in kodes and "kosong" not in kodes
    assert call(api, "staf", "get", "/sop/kosong").status_code == 404


def future(version) -> None:
    """As the SOP studio approves a version whose tanggal efektif is still to come."""
    version.effective_from = timezone.localdate() + datetime.timedelta(days=30)
    version.save(update_fields=["effective_from"])


def test_a_request_takes_the_version_in_force_not_one_to_come(api, second_version):
    future(second_version)

    body = started(api)

    assert body["versi"] == 1


def test_the_sop_list_gives_the_version_in_force_not_one_to_come(api, second_version):
    future(second_version)

    sops = {row["kode"]: row for row in call(api, "staf", "get", "/sop/").json()}

    assert sops[SKTM]["versi_berlaku"] == 1
    assert sops[SKTM]["nama"] == "Legalisasi SKTM untuk permohonan pengalihan KIS"


def test_the_sop_detail_gives_the_version_in_force_not_one_to_come(api, second_version):
    future(second_version)

    sop = call(api, "staf", "get", f"/sop/{SKTM}").json()

    assert sop["versi_berlaku"] == 1
    assert sop["definisi"]["nama"] == "Legalisasi SKTM untuk permohonan pengalihan KIS"
    assert [v["number"] for v in sop["versi"]] == [2, 1]


def test_a_version_to_come_can_still_be_read_by_its_number(api, second_version):
    future(second_version)

    sop = call(api, "staf", "get", f"/sop/{SKTM}?versi=2").json()

    assert sop["versi_berlaku"] == 1
    assert sop["definisi"]["nama"] == "Legalisasi SKTM (revisi)"


def test_a_version_comes_in_force_on_its_effective_date(api, second_version):
    second_version.effective_from = timezone.localdate()
    second_version.save(update_fields=["effective_from"])

    sops = {row["kode"]: row for row in call(api, "staf", "get", "/sop/").json()}

    assert sops[SKTM]["versi_berlaku"] == 2
