"""Issued documents are revoked when their case is rejected or cancelled, or by *Cabut dokumen*;
`/verifikasi/` then says DICABUT with the date and the reason; the register keeps the entry."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from conftest import SKTM
from tertib.cases.actions import StepInput
from tertib.cases.auditcheck import verify
from tertib.cases.documents import latest_signing, signing_record
from tertib.cases.engine import (
    EngineError,
    NotPermitted,
    Stale,
    cancel_case,
    complete_step,
    open_record,
    reject_case,
    start_case,
)
from tertib.cases.models import AuditAction, Case, IssuedDocument, RegisterEntry
from tertib.cases.revocation import may_revoke, may_revoke_as, revoke_document
from tertib.org.testing import PASSWORD, assign, make_user
from tertib.sop.loading import load_file

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
EVERYTHING = StepInput(
    checklist=["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"],
    password=PASSWORD,
    recipient="Pemohon",
)


@pytest.fixture
def issued(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return undaan


def at(hour: int, minute: int = 0, day: int = 23) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


def through_step_5(u, version=None) -> Case:
    """An SKTM case legalised by the Camat and registered: its sheet is issued, step 6 waits."""
    case = start_case(
        sop_version=version or u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        at=at(8),
    )
    for actor, decision, hour in [
        (u.staf, "lanjut", 9),
        (u.staf, "ya", 10),
        (u.kasi, "lanjut", 11),
        (u.camat, "lanjut", 13),
        (u.staf, "lanjut", 14),
    ]:
        record = open_record(case)
        case = complete_step(
            case=case,
            record_id=record.pk,
            actor=actor,
            decision=decision,
            given=EVERYTHING,
            at=at(hour),
        )
    return case


def verdict(client, document: IssuedDocument) -> str:
    html = client.get(reverse("public:verify", args=[document.code])).content.decode()
    return html.split('<p class="verdict ', 1)[1].split("</p>", 1)[0]


def test_issued_sheet_verifies_as_valid(issued, client):
    document = through_step_5(issued).documents.get()
    assert "SAH" in verdict(client, document)
    assert verify()[0] == []


def test_cancel_after_issue_revokes_the_sheet_and_marks_the_register(issued, client):
    case = through_step_5(issued)
    cancel_case(case=case, actor=issued.staf, reason="Pemohon meninggal dunia", at=at(15))
    document = case.documents.get()
    entry = RegisterEntry.objects.get(case=case)
    assert (document.revoked_at, document.revoked_reason) == (
        at(15),
        "Permohonan dibatalkan: Pemohon meninggal dunia",
    )
    assert (entry.revoked_at, entry.revoked_reason, entry.number) == (
        at(15),
        "Permohonan dibatalkan: Pemohon meninggal dunia",
        1,
    )
    assert verdict(client, document) == (
        'revoked">\n  DICABUT pada 23 November 2026: '
        "Permohonan dibatalkan: Pemohon meninggal dunia\n"
    )
    event = case.events.get(action=AuditAction.BATALKAN)
    assert [d["revoked_reason"] for d in event.payload["dokumen"]] == [document.revoked_reason]
    assert [e["id"] for e in event.payload["register"]] == [entry.pk]
    assert verify()[0] == []


def test_reject_after_issue_revokes_the_sheet(issued, client, write_sop):
    text = SKTM.read_text(encoding="utf-8").replace(
        '"6": {serah_terima: true}', '"6": {serah_terima: true, tolak: true}'
    )
    version = load_file(write_sop(text)).version
    case = through_step_5(issued, version=version)
    reject_case(
        case=case,
        record_id=open_record(case).pk,
        actor=issued.staf,
        reason="SKTM palsu",
        at=at(15),
    )
    document = case.documents.get()
    assert document.revoked_reason == "Permohonan ditolak: SKTM palsu"
    assert "DICABUT pada 23 November 2026: Permohonan ditolak: SKTM palsu" in verdict(
        client, document
    )
    assert RegisterEntry.objects.get(case=case).revoked_at == at(15)
    assert verify()[0] == []


def test_reject_or_cancel_without_documents_revokes_nothing(issued):
    case = start_case(
        sop_version=issued.version,
        office=issued.office,
        actor=issued.staf,
        subject="Warsini",
        intake={},
        at=at(8),
    )
    cancel_case(case=case, actor=issued.staf, reason="Tidak jadi", at=at(9))
    event = case.events.get(action=AuditAction.BATALKAN)
    assert set(event.payload) == {"langkah", "tahap", "pelaksana", "catatan", "alasan"}


def finished_case(u) -> Case:
    case = through_step_5(u)
    record = open_record(case)
    return complete_step(case=case, record_id=record.pk, actor=u.staf, given=EVERYTHING, at=at(15))


def test_signing_official_revokes_with_a_reason(issued, client):
    case = finished_case(issued)
    document = case.documents.get()
    revoke_document(
        document=document,
        actor=issued.camat,
        reason="Data penghasilan tidak benar",
        at=at(9, day=24),
    )
    document.refresh_from_db()
    assert (document.revoked_at, document.revoked_reason) == (
        at(9, day=24),
        "Data penghasilan tidak benar",
    )
    assert "DICABUT pada 24 November 2026: Data penghasilan tidak benar" in verdict(
        client, document
    )
    entry = RegisterEntry.objects.get(case=case)
    assert entry.revoked_reason == "Data penghasilan tidak benar"
    event = case.events.order_by("seq").last()
    assert (event.action, event.actor, event.payload["alasan"]) == (
        "cabut",
        issued.camat,
        "Data penghasilan tidak benar",
    )
    assert verify()[0] == []


def test_acting_official_of_the_position_may_revoke_others_may_not(issued):
    case = finished_case(issued)
    document = case.documents.get()
    with pytest.raises(NotPermitted, match="Hanya pejabat yang menandatangani"):
        revoke_document(document=document, actor=issued.kasi, reason="x", at=at(9, day=24))
    with pytest.raises(NotPermitted):
        revoke_document(document=document, actor=issued.outsider, reason="x", at=at(9, day=24))
    plh = make_user("sekcam", full_name="Sri Lestari")
    assign(plh, issued.office, "camat", kind="plh")
    revoke_document(document=document, actor=plh, reason="Salah cetak", at=at(9, day=24))
    with pytest.raises(Stale, match="sudah dicabut"):
        revoke_document(document=document, actor=plh, reason="lagi", at=at(10, day=24))


@pytest.mark.parametrize(
    ("reason", "message"),
    [("  ", "Alasan pencabutan: wajib diisi."), ("x" * 1001, "paling banyak 1000 karakter")],
)
def test_revocation_needs_a_short_reason(issued, reason, message):
    document = finished_case(issued).documents.get()
    with pytest.raises(EngineError, match=message):
        revoke_document(document=document, actor=issued.camat, reason=reason)
    document.refresh_from_db()
    assert document.revoked_at is None


def test_cabut_dokumen_through_the_case_page(issued, client):
    case = finished_case(issued)
    document = case.documents.get()
    url = reverse("cases:detail", args=[case.code])
    client.force_login(issued.staf)
    assert "Cabut dokumen" not in client.get(url).content.decode()
    revoke_url = reverse("cases:revoke", args=[case.code])
    data = {"dokumen": document.pk, "alasan": "Dokumen palsu"}
    assert client.post(revoke_url, data).status_code == 404
    client.force_login(issued.camat)
    assert "Cabut dokumen" in client.get(url).content.decode()
    response = client.post(revoke_url, {"dokumen": document.pk, "alasan": ""}, follow=True)
    assert "Alasan pencabutan: wajib diisi." in response.content.decode()
    response = client.post(revoke_url, data, follow=True)
    assert "Lembar legalisasi dicabut." in response.content.decode()
    assert "Cabut dokumen" not in response.content.decode()
    document.refresh_from_db()
    assert document.revoked_reason == "Dokumen palsu"
    assert RegisterEntry.objects.filter(case=case).count() == 1


def test_register_book_keeps_the_revoked_entry_and_says_so(issued, client):
    import io

    from openpyxl import load_workbook

    case = through_step_5(issued)
    cancel_case(case=case, actor=issued.staf, reason="Pemohon pindah", at=at(15))
    client.force_login(issued.staf)
    args = [issued.office.slug, "legalisasi-sktm"]
    html = client.get(reverse("registers:book", args=args), {"tahun": 2026}).content.decode()
    assert "DICABUT 23 November 2026: Permohonan dibatalkan: Pemohon pindah" in html
    xlsx = client.get(reverse("registers:xlsx", args=args), {"tahun": 2026}).content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.values)
    assert rows[1][-1] == "Dicabut"
    assert rows[2][-1] == "23 November 2026: Permohonan dibatalkan: Pemohon pindah"


def test_case_page_offers_cabut_dokumen_exactly_to_whom_revocation_allows(issued, client):
    case = finished_case(issued)
    plh = make_user("sekcam", full_name="Sri Lestari")
    assign(plh, issued.office, "camat", kind="plh")
    url = reverse("cases:detail", args=[case.code])
    offered = {}
    for person in [issued.staf, issued.kasi, issued.camat, plh]:
        client.force_login(person)
        offered[person.username] = "Cabut dokumen" in client.get(url).content.decode()
    allowed = {
        person.username: may_revoke(person, case, timezone.localdate())
        for person in [issued.staf, issued.kasi, issued.camat, plh]
    }
    assert offered == allowed == {"staf": False, "kasi": False, "camat": True, "sekcam": True}


def test_latest_signing_over_read_records_is_the_signing_record(issued):
    case = finished_case(issued)
    records = list(case.records.order_by("-pk"))  # any order: the latest is by pk
    signing = latest_signing(case.sop_version.definition, records)
    assert signing == signing_record(case)
    assert (signing.step_no, signing.completed_by) == (4, issued.camat)


def test_latest_signing_of_a_case_not_yet_signed_is_none(issued):
    case = start_case(
        sop_version=issued.version,
        office=issued.office,
        actor=issued.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        at=at(8),
    )
    assert latest_signing(case.sop_version.definition, list(case.records.all())) is None
    assert may_revoke_as(issued.camat, None, {"camat"}) is False


def test_may_revoke_as_signer_or_holder_of_the_signing_position(issued):
    signing = signing_record(finished_case(issued))
    assert may_revoke_as(issued.camat, signing, set()) is True  # signed it, moved on since
    assert may_revoke_as(issued.kasi, signing, {"kasi_kesra"}) is False
    assert may_revoke_as(issued.kasi, signing, {"kasi_kesra", "camat"}) is True
    assert may_revoke_as(AnonymousUser(), signing, {"camat"}) is False
