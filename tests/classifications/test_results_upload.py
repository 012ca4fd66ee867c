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
from results.classifications.services import classification_confirm, classification_publish
from tests.helpers import confirm, preview, upload
from tests.scenarios import SILVERSTONE, Elms, silverstone_bytes

pytestmark = pytest.mark.django_db


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
    checked = preview(elms, world.aco_steward)
    assert ClassificationVersion.objects.count() == 0
    assert checked.file_format == "alkamel"
    assert checked.rows[0].number == "46" and checked.rows[0].class_position == 1
    assert checked.current_version is None
    assert len(checked.changes) == 38  # every car is new against no version


def test_it_shows_the_cars_that_changed_against_the_current_version(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    swapped = (
        silverstone_bytes()
        .replace(b"\n1;46;", b"\n2;46;", 1)
        .replace(b"\n2;34;", b"\n1;34;", 1)
        .replace(b"4:00'33.539", b"4:00'29.000")
    )
    checked = preview(elms, world.aco_steward, data=swapped)
    assert checked.current_version is not None and checked.current_version.version == 1
    assert [(c.number, c.before, c.after) for c in checked.changes] == [
        ("34", "LMP2 P2", "LMP2 P1"),
        ("46", "LMP2 P1", "LMP2 P2"),
    ]


def test_it_gives_ordered_versions_to_successive_confirms(elms: Elms, world: Any) -> None:
    first = preview(elms, world.aco_steward)
    second = preview(elms, world.aco_staff)
    v_b = confirm(second, world.aco_staff)
    v_a = confirm(first, world.aco_steward)
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
    checked = preview(elms, world.aco_steward)
    confirm(checked, world.aco_steward)
    with pytest.raises(ValidationError):
        confirm(checked, world.aco_steward)
    assert ClassificationVersion.objects.count() == 1


def test_it_refuses_to_confirm_a_file_other_than_the_previewed_one(elms: Elms, world: Any) -> None:
    checked = preview(elms, world.aco_steward)
    PendingUpload.objects.filter(pk=checked.pending.pk).update(data=b"tampered")
    with pytest.raises(ValidationError):
        confirm(checked, world.aco_steward)
    with pytest.raises(ValidationError):
        classification_confirm(pending_id=checked.pending.pk, sha256="f" * 64, user=world.aco_steward)
    assert ClassificationVersion.objects.count() == 0


def test_it_refuses_a_confirm_by_someone_else(elms: Elms, world: Any) -> None:
    checked = preview(elms, world.aco_steward)
    for user in (world.sro_staff, world.outsider, world.aco_staff):
        with pytest.raises(PermissionDenied):
            confirm(checked, user)
    assert ClassificationVersion.objects.count() == 0


@pytest.mark.parametrize("persona", ["sro_staff", "team_manager", "outsider"])
def test_it_refuses_a_preview_outside_the_users_series(elms: Elms, world: Any, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        preview(elms, getattr(world, persona))
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


def test_it_refuses_to_confirm_a_file_with_differences_left_unresolved_and_writes_nothing(
    elms: Elms, world: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        upload(elms, world.aco_steward, data=silverstone_bytes().replace(b";46;", b";460;"))
    assert ClassificationVersion.objects.count() == 0
    assert (
        "Choose how to resolve: row 2: car #460 (Thiriet By TDS Racing, LMP2) is not on the accepted entry list"
        in str(caught.value)
    )


def test_it_discards_the_users_earlier_unconfirmed_preview_of_the_race(elms: Elms, world: Any) -> None:
    confirmed = preview(elms, world.aco_steward)
    confirm(confirmed, world.aco_steward)
    first = preview(elms, world.aco_steward)
    colleague = preview(elms, world.aco_staff)
    second = preview(elms, world.aco_steward)
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {
        confirmed.pending.pk,
        colleague.pending.pk,
        second.pending.pk,
    }
    with pytest.raises(ValidationError, match="no longer available"):
        confirm(first, world.aco_steward)
    assert ClassificationVersion.objects.count() == 1


def test_it_discards_anyones_unconfirmed_preview_older_than_a_day(elms: Elms, world: Any) -> None:
    stale = preview(elms, world.aco_staff).pending
    recent = PendingUpload.objects.create(
        race=elms.race, uploaded_by=world.aco_staff, filename=SILVERSTONE.name, data=b"x", sha256=stale.sha256
    )
    PendingUpload.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=2))
    PendingUpload.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(hours=23))
    mine = preview(elms, world.aco_steward).pending
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {recent.pk, mine.pk}


def test_it_keeps_the_file_once_only_after_a_confirm(elms: Elms, world: Any) -> None:
    checked = preview(elms, world.aco_steward)
    version = confirm(checked, world.aco_steward)
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
    checked = preview(elms, world.aco_steward, data=without_71)
    assert "Decision 4 (car #71) concerns a car that is not in this file; it will have no effect." in checked.warnings
