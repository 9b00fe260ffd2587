"""Horizontal bar charts as inline SVG, drawn on the server (no JavaScript, nothing external).

`hbar_chart` works out the geometry; `templates/_chart.html` draws it. Every chart sits next to a
table of the same numbers: the chart is for seeing the shape, the table is the accessible (and
exact) version, so the SVG's text alternative says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Each at least 3:1 against white (WCAG 1.4.11) and distinct from its neighbours; segments are
# also separated by a white gap, so adjacent colours never have to be told apart by hue alone.
PALETTE = ("#1d70b8", "#00703c", "#912b88", "#a0540c", "#505a5f", "#0b0c0c")

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 60
ROW_HEIGHT = 22
ROW_GAP = 6
LEGEND_HEIGHT = 26


@dataclass(frozen=True)
class Key:
    """One series in the legend."""

    x: int
    name: str
    colour: str


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str


@dataclass(frozen=True)
class Bar:
    label: str
    y: int
    segments: list[Segment]
    total: str  # written at the end of the bar
    total_x: float


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    width: int
    height: int
    label_x: int
    row_height: int
    legend: list[Key]
    bars: list[Bar]


def hbar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str] = ("Count",),
    *,
    value_format: str = "{:g}",
) -> Chart | None:
    """One bar per row, stacked by series, with the row total at the end of each bar; None without rows."""
    if not rows:
        return None
    legend: list[Key] = []
    if len(series) > 1:
        key_x = LABEL_WIDTH
        for i, name in enumerate(series):
            legend.append(Key(key_x, name, PALETTE[i % len(PALETTE)]))
            key_x += 24 + 8 * len(name)
    top = LEGEND_HEIGHT if legend else 0
    bar_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    biggest = max((sum(values) for _, values in rows), default=0) or 1
    bars = []
    for r, (label, values) in enumerate(rows):
        x = float(LABEL_WIDTH)
        segments = []
        for i, value in enumerate(values):
            if value <= 0:
                continue
            w = bar_width * value / biggest
            segments.append(Segment(x, max(w - 1, 1), PALETTE[i % len(PALETTE)]))
            x += w
        y = top + ROW_GAP + r * (ROW_HEIGHT + ROW_GAP)
        bars.append(Bar(label, y, segments, value_format.format(sum(values)), x + 6))
    height = top + len(rows) * (ROW_HEIGHT + ROW_GAP) + ROW_GAP
    return Chart(chart_id, title, WIDTH, height, LABEL_WIDTH - 8, ROW_HEIGHT, legend, bars)
