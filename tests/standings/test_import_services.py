"""`import_season` writes through the services of the web pages, with their checks and audit records."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from championships.models import AuditEntry, Season
from entries.models import Entry, EntryStatus, Nomination, Team
from results.classifications.qualifying_models import RacePole
from results.classifications.services.poles import pole_set
from results.season_import import BundleError, import_season
from tests import factories

pytestmark = pytest.mark.django_db

BUNDLE = Path(__file__).resolve().parents[1] / "fixtures" / "bundles" / "elms-2014"


@pytest.fixture
def superuser() -> Any:
    return factories.UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(BUNDLE, copy)
    (copy / "poles.csv").write_text("round,class,number\n1,LMP2,46\n1,GTC,59\n")
    return copy


def actions() -> Counter[str]:
    return Counter(AuditEntry.objects.values_list("action", flat=True))


def test_it_audits_every_write_like_the_web_pages_do(superuser: Any, bundle: Path) -> None:
    call_command("import_season", str(bundle))
    season = Season.objects.get(series__code="elms", name="2014")
    done = actions()
    assert done["entries.team.created"] == Team.objects.count()
    assert done["entries.entry.created"] == done["entries.entry.accepted_from_results"] == 38
    assert done["entries.nomination.added"] == Nomination.objects.filter(entry__season=season).count()
    assert done["results.classification.uploaded"] == done["results.classification.published"] == 1
    assert done["results.pole.set"] == 2
    assert done["results.season.imported"] == 1
    assert set(Entry.objects.filter(season=season).values_list("status", flat=True)) == {EntryStatus.ACCEPTED}
    imported = AuditEntry.objects.get(action="results.season.imported")
    assert imported.actor == superuser and imported.series_id == season.series_id
    assert imported.after["created"]["entries"] == 38 and imported.after["uploaded_rounds"] == [1]
    assert "race R1 created" in imported.after["notes"]
    assert "season points rules: created" in imported.after["notes"]


def test_it_audits_nothing_when_the_same_bundle_is_imported_again(superuser: Any, bundle: Path) -> None:
    call_command("import_season", str(bundle))
    before = actions()
    call_command("import_season", str(bundle))
    assert actions() == before


def test_it_audits_only_what_a_corrected_bundle_changes(superuser: Any, bundle: Path) -> None:
    call_command("import_season", str(bundle))
    (bundle / "poles.csv").write_text("round,class,number\n1,LMP2,34\n1,GTC,59\n")
    (bundle / "eligibility.csv").write_text("number,class,eligible\n46,LMP2,false\n")
    before = actions()
    call_command("import_season", str(bundle))
    new = actions() - before
    assert new == Counter(
        {
            "results.pole.set": 1,
            "entries.entry.updated": 1,
            "entries.entry.event_added": 1,
        }
    )
    assert RacePole.objects.get(class_code="LMP2").number == "34"
    assert AuditEntry.objects.get(action="entries.entry.updated").after == {"kind": "guest"}


def test_it_refuses_what_the_entry_pages_refuse_and_writes_nothing(superuser: Any, bundle: Path) -> None:
    results = bundle / "results" / "R1.csv"
    results.write_bytes(results.read_bytes().replace(b"\n2;34;", b"\n2;34567;", 1))
    with pytest.raises(CommandError) as excinfo:
        call_command("import_season", str(bundle))
    assert (
        "results/R1.csv row 3, column NUMBER (car #34567): "
        "'34567' is not a car number: use 1 to 4 digits, e.g. 7 or 007." in str(excinfo.value)
    )
    assert not Season.objects.filter(series__code="elms").exists()
    assert not Team.objects.exists() and not AuditEntry.objects.exists()


def test_it_lets_series_staff_import_only_into_their_own_series(world: Any, bundle: Path) -> None:
    # The world's ACO series is the bundle's "elms".
    with pytest.raises(BundleError, match="sro_staff may not import this bundle: You are not staff of"):
        import_season(bundle, world.sro_staff)
    assert not Season.objects.filter(series__code="elms", name="2014").exists()
    import_season(bundle, world.aco_staff)
    assert Entry.objects.filter(season__series__code="elms", season__name="2014").count() == 38

    other = bundle.parent / "other"
    shutil.copytree(bundle, other)
    toml = other / "season.toml"
    toml.write_text(toml.read_text().replace('series_code = "elms"', 'series_code = "wec"'))
    with pytest.raises(BundleError, match="Only a superuser can create a series"):
        import_season(other, world.aco_staff)


def test_it_sets_a_pole_once_and_audits_each_change(world: Any) -> None:
    race = factories.RaceFactory(event=factories.EventFactory(season=world.aco_season))
    factories.RacingClassFactory(season=world.aco_season, code="LMP2")
    pole_set(actor=world.aco_staff, race=race, class_code="LMP2", number="46", reason="qualifying sheet")
    pole_set(actor=world.aco_staff, race=race, class_code="LMP2", number="46", reason="qualifying sheet")
    pole_set(actor=world.aco_staff, race=race, class_code="LMP2", number="34", reason="lap time deleted")
    audits = AuditEntry.objects.filter(action="results.pole.set").order_by("id")
    assert [(a.before.get("number"), a.after["number"]) for a in audits] == [(None, "46"), ("46", "34")]
    assert RacePole.objects.get(race=race).number == "34"
    with pytest.raises(PermissionDenied):
        pole_set(actor=world.aco_steward, race=race, class_code="LMP2", number="7", reason="x")


def test_it_keeps_one_driver_for_the_spellings_of_two_events(world: Any, tmp_path: Path) -> None:
    """Like the real #24 of the Asian Le Mans 2023-24 ('Ferdinand HABSBURG-LOTHRINGEN' at Sepang,
    'Ferdinand HABSBURG' at Yas Marina): one driver, nominated at both events."""
    from entries.models import Driver

    bundle = tmp_path / "bundle"
    shutil.copytree(BUNDLE, bundle)
    (bundle / "races.csv").write_text((bundle / "races.csv").read_text() + "2,4 Hours of Imola,Imola,2014-05-18,240\n")
    r1 = (bundle / "results" / "R1.csv").read_text("utf-8")
    respelled = r1.replace("Tom KIMBER-SMITH", "Tom KIMBER").replace("Paul-Loup CHATIN", "Paul Loup CHATIN")
    (bundle / "results" / "R2.csv").write_text(respelled.replace("Sébastien CRUBILÉ", "Sebastien CRUBILE"), "utf-8")

    import_season(bundle, world.aco_staff)

    for family in ("Kimber", "Chatin", "Crubil"):
        [driver] = Driver.objects.filter(last_name__icontains=family)
        assert Nomination.objects.filter(driver=driver).count() == 2, family
