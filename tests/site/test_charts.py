"""The pure SVG progression chart: shared lines, round-numbered axis, escaping."""

from __future__ import annotations

import re
from decimal import Decimal

from results.standings.charts import Line, progression_svg


def pts(*values: int) -> tuple[tuple[int, Decimal], ...]:
    return tuple((i + 1, Decimal(v)) for i, v in enumerate(values))


def test_it_draws_one_line_for_competitors_with_identical_points() -> None:
    lines = [Line("#7 Ann", pts(25, 50)), Line("#7 Bob", pts(25, 50)), Line("#3 Cy", pts(18, 43))]
    svg = progression_svg(lines, [1, 2], "Drivers LMP2")
    assert svg.count("<polyline") == 2
    assert "#7 Ann – 50 pt" in svg and ">#7 Bob<" in svg and "#3 Cy – 43 pt" in svg


def test_it_uses_round_numbers_on_the_points_axis() -> None:
    svg = progression_svg([Line("#1 A", pts(10, 41, 77))], [1, 2, 3], "t")
    ticks = [int(t) for t in re.findall(r'text-anchor="end" fill="#444">(\d+)</text>', svg)]
    assert ticks == [0, 20, 40, 60, 80]


def test_it_keeps_at_most_ten_lines_and_escapes_labels() -> None:
    lines = [Line(f"#{n} <b>Team</b>", pts(n, 2 * n)) for n in range(1, 15)]
    svg = progression_svg(lines, [1, 2], 'Teams "GT3"')
    assert svg.count("<polyline") == 10
    assert "<b>" not in svg and "&lt;b&gt;" in svg and 'aria-label="Teams &quot;GT3&quot;"' in svg


def test_it_draws_nothing_without_rounds() -> None:
    assert progression_svg([], [], "t") == ""
    assert progression_svg([Line("a", pts(1))], [], "t") == ""


def test_it_centres_a_single_round() -> None:
    svg = progression_svg([Line("#1 A", pts(25))], [1], "t")
    assert svg.count("<circle") == 1 and "½" not in svg


def test_it_puts_the_legend_in_a_wrapping_list_with_the_lines_dashes() -> None:
    lines = [Line(f"#{n} Car{n}", pts(60 - n)) for n in range(1, 10)]
    chart = progression_svg(lines, [1], "t")
    legend = chart[chart.index("</svg>") :]
    assert legend.startswith('</svg><ul class="chart-legend">') and legend.count("<li>") == 9
    # Lines 6 and up are dashed or dotted on the plot: so are their swatches.
    assert legend.count("solid") == 5 and legend.count("dashed") == 3 and legend.count("dotted") == 1
