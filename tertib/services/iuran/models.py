"""The roster of village officials, the dated contribution rules and the monthly BPJS bills."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from tertib.cases.models import Attachment, Case
from tertib.lib.dates import month_end
from tertib.org.models import Desa, Office


class OfficialQuerySet(models.QuerySet):
    def active_in(self, month: datetime.date) -> "OfficialQuerySet":
        """Entries that hold office on some day of the billing month."""
        last = month_end(month)
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month), starts_on__lte=last)

    def verified(self) -> "OfficialQuerySet":
        return self.filter(verified_at__isnull=False)


class Official(models.Model):
    """A kepala desa or perangkat desa as the desa reported it and the kecamatan checked it."""

    desa = models.ForeignKey(Desa, on_delete=models.PROTECT, related_name="officials")
    nik = models.CharField("NIK", max_length=16)
    name = models.CharField("nama", max_length=200)
    jabatan = models.CharField(max_length=100, help_text="Kepala Desa, Sekretaris Desa, Kaur …")
    siltap = models.PositiveBigIntegerField(
        "penghasilan tetap (Rp/bulan)",
        help_text="from the start of the term; later raises are pay changes",
    )
    tunjangan = models.PositiveBigIntegerField("tunjangan (Rp/bulan)", default=0)
    bpjs_number = models.CharField("nomor kartu BPJS", max_length=20, blank=True)
    starts_on = models.DateField("mulai menjabat")
    ends_on = models.DateField("berhenti", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="diverifikasi oleh",
    )
    verified_at = models.DateTimeField("diverifikasi pada", null=True, blank=True)

    objects = OfficialQuerySet.as_manager()

    class Meta:
        ordering = ["desa", "name"]
        constraints = [
            models.UniqueConstraint(fields=["nik", "starts_on"], name="official_term_unique")
        ]
        verbose_name = "perangkat desa"
        verbose_name_plural = "daftar perangkat desa"

    def __str__(self) -> str:
        return f"{self.name} ({self.jabatan} {self.desa})"


class ContributionRule(models.Model):
    """Contribution parameters from a date on; a month takes the latest rule before it."""

    class Billed(models.TextChoices):
        PEMDA = "pemda", "Bagian Pemda saja (4 %)"
        TOTAL = "total", "Seluruh iuran (Pemda dan perangkat)"

    valid_from = models.DateField("berlaku mulai", unique=True)
    employer_percent = models.DecimalField(
        "bagian Pemda (%)", max_digits=5, decimal_places=2, default=Decimal("4")
    )
    employee_percent = models.DecimalField(
        "bagian perangkat (%)", max_digits=5, decimal_places=2, default=Decimal("1")
    )
    wage_cap = models.PositiveBigIntegerField("batas atas upah (Rp)", default=12_000_000)
    wage_floor = models.PositiveBigIntegerField(
        "batas bawah upah (Rp)", null=True, blank=True, help_text="e.g. the UMK; empty for none"
    )

    class PartMonth(models.TextChoices):
        PENUH = "penuh", "Dihitung penuh bila menjabat pada hari mana pun dalam bulan itu"
        AWAL = "awal", "Dihitung hanya bila menjabat pada tanggal 1 bulan itu"

    billed = models.CharField(
        "yang ditagihkan", max_length=10, choices=Billed, default=Billed.PEMDA
    )
    counts_tunjangan = models.BooleanField("tunjangan ikut dihitung", default=False)
    part_month = models.CharField(
        "perangkat yang menjabat sebagian bulan",
        max_length=10,
        choices=PartMonth,
        default=PartMonth.PENUH,
    )
    rounding_tolerance = models.PositiveIntegerField(
        "toleransi pembulatan per orang (Rp)",
        default=1,
        help_text="differences up to this per line are rounding, accepted together in one decision",
    )
    basis = models.CharField("dasar hukum", max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "aturan iuran"
        verbose_name_plural = "aturan iuran"

    def __str__(self) -> str:
        return f"Aturan iuran mulai {self.valid_from:%d-%m-%Y}"


class PayChange(models.Model):
    """A new siltap (and tunjangan) of one term from a date on, e.g. a raise from 1 July."""

    official = models.ForeignKey(Official, on_delete=models.CASCADE, related_name="pay_changes")
    valid_from = models.DateField("berlaku mulai")
    siltap = models.PositiveBigIntegerField("penghasilan tetap (Rp/bulan)")
    tunjangan = models.PositiveBigIntegerField("tunjangan (Rp/bulan)", default=0)

    class Meta:
        ordering = ["official", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["official", "valid_from"], name="pay_change_unique")
        ]
        verbose_name = "perubahan siltap"
        verbose_name_plural = "perubahan siltap"

    def __str__(self) -> str:
        return f"Siltap mulai {self.valid_from:%d-%m-%Y}"


class CutiBersama(models.Model):
    """A joint leave or local closure day the Dinas adds to the holidays package's list."""

    day = models.DateField("tanggal", unique=True)
    name = models.CharField("keterangan", max_length=200)

    class Meta:
        ordering = ["-day"]
        verbose_name = "cuti bersama / hari libur setempat"
        verbose_name_plural = "cuti bersama / hari libur setempat"

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.name}"


