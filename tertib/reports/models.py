from django.conf import settings
from django.db import models
from django.utils import timezone

from tertib.lib.dates import tanggal
from tertib.org.models import Office
from tertib.sop.models import Sop, SopVersion


class ReportAction(models.TextChoices):
    """What monitoring and evaluation write into the audit trail."""

    BUKA_MONITORING = "buka_monitoring", "Formulir monitoring dibuka"
    PERBARUI_MONITORING = "perbarui_monitoring", "Formulir monitoring diperbarui dari fakta"
    SIMPAN_MONITORING = "simpan_monitoring", "Formulir monitoring disimpan"
    FINALKAN_MONITORING = "finalkan_monitoring", "Formulir monitoring difinalkan (paraf)"
    BUKA_DRAF_SOP = "buka_draf_sop", "Draf SOP dari evaluasi dibuka"
    MUAT_DRAF_SOP = "muat_draf_sop", "Draf SOP dari evaluasi dimuat sebagai versi baru"


class MonitoringForm(models.Model):
    """The six-monthly Monitoring Pelaksanaan SOP AP of one office; fixed once finalised."""

    class Status(models.TextChoices):
        DRAFT = "draf", "Draf"
        FINAL = "final", "Final"

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="monitoring_forms")
    period_start = models.DateField("periode dari")
    period_end = models.DateField("periode sampai")
    grades = models.JSONField("pilihan penilaian", help_text="the grade list when it was opened")
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    opened_at = models.DateTimeField()
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assessor_title = models.CharField("jabatan penilai", max_length=250, blank=True)
    code = models.CharField("kode verifikasi", max_length=20, unique=True, null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    path = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["office", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "period_start", "period_end"], name="monitoring_period_once"
            )
        ]
        verbose_name = "formulir monitoring"
        verbose_name_plural = "formulir monitoring"

    def __str__(self) -> str:
        return (
            f"Monitoring {self.office} {self.period_start:%d-%m-%Y} s.d. {self.period_end:%d-%m-%Y}"
        )

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def paraf(self) -> str:
        """What the paraf column shows: who initialled, and when; empty on a draft."""
        if not self.is_final:
            return ""
        name = self.finalised_by.get_full_name() or self.finalised_by.username
        return f"{name}, {tanggal(timezone.localtime(self.finalised_at).date())} (elektronik)"


class MonitoringRow(models.Model):
    """One SOP on the form: the grade the facts propose, the assessor's grade, notes, action."""

    form = models.ForeignKey(MonitoringForm, on_delete=models.CASCADE, related_name="rows")
    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    procedure = models.CharField("prosedur", max_length=300)
    proposed_grade = models.CharField("usulan penilaian", max_length=100, blank=True)
    grade = models.CharField("penilaian", max_length=100, blank=True)
    notes = models.TextField("catatan hasil penilaian", blank=True)
    action = models.TextField("tindakan yang harus diambil", blank=True)
    facts = models.JSONField("fakta", default=dict)

    class Meta:
        ordering = ["form", "order"]
        verbose_name = "baris monitoring"
        verbose_name_plural = "baris monitoring"

    def __str__(self) -> str:
        return self.procedure


class SopDraft(models.Model):
    """The text of a proposed next version of an SOP, edited here until it is loaded."""

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="drafts")
    base_version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("isi YAML")
    reason = models.TextField("alasan revisi", blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    loaded_version = models.ForeignKey(
        SopVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "draf versi SOP"
        verbose_name_plural = "draf versi SOP"

    def __str__(self) -> str:
        return f"Draf {self.sop} dari v{self.base_version.number}"
