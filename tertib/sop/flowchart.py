"""The SOP AP flowchart, drawn by our code with the five official symbols.

Shapes and lines are planned for a whole page in millimetres, then cut into one SVG per table
row (each SVG shows its row's band of the page drawing), so the drawing follows the table.
Symbols: terminator (capsule) for the start, the end and for leaving the flow, process box,
decision diamond with Ya/Tidak, arrows, and the off-page connector (pentagon). Each step's row
stacks, in the lane of its pelaksana: a "Mulai" terminator when step 1 decides or passes through
several officials, the step's symbol(s), then the terminators its branches leave the flow by.
How arrows are routed is in tertib.sop.routing.
"""

import string

from tertib.sop.definition import PEMOHON, SELESAI, Definition, Langkah
from tertib.sop.drawing import Drawing, Label, Line, Shape
from tertib.sop.layout import (
    CONNECTOR_LEVEL_MM,
    CONNECTOR_W,
    DECISION_H,
    HEAD_MM,
    MULAI,
    PROCESS_H,
    STACK_GAP,
    TAIL_MM,
    Columns,
    Page,
    Row,
    connector_slots,
    connector_targets,
    symbol_stack,
    symbol_width,
)
from tertib.sop.routing import Connection, Router

__all__ = ["Drawing", "Label", "Line", "Shape", "draw_pages"]

TERMINATOR_TEXT = {MULAI: "Mulai", SELESAI: "Selesai", PEMOHON: "Kembali ke pemohon"}


def draw_pages(definition: Definition, pages: list[Page], columns: Columns) -> list[Drawing]:
    """Plan the drawing of every page; connectors are lettered A, B, C by the step they reach."""
    page_of = {step.no: index for index, page in enumerate(pages) for step in page.steps}
    letters = iter(string.ascii_uppercase)
    letter_of: dict[int, str] = {}
    for src, _label, dst in definition.edges():
        if isinstance(dst, int) and page_of[src] != page_of[dst] and dst not in letter_of:
            letter_of[dst] = next(letters, "?")
    targets = connector_targets(definition, pages)
    drawings = []
    for index, page in enumerate(pages):
        counts = {kind: len(targets.get((index, kind), [])) for kind in ("masuk", "keluar")}
        planner = _Planner(definition, page, columns, counts)
        for src, label, dst in definition.edges():
            crossing = isinstance(dst, int) and page_of[src] != page_of[dst]
            if page_of[src] == index:
                planner.leave(src, label, dst, letter_of[dst] if crossing else None)
            elif crossing and page_of[dst] == index:
                planner.arrive(dst, letter_of[dst])
        planner.route()
        drawings.append(planner.drawing)
    return drawings


def _ending_steps(definition: Definition) -> set[int]:
    return {src for src, label, dst in definition.edges() if dst == SELESAI and label == "lanjut"}


class _Planner:
    def __init__(self, definition: Definition, page: Page, columns: Columns, counts: dict):
        self.definition, self.page, self.columns = definition, page, columns
        self.slots = {kind: connector_slots(columns, count) for kind, count in counts.items()}
        self.connectors: dict[tuple[str, int], Shape] = {}
        self.lane_of = {p.kode: index for index, p in enumerate(definition.pelaksana)}
        self.step_of = {step.no: step for step in definition.langkah}
        self.last_steps = _ending_steps(definition)
        self.symbol_w = symbol_width(columns)
        height = sum(row.height for row in page.rows)
        separators = [columns.lane * i for i in range(1, columns.lanes)]
        self.drawing = Drawing(columns.flow_width, height, separators, page.rows)
        self.router = Router(self.drawing, columns, self.symbol_w)
        self.symbols: dict[int, list[Shape]] = {}
        self.exits: dict[tuple[int, str], Shape] = {}
        self.connections: list[Connection] = []
        for index, row in enumerate(page.rows):
            if row.step is not None:
                self._place_step(row, index)

    def lane_x(self, kode: str) -> float:
        return self.columns.lane * (self.lane_of[kode] + 0.5)

    def _place_step(self, row: Row, index: int) -> None:
        step = row.step
        stack = symbol_stack(self.definition, step)
        total = sum(height for _kind, height in stack) + STACK_GAP * (len(stack) - 1)
        y = row.top + HEAD_MM + max(0.0, row.height - HEAD_MM - TAIL_MM - total) / 2
        for kind, height in stack:
            centre = y + height / 2
            if kind == "symbol":
                self.symbols[step.no] = [
                    self._add(self._symbol(step, kode, centre, position), index)
                    for position, kode in enumerate(step.pelaksana)
                ]
            else:
                kode = step.pelaksana[0] if kind == MULAI else step.pelaksana[-1]
                shape = Shape(
                    "terminator",
                    self.lane_x(kode),
                    centre,
                    self.symbol_w,
                    height,
                    TERMINATOR_TEXT[kind],
                    step.no,
                    kind,
                )
                self.exits[(step.no, kind)] = self._add(shape, index)
            y += height + STACK_GAP

    def _symbol(self, step: Langkah, kode: str, y: float, position: int) -> Shape:
        x, width = self.lane_x(kode), self.symbol_w
        if step.jenis == "keputusan":
            return Shape("decision", x, y, width, DECISION_H, step.pertanyaan or "", step.no)
        is_first = step is self.definition.langkah[0] and len(step.pelaksana) == 1
        is_last = step.no in self.last_steps and position == len(step.pelaksana) - 1
        kind = "terminator" if is_first or is_last else "process"
        return Shape(kind, x, y, width, PROCESS_H, "", step.no)

    def _add(self, shape: Shape, row_index: int) -> Shape:
        self.drawing.shapes.append(shape)
        self.router.row_of[id(shape)] = row_index
        return shape

    def leave(self, src: int, label: str, dst: int | str, letter: str | None) -> None:
        if dst == SELESAI and label == "lanjut":
            return  # the step itself is drawn as the closing terminator
        if isinstance(dst, str):
            target = self.exits[(src, dst)]
        elif letter is not None:
            target = self._connector("keluar", dst, letter)
        else:
            target = self.symbols[dst][0]
        self.connections.append(Connection(self.symbols[src][-1], label, target))

    def arrive(self, dst: int, letter: str) -> None:
        if ("masuk", dst) not in self.connectors:
            source = self._connector("masuk", dst, letter)
            self.connections.append(Connection(source, "", self.symbols[dst][0]))

    def _connector(self, kind: str, dst: int, letter: str) -> Shape:
        """The connector of a row that leads to (keluar) or comes into (masuk) a step."""
        if (kind, dst) in self.connectors:
            return self.connectors[(kind, dst)]
        index, row = next((i, r) for i, r in enumerate(self.page.rows) if r.kind == kind)
        wanted = self.lane_x(self.step_of[dst].pelaksana[0])
        level, x = min(self.slots[kind], key=lambda slot: (slot[0], abs(slot[1] - wanted)))
        self.slots[kind].remove((level, x))
        y = row.top + CONNECTOR_LEVEL_MM * level + (5.0 if kind == "masuk" else 7.0)
        shape = Shape("connector", x, y, CONNECTOR_W, CONNECTOR_W, letter, dst, kind)
        self.connectors[(kind, dst)] = self._add(shape, index)
        return shape

    def route(self) -> None:
        first = self.definition.langkah[0].no
        if (first, MULAI) in self.exits:
            self.router.straight(self.exits[(first, MULAI)], self.symbols[first][0])
        for shapes in self.symbols.values():
            self.router.chain(shapes)
        self.router.connect(self.connections)
        self.router.place_labels()
