import datetime
import json

from django.conf import settings
from django.db import models
from django.db.models import Q

from tertib.sop.definition import Definition

_DEFINITIONS: dict[str, Definition] = {}
# What a SopVersion holds of its file; pages that only need its parsed definition defer these.
SOURCE_FIELDS = ["source_text", "data", "logo"]


def source_fields(path: str) -> list[str]:
    """The source fields of the SopVersion reached by path, for QuerySet.defer()."""
    return [f"{path}__{name}" for name in SOURCE_FIELDS]


class Sop(models.Model):
    """One SOP of one office; its content lives in immutable versions."""

    kode = models.SlugField(max_length=100, unique=True)
    office_slug = models.SlugField(max_length=100, help_text="folder under sops/")
    current_version = models.ForeignKey(
        "SopVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["office_slug", "kode"]
        verbose_name = "SOP"
        verbose_name_plural = "SOP"
        permissions = [("change_every_sop", "Dapat menyusun dan mengubah SOP semua kantor")]

    def __str__(self) -> str:
        return self.kode

    def version_on(self, day: datetime.date) -> "SopVersion | None":
        """The version in force on that day: the newest one whose effective date has come (a
        version without one, such as a file import, is in force from the day it was loaded)."""
        in_force = Q(effective_from__lte=day) | Q(
            effective_from__isnull=True, loaded_at__date__lte=day
        )
        return self.versions.filter(in_force).order_by("-number").first()


class SopVersion(models.Model):
    """An SOP exactly as stored, from a file or written in Tertib; never changed, keyed by its
    content hash. The database holds every version; files are imports and exports."""

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    source_path = models.CharField(
        max_length=500,
        blank=True,
        help_text="the file it was imported from; blank when written here",
    )
    source_text = models.TextField()
    data = models.JSONField()
    logo = models.BinaryField(null=True, blank=True)
    logo_type = models.CharField(max_length=50, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="who approved it in Tertib; blank for a file import (see disahkan_oleh)",
    )
    effective_from = models.DateField(
        "berlaku mulai",
        null=True,
        blank=True,
        help_text="new cases take this version from this day; blank: from the day it was loaded",
    )

    class Meta:
        ordering = ["sop", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["sop", "number"], name="sop_version_number_unique"),
            models.UniqueConstraint(fields=["sop", "content_hash"], name="sop_version_hash_unique"),
        ]
        verbose_name = "versi SOP"
        verbose_name_plural = "versi SOP"

    def __str__(self) -> str:
        return f"{self.sop.kode} v{self.number}"

    @property
    def definition(self) -> Definition:
        """The parsed definition; versions never change, so it is parsed once per process."""
        key = self.content_hash
        if key not in _DEFINITIONS:
            _DEFINITIONS[key] = Definition.model_validate_json(json.dumps(self.data))
        return _DEFINITIONS[key]

    @property
    def short_hash(self) -> str:
        return self.content_hash[:12]


class StudioDraft(models.Model):
    """An SOP being written or revised in the studio, kept as the YAML text that approval
    stores through load_text, so what is approved is exactly what runs."""

    class State(models.TextChoices):
        DRAF = "draf", "Draf"
        DIAJUKAN = "diajukan", "Diajukan"
        DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
        DISAHKAN = "disahkan", "Disahkan"

    sop = models.ForeignKey(Sop, on_delete=models.PROTECT, related_name="studio_drafts")
    base_version = models.ForeignKey(
        SopVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("isi YAML")
    state = models.CharField("status", max_length=20, choices=State, default=State.DRAF)
    approver_kode = models.SlugField(
        "jabatan yang mengesahkan", max_length=50, blank=True, help_text="a position kode"
    )
    reason = models.TextField("alasan perubahan", blank=True)
    note = models.TextField("catatan pengembalian", blank=True)
    version = models.ForeignKey(
        SopVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["sop", "state"])]
        verbose_name = "draf studio SOP"
        verbose_name_plural = "draf studio SOP"

    def __str__(self) -> str:
        return f"Draf {self.sop.kode} ({self.get_state_display()})"

    @property
    def editable(self) -> bool:
        return self.state in (self.State.DRAF, self.State.DIKEMBALIKAN)
