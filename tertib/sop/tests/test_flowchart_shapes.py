"""The flowchart of any valid SOP shape: generated flows, checked by their geometry."""

import itertools

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tertib.sop.definition import PEMOHON, SELESAI, Definition
from tertib.sop.flowchart import draw_pages
from tertib.sop.geometry import crosses_box, overlaps
from tertib.sop.layout import columns_for, paginate
from tertib.sop.tests.shapes import PELAKSANA, SHAPES, sop_data, step
from tertib.sop.validation import check_text

EXITS = [SELESAI, PEMOHON]


@st.composite
def sop_shapes(draw) -> Definition:
    """A valid SOP of 1-12 steps: decisions, jumps, loops, exits and paraf chains anywhere."""
    lanes = draw(st.integers(1, 5))
    kodes = [kode for kode, _nama in PELAKSANA[:lanes]]
    count = draw(st.integers(1, 12))
    steps = []
    for no in range(1, count + 1):
        onward = no + 1 if no < count else SELESAI
        anywhere = st.sampled_from([n for n in range(1, count + 1) if n != no] + EXITS)
        if draw(st.integers(0, 2)) == 0:
            other = draw(anywhere.filter(lambda target, onward=onward: target != onward))
            ya, tidak = (onward, other) if draw(st.booleans()) else (other, onward)
            steps.append(step(no, draw(st.sampled_from(kodes)), ya=ya, tidak=tidak))
            continue
        who = draw(st.lists(st.sampled_from(kodes), min_size=1, max_size=3, unique=True))
        lanjut = draw(st.one_of(st.none(), st.none(), anywhere))
        steps.append(step(no, who if len(who) > 1 else who[0], lanjut=lanjut))
    checked = check_text(yaml.safe_dump(sop_data(steps, lanes)), file="bentuk.yaml")
    assume(checked.definition is not None)
    return checked.definition


def drawings_of(definition: Definition, max_steps: int = 0, paper: str = "A4"):
    pages = paginate(definition, paper, max_steps)
    columns = columns_for(paper, len(definition.pelaksana))
    return pages, columns, draw_pages(definition, pages, columns)


def segments(drawing):
    """Every segment of every arrow, with the arrow it belongs to and its position in it."""
    return [
        (index, position, segment)
        for index, line in enumerate(drawing.lines)
        for position, segment in enumerate(line.segments)
    ]


def shared_segments(drawing) -> list:
    found = []
    for (i, p, a), (j, q, b) in itertools.combinations(segments(drawing), 2):
        if (i != j or abs(p - q) > 1) and overlaps(a, b):
            found.append((drawing.lines[i], drawing.lines[j]))
    return found


def labels_on_lines(drawing) -> list:
    return [
        (label, segment)
        for label in drawing.labels
        for _i, _p, segment in segments(drawing)
        if crosses_box(segment, label.box)
    ]


def lines_through_symbols(drawing) -> list:
    """Arrows that pass through a symbol other than where they start and end."""
    found = []
    for line in drawing.lines:
        first, last = line.points[0], line.points[-1]
        for shape in drawing.shapes:
            touches = [p for p in (first, last) if _on_box(shape, p)]
            inner = (shape.left + 0.05, shape.top + 0.05, shape.right - 0.05, shape.bottom - 0.05)
            crossing = [s for s in line.segments if crosses_box(s, inner)]
            if crossing and not touches:
                found.append((line, shape))
    return found


def _on_box(shape, point) -> bool:
    x, y = point
    return (
        shape.left - 0.01 <= x <= shape.right + 0.01
        and shape.top - 0.01 <= y <= shape.bottom + 0.01
    )


def lane_bounds(columns, lane: int) -> tuple[float, float]:
    return columns.lane * lane, columns.lane * (lane + 1)


def in_lane(shape, columns, lane: int) -> bool:
    low, high = lane_bounds(columns, lane)
    return low <= shape.left and shape.right <= high


