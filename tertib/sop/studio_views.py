"""The SOP studio's pages: thin views over tertib.sop.studio."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from tertib.org.access import may_read
from tertib.org.models import Office
from tertib.org.throttle import client_address
from tertib.sop import drafting, studio
from tertib.sop.diff import identity_rows, step_rows
from tertib.sop.forms import (
    ApproveForm,
    CompareForm,
    ImportForm,
    NewSopForm,
    ReturnForm,
    SopForms,
    SubmitForm,
)
from tertib.sop.models import Sop, SopVersion, StudioDraft
from tertib.sop.studio import StudioError
from tertib.sop.validation import decode

OPEN_STATES = [StudioDraft.State.DRAF, StudioDraft.State.DIAJUKAN, StudioDraft.State.DIKEMBALIKAN]


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The SOPs of each office the user edits, and the drafts waiting for their approval."""
    today = timezone.localdate()
    offices = [
        (office, _sop_rows(office, today)) for office in studio.editable_offices(request.user)
    ]
    waiting = [
        draft
        for draft in StudioDraft.objects.filter(state=StudioDraft.State.DIAJUKAN).select_related(
            "sop"
        )
        if studio.acting_approver(request.user, draft, on=today)
    ]
    return render(request, "sop/studio/index.html", {"offices": offices, "waiting": waiting})


def _sop_rows(office: Office, today) -> list[dict]:
    rows = []
    for sop in Sop.objects.filter(office_slug=office.slug).select_related("current_version"):
        in_force, latest = sop.version_on(today), sop.current_version
        due = studio.review_due(in_force)
        rows.append(
            {
                "sop": sop,
                "nama": latest.definition.nama if latest else sop.kode,
                "in_force": in_force,
                "upcoming": latest if latest and latest != in_force else None,
                "draft": sop.studio_drafts.filter(state__in=OPEN_STATES).first(),
                "due": due,
                "reminder": studio.review_reminder(due, today=today),
            }
        )
    return rows


def _office(request: HttpRequest, slug: str) -> Office:
    office = get_object_or_404(Office, slug=slug)
    if not studio.may_edit(request.user, office):
        raise Http404
    return office


def _draft(request: HttpRequest, pk: int) -> tuple[StudioDraft, Office]:
    """The draft and its office, for its editors, its approver and readers of the office."""
    draft = get_object_or_404(StudioDraft.objects.select_related("sop"), pk=pk)
    office = studio.office_of(draft.sop)
    today = timezone.localdate()
    if office is None or not (
        studio.may_edit(request.user, office)
        or studio.acting_approver(request.user, draft, on=today)
        or may_read(request.user, office, on=today)
    ):
        raise Http404
    return draft, office


def _sop(request: HttpRequest, kode: str) -> tuple[Sop, Office]:
    sop = get_object_or_404(Sop, kode=kode)
    office = studio.office_of(sop)
    today = timezone.localdate()
    if office is None or not (
        studio.may_edit(request.user, office) or may_read(request.user, office, on=today)
    ):
        raise Http404
    return sop, office


@login_required
def new_sop(request: HttpRequest, office: str) -> HttpResponse:
    office = _office(request, office)
    form = NewSopForm(request.POST or None)
    if form.is_valid():
        text = drafting.to_text(drafting.skeleton(office, **form.cleaned_data))
        try:
            draft = studio.create_sop(
                office=office, actor=request.user, kode=form.cleaned_data["kode"], text=text
            )
        except StudioError as refused:
            form.add_error("kode", refused.problems[0].message)
        else:
            return redirect("sop:studio_draft", draft.pk)
    return render(request, "sop/studio/new.html", {"form": form, "office": office})


@login_required
def sop_page(request: HttpRequest, kode: str) -> HttpResponse:
    """An SOP's versions (download, compare) and its drafts."""
    sop, office = _sop(request, kode)
    versions = list(sop.versions.order_by("-number"))
    context = {
        "sop": sop,
        "office": office,
        "versions": versions,
        "in_force": sop.version_on(timezone.localdate()),
        "drafts": sop.studio_drafts.all()[:20],
        "editor": studio.may_edit(request.user, office),
        "compare": CompareForm(
            initial={"a": versions[1].number, "b": versions[0].number} if len(versions) > 1 else {}
        ),
    }
    return render(request, "sop/studio/sop.html", context)


