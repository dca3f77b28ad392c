"""The SKM questionnaire of one request: its link, and the one write that records the answers.

The link carries an HMAC of the case's tracking code, so a reprinted receipt carries the same
link and nothing needs storing before the citizen answers; the answer itself, one per case, is
what makes the link spent.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from tertib.cases.audit import record_event
from tertib.cases.documents import public_url
from tertib.cases.models import Case
from tertib.citizen.models import SurveyResponse
from tertib.citizen.skm import ELEMENTS, SCALE

SERVED = (Case.State.SELESAI, Case.State.DITOLAK)  # the request was served, well or not
FACTS = ("age", "sex", "education", "occupation")


class CitizenAction(models.TextChoices):
    SURVEI = "survei", "Survei kepuasan diisi"


class SurveyError(Exception):
    """The answers are refused; the message says why, in Indonesian."""


def survey_token(code: str) -> str:
    """The secret part of a case's survey link; the same for every print of the receipt."""
    mac = salted_hmac("tertib.citizen.survey", code, secret=settings.SURVEY_KEY, algorithm="sha256")
    return mac.hexdigest()[:24]


def token_matches(code: str, token: str) -> bool:
    return constant_time_compare(survey_token(code), token)


def survey_url(case: Case) -> str:
    return public_url(reverse("survey:answer", args=[case.code, survey_token(case.code)]))


def serves_citizens(definition) -> bool:
    """A service to a person, whose intake names the applicant (the subjek field), publishes
    its standard and is surveyed; an internal procedure, such as paying a bill, is not."""
    return any(field.subjek for field in definition.layanan.formulir)


def receipt_link(case: Case) -> dict | None:
    """The survey's QR block on the receipt (registered with tertib.cases.documents)."""
    if not serves_citizens(case.sop_version.definition):
        return None
    return {
        "title": "survei kepuasan",
        "url": survey_url(case),
        "text": "Setelah layanan selesai, mohon nilai pelayanan kami (Survei Kepuasan "
        "Masyarakat, 2 menit, tanpa nama):",
    }


def refusal(case: Case) -> str:
    """Why this case's survey cannot be answered now; empty when it can."""
    if not serves_citizens(case.sop_version.definition):
        return "Layanan ini tidak termasuk Survei Kepuasan Masyarakat."
    if SurveyResponse.objects.filter(case=case).exists():
        return "Survei untuk permohonan ini sudah diisi. Terima kasih atas penilaian Anda."
    if case.state not in SERVED:
        return (
            "Permohonan ini belum selesai dilayani. Survei dapat diisi setelah hasil layanan "
            "Anda terima."
        )
    return ""


@transaction.atomic
def record_survey(
    *,
    case: Case,
    answers: list[int],
    facts: dict,
    saran: str,
    channel: str,
    actor=None,
    at: datetime.datetime | None = None,
) -> SurveyResponse:
    """Store the nine answers of a served request, once, with its audit event."""
    at = at or timezone.now()
    case = Case.objects.select_for_update().select_related("sop_version").get(pk=case.pk)
    reason = refusal(case)
    if reason:
        raise SurveyError(reason)
    _check(answers)
    try:
        with transaction.atomic():  # the unique case is the last word if two submits race
            response = SurveyResponse.objects.create(
                case=case,
                office_id=case.office_id,
                sop_id=case.sop_version.sop_id,
                answered_at=at,
                channel=channel,
                entered_by=actor,
                saran=saran.strip(),
                **{f"u{n}": value for n, value in enumerate(answers, start=1)},
                **{name: facts.get(name) or _blank(name) for name in FACTS},
            )
    except IntegrityError:
        raise SurveyError(refusal(case) or "Survei untuk permohonan ini sudah diisi.") from None
    record_event(
        case=case, actor=actor, action=CitizenAction.SURVEI, at=at, payload={"cara": channel}
    )
    return response


def _check(answers: list[int]) -> None:
    if len(answers) != len(ELEMENTS) or any(value not in SCALE for value in answers):
        raise SurveyError("Setiap unsur harus dijawab dengan salah satu dari empat pilihan.")


def _blank(name: str):
    return None if name == "age" else ""
