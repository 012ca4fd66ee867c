"""Upload of a classification: dry run (parse, race checks, differences with the entry list, preview), then
the atomic confirm applying the choices made on the preview (late changes)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from championships.audit import audit_record
from championships.models import Race
from championships.scoping import can_manage, can_steward
from results.classifications import classify, race_check
from results.classifications import reconcile as rc
from results.classifications.matching import RowMatch
from results.classifications.models import (
    ClassificationVersion,
    PendingUpload,
    ResultRow,
    ResultRowDriver,
    document_label,
)
from results.classifications.parsing import (
    ClassificationFileError,
    FileProblem,
    ParsedClassification,
    parse_classification,
)
from results.classifications.services import crews, derivation, late_changes, protocol
from results.classifications.services.late_changes import Resolutions
from results.classifications.services.sro import sro_in_season
from results.classifications.services.storage_limits import storage_limits  # re-exported (qualifying)


@dataclass
class UploadPreview:
    """What the steward sees before confirming: derived rows, changes against the current one."""

    pending: PendingUpload
    file_format: str
    encoding: str
    rows: list[classify.TableRow]
    changes: list[derivation.Change]
    current_version: ClassificationVersion | None
    warnings: list[str] = field(default_factory=list)
    # Newer Al Kamel layout: drivers' categories and nationalities (results.classifications.services.crews).
    crew: crews.CrewPlan = field(default_factory=crews.CrewPlan)
    # The differences with the entry list and their ways (reconcile), the race checks (race_check),
    # and the fingerprint of what the page shows, which the confirm must carry back.
    reconciliation: rc.Reconciliation = field(default_factory=rc.Reconciliation)
    mismatches: list[race_check.Mismatch] = field(default_factory=list)
    fingerprint: str = ""
    can_add_entries: bool = False
    # Late driver changes → (FIA category, nationality) read from the event's qualifying files.
    suggestions: dict[str, tuple[str, str]] = field(default_factory=dict)


def _check_file(race: Race, data: bytes, filename: str, user: Any) -> tuple[ParsedClassification, rc.Reconciliation]:
    """Parse and reconcile with the entry list; ClassificationFileError lists every refusal.

    Late driver changes, unknown and missing cars are differences to resolve, not refusals; a
    class or cup other than the entry's stays a refusal (no class change can be recorded here).
    """
    # Why: parse_classification checks the size first, before anything is decoded or hashed.
    try:
        parsed = _parse_in_season(data, filename, race)
    except ClassificationFileError as error:
        if error.partial is None:
            raise _with_session_hint(error, filename) from error
        # Why: the entry-list check runs on what could be read, so the steward sees every
        # problem of the file at once instead of one kind per upload.
        partial = _reconcile(race, error.partial, user)
        raise ClassificationFileError(_merge(error.errors, partial.problems)) from error
    reconciliation = _reconcile(race, parsed, user)
    if reconciliation.problems:
        raise ClassificationFileError(reconciliation.problems)
    return parsed, reconciliation


def _with_session_hint(error: ClassificationFileError, filename: str) -> ClassificationFileError:
    """A qualifying (or practice) file refused by the race parser says what it is."""
    session = race_check.read_name(filename).session
    if session and session != "race":
        hint = FileProblem(None, None, f"{filename} is a {session} file, not a race classification")
        return ClassificationFileError([hint, *error.errors])
    return error


def _reconcile(race: Race, parsed: ParsedClassification, user: Any) -> rc.Reconciliation:
    return rc.reconcile(
        parsed,
        derivation.entry_list(race),
        late_changes.known_drivers(),
        season_classes=derivation.season_classes(race.season_id),
        can_add_entries=can_manage(user, race.season.series_id),
    )


def _mismatches(race: Race, filename: str, parsed: ParsedClassification, sha256: str) -> list[race_check.Mismatch]:
    return race_check.check_file(filename, parsed, late_changes.race_facts(race, sha256))


def _parse_in_season(data: bytes, filename: str, race: Race) -> ParsedClassification:
    """Parse, then put an SRO file's cars in the season's class and cups; every problem of both at once."""
    try:
        parsed = parse_classification(data, filename, storage_limits())
    except ClassificationFileError as error:
        if error.partial is None:
            raise
        try:
            partial = sro_in_season(error.partial, race.season_id)
        except ClassificationFileError as cups:
            raise ClassificationFileError([*error.errors, *cups.errors], partial=cups.partial) from error
        raise ClassificationFileError(error.errors, partial=partial) from error
    return sro_in_season(parsed, race.season_id)


def _merge(parsing: list[FileProblem], matching: list[FileProblem]) -> list[FileProblem]:
    """Both lists in row order; a cell the parser already refused is not reported again."""
    flagged = {(p.row, (p.column or "").casefold()) for p in parsing}
    extra = [p for p in matching if (p.row, (p.column or "").casefold()) not in flagged]
    return sorted([*parsing, *extra], key=lambda p: (p.row if p.row is not None else 0, p.column or ""))


def _derive(parsed: ParsedClassification, race: Race) -> list[classify.OutputRow]:
    classes = derivation.season_classes(race.season_id)
    inputs = [classify.InputRow.of(i, r, classes) for i, r in enumerate(parsed.rows)]
    return classify.derive(inputs, derivation.race_penalties(race), derivation.min_share(race))


def latest_version(race: Race) -> ClassificationVersion | None:
    return race.classification_versions.order_by("-version").first()


def classification_upload_preview(*, race: Race, user: Any, filename: str, data: bytes) -> UploadPreview:
    """Dry run: nothing but the pending upload is written; raises ClassificationFileError."""
    protocol.require_steward(user, race.season.series_id)
    parsed, reconciliation = _check_file(race, data, filename, user)
    discard_stale_pending(race=race, user=user)
    pending = PendingUpload.objects.create(
        race=race,
        uploaded_by=user,
        filename=filename[:255],
        data=data,
        sha256=protocol.fingerprint(data),
    )
    return _preview(race, pending, parsed, reconciliation, user)


def pending_preview(*, pending_id: int, user: Any) -> UploadPreview:
    """The preview of an unconfirmed upload again: its uploader's, or one left for the series staff."""
    pending = PendingUpload.objects.select_related("race__season", "race__event").filter(pk=pending_id).first()
    if pending is None or pending.confirmed_version_id is not None:
        raise ValidationError("This upload is no longer waiting (confirmed, or replaced by a newer file).")
    ensure_can_resolve(pending, user)
    parsed, reconciliation = _check_file(pending.race, bytes(pending.data), pending.filename, user)
    return _preview(pending.race, pending, parsed, reconciliation, user)


