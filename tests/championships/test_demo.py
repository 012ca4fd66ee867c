"""The demo loader builds the calendars from DESIGN.md and is idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from championships.models import Event, Membership, Race, Season

pytestmark = pytest.mark.django_db


def test_it_loads_the_two_calendars_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    first = capsys.readouterr().out
    call_command("load_demo")
    second = capsys.readouterr().out

    aslms = Season.objects.get(series__code="aslms", name="2023")
    assert [r.race_date for r in aslms.races.order_by("round")] == [
        date(2023, 2, 11),
        date(2023, 2, 12),
        date(2023, 2, 18),
        date(2023, 2, 19),
    ]
    assert {r.scheduled_duration_min for r in aslms.races.all()} == {240}
    assert sorted(o.code for o in aslms.series.governing_bodies.all()) == ["aco", "almem", "sro"]

    gtwca = Season.objects.get(series__code="gtwc-asia", name="2022")
    assert gtwca.races.count() == 10
    assert Event.objects.get(season=gtwca, name="Mandalika").cancelled
    assert Race.objects.get(season=gtwca, round=1).event.circuit.time_zone == "Asia/Kuala_Lumpur"

    aslms_rules = aslms.points_rules.get(race=None)
    assert (aslms_rules.scale, aslms_rules.beyond_scale, aslms_rules.pole) == ("25 18 15 12 10 8 6 4 2 1", 0.5, 1)
    assert (aslms_rules.guests_score, aslms_rules.team_scoring) == (False, "per_car")
    gtwca_rules = gtwca.points_rules.get(race=None)
    assert (gtwca_rules.team_scoring, gtwca_rules.team_best_n, gtwca_rules.pole) == ("best_n_cars", 2, 0)
    assert gtwca_rules.classification_min_share == Decimal("0.75")
    # The Japan Cup: the GT3 drivers over the races at Suzuka, Fuji, Sugo and Okayama (not Sepang).
    japan = gtwca.extra_championships.get()
    assert (japan.name, japan.competitors, japan.classes, japan.round_numbers) == (
        "Japan Cup",
        "drivers",
        "GT3",
        (3, 4, 5, 6, 7, 8, 9, 10),
    )

    assert "sro.staff@paddock.test" in first and "passwords are shown only this once" in first
    assert "sro.staff@paddock.test" not in second
    assert Membership.objects.filter(user__email="aco.steward@paddock.test", role="steward").count() == 1
    # The two demo calendars, plus the ELMS 2014 season the results demo imports from its bundle.
    assert sorted(s.code for s in Season.objects.all()) == ["aslms-2023", "elms-2014", "gtwc-asia-2022"]
