"""The flowchart's geometry: symbols in their pelaksana's lane, arrows joined, nothing outside."""

import pytest

from conftest import IURAN, SKTM
from tertib.sop.flowchart import draw_pages
from tertib.sop.layout import columns_for, paginate
from tertib.sop.validation import check_file, check_text

SKTM_TEXT = SKTM.read_text(encoding="utf-8")


def drawings_of(definition, paper="A4", max_steps=0):
    pages = paginate(definition, paper, max_steps)
    columns = columns_for(paper, len(definition.pelaksana))
    return pages, columns, draw_pages(definition, pages, columns)


def definitions():
    branching = SKTM_TEXT.replace("    tidak: pemohon\n", "    tidak: 1\n").replace(
        "    pelaksana: kasi_kesra\n",
        "    pelaksana: kasi_kesra\n    jenis: keputusan\n    pertanyaan: Fiat?\n"
        "    ya: 5\n    tidak: 4\n",
    )
    closing = SKTM_TEXT.replace(
        "    pelaksana: camat\n",
        "    pelaksana: camat\n"
        "    jenis: keputusan\n    pertanyaan: Disetujui?\n"
        "    ya: 5\n    tidak: selesai\n",
    )
    return {
        "sktm": check_file(SKTM).definition,
        "iuran": check_file(IURAN).definition,
        "sktm-skip-and-loop": check_text(branching, file="x").definition,
        "camat-may-end-it": check_text(closing, file="x").definition,
    }


@pytest.fixture(params=list(definitions().items()), ids=lambda item: item[0])
def definition(request):
    assert request.param[1] is not None
    return request.param[1]


@pytest.mark.parametrize("max_steps", [0, 2])
def test_everything_is_drawn_inside_the_lanes(definition, max_steps):
    _pages, columns, drawings = drawings_of(definition, max_steps=max_steps)
    for drawing in drawings:
        for shape in drawing.shapes:
            assert shape.left >= 0 and shape.right <= columns.flow_width, shape
            assert shape.top >= 0 and shape.bottom <= drawing.height, shape
        for line in drawing.lines:
            assert all(0 <= x <= columns.flow_width for x, _y in line.points), line
            assert all(0 <= y <= drawing.height for _x, y in line.points), line


def test_each_step_sits_in_its_pelaksana_lane(definition):
    pages, columns, drawings = drawings_of(definition)
    lanes = {p.kode: i for i, p in enumerate(definition.pelaksana)}
    for page, drawing in zip(pages, drawings, strict=True):
        for row in page.rows:
            if row.step is None:
                continue
            shapes = [s for s in drawing.band(row)["shapes"] if s.role == "symbol"]
            expected = [columns.lane * (lanes[kode] + 0.5) for kode in row.step.pelaksana]
            assert [round(s.x, 2) for s in shapes] == [round(x, 2) for x in expected]
            kinds = {s.kind for s in shapes}
            assert kinds == (
                {"decision"} if row.step.jenis == "keputusan" else kinds & {"process", "terminator"}
            )


def test_flow_starts_and_ends_with_terminators():
    definition = definitions()["sktm"]
    _pages, _columns, [drawing] = drawings_of(definition)
    kinds = [s.kind for s in drawing.shapes if not s.text]
    assert kinds == ["terminator", "process", "process", "process", "terminator"]


def on_outline(shape, point) -> bool:
    """Whether a point lies on the top centre or on the left or right outline of a shape."""
    x, y = point
    if abs(x - shape.x) < 0.01 and abs(y - shape.top) < 0.01:
        return True
    sides = (shape.edge_x(y, "left"), shape.edge_x(y, "right"))
    return shape.top <= y <= shape.bottom and any(abs(x - side) < 0.01 for side in sides)


def test_every_arrow_ends_on_a_symbol(definition):
    _pages, _columns, drawings = drawings_of(definition, max_steps=2)
    for drawing in drawings:
        for line in drawing.lines:
            assert any(on_outline(s, line.points[-1]) for s in drawing.shapes), line


def test_decision_arrows_are_labelled_ya_and_tidak():
    _pages, _columns, [drawing] = drawings_of(definitions()["sktm"])
    assert sorted(label.text for label in drawing.labels) == ["Tidak", "Ya"]
    assert [s.text for s in drawing.shapes if s.text] == ["Berkas lengkap?", "Kembali ke pemohon"]
