"""The SOP AP flowchart, drawn by our code with the five official symbols.

Shapes and lines are planned for a whole page in millimetres, then cut into one SVG per table
row (each SVG shows its row's band of the page drawing), so the drawing follows the table.
Symbols: terminator (capsule) for the first and last activity and for leaving the flow, process
box, decision diamond with Ya/Tidak, arrows, and the off-page connector (pentagon).
"""

import string
import textwrap
from dataclasses import dataclass, field

from tertib.sop.definition import PEMOHON, SELESAI, Definition, Langkah
from tertib.sop.layout import Columns, Page, Row

SYMBOL_W = 22.0
PROCESS_H = 9.0
DECISION_H = 15.0
EXIT_W = 21.0
EXIT_H = 7.0
PENTAGON = 8.0
GUTTER = 1.6  # distance of the detour lanes from the left and right edge of the lanes
BAND = 3.0  # where arrows run horizontally, below the top of the target row
ARROW = 1.6
EXIT_TEXT = {SELESAI: "Selesai", PEMOHON: "Kembali ke pemohon"}


@dataclass
class Shape:
    kind: str  # terminator, process, decision, connector
    x: float  # centre
    y: float
    w: float
    h: float
    text: str = ""

    @property
    def points(self) -> str:
        if self.kind == "decision":
            return _pts(
                [
                    (self.x, self.top),
                    (self.right, self.y),
                    (self.x, self.bottom),
                    (self.left, self.y),
                ]
            )
        return _pts(
            [
                (self.left, self.top),
                (self.right, self.top),
                (self.right, self.y + self.h * 0.15),
                (self.x, self.bottom),
                (self.left, self.y + self.h * 0.15),
            ]
        )

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def top(self) -> float:
        return self.y - self.h / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h / 2

    @property
    def rx(self) -> float:
        return self.h / 2

    @property
    def font_size(self) -> float:
        return 3.2 if self.kind == "connector" else 1.9

    @property
    def text_lines(self) -> list[tuple[float, str]]:
        """The text wrapped to fit the symbol, each line with its baseline y."""
        width = max(
            4, int(self.w * (0.62 if self.kind == "decision" else 0.85) / self.font_size * 2)
        )
        lines = textwrap.wrap(self.text, width)[:3]
        first = self.y + self.font_size * 0.35 - (len(lines) - 1) * self.font_size * 0.55
        if self.kind == "connector":
            first -= 0.8
        return [(first + i * self.font_size * 1.1, line) for i, line in enumerate(lines)]


@dataclass
class Line:
    points: list[tuple[float, float]]

    @property
    def path(self) -> str:
        return _pts(self.points)

    @property
    def head(self) -> str:
        """The arrowhead at the last point, as a small filled triangle."""
        (x0, y0), (x1, y1) = self.points[-2], self.points[-1]
        dx, dy = _unit(x1 - x0, y1 - y0)
        back_x, back_y = x1 - dx * ARROW * 1.6, y1 - dy * ARROW * 1.6
        return _pts(
            [
                (x1, y1),
                (back_x - dy * ARROW / 2, back_y + dx * ARROW / 2),
                (back_x + dy * ARROW / 2, back_y - dx * ARROW / 2),
            ]
        )


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Drawing:
    """One page of the flowchart, in page millimetres."""

    width: float
    height: float
    lanes: list[float]  # x of the separators between lanes
    rows: list[Row]
    shapes: list[Shape] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    def band(self, row: Row) -> dict:
        """What the SVG of one row shows: its viewBox and the items that touch it."""
        top, bottom = row.top, row.top + row.height

        def touches(low: float, high: float) -> bool:
            return low < bottom and high > top

        return {
            "row": row,
            "top": top,
            "bottom": bottom,
            "view_box": f"0 {row.top:.2f} {self.width:.2f} {row.height:.2f}",
            "shapes": [s for s in self.shapes if touches(s.top, s.bottom)],
            "lines": [ln for ln in self.lines if touches(*_span(ln.points))],
            "heads": [ln for ln in self.lines if top <= ln.points[-1][1] <= bottom],
            "labels": [lb for lb in self.labels if top <= lb.y < bottom],
        }


