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
    siltap = models.PositiveBigIntegerField("penghasilan tetap (Rp/bulan)")
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
    billed = models.CharField(
        "yang ditagihkan", max_length=10, choices=Billed, default=Billed.PEMDA
    )
    basis = models.CharField("dasar hukum", max_length=300, blank=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "aturan iuran"
        verbose_name_plural = "aturan iuran"

    def __str__(self) -> str:
        return f"Aturan iuran mulai {self.valid_from:%d-%m-%Y}"


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
    spp_number = models.CharField("nomor SPP", max_length=100, blank=True)
    spm_number = models.CharField("nomor SPM", max_length=100, blank=True)
    account_code = models.CharField("kode rekening", max_length=100, blank=True)
    account_name = models.CharField("nama rekening belanja", max_length=300, blank=True)
    # Lateness, recorded by the sweep for the monitoring reports.
    overdue_since = models.DateField("lewat jatuh tempo sejak", null=True, blank=True)
    past_month_since = models.DateField("lewat bulan berjalan sejak", null=True, blank=True)

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["office", "month"], name="bill_one_per_month"),
        ]
        verbose_name = "tagihan BPJS"
        verbose_name_plural = "tagihan BPJS"

    def __str__(self) -> str:
        return f"Tagihan {self.month:%m/%Y}"


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