def ensure_can_resolve(pending: PendingUpload, user: Any) -> None:
    """The steward who uploaded it; staff of the series once it waits for them."""
    series_id = pending.race.season.series_id
    if pending.uploaded_by_id == user.pk and can_steward(user, series_id):
        return
    if pending.waiting_for_staff_since is not None and can_manage(user, series_id):
        return
    raise PermissionDenied


def _preview(
    race: Race, pending: PendingUpload, parsed: ParsedClassification, reconciliation: rc.Reconciliation, user: Any
) -> UploadPreview:
    derived = _derive(parsed, race)
    by_index = dict(enumerate(parsed.rows))
    cup_of = _entry_cups(race)
    rows = [
        classify.TableRow(
            d.overall_position,
            d.class_position,
            d.class_code,
            d.number,
            by_index[d.key].team,
            by_index[d.key].drivers,
            d.status,
            d.laps,
            d.total_time_ms,
            d.gap_first,
            d.penalties,
            cup_code=classify.raced_cup(cup_of.get(d.number, ""), by_index[d.key].cup_code),
        )
        for d in derived
    ]
    rows = classify.with_cups(rows, *derivation.season_names(race.season_id))
    current = latest_version(race)
    after = {d.number: derivation.describe(d.class_code, d.class_position, d.status) for d in derived}
    mismatches = _mismatches(race, pending.filename, parsed, pending.sha256)
    return UploadPreview(
        pending=pending,
        file_format=parsed.format,
        encoding=parsed.encoding,
        rows=rows,
        changes=derivation.diff(derivation.version_summary(current), after),
        current_version=current,
        warnings=[*parsed.warnings, *reconciliation.warnings, *_orphan_decision_warnings(race, parsed)],
        crew=crews.crew_plan(crews.crew_lines(_matched_rows(reconciliation)), race.season_id),
        reconciliation=reconciliation,
        mismatches=mismatches,
        fingerprint=reconciliation.fingerprint(pending.sha256, [m.message for m in mismatches]),
        can_add_entries=can_manage(user, race.season.series_id),
        suggestions=crews.qualifying_suggestions(race.event_id, reconciliation.differences),
    )


