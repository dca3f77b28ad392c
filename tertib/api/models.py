import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "trb_"


def digest(token: str) -> str:
    """Tokens carry 256 random bits, so a plain SHA-256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def valid(self, now=None) -> "ApiTokenQuerySet":
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A personal API token: shown once, stored hashed, scoped, expiring, revocable."""

    class Scope(models.TextChoices):
        READ = "baca", "Baca saja"
        WRITE = "tulis", "Baca dan tulis"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("nama", max_length=100)
    scope = models.CharField("cakupan", max_length=10, choices=Scope, default=Scope.READ)
    key_hash = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=12, help_text="the token's last characters, to tell apart")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField("berlaku sampai")
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "token API"
        verbose_name_plural = "token API"

    def __str__(self) -> str:
        return f"{self.name} (…{self.hint})"

    @staticmethod
    def new_secret() -> str:
        return PREFIX + secrets.token_urlsafe(32)


class IdempotentRequest(models.Model):
    """The answer to a POST sent with an Idempotency-Key, replayed when the key comes again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    body_hash = models.CharField(max_length=64, default="", help_text="SHA-256 of what was asked")
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.key} {self.path}"