class YearEndClose(models.Model):
    """BPKAD's last day to issue an SP2D in a budget year (the December close)."""

    year = models.PositiveIntegerField("tahun anggaran", unique=True)
    last_sp2d_on = models.DateField("batas akhir penerbitan SP2D")
    basis = models.CharField("dasar (surat edaran BPKAD)", max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "penutupan akhir tahun anggaran"
        verbose_name_plural = "penutupan akhir tahun anggaran"

    def __str__(self) -> str:
        return f"Tutup tahun {self.year}: {self.last_sp2d_on:%d-%m-%Y}"


class Bill(models.Model):
    """A BPJS bill for one billing month, and the SPP/SPM that pay it; one case per month."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="bill")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    month = models.DateField("bulan tagihan", help_text="the first day of the month")
    number = models.CharField("nomor surat tagihan", max_length=100)
    issued_on = models.DateField("tanggal surat tagihan")
    amount = models.PositiveBigIntegerField("jumlah tagihan (Rp)")
    virtual_account = models.CharField("nomor virtual account", max_length=30)
    scan = models.ForeignKey(Attachment, on_delete=models.PROTECT, null=True, blank=True)
    due_on = models.DateField("jatuh tempo")
    suspended_after = models.DateField("batas bulan berjalan")
    # A rejected or cancelled bill is superseded by its corrected one; the month stays free.
    superseded = models.BooleanField("digantikan", default=False)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name="menggantikan tagihan",
    )
    spp_number = models.CharField("nomor SPP", max_length=100, blank=True)
    spm_number = models.CharField("nomor SPM", max_length=100, blank=True)
    account_code = models.CharField("kode rekening", max_length=100, blank=True)
    account_name = models.CharField("nama rekening belanja", max_length=300, blank=True)
    # SPP/SPM parts that Permendagri 77/2020 expects; offered from settings at step 1.
    spd_number = models.CharField("nomor SPD", max_length=100, blank=True)
    spd_date = models.DateField("tanggal SPD", null=True, blank=True)
    program = models.CharField("program", max_length=300, blank=True)
    kegiatan = models.CharField("kegiatan", max_length=300, blank=True)
    sub_kegiatan = models.CharField("sub kegiatan", max_length=300, blank=True)
    skpd_code = models.CharField("kode SKPD", max_length=100, blank=True)
    bank_name = models.CharField("bank penerima", max_length=100, blank=True)
    bank_account_name = models.CharField("nama rekening penerima", max_length=200, blank=True)
    npwp = models.CharField("NPWP penerima", max_length=30, blank=True)
    deductions = models.PositiveBigIntegerField("potongan (Rp)", default=0)
    # Payment after dispatch: the SP2D and the transfer (or BPJS's own payment status).
    sp2d_number = models.CharField("nomor SP2D", max_length=100, blank=True)
    sp2d_date = models.DateField("tanggal SP2D", null=True, blank=True)
    paid_on = models.DateField("tanggal transfer / lunas", null=True, blank=True)
    transfer_proof = models.ForeignKey(
        Attachment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="bukti transfer",
    )
    bpjs_paid = models.BooleanField("lunas menurut status pembayaran BPJS", default=False)
    # Lateness, recorded where the bill is touched and by the sweep, for the monitoring reports.
    overdue_since = models.DateField("lewat jatuh tempo sejak", null=True, blank=True)
    past_month_since = models.DateField("lewat bulan berjalan sejak", null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "month"],
                condition=Q(superseded=False),
                name="bill_one_live_per_month",
            ),
        ]
        verbose_name = "tagihan BPJS"
        verbose_name_plural = "tagihan BPJS"

    def __str__(self) -> str:
        return f"Tagihan {self.month:%m/%Y}"

    @property
    def is_paid(self) -> bool:
        return bool(self.sp2d_number and self.sp2d_date and self.paid_on)

    @property
    def paid_late(self) -> bool:
        """Paid (or still unpaid) after its month: coverage was suspended meanwhile."""
        return self.past_month_since is not None


class BillLine(models.Model):
    """One person in the bill's detail (rincian), as BPJS lists it."""

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="lines")
    nik = models.CharField("NIK", max_length=16)
    name = models.CharField("nama", max_length=200)
    bpjs_number = models.CharField("nomor kartu BPJS", max_length=20, blank=True)
    amount = models.PositiveBigIntegerField("iuran (Rp)")

    class Meta:
        ordering = ["bill", "name"]
        verbose_name = "rincian tagihan"
        verbose_name_plural = "rincian tagihan"

    def __str__(self) -> str:
        return self.name


class Decision(models.Model):
    """The pelaksana's decision on one difference of the reconciliation, with its reason."""

    class Choice(models.TextChoices):
        SESUAI_TAGIHAN = "sesuai_tagihan", "Sesuai tagihan BPJS"
        KOREKSI = "koreksi", "Koreksi bulan berikut"
        SANGGAH = "sanggah", "Sanggah ke BPJS"

    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="decisions")
    key = models.CharField("selisih", max_length=100)
    choice = models.CharField("keputusan", max_length=20, choices=Choice)
    reason = models.TextField("alasan")
    difference = models.BigIntegerField("selisih (Rp, tagihan − perhitungan)")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField()

    class Meta:
        ordering = ["bill", "key"]
        constraints = [models.UniqueConstraint(fields=["bill", "key"], name="decision_unique")]
        verbose_name = "keputusan rekonsiliasi"
        verbose_name_plural = "keputusan rekonsiliasi"

    def __str__(self) -> str:
        return f"{self.key}: {self.get_choice_display()}"
