"""Routing the flowchart's arrows so that no two share a segment and none crosses a symbol.

Every arrow is orthogonal. An arrow from a symbol's bottom to the step in the next row turns in
the head of that row and enters from the top. Every other arrow (a "tidak" sideways, a jump, a
loop back, a way to an off-page connector) runs along a corridor beside its target's lane, on a
track of its own, and enters the target from the side at a height of its own. Each candidate
route is checked against what is already drawn; the first clear one wins. Labels come last and
take the clear place nearest to the start of their arrow, touching no line, symbol or label.
"""

from dataclasses import dataclass

from tertib.sop.drawing import LABEL_FONT, Drawing, Label, Line, Shape, label_width
from tertib.sop.geometry import Box, Point, boxes_meet, crosses_box, overlaps, segments_of
from tertib.sop.layout import TAIL_MM, Columns

TRACK = 1.1  # distance between two arrows running side by side
EDGE_CLEAR = 1.0  # distance of the first track from a lane separator
SYMBOL_CLEAR = 0.6  # distance of the last track from a symbol
BAND_DROP = 1.5  # where an arrow from the row above turns, below the top of the row
SHAPE_PAD = 0.3
SIDE_OFFSETS = {
    "process": [0.0, -2.4, 2.4],
    "terminator": [0.0, -1.8, 1.8],
    "decision": [0.0, -2.8, 2.8, -4.8, 4.8],
    "connector": [-1.0, -2.8],
}
LABEL_TEXT = {"ya": "Ya", "tidak": "Tidak"}
# Where a label may move from its wanted place when a line is there: nearest first, 0.5 mm apart.
LABEL_MOVES = sorted(
    ((dx / 2, dy / 2) for dx in range(-20, 21) for dy in range(-14, 15)),
    key=lambda move: move[0] ** 2 + move[1] ** 2,
)


@dataclass
class Connection:
    source: Shape
    label: str  # ya, tidak, lanjut, or "" for an arrival from an off-page connector
    target: Shape