@login_required
@require_POST
def sop_revise(request: HttpRequest, kode: str) -> HttpResponse:
    """Open the SOP's draft: the one already open, or a new one from the current version."""
    sop, office = _sop(request, kode)
    draft = sop.studio_drafts.filter(state__in=OPEN_STATES).first()
    if draft is None:
        try:
            draft = studio.start_draft(sop=sop, actor=request.user)
        except StudioError as refused:
            messages.error(request, str(refused))
            return redirect("sop:studio_sop", sop.kode)
    return redirect("sop:studio_draft", draft.pk)


@login_required
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft, office = _draft(request, pk)
    editor = studio.may_edit(request.user, office) and draft.editable
    start = drafting.initial(draft.text)
    extra = 3 if request.GET.get("tambah") == "langkah" else 1
    posted = request.POST if request.method == "POST" and editor else None
    forms = SopForms(office, initial=start, data=posted, extra_steps=extra)
    if posted is not None and forms.is_valid():
        text = drafting.to_text(forms.sop_data(kode=draft.sop.kode, logo=start["logo"]))
        try:
            studio.save_draft(draft=draft, actor=request.user, text=text)
        except StudioError as refused:  # sent or approved in the meantime
            _refused(request, refused)
            return redirect("sop:studio_draft", draft.pk)
        return redirect(_after_save(draft, request.POST.get("aksi", "")))
    return render(
        request,
        "sop/studio/edit.html",
        _edit_context(request, draft, office, forms, editor),
        status=400 if posted is not None else 200,
    )


def _after_save(draft: StudioDraft, aksi: str) -> str:
    url = reverse("sop:studio_draft", args=[draft.pk])
    if aksi == "tambah_langkah":
        return url + "?tambah=langkah#langkah-baru"
    return url + ("#pratinjau" if aksi == "pratinjau" else "#periksa")


def _edit_context(request, draft: StudioDraft, office: Office, forms: SopForms, editor) -> dict:
    checked = studio.check(draft)
    step_index = {str(row.get("no")): i for i, row in enumerate(forms.langkah.initial or [])}
    by_field: dict[str, list[dict]] = {}
    general = []
    for problem, warning in [(p, False) for p in checked.problems] + [
        (p, True) for p in checked.warnings
    ]:
        name = drafting.form_field(problem.field, step_index)
        if name:
            by_field.setdefault(name, []).append({"text": problem.message, "warning": warning})
        else:
            general.append(problem)
    today = timezone.localdate()
    return {
        "draft": draft,
        "office": office,
        "forms": forms,
        "editor": editor,
        "problems": checked.problems,
        "warnings": checked.warnings,
        "general": general,
        "by_field": by_field,
        "submit": SubmitForm(
            initial={"approver_kode": draft.approver_kode or _guess_approver(office, checked)},
            positions=[(p.kode, p.title) for p in office.positions.all()],
        ),
        "approver": studio.acting_approver(request.user, draft, on=today),
        "approver_position": office.positions.filter(kode=draft.approver_kode).first(),
        "approve": ApproveForm(),
        "return_form": ReturnForm(),
        "import_form": ImportForm(),
    }


def _guess_approver(office: Office, checked) -> str:
    """The position whose title is the jabatan in disahkan_oleh, if there is one."""
    if checked.definition is None:
        return ""
    jabatan = checked.definition.disahkan_oleh.jabatan.strip().lower()
    for position in office.positions.all():
        if position.title.strip().lower() == jabatan:
            return position.kode
    return ""