def _entry_cups(race: Race) -> dict[str, str]:
    """Car number → the cup code of its entry (Al Kamel files carry no cup; the entry list does)."""
    return {entry.number: entry.cup_code for entry in derivation.entry_list(race)}


def _matched_rows(reconciliation: rc.Reconciliation) -> list[RowMatch]:
    """The rows whose car and every driver are already known (what the crews of the file can fill in)."""
    return [
        RowMatch(plan.row, plan.entry_id, tuple(slot.driver_id for slot in plan.drivers if slot.driver_id is not None))
        for plan in reconciliation.rows
        if plan.entry_id is not None and all(slot.driver_id is not None for slot in plan.drivers)
    ]


def _orphan_decision_warnings(race: Race, parsed: ParsedClassification) -> list[str]:
    """Active decisions on cars this file does not contain would silently stop applying: say so."""
    numbers = {row.number for row in parsed.rows}
    return [
        f"{document_label(p.decision)} (car #{p.number}) concerns a car that is not in this file; "
        "it will have no effect."
        for p in derivation.race_penalties(race)
        if p.number not in numbers
    ]


def discard_stale_pending(*, race: Race, user: Any) -> int:
    """Delete the user's unconfirmed files for this race and anyone's unconfirmed files older than a day."""
    # Why: a new preview supersedes the user's earlier ones for the race; confirming an older
    # preview afterwards would save a file the steward no longer looks at.
    # A file left for the staff waits for them, however long that takes.
    stale = Q(race=race, uploaded_by=user) | Q(
        created_at__lt=timezone.now() - protocol.PENDING_TTL, waiting_for_staff_since__isnull=True
    )
    deleted, _ = PendingUpload.objects.filter(stale, confirmed_version__isnull=True).delete()
    return deleted


def _locked_pending(pending_id: int, sha256: str, user: Any) -> tuple[PendingUpload, Race, bytes]:
    # Gone: a newer preview or the daily clean-up discarded it (discard_stale_pending).
    pending = protocol.locked_preview(PendingUpload.objects.select_related("race__season"), pending_id)
    race = Race.objects.select_for_update().select_related("season", "event").get(pk=pending.race_id)
    pending.race = race
    ensure_can_resolve(pending, user)
    data = bytes(pending.data)
    if pending.confirmed_version_id is not None:
        raise ValidationError("This upload has already been confirmed.")
    if sha256 != pending.sha256 or protocol.fingerprint(data) != pending.sha256:
        raise ValidationError("The file confirmed is not the file previewed; upload it again.")
    return pending, race, data


def _checked(
    race: Race, pending: PendingUpload, data: bytes, user: Any, resolutions: Resolutions, *, saving: bool = True
) -> tuple[ParsedClassification, rc.Reconciliation, list[race_check.Mismatch]]:
    """The file checked again now (the entry list may have changed since the preview)."""
    parsed, reconciliation = _check_file(race, data, pending.filename, user)
    mismatches = _mismatches(race, pending.filename, parsed, pending.sha256)
    fingerprint = reconciliation.fingerprint(pending.sha256, [m.message for m in mismatches])
    if resolutions.fingerprint and resolutions.fingerprint != fingerprint:
        raise ValidationError(
            "The entry list, the race or other uploads changed since this preview, so the choices made on it "
            "may no longer fit: nothing was saved. Open the preview again and check the differences."
        )
    if saving and mismatches and not resolutions.acknowledgement.strip():
        raise ValidationError(
            [f"This file may not be the classification of {race}: {m.message}." for m in mismatches]
            + ["Give the reason to use it anyway (kept in the audit log), or upload the right file."]
        )
    return parsed, reconciliation, mismatches


