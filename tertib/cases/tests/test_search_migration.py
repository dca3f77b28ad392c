"""Migration cases.0010 gives every case already stored the search line the engine now writes."""

import pytest

from tertib.cases.engine import start_case
from tertib.cases.models import Case
from tertib.cases.tests.test_audit_migration import migrate

BEFORE = [("cases", "0009_audit_seq_unique")]
AFTER = [("cases", "0010_case_search_text")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_latest")
def test_cases_stored_before_get_their_search_text(undaan):
    cases = [
        start_case(
            sop_version=undaan.version,
            office=undaan.office,
            actor=undaan.staf,
            subject=name,
            intake={"nama": name, "nik": nik, "kk": "3319041503120007"},
        )
        for name, nik in [("Sumarni  Rahayu", "3319045203850002"), ("Warsini", "")]
    ]
    written = {case.pk: Case.objects.get(pk=case.pk).search_text for case in cases}

    migrate(BEFORE)
    migrate(AFTER)

    assert {case.pk: Case.objects.get(pk=case.pk).search_text for case in cases} == written
    assert written[cases[0].pk].endswith(" sumarni rahayu 3319045203850002 3319041503120007")
    assert written[cases[1].pk].endswith(" warsini 3319041503120007")
