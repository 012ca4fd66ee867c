"""Race analysis for fans from the real Sepang race 1 lap file: stints, best laps, class leaders (page and API)."""

from __future__ import annotations

import csv
from collections import Counter
from typing import Any

import pytest
from django.test import Client

from results.classifications.lap_analysis import (
    best_lap_per_driver,
    class_leaders,
    fastest_laps_per_class,
    stints,
)
from results.classifications.lap_charts import leaders_svg, segments
from results.classifications.parsing.laps import parse_laps
from results.classifications.services import classification_publish
from results.classifications.services import classification_upload_preview as classification_preview
from results.classifications.services.laps import lap_upload_confirm, race_laps_preview
from tests.classifications.test_parsing_laps import RACE_1_LAPS
from tests.helpers import absent_withdrawn, confirm
from tests.scenarios import RACE_FILES, Aslms, build_aslms

LAPS = parse_laps(RACE_1_LAPS.read_bytes(), "r1.csv").laps


def test_it_splits_each_car_into_stints_at_every_driver_change() -> None:
    found = stints(LAPS)

    per_car: Counter[str] = Counter()
    for stint in found:
        per_car[stint.number] += stint.laps
    assert per_car == Counter(lap.number for lap in LAPS)
    changes: Counter[str] = Counter()
    previous: dict[str, int] = {}
    for lap in sorted(LAPS, key=lambda lap: (lap.number, lap.lap_number)):
        if lap.number in previous and previous[lap.number] != lap.driver_number:
            changes[lap.number] += 1
        previous[lap.number] = lap.driver_number
    assert Counter(stint.number for stint in found) == Counter({n: changes[n] + 1 for n in per_car})


def test_it_finds_the_fastest_lap_of_the_race_and_of_each_class() -> None:
    best = best_lap_per_driver(LAPS)
    assert (best[0].number, best[0].lap_number, best[0].lap_ms) == ("99", 83, 112991)  # FL_TIME 1'52.991
    fastest = fastest_laps_per_class(LAPS)
    assert set(fastest) == {"GT", "LMP2", "LMP3"}
    for class_code, laps in fastest.items():
        class_laps = [lap.lap_time_ms for lap in LAPS if lap.class_code == class_code]
        assert laps[0].lap_ms == min(class_laps) and len(laps) == 5
        assert len({lap.number for lap in laps}) == 5  # one per car


def test_it_names_the_class_leader_after_every_lap_like_the_classification() -> None:
    leaders = class_leaders(LAPS)
    with RACE_FILES[1].open(encoding="utf-8", newline="") as handle:
        winners: dict[str, str] = {}
        for row in csv.DictReader(handle):
            winners.setdefault(row["CLASS"], row["NUMBER"])  # rows in finishing order
    for class_code, rows in leaders.items():
        assert rows[-1][1] == winners[class_code]  # the leader after the last lap won the class
        assert [lap for lap, _, _ in rows] == list(range(1, len(rows) + 1))


def test_it_draws_the_leaders_as_bands_with_a_legend() -> None:
    leaders = class_leaders(LAPS)
    svg = leaders_svg(leaders, "Sepang <R1>")

    assert svg.startswith("<svg") and "Sepang &lt;R1&gt;" in svg
    for class_code, rows in leaders.items():
        assert svg.count(f"<title>{class_code} #") == len(segments(rows))
        for number, led in Counter(number for _, number, _ in rows).items():
            assert f"{class_code} #{number}</strong> – led {led} lap" in svg
    assert leaders_svg({}, "empty") == ""


@pytest.fixture
def published(world: Any) -> Aslms:
    aslms = build_aslms(world.aco_series)
    race, steward = aslms.races[1], world.aco_steward
    checked = classification_preview(race=race, user=steward, filename="r1.csv", data=RACE_FILES[1].read_bytes())
    # Cars of the season that did not race at this round: withdrawn, as the steward would choose.
    version = confirm(checked, steward, absent_withdrawn(checked))
    classification_publish(version=version, user=steward, status="provisional")
    return aslms


def confirm_laps(aslms: Aslms, steward: Any) -> None:
    preview = race_laps_preview(race=aslms.races[1], user=steward, filename="laps.csv", data=RACE_1_LAPS.read_bytes())
    lap_upload_confirm(upload_id=preview.upload.pk, sha256=preview.upload.sha256, user=steward)


@pytest.mark.django_db
def test_it_shows_the_analysis_to_the_public_once_there_is_a_lap_file(published: Aslms, world: Any) -> None:
    race = published.races[1]
    client = Client()
    assert client.get(f"/races/{race.pk}/analysis/").status_code == 404
    assert "analysis-link" not in client.get(f"/races/{race.pk}/classification/").content.decode()

    confirm_laps(published, world.aco_steward)

    assert "analysis-link" in client.get(f"/races/{race.pk}/classification/").content.decode()
    page = client.get(f"/races/{race.pk}/analysis/").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'id="stints"' in page
    assert "Louis Deletraz" in page and "1&#x27;52.991" in page  # the race's fastest lap


@pytest.mark.django_db
def test_it_hides_the_analysis_of_a_race_not_published(world: Any) -> None:
    aslms = build_aslms(world.aco_series)
    confirm_laps(aslms, world.aco_steward)

    assert Client().get(f"/races/{aslms.races[1].pk}/analysis/").status_code == 404
    assert Client().get(f"/api/v1/races/{aslms.races[1].pk}/analysis/").status_code == 404


@pytest.mark.django_db
def test_it_serves_the_analysis_in_the_api(published: Aslms, world: Any) -> None:
    confirm_laps(published, world.aco_steward)

    response = Client().get(f"/api/v1/races/{published.races[1].pk}/analysis/")

    assert response.status_code == 200 and response["ETag"]
    data = response.json()
    assert data["laps"] == 3572 and len(data["cars"]) == 39
    assert data["best_laps"][0] | {} == {
        "number": "99", "class_code": "LMP2", "driver": "Louis Deletraz", "lap_number": 83, "lap_ms": 112991,
        "lap": "1'52.991",
    }  # fmt: skip
    assert [c["class_code"] for c in data["classes"]] == ["LMP2", "LMP3", "GT"]
    assert all(len(c["leaders"]) > 0 and len(c["fastest"]) == 5 for c in data["classes"])
