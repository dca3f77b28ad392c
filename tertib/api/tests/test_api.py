"""The JSON API as an outside script uses it: a token, a request started, three officials finish
it, the issued sheet downloaded; and what it refuses."""

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from tertib.api.models import ApiToken, IdempotentRequest, digest
from tertib.api.tokens import create_token
from tertib.cases.models import Case
from tertib.cases.testing import pdf_text
from tertib.org.models import Desa
from tertib.org.testing import PASSWORD

# Files are written when a transaction commits: these tests read back what was issued.
pytestmark = pytest.mark.django_db(transaction=True)

NIK = "3319045203850002"
ALL = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]


@pytest.fixture
def api(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    undaan.tokens = {
        name: create_token(user=getattr(undaan, name), name="portal", scope="tulis", days=30)[1]
        for name in ("staf", "kasi", "camat", "outsider")
    }
    return undaan


def call(api, who: str, method: str, path: str, **kwargs):
    client = Client()
    headers = {"Authorization": f"Bearer {api.tokens[who]}", **kwargs.pop("headers", {})}
    return getattr(client, method)(f"/api/v1{path}", headers=headers, **kwargs)


def intake_data(**changes) -> dict:
    wates = Desa.objects.get(name="Wates").pk
    data = {
        "sop": "undaan-legalisasi-sktm",
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


def finish(api, who: str, code: str, **data):
    case = call(api, who, "get", f"/permohonan/{code}").json()
    body = {"record": case["record_terbuka"], **data}
    return call(
        api,
        who,
        "post",
        f"/permohonan/{code}/selesaikan",
        data=body,
        content_type="application/json",
    )


def test_a_script_takes_a_request_through_to_the_issued_sheet(api):
    started = call(api, "staf", "post", "/permohonan/", data=intake_data())
    assert started.status_code == 201, started.content
    code = started.json()["kode"]
    assert started.json()["langkah_sekarang"] == 2
    assert finish(api, "staf", code, keputusan="ya", ada=ALL).status_code == 200
    assert finish(api, "kasi", code).status_code == 200
    assert finish(api, "camat", code, password=PASSWORD).status_code == 200
    assert finish(api, "staf", code).status_code == 200
    done = finish(api, "staf", code, diserahkan_kepada="Sumarni Rahayu").json()
    assert (done["status"], done["status_label"]) == ("selesai", "Selesai")
    assert [s["hasil_label"] for s in done["langkah"]] == [
        "Selesai",
        "Ya",
        "Selesai",
        "Selesai",
        "Selesai",
        "Selesai",
    ]
    [sheet] = done["dokumen"]
    pdf = call(api, "staf", "get", f"/permohonan/{code}/dokumen/{sheet['kode_verifikasi']}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert hashlib.sha256(pdf.content).hexdigest() == Case.objects.get().documents.get().sha256
    assert "Camat Undaan" in pdf_text(pdf.content)
    public = Client().get(f"/api/v1/publik/verifikasi/{sheet['kode_verifikasi']}").json()
    assert (public["sah"], public["jenis"]) == (True, "Lembar legalisasi")


def test_bad_input_names_the_field_in_indonesian(api):
    response = call(api, "staf", "post", "/permohonan/", data=intake_data(nik="1234"))
    assert response.status_code == 400
    assert response.json() == {
        "detail": [{"field": "nik", "message": "NIK pemohon: harus 16 angka, tertulis 4."}]
    }
    assert Case.objects.count() == 0


def test_wrong_password_is_refused_and_the_step_stays(api):
    code = call(api, "staf", "post", "/permohonan/", data=intake_data()).json()["kode"]
    finish(api, "staf", code, keputusan="ya", ada=ALL)
    finish(api, "kasi", code)
    refused = finish(api, "camat", code, password="salah")
    assert refused.status_code == 400
    assert "Kata sandi: salah" in refused.json()["detail"][0]["message"]
    assert Case.objects.get().current_step == 4


def test_a_replayed_request_with_the_same_key_does_nothing_twice(api):
    headers = {"Idempotency-Key": "portal-7781"}
    first = call(api, "staf", "post", "/permohonan/", data=intake_data(), headers=headers)
    again = call(api, "staf", "post", "/permohonan/", data=intake_data(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json() and Case.objects.count() == 1
    code = first.json()["kode"]
    other = call(
        api,
        "staf",
        "post",
        f"/permohonan/{code}/batalkan",
        data={"alasan": "x"},
        content_type="application/json",
        headers=headers,
    )
    assert other.status_code == 422
    assert IdempotentRequest.objects.count() == 1


def test_read_only_token_cannot_write(api):
    _token, secret = create_token(user=api.staf, name="baca", scope="baca", days=1)
    api.tokens["reader"] = secret
    assert call(api, "reader", "get", "/sop/").status_code == 200
    refused = call(api, "reader", "post", "/permohonan/", data=intake_data())
    assert refused.status_code == 403 and Case.objects.count() == 0


def test_outsider_sees_no_case_of_another_office(api):
    code = call(api, "staf", "post", "/permohonan/", data=intake_data()).json()["kode"]
    assert call(api, "outsider", "get", f"/permohonan/{code}").status_code == 404
    body = {"alasan": "iseng"}
    assert (
        call(
            api,
            "outsider",
            "post",
            f"/permohonan/{code}/batalkan",
            data=body,
            content_type="application/json",
        ).status_code
        == 404
    )


def test_no_token_or_a_revoked_one_is_401(api, client):
    assert Client().get("/api/v1/sop/").status_code == 401
    token = ApiToken.objects.get(user=api.staf)
    client.force_login(api.staf)
    client.post(reverse("api_token_revoke", args=[token.pk]))
    assert call(api, "staf", "get", "/sop/").status_code == 401


def test_token_page_shows_the_secret_once_and_stores_only_its_hash(undaan, client):
    client.force_login(undaan.staf)
    page = client.post(reverse("api_tokens"), {"name": "Portal", "scope": "baca", "days": 30})
    secret = page.context["secret"]
    assert secret.startswith("trb_") and secret in page.content.decode()
    token = ApiToken.objects.get()
    assert token.key_hash == digest(secret) and secret not in str(token.__dict__)
    assert secret not in client.get(reverse("api_tokens")).content.decode()


def test_token_form_names_the_field(undaan, client):
    client.force_login(undaan.staf)
    page = client.post(reverse("api_tokens"), {"name": "", "scope": "baca", "days": 999})
    text = page.content.decode()
    assert "Nama token: wajib diisi." in text and "Berlaku (hari): paling lama 365." in text


def test_worklist_and_sops(api):
    call(api, "staf", "post", "/permohonan/", data=intake_data())
    work = call(api, "staf", "get", "/permohonan/daftar-kerja").json()
    assert (work["jumlah"], work["baris"][0]["langkah"]) == (1, 2)
    assert work["baris"][0]["perihal"] == "Su***** Ra****"
    sop = call(api, "staf", "get", "/sop/undaan-legalisasi-sktm").json()
    assert sop["definisi"]["langkah"][1]["jenis"] == "keputusan" and sop["versi_berlaku"] == 1


def test_public_tracking_is_masked_and_rate_limited(api, settings):
    code = call(api, "staf", "post", "/permohonan/", data=intake_data()).json()["kode"]
    anonymous = Client()
    track = anonymous.get(f"/api/v1/publik/lacak/{code}").json()
    assert track["pemohon"] == "Su***** Ra****" and "catatan" not in track
    limit = settings.PUBLIC_LOOKUPS_PER_MINUTE
    statuses = [
        anonymous.get("/api/v1/publik/lacak/TIDAK-ADA").status_code for _ in range(limit + 1)
    ]
    assert statuses[0] == 404 and statuses[-1] == 429


def test_the_sheet_downloaded_through_the_api_carries_a_valid_signature(api, settings, tmp_path):
    """Issue 17's script: the office signs with its certificate; the download validates."""
    from tertib.cases.tests.pki import make_ca, make_leaf, use_pkcs12, validate_independently

    root = make_ca("CA Uji Tertib")
    use_pkcs12(
        settings,
        tmp_path,
        slug=api.office.slug,
        root=root,
        leaf=make_leaf(root, "Camat Undaan"),
        passphrase="rahasia-p12",
    )
    code = call(api, "staf", "post", "/permohonan/", data=intake_data()).json()["kode"]
    finish(api, "staf", code, keputusan="ya", ada=ALL)
    finish(api, "kasi", code)
    finish(api, "camat", code, password=PASSWORD)
    [sheet] = finish(api, "staf", code).json()["dokumen"]
    pdf = call(api, "staf", "get", f"/permohonan/{code}/dokumen/{sheet['kode_verifikasi']}.pdf")
    assert validate_independently(pdf.content, root[1]).bottom_line is True
