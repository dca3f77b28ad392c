"""Issued documents are rendered after the step commits, outside every lock, and only once; a
crash in between is recovered; the hash chain covers the stored file; the signer's password is
checked before the step's transaction opens."""

import datetime as dt
import hashlib
import io

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import timezone

from tertib.cases import issuing, storage
from tertib.cases.actions import ActionError, StepInput, prove_password
from tertib.cases.auditcheck import verify, verify_files
from tertib.cases.engine import complete_step, open_record, start_case
from tertib.cases.models import AuditAction, Case, IssuedDocument, Register, RegisterCounter
from tertib.cases.revocation import revoke_document
from tertib.org.testing import PASSWORD
from tertib.services.sktm import documents as sktm_documents

CHECKLIST = ["sktm_asli", "fotokopi_ktp", "fotokopi_kk", "kartu_jkn", "surat_pernyataan"]
EVERYTHING = StepInput(checklist=CHECKLIST, password=PASSWORD, recipient="Pemohon")


@pytest.fixture
def private(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    return undaan


@pytest.fixture
def renders(monkeypatch):
    """Each rendering of a legalisation sheet, with what the renderer's connection held then:
    the real renderer still runs."""
    seen: list[dict] = []
    real = sktm_documents.render_pdf

    def watched(template, context):
        seen.append({"atomic": connection.in_atomic_block, "locked": locked_rows(context)})
        return real(template, context)

    monkeypatch.setattr(sktm_documents, "render_pdf", watched)
    return seen


def locked_rows(context: dict) -> list[str]:
    """On PostgreSQL, the rows a second connection cannot lock at once (NOWAIT): the register
    counters and the case being rendered. Meaningful in transactional tests, where the rows
    are committed for the second connection to see."""
    if connection.vendor != "postgresql":
        return []
    rows = [("cases_case", context["case"].pk)]
    rows += [
        ("cases_registercounter", pk) for pk in RegisterCounter.objects.values_list("pk", flat=True)
    ]
    other = connections.create_connection("default")
    locked = []
    try:
        with other.cursor() as cursor:
            for table, pk in rows:
                cursor.execute("BEGIN")
                try:
                    cursor.execute(f"SELECT id FROM {table} WHERE id = %s FOR UPDATE NOWAIT", [pk])
                except OperationalError:
                    locked.append(table)
                cursor.execute("ROLLBACK")
    finally:
        other.close()
    return locked


def at(hour: int, day: int = 23) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


def counter_committed(u) -> RegisterCounter:
    """This year's counter row, committed before the step, so that a second connection sees
    it (a row the step itself inserts is invisible to others, locked or not)."""
    register = Register.objects.get(office=u.office)
    return RegisterCounter.objects.create(register=register, year=2026, last_number=41)


def signed_case(u) -> Case:
    """An SKTM case the Camat has signed: step 5 (register number and sheet) waits."""
    case = start_case(
        sop_version=u.version,
        office=u.office,
        actor=u.staf,
        subject="Sumarni Rahayu",
        intake={"nama": "Sumarni Rahayu"},
        at=at(1),
    )
    for actor, decision, hour in [
        (u.staf, "lanjut", 2),
        (u.staf, "ya", 3),
        (u.kasi, "lanjut", 4),
        (u.camat, "lanjut", 5),
    ]:
        case = step(case, actor, decision, hour)
    return case


def step(case: Case, actor, decision: str = "lanjut", hour: int = 6) -> Case:
    record = open_record(case)
    return complete_step(
        case=case,
        record_id=record.pk,
        actor=actor,
        decision=decision,
        given=EVERYTHING,
        at=at(hour),
    )


def issued_pending(u) -> IssuedDocument:
    """Step 5 done, its commit hooks never run: the process died before rendering."""
    return step(signed_case(u), u.staf).documents.get()


def stored_files(settings) -> list:
    return sorted(p.name for p in (settings.PRIVATE_DIR / "documents").rglob("*.pdf"))


# --- Outside every lock -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_sheet_is_rendered_after_the_commit_with_no_row_locked(private, renders, settings):
    counter_committed(private)
    case = step(signed_case(private), private.staf)

    document = case.documents.get()
    assert document.number == "400.7.22/0042/2026"
    assert renders == [{"atomic": False, "locked": []}]
    assert document.sha256 == hashlib.sha256(storage.read(document.path)).hexdigest()
    assert document.rendering_since is None
    assert stored_files(settings) == [f"lembar_legalisasi-{document.code}.pdf"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks seen from a second connection"
)
@pytest.mark.django_db(transaction=True)
def test_second_connection_can_lock_the_register_row_while_the_sheet_renders(private, renders):
    counter = counter_committed(private)
    step(signed_case(private), private.staf)

    counter.refresh_from_db()
    assert counter.last_number == 42  # the step numbered from the row the probe tried
    assert [render["locked"] for render in renders] == [[]]


@pytest.mark.django_db(transaction=True)
def test_step_event_copies_the_row_and_a_second_event_the_stored_file(private):
    case = step(signed_case(private), private.staf)

    document = case.documents.get()
    completed, published = case.events.order_by("seq")[5:]
    assert completed.action == AuditAction.SELESAIKAN
    assert completed.payload["dokumen"][0]["sha256"] == ""
    assert published.action == AuditAction.TERBITKAN
    assert published.actor is None
    assert published.payload["dokumen"][0]["sha256"] == document.sha256
    assert published.payload["dokumen"][0]["path"] == document.path
    case.refresh_from_db()  # the chain moved on after the step returned
    assert case.audit_count == 7
    assert verify() == ([], 7)
    assert verify_files() == []


# --- Once, and recovered ------------------------------------------------------------------


def test_rendering_twice_renders_once_and_keeps_one_file(private, renders, settings):
    document = issued_pending(private)

    assert (document.sha256, renders) == ("", [])
    assert issuing.render_document(document.pk) is True
    assert issuing.render_document(document.pk) is False
    assert len(renders) == 1
    document.refresh_from_db()
    assert stored_files(settings) == [f"lembar_legalisasi-{document.code}.pdf"]


def test_crash_between_commit_and_render_is_recovered_by_the_command(private, settings):
    document = issued_pending(private)
    assert "belum dirender" in verify_files()[0]

    call_command("issue_documents", stdout=(out := io.StringIO()))

    document.refresh_from_db()
    assert out.getvalue().strip() == "1 dokumen dirender, 0 gagal."
    assert document.sha256 == hashlib.sha256(storage.read(document.path)).hexdigest()
    assert verify()[0] == []
    assert verify_files() == []


def test_first_download_renders_a_pending_sheet_then_serves_the_stored_file(
    private, renders, client
):
    document = issued_pending(private)
    client.force_login(private.staf)
    url = reverse("cases:issued", args=[document.case.code, document.pk])

    first, again = client.get(url), client.get(url)

    document.refresh_from_db()
    assert (first.status_code, again.status_code) == (200, 200)
    assert first.content == again.content == storage.read(document.path)
    assert len(renders) == 1


def test_a_claim_in_force_is_left_to_its_renderer(private, renders):
    document = issued_pending(private)
    IssuedDocument.objects.filter(pk=document.pk).update(rendering_since=timezone.now())

    assert issuing.render_document(document.pk) is False
    with pytest.raises(issuing.DocumentPending, match="sedang diterbitkan"):
        issuing.rendered(document, wait=0)
    assert renders == []


def test_a_download_while_another_process_renders_says_try_again_shortly(
    private, renders, client, monkeypatch
):
    document = issued_pending(private)
    IssuedDocument.objects.filter(pk=document.pk).update(rendering_since=timezone.now())
    monkeypatch.setattr(issuing, "WAIT_SECONDS", 0)
    monkeypatch.setattr(issuing.rendered, "__kwdefaults__", {"wait": 0})
    client.force_login(private.staf)

    response = client.get(reverse("cases:issued", args=[document.case.code, document.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert f"Dokumen {document.code} sedang diterbitkan, coba lagi." in response.content.decode()
    assert renders == []


def test_a_crashed_renderers_claim_expires_and_its_half_file_is_replaced(
    private, renders, settings
):
    document = issued_pending(private)
    stale = timezone.now() - issuing.RENDER_LEASE - dt.timedelta(seconds=1)
    IssuedDocument.objects.filter(pk=document.pk).update(rendering_since=stale)
    storage.private().save(document.path, io.BytesIO(b"%PDF-1.7 half"))

    assert issuing.render_document(document.pk) is True

    document.refresh_from_db()
    assert len(renders) == 1
    assert stored_files(settings) == [f"lembar_legalisasi-{document.code}.pdf"]
    assert document.sha256 == hashlib.sha256(storage.read(document.path)).hexdigest()
    assert storage.read(document.path).startswith(b"%PDF") and document.rendering_since is None


def test_a_failed_render_gives_its_claim_back(private, monkeypatch):
    document = issued_pending(private)

    def broken(template, context):
        raise OSError("disk penuh")

    monkeypatch.setattr(sktm_documents, "render_pdf", broken)
    with pytest.raises(OSError):
        issuing.render_document(document.pk)
    monkeypatch.undo()

    document.refresh_from_db()
    assert (document.sha256, document.rendering_since) == ("", None)
    assert issuing.render_document(document.pk) is True


def test_the_command_names_a_document_it_cannot_render(private, monkeypatch):
    document = issued_pending(private)
    monkeypatch.setattr(
        sktm_documents, "render_pdf", lambda t, c: (_ for _ in ()).throw(OSError("disk penuh"))
    )

    with pytest.raises(Exception, match="1 dokumen belum dapat dirender"):
        call_command("issue_documents", stdout=io.StringIO())

    assert issuing.render_pending() == (0, [f"dokumen {document.code}: disk penuh"])


# --- Revocation ---------------------------------------------------------------------------


def test_a_rendered_sheet_is_revoked_and_the_trail_verifies(private, client):
    document = issued_pending(private)
    issuing.render_document(document.pk)
    document.refresh_from_db()

    revoke_document(document=document, actor=private.camat, reason="Salah nama", at=at(9, 24))

    document.refresh_from_db()
    assert document.revoked_reason == "Salah nama" and document.sha256
    page = client.get(reverse("public:verify", args=[document.code])).content.decode()
    assert "DICABUT" in page
    assert verify()[0] == []


def test_a_sheet_revoked_before_it_was_rendered_is_rendered_revoked(private):
    document = issued_pending(private)
    revoke_document(document=document, actor=private.camat, reason="Salah nama", at=at(9, 24))

    issuing.render_document(document.pk)

    document.refresh_from_db()
    actions = list(document.case.events.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == [AuditAction.CABUT, AuditAction.TERBITKAN]
    assert (document.revoked_reason, bool(document.sha256)) == ("Salah nama", True)
    assert verify()[0] == []


# --- The signer's password ----------------------------------------------------------------


class RecordingHasher(MD5PasswordHasher):
    """MD5 for speed; remembers whether each check ran inside a transaction."""

    algorithm = "md5_recorded"
    checks: list[bool] = []

    def verify(self, password, encoded):
        RecordingHasher.checks.append(connection.in_atomic_block)
        return super().verify(password, encoded)


@pytest.fixture
def recorded_passwords(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.RecordingHasher"]
    RecordingHasher.checks = []
    return RecordingHasher.checks


@pytest.mark.django_db(transaction=True)
def test_desk_checks_the_signers_password_before_the_steps_transaction(
    private, recorded_passwords, client
):
    private.camat.set_password(PASSWORD)
    private.camat.save()
    case = signed_case_to_step_4(private)
    client.force_login(private.camat)
    recorded_passwords.clear()

    client.post(
        reverse("cases:complete", args=[case.code]),
        {"record": open_record(case).pk, "password": PASSWORD},
    )

    assert Case.objects.get(pk=case.pk).current_step == 5
    assert recorded_passwords == [False]


def signed_case_to_step_4(u) -> Case:
    case = start_case(
        sop_version=u.version, office=u.office, actor=u.staf, subject="Sumarni", intake={}
    )
    for actor, decision in [(u.staf, "lanjut"), (u.staf, "ya"), (u.kasi, "lanjut")]:
        record = open_record(case)
        case = complete_step(
            case=case, record_id=record.pk, actor=actor, decision=decision, given=EVERYTHING
        )
    return case


def test_proven_password_is_not_checked_again_in_the_step(private, recorded_passwords):
    case = signed_case_to_step_4(private)
    record = open_record(case)
    private.camat.set_password(PASSWORD)
    private.camat.save()
    given = StepInput(password=PASSWORD, address="10.0.0.1")

    proven = prove_password(
        case=case, record=record, decision="lanjut", actor=private.camat, given=given
    )
    complete_step(case=case, record_id=record.pk, actor=private.camat, given=proven)

    assert (proven.password, proven.password_proven) == ("", True)
    assert len(recorded_passwords) == 1
    assert Case.objects.get(pk=case.pk).current_step == 5


def test_wrong_password_is_refused_before_the_step(private):
    case = signed_case_to_step_4(private)
    record = open_record(case)

    with pytest.raises(ActionError, match="^Kata sandi: salah"):
        prove_password(
            case=case,
            record=record,
            decision="lanjut",
            actor=private.camat,
            given=StepInput(password="salah"),
        )
    assert Case.objects.get(pk=case.pk).current_step == 4


def test_a_step_without_signature_asks_no_password(private):
    case = start_case(
        sop_version=private.version,
        office=private.office,
        actor=private.staf,
        subject="Sumarni",
        intake={},
    )
    given = StepInput(password="apa saja")

    proven = prove_password(
        case=case, record=open_record(case), decision="lanjut", actor=private.staf, given=given
    )

    assert proven is given


def test_a_password_typed_in_a_script_is_still_checked_in_the_step(private):
    case = signed_case_to_step_4(private)

    with pytest.raises(ActionError, match="^Kata sandi: salah"):
        complete_step(
            case=case,
            record_id=open_record(case).pk,
            actor=private.camat,
            given=StepInput(password="salah"),
        )
