"""What a page of the flowchart holds: symbols, arrows and labels, in page millimetres."""

import textwrap
from dataclasses import dataclass, field

from tertib.sop.geometry import Box, Point, Segment, segments_of
from tertib.sop.layout import Row

ARROW = 1.6
LABEL_FONT = 2.4


@dataclass
class Shape:
    kind: str  # terminator, process, decision, connector
    x: float  # centre
    y: float
    w: float
    h: float
    text: str = ""
    step: int | None = None  # the step it draws (its own symbol, start or exit terminator)
    role: str = "symbol"  # symbol, mulai, selesai, pemohon, keluar, masuk

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
    def box(self) -> Box:
        return (self.left, self.top, self.right, self.bottom)

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

    def edge_x(self, y: float, side: str) -> float:
        """Where a horizontal line at height y meets the left or right outline."""
        dy = abs(y - self.y)
        inset = 0.0
        if self.kind == "decision":
            inset = self.w / 2 * dy / (self.h / 2)
        elif self.kind == "terminator" and dy > 0:
            inset = self.rx - (max(self.rx**2 - dy**2, 0.0)) ** 0.5
        return self.left + inset if side == "left" else self.right - inset


@dataclass
class Line:
    points: list[Point]
    label: str = ""  # ya, tidak, lanjut; empty for the joins of a paraf chain and the start

    @property
    def path(self) -> str:
        return _pts(self.points)

    @property
    def segments(self) -> list[Segment]:
        return segments_of(self.points)

    @property
    def head(self) -> str:
        """The arrowhead at the last point, as a small filled triangle."""
        return _pts(self.head_points)

    @property
    def head_points(self) -> list[tuple[float, float]]:
        (x0, y0), (x1, y1) = self.points[-2], self.points[-1]
        dx, dy = _unit(x1 - x0, y1 - y0)
        back_x, back_y = x1 - dx * ARROW * 1.6, y1 - dy * ARROW * 1.6
        return [
            (x1, y1),
            (back_x - dy * ARROW / 2, back_y + dx * ARROW / 2),
            (back_x + dy * ARROW / 2, back_y - dx * ARROW / 2),
        ]


@dataclass
class Label:
    x: float
    y: float  # baseline
    text: str
    anchor: str = "start"

    @property
    def box(self) -> Box:
        """The space the text takes, generously estimated."""
        width = label_width(self.text)
        left = self.x if self.anchor == "start" else self.x - width
        return (left, self.y - LABEL_FONT * 0.8, left + width, self.y + LABEL_FONT * 0.2)


def label_width(text: str) -> float:
    return len(text) * LABEL_FONT * 0.6


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
            "heads": [ln for ln in self.lines if touches(*_span(ln.head_points))],
            "labels": [lb for lb in self.labels if touches(lb.box[1], lb.box[3])],
        }


def _span(points: list[tuple[float, float]]) -> tuple[float, float]:
    ys = [y for _x, y in points]
    return min(ys) - 0.01, max(ys) + 0.01


def _unit(dx: float, dy: float) -> tuple[float, float]:
    length = (dx * dx + dy * dy) ** 0.5 or 1.0
    return dx / length, dy / length


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
