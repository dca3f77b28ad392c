import datetime

from django import forms
from django.conf import settings

from tertib.forms import CleanInputMixin, DateInput, DigitsField, MoneyField
from tertib.kept import TABLES, KeptFileField, KeptFilesMixin
from tertib.services.iuran.models import Decision


class BillForm(KeptFilesMixin, CleanInputMixin, forms.Form):
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
    amount = MoneyField(label="Jumlah tagihan (Rp)", min_value=1)
    virtual_account = DigitsField(label="Nomor virtual account", digits=(8, 20))
    scan = KeptFileField(label="Pindaian surat tagihan (PDF/JPEG/PNG)")
    lines = KeptFileField(
        label="Rincian tagihan per orang (CSV atau XLSX)",
        required=False,
        accept=TABLES,
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
    deductions = MoneyField(label="Potongan (Rp)", initial=0, required=False)

    PARTS = [
        *("spd_number", "spd_date", "program", "kegiatan", "sub_kegiatan", "skpd_code"),
        *("bank_name", "bank_account_name", "npwp", "deductions"),
    ]


class DecisionForm(LabelledForm):
    key = forms.CharField(label="Selisih", max_length=100, widget=forms.HiddenInput)
    choice = forms.ChoiceField(label="Keputusan", choices=Decision.Choice.choices)
    reason = forms.CharField(label="Alasan", max_length=1000)


class CorrectionForm(KeptFilesMixin, LabelledForm):
    amount = MoneyField(label="Jumlah tagihan (Rp)", min_value=1)
    reason = forms.CharField(label="Alasan koreksi", max_length=1000)
    lines = KeptFileField(
        label="Rincian tagihan baru (CSV atau XLSX)",
        required=False,
        accept=TABLES,
        help_text="kosongkan bila rincian tidak berubah",
    )


class Sp2dForm(KeptFilesMixin, LabelledForm):
    sp2d_number = forms.CharField(label="Nomor SP2D", max_length=100)
    sp2d_date = forms.DateField(label="Tanggal SP2D", widget=DateInput())
    paid_on = forms.DateField(
        label="Tanggal transfer / lunas",
        widget=DateInput(),
    )
    proof = KeptFileField(label="Bukti transfer (PDF/JPEG/PNG)", required=False)
    bpjs_paid = forms.BooleanField(label="Lunas menurut status pembayaran BPJS", required=False)


class OfficialForm(CleanInputMixin, forms.Form):
    siltap = MoneyField(label="Penghasilan tetap (Rp/bulan)")
    siltap_from = forms.DateField(
        label="Siltap baru berlaku mulai",
        required=False,
        widget=DateInput(),
        help_text="isi bila siltap naik mulai tanggal tertentu; kosong mengubah siltap awal",
    )
    jabatan = forms.CharField(label="Jabatan", max_length=100)
    bpjs_number = DigitsField(label="Nomor kartu BPJS", digits=13, required=False)
    ends_on = forms.DateField(
        label="Berhenti",
        required=False,
        widget=DateInput(),
    )


class RosterImportForm(KeptFilesMixin, forms.Form):
    berkas = KeptFileField(
        label="Berkas daftar perangkat",
        max_bytes=settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
        accept=TABLES,
    )
