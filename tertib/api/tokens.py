"""Personal API tokens: made and revoked by their owner, stored hashed, shown once."""

import datetime

from django.db import models, transaction
from django.utils import timezone

from tertib.api.models import ApiToken, digest
from tertib.cases.audit import record_event


class ApiAction(models.TextChoices):
    TOKEN_DIBUAT = "token_dibuat", "Token API dibuat"
    TOKEN_DICABUT = "token_dicabut", "Token API dicabut"


@transaction.atomic
def create_token(*, user, name: str, scope: str, days: int) -> tuple[ApiToken, str]:
    """A new token for the user; the secret is returned once and never stored."""
    now, secret = timezone.now(), ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        key_hash=digest(secret),
        hint=secret[-6:],
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    payload = {"token": token.pk, "nama": name, "cakupan": scope, "hari": days}
    record_event(case=None, actor=user, action=ApiAction.TOKEN_DIBUAT, at=now, payload=payload)
    return token, secret


@transaction.atomic
def revoke_token(*, user, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token_id, user=user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            case=None,
            actor=user,
            action=ApiAction.TOKEN_DICABUT,
            at=token.revoked_at,
            payload={"token": token.pk},
        )
    return token


def token_for(secret: str) -> ApiToken | None:
    """The valid token with this secret, if any; marks when it was last used."""
    if not secret.startswith("trb_") or len(secret) > 100:
        return None
    token = ApiToken.objects.valid().select_related("user").filter(key_hash=digest(secret)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token
