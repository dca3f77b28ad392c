from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from tertib.org.models import Office
from tertib.sop.models import SopVersion


class Outcome(models.TextChoices):
    """How a step record ended: the flow's label taken, or the case closed at it."""

    LANJUT = "lanjut", "Selesai"
    YA = "ya", "Ya"
    TIDAK = "tidak", "Tidak"
    DITOLAK = "ditolak", "Ditolak"
    DIBATALKAN = "dibatalkan", "Dibatalkan"


class AuditAction(models.TextChoices):
    """What the core writes into the audit trail; services add their own (see sop/services.py)."""

    MULAI = "mulai", "Permohonan dicatat"
    AMBIL = "ambil", "Langkah diambil"
    SELESAIKAN = "selesaikan", "Langkah diselesaikan"
    LANJUTKAN = "lanjutkan", "Pemohon kembali, permohonan dilanjutkan"
    TOLAK = "tolak", "Permohonan ditolak"
    BATALKAN = "batalkan", "Permohonan dibatalkan"
    TERBITKAN = "terbitkan", "Dokumen diterbitkan"
    CABUT = "cabut", "Dokumen dicabut"
    MUAT_SOP = "muat_sop", "Versi SOP dimuat"
    ADMIN_TAMBAH = "admin_tambah", "Ditambahkan di admin"
    ADMIN_UBAH = "admin_ubah", "Diubah di admin"
    ADMIN_HAPUS = "admin_hapus", "Dihapus di admin"
    AWAL_RANTAI = "awal_rantai", "Rantai audit per permohonan dimulai"


class CaseQuerySet(models.QuerySet):
    def matching(self, words: list[str]) -> "CaseQuerySet":
        """Cases whose search text holds every word (see cases/search.py); none without words."""
        found = self if words else self.none()
        for word in words:
            found = found.filter(search_text__contains=word)
        return found

    def returned_to_applicant(self, offices) -> "CaseQuerySet":
        """Cases waiting for their applicant to come back, in these offices, newest first."""
        return self.filter(office__in=offices, state=Case.State.MENUNGGU_PEMOHON).order_by(
            "-opened_at", "-pk"
        )


class Case(models.Model):
    """One request handled under one SOP version, from intake to the end."""

    class State(models.TextChoices):
        BERJALAN = "berjalan", "Sedang diproses"
        MENUNGGU_PEMOHON = "menunggu_pemohon", "Dikembalikan ke pemohon"
        SELESAI = "selesai", "Selesai"
        DITOLAK = "ditolak", "Ditolak"
        DIBATALKAN = "dibatalkan", "Dibatalkan"

    code = models.CharField("kode lacak", max_length=20, unique=True)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="cases")
    sop_version = models.ForeignKey(SopVersion, on_delete=models.PROTECT, related_name="cases")
    state = models.CharField(max_length=20, choices=State, default=State.BERJALAN)
    current_step = models.PositiveIntegerField(null=True, blank=True)
    subject = models.CharField("pemohon", max_length=200)
    # Lower-case code, name and identity digits, written when the case opens (cases/search.py).
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    intake = models.JSONField("isian", default=dict)
    note = models.TextField("catatan terakhir", blank=True)
    checklist = models.JSONField("persyaratan yang ada", default=list)
    register_number = models.CharField("nomor register", max_length=200, blank=True)
    dispatch = models.JSONField(
        "pengiriman", default=dict, blank=True, help_text="sent to another office: when, to whom"
    )
    deadline = models.DateField(
        "batas waktu", null=True, blank=True, help_text="an outside limit; worklists sort by it"
    )
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The head of the case's own audit chain: written with each event under the case row's lock,
    # so no audited write waits on another case (docs/audit.md).
    audit_head = models.CharField(max_length=64, blank=True)
    audit_count = models.PositiveIntegerField(default=0)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["office", "state", "opened_at"]),
            # The reports count cases opened and closed in a period, office by office; on
            # PostgreSQL the included columns let them read the index alone.
            models.Index(
                fields=["office", "opened_at"], name="case_office_opened", include=["sop_version"]
            ),
            models.Index(
                fields=["office", "closed_at"],
                name="case_office_closed",
                include=["sop_version", "state"],
            ),
        ]
        verbose_name = "permohonan"
        verbose_name_plural = "permohonan"

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.BERJALAN, self.State.MENUNGGU_PEMOHON)

    def days_past_deadline(self, today) -> int:
        """Days beyond its outside limit: on the day it closed (office time), else today."""
        if self.deadline is None:
            return 0
        end = timezone.localdate(self.closed_at, self.office.tz) if self.closed_at else today
        return max(0, (end - self.deadline).days)