@login_required
@xframe_options_sameorigin  # shown in the editing page's iframe
def draft_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The official document of the draft, drawn by the same renderer as the PDF."""
    draft, _office = _draft(request, pk)
    checked = studio.check(draft)
    html = studio.preview_html(draft, checked)
    if html is None:
        response = render(request, "sop/studio/preview_broken.html", {"problems": checked.problems})
    else:
        response = HttpResponse(html)
    # Framed by the studio's own page only (the site's policy forbids framing elsewhere).
    policy = settings.CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "")
    response["Content-Security-Policy"] = policy + " frame-ancestors 'self'"
    return response


def _refused(request: HttpRequest, refused: StudioError) -> None:
    for problem in refused.problems:
        where = f"baris {problem.line}: " if problem.line else ""
        field = f"{problem.field}: " if problem.field else ""
        messages.error(request, f"{where}{field}{problem.message}")


def _back(draft: StudioDraft):
    return redirect("sop:studio_draft", draft.pk)


@login_required
@require_POST
def draft_submit(request: HttpRequest, pk: int) -> HttpResponse:
    draft, office = _draft(request, pk)
    positions = [(p.kode, p.title) for p in office.positions.all()]
    form = SubmitForm(request.POST, positions=positions)
    if not form.is_valid():
        messages.error(request, "Pilih jabatan yang mengesahkan.")
        return _back(draft)
    try:
        studio.submit(
            draft=draft, actor=request.user, approver_kode=form.cleaned_data["approver_kode"]
        )
        messages.success(request, "SOP diajukan untuk disahkan.")
    except StudioError as refused:
        _refused(request, refused)
    return _back(draft)


@login_required
@require_POST
def draft_approve(request: HttpRequest, pk: int) -> HttpResponse:
    draft, _office = _draft(request, pk)
    form = ApproveForm(request.POST)
    try:
        if not form.is_valid():
            raise StudioError("isi kata sandi Anda")
        draft = studio.approve(
            draft=draft,
            actor=request.user,
            password=form.cleaned_data["password"],
            address=client_address(request),
        )
        messages.success(request, f"SOP disahkan sebagai versi {draft.version.number}.")
    except StudioError as refused:
        _refused(request, refused)
    return _back(draft)


@login_required
@require_POST
def draft_return(request: HttpRequest, pk: int) -> HttpResponse:
    draft, office = _draft(request, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise StudioError("tulis catatan pengembalian")
        studio.return_draft(draft=draft, actor=request.user, note=form.cleaned_data["note"])
    except StudioError as refused:
        _refused(request, refused)
        return _page_again(request, draft, office, return_form=form)
    messages.success(request, "SOP dikembalikan dengan catatan.")
    return _back(draft)


@login_required
@require_POST
def draft_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A YAML file into the draft: checked first, kept only without problems."""
    draft, office = _draft(request, pk)
    form = ImportForm(request.POST, request.FILES, owner=request.user)
    if not form.is_valid():
        messages.error(request, "Berkas SOP: " + " ".join(form.errors.get("berkas", [])))
        return _page_again(request, draft, office, import_form=form)
    text, problem = decode(form.cleaned_data["berkas"], file="berkas")
    try:
        if problem is not None:
            raise StudioError([problem])
        studio.import_text(draft=draft, actor=request.user, text=text)
    except StudioError as refused:
        _refused(request, refused)
        return _page_again(request, draft, office, import_form=form)
    messages.success(request, "Berkas diimpor ke draf.")
    return _back(draft)


def _page_again(request: HttpRequest, draft: StudioDraft, office: Office, **refused):
    """The draft's page again (400) with a refused small form as typed, its file kept."""
    editor = studio.may_edit(request.user, office) and draft.editable
    forms = SopForms(office, initial=drafting.initial(draft.text), data=None, extra_steps=1)
    context = _edit_context(request, draft, office, forms, editor) | refused
    return render(request, "sop/studio/edit.html", context, status=400)


def _yaml(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def draft_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    draft, _office = _draft(request, pk)
    return _yaml(draft.text, f"{draft.sop.kode}-draf-{draft.pk}.yaml")


@login_required
def version_yaml(request: HttpRequest, kode: str, number: int) -> HttpResponse:
    sop, _office = _sop(request, kode)
    version = get_object_or_404(SopVersion, sop=sop, number=number)
    return _yaml(version.source_text, f"{sop.kode}-v{number}.yaml")


@login_required
def compare(request: HttpRequest, kode: str) -> HttpResponse:
    """Two versions side by side; the form names them by number."""
    sop, office = _sop(request, kode)
    form = CompareForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Pilih dua nomor versi untuk dibandingkan.")
        return redirect("sop:studio_sop", sop.kode)
    old = get_object_or_404(SopVersion, sop=sop, number=form.cleaned_data["a"])
    new = get_object_or_404(SopVersion, sop=sop, number=form.cleaned_data["b"])
    context = {
        "sop": sop,
        "office": office,
        "old": old,
        "new": new,
        "identity": identity_rows(old.definition, new.definition),
        "steps": step_rows(old.definition, new.definition),
    }
    return render(request, "sop/studio/compare.html", context)
