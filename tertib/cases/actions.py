"""What a step does besides moving on, as its SOP file declares under layanan.aksi."""

import dataclasses
import datetime
from dataclasses import dataclass, field

from tertib.cases import registers
from tertib.cases.audit import document_facts, entry_facts
from tertib.cases.clock import local
from tertib.cases.models import Case, Outcome
from tertib.cases.registers import enter
from tertib.lib.dates import tanggal
from tertib.org.throttle import Throttled, verify_password
from tertib.sop import services


class ActionError(Exception):
    """The step's own input is wrong or missing; the message names the field, in Indonesian."""


@dataclass
class StepInput:
    checklist: list[str] = field(default_factory=list)  # kodes of the requirements handed in
    password: str = ""
    password_proven: bool = False  # prove_password checked it before the step's transaction
    recipient: str = ""
    sent_on: datetime.date | None = None
    receipt_number: str = ""
    address: str = ""  # the client's, for the password throttle


def check_facts(*, case: Case, step_no: int, decision: str) -> None:
    """Every pelaksana of the step sees the same facts; problems stop all but a "tidak".

    The checks are the ones services registered (sop/services.py); the names were checked when
    the SOP was loaded."""
    if decision == Outcome.TIDAK:
        return
    names = case.sop_version.definition.aksi(step_no).periksa
    problems = [p for name in names for p in services.check(name).run(case)]
    if problems:
        raise ActionError("Belum dapat dilanjutkan: " + " ".join(problems))


def check_input(
    *, case: Case, step_no: int, decision: str, note: str, actor, given: StepInput
) -> str:
    """Check the step's own input before it is done; returns the note to keep.

    The checklist and the dispatch are set on the case; the caller saves it.
    """
    definition = case.sop_version.definition
    aksi = definition.aksi(step_no)
    if aksi.periksa_persyaratan:
        known = {s.kode for s in definition.layanan.persyaratan}
        case.checklist = [kode for kode in given.checklist if kode in known]
        missing = [
            s.nama
            for s in definition.layanan.persyaratan
            if s.wajib and s.kode not in case.checklist
        ]
        if decision == Outcome.YA and missing:
            raise ActionError(f"Persyaratan: belum lengkap ({', '.join(missing)}).")
        if decision == Outcome.TIDAK and missing and not note.strip():
            note = "Persyaratan kurang: " + ", ".join(missing)
    # Scripts may still hand the password itself; the desk and the API prove it first.
    asks = aksi.konfirmasi_sandi and decision != Outcome.TIDAK and not given.password_proven
    if asks and not _signer_password(actor, given):
        raise ActionError(WRONG_PASSWORD)
    if aksi.kirim and decision != Outcome.TIDAK:
        case.dispatch = _dispatch(given)
        note = (
            f"Dikirim ke {case.dispatch['penerima']} pada {tanggal(given.sent_on)}, "
            f"tanda terima {case.dispatch['nomor_tanda_terima']}" + (f". {note}" if note else "")
        )
    if aksi.serah_terima:
        if not given.recipient.strip():
            raise ActionError("Diserahkan kepada: wajib diisi.")
        note = f"Diserahkan kepada {given.recipient.strip()}" + (f". {note}" if note else "")
    return note


WRONG_PASSWORD = "Kata sandi: salah. Masukkan kembali kata sandi Anda untuk menandatangani."


def prove_password(*, case: Case, record, decision: str, actor, given: StepInput) -> StepInput:
    """Check the signer's password before the step's transaction opens: the hash is slow on
    purpose and must not keep the case row locked. Returns the input with the proven fact (and
    without the password) for complete_step; unchanged when the step asks no password."""
    definition = case.sop_version.definition
    last_stage = record.stage + 1 == len(definition.step(record.step_no).pelaksana)
    asks = definition.aksi(record.step_no).konfirmasi_sandi and decision != Outcome.TIDAK
    if not (last_stage and asks):
        return given
    if not _signer_password(actor, given):
        raise ActionError(WRONG_PASSWORD)
    return dataclasses.replace(given, password="", password_proven=True)


def _signer_password(actor, given: StepInput) -> bool:
    try:
        return verify_password(user=actor, password=given.password, address=given.address)
    except Throttled as refused:
        raise ActionError(f"Kata sandi: {refused}") from None


def _dispatch(given: StepInput) -> dict:
    if given.sent_on is None:
        raise ActionError("Tanggal dikirim: wajib diisi (hh/bb/tttt).")
    if not given.recipient.strip():
        raise ActionError("Diterima oleh: wajib diisi.")
    if not given.receipt_number.strip():
        raise ActionError("Nomor tanda terima: wajib diisi.")
    return {
        "tanggal": given.sent_on.isoformat(),
        "penerima": given.recipient.strip(),
        "nomor_tanda_terima": given.receipt_number.strip(),
    }


def after_step(*, case: Case, step_no: int, actor, at: datetime.datetime) -> dict:
    """Take the register number and record the documents the step declares; returns a copy of
    what was written, for the step's audit event. The register counter stays locked until the
    step commits, so nothing slow happens here: the documents' PDFs are rendered after the
    commit (tertib.cases.issuing)."""
    from tertib.cases.signing import check_signer  # here: signing imports this module

    aksi = case.sop_version.definition.aksi(step_no)
    written: dict[str, list] = {}
    if aksi.dokumen:
        check_signer(case.office)  # before the register row is locked
    if aksi.buku_register:
        register = registers.find(office=case.office, kode=aksi.buku_register)
        if register is None:
            raise ActionError(
                f"Buku register '{aksi.buku_register}' belum disiapkan di kantor ini."
            )
        entry = enter(
            register=register,
            case=case,
            subject=case.subject,
            day=local(at, case.office.tz).date(),
            actor=actor,
        )
        case.register_number = entry.formatted  # saved with the step's other case fields
        written["register"] = [entry_facts(entry)]
    if aksi.dokumen:
        issued = [services.document(kind).issue(case) for kind in aksi.dokumen]
        written["dokumen"] = [document_facts(document) for document in issued]
    return written
