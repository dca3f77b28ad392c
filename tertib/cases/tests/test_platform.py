"""A third office adopts Tertib from data alone: its SOP decides completeness at step 1, passes
through a paraf chain, and registers at the last step; its office keeps WITA time."""

import datetime as dt
import zoneinfo
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tertib.cases.models import Case, IssuedDocument, Outcome, Register
from tertib.cases.testing import pdf_text
from tertib.org.models import TimeZone
from tertib.org.testing import PASSWORD, assign, make_office, make_user
from tertib.sop.loading import load_file

EXAMPLE = Path(settings.BASE_DIR) / "docs/examples/sops/kecamatan-mejobo/legalisasi-sktm.yaml"
POSITIONS = {
    "petugas_loket": "Petugas Loket",
    "kasi_kesra": "Kasi Kesra",
    "sekcam": "Sekretaris Camat",
    "camat": "Camat Mejobo",
}
NIK = "3319045203850002"
WITA = zoneinfo.ZoneInfo("Asia/Makassar")


@pytest.fixture
def mejobo(db, client, tmp_path, settings):
    settings.PRIVATE_DIR = tmp_path / "private"
    office = make_office(slug="kecamatan-mejobo", name="Kecamatan Mejobo", positions=POSITIONS)
    office.timezone, office.city = TimeZone.WITA, "Mejobo"
    office.save(update_fields=["timezone", "city"])
    Register.objects.create(office=office, kode="legalisasi-sktm", name="Register Legalisasi")
    people = {kode: make_user(kode) for kode in POSITIONS}
    for kode, user in people.items():
        assign(user, office, kode)
    loaded = load_file(EXAMPLE)
    assert loaded.problems == [], loaded.problems
    return office, people


def post(client, user, name, code, **data):
    client.force_login(user)
    return client.post(reverse(f"cases:{name}", args=[code]), data, follow=True)


def step(client, user, **data):
    case = Case.objects.get()
    record = case.records.filter(completed_at__isnull=True).get()
    return post(client, user, "complete", case.code, record=record.pk, **data)


def intake(client, user, **data):
    client.force_login(user)
    fields = {"nama": "Sumarni Rahayu", "nik": NIK, "alamat": "RT 1", "nomor_sktm": "12/2026"}
    url = reverse("cases:new", args=["mejobo-legalisasi-sktm"])
    return client.post(url, {**fields, **data})


def test_intake_form_asks_the_step_one_decision(mejobo, client):
    _office, people = mejobo
    client.force_login(people["petugas_loket"])
    page = client.get(reverse("cases:new", args=["mejobo-legalisasi-sktm"])).content.decode()
    assert "Langkah 1: Menerima dan memeriksa kelengkapan berkas permohonan" in page
    assert "Berkas lengkap?" in page and "Tidak — kembalikan ke pemohon" in page


def test_intake_without_a_decision_names_the_question_and_keeps_what_was_typed(mejobo, client):
    _office, people = mejobo
    response = intake(client, people["petugas_loket"], ada_sktm_asli="on")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Berkas lengkap?: pilih Ya atau Tidak." in page
    assert 'value="Sumarni Rahayu"' in page and Case.objects.count() == 0


def test_complete_answer_with_a_missing_paper_is_refused_and_nothing_is_stored(mejobo, client):
    _office, people = mejobo
    response = intake(client, people["petugas_loket"], keputusan="ya", ada_sktm_asli="on")
    assert "Persyaratan: belum lengkap (Fotokopi KTP-el, Fotokopi KK)." in response.content.decode()
    assert Case.objects.count() == 0


