"""Upload of a classification: dry run against the entry list, preview, atomic confirm, versions."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from championships.models import AuditEntry
from results.classifications.models import ClassificationVersion, DerivedRow, PendingUpload, ResultRow
from results.classifications.parsing import ClassificationFileError
from results.classifications.services import (
    classification_confirm,
    classification_publish,
    classification_upload_preview,
)
from tests.classifications.builders import Elms, silverstone_bytes

pytestmark = pytest.mark.django_db

FILE = "elms-2014-r1-silverstone-classification.csv"


def upload(elms: Elms, user: Any, data: bytes | None = None, filename: str = FILE) -> ClassificationVersion:
    preview = classification_upload_preview(
        race=elms.race,
        user=user,
        filename=filename,
        data=silverstone_bytes() if data is None else data,
    )
    return classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=user)


def class_order(version: ClassificationVersion, class_code: str) -> list[tuple[int | None, str, str]]:
    rows = DerivedRow.objects.filter(version=version, class_code=class_code).select_related("row")
    return [(d.class_position, d.row.number, d.status) for d in rows.order_by("overall_position")]


def test_it_imports_the_real_al_kamel_file_with_class_positions(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    assert version.version == 1
    assert version.status == "draft"
    assert (version.file_format, version.encoding) == ("alkamel", "utf-8")
    assert ResultRow.objects.filter(version=version).count() == 38
    lmp2 = class_order(version, "LMP2")
    assert [n for _, n, _ in lmp2] == [
        "46",
        "34",
        "43",
        "41",
        "36",
        "28",
        "24",
        "48",
        "50",
        "38",
        "29",
    ]
    assert [p for p, _, _ in lmp2] == list(range(1, 12))
    assert lmp2[-2:] == [(10, "38", "nc"), (11, "29", "nc")]
    lmgte = class_order(version, "LMGTE")
    assert [n for _, n, _ in lmgte[:4]] == ["55", "72", "76", "56"]
    assert lmgte[-1] == (13, "81", "classified")
    gtc = class_order(version, "GTC")
    assert [n for _, n, _ in gtc[:3]] == ["96", "73", "60"]
    assert gtc[-2:] == [(13, "62", "classified"), (14, "71", "dns")]


def test_it_derives_gaps_in_laps_form_like_al_kamel(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    gaps = {d.row.number: d.gap_first for d in DerivedRow.objects.filter(version=version).select_related("row")}
    assert gaps["46"] == ""
    assert gaps["34"] == "3.828"
    assert gaps["28"] == "1'00.569"
    assert gaps["24"] == "2 Laps"
    assert gaps["38"] == "21 Laps"
    assert gaps["71"] == "118 Laps"
    stored = {r.number: r.gap_first for r in ResultRow.objects.filter(version=version)}
    assert all(stored[n] == gaps[n] for n in gaps)


def test_it_matches_drivers_despite_accents_case_and_trailing_spaces(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    crubile = ResultRow.objects.get(version=version, number="82")
    assert crubile.driver_names == ["François PERRODO", "Sébastien CRUBILÉ", "Emmanuel COLLARD"]
    names = [str(d.driver) for d in crubile.row_drivers.select_related("driver")]
    assert names == ["FRANCOIS perrodo", "Sebastien Crubile", "Emmanuel Collard"]
    wells = ResultRow.objects.get(version=version, number="28")
    assert wells.driver_names[1] == "Anthony WELLS"
    assert elms.drivers["Anthony WELLS"].pk in {rd.driver_id for rd in wells.row_drivers.all()}


def test_it_stores_times_and_statuses_from_the_file(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    winner = ResultRow.objects.get(version=version, number="46")
    assert (winner.laps, winner.total_time_ms, winner.best_lap_ms) == (118, 14429711, 111631)
    dns = ResultRow.objects.get(version=version, number="71")
    assert (dns.status, dns.total_time_ms, dns.best_lap_ms) == ("dns", None, None)
    assert bytes(version.source) == silverstone_bytes()


def test_it_previews_without_writing_a_version(elms: Elms, world: Any) -> None:
    preview = classification_upload_preview(
        race=elms.race, user=world.aco_steward, filename=FILE, data=silverstone_bytes()
    )
    assert ClassificationVersion.objects.count() == 0
    assert preview.file_format == "alkamel"
    assert preview.rows[0].number == "46" and preview.rows[0].class_position == 1
    assert preview.current_version is None
    assert len(preview.changes) == 38  # every car is new against no version


def test_it_shows_the_cars_that_changed_against_the_current_version(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    swapped = (
        silverstone_bytes()
        .replace(b"\n1;46;", b"\n2;46;", 1)
        .replace(b"\n2;34;", b"\n1;34;", 1)
        .replace(b"4:00'33.539", b"4:00'29.000")
    )
    preview = classification_upload_preview(race=elms.race, user=world.aco_steward, filename=FILE, data=swapped)
    assert preview.current_version is not None and preview.current_version.version == 1
    assert [(c.number, c.before, c.after) for c in preview.changes] == [
        ("34", "LMP2 P2", "LMP2 P1"),
        ("46", "LMP2 P1", "LMP2 P2"),
    ]


def test_it_gives_ordered_versions_to_successive_confirms(elms: Elms, world: Any) -> None:
    first = classification_upload_preview(
        race=elms.race, user=world.aco_steward, filename=FILE, data=silverstone_bytes()
    )
    second = classification_upload_preview(
        race=elms.race, user=world.aco_staff, filename=FILE, data=silverstone_bytes()
    )
    v_b = classification_confirm(pending_id=second.pending.pk, sha256=second.pending.sha256, user=world.aco_staff)
    v_a = classification_confirm(pending_id=first.pending.pk, sha256=first.pending.sha256, user=world.aco_steward)
    assert (v_b.version, v_a.version) == (1, 2)
    assert ResultRow.objects.filter(version=v_a).count() == ResultRow.objects.filter(version=v_b).count() == 38


def test_it_refuses_two_versions_with_the_same_number(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClassificationVersion.objects.create(
            race=elms.race,
            version=version.version,
            filename="x.csv",
            source=b"",
            sha256="0" * 64,
            file_format="alkamel",
            encoding="utf-8",
        )


def test_it_confirms_an_upload_only_once(elms: Elms, world: Any) -> None:
    preview = classification_upload_preview(
        race=elms.race, user=world.aco_steward, filename=FILE, data=silverstone_bytes()
    )
    classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=world.aco_steward)
    with pytest.raises(ValidationError):
        classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=world.aco_steward)
    assert ClassificationVersion.objects.count() == 1


def test_it_refuses_to_confirm_a_file_other_than_the_previewed_one(elms: Elms, world: Any) -> None:
    preview = classification_upload_preview(
        race=elms.race, user=world.aco_steward, filename=FILE, data=silverstone_bytes()
    )
    PendingUpload.objects.filter(pk=preview.pending.pk).update(data=b"tampered")
    with pytest.raises(ValidationError):
        classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=world.aco_steward)
    with pytest.raises(ValidationError):
        classification_confirm(pending_id=preview.pending.pk, sha256="f" * 64, user=world.aco_steward)
    assert ClassificationVersion.objects.count() == 0


def test_it_refuses_a_confirm_by_someone_else(elms: Elms, world: Any) -> None:
    preview = classification_upload_preview(
        race=elms.race, user=world.aco_steward, filename=FILE, data=silverstone_bytes()
    )
    for user in (world.sro_staff, world.outsider, world.aco_staff):
        with pytest.raises(PermissionDenied):
            classification_confirm(pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=user)
    assert ClassificationVersion.objects.count() == 0


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_refuses_a_preview_outside_the_users_series(elms: Elms, world: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        classification_upload_preview(
            race=elms.race, user=getattr(world, persona), filename=FILE, data=silverstone_bytes()
        )
    assert PendingUpload.objects.count() == 0


def test_it_records_the_upload_in_the_audit_log(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    entry = AuditEntry.objects.get(action="results.classification.uploaded")
    assert entry.actor == world.aco_steward
    assert entry.series_id == world.aco_series.pk
    assert entry.object_id == str(version.pk)
    assert entry.after["version"] == 1 and entry.after["rows"] == 38


def test_it_leaves_the_standings_alone_until_a_confirmed_version_is_published(elms: Elms, world: Any) -> None:
    from results.standings.models import SeasonStandingsState

    version = upload(elms, world.aco_steward)
    # Standings read published versions only: an unpublished confirm is nothing to recompute.
    assert not SeasonStandingsState.objects.filter(season=elms.season).exists()
    classification_publish(version=version, user=world.aco_steward, status="provisional")
    assert SeasonStandingsState.objects.get(season=elms.season).generation == 1


def test_it_refuses_a_file_with_every_problem_listed_and_writes_nothing(elms: Elms, world: Any) -> None:
    with pytest.raises(ClassificationFileError) as caught:
        upload(elms, world.aco_steward, data=silverstone_bytes().replace(b";46;", b";460;"))
    assert ClassificationVersion.objects.count() == 0
    assert "car 460 is not on the accepted entry list" in str(caught.value)


def preview_for(elms: Elms, user: Any) -> Any:
    return classification_upload_preview(race=elms.race, user=user, filename=FILE, data=silverstone_bytes())


def test_it_discards_the_users_earlier_unconfirmed_preview_of_the_race(elms: Elms, world: Any) -> None:
    confirmed = preview_for(elms, world.aco_steward)
    classification_confirm(pending_id=confirmed.pending.pk, sha256=confirmed.pending.sha256, user=world.aco_steward)
    first = preview_for(elms, world.aco_steward)
    colleague = preview_for(elms, world.aco_staff)
    second = preview_for(elms, world.aco_steward)
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {
        confirmed.pending.pk,
        colleague.pending.pk,
        second.pending.pk,
    }
    with pytest.raises(ValidationError, match="no longer available"):
        classification_confirm(pending_id=first.pending.pk, sha256=first.pending.sha256, user=world.aco_steward)
    assert ClassificationVersion.objects.count() == 1


def test_it_discards_anyones_unconfirmed_preview_older_than_a_day(elms: Elms, world: Any) -> None:
    stale = preview_for(elms, world.aco_staff).pending
    recent = PendingUpload.objects.create(
        race=elms.race, uploaded_by=world.aco_staff, filename=FILE, data=b"x", sha256=stale.sha256
    )
    PendingUpload.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=2))
    PendingUpload.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(hours=23))
    mine = preview_for(elms, world.aco_steward).pending
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {recent.pk, mine.pk}


def test_it_keeps_the_file_once_only_after_a_confirm(elms: Elms, world: Any) -> None:
    preview = preview_for(elms, world.aco_steward)
    version = classification_confirm(
        pending_id=preview.pending.pk, sha256=preview.pending.sha256, user=world.aco_steward
    )
    pending = PendingUpload.objects.get()
    assert (pending.confirmed_version, bytes(pending.data)) == (version, b"")
    assert bytes(ClassificationVersion.objects.get().source) == silverstone_bytes()
    with pytest.raises(ValidationError, match="already been confirmed"):
        classification_confirm(pending_id=pending.pk, sha256=pending.sha256, user=world.aco_steward)


def test_it_warns_when_an_active_decision_concerns_a_car_missing_from_the_new_file(elms: Elms, world: Any) -> None:
    from results.classifications.services import Penalty, decision_record

    upload(elms, world.aco_steward)
    decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="4",
        entry=elms.entries["71"],
        penalty=Penalty(kind="time", offence="Pit lane speeding", time_added_ms=5000),
    )
    # A corrected file without the car that did not start (#71, the last line).
    without_71 = b"\n".join(line for line in silverstone_bytes().split(b"\n") if b";71;" not in line)
    preview = classification_upload_preview(race=elms.race, user=world.aco_steward, filename=FILE, data=without_71)
    assert "Decision 4 (car #71) concerns a car that is not in this file; it will have no effect." in preview.warnings
