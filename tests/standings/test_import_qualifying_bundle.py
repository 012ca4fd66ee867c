"""Season bundles with qualifying: the real Asian Le Mans Series 2023-24 bundle in, the published figures out.

`qualifying/R<round>-<session>.csv` (named after the first race of its event; the LMP2/LMP3 session
and the GT session are two files) goes through the steward's qualifying upload;
`points.qualifying_sets` of season.toml says which races of the event it sets.
The bundle is imported once for the module (a few seconds); refusals and other rules are in
test_import_qualifying_refusals.py.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from championships.models import AuditEntry, PointsRules, QualifyingSets
from entries.models import Driver, DriverCategory, Entry, Nomination
from results.classifications.models import ClassificationVersion
from results.classifications.qualifying_models import QualifyingUpload, RacePole
from tests import factories
from tests.scenarios import ASLMS_BUNDLE, ASLMS_POLES

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def superuser(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The superuser who imported the bundle, once for the module (rolled back after it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        root = factories.UserFactory(superuser=True, username="root")
        out = io.StringIO()
        call_command("import_season", str(ASLMS_BUNDLE), stdout=out)
        assert (
            "classifications uploaded: R1, R2, R3, R4, R5; qualifying uploaded: R1-gt.csv, R1-lmp2-lmp3.csv, "
            "R3-gt.csv, R3-lmp2-lmp3.csv, R4-gt.csv, R4-lmp2-lmp3.csv." in out.getvalue()
        )
        yield root
        transaction.set_rollback(True)


def standings(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    capsys.readouterr()
    call_command("standings", "aslms-2023-24", *args)
    return capsys.readouterr().out.splitlines()


def teams(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("teams,")]


def poles() -> set[tuple[int, str, str]]:
    return {(p.race.round, p.class_code, p.number) for p in RacePole.objects.select_related("race")}


def test_it_imports_the_real_season_with_its_qualifying_and_prints_the_published_figures(
    superuser: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert poles() == ASLMS_POLES  # every class: the LMP2/LMP3 session and the GT session of each event
    rules = PointsRules.objects.get(season__series__code="aslms", race=None)
    assert rules.qualifying_sets == QualifyingSets.ALL_RACES_OF_EVENT

    lmp2 = teams(standings(capsys, "--class", "LMP2", "--after-round", "4"))
    assert lmp2[0] == "teams,LMP2,1,Crowdstrike Racing by APR,4,73,6 1 3 1,contender"
    lmp3 = teams(standings(capsys, "--class", "LMP3", "--after-round", "4"))
    # CD Sport leads COOL Racing by 1 point; #17's two pole points (R3, R4) are in its 85.
    assert lmp3[:2] == [
        "teams,LMP3,1,CD Sport,2,86,2 1 2 1,contender",
        "teams,LMP3,2,COOL Racing,17,85,1 3 1 2,contender",
    ]
    gt = teams(standings(capsys, "--class", "GT", "--after-round", "4"))
    # Pure Rxcing leads Triple Eight JMR by 9 points (neither took a GT pole).
    assert gt[:2] == [
        "teams,GT,1,Pure Rxcing,91,58,6 1 1 NC,contender",
        "teams,GT,2,Triple Eight JMR,88,49,7 6 5 1,contender",
    ]
    final = teams(standings(capsys, "--after-round", "5"))
    champions = {tuple(line.split(",")[1:5:3]) for line in final if line.endswith(",champion")}
    assert champions == {("LMP2", "4"), ("LMP3", "17"), ("GT", "91")}


def test_it_uploads_the_qualifying_through_the_audited_steward_service(superuser: Any) -> None:
    uploads = QualifyingUpload.objects.order_by("event__start_date", "filename")
    assert [(u.filename, u.session, u.rounds, u.poles) for u in uploads] == [
        ("R1-gt.csv", "GT", [1, 2], {"GT": "42"}),
        ("R1-lmp2-lmp3.csv", "LMP2 / LMP3", [1, 2], {"LMP2": "90", "LMP3": "20"}),
        ("R3-gt.csv", "GT", [3], {"GT": "7"}),
        ("R3-lmp2-lmp3.csv", "LMP2 / LMP3", [3], {"LMP2": "55", "LMP3": "17"}),
        ("R4-gt.csv", "GT", [4, 5], {"GT": "7"}),
        ("R4-lmp2-lmp3.csv", "LMP2 / LMP3", [4, 5], {"LMP2": "99", "LMP3": "17"}),
    ]
    assert all(u.confirmed_at is not None and u.uploaded_by == superuser for u in uploads)
    assert AuditEntry.objects.filter(action="results.qualifying.confirm", actor=superuser).count() == 6
    assert AuditEntry.objects.filter(action="results.pole.set").count() == len(ASLMS_POLES)
    imported = AuditEntry.objects.get(action="results.season.imported")
    assert imported.after["qualifying_rounds"] == [1, 3, 4]
    assert len(imported.after["qualifying_files"]) == 6
    # The file's FIA categories and nationalities fill in the drivers the results created.
    kurtz = Driver.objects.get(first_name="George", last_name__iexact="Kurtz")
    assert kurtz.nationality == "USA"
    assert DriverCategory.objects.get(driver=kurtz).category == "bronze"


def test_it_imports_the_bundle_twice_without_changes(superuser: Any) -> None:
    def counts() -> tuple[int, ...]:
        return tuple(
            model.objects.count()
            for model in (
                Entry,
                Nomination,
                Driver,
                DriverCategory,
                ClassificationVersion,
                QualifyingUpload,
                RacePole,
                PointsRules,
                AuditEntry,
            )
        )

    before = counts()
    call_command("import_season", str(ASLMS_BUNDLE))
    assert counts() == before
    assert poles() == ASLMS_POLES
