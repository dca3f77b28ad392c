"""The dashboard charts' geometry and the figures as the dashboard page prints them."""

import datetime
import re

import pytest
from django.urls import reverse

from tertib.reports import charts
from tertib.reports.figures import Period, WeekFigure, office_figures
from tertib.reports.testing import WIB, walk

pytestmark = pytest.mark.django_db
NOVEMBER = Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


def at(hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(2026, 11, 23, hour, minute, tzinfo=WIB)


def test_week_bars_share_one_scale_and_the_tallest_reaches_the_top():
    weeks = [
        WeekFigure(datetime.date(2026, 11, 16), started=0, finished=0),
        WeekFigure(datetime.date(2026, 11, 23), started=4, finished=1),
    ]

    chart = charts.week_chart(weeks, height=160)

    bars = {(bar["title"]): bar for bar in chart["bars"]}
    assert chart["top"] == 4
    tallest, short = bars["Minggu 23/11: 4 masuk"], bars["Minggu 23/11: 1 selesai"]
    assert (tallest["h"], tallest["y"]) == (140, chart["top_y"])
    assert short["h"] == 35  # a quarter of the tallest
    assert tallest["y"] + tallest["h"] == short["y"] + short["h"] == chart["base_y"]
    assert bars["Minggu 16/11: 0 masuk"]["h"] == 0


def test_an_empty_period_draws_flat_bars_without_dividing_by_zero():
    chart = charts.week_chart([WeekFigure(datetime.date(2026, 11, 23))])

    assert chart["top"] == 1
    assert [bar["h"] for bar in chart["bars"]] == [0, 0]


def test_week_labels_every_fourth_week_in_indonesian():
    weeks = [WeekFigure(datetime.date(2026, 7, 6) + datetime.timedelta(weeks=n)) for n in range(9)]

    labels = [label["text"] for label in charts.week_chart(weeks)["labels"]]

    assert labels == ["6 Jul", "3 Agu", "31 Agu"]


def test_step_chart_draws_only_finished_steps_and_marks_the_late_one(undaan):
    walk(undaan, at=at(8), plan=[(0, 1), (0, 1), (0, 1), (0, 9)])

    chart = charts.step_chart(office_figures(undaan.office, NOVEMBER).sops[0])

    assert [(row["label"], row["late"]) for row in chart["rows"]] == [
        ("Langkah 1 · Staf", False),
        ("Langkah 2 · Staf", False),
        ("Langkah 3 · Kasi Kesra", False),
        ("Langkah 4 · Camat", True),
    ]
    camat = chart["rows"][3]
    assert camat["title"] == "Langkah 4 · Camat: p90 9, mutu baku 4 menit"
    assert camat["limit_x"] < 160 + camat["bar"]  # the bar runs past the mutu baku line


def figure_cards(html: str) -> dict[str, int]:
    found = re.findall(r'<span class="figure">(\d+)</span> ([a-z ]+)</div>', html)
    return {name: int(number) for number, name in found}


def test_dashboard_prints_the_counts_of_the_period(client, undaan):
    walk(undaan, at=at(8), plan=[(0, 1)] * 6)  # finished
    walk(undaan, at=at(9), plan=[(0, 1)])  # waits at step 2
    client.force_login(undaan.camat)

    html = client.get(
        reverse("reports:dashboard", args=["kecamatan-undaan"]),
        {"dari": "2026-11-01", "sampai": "2026-11-30"},
    ).content.decode()

    cards = figure_cards(html)
    assert cards["permohonan masuk"] == 2
    assert cards["selesai"] == 1
    assert cards["masih berjalan"] == 1
    assert "Siti Aminah" in html and "Legalisasi SKTM untuk permohonan pengalihan KIS" in html
