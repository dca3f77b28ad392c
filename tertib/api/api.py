"""The JSON API (`/api/v1/`): the same engine functions, forms, permissions and Indonesian
messages as the pages. Personal tokens (Bearer) or the pages' own session; POSTs may carry an
Idempotency-Key so that a retried request does nothing twice."""

import functools
import hashlib
import json

from django.conf import settings
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Form, NinjaAPI, Router
from ninja.errors import ValidationError
from ninja.security import HttpBearer, django_auth

from tertib.api.models import ApiToken, IdempotentRequest
from tertib.api.schemas import (
    CancelIn,
    CaseOut,
    CompleteIn,
    ErrorOut,
    RejectIn,
    ResumeIn,
    SopDetailOut,
    SopOut,
    TrackOut,
    VerifyOut,
    WorklistOut,
)
from tertib.api.tokens import token_for
from tertib.cases import engine
from tertib.cases.actions import ActionError, prove_password
from tertib.cases.documents import pdf_response, shown_subject, stored_pdf
from tertib.cases.forms import IntakeForm, StepForm
from tertib.cases.models import Case, IssuedDocument, StepRecord
from tertib.cases.requests import take_in
from tertib.cases.uploads import UploadError
from tertib.org.access import my_offices
from tertib.org.models import Office
from tertib.org.throttle import Throttled, client_address, count_visit
from tertib.sop.models import Sop, SopVersion


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = token_for(token)
        if found is not None:
            request.user, request.api_token = found.user, found
        return found


