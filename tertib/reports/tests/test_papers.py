"""The monitoring papers as printed: the Kabupaten logo, and the QR always beside the paraf,
never alone on a page, however long the notes grow."""

import datetime

import pytest
from django.test import TestCase

from tertib.cases.documents import render_pdf
from tertib.cases.testing import letterhead_lines, logo_pixels, nearly_empty_pages, page_texts
from tertib.org.testing import PASSWORD
from tertib.reports.figures import Period
from tertib.reports.monitoring import finalise_form, open_form, print_context, recap
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
NOTE = "Langkah 4 (Camat) terlambat: p90 1 jam 2 menit terhadap mutu baku 4 menit."


@pytest.fixture
def final_form(undaan, settings, tmp_path):
    settings.PRIVATE_DIR = tmp_path
    walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)] * 6)
    form = open_form(office=undaan.office, period=NOVEMBER, actor=undaan.camat)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the PDF is written on commit
        return finalise_form(form=form, actor=undaan.camat, password=PASSWORD)


def printed(form) -> bytes:
    return render_pdf("reports/monitoring_print.html", print_context(form))


def page_of(pdf: bytes, words: str) -> list[int]:
    return [n for n, text in enumerate(page_texts(pdf), start=1) if words in " ".join(text.split())]


def test_final_form_carries_the_logo_and_prints_the_paraf_date_in_words(final_form):
    pdf = printed(final_form)

    assert logo_pixels(pdf) > 200
    assert "Arif Budiyanto," in page_texts(pdf)[0]
    day = final_form.finalised_at.astimezone(WIB).date()
    assert f"{day.day} " in page_texts(pdf)[0] and f"-{day.month:02}-" not in page_texts(pdf)[0]


# Notes of every length move the end of the table down the page, past the point where the QR
# used to fall alone onto page 2.
@pytest.mark.parametrize("lines", range(0, 31, 3))
def test_qr_stays_with_the_paraf_on_one_page(final_form, lines):
    final_form.rows.update(notes="\n".join([NOTE] * lines))

    pdf = printed(final_form)

    assert nearly_empty_pages(pdf) == []
    assert page_of(pdf, "Kode verifikasi") == page_of(pdf, "Diparaf secara elektronik")
    assert len(page_of(pdf, "Kode verifikasi")) == 1


def test_kabupaten_recap_has_the_logo_and_the_organisasi_letterhead(undaan, organisasi):
    walk(undaan, at=datetime.datetime(2026, 11, 23, 8, tzinfo=WIB), plan=[(0, 1)] * 6)
    context = {
        "period": NOVEMBER,
        "offices": recap(NOVEMBER),
        "pemda": "PEMERINTAH KABUPATEN KUDUS",
    }

    pdf = render_pdf("reports/kabupaten_print.html", context)

    assert logo_pixels(pdf) > 200
    assert letterhead_lines(
        pdf, title="REKAP MONITORING PELAKSANAAN SOP ADMINISTRASI PEMERINTAHAN"
    ) == ["PEMERINTAH KABUPATEN KUDUS", "SEKRETARIAT DAERAH", "BAGIAN ORGANISASI"]
    assert nearly_empty_pages(pdf) == []
