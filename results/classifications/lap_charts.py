"""Lap chart of the class leaders as inline SVG, drawn on the server (no JavaScript, no CDN), like
results/standings/charts.py: one band per class across the laps, coloured by the car leading the
class after each lap, with an HTML legend (car, laps led) that wraps on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

# Why its own colours (not the standings chart's): classifications may not import standings (import-linter),
# and white car numbers must stay readable on every colour.
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#e6550d", "#9467bd", "#8c564b", "#d6359b", "#0f8a99", "#636363")
WIDTH = 640
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 76, 16, 10  # room for a class code at the phone font size
BAND, GAP, AXIS_HEIGHT = 30, 12, 40
FONT = 13
# A segment narrower than this gets no car number written in it (the legend still names the car).
LABEL_MIN_WIDTH = 26


@dataclass(frozen=True)
class Segment:
    number: str
    first_lap: int
    last_lap: int

    @property
    def laps(self) -> int:
        return self.last_lap - self.first_lap + 1


def segments(leaders: list[tuple[int, str, int]]) -> list[Segment]:
    """Consecutive laps led by one car, from (lap, leader, gap) in lap order."""
    result: list[Segment] = []
    for lap, number, _ in leaders:
        if result and result[-1].number == number and result[-1].last_lap == lap - 1:
            result[-1] = Segment(number, result[-1].first_lap, lap)
        else:
            result.append(Segment(number, lap, lap))
    return result


def _tick_step(laps: int) -> int:
    return next((step for step in (1, 2, 5, 10, 20, 25, 50, 100, 200) if laps / step <= 8), 500)


def leaders_svg(leaders: dict[str, list[tuple[int, str, int]]], title: str) -> str:
    """The chart and its legend; empty without laps."""
    classes = [(code, segments(rows)) for code, rows in leaders.items() if rows]
    if not classes:
        return ""
    last_lap = max(segment.last_lap for _, class_segments in classes for segment in class_segments)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    height = MARGIN_TOP + len(classes) * (BAND + GAP) + AXIS_HEIGHT

    def x(lap: float) -> float:
        return MARGIN_LEFT + plot_w * lap / last_lap

    colours: dict[tuple[str, str], str] = {}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="lap-chart" width="100%" style="max-width:{WIDTH}px" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for row, (class_code, class_segments) in enumerate(classes):
        top = MARGIN_TOP + row * (BAND + GAP)
        parts.append(
            f'<text x="{MARGIN_LEFT - 8}" y="{top + BAND / 2 + 4:.1f}" text-anchor="end" fill="#222" '
            f'font-weight="600">{escape(class_code)}</text>'
        )
        for segment in class_segments:
            key = (class_code, segment.number)
            colour = colours.setdefault(key, PALETTE[len([k for k in colours if k[0] == class_code]) % len(PALETTE)])
            left, right = x(segment.first_lap - 1), x(segment.last_lap)
            parts.append(
                f'<rect x="{left:.1f}" y="{top}" width="{max(right - left, 0.5):.1f}" height="{BAND}" fill="{colour}">'
                f"<title>{escape(class_code)} #{escape(segment.number)}: laps {segment.first_lap}–{segment.last_lap}"
                "</title></rect>"
            )
            if right - left >= LABEL_MIN_WIDTH:
                parts.append(
                    f'<text x="{(left + right) / 2:.1f}" y="{top + BAND / 2 + 4:.1f}" text-anchor="middle" '
                    f'fill="#fff">{escape(segment.number)}</text>'
                )
    axis_y = MARGIN_TOP + len(classes) * (BAND + GAP)
    step = _tick_step(last_lap)
    for lap in range(0, last_lap + 1, step):
        parts.append(
            f'<line x1="{x(lap):.1f}" x2="{x(lap):.1f}" y1="{MARGIN_TOP}" y2="{axis_y - GAP / 2}" stroke="#0002"/>'
        )
        parts.append(f'<text x="{x(lap):.1f}" y="{axis_y + 6}" text-anchor="middle" fill="#444">{lap}</text>')
    parts.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{axis_y + 26}" text-anchor="middle" fill="#666">lap</text>'
    )
    parts.append("</svg>")
    parts.append(_legend(classes, colours))
    return "".join(parts)


def _legend(classes: list[tuple[str, list[Segment]]], colours: dict[tuple[str, str], str]) -> str:
    items = []
    for class_code, class_segments in classes:
        led: dict[str, int] = {}
        for segment in class_segments:
            led[segment.number] = led.get(segment.number, 0) + segment.laps
        for number, laps in sorted(led.items(), key=lambda item: -item[1]):
            colour = colours[(class_code, number)]
            plural = "s" if laps != 1 else ""
            items.append(
                f'<li><span class="swatch" style="border-top: 8px solid {colour}" aria-hidden="true"></span> '
                f"<strong>{escape(class_code)} #{escape(number)}</strong> – led {laps} lap{plural}</li>"
            )
    return '<ul class="chart-legend">' + "".join(items) + "</ul>"
