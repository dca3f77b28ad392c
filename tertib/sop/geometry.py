"""Plane geometry of the flowchart's orthogonal arrows, in millimetres: overlap and clearance."""

Point = tuple[float, float]
Segment = tuple[Point, Point]
Box = tuple[float, float, float, float]  # left, top, right, bottom

APART = 0.5  # parallel lines closer than this read as one line
EPS = 1e-6


def segments_of(points: list[Point]) -> list[Segment]:
    return [(a, b) for a, b in zip(points, points[1:], strict=False) if a != b]


def is_vertical(segment: Segment) -> bool:
    (x0, _y0), (x1, _y1) = segment
    return abs(x0 - x1) < EPS


def is_horizontal(segment: Segment) -> bool:
    (_x0, y0), (_x1, y1) = segment
    return abs(y0 - y1) < EPS


def _interval_overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(max(a0, a1), max(b0, b1)) - max(min(a0, a1), min(b0, b1))


def overlaps(first: Segment, second: Segment, apart: float = APART) -> bool:
    """Whether two axis-parallel segments run along each other for more than a point."""
    (ax0, ay0), (ax1, ay1) = first
    (bx0, by0), (bx1, by1) = second
    if is_vertical(first) and is_vertical(second):
        return abs(ax0 - bx0) < apart and _interval_overlap(ay0, ay1, by0, by1) > EPS
    if is_horizontal(first) and is_horizontal(second):
        return abs(ay0 - by0) < apart and _interval_overlap(ax0, ax1, bx0, bx1) > EPS
    return False


def crosses_box(segment: Segment, box: Box, pad: float = 0.0) -> bool:
    """Whether an axis-parallel segment passes through the inside of a box grown by pad."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad
    low_x, high_x, low_y, high_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
    return (
        low_x < right - EPS and high_x > left + EPS and low_y < bottom - EPS and high_y > top + EPS
    )


def boxes_meet(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )
