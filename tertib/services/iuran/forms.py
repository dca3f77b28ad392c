import datetime

from django import forms

from tertib.cases.uploads import MAX_BYTES
from tertib.forms import CleanInputMixin, DateInput
from tertib.services.iuran.models import Decision


class BillForm(CleanInputMixin, forms.Form):
    number = forms.CharField(label="Nomor surat tagihan", max_length=100)
    issued_on = forms.DateField(
        label="Tanggal surat tagihan",
        widget=DateInput(),
    )
    month = forms.CharField(
        label="Bulan tagihan",
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text="bulan yang ditagihkan, misalnya 2026-11",
    )
    amount = forms.IntegerField(label="Jumlah tagihan (Rp)", min_value=1)
    virtual_account = forms.RegexField(
        label="Nomor virtual account",
        regex=r"^[0-9]{8,20}$",
        error_messages={"invalid": "Nomor virtual account: 8 sampai 20 angka."},
    )
    scan = forms.FileField(label="Pindaian surat tagihan (PDF/JPEG/PNG)")
    lines = forms.FileField(
        label="Rincian tagihan per orang (CSV atau XLSX)",
        required=False,
        help_text="kolom: nik, nama, nomor_bpjs, iuran",
    )

    def clean_month(self) -> datetime.date:
        text = self.cleaned_data["month"].strip()
        try:
            return datetime.date.fromisoformat(text[:7] + "-01")
        except ValueError:
            raise forms.ValidationError(
                "Bulan tagihan: tulis tahun dan bulan, misalnya 2026-11."
            ) from None

    def clean(self):
        for name in ("scan", "lines"):
            upload = self.cleaned_data.get(name)
            if upload and upload.size > MAX_BYTES:
                self.add_error(name, f"{self.fields[name].label}: berkas lebih dari 5 MB.")
        return self.cleaned_data


class LabelledForm(forms.Form):
    """Required fields say which one is missing, in Indonesian."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"{field.label}: wajib diisi."


class PaymentForm(CleanInputMixin, LabelledForm):
    spp_number = forms.CharField(label="Nomor SPP", max_length=100, required=False)
    spm_number = forms.CharField(label="Nomor SPM", max_length=100, required=False)
    account_code = forms.CharField(label="Kode rekening", max_length=100)
    account_name = forms.CharField(label="Nama rekening belanja", max_length=300)
    spd_number = forms.CharField(label="Nomor SPD", max_length=100)
    spd_date = forms.DateField(label="Tanggal SPD", widget=DateInput())
    program = forms.CharField(label="Program", max_length=300)
    kegiatan = forms.CharField(label="Kegiatan", max_length=300)
    sub_kegiatan = forms.CharField(label="Sub kegiatan", max_length=300)
    skpd_code = forms.CharField(label="Kode SKPD", max_length=100)
    bank_name = forms.CharField(label="Bank penerima", max_length=100)
    bank_account_name = forms.CharField(label="Nama rekening penerima", max_length=200)
    npwp = forms.CharField(label="NPWP penerima", max_length=30, required=False)
    deductions = forms.IntegerField(label="Potongan (Rp)", min_value=0, initial=0, required=False)

    PARTS = [
        *("spd_number", "spd_date", "program", "kegiatan", "sub_kegiatan", "skpd_code"),
        *("bank_name", "bank_account_name", "npwp", "deductions"),
    ]


class DecisionForm(LabelledForm):
    key = forms.CharField(label="Selisih", max_length=100, widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="Keputusan", choices=Decision.Choice.choices)
    reason = forms.CharField(label="Alasan", max_length=1000)


class CorrectionForm(LabelledForm):
    amount = forms.IntegerField(label="Jumlah tagihan (Rp)", min_value=1)
    reason = forms.CharField(label="Alasan koreksi", max_length=1000)
    lines = forms.FileField(
        label="Rincian tagihan baru (CSV atau XLSX)",
        required=False,
        help_text="kosongkan bila rincian tidak berubah",
    )


class Sp2dForm(LabelledForm):
    sp2d_number = forms.CharField(label="Nomor SP2D", max_length=100)
    sp2d_date = forms.DateField(label="Tanggal SP2D", widget=DateInput())
    paid_on = forms.DateField(
        label="Tanggal transfer / lunas",
        widget=DateInput(),
    )
    proof = forms.FileField(label="Bukti transfer (PDF/JPEG/PNG)", required=False)
    bpjs_paid = forms.BooleanField(label="Lunas menurut status pembayaran BPJS", required=False)

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        if upload and upload.size > MAX_BYTES:
            raise forms.ValidationError("Bukti transfer: berkas lebih dari 5 MB.")
        return upload


class OfficialForm(CleanInputMixin, forms.Form):
    siltap = forms.IntegerField(label="Penghasilan tetap (Rp/bulan)", min_value=0)
    siltap_from = forms.DateField(
        label="Siltap baru berlaku mulai",
        required=False,
        widget=DateInput(),
        help_text="isi bila siltap naik mulai tanggal tertentu; kosong mengubah siltap awal",
    )
    jabatan = forms.CharField(label="Jabatan", max_length=100)
    bpjs_number = forms.CharField(label="Nomor kartu BPJS", max_length=20, required=False)
    ends_on = forms.DateField(
        label="Berhenti",
        required=False,
        widget=DateInput(),
    )