def draw_pages(definition: Definition, pages: list[Page], columns: Columns) -> list[Drawing]:
    """Plan the drawing of every page; connectors are lettered A, B, C across pages."""
    lane_of = {p.kode: index for index, p in enumerate(definition.pelaksana)}
    page_of = {step.no: index for index, page in enumerate(pages) for step in page.steps}
    letters = iter(string.ascii_uppercase)
    crossings = {
        (src, label, dst): next(letters, "?")
        for src, label, dst in definition.edges()
        if isinstance(dst, int) and page_of[src] != page_of[dst]
    }
    first, last_steps = definition.langkah[0].no, _ending_steps(definition)
    drawings = []
    for index, page in enumerate(pages):
        planner = _Planner(definition, page, columns, lane_of, first, last_steps)
        planner.place_symbols()
        for src, label, dst in definition.edges():
            if page_of[src] == index:
                planner.connect(src, label, dst, crossings.get((src, label, dst)))
            elif isinstance(dst, int) and page_of[dst] == index:
                planner.arrive(dst, crossings[(src, label, dst)])
        drawings.append(planner.drawing)
    return drawings


def _ending_steps(definition: Definition) -> set[int]:
    return {src for src, label, dst in definition.edges() if dst == SELESAI and label == "lanjut"}


class _Planner:
    def __init__(self, definition, page, columns, lane_of, first, last_steps):
        self.page, self.columns, self.lane_of = page, columns, lane_of
        self.entry_x = {s.no: self.lane_x(s.pelaksana[0]) for s in definition.langkah}
        self.first, self.last_steps = first, last_steps
        self.rows = {row.step.no: row for row in page.rows if row.step is not None}
        self.symbols: dict[int, list[Shape]] = {}
        self.outgoing_slots = 0
        self.incoming_slots = 0
        height = sum(row.height for row in page.rows)
        separators = [columns.lane * i for i in range(1, columns.lanes)]
        self.drawing = Drawing(columns.flow_width, height, separators, page.rows)

    def lane_x(self, kode: str) -> float:
        return self.columns.lane * (self.lane_of[kode] + 0.5)

    def place_symbols(self) -> None:
        for no, row in self.rows.items():
            step = row.step
            shapes = [
                self._symbol(step, kode, row, position)
                for position, kode in enumerate(step.pelaksana)
            ]
            for before, after in zip(shapes, shapes[1:], strict=False):
                start = before.right if after.x > before.x else before.left
                end = after.left if after.x > before.x else after.right
                self.drawing.lines.append(Line([(start, before.y), (end, after.y)]))
            self.symbols[no] = shapes
            self.drawing.shapes += shapes

    def _symbol(self, step: Langkah, kode: str, row: Row, position: int) -> Shape:
        y = row.top + BAND + 2 + (DECISION_H if step.jenis == "keputusan" else PROCESS_H) / 2
        y = max(y, row.top + row.height / 2)
        x, width = self.lane_x(kode), min(SYMBOL_W, self.columns.lane - 2 * GUTTER - 2)
        if step.jenis == "keputusan":
            return Shape("decision", x, y, width, DECISION_H, step.pertanyaan or "")
        is_first = step.no == self.first and position == 0
        is_last = step.no in self.last_steps and position == len(step.pelaksana) - 1
        kind = "terminator" if is_first or is_last else "process"
        return Shape(kind, x, y, width, PROCESS_H)

    def connect(self, src: int, label: str, dst: int | str, letter: str | None) -> None:
        source = self.symbols[src][-1]
        if dst == SELESAI and label == "lanjut":
            return  # the step itself is drawn as the closing terminator
        if isinstance(dst, str):
            self._exit(source, label, dst)
        elif letter is not None:
            self._to_connector(source, label, self.entry_x[dst], letter, src > dst)
        else:
            self._to_step(source, label, self.rows[src], self.rows[dst], self.symbols[dst][0])

    def _to_step(self, source: Shape, label: str, src_row: Row, dst_row: Row, target: Shape):
        band = dst_row.top + BAND
        adjacent = dst_row.top == src_row.top + src_row.height
        if label != "tidak" and adjacent:
            points = [
                (source.x, source.bottom),
                (source.x, band),
                (target.x, band),
                (target.x, target.top),
            ]
            self._add(points, label, source)
            return
        backwards = dst_row.top < src_row.top
        if label == "tidak":
            leftwards = self._tidak_goes_left(source)
            gutter = GUTTER if leftwards else self.drawing.width - GUTTER
            start = [(source.left if leftwards else source.right, source.y)]
        else:
            gutter = GUTTER if backwards else self.drawing.width - GUTTER
            start = [(source.x, source.bottom), (source.x, src_row.top + src_row.height - 2)]
        y = start[-1][1]
        points = [
            *start,
            (gutter, y),
            (gutter, band - 1),
            (target.x, band - 1),
            (target.x, target.top),
        ]
        self._add(points, label, source)

    def _tidak_goes_left(self, source: Shape) -> bool:
        """A "tidak" branch leaves sideways towards the left, unless it sits in the first lane."""
        return source.x > self.columns.lane

    def _exit(self, source: Shape, label: str, dst: str) -> None:
        """Leaving the flow: a terminator in the neighbouring lane, "tidak" and "ya" apart."""
        lane = int(source.x // self.columns.lane)
        leftwards = self._tidak_goes_left(source)
        if label != "tidak":
            leftwards = not leftwards
        if (leftwards and lane == 0) or (not leftwards and lane == self.columns.lanes - 1):
            leftwards = not leftwards  # no lane on that side
        direction = -1 if leftwards else 1
        half = EXIT_W / 2
        x = min(max(source.x + direction * self.columns.lane, half), self.drawing.width - half)
        end = Shape("terminator", x, source.y, EXIT_W, EXIT_H, EXIT_TEXT[dst])
        start_x = source.left if direction < 0 else source.right
        end_x = end.right if direction < 0 else end.left
        self.drawing.shapes.append(end)
        self._add([(start_x, source.y), (end_x, source.y)], label, source)

    def _to_connector(self, source: Shape, label: str, x: float, letter: str, back: bool):
        row = next(r for r in self.page.rows if r.kind == "keluar")
        x += self.outgoing_slots * (PENTAGON + 2)
        self.outgoing_slots += 1
        box = Shape("connector", x, row.top + row.height / 2, PENTAGON, PENTAGON, letter)
        self.drawing.shapes.append(box)
        if label == "tidak" or back:
            leftwards = label != "tidak" or self._tidak_goes_left(source)
            gutter = GUTTER if leftwards else self.drawing.width - GUTTER
            side = (source.left if leftwards else source.right) if label == "tidak" else source.x
            start_y = source.y if label == "tidak" else source.bottom
            points = [
                (side, start_y),
                (gutter, start_y),
                (gutter, row.top + 2),
                (x, row.top + 2),
                (x, box.top),
            ]
        else:
            points = [
                (source.x, source.bottom),
                (source.x, row.top + 2),
                (x, row.top + 2),
                (x, box.top),
            ]
        self._add(points, label, source)

    def arrive(self, dst: int, letter: str) -> None:
        row = next(r for r in self.page.rows if r.kind == "masuk")
        target = self.symbols[dst][0]
        x = target.x - self.incoming_slots * (PENTAGON + 2)
        self.incoming_slots += 1
        box = Shape("connector", x, row.top + row.height / 2, PENTAGON, PENTAGON, letter)
        self.drawing.shapes.append(box)
        band = self.rows[dst].top + BAND
        points = [(x, box.bottom), (x, band), (target.x, band), (target.x, target.top)]
        self.drawing.lines.append(Line(_dedupe(points)))

    def _add(self, points, label: str, source: Shape) -> None:
        self.drawing.lines.append(Line(_dedupe(points)))
        if label == "ya":
            self.drawing.labels.append(Label(source.x + 1.2, source.bottom + 2.6, "Ya"))
        elif label == "tidak":
            going_left = points[1][0] < points[0][0]
            x = points[0][0] + (-0.6 if going_left else 0.6)
            self.drawing.labels.append(
                Label(x, source.y - 1.0, "Tidak", "end" if going_left else "start")
            )


def _dedupe(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    result = [points[0]]
    for point in points[1:]:
        if point != result[-1]:
            result.append(point)
    return result


def _span(points: list[tuple[float, float]]) -> tuple[float, float]:
    ys = [y for _x, y in points]
    return min(ys) - 0.01, max(ys) + 0.01


def _unit(dx: float, dy: float) -> tuple[float, float]:
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    return dx / length, dy / length


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
