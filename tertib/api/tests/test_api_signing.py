"""The API checks the signer's password before the step's transaction opens, as the desk does."""

import pytest

from tertib.api.tests.test_api import ALL, api, call, finish, intake_data  # noqa: F401 - fixture
from tertib.cases.models import Case
from tertib.cases.tests.test_issuing import recorded_passwords  # noqa: F401 - fixture
from tertib.org.testing import PASSWORD


@pytest.mark.django_db(transaction=True)
def test_api_checks_the_signers_password_outside_the_steps_transaction(
    api,  # noqa: F811 - the fixture imported above
    recorded_passwords,  # noqa: F811
):
    api.camat.set_password(PASSWORD)
    api.camat.save()
    code = call(api, "staf", "post", "/permohonan/", data=intake_data()).json()["kode"]
    finish(api, "staf", code, keputusan="ya", ada=ALL)
    finish(api, "kasi", code)
    recorded_passwords.clear()

    signed = finish(api, "camat", code, password=PASSWORD)

    assert signed.status_code == 200, signed.content
    assert Case.objects.get().current_step == 5
    assert recorded_passwords == [False]
