"""Bad input never gives a 500: NUL bytes, other control characters, huge and non-ASCII
numbers at every URL of tertib.urls, anonymous and logged in."""

import re
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from tertib.cases.engine import start_case

HUGE = "99999999999999999999999"
ARABIC = "٣٣١٩٠٤٥٢٠٢٨٠٠٠٠٢"  # a NIK in Arabic-Indic digits
BAD_TEXT = ["A\x00B", ARABIC, HUGE, "-1", "x" * 3000]
FIELDS = [
    "kode", "tahun", "halaman", "tampil", "format", "mulai", "sampai", "periode", "record",
    "keputusan", "catatan", "alasan", "password", "penerima", "tanggal_kirim",
    "nomor_tanda_terima", "ada", "aksi", "sop", "text", "next", "number", "issued_on", "month",
    "amount", "virtual_account", "siltap", "jabatan", "bpjs_number", "ends_on", "spp_number",
    "spm_number", "account_code", "account_name", "nama", "nik", "kk", "alamat", "desa",
    "telepon", "keperluan", "tanggal_lahir", "username",
]  # fmt: skip
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns=None, prefix=""):
    """Every route of tertib.urls but the admin's, as text with <converter:name> holes."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith("admin/"):
                yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def urls(real: dict) -> set[str]:
    """Each route filled once with real values, and once with each bad value in each hole."""
    found = set()
    for route in routes():
        holes = CONVERTER.findall(route)
        found.add(_fill(route, {name: real.get(name, "1") for _, name in holes}))
        for _, name in holes:
            for bad in ["A\x00B", HUGE, "x" * 300]:
                found.add(_fill(route, {**{n: real.get(n, "1") for _, n in holes}, name: bad}))
    return found


def _fill(route: str, values: dict) -> str:
    return "/" + CONVERTER.sub(lambda m: quote(str(values[m.group(2)]), safe=""), route)


@pytest.fixture
def everything(undaan, settings):
    settings.PUBLIC_LOOKUPS_PER_MINUTE = 100_000
    case = start_case(
        sop_version=undaan.version,
        office=undaan.office,
        actor=undaan.staf,
        subject="Sumarni",
        intake={"nama": "Sumarni"},
    )
    undaan.real = {
        "code": case.code,
        "kode": "legalisasi-sktm",
        "office": undaan.office.slug,
        "number": "1",
        "pk": "1",
        "year": "2026",
        "kind": "spp",
    }
    undaan.admin = get_user_model().objects.create_superuser("root", password="x-123456789")
    return undaan


def hammer(client, url: str) -> list[tuple[str, str, int]]:
    answers = []
    for bad in BAD_TEXT:
        data = dict.fromkeys(FIELDS, bad)
        for method in (client.get, client.post):
            response = method(url, data)
            if response.status_code >= 500:
                answers.append((method.__name__, url, repr(bad)[:30], response.status_code))
    return answers


@pytest.mark.parametrize("who", [None, "camat", "admin"])
def test_no_url_answers_500_to_bad_input(client, everything, who):
    client.raise_request_exception = False
    if who:
        client.force_login(getattr(everything, who))

    failures = [f for url in sorted(urls(everything.real)) for f in hammer(client, url)]

    assert failures == []


def test_nul_in_a_field_is_refused_with_its_name(client, everything):
    client.force_login(everything.staf)

    response = client.post(f"/layanan/{everything.real['code']}/selesaikan/", {"catatan": "a\x00"})

    assert response.status_code == 400
    assert "Isian &#x27;catatan&#x27; berisi karakter kontrol" in response.text