api = NinjaAPI(
    title="Tertib API",
    version="1",
    description="SOP, permohonan, daftar kerja dan langkah; pelacakan dan verifikasi publik.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def error(field: str, message: str) -> dict:
    return {"detail": [{"field": field, "message": message}]}


def form_errors(form) -> dict:
    return {
        "detail": [
            {"field": "" if name == "__all__" else name, "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
    }


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, error("", "Tidak ditemukan."), status=404)


# What a value that fails the schema lacks, by pydantic's error type; anything else is "tidak sah".
SCHEMA_MESSAGES = {
    "missing": "wajib diisi",
    "model_attributes_type": "harus berupa objek JSON",
    "dict_type": "harus berupa objek JSON",
    "int_type": "harus berupa bilangan bulat",
    "int_parsing": "harus berupa bilangan bulat",
    "int_from_float": "harus berupa bilangan bulat",
    "float_type": "harus berupa angka",
    "float_parsing": "harus berupa angka",
    "string_type": "harus berupa teks",
    "bool_type": "harus berupa true atau false",
    "bool_parsing": "harus berupa true atau false",
    "list_type": "harus berupa daftar",
    "date_type": "harus berupa tanggal (TTTT-BB-HH)",
    "date_parsing": "harus berupa tanggal (TTTT-BB-HH)",
    "date_from_datetime_parsing": "harus berupa tanggal (TTTT-BB-HH)",
    "string_too_long": "terlalu panjang",
}


def schema_problem(problem: dict) -> dict:
    """One of django-ninja's errors as ours: the field by name and what is wrong, in Indonesian."""
    loc = list(problem.get("loc", ()))
    # ("body", <parameter>, <field>, …) names the field third; ("query" | "path", <field>) second
    names = [part for part in loc[2 if loc[:1] == ["body"] else 1 :] if isinstance(part, str)]
    field = names[-1] if names else ""
    message = SCHEMA_MESSAGES.get(problem.get("type", ""), "tidak sah")
    return {"field": field, "message": f"{field or 'Isi permintaan'}: {message}."}


@api.exception_handler(ValidationError)
def schema_refused(request, exc):
    detail = [schema_problem(problem) for problem in exc.errors]
    return api.create_response(request, {"detail": detail}, status=400)


def writes(view):
    """A POST: needs a read-write token (or the session); with an Idempotency-Key, the stored
    answer to the same key is given again and nothing is done twice."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = getattr(request, "api_token", None)
        if token is not None and token.scope != ApiToken.Scope.WRITE:
            return 403, error("", "Token ini hanya untuk membaca.")
        key = request.headers.get("Idempotency-Key", "").strip()[:100]
        if not key:
            return view(request, *args, **kwargs)
        asked = body_hash(request)
        try:
            return _answer_once(request, key, asked, lambda: view(request, *args, **kwargs))
        except KeyTaken:
            # A retry with the same key finished while this one ran: what this one did is undone
            # and the answer stored by the other is given.
            done = IdempotentRequest.objects.get(user=request.user, key=key)
            return _replay(done, request.path, asked)

    return wrapper


class KeyTaken(Exception):
    """Another request stored its answer under the same key first."""


@transaction.atomic
def _answer_once(request, key: str, asked: str, answer) -> tuple[int, dict]:
    done = IdempotentRequest.objects.filter(user=request.user, key=key).first()
    if done is not None:
        return _replay(done, request.path, asked)
    status, body = answer()
    if status < 500:
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    user=request.user,
                    key=key,
                    path=request.path,
                    body_hash=asked,
                    status=status,
                    body=_json(body),
                    created_at=timezone.now(),
                )
        except IntegrityError as taken:
            raise KeyTaken from taken
    return status, body


def _replay(done: IdempotentRequest, path: str, asked: str) -> tuple[int, dict]:
    """The stored answer, if the key comes again with the same request; else 422."""
    if (done.path, done.body_hash) != (path, asked):
        return 422, error("Idempotency-Key", "Kunci ini sudah dipakai untuk permintaan lain.")
    return done.status, done.body


def body_hash(request) -> str:
    """A digest of what the POST asks: the JSON body parsed (so that spacing and key order do not
    count), or a form's fields and files' contents (a retried multipart may get a new boundary)."""
    digest = hashlib.sha256()
    if request.content_type not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        try:
            digest.update(json.dumps(json.loads(request.body), sort_keys=True).encode())
        except ValueError:
            digest.update(request.body)
        return digest.hexdigest()
    digest.update(json.dumps(sorted(request.POST.lists())).encode())
    for name, uploads in sorted(request.FILES.lists()):
        for upload in uploads:
            digest.update(name.encode() + b"\0" + upload.name.encode() + b"\0")
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)  # the view reads it again
    return digest.hexdigest()


def _json(body) -> dict:
    """The answer as stored JSON: dates as ISO text, as the API sends them."""
    return json.loads(json.dumps(body, cls=DjangoJSONEncoder))


def public(scope: str):
    """No login; limited per address as the public pages are (org/throttle.py)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                count_visit(
                    scope=f"api-{scope}",
                    address=client_address(request),
                    limit=settings.PUBLIC_LOOKUPS_PER_MINUTE,
                )
            except Throttled as refused:
                return 429, error("", str(refused))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


# SOPs -------------------------------------------------------------------------------------

sops = Router(tags=["SOP"])


def _in_force(sop: Sop) -> SopVersion:
    """The version in force today at the SOP's office, as a new request at the desk takes it; an
    approved version whose tanggal efektif is still to come is not yet in force."""
    office = Office.objects.filter(slug=sop.office_slug).first()
    today = timezone.localdate(timezone=office.tz if office else None)
    return sop.version_on(today) or sop.current_version


def _sop_out(sop: Sop, version: SopVersion) -> dict:
    definition = version.definition
    return {
        "kode": sop.kode,
        "nama": definition.nama,
        "kantor": definition.kantor.nama,
        "versi_berlaku": version.number,
        "boleh_dimulai": bool(definition.layanan.formulir),
    }


@sops.get("/", response={200: list[SopOut], **ERRORS}, summary="Daftar SOP yang berlaku")
def list_sops(request):
    rows = Sop.objects.filter(current_version__isnull=False).select_related("current_version")
    return [_sop_out(sop, _in_force(sop)) for sop in rows]


@sops.get("/{kode}", response={200: SopDetailOut, **ERRORS}, summary="Definisi SOP")
def sop_detail(request, kode: str, versi: int | None = None):
    sop = get_object_or_404(Sop.objects.select_related("current_version"), kode=kode[:100])
    if sop.current_version is None:
        raise Http404
    in_force = _in_force(sop)
    version = get_object_or_404(sop.versions, number=versi) if versi else in_force
    return {
        **_sop_out(sop, in_force),
        "versi": list(sop.versions.values("number", "content_hash", "loaded_at")),
        "definisi": version.data,
    }


api.add_router("/sop", sops)

# Cases ------------------------------------------------------------------------------------

cases = Router(tags=["Permohonan"])


def _my_case(request, code: str) -> tuple[Case, set[str]]:
    case = get_object_or_404(Case.objects.select_related("office", "sop_version"), code=code[:40])
    kodes = my_offices(request).get(case.office, set())
    if not kodes:
        raise Http404
    return case, kodes


def case_out(case: Case) -> dict:
    definition = case.sop_version.definition
    steps = {s.no: s for s in definition.langkah}
    names = {p.kode: p.nama for p in definition.pelaksana}
    now = timezone.now()
    records = list(case.records.order_by("pk"))
    return {
        "kode": case.code,
        "status": case.state,
        "status_label": case.get_state_display(),
        "sop": definition.kode,
        "versi": case.sop_version.number,
        "kantor": case.office.name,
        "pemohon": case.subject,
        "langkah_sekarang": case.current_step,
        "record_terbuka": next((r.pk for r in records if r.completed_at is None), None),
        "catatan": case.note,
        "langkah": [_step_out(r, steps, names, now) for r in records],
        "dokumen": [
            {
                "jenis": d.kind,
                "label": d.get_kind_label(),
                "kode_verifikasi": d.code,
                "nomor": d.number,
                "diterbitkan": d.issued_at,
                "dicabut": d.revoked_at is not None,
            }
            for d in case.documents.all()
        ],
    }


def _step_out(record: StepRecord, steps: dict, names: dict, now) -> dict:
    return {
        "record": record.pk,
        "langkah": record.step_no,
        "tahap": record.stage,
        "kegiatan": steps[record.step_no].kegiatan if record.step_no in steps else "",
        "pelaksana": record.pelaksana,
        "pelaksana_nama": names.get(record.pelaksana, record.pelaksana),
        "tiba": record.arrived_at,
        "batas": record.due_at,
        "selesai": record.completed_at,
        "hasil": record.outcome,
        "hasil_label": record.get_outcome_display() if record.outcome else "Berjalan",
        "catatan": record.note,
        "tunggu_menit": record.waiting_minutes,
        "proses_menit": record.handling_minutes,
        "mutu_baku_menit": record.mutu_baku_minutes,
        "terlambat": record.is_late if record.completed_at else record.is_overdue(now),
    }


@cases.get(
    "/daftar-kerja", response={200: WorklistOut, **ERRORS}, summary="Langkah yang menunggu saya"
)
def worklist(request, halaman: int = 1):
    now = timezone.now()
    records = StepRecord.objects.waiting_for(my_offices(request)).select_related(
        "case__sop_version"
    )
    page = Paginator(records, 25).get_page(halaman)
    return {
        "halaman": page.number,
        "jumlah_halaman": page.paginator.num_pages,
        "jumlah": page.paginator.count,
        "terlambat": records.filter(due_at__lt=now).count(),
        "baris": [
            {
                "kode": r.case.code,
                "perihal": shown_subject(r.case),
                "record": r.pk,
                "langkah": r.step_no,
                "kegiatan": next(
                    (
                        s.kegiatan
                        for s in r.case.sop_version.definition.langkah
                        if s.no == r.step_no
                    ),
                    "",
                ),
                "tiba": r.arrived_at,
                "batas": r.due_at,
                "terlambat": r.is_overdue(now),
                "mutu_baku_menit": r.mutu_baku_minutes,
            }
            for r in page
        ],
    }


def _kegiatan(record: StepRecord) -> str:
    step = record.case.sop_version.definition.step(record.step_no)
    return step.kegiatan if step else ""


@cases.post("/", response={201: CaseOut, **ERRORS}, summary="Catat permohonan baru")
@writes
def start(request, sop: Form[str]):
    """Multipart: the SOP's intake fields by their kode, `ada_<syarat>` for what was handed in,
    `scan_<syarat>` files, and what step 1 asks (`keputusan`, `catatan`, …) — as the desk form."""
    found = Sop.objects.filter(kode=sop[:100], current_version__isnull=False).first()
    offices = [o for o in my_offices(request) if found and o.slug == found.office_slug]
    if not offices or not found.current_version.definition.layanan.formulir:
        return 404, error("sop", f"SOP '{sop[:100]}' tidak dapat dimulai oleh Anda.")
    office = offices[0]
    version = found.version_on(timezone.localdate(timezone=office.tz)) or found.current_version
    form = IntakeForm(
        request.POST,
        request.FILES,
        definition=version.definition,
        office=office,
        today=timezone.localdate(),
    )
    if not form.is_valid():
        return 400, form_errors(form)
    scans = [(kode, label, upload.name, upload.read()) for kode, label, upload in form.scans()]
    try:
        case = take_in(
            sop_version=version,
            office=office,
            actor=request.user,
            subject=form.subject(),
            intake=form.intake(),
            checklist=form.checklist(),
            scans=scans,
            decision=form.decision(),
            note=form.cleaned_data.get("catatan", ""),
            given=form.step_input(address=client_address(request)),
        )
    except (UploadError, ActionError) as refused:
        return 400, error("", str(refused))
    return 201, case_out(case)


@cases.get("/{code}", response={200: CaseOut, **ERRORS}, summary="Permohonan dan langkahnya")
def detail(request, code: str):
    case, _kodes = _my_case(request, code)
    return 200, case_out(case)


def _engine_call(case: Case, call) -> tuple[int, dict]:
    try:
        call()
    except engine.Stale as stale:
        return 409, error("record", str(stale))
    except engine.NotPermitted as refused:
        return 403, error("", str(refused))
    except ActionError as refused:
        return 400, error("", str(refused))
    case.refresh_from_db()
    return 200, case_out(case)


@cases.post("/{code}/selesaikan", response={200: CaseOut, **ERRORS}, summary="Selesaikan langkah")
@writes
def complete(request, code: str, data: CompleteIn):
    case, _kodes = _my_case(request, code)
    record = engine.open_record(case)
    if record is None or record.pk != data.record:
        return 409, error("record", "Langkah ini sudah diproses.")
    definition = case.sop_version.definition
    step = definition.step(record.step_no)
    last_stage = record.stage + 1 == len(step.pelaksana)
    form = StepForm(_step_data(data), definition=definition, step=step, last_stage=last_stage)
    if not form.is_valid():
        return 400, form_errors(form)
    return _engine_call(
        case,
        lambda: engine.complete_step(
            case=case,
            record_id=record.pk,
            actor=request.user,
            decision=form.decision(),
            note=form.cleaned_data["catatan"],
            given=prove_password(  # before the transaction: the hash is slow on purpose
                case=case,
                record=record,
                decision=form.decision(),
                actor=request.user,
                given=form.step_input(address=client_address(request)),
            ),
        ),
    )


def _step_data(data: CompleteIn):
    from django.http import QueryDict

    values = QueryDict(mutable=True)
    for key, value in data.model_dump().items():
        if key == "ada":
            values.setlist("ada", value)
        elif value is not None:
            values[key] = str(value)
    return values


@cases.post("/{code}/lanjutkan", response={200: CaseOut, **ERRORS}, summary="Pemohon kembali")
@writes
def resume(request, code: str, data: ResumeIn):
    case, _kodes = _my_case(request, code)
    note = data.catatan[:500]
    return _engine_call(case, lambda: engine.resume_case(case=case, actor=request.user, note=note))


@cases.post("/{code}/tolak", response={200: CaseOut, **ERRORS}, summary="Tolak permohonan")
@writes
def reject(request, code: str, data: RejectIn):
    case, _kodes = _my_case(request, code)
    reason = data.alasan[:1000]
    return _engine_call(
        case,
        lambda: engine.reject_case(
            case=case, record_id=data.record, actor=request.user, reason=reason
        ),
    )


@cases.post("/{code}/batalkan", response={200: CaseOut, **ERRORS}, summary="Batalkan permohonan")
@writes
def cancel(request, code: str, data: CancelIn):
    case, _kodes = _my_case(request, code)
    reason = data.alasan[:500]
    return _engine_call(
        case, lambda: engine.cancel_case(case=case, actor=request.user, reason=reason)
    )


@cases.get(
    "/{code}/dokumen/{kode_verifikasi}.pdf",
    response={200: bytes, **ERRORS},
    summary="Dokumen yang diterbitkan, persis seperti saat terbit",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def issued_pdf(request, code: str, kode_verifikasi: str):
    case, _kodes = _my_case(request, code)
    document = get_object_or_404(IssuedDocument, case=case, code=kode_verifikasi.upper()[:40])
    return pdf_response(stored_pdf(document), f"{document.kind}-{case.code}.pdf")


api.add_router("/permohonan", cases)

# Public -----------------------------------------------------------------------------------

publik = Router(tags=["Publik"], auth=None)


@publik.get("/lacak/{code}", response={200: TrackOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut})
@public("lacak")
def track(request, code: str):
    case = (
        Case.objects.filter(code=code.strip().upper()[:40])
        .select_related("office", "sop_version")
        .first()
    )
    if case is None:
        return 404, error("code", f"Kode lacak {code[:40]} tidak ditemukan.")
    return 200, {
        "kode": case.code,
        "layanan": case.sop_version.definition.nama,
        "kantor": case.office.name,
        "status": case.state,
        "status_label": case.get_state_display(),
        "pemohon": shown_subject(case),
        "diterima": case.opened_at,
        "ditutup": case.closed_at,
    }


@publik.get(
    "/verifikasi/{code}", response={200: VerifyOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
)
@public("verifikasi")
def verify(request, code: str):
    document = (
        IssuedDocument.objects.filter(code=code.strip().upper()[:40])
        .select_related("case__office")
        .first()
    )
    if document is None:
        return 404, error("code", f"Kode verifikasi {code[:40]} tidak ditemukan.")
    return 200, {
        "kode_verifikasi": document.code,
        "sah": document.revoked_at is None,
        "jenis": document.get_kind_label(),
        "nomor": document.number,
        "kantor": document.case.office.name,
        "diterbitkan": document.issued_at,
        "dicabut": document.revoked_at,
        "alasan_pencabutan": document.revoked_reason,
        "sha256": document.sha256,
    }


api.add_router("/publik", publik)