class Router:
    def __init__(self, drawing: Drawing, columns: Columns, symbol_w: float):
        self.drawing, self.lane, self.lanes = drawing, columns.lane, columns.lanes
        self.gutter = (columns.lane - symbol_w) / 2
        self.row_of: dict[int, int] = {}  # id(shape) -> index of its row in drawing.rows
        self.ports: dict[tuple[int, str], list[float]] = {}  # (id(shape), side) -> offsets used
        self.side_sources: set[int] = set()  # decisions with a branch leaving sideways
        self.drawn: list = []  # the segments of every arrow planned so far

    def straight(self, upper: Shape, lower: Shape, label: str = "") -> None:
        self._add([(upper.x, upper.bottom), (lower.x, lower.top)], label)
        self._claim(lower, "top")

    def chain(self, shapes: list[Shape]) -> None:
        """Join the officials of a paraf chain, jumping above the ones in between."""
        for before, after in zip(shapes, shapes[1:], strict=False):
            toward = "right" if after.x > before.x else "left"
            back = _other(toward)
            offset = next(
                (
                    o
                    for o in SIDE_OFFSETS["process"]
                    if not self._taken(before, toward, o) and not self._taken(after, back, o)
                ),
                0.0,
            )
            y = before.y + offset
            start, end = (before.edge_x(y, toward), y), (after.edge_x(y, back), y)
            ups = (before.top - 1.2, before.top - 2.2)
            tracks = self._tracks(before, toward)
            over = [
                [start, (xa, y), (xa, up), (after.x, up), (after.x, after.top)]
                for up in ups
                for xa in tracks
            ]
            routes = [[start, end], *over] + [
                [start, (xa, y), (xa, up), (xb, up), (xb, y), end]
                for up in ups
                for xa in tracks
                for xb in self._tracks(after, back)
            ]
            route = self._best(routes, before, after)
            self._add(route, "")
            self._claim(before, toward, offset)
            if route[-1][1] == after.top:
                self._claim(after, "top")
            else:
                self._claim(after, back, offset)

    def connect(self, connections: list[Connection]) -> None:
        by_source: dict[int, list[Connection]] = {}
        for connection in connections:
            by_source.setdefault(id(connection.source), []).append(connection)
        detours = []
        self.side_sources = {id(group[0].source) for group in by_source.values() if len(group) > 1}
        for group in by_source.values():
            bottom = self._bottom_branch(group)
            for connection in group:
                if connection is bottom and not self._from_bottom(connection):
                    detours.append((1, connection))
                elif connection is not bottom:
                    detours.append((0, connection))
        for from_bottom, connection in sorted(detours, key=lambda item: item[0]):
            self._detour(connection, bool(from_bottom))

    def _bottom_branch(self, group: list[Connection]) -> Connection:
        """The branch that leaves from the symbol's bottom: its exit below, else the next row."""
        below = [c for c in group if c.target.role != "symbol" and c.target.step == c.source.step]
        below = [c for c in below if c.target.role != "keluar"]
        adjacent = [c for c in group if self._row(c.target) == self._row(c.source) + 1]
        return (below or adjacent or group)[0]

    def _from_bottom(self, connection: Connection) -> bool:
        """Draw the bottom branch straight down or into the next row's top, if clear."""
        source, target = connection.source, connection.target
        if target.role in ("selesai", "pemohon") and target.step == source.step:
            self.straight(source, target, connection.label)
            return True
        if self._row(target) != self._row(source) + 1 or self._taken(target, "top"):
            return False
        band = self.drawing.rows[self._row(target)].top + BAND_DROP
        points = [
            (source.x, source.bottom),
            (source.x, band),
            (target.x, band),
            (target.x, target.top),
        ]
        if self._cost(_dedupe(points), source, target):
            return False
        self._add(points, connection.label)
        self._claim(target, "top")
        return True

    def _detour(self, connection: Connection, from_bottom: bool) -> None:
        source, target = connection.source, connection.target
        routes = []
        apart = abs(target.x - source.x) > source.w / 2
        if not from_bottom and apart and target.top > source.y and not self._taken(target, "top"):
            routes.append((self._elbow(source, target), "top", 0.0))
        starts = self._tails(source) if from_bottom else [None]
        if source.kind == "connector":
            starts = [*self._tails(source), None]
        for side in self._sides(source, target):
            for offset in self._free_offsets(target, side):
                for x in self._tracks(target, side):
                    for tail in starts:
                        points = self._corridor(source, target, side, offset, x, tail)
                        if points is not None:
                            routes.append((points, side, offset))
        if not routes:  # both sides taken: leave from the bottom
            return self._detour(connection, True)
        points, side, offset = self._best_of(routes, source, target)
        self._add(points, connection.label)
        self._claim(target, side, offset)
        if points[0][1] == source.y:  # left sideways
            self._claim(source, "left" if points[1][0] < points[0][0] else "right", 0.0)

    def _elbow(self, source: Shape, target: Shape) -> list[Point]:
        side = "left" if target.x < source.x else "right"
        return [
            (source.edge_x(source.y, side), source.y),
            (target.x, source.y),
            (target.x, target.top),
        ]

    def _tails(self, source: Shape) -> list[float]:
        """Heights below a symbol where an arrow leaving from its bottom may turn aside."""
        row = self.drawing.rows[self._row(source)]
        lowest = row.top + row.height - TAIL_MM / 2
        # a row of connectors sends several arrows aside: the half tracks come last
        steps = [0, 1, 2, 3, -0.5, 0.5, 1.5, 2.5, 3.5] if source.kind == "connector" else [0, 1, 2]
        heights = [lowest - TRACK * step for step in steps]
        bottom = row.top + row.height - 0.4
        return [y for y in heights if source.bottom + SYMBOL_CLEAR <= y <= bottom] or [lowest]

    def _corridor(self, source, target, side, offset, x, tail) -> list[Point] | None:
        """Out of the source (down to the tail height, or sideways when tail is None), along
        the corridor track x, into the target's side at the offset."""
        if tail is not None:
            y0 = tail
            start = [(source.x, source.bottom), (source.x, y0)]
        else:
            out = "left" if x < source.x else "right"
            if self._taken(source, out, 0.0):
                return None
            y0 = source.y
            start = [(source.edge_x(y0, out), y0)]
        y1 = target.y + offset
        return [*start, (x, y0), (x, y1), (target.edge_x(y1, side), y1)]

    def _sides(self, source: Shape, target: Shape) -> list[str]:
        """Which corridor of the target's lane to try first: the one facing the source."""
        s, t = self._lane(source), self._lane(target)
        if t != s:
            first = "right" if t < s else "left"
        else:
            first = "left" if self._row(target) < self._row(source) else "right"
        return [first, _other(first)]

    def _tracks(self, shape: Shape, side: str) -> list[float]:
        lane = self._lane(shape)
        count = max(1, int((self.gutter - SYMBOL_CLEAR - EDGE_CLEAR) / TRACK) + 1)
        offsets = [EDGE_CLEAR + TRACK * i for i in range(count)]
        # the middle of the gutter first: clear of both the separator and the symbols; when
        # a corridor is crowded, the tracks halfway between come last
        offsets.sort(key=lambda offset: abs(offset - self.gutter / 2))
        offsets += [EDGE_CLEAR + TRACK * (i + 0.5) for i in range(count - 1)]
        if side == "left":
            return [lane * self.lane + offset for offset in offsets]
        return [(lane + 1) * self.lane - offset for offset in offsets]

    def _free_offsets(self, shape: Shape, side: str) -> list[float]:
        offsets = SIDE_OFFSETS[shape.kind]
        if id(shape) in self.side_sources:  # its own sideways branch leaves from the vertex
            offsets = offsets[1:]
        free = [o for o in offsets if not self._taken(shape, side, o)]
        return free or offsets[-1:]

    def _best(self, routes: list[list[Point]], source: Shape, target: Shape) -> list[Point]:
        return self._best_of([(route, "", 0.0) for route in routes], source, target)[0]

    def _best_of(self, routes: list, source: Shape, target: Shape):
        best, best_cost = routes[0], None
        for route in routes:
            cost = self._cost(_dedupe(route[0]), source, target)
            if cost == 0:
                return route
            if best_cost is None or cost < best_cost:
                best, best_cost = route, cost
        return best

    def _cost(self, points: list[Point], source: Shape, target: Shape) -> int:
        """How many overlaps, crossed symbols and excursions off the page a route would make.

        A route may touch its source only with its first segment and its target with its last.
        """
        segments = segments_of(points)
        cost = sum(overlaps(a, b) for a in segments for b in self.drawn)
        last = len(segments) - 1
        for index, segment in enumerate(segments):
            for shape in self.drawing.shapes:
                if (shape is source and index == 0) or (shape is target and index == last):
                    continue
                cost += crosses_box(segment, shape.box, SHAPE_PAD)
        width, height = self.drawing.width, self.drawing.height
        cost += sum(not (0 <= x <= width and 0 <= y <= height) for x, y in points)
        return cost

    def place_labels(self) -> None:
        for line in self.drawing.lines:
            if line.label in LABEL_TEXT:
                self.drawing.labels.append(self._label(line, LABEL_TEXT[line.label]))

    def _label(self, line: Line, text: str) -> Label:
        """The clear place nearest to the spot beside the start of the arrow."""
        width, height = label_width(text), LABEL_FONT
        wanted_x, wanted_y = _beside(line.segments[0], width, height)
        obstacles = self._obstacles()
        for dx, dy in LABEL_MOVES:
            x, y = wanted_x + dx, wanted_y + dy
            box = (x - width / 2, y - height / 2, x + width / 2, y + height / 2)
            if self._clear(box, obstacles):
                return Label(box[0], box[1] + height * 0.8, text)
        return Label(wanted_x - width / 2, wanted_y + height * 0.3, text)

    def _obstacles(self):
        segments = [s for line in self.drawing.lines for s in line.segments]
        heads = [_bounds(line.head_points) for line in self.drawing.lines]
        return segments, heads + [label.box for label in self.drawing.labels]

    def _clear(self, box: Box, obstacles) -> bool:
        segments, boxes = obstacles
        if box[0] < 0 or box[1] < 0 or box[2] > self.drawing.width or box[3] > self.drawing.height:
            return False
        return (
            not any(crosses_box(s, box, 0.25) for s in segments)
            and not any(shape_meets(shape, box) for shape in self.drawing.shapes)
            and not any(boxes_meet(box, other) for other in boxes)
        )

    def _add(self, points: list[Point], label: str) -> None:
        line = Line(_dedupe(points), label)
        self.drawing.lines.append(line)
        self.drawn += line.segments

    def _claim(self, shape: Shape, side: str, offset: float = 0.0) -> None:
        self.ports.setdefault((id(shape), side), []).append(offset)

    def _taken(self, shape: Shape, side: str, offset: float = 0.0) -> bool:
        return offset in self.ports.get((id(shape), side), [])

    def _row(self, shape: Shape) -> int:
        return self.row_of[id(shape)]

    def _lane(self, shape: Shape) -> int:
        return min(self.lanes - 1, max(0, int(shape.x // self.lane)))


def _beside(segment, width: float, height: float) -> Point:
    """The centre of a label just beside the start of a segment."""
    (x0, y0), (x1, y1) = segment
    if x0 == x1:
        down = 1 if y1 > y0 else -1
        return (x0 + 0.7 + width / 2, y0 + down * (0.6 + height / 2))
    right = 1 if x1 > x0 else -1
    return (x0 + right * (0.6 + width / 2), y0 - 0.7 - height / 2)


def shape_meets(shape: Shape, box: Box) -> bool:
    """Whether a box touches a symbol; a diamond leaves the corners of its bounds free."""
    if not boxes_meet(box, shape.box):
        return False
    if shape.kind != "decision":
        return True
    nearest_x = min(max(shape.x, box[0]), box[2])
    nearest_y = min(max(shape.y, box[1]), box[3])
    return (
        abs(nearest_x - shape.x) / (shape.w / 2) + abs(nearest_y - shape.y) / (shape.h / 2) < 1.05
    )


def _bounds(points: list[Point]) -> Box:
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return (min(xs), min(ys), max(xs), max(ys))


def _other(side: str) -> str:
    return "left" if side == "right" else "right"


def _dedupe(points: list[Point]) -> list[Point]:
    result = [points[0]]
    for point in points[1:]:
        if point != result[-1]:
            result.append(point)
    return result
