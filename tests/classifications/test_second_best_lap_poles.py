"""Race 2's poles from each car's second-best qualifying lap (qualifying_sets =
"best_lap_race_1_second_best_lap_race_2", formats/README.md §3), on the real Sepang files via a bundle."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from championships.models import QualifyingSets
from results.classifications.lap_analysis import second_best_poles
from results.classifications.lap_models import LapFileKind, LapUpload
from results.classifications.parsing.laps import parse_laps
from results.classifications.qualifying_models import RacePole
from results.classifications.services.laps import qualifying_laps_preview
from results.classifications.services.qualifying import qualifying_upload_preview
from tests import factories
from tests.classifications.test_lap_files import GT_QUALIFYING_LAPS, LMP_QUALIFYING_LAPS
from tests.scenarios import ASLMS_BUNDLE, ASLMS_POLES

pytestmark = pytest.mark.django_db
RULE = QualifyingSets.BEST_LAP_RACE_1_SECOND_BEST_LAP_RACE_2


def second_best_by_class(path: Path) -> dict[str, str]:
    """Independently of the portal: per class, the car whose second-fastest lap is fastest."""
    laps: dict[str, list[int]] = {}
    classes: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, skipinitialspace=True):
            minutes, seconds = row["LAP_TIME"].split(":")
            laps.setdefault(row["NUMBER"], []).append(round((int(minutes) * 60 + float(seconds)) * 1000))
            classes[row["NUMBER"]] = row["CLASS"]
    best: dict[str, tuple[int, str]] = {}
    for number, times in laps.items():
        if len(times) < 2:
            continue
        second = sorted(times)[1]
        if classes[number] not in best or second < best[classes[number]][0]:
            best[classes[number]] = (second, number)
    return {class_code: number for class_code, (_, number) in best.items()}


def rule_bundle(root: Path, with_laps: bool = True) -> Path:
    bundle = root / "aslms-2023-24"
    shutil.copytree(ASLMS_BUNDLE, bundle)
    toml = bundle / "season.toml"
    toml.write_text(toml.read_text().replace('qualifying_sets = "all_races_of_event"', f'qualifying_sets = "{RULE}"'))
    if with_laps:
        shutil.copy(GT_QUALIFYING_LAPS, bundle / "qualifying" / "R1-gt-laps.csv")
        shutil.copy(LMP_QUALIFYING_LAPS, bundle / "qualifying" / "R1-lmp2-lmp3-laps.csv")
    return bundle


def poles(round_no: int) -> dict[str, str]:
    return {p.class_code: p.number for p in RacePole.objects.filter(race__round=round_no, cup_code="")}


def test_it_sets_race_2_poles_from_the_second_best_laps_of_the_bundle(tmp_path: Path) -> None:
    factories.UserFactory(superuser=True, username="root")

    call_command("import_season", str(rule_bundle(tmp_path)), stdout=io.StringIO())

    expected = second_best_by_class(GT_QUALIFYING_LAPS) | second_best_by_class(LMP_QUALIFYING_LAPS)
    assert poles(2) == expected
    # Race 1 keeps the best lap of the classification (the published poles).
    assert poles(1) == {c: n for r, c, n in ASLMS_POLES if r == 1}
    assert expected != poles(1)  # the rule makes a difference at Sepang (else the test would prove nothing)
    reasons = set(RacePole.objects.filter(race__round=2).values_list("reason", flat=True))
    assert all(reason.startswith("Second-best qualifying lap") for reason in reasons)


def test_it_gives_the_cups_their_own_second_best_lap_pole() -> None:
    laps = parse_laps(GT_QUALIFYING_LAPS.read_bytes(), "gt.csv").laps
    numbers = sorted({lap.number for lap in laps}, key=int)
    cups = {number: ("AM" if i % 2 else "PRO") for i, number in enumerate(numbers)}

    found = {(p.class_code, p.cup_code): p.number for p in second_best_poles(laps, {}, cups)}

    am_only = [lap for lap in laps if cups[lap.number] == "AM"]
    assert found[("GT", "AM")] == second_best_by_class_laps(am_only)
    assert found[("GT", "")] == second_best_by_class(GT_QUALIFYING_LAPS)["GT"]


def second_best_by_class_laps(laps: list[Any]) -> str:
    per_car: dict[str, list[int]] = {}
    for lap in laps:
        per_car.setdefault(lap.number, []).append(lap.lap_time_ms)
    ranked = sorted((sorted(times)[1], number) for number, times in per_car.items() if len(times) > 1)
    return ranked[0][1]


def test_it_says_which_race_2_pole_is_missing_without_the_lap_file(tmp_path: Path) -> None:
    root = factories.UserFactory(superuser=True, username="root")
    bundle = rule_bundle(tmp_path, with_laps=False)
    for path in (bundle / "qualifying").glob("R[34]*"):
        path.unlink()
    call_command("import_season", str(bundle), stdout=io.StringIO())
    assert poles(2) == {}
    event = RacePole.objects.filter(race__round=1).first().race.event  # type: ignore[union-attr]
    lmp = bundle / "qualifying" / "R1-lmp2-lmp3.csv"

    checked = qualifying_upload_preview(event=event, user=root, filename="again.csv", data=lmp.read_bytes())

    assert [race.round for race in checked.plan.races] == [1]
    assert any("R2 pole of LMP2, LMP3 is still missing" in warning for warning in checked.plan.warnings)
    laps = qualifying_laps_preview(event=event, user=root, filename="laps.csv", data=LMP_QUALIFYING_LAPS.read_bytes())
    assert laps.pole_race is not None and laps.pole_race.round == 2
    assert {p.class_code: p.number for p in laps.poles if not p.cup_code} == second_best_by_class(LMP_QUALIFYING_LAPS)
    assert not LapUpload.objects.filter(kind=LapFileKind.QUALIFYING, confirmed_at__isnull=False).exists()
