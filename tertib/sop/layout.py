"""Page geometry of the procedure table: column widths, row heights and page breaks.

The flowchart is drawn in SVG row by row, so every row's height is planned here, from the text
it holds, and the table is told to keep exactly that height. The estimate is deliberately
generous: a row that turned out taller than planned would break the arrows.
"""

import math
import textwrap
from dataclasses import dataclass, field

from tertib.sop.definition import EXITS, SELESAI, Definition, Langkah

PAPERS = {"A4": (297.0, 210.0), "F4": (330.0, 215.0)}  # landscape, mm
MARGIN = 10.0
FONT_MM = 8 * 0.3528  # 8 pt body text of the table
LINE_MM = FONT_MM * 1.3
CHAR_MM = FONT_MM * 0.56  # average glyph width, rounded up for safety
CELL_PAD = 1.5
HEADER_MM = 16.0  # the two header rows of the table
TITLE_MM = 12.0  # the title line above the table on each page
TOTAL_MM = 8.0  # the total-time row on the last page
CONNECTOR_ROW_MM = 14.0
MIN_PROCESS_ROW = 18.0
MIN_DECISION_ROW = 24.0
FIXED_COLUMNS = {"no": 8.0, "kelengkapan": 30.0, "waktu": 15.0, "output": 32.0, "keterangan": 26.0}
MIN_KEGIATAN = 48.0
MAX_LANE = 30.0
SYMBOL_W = 22.0
MIN_GUTTER = 4.0  # free space each side of a symbol, where the corridors of arrows run
# The flowchart's symbols, stacked in a step's row: an optional start terminator, the step's
# symbol, then the terminators its branches leave the flow by; arrows turn in the head and tail.
PROCESS_H = 9.0
DECISION_H = 15.0
TERMINATOR_H = 7.0
STACK_GAP = 3.0
HEAD_MM = 4.5
TAIL_MM = 3.5
MULAI = "mulai"
# Off-page connectors: one per target step, in its lane; a crowded row stacks them in levels.
CONNECTOR_W = 8.0
CONNECTOR_LEVEL_MM = 10.0


@dataclass
class Columns:
    widths: dict[str, float]
    lane: float
    lanes: int

    @property
    def flow_width(self) -> float:
        return self.lane * self.lanes


@dataclass
class Row:
    kind: str  # "langkah", "masuk" (incoming connectors) or "keluar" (outgoing connectors)
    height: float
    step: Langkah | None = None
    top: float = 0.0  # from the top of the page's first row


@dataclass
class Page:
    rows: list[Row] = field(default_factory=list)

    @property
    def steps(self) -> list[Langkah]:
        return [row.step for row in self.rows if row.step is not None]


def columns_for(paper: str, lanes: int) -> Columns:
    """Share the page width: fixed mutu baku columns, lanes up to MAX_LANE, the rest Kegiatan."""
    width = PAPERS[paper][0] - 2 * MARGIN
    free = width - sum(FIXED_COLUMNS.values())
    lane = min(MAX_LANE, (free - MIN_KEGIATAN) / lanes)
    widths = {**FIXED_COLUMNS, "kegiatan": free - lane * lanes}
    return Columns(widths=widths, lane=lane, lanes=lanes)


def text_height(text: str, width: float) -> float:
    """Height of text wrapped in a cell of the given width, in mm."""
    chars = max(1, math.floor((width - 2 * CELL_PAD) / CHAR_MM))
    lines = sum(max(1, len(textwrap.wrap(part, chars))) for part in text.splitlines() or [""])
    return lines * LINE_MM + 2 * CELL_PAD + 1.0


def symbol_stack(definition: Definition, step: Langkah) -> list[tuple[str, float]]:
    """What the flowchart stacks in the step's row, top to bottom, with each item's height.

    A first step that decides or passes through several officials gets a start terminator
    ("mulai") above it; a single process at step 1 is itself the start terminator. Each branch
    that leaves the flow (selesai, pemohon) gets its terminator below, in the step's own lane,
    except a process that simply ends, which is itself drawn as the closing terminator.
    """
    stack = []
    first = step.no == definition.langkah[0].no
    if first and (step.jenis == "keputusan" or len(step.pelaksana) > 1):
        stack.append((MULAI, TERMINATOR_H))
    stack.append(("symbol", DECISION_H if step.jenis == "keputusan" else PROCESS_H))
    stack += [(target, TERMINATOR_H) for target in exits_below(definition, step)]
    return stack