class StepRecordQuerySet(models.QuerySet):
    def waiting_for(self, kodes: dict[Office, set[str]]) -> "StepRecordQuerySet":
        """Open steps of these pelaksana kodes per office, the most urgent first: an outside
        limit (the nearest first), then the due time."""
        if not kodes:
            return self.none()
        mine = Q()
        for office, office_kodes in kodes.items():
            mine |= Q(office=office, pelaksana__in=office_kodes)
        return self.filter(mine, completed_at__isnull=True).order_by(
            F("case__deadline").asc(nulls_last=True), F("due_at").asc(nulls_last=True), "pk"
        )


class StepRecord(models.Model):
    """One visit of a case to one pelaksana of one step, timed in office minutes."""

    # indexed below by "step_case", which also carries the minutes the reports add up
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="records", db_index=False)
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    # The case's version, copied so that reports group steps by SOP without a join per row.
    sop_version = models.ForeignKey(
        SopVersion, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    step_no = models.PositiveIntegerField()
    stage = models.PositiveSmallIntegerField(
        default=0, help_text="position in the step's pelaksana"
    )
    pelaksana = models.CharField(max_length=50)
    arrived_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    signed_as = models.CharField("sebagai", max_length=250, blank=True)
    outcome = models.CharField("hasil", max_length=20, blank=True, choices=Outcome)
    note = models.TextField("catatan", blank=True)
    mutu_baku_minutes = models.PositiveIntegerField()
    due_at = models.DateTimeField(
        "batas", null=True, blank=True, help_text="arrival plus the mutu baku in office time"
    )
    waiting_minutes = models.PositiveIntegerField(null=True, blank=True)
    handling_minutes = models.PositiveIntegerField(null=True, blank=True)

    objects = StepRecordQuerySet.as_manager()

    class Meta:
        ordering = ["case", "arrived_at", "pk"]
        indexes = [
            models.Index(
                fields=["office", "pelaksana", "arrived_at"],
                condition=Q(completed_at__isnull=True),
                name="open_step_worklist",
            ),
            models.Index(
                fields=["case"],
                name="step_case",
                include=["waiting_minutes", "handling_minutes"],
            ),
            # The dashboard's steps of a period: everything it reads is in the index (PostgreSQL).
            models.Index(
                fields=["office", "completed_at"],
                name="step_completed",
                include=[
                    "sop_version",
                    "step_no",
                    "stage",
                    "pelaksana",
                    "mutu_baku_minutes",
                    "waiting_minutes",
                    "handling_minutes",
                    "outcome",
                    "completed_by",
                ],
            ),
        ]
        verbose_name = "catatan langkah"
        verbose_name_plural = "catatan langkah"

    def __str__(self) -> str:
        return f"{self.case} langkah {self.step_no}"

    @property
    def total_minutes(self) -> int | None:
        if self.handling_minutes is None:
            return None
        return self.handling_minutes + (self.waiting_minutes or 0)

    @property
    def is_late(self) -> bool:
        return (self.total_minutes or 0) > self.mutu_baku_minutes

    def is_overdue(self, now) -> bool:
        """Still open after its due time."""
        return self.completed_at is None and self.due_at is not None and now > self.due_at


class AuditEvent(models.Model):
    """An append-only record of a change of state, hash-chained per case (or per scope when it
    concerns no case): each event carries the hash of the one before in its chain."""

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    scope = models.CharField(
        max_length=100, blank=True, help_text="the chain of an event without a case, e.g. sistem"
    )
    seq = models.PositiveIntegerField("urutan", help_text="position in its chain, from 1")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=40)  # an AuditAction, or a service's (audit_label)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "seq"], condition=Q(case__isnull=False), name="audit_case_seq"
            ),
            models.UniqueConstraint(
                fields=["scope", "seq"], condition=Q(case__isnull=True), name="audit_scope_seq"
            ),
        ]
        verbose_name = "jejak audit"
        verbose_name_plural = "jejak audit"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def chain(self) -> str:
        return f"permohonan:{self.case_id}" if self.case_id else self.scope

    def get_action_display(self) -> str:
        from tertib.sop.services import audit_label

        return audit_label(self.action)