def test_a_third_office_runs_its_sop_from_intake_return_and_resume_to_the_end(mejobo, client):
    office, people = mejobo
    # Step 1 decides at the counter: incomplete, back to the applicant with the slip.
    response = intake(client, people["petugas_loket"], keputusan="tidak", ada_sktm_asli="on")
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])
    assert (case.state, case.current_step) == (Case.State.MENUNGGU_PEMOHON, 1)
    assert case.note == "Persyaratan kurang: Fotokopi KTP-el, Fotokopi KK"
    slip = pdf_text(client.get(reverse("cases:return_slip", args=[case.code])).content)
    assert "Fotokopi KTP-el" in slip and "Fotokopi KK" in slip
    receipt = pdf_text(client.get(reverse("cases:receipt", args=[case.code])).content)
    opened = timezone.localtime(case.opened_at, WITA)
    assert f"{opened:%H:%M} WITA" in receipt and "WIB" not in receipt
    # The applicant comes back; the counter resumes and decides again, now complete.
    post(client, people["petugas_loket"], "resume", case.code, catatan="KTP dan KK dibawa")
    everything = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk"]
    step(client, people["petugas_loket"], keputusan="ya", ada=everything)
    # The paraf chain: the Kasi, then the Sekcam.
    page = client.get(reverse("cases:detail", args=[case.code]))
    client.force_login(people["kasi_kesra"])
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert ">Paraf</button>" in page and "tahap 1 dari 2" in page
    step(client, people["kasi_kesra"])
    step(client, people["sekcam"])
    # The Camat signs with his password; the counter registers and hands over.
    page = step(client, people["camat"], password="salah").content.decode()
    assert "Kata sandi: salah" in page
    step(client, people["camat"], password=PASSWORD)
    step(client, people["petugas_loket"], diserahkan_kepada="Sumarni Rahayu")
    case.refresh_from_db()
    assert case.state == Case.State.SELESAI
    assert case.register_number == f"0001/{timezone.localtime(case.closed_at, WITA).year}"
    taken = [(r.step_no, r.stage, r.pelaksana, r.outcome) for r in case.records.order_by("pk")]
    assert taken == [
        (1, 0, "petugas_loket", Outcome.TIDAK),
        (1, 0, "petugas_loket", Outcome.YA),
        (2, 0, "kasi_kesra", Outcome.LANJUT),
        (2, 1, "sekcam", Outcome.LANJUT),
        (3, 0, "camat", Outcome.LANJUT),
        (4, 0, "petugas_loket", Outcome.LANJUT),
    ]
    sheet = IssuedDocument.objects.get(case=case)
    assert sheet.signer_title == "Camat Mejobo" and sheet.number == case.register_number
    assert office.tz_label == "WITA"


def test_office_time_follows_the_office_zone(mejobo, client):
    office, people = mejobo
    intake(
        client,
        people["petugas_loket"],
        keputusan="ya",
        ada=[],
        ada_sktm_asli="on",
        ada_fotokopi_ktp="on",
        ada_fotokopi_kk="on",
    )
    case = Case.objects.get()
    record = case.records.get(completed_at__isnull=True)
    # Office hours are read on the office's own clock: the due time is in WITA working hours.
    due = timezone.localtime(record.due_at, WITA)
    assert dt.time(7, 30) <= due.time() <= dt.time(16, 30)


def test_reject_is_offered_only_where_the_sop_allows_it(mejobo, client):
    _office, people = mejobo
    intake(
        client,
        people["petugas_loket"],
        keputusan="ya",
        ada_sktm_asli="on",
        ada_fotokopi_ktp="on",
        ada_fotokopi_kk="on",
    )
    case = Case.objects.get()
    client.force_login(people["kasi_kesra"])
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Tolak permohonan" in page
    step(client, people["kasi_kesra"])
    step(client, people["sekcam"])
    step(client, people["camat"], password=PASSWORD)
    client.force_login(people["petugas_loket"])
    page = client.get(reverse("cases:detail", args=[case.code])).content.decode()
    assert "Tolak permohonan" not in page
    record = case.records.get(completed_at__isnull=True)
    response = post(
        client, people["petugas_loket"], "reject", case.code, record=record.pk, alasan="coba"
    )
    assert "tidak dapat ditolak pada langkah ini" in response.content.decode()
    case.refresh_from_db()
    assert case.state == Case.State.BERJALAN


def test_a_newcomer_onboards_the_example_office_and_sop_from_files_alone(
    db, client, tmp_path, settings
):
    """The README's walk: org_load the example kecamatan, sop_load its SOP, take a request in."""
    from django.core.management import call_command

    settings.PRIVATE_DIR = tmp_path / "private"
    call_command(
        "org_load", str(EXAMPLE.parents[2] / "kecamatan-contoh.yaml"), "--sandi-awal", PASSWORD
    )
    call_command("sop_load", str(EXAMPLE))
    assert client.login(username="loket.mejobo", password=PASSWORD)
    url = reverse("cases:new", args=["mejobo-legalisasi-sktm"])
    fields = {"nama": "Sumarni Rahayu", "nik": NIK, "alamat": "RT 1", "nomor_sktm": "12/2026"}
    response = client.post(url, {**fields, "keputusan": "tidak", "ada_sktm_asli": "on"})
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.code])
    assert case.state == Case.State.MENUNGGU_PEMOHON and case.office.slug == "kecamatan-mejobo"
