"""Horizontal bar charts as inline SVG, drawn on the server (no JavaScript, nothing external).

Every chart sits next to a table of the same numbers: the chart is for seeing the shape, the
table is the accessible (and exact) version, so the SVG's text alternative says so.
"""

from __future__ import annotations

from typing import Sequence

from bot.console.html import Markup, escape

# Each at least 3:1 against white (WCAG 1.4.11) and distinct from its neighbours; segments are
# also separated by a white gap, so adjacent colours never have to be told apart by hue alone.
PALETTE = ("#1d70b8", "#00703c", "#912b88", "#a0540c", "#505a5f", "#0b0c0c")

WIDTH = 640
LABEL_WIDTH = 170
VALUE_WIDTH = 60
ROW_HEIGHT = 22
ROW_GAP = 6
LEGEND_HEIGHT = 26
FONT = 'font-family="system-ui, sans-serif" font-size="13" fill="#0b0c0c"'


def hbar_chart(
    chart_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[str] = ("Count",),
    *,
    value_format: str = "{:g}",
) -> Markup:
    """One bar per row, stacked by series; the row total is written at the end of each bar."""
    if not rows:
        return Markup("")
    legend = len(series) > 1
    top = LEGEND_HEIGHT if legend else 0
    height = top + len(rows) * (ROW_HEIGHT + ROW_GAP) + ROW_GAP
    bar_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    biggest = max((sum(values) for _, values in rows), default=0) or 1

    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">Bar chart. The table that follows has the same figures.</desc>',
    ]
    if legend:
        x = LABEL_WIDTH
        for i, name in enumerate(series):
            colour = PALETTE[i % len(PALETTE)]
            parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="16" {FONT}>{escape(name)}</text>')
            x += 24 + 8 * len(name)
    for r, (label, values) in enumerate(rows):
        y = top + ROW_GAP + r * (ROW_HEIGHT + ROW_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT - 6}" text-anchor="end" {FONT}>{escape(label)}</text>'
        )
        x = float(LABEL_WIDTH)
        for i, value in enumerate(values):
            if value <= 0:
                continue
            w = bar_width * value / biggest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w - 1, 1):.1f}" height="{ROW_HEIGHT}" '
                f'fill="{PALETTE[i % len(PALETTE)]}"/>'
            )
            x += w
        total = sum(values)
        parts.append(f'<text x="{x + 6:.1f}" y="{y + ROW_HEIGHT - 6}" {FONT}>{escape(value_format.format(total))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