def check_geometry(definition: Definition, max_steps: int) -> None:
    pages, columns, drawings = drawings_of(definition, max_steps)
    lane_of = {p.kode: i for i, p in enumerate(definition.pelaksana)}
    for page, drawing in zip(pages, drawings, strict=True):
        assert shared_segments(drawing) == []
        assert labels_on_lines(drawing) == []
        assert lines_through_symbols(drawing) == []
        for row_step in page.steps:
            symbols = [s for s in drawing.shapes if s.step == row_step.no and s.role == "symbol"]
            assert len(symbols) == len(row_step.pelaksana)
            for shape, kode in zip(symbols, row_step.pelaksana, strict=True):
                assert in_lane(shape, columns, lane_of[kode]), (shape, kode)
            for label, target in row_step.targets(0):
                if target == PEMOHON:
                    exits = [
                        s for s in drawing.shapes if s.step == row_step.no and s.role == PEMOHON
                    ]
                    assert len(exits) == 1
                    assert exits[0].kind == "terminator"
                    assert in_lane(exits[0], columns, lane_of[row_step.pelaksana[-1]]), label
    first = definition.langkah[0]
    drawing = drawings[0]
    start = [s for s in drawing.shapes if s.step == first.no and s.kind == "terminator"]
    symbol = next(s for s in drawing.shapes if s.step == first.no and s.role == "symbol")
    assert any(s.role == "mulai" and s.bottom <= symbol.top for s in start) or (
        symbol.kind == "terminator" and len(first.pelaksana) == 1 and first.jenis == "proses"
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(definition=sop_shapes(), max_steps=st.sampled_from([0, 0, 2, 3, 5]))
def test_generated_shapes_draw_cleanly(definition, max_steps):
    check_geometry(definition, max_steps)


@pytest.mark.parametrize("name", sorted(SHAPES))
@pytest.mark.parametrize("max_steps", [0, 2])
def test_chosen_shapes_draw_cleanly(name, max_steps):
    check_geometry(SHAPES[name], max_steps)


def test_a_deciding_step_one_starts_with_mulai_above_it():
    _pages, _columns, [drawing] = drawings_of(SHAPES["decision-first"])
    mulai = next(s for s in drawing.shapes if s.role == "mulai")
    diamond = next(s for s in drawing.shapes if s.step == 1 and s.role == "symbol")
    assert (mulai.kind, mulai.text, mulai.x) == ("terminator", "Mulai", diamond.x)
    assert mulai.bottom < diamond.top
    assert [(round(x, 2), round(y, 2)) for x, y in drawing.lines[0].points] == [
        (round(mulai.x, 2), round(mulai.bottom, 2)),
        (round(diamond.x, 2), round(diamond.top, 2)),
    ]


def test_a_paraf_chain_at_step_one_starts_with_mulai_above_its_first_official():
    _pages, columns, [drawing] = drawings_of(SHAPES["paraf-first"])
    mulai = next(s for s in drawing.shapes if s.role == "mulai")
    assert mulai.x == columns.lane * 2.5  # kasi, the chain's first official
    assert [s.kind for s in drawing.shapes if s.step == 1 and s.role == "symbol"] == ["process"] * 3


def test_a_process_at_step_one_is_itself_the_start_terminator():
    _pages, _columns, drawings = drawings_of(SHAPES["back-to-earlier"])
    drawing = drawings[0]
    assert [s.role for d in drawings for s in d.shapes if s.role == "mulai"] == []
    assert next(s for s in drawing.shapes if s.step == 1).kind == "terminator"


@pytest.mark.parametrize(("name", "decider"), [("decision-first", 1), ("decision-last", 3)])
def test_return_to_the_applicant_is_drawn_below_the_decision_in_its_lane(name, decider):
    _pages, _columns, drawings = drawings_of(SHAPES[name])
    shapes = [s for d in drawings for s in d.shapes if s.step == decider]
    diamond = next(s for s in shapes if s.role == "symbol")
    back = next(s for s in shapes if s.role == PEMOHON)
    assert (back.text, back.x) == ("Kembali ke pemohon", diamond.x)
    assert back.top > diamond.bottom


def test_a_decision_may_end_and_return_with_both_terminators_in_its_lane():
    _pages, _columns, [drawing] = drawings_of(SHAPES["decision-last"])
    ends = [(s.role, s.x) for s in drawing.shapes if s.step == 3 and s.role != "symbol"]
    diamond = next(s for s in drawing.shapes if s.step == 3 and s.role == "symbol")
    assert ends == [(SELESAI, diamond.x), (PEMOHON, diamond.x)]
    assert sorted(label.text for label in drawing.labels) == ["Tidak", "Ya"]


def test_two_loops_back_into_one_lane_run_on_separate_tracks():
    _pages, _columns, drawings = drawings_of(SHAPES["back-to-earlier"])
    backward = [
        line
        for drawing in drawings
        for line in drawing.lines
        if line.points[-1][1] < line.points[0][1]
    ]
    assert len(backward) == 2
    verticals = {round(a[0], 2) for line in backward for a, b in line.segments if a[0] == b[0]}
    assert len(verticals) == 2


def test_long_flow_breaks_into_pages_with_lettered_connectors():
    pages, _columns, drawings = drawings_of(SHAPES["long-two-pages"], max_steps=6)
    assert len(pages) >= 2
    out = sorted(s.text for d in drawings for s in d.shapes if s.role == "keluar")
    into = sorted(s.text for d in drawings for s in d.shapes if s.role == "masuk")
    assert out == into and out == list("ABCDEFGH"[: len(out)])
