import datetime

from django import forms

from tertib.cases.uploads import MAX_BYTES
from tertib.forms import CleanInputMixin


class BillForm(CleanInputMixin, forms.Form):
    number = forms.CharField(label="Nomor surat tagihan", max_length=100)
    issued_on = forms.DateField(
        label="Tanggal surat tagihan", widget=forms.DateInput(attrs={"type": "date"})
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
    scan = forms.FileField(label="Pindaian surat tagihan (PDF/JPEG/PNG)", required=False)
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


class PaymentForm(CleanInputMixin, forms.Form):
    spp_number = forms.CharField(label="Nomor SPP", max_length=100, required=False)
    spm_number = forms.CharField(label="Nomor SPM", max_length=100, required=False)
    account_code = forms.CharField(label="Kode rekening", max_length=100)
    account_name = forms.CharField(label="Nama rekening belanja", max_length=300)


class OfficialForm(CleanInputMixin, forms.Form):
    siltap = forms.IntegerField(label="Penghasilan tetap (Rp/bulan)", min_value=0)
    jabatan = forms.CharField(label="Jabatan", max_length=100)
    bpjs_number = forms.CharField(label="Nomor kartu BPJS", max_length=20, required=False)
    ends_on = forms.DateField(
        label="Berhenti", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
