"""Demo data of the citizen's side: Undaan's service settings and survey answers for most of
the SKTM requests it served this semester, so the Camat's reports show an IKM."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from tertib.cases.models import Case
from tertib.citizen.models import OfficeStandard, ServiceStandard, SurveyResponse
from tertib.citizen.survey import SERVED, record_survey
from tertib.org.models import Office
from tertib.reports.figures import semester_of
from tertib.sop.models import Sop

# Each element's answers to draw from: waiting for the Camat's signature shows in unsur 3.
LEANINGS = [
    [3, 3, 4, 4],
    [3, 3, 3, 4],
    [2, 2, 3, 3, 4],
    [4],
    [3, 3, 4],
    [3, 3, 4],
    [3, 4, 4],
    [2, 3, 3],
    [2, 3, 3, 4],
]
SARAN = [
    "Ruang tunggu panas, mohon kipas angin",
    "Tanda tangan Pak Camat agak lama",
    "Petugas ramah dan jelas",
    "",
    "",
    "",
]


def load(*, today: datetime.date | None = None) -> int:
    """Answer about two thirds of the SKTM requests served this semester; once only."""
    office = Office.objects.get(slug="kecamatan-undaan")
    _settings(office)
    if SurveyResponse.objects.filter(office=office).exists():
        return 0
    rng, now = random.Random(14), timezone.now()
    lo, _ = semester_of(today or timezone.localdate()).bounds()
    clerk = get_user_model().objects.get(username="staf.undaan")
    cases = Case.objects.filter(office=office, state__in=SERVED, closed_at__gte=lo).order_by("pk")
    count = 0
    for case in cases:
        if rng.random() < 0.67:
            _answer(case, rng, now, clerk)
            count += 1
    return count


def _settings(office: Office) -> None:
    OfficeStandard.objects.get_or_create(office=office)
    sktm = Sop.objects.get(kode="undaan-legalisasi-sktm")
    ServiceStandard.objects.get_or_create(sop=sktm, defaults={"gratis": True})


def _answer(case: Case, rng: random.Random, now: datetime.datetime, clerk) -> None:
    paper = rng.random() < 0.3
    record_survey(
        case=case,
        answers=[rng.choice(choices) for choices in LEANINGS],
        facts={
            "age": rng.randint(22, 70),
            "sex": rng.choice("LP"),
            "education": rng.choice(["sd", "smp", "sma", "sma", "s1"]),
            "occupation": rng.choice(["petani", "wirausaha", "swasta", "lainnya"]),
        },
        saran=rng.choice(SARAN),
        channel=SurveyResponse.Channel.KERTAS if paper else SurveyResponse.Channel.ONLINE,
        actor=clerk if paper else None,
        at=min(now, case.closed_at + datetime.timedelta(minutes=rng.randint(5, 600))),
    )