def exits_below(definition: Definition, step: Langkah) -> list[str]:
    """The exits (selesai, pemohon) of a step that are drawn as their own terminator."""
    return [
        target
        for source, label, target in definition.edges()
        if source == step.no and target in EXITS and not (label == "lanjut" and target == SELESAI)
    ]


def flow_height(definition: Definition, step: Langkah) -> float:
    """Height the flowchart needs in the step's row."""
    stack = symbol_stack(definition, step)
    return HEAD_MM + sum(h for _kind, h in stack) + STACK_GAP * (len(stack) - 1) + TAIL_MM


def step_height(definition: Definition, step: Langkah, columns: Columns) -> float:
    texts = {
        "kegiatan": step.kegiatan,
        "kelengkapan": "\n".join(step.mutu_baku.kelengkapan),
        "waktu": step.mutu_baku.waktu,
        "output": step.mutu_baku.output or "",
        "keterangan": step.keterangan or "",
    }
    minimum = MIN_DECISION_ROW if step.jenis == "keputusan" else MIN_PROCESS_ROW
    minimum = max(minimum, flow_height(definition, step))
    needed = max(text_height(text, columns.widths[key]) for key, text in texts.items())
    return round(max(minimum, needed), 1)


def paginate(definition: Definition, paper: str, max_steps: int = 0) -> list[Page]:
    """Split the steps into pages; connector rows are added where the flow crosses a break."""
    columns = columns_for(paper, len(definition.pelaksana))
    room = PAPERS[paper][1] - 2 * MARGIN - HEADER_MM - TITLE_MM - TOTAL_MM - 2 * CONNECTOR_ROW_MM
    pages = [Page()]
    used = 0.0
    for step in definition.langkah:
        height = step_height(definition, step, columns)
        page = pages[-1]
        full = max_steps and len(page.rows) >= max_steps
        if page.rows and (used + height > room or full):
            pages.append(Page())
            used = 0.0
        pages[-1].rows.append(Row("langkah", height, step))
        used += height
    _add_connector_rows(definition, pages, columns)
    for page in pages:
        top = 0.0
        for row in page.rows:
            row.top = top
            top += row.height
    return pages


def connector_targets(
    definition: Definition, pages: list[Page]
) -> dict[tuple[int, str], list[int]]:
    """The steps each page's connector rows point to, by (page index, "keluar" or "masuk")."""
    page_of = {step.no: index for index, page in enumerate(pages) for step in page.steps}
    targets: dict[tuple[int, str], list[int]] = {}
    for source, _label, target in definition.edges():
        if isinstance(target, int) and page_of[source] != page_of[target]:
            for key in ((page_of[source], "keluar"), (page_of[target], "masuk")):
                if target not in targets.setdefault(key, []):
                    targets[key].append(target)
    return targets


def symbol_width(columns: Columns) -> float:
    """Width of a symbol in its lane, leaving a gutter each side for the arrows' corridors."""
    return min(SYMBOL_W, columns.lane - 2 * MIN_GUTTER)


def connector_slots(columns: Columns, count: int) -> list[tuple[int, float]]:
    """Places (level, x) for count connectors: lane centres, in more levels when crowded,
    each level shifted sideways so that arrows leave a connector past the ones below it."""
    levels = math.ceil(count / columns.lanes) if count else 1
    shift = max(0.0, (symbol_width(columns) - CONNECTOR_W) / 2)
    return [
        (level, columns.lane * (lane + 0.5) + shift * (0, 1, -1)[level % 3])
        for level in range(levels)
        for lane in range(columns.lanes)
    ]


def _add_connector_rows(definition: Definition, pages: list[Page], columns: Columns) -> None:
    for (index, kind), targets in connector_targets(definition, pages).items():
        levels = 1 + max(level for level, _x in connector_slots(columns, len(targets)))
        row = Row(kind, CONNECTOR_ROW_MM + CONNECTOR_LEVEL_MM * (levels - 1))
        if kind == "masuk":
            pages[index].rows.insert(0, row)
        else:
            pages[index].rows.append(row)
