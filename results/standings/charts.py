"""Standings progression chart as inline SVG, drawn on the server (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
# Why dashes too: ten colours are hard to tell apart, for colour-blind readers above all.
DASHES = ("", "", "", "", "", "6 3", "6 3", "6 3", "2 3", "2 3")
WIDTH, PLOT_HEIGHT = 640, 300
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, AXIS_HEIGHT = 52, 24, 14, 44
FONT = 13
LEGEND_NAMES = 3
NICE_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[int, Decimal], ...]  # (after round, points)


@dataclass(frozen=True)
class _Series:
    """One drawn line: competitors whose points were identical after every round share it."""

    labels: tuple[str, ...]
    points: tuple[tuple[int, Decimal], ...]


def _merge_identical(lines: list[Line], max_lines: int) -> list[_Series]:
    # Why: the drivers of one car usually score the same points; drawn separately their lines
    # lie on top of each other and only the last colour shows.
    groups: dict[tuple[tuple[int, Decimal], ...], list[str]] = {}
    for line in lines:
        groups.setdefault(line.points, []).append(line.label)
    return [_Series(tuple(labels), points) for points, labels in list(groups.items())[:max_lines]]


def _ticks(value: Decimal) -> tuple[int, int]:
    """(axis top, tick step): at most six round-numbered gridlines."""
    top = max(int(value.to_integral_value(rounding="ROUND_CEILING")), 1)
    step = next((s for s in NICE_STEPS if top / s <= 5), NICE_STEPS[-1])
    return ((top + step - 1) // step) * step, step


def _fmt(points: Decimal) -> str:
    text = f"{points:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _legend_lines(series: _Series) -> list[str]:
    names = list(series.labels[:LEGEND_NAMES])
    if len(series.labels) > LEGEND_NAMES:
        names[-1] = f"{names[-1]} (+{len(series.labels) - LEGEND_NAMES} more)"
    final = series.points[-1][1] if series.points else Decimal(0)
    names[0] = f"{names[0][:28]} – {_fmt(final)} pt"
    return [names[0]] + [name[:38] for name in names[1:]]


def progression_svg(lines: list[Line], rounds: list[int], title: str, max_lines: int = 10) -> str:
    """Points after each round, one polyline per group of identical competitors; an HTML legend follows the plot."""
    if not lines or not rounds:
        return ""
    series = _merge_identical(lines, max_lines)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    top, step = _ticks(max((p for s in series for _, p in s.points), default=Decimal(0)))
    first, last = rounds[0], rounds[-1]

    def x(round_no: int) -> float:
        return MARGIN_LEFT + (plot_w * (round_no - first) / (last - first) if last > first else plot_w / 2)

    def y(points: Decimal | int) -> float:
        return MARGIN_TOP + PLOT_HEIGHT - PLOT_HEIGHT * float(points) / top

    height = MARGIN_TOP + PLOT_HEIGHT + AXIS_HEIGHT

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(title)}" class="progression" width="100%" style="max-width:{WIDTH}px" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, top + 1, step):
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" '
            f'stroke="{"#999" if tick == 0 else "#e2e2e2"}"/>'
        )
        parts.append(f'<text x="{MARGIN_LEFT - 8}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="#444">{tick}</text>')
    parts.append(
        f'<text transform="translate(14 {MARGIN_TOP + PLOT_HEIGHT / 2:.1f}) rotate(-90)" text-anchor="middle" '
        f'fill="#444">points</text>'
    )
    for round_no in rounds:
        parts.append(
            f'<text x="{x(round_no):.1f}" y="{MARGIN_TOP + PLOT_HEIGHT + 18}" text-anchor="middle" '
            f'fill="#444">R{round_no}</text>'
        )
    parts.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{MARGIN_TOP + PLOT_HEIGHT + 36}" text-anchor="middle" '
        f'fill="#666">after round</text>'
    )
    # Drawn last-placed first, so the leader's line is on top where lines cross.
    for index in reversed(range(len(series))):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        coords = " ".join(f"{x(r):.1f},{y(p):.1f}" for r, p in series[index].points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{coords}"/>')
        for r, p in series[index].points:
            parts.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="3.5" fill="{colour}"/>')
    parts.append("</svg>")
    parts.append(_legend_html(series))
    return "".join(parts)


def _legend_html(series: list[_Series]) -> str:
    """The legend as an HTML list under the plot: it wraps to the screen's width (a phone's too)."""
    items = []
    for index, line in enumerate(series):
        colour, dash = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]
        # Why a span, not an SVG: the plot stays the figure's only <svg>; CSS borders give the dashes.
        style = {"": "solid", "6 3": "dashed", "2 3": "dotted"}[dash]
        names = _legend_lines(line)
        others = "".join(f'<br><span class="muted">{escape(name)}</span>' for name in names[1:])
        items.append(
            f'<li><span class="swatch" style="border-top: 3px {style} {colour}" aria-hidden="true"></span> '
            f"<strong>{escape(names[0])}</strong>{others}</li>"
        )
    return '<ul class="chart-legend">' + "".join(items) + "</ul>"
