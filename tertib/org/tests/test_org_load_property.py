"""Any valid org file loads, and loading it again changes nothing."""

import datetime
import io
import re
import tempfile
from pathlib import Path

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tertib.org.models import Assignment, Office, Position

pytestmark = pytest.mark.django_db

KODES = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)
USERNAMES = st.from_regex(r"[a-z0-9._-]{1,20}", fullmatch=True)
# Printable text, including letters YAML might read as something else ("yes", "1.5", "~").
NAMES = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60
)
CHANGES = re.compile(r"(\d+) (baru|diperbarui)")
DAYS = st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))


@st.composite
def org_files(draw) -> dict:
    """An org file: offices with positions, people, one definitif holder and some acting ones."""
    slugs = draw(st.lists(KODES, min_size=1, max_size=3, unique=True))
    people = draw(st.lists(USERNAMES, min_size=1, max_size=5, unique=True))
    offices = [
        {
            "kode": slug,
            "nama": draw(NAMES),
            "zona_waktu": draw(st.sampled_from(["WIB", "WITA", "WIT"])),
            "jabatan": [
                {"kode": kode, "nama": draw(NAMES)}
                for kode in draw(st.lists(KODES, min_size=1, max_size=4, unique=True))
            ],
            "pengelola": draw(st.lists(st.sampled_from(people), max_size=2, unique=True)),
        }
        for slug in slugs
    ]
    return {
        "kantor": offices,
        "pegawai": [{"username": name, "nama": draw(NAMES)} for name in people],
        "penugasan": [
            _assignment(draw, office, position, people)
            for office in offices
            for position in office["jabatan"]
        ],
    }


def _assignment(draw, office: dict, position: dict, people: list[str]) -> dict:
    starts = draw(DAYS)
    row = {
        "pegawai": draw(st.sampled_from(people)),
        "kantor": office["kode"],
        "jabatan": position["kode"],
        "jenis": draw(st.sampled_from(["definitif", "plt", "plh", "an"])),
        "mulai": starts,
    }
    if draw(st.booleans()):
        row["sampai"] = starts + datetime.timedelta(days=draw(st.integers(0, 3650)))
    return row


def _snapshot() -> tuple:
    return (
        list(Office.objects.order_by("slug").values()),
        list(Position.objects.order_by("pk").values()),
        list(get_user_model().objects.order_by("username").values("username", "first_name")),
        list(Assignment.objects.order_by("pk").values()),
    )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(org=org_files())
def test_any_valid_file_loads_and_loading_again_changes_nothing(org):
    with tempfile.TemporaryDirectory() as folder, transaction.atomic():
        path = Path(folder) / "org.yaml"
        path.write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
        call_command("org_load", str(path), stdout=io.StringIO())
        first = _snapshot()
        out = io.StringIO()

        call_command("org_load", str(path), stdout=out)

        assert _snapshot() == first
        assert {count for count, _kind in CHANGES.findall(out.getvalue())} == {"0"}
        assert Office.objects.count() == len(org["kantor"])
        assert Assignment.objects.count() == len(org["penugasan"])
        transaction.set_rollback(True)