class AuditChain(models.Model):
    """The head of a chain of events without a case (one per scope); locked while an event is
    appended to it. Case chains keep their head on the case row."""

    scope = models.CharField(max_length=100, unique=True)
    head = models.CharField(max_length=64)
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.scope} #{self.count}"


class Register(models.Model):
    """A register book (buku register / agenda) of an office; numbers restart each year."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="registers")
    kode = models.SlugField(max_length=50)
    name = models.CharField("nama", max_length=200)
    number_format = models.CharField(
        "format nomor",
        max_length=200,
        default="{nomor:04}/{unit}/{tahun}",
        help_text="{nomor:04}, {unit}, {tahun}, {bulan} (angka) and {bulan_romawi}",
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "kode"], name="register_unique")]
        verbose_name = "buku register"
        verbose_name_plural = "buku register"

    def __str__(self) -> str:
        return f"{self.name} ({self.office})"


class RegisterCounter(models.Model):
    """The last number given in a register for a year; locked while the next one is taken."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="counters")
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="register_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last_number}"


class RegisterEntry(models.Model):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField()
    formatted = models.CharField("nomor", max_length=200)
    entered_on = models.DateField("tanggal")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="register_entries")
    subject = models.CharField("perihal", max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # A number once given stays in the book: a revoked entry is marked, never deleted.
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)
    revoked_reason = models.TextField("alasan pencabutan", blank=True)

    class Meta:
        ordering = ["register", "year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"], name="register_entry_unique"
            )
        ]
        verbose_name = "isi buku register"
        verbose_name_plural = "isi buku register"

    def __str__(self) -> str:
        return self.formatted


class Attachment(models.Model):
    """A scan handed in for a checklist item; the file lives outside the web root."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    requirement = models.CharField("persyaratan", max_length=50)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["case", "requirement"]

    def __str__(self) -> str:
        return f"{self.case} {self.requirement}"


class IssuedDocument(models.Model):
    """A final document as issued: its bytes' SHA-256 and a code to verify it publicly."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("jenis", max_length=50)
    code = models.CharField("kode verifikasi", max_length=20, unique=True)
    number = models.CharField("nomor", max_length=200, blank=True)
    issued_at = models.DateTimeField()
    signer_name = models.CharField(max_length=200, blank=True)
    signer_title = models.CharField(max_length=250, blank=True)
    sha256 = models.CharField(max_length=64)
    path = models.CharField(max_length=300)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["case", "issued_at"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="document_kind_once")]

    def __str__(self) -> str:
        return f"{self.kind} {self.code}"

    def get_kind_label(self) -> str:
        from tertib.sop.services import document_label

        return document_label(self.kind)


class Notice(models.Model):
    """An in-app reminder or escalation about a case, sent once per user and kind."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notices")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField("jenis", max_length=50)
    message = models.TextField("pesan")
    created_at = models.DateTimeField()
    emailed = models.BooleanField(default=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["case", "user", "kind"], name="notice_once")]
        verbose_name = "pemberitahuan"
        verbose_name_plural = "pemberitahuan"

    def __str__(self) -> str:
        return self.message
