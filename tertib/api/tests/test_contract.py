"""Schemathesis generates requests from the OpenAPI document and sends them to the API: no
server error, and every answer matches the schema and status codes it documents. Runs on SQLite
and PostgreSQL. (Schemathesis' own pytest plugin does not run under this pytest; the operations
are driven with Hypothesis directly.)"""

import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tertib.api.tokens import create_token
from tertib.org.models import Desa

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]


def test_every_operation_answers_as_documented(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path / "private"
    Desa.objects.create(kecamatan=undaan.office, name="Wates")
    bearer = create_token(user=undaan.staf, name="kontrak", scope="tulis", days=1)[1]
    app = get_wsgi_application()
    # As Django's test client does: the test's transaction keeps its connection between calls.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        for operation in operations:
            _fuzz(operation, bearer)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(operation, bearer: str) -> None:
    @given(case=operation.as_strategy())
    @settings(
        max_examples=12,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case):
        response = case.call(headers={"Authorization": f"Bearer {bearer}"})
        case.validate_response(response, checks=CHECKS)

    check()
