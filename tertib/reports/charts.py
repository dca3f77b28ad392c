"""Geometry of the dashboard charts; templates/reports/_*.svg draw them, no JavaScript."""

from tertib.lib.dates import BULAN
from tertib.reports.figures import SopFigure, WeekFigure

WIDTH = 640
LEFT = 36  # room for the axis numbers
PLOT = WIDTH - LEFT - 8


def week_chart(weeks: list[WeekFigure], *, height: int = 160) -> dict:
    """Two bars a week (cases started, cases finished) on a shared scale."""
    top = max([1] + [max(w.started, w.finished) for w in weeks])
    slot = PLOT / max(1, len(weeks))
    bar = max(1.0, slot / 2 - 1)
    scale = (height - 20) / top
    bars, labels = [], []
    for index, week in enumerate(weeks):
        x = LEFT + index * slot
        for offset, (kind, value) in enumerate(
            (("masuk", week.started), ("selesai", week.finished))
        ):
            bars.append(
                {
                    "x": round(x + offset * bar, 1),
                    "y": round(height - 16 - value * scale, 1),
                    "w": round(bar, 1),
                    "h": round(value * scale, 1),
                    "kind": kind,
                    "title": f"Minggu {week.start:%d}/{week.start:%m}: {value} {kind}",
                }
            )
        if index % 4 == 0:
            labels.append(
                {"x": round(x, 1), "text": f"{week.start.day} {BULAN[week.start.month - 1][:3]}"}
            )
    return {
        "width": WIDTH,
        "height": height,
        "bars": bars,
        "labels": labels,
        "top": top,
        "top_y": 4,
        "base_y": height - 16,
    }


def step_chart(figure: SopFigure, *, row: int = 26) -> dict:
    """Per step: the p90 of waiting plus handling as a bar, the median as a tick, the mutu baku
    as a line; a step past its standard is drawn dark and hatched so it shows on paper too."""
    steps = [s for s in figure.ordered_steps if s.count]
    top = max([1] + [max(s.total_p90, s.mutu_baku) for s in steps]) * 1.1
    scale = (PLOT - 120) / top
    rows = []
    for index, step in enumerate(steps):
        y = 8 + index * row
        rows.append(
            {
                "y": y,
                "label": step.label,
                "bar": round(step.total_p90 * scale, 1),
                "median_x": round(160 + step.total_median * scale, 1),
                "limit_x": round(160 + step.mutu_baku * scale, 1),
                "late": step.ratio > 1,
                "text_y": y + row / 2,
                "title": f"{step.label}: p90 {step.total_p90}, mutu baku {step.mutu_baku} menit",
            }
        )
    return {"width": WIDTH, "height": 16 + len(rows) * row, "rows": rows, "row": row - 8}
