"""The studio's forms: an SOP written in fields, never in YAML."""

from django import forms
from django.core.validators import RegexValidator

from tertib.sop.definition import EXITS, KODE_PATTERN, LABELS
from tertib.sop.drafting import KANTOR_KEYS, LIST_KEYS
from tertib.sop.validation import MAX_TEXT

KODE = RegexValidator(KODE_PATTERN, "hanya boleh huruf kecil, angka, '-' dan '_', diawali huruf")
YA_TIDAK = [("ya", "Wajib"), ("tidak", "Tidak wajib")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LIST_HINT = "Satu butir per baris."
KANTOR_LABELS = {
    "pemda": "Pemerintah daerah (kop)",
    "nama": "Nama kantor",
    "alamat": "Alamat",
    "telepon": "Telepon",
    "faks": "Faksimile",
    "email": "E-mail",
    "kota": "Kota",
    "kode_unit": "Kode unit",
}
PARAF_MAX = 4  # a paraf chain of up to this many pelaksana, one select each


def _text(label: str, *, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, required=required, max_length=MAX_TEXT, widget=widget)


class IdentityForm(forms.Form):
    """The identity block of the official document, and the letterhead."""

    nama = _text("Nama SOP", required=True, rows=2)
    judul_sampul = _text("Judul sampul (bila berbeda dari nama)", rows=2)
    nomor = _text("Nomor SOP")
    tanggal_pembuatan = forms.DateField(label="Tanggal pembuatan", required=False, widget=DATE)
    tanggal_revisi = forms.DateField(label="Tanggal revisi", required=False, widget=DATE)
    tanggal_efektif = forms.DateField(label="Tanggal efektif", required=False, widget=DATE)
    disahkan_jabatan = _text("Disahkan oleh: jabatan", required=True)
    disahkan_nama = _text("Disahkan oleh: nama")
    disahkan_pangkat = _text("Disahkan oleh: pangkat")
    disahkan_nip = _text("Disahkan oleh: NIP")
    teks_pengesahan = _text("Teks pengesahan pada lembar legalisasi", rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in LIST_KEYS:
            self.fields[key] = _text(LABELS[key], rows=3)
            self.fields[key].help_text = LIST_HINT
        for key in KANTOR_KEYS:
            self.fields[f"kantor_{key}"] = _text(KANTOR_LABELS[key], required=key == "nama")
        for key, label in LABELS.items():
            self.fields[f"label_{key}"] = _text(f"Judul baris '{label}' (bila berbeda)")

    def groups(self) -> dict[str, list]:
        """The fields by fieldset, in the order of the official form."""
        names = {
            "Identitas": [
                "nama",
                "judul_sampul",
                "nomor",
                "tanggal_pembuatan",
                "tanggal_revisi",
                "tanggal_efektif",
            ],
            "Pengesahan": ["disahkan_jabatan", "disahkan_nama", "disahkan_pangkat", "disahkan_nip"],
            "Isi identitas": list(LIST_KEYS),
            "Kop surat": [f"kantor_{key}" for key in KANTOR_KEYS],
            "Judul baris": [f"label_{key}" for key in LABELS],
            "Layanan": ["teks_pengesahan"],
        }
        return {title: [self[name] for name in fields] for title, fields in names.items()}


class PelaksanaForm(forms.Form):
    kode = forms.ChoiceField(label="Jabatan")
    nama = _text("Nama kolom", required=True)

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kode"].choices = [("", "— pilih jabatan —"), *positions]


class TargetField(forms.CharField):
    """A step number, 'selesai' or 'pemohon'; blank for the next step."""

    def to_python(self, value):
        value = (super().to_python(value) or "").strip().lower()
        if not value:
            return None
        if value.isdigit():
            return int(value)
        if value in EXITS:
            return value
        raise forms.ValidationError("tulis nomor langkah, 'selesai' atau 'pemohon'")


class LangkahForm(forms.Form):
    no = forms.IntegerField(label="No.", required=False, min_value=1, max_value=999)
    kegiatan = _text("Kegiatan", required=True, rows=2)
    jenis = forms.ChoiceField(
        label="Jenis",
        choices=[("proses", "Proses"), ("keputusan", "Keputusan (ya/tidak)")],
        initial="proses",
    )
    pertanyaan = _text("Pertanyaan keputusan")
    ya = TargetField(label="Bila ya, ke", required=False)
    tidak = TargetField(label="Bila tidak, ke", required=False)
    lanjut = TargetField(label="Lanjut ke (kosong: langkah berikut)", required=False)
    kelengkapan = _text("Mutu baku: kelengkapan", rows=2)
    waktu = _text("Mutu baku: waktu", required=True)
    output = _text("Mutu baku: output")
    keterangan = _text("Keterangan")
    periksa_persyaratan = forms.BooleanField(label="Periksa persyaratan", required=False)
    konfirmasi_sandi = forms.BooleanField(label="Konfirmasi kata sandi", required=False)
    serah_terima = forms.BooleanField(label="Serah terima hasil", required=False)
    kirim = forms.BooleanField(label="Kirim ke instansi lain", required=False)
    tolak = forms.BooleanField(label="Boleh menolak permohonan", required=False)
    buku_register = forms.ChoiceField(label="Buku register", required=False)
    tombol = forms.CharField(
        label="Tulisan tombol (kosong: menurut langkahnya)", required=False, max_length=40
    )
    dokumen = forms.MultipleChoiceField(
        label="Dokumen diterbitkan", required=False, widget=forms.CheckboxSelectMultiple
    )
    periksa = forms.MultipleChoiceField(
        label="Pemeriksaan", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, kodes=(), registers=(), documents=(), checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["waktu"].help_text = "Misalnya 5 menit, 2 jam, 1 hari."
        for position in range(1, PARAF_MAX + 1):
            label = "Pelaksana" if position == 1 else f"Paraf berikutnya ({position})"
            self.fields[f"pelaksana_{position}"] = forms.ChoiceField(
                label=label, required=position == 1, choices=[("", "—"), *kodes]
            )
        self.fields["buku_register"].choices = [("", "— tidak ada —"), *registers]
        self.fields["dokumen"].choices = list(documents)
        self.fields["periksa"].choices = list(checks)

    def clean(self):
        data = super().clean()
        chain = [data.get(f"pelaksana_{n}") for n in range(1, PARAF_MAX + 1)]
        data["pelaksana"] = [kode for kode in chain if kode]
        return data

    def pelaksana_fields(self) -> list:
        return [self[f"pelaksana_{n}"] for n in range(1, PARAF_MAX + 1)]


class IsianForm(forms.Form):
    kode = forms.CharField(label="Kode", max_length=50, validators=[KODE])
    label = _text("Label", required=True)
    jenis = forms.ChoiceField(label="Jenis isian")
    wajib = forms.ChoiceField(label="Wajib", choices=YA_TIDAK, initial="ya")
    rahasia = forms.BooleanField(label="Data pribadi (disamarkan)", required=False)
    subjek = forms.BooleanField(label="Nama pemohon", required=False)
    panjang = forms.IntegerField(label="Panjang", required=False, min_value=1, max_value=500)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = list(kinds)
        self.fields["jenis"].initial = "teks"


class SyaratForm(forms.Form):
    kode = forms.CharField(label="Kode", max_length=50, validators=[KODE])
    nama = _text("Persyaratan", required=True)
    wajib = forms.ChoiceField(label="Wajib", choices=YA_TIDAK, initial="ya")


class RowFormSet(forms.BaseFormSet):
    """Rows that can be removed (and, for steps, ordered), labelled in Indonesian."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Hapus"
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = "Urutan"


def formset(form, *, extra: int, order: bool = False):
    return forms.formset_factory(
        form, formset=RowFormSet, extra=extra, can_delete=True, can_order=order
    )


class NewSopForm(forms.Form):
    kode = forms.CharField(
        label="Kode SOP",
        max_length=100,
        validators=[KODE],
        help_text="Huruf kecil dan tanda '-', misalnya undaan-surat-pindah.",
    )
    nama = _text("Nama SOP", required=True)


class SubmitForm(forms.Form):
    approver_kode = forms.ChoiceField(label="Diajukan kepada (jabatan yang mengesahkan)")

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver_kode"].choices = [("", "— pilih jabatan —"), *positions]


class ApproveForm(forms.Form):
    password = forms.CharField(label="Kata sandi Anda", widget=forms.PasswordInput, max_length=200)


class ReturnForm(forms.Form):
    note = _text("Catatan pengembalian", required=True, rows=3)


class ImportForm(forms.Form):
    berkas = forms.FileField(label="Berkas SOP (YAML)")

    def clean_berkas(self):
        from tertib.sop.validation import MAX_FILE_BYTES

        upload = self.cleaned_data["berkas"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(f"berkas lebih dari {MAX_FILE_BYTES // 1024} KB")
        return upload.read()


class CompareForm(forms.Form):
    a = forms.IntegerField(label="Versi lama", min_value=1)
    b = forms.IntegerField(label="Versi baru", min_value=1)


def _positions(office, used: set[str]) -> list[tuple[str, str]]:
    """The office's positions, and any kode the draft uses that the office lacks (so that an
    unknown kode is shown, and reported by the check, rather than silently dropped)."""
    rows = [(p.kode, f"{p.title} ({p.kode})") for p in office.positions.all()]
    known = {kode for kode, _ in rows}
    return rows + [(kode, f"{kode} (tidak ada di kantor ini)") for kode in sorted(used - known)]


def _registered(kind: str) -> list[tuple[str, str]]:
    from tertib.sop import services

    return sorted((name, entry.label) for name, entry in services.names(kind).items())


class SopForms:
    """Every form of the studio's editing page, bound to one draft's initial values."""

    def __init__(self, office, *, initial: dict, data=None, extra_steps: int = 1):
        used = {row["kode"] for row in initial["pelaksana"] if row.get("kode")}
        used |= {
            v
            for row in initial["langkah"]
            for k, v in row.items()
            if k.startswith("pelaksana_") and v
        }
        positions = _positions(office, used)
        registers = [(r.kode, f"{r.name} ({r.kode})") for r in office.registers.all()]
        registers += [
            (r["buku_register"], r["buku_register"])
            for r in initial["langkah"]
            if r.get("buku_register") and r["buku_register"] not in dict(registers)
        ]
        self.identity = IdentityForm(data, initial=initial["identity"], prefix="sop")
        # A new SOP opens with three empty columns and steps; later, one empty row each.
        self.pelaksana = formset(PelaksanaForm, extra=1 if initial["pelaksana"] else 3)(
            data,
            initial=initial["pelaksana"],
            prefix="pelaksana",
            form_kwargs={"positions": positions},
        )
        extra_steps = extra_steps if initial["langkah"] else max(extra_steps, 3)
        self.langkah = formset(LangkahForm, extra=extra_steps, order=True)(
            data,
            initial=initial["langkah"],
            prefix="langkah",
            form_kwargs={
                "kodes": positions,
                "registers": registers,
                "documents": _registered("documents"),
                "checks": _registered("checks"),
            },
        )
        self.formulir = formset(IsianForm, extra=1)(
            data,
            initial=initial["formulir"],
            prefix="formulir",
            form_kwargs={"kinds": _registered("fields")},
        )
        self.syarat = formset(SyaratForm, extra=1)(data, initial=initial["syarat"], prefix="syarat")

    def parts(self) -> list:
        return [self.identity, self.pelaksana, self.langkah, self.formulir, self.syarat]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts()])  # a list: every part validates

    def sop_data(self, *, kode: str, logo: str | None) -> dict:
        from tertib.sop.drafting import sop_data

        return sop_data(
            kode=kode,
            identity=self.identity.cleaned_data,
            pelaksana=_rows(self.pelaksana),
            langkah=[form.cleaned_data for form in self.langkah.ordered_forms],
            formulir=_rows(self.formulir),
            syarat=_rows(self.syarat),
            logo=logo,
        )


def _rows(formset) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
