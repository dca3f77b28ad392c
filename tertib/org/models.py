import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q


class TimeZone(models.TextChoices):
    """The three time zones of Indonesia, as offices write them after a time."""

    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


class Office(models.Model):
    """A unit of the Pemda that runs SOPs: a kecamatan, a dinas."""

    slug = models.SlugField(max_length=100, unique=True, help_text="folder of its SOPs in sops/")
    name = models.CharField("nama", max_length=200)
    pemda = models.CharField(
        max_length=200, blank=True, help_text="as on the letterhead: PEMERINTAH KABUPATEN …"
    )
    unit_code = models.CharField("kode unit", max_length=30, blank=True)
    region_code = models.CharField("kode wilayah", max_length=20, blank=True)
    address = models.CharField("alamat", max_length=300, blank=True)
    phone = models.CharField("telepon", max_length=100, blank=True)
    email = models.EmailField(blank=True)
    city = models.CharField(
        "kota", max_length=100, blank=True, help_text="where its letters are dated, e.g. Kudus"
    )
    timezone = models.CharField(
        "zona waktu",
        max_length=40,
        choices=TimeZone,
        default=TimeZone.WIB,
        help_text="office time, deadlines and every printed time",
    )
    admins = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="managed_offices",
        verbose_name="pengelola",
        help_text="staff who manage this office's positions, officials and registers in the admin",
    )

    class Meta:
        ordering = ["name"]
        permissions = [
            ("view_every_office", "Dapat melihat laporan dan register semua kantor (hanya baca)")
        ]
        verbose_name = "kantor"
        verbose_name_plural = "kantor"

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def tz_label(self) -> str:
        """WIB, WITA or WIT."""
        return TimeZone(self.timezone).label


class Position(models.Model):
    """A post in an office; its kode is the pelaksana kode the office's SOPs use."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="positions")
    kode = models.SlugField(max_length=50)
    title = models.CharField("jabatan", max_length=200, help_text="as printed, e.g. Camat Undaan")

    class Meta:
        ordering = ["office", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["office", "kode"], name="position_kode_unique")
        ]
        verbose_name = "jabatan"
        verbose_name_plural = "jabatan"

    def __str__(self) -> str:
        return f"{self.title} ({self.office})"


class AssignmentQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> "AssignmentQuerySet":
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day)


class Assignment(models.Model):
    """Who holds a position over which dates: the holder, or an acting official."""

    class Kind(models.TextChoices):
        DEFINITIF = "definitif", "Definitif"
        PLT = "plt", "Plt. (pelaksana tugas)"
        PLH = "plh", "Plh. (pelaksana harian)"
        AN = "an", "a.n. (atas nama)"

    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    kind = models.CharField("jenis", max_length=10, choices=Kind, default=Kind.DEFINITIF)
    own_title = models.CharField(
        "jabatan sendiri", max_length=200, blank=True, help_text="for a.n.: the signer's own post"
    )
    nip = models.CharField("NIP", max_length=30, blank=True)
    starts_on = models.DateField("mulai")
    ends_on = models.DateField("sampai", null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "-starts_on"]
        indexes = [models.Index(fields=["user", "starts_on"])]
        verbose_name = "penugasan"
        verbose_name_plural = "penugasan"

    def __str__(self) -> str:
        return f"{self.signature_title}: {self.user.get_full_name() or self.user.username}"

    @property
    def signature_title(self) -> str:
        """How the signer's post is printed: "Plh. Camat Undaan", "a.n. Camat Undaan"."""
        title = self.position.title
        if self.kind == self.Kind.PLT:
            return f"Plt. {title}"
        if self.kind == self.Kind.PLH:
            return f"Plh. {title}"
        if self.kind == self.Kind.AN:
            return f"a.n. {title}" + (f"\n{self.own_title}" if self.own_title else "")
        return title


class Desa(models.Model):
    """A village (desa/kelurahan) of a kecamatan; master data for forms and rosters."""

    kecamatan = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="desa")
    name = models.CharField("nama", max_length=100)
    code = models.CharField("kode wilayah", max_length=20, blank=True)
    is_kelurahan = models.BooleanField(
        "kelurahan", default=False, help_text="a kelurahan has no kepala desa or perangkat desa"
    )

    class Meta:
        ordering = ["kecamatan", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "name"], name="desa_name_unique")
        ]
        verbose_name = "desa"
        verbose_name_plural = "desa"

    def __str__(self) -> str:
        return self.name
