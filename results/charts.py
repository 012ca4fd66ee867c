"""Standings progression chart as inline SVG, drawn on the server (no JavaScript, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
WIDTH, HEIGHT = 720, 360
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 190, 16, 40


@dataclass(frozen=True)
class Line:
    label: str
    points: tuple[tuple[int, Decimal], ...]  # (after round, points)


def _nice_max(value: Decimal) -> int:
    top = max(int(value), 1)
    step = 10 if top <= 100 else 50
    return ((top + step - 1) // step) * step


def progression_svg(lines: list[Line], rounds: list[int], title: str) -> str:
    """Points after each round, one polyline per competitor, labelled in a legend."""
    if not lines or not rounds:
        return ""
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    top = _nice_max(max((p for line in lines for _, p in line.points), default=Decimal(0)))
    first, last = rounds[0], rounds[-1]

    def x(round_no: int) -> float:
        return MARGIN_LEFT + (plot_w * (round_no - first) / (last - first) if last > first else plot_w / 2)

    def y(points: Decimal) -> float:
        return MARGIN_TOP + plot_h - plot_h * float(points) / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" class="progression" width="100%" style="max-width:{WIDTH}px">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, top + 1, max(top // 5, 1)):
        parts.append(
            f'<line x1="{MARGIN_LEFT}" x2="{MARGIN_LEFT + plot_w}" y1="{y(Decimal(tick)):.1f}" '
            f'y2="{y(Decimal(tick)):.1f}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{MARGIN_LEFT - 6}" y="{y(Decimal(tick)) + 4:.1f}" font-size="11" text-anchor="end">{tick}</text>'
        )
    for round_no in rounds:
        parts.append(
            f'<text x="{x(round_no):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" font-size="11" '
            f'text-anchor="middle">R{round_no}</text>'
        )
    parts.append(
        f'<text x="{MARGIN_LEFT + plot_w / 2:.1f}" y="{HEIGHT - 6}" font-size="11" '
        f'text-anchor="middle">after round</text>'
    )
    for index, line in enumerate(lines):
        colour = PALETTE[index % len(PALETTE)]
        coords = " ".join(f"{x(r):.1f},{y(p):.1f}" for r, p in line.points)
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{coords}"/>')
        for r, p in line.points:
            parts.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="3" fill="{colour}"/>')
        legend_y = MARGIN_TOP + 14 * index + 8
        parts.append(
            f'<rect x="{WIDTH - MARGIN_RIGHT + 12}" y="{legend_y - 8}" width="10" height="10" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{WIDTH - MARGIN_RIGHT + 26}" y="{legend_y + 1}" font-size="11">{escape(line.label[:28])}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