@transaction.atomic
def classification_confirm(
    *, pending_id: int, sha256: str, user: Any, resolutions: Resolutions | None = None
) -> ClassificationVersion:
    """Write the previewed file as the race's next version, atomically, under a lock on the race.

    The late changes chosen on the preview (`resolutions`) are applied in the same transaction:
    any refusal saves nothing at all.
    """
    resolutions = resolutions or Resolutions()
    pending, race, data = _locked_pending(pending_id, sha256, user)
    parsed, reconciliation, mismatches = _checked(race, pending, data, user, resolutions)
    matches = late_changes.apply_late_changes(
        race=race, reconciliation=reconciliation, choices=resolutions.choices, user=user, filename=pending.filename
    )
    # Why: computed inside the race lock, so two confirms get two ordered versions.
    number = (race.classification_versions.aggregate(m=Max("version"))["m"] or 0) + 1
    previous = derivation.version_summary(latest_version(race))
    version = ClassificationVersion.objects.create(
        race=race,
        version=number,
        filename=pending.filename,
        source=data,
        sha256=pending.sha256,
        file_format=parsed.format,
        encoding=parsed.encoding,
        uploaded_by=user,
    )
    _store_rows(version, matches)
    crew = crews.crew_plan(crews.crew_lines(matches), race.season_id)
    crews.crew_fills_write(crew.fills, race.season_id)
    derivation.rederive_version(version, derivation.race_penalties(race), derivation.min_share(race))
    pending.confirmed_version = version
    pending.waiting_for_staff_since = None
    # Why: the version keeps the bytes (source); the row stays only to refuse a second confirm.
    pending.data = b""
    pending.save(update_fields=["confirmed_version", "data", "waiting_for_staff_since"])
    audit_record(
        action="results.classification.uploaded",
        actor=user,
        obj=version,
        series=race.season.series_id,
        before={"version": number - 1 if number > 1 else None},
        after={
            "version": number,
            "filename": pending.filename,
            "sha256": pending.sha256,
            "format": parsed.format,
            "encoding": parsed.encoding,
            "rows": len(matches),
            "changes": [asdict(c) for c in derivation.diff(previous, derivation.version_summary(version))],
            "differences": {d.key: resolutions.choices.get(d.key, "") for d in reconciliation.differences},
            "race_checks": [m.message for m in mismatches],
            **(
                {"filled": [str(f) for f in crew.fills], "crew_differences": crew.differences}
                if crew.fills or crew.differences
                else {}
            ),
        },
        reason=_reason(race, resolutions, mismatches),
    )
    return version


def _reason(race: Race, resolutions: Resolutions, mismatches: list[race_check.Mismatch]) -> str:
    if not mismatches:
        return f"Classification of {race} uploaded"
    return f"Classification of {race} uploaded despite: {'; '.join(m.message for m in mismatches)}. " + (
        f"Steward's reason: {resolutions.acknowledgement.strip()}"
    )


@transaction.atomic
def classification_leave_for_staff(
    *, pending_id: int, sha256: str, user: Any, resolutions: Resolutions
) -> PendingUpload:
    """A steward leaves a car not on the entry list for the staff: the upload waits, nothing else is saved."""
    pending, race, data = _locked_pending(pending_id, sha256, user)
    _, reconciliation, _ = _checked(race, pending, data, user, resolutions, saving=False)
    if not rc.waits_for_staff(reconciliation, resolutions.choices):
        raise ValidationError("Nothing is left for the staff: choose “Leave it for the series staff” for a car first.")
    if pending.waiting_for_staff_since is None:
        pending.waiting_for_staff_since = timezone.now()
    pending.choices = {**resolutions.choices, "acknowledgement": resolutions.acknowledgement}
    pending.save(update_fields=["waiting_for_staff_since", "choices"])
    audit_record(
        action="results.classification.left_for_staff",
        actor=user,
        obj=pending,
        series=race.season.series_id,
        after={
            "filename": pending.filename,
            "sha256": pending.sha256,
            "cars": [d.number for d in reconciliation.differences if resolutions.choices.get(d.key) == rc.FOR_STAFF],
        },
        reason=f"{reconciliation.summary()}: left for the series staff",
    )
    return pending


def _store_rows(version: ClassificationVersion, matches: list[RowMatch]) -> None:
    rows = ResultRow.objects.bulk_create(
        ResultRow(
            version=version,
            entry_id=m.entry_id,
            row_number=m.row.row_number,
            position=m.row.position,
            number=m.row.number,
            class_code=m.row.class_code,
            cup_code=m.row.cup_code,
            team=m.row.team,
            driver_names=list(m.row.drivers),
            vehicle=m.row.vehicle,
            status=m.row.status,
            laps=m.row.laps,
            total_time_ms=m.row.total_time_ms,
            best_lap_ms=m.row.best_lap_ms,
            gap_first=m.row.gap_first,
        )
        for m in matches
    )
    ResultRowDriver.objects.bulk_create(
        ResultRowDriver(row=row, driver_id=driver_id, order=order)
        for row, m in zip(rows, matches, strict=True)
        for order, driver_id in enumerate(m.driver_ids, start=1)
    )
