"""Files attached to a form that came back with an error, kept so nobody attaches them twice.

The upload is written to the private storage under `pending/` when the refused form is shown
again; the form carries a signed reference to it (salted, bound to the user, valid a day), and
a resubmission without a new file takes the kept one. `remove_stale` (run by the daily sweep)
deletes what is older than a day.
"""

import datetime
import uuid

from django import forms
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html

FOLDER = "pending"
MAX_AGE = datetime.timedelta(days=1)
SALT = "tertib.kept"
SCAN_BYTES = 5 * 1024 * 1024  # as tertib.cases.uploads checks scans
SCANS = ".pdf,.jpg,.jpeg,.png"
TABLES = ".csv,.xlsx"


def private() -> Storage:
    """The private storage of settings.STORAGES (never served by the web server)."""
    return storages["private"]


class KeptUpload(SimpleUploadedFile):
    """An upload read into memory (they are at most a few MB), remembering where it was kept."""

    path: str | None = None


def reference(upload: KeptUpload, *, owner: int) -> str:
    """The signed reference a form carries to the kept file; the file is written on first use."""
    if upload.path is None:
        upload.seek(0)  # the view may have read it before the form was refused
        name = f"{FOLDER}/{uuid.uuid4().hex}"
        upload.path = private().save(name, ContentFile(upload.read()))
        upload.seek(0)
    return signing.dumps({"p": upload.path, "n": upload.name, "u": owner}, salt=SALT)


def load(signed: str, *, owner: int, label: str) -> KeptUpload:
    """The kept file a reference names; ValidationError naming the field if it is not the
    user's own, not signed by us, older than a day or gone."""
    try:
        kept = signing.loads(signed, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise _refused(label, "lampiran yang disimpan sudah lebih dari sehari") from None
    except signing.BadSignature:
        raise _refused(label, "rujukan lampiran tidak sah") from None
    if kept.get("u") != owner:
        raise _refused(label, "lampiran ini bukan milik Anda")
    try:
        with private().open(kept["p"], "rb") as file:
            content = file.read()
    except OSError:
        raise _refused(label, "lampiran yang disimpan sudah dihapus") from None
    upload = KeptUpload(kept["n"], content)
    upload.path = kept["p"]
    return upload


def _refused(label: str, why: str) -> forms.ValidationError:
    return forms.ValidationError(f"{label}: {why}; lampirkan berkasnya lagi.", code="kept")


def remove_stale(*, now: datetime.datetime | None = None) -> int:
    """Delete the kept files older than a day; how many were deleted."""
    folder = private()
    cutoff = (now or timezone.now()) - MAX_AGE
    try:
        names = folder.listdir(FOLDER)[1]
    except FileNotFoundError:
        return 0
    stale = [f"{FOLDER}/{n}" for n in names if folder.get_modified_time(f"{FOLDER}/{n}") < cutoff]
    for name in stale:
        folder.delete(name)
    return len(stale)


class KeptFileInput(forms.FileInput):
    """A file input that, once a file is kept, says "terlampir: ktp.pdf — ganti" and carries its
    signed reference in a hidden input `<name>_kept`."""

    owner: int | None = None
    may_drop = False

    def value_from_datadict(self, data, files, name):
        return files.get(name), data.get(f"{name}_kept"), bool(data.get(f"{name}_hapus"))

    def value_omitted_from_data(self, data, files, name):
        return name not in files and f"{name}_kept" not in data

    def render(self, name, value, attrs=None, renderer=None):
        kept = isinstance(value, KeptUpload) and self.owner is not None
        if kept:  # the browser must let the form go without a new file
            attrs = {key: v for key, v in (attrs or {}).items() if key != "required"}
        file_input = super().render(name, None, attrs, renderer)
        if not kept:
            return file_input
        input_id = (attrs or {}).get("id") or self.attrs.get("id", "")
        drop = (
            format_html(
                ' <label class="choice"><input type="checkbox" name="{}_hapus"> hapus</label>',
                name,
            )
            if self.may_drop
            else ""
        )
        return format_html(
            '<span class="kept">terlampir: <strong>{}</strong> — <label for="{}">ganti</label>'
            '</span> {}{}<input type="hidden" name="{}_kept" value="{}">',
            value.name,
            input_id,
            file_input,
            drop,
            name,
            reference(value, owner=self.owner),
        )


class KeptFileField(forms.FileField):
    """A file input whose upload survives a refused form (see the module's docstring). The form
    sets `owner` (the user's pk); without one it is a plain file field."""

    widget = KeptFileInput

    def __init__(self, *, max_bytes: int = SCAN_BYTES, accept: str = SCANS, **kwargs):
        self.max_bytes, self.accept = max_bytes, accept
        self.kept: KeptUpload | None = None
        super().__init__(**kwargs)

    def widget_attrs(self, widget) -> dict:
        return {
            **super().widget_attrs(widget),
            "aria-label": self.label or "",
            "accept": self.accept,
        }

    def set_owner(self, owner: int | None) -> None:
        self.widget.owner = owner
        self.widget.may_drop = not self.required

    def clean(self, data, initial=None) -> KeptUpload | None:
        upload, signed, drop = data if isinstance(data, tuple) else (data, None, False)
        if upload:
            self.kept = self._take(upload)
        elif signed and not drop and self.widget.owner is not None:
            self.kept = load(signed, owner=self.widget.owner, label=self.label)
        else:
            self.kept = None
        if self.kept is None and self.required:
            raise forms.ValidationError(f"{self.label}: wajib dilampirkan.", code="required")
        return self.kept

    def _take(self, upload) -> KeptUpload:
        if not upload.size:
            raise forms.ValidationError(f"{self.label}: berkas kosong.", code="empty")
        if upload.size > self.max_bytes:
            most = self.max_bytes // (1024 * 1024)
            raise forms.ValidationError(f"{self.label}: berkas lebih dari {most} MB.", "size")
        return KeptUpload(upload.name, upload.read(), upload.content_type)

    def bound_data(self, data, initial):
        return self.kept  # what this form's last clean took or found

    def has_changed(self, initial, data) -> bool:
        return bool(data and (data[0] or data[1]))


def keep_files_of(form: forms.Form, owner) -> None:
    """Let the form's kept-file fields keep uploads for this user (None: plain file fields)."""
    for field in form.fields.values():
        if isinstance(field, KeptFileField):
            field.set_owner(owner.pk if owner is not None else None)


class KeptFilesMixin:
    """Mix into a Form with declared KeptFileFields; the view passes `owner=request.user`."""

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep_files_of(self, owner)
