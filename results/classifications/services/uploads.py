"""Upload of a classification: dry run (parse + entry-list check + preview), then atomic confirm."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import Max, Q

from championships.audit import audit_record
from championships.models import Race
from entries.models import Driver
from results.classifications import classify
from results.classifications.matching import MatchResult, match_entries
from results.classifications.models import (
    ClassificationVersion,
    PendingUpload,
    ResultRow,
    ResultRowDriver,
    document_label,
)
from results.classifications.parsing import (
    ClassificationFileError,
    FieldLimits,
    FileProblem,
    ParsedClassification,
    parse_classification,
)
from results.classifications.services import derivation, protocol


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


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def _max_length(model: type[models.Model], name: str) -> int | None:
    return _field(model, name).max_length


def _max_value(model: type[models.Model], name: str) -> int:
    """The largest value the column holds on every backend (2147483647 for a PositiveIntegerField).

    Why the portable range, not the connection's: SQLite stores 64-bit integers in any integer
    column, and a file accepted on a development SQLite must be accepted by PostgreSQL too.
    """
    internal_type = _field(model, name).get_internal_type()
    _, high = BaseDatabaseOperations.integer_field_ranges[internal_type]
    return int(high)


def storage_limits() -> FieldLimits:
    """What ResultRow (and Driver) columns can hold, for the parsers to check in the dry run."""
    # Why from the models: a column widened in a migration widens the check with it, and a
    # value too long for its column is a row/column message in the preview, not a database error.
    return FieldLimits(
        max_int=min(_max_value(ResultRow, "laps"), _max_value(ResultRow, "position")),
        max_ms=min(_max_value(ResultRow, "total_time_ms"), _max_value(ResultRow, "best_lap_ms")),
        number=_max_length(ResultRow, "number"),
        class_code=_max_length(ResultRow, "class_code"),
        cup_code=_max_length(ResultRow, "cup_code"),
        team=_max_length(ResultRow, "team"),
        vehicle=_max_length(ResultRow, "vehicle"),
        driver=(_max_length(Driver, "first_name") or 0) + 1 + (_max_length(Driver, "last_name") or 0),
        gap_first=_max_length(ResultRow, "gap_first"),
    )


def _check_file(race: Race, data: bytes, filename: str) -> tuple[ParsedClassification, MatchResult]:
    """Parse and check against the entry list; ClassificationFileError lists every problem."""
    # Why: parse_classification checks the size first, before anything is decoded or hashed.
    try:
        parsed = parse_classification(data, filename, storage_limits())
    except ClassificationFileError as error:
        if error.partial is None:
            raise  # a file-level problem: nothing after it can be trusted
        # Why: the entry-list check runs on what could be read, so the steward sees every
        # problem of the file at once instead of one kind per upload.
        matched = match_entries(error.partial, derivation.entry_list(race))
        raise ClassificationFileError(_merge(error.errors, matched.problems)) from error
    matched = match_entries(parsed, derivation.entry_list(race))
    if matched.problems:
        raise ClassificationFileError(matched.problems)
    return parsed, matched


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
    parsed, matched = _check_file(race, data, filename)
    derived = _derive(parsed, race)
    by_index = dict(enumerate(parsed.rows))
    cup_of = _entry_cups(race, matched)
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
            cup_code=cup_of.get(d.number, by_index[d.key].cup_code),
        )
        for d in derived
    ]
    rows = classify.with_cups(rows, *derivation.season_names(race.season_id))
    current = latest_version(race)
    after = {d.number: derivation.describe(d.class_code, d.class_position, d.status) for d in derived}
    discard_stale_pending(race=race, user=user)
    pending = PendingUpload.objects.create(
        race=race,
        uploaded_by=user,
        filename=filename[:255],
        data=data,
        sha256=protocol.fingerprint(data),
    )
    return UploadPreview(
        pending=pending,
        file_format=parsed.format,
        encoding=parsed.encoding,
        rows=rows,
        changes=derivation.diff(derivation.version_summary(current), after),
        current_version=current,
        warnings=[*parsed.warnings, *matched.warnings, *_orphan_decision_warnings(race, parsed)],
    )


def _entry_cups(race: Race, matched: MatchResult) -> dict[str, str]:
    """Car number → the cup code of its entry (Al Kamel files carry no cup; the entry list does)."""
    entered = {entry.entry_id: entry.cup_code for entry in derivation.entry_list(race)}
    return {m.row.number: entered.get(m.entry_id, m.row.cup_code) for m in matched.matches}


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
    unconfirmed = PendingUpload.objects.filter(confirmed_version__isnull=True)
    return protocol.discard_stale(unconfirmed, mine=Q(race=race, uploaded_by=user), created_field="created_at")


@transaction.atomic
def classification_confirm(*, pending_id: int, sha256: str, user: Any) -> ClassificationVersion:
    """Write the previewed file as the race's next version, atomically, under a lock on the race."""
    pending = protocol.locked_preview(PendingUpload.objects.select_related("race__season"), pending_id)
    race = Race.objects.select_for_update().select_related("season").get(pk=pending.race_id)
    data = bytes(pending.data)
    protocol.check_confirm(
        user=user,
        series_id=race.season.series_id,
        uploaded_by_id=pending.uploaded_by_id,
        confirmed=pending.confirmed_version_id is not None,
        stored_sha256=pending.sha256,
        sent_sha256=sha256,
        data=data,
    )
    # Why: the entry list may have changed since the preview; never store rows that no longer match.
    parsed, matched = _check_file(race, data, pending.filename)
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
    _store_rows(version, matched)
    derivation.rederive_version(version, derivation.race_penalties(race), derivation.min_share(race))
    pending.confirmed_version = version
    # Why: the version keeps the bytes (source); the row stays only to refuse a second confirm.
    pending.data = b""
    pending.save(update_fields=["confirmed_version", "data"])
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
            "rows": len(parsed.rows),
            "changes": [asdict(c) for c in derivation.diff(previous, derivation.version_summary(version))],
        },
        reason=f"Classification of {race} uploaded",
    )
    return version


def _store_rows(version: ClassificationVersion, matched: MatchResult) -> None:
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
        for m in matched.matches
    )
    ResultRowDriver.objects.bulk_create(
        ResultRowDriver(row=row, driver_id=driver_id, order=order)
        for row, m in zip(rows, matched.matches, strict=True)
        for order, driver_id in enumerate(m.driver_ids, start=1)
    )
