"""Load a whole season from a bundle folder (formats/README.md §3): `manage.py import_season DIR`.

Everything is checked first (every file, every row) and written in one transaction, so a bad
bundle changes nothing. Importing the same bundle twice changes nothing either: rows are
matched on series + season + round / car number, and a classification or qualifying whose file
is already stored (same SHA-256) is not uploaded again.

Reading and checking the files is `results.season_bundle`. Writes go through the services of the
web pages (entries, line-ups, race and qualifying uploads, publishing, poles), so they are
checked and audited the same way; what the admin writes without a service (calendar, classes,
cups, points rules) is listed in one "results.season.imported" audit record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from championships.audit import audit_record
from championships.models import (
    Circuit,
    Cup,
    Event,
    ExtraChampionship,
    Organisation,
    QualifyingSets,
    Race,
    RacingClass,
    Season,
    Series,
)
from championships.scoping import can_manage
from championships.services import extra_championship_save
from entries import selectors
from entries import services as entry_services
from entries.models import Driver, Entry, EntryKind, EntryStatus, Team
from entries.names import loosely_same, name_key, split_name
from results.classifications.models import ClassificationStatus, ClassificationVersion
from results.classifications.parsing import ClassificationFileError, ParsedRow
from results.classifications.qualifying_models import QualifyingUpload
from results.classifications.reconcile import MISSING_CAR, WITHDRAWN
from results.classifications.services import (
    Resolutions,
    UploadPreview,
    classification_confirm,
    classification_publish,
    classification_upload_preview,
)
from results.classifications.services.poles import pole_set
from results.classifications.services.qualifying import (
    qualifying_races,
    qualifying_upload_confirm,
    qualifying_upload_preview,
)
from results.season_bundle import Bundle, BundleError, RaceLine, read_bundle
from results.season_import_changes import import_class_changes, import_decisions, located
from results.season_import_rules import race_rules_import, season_rules_import
from results.season_import_sro import import_cups, import_own_race_qualifying
from results.season_laps import import_lap_files

__all__ = ["BundleError", "ImportReport", "import_season", "read_bundle"]


@dataclass
class ImportReport:
    season: Season
    created: dict[str, int] = field(default_factory=dict)
    uploaded_rounds: list[int] = field(default_factory=list)
    qualifying_rounds: list[int] = field(default_factory=list)  # first race of each event whose qualifying was uploaded
    qualifying_files: list[str] = field(default_factory=list)  # the session files uploaded
    lap_files: list[str] = field(default_factory=list)  # the lap files uploaded (laps/..., qualifying/...-laps.csv)
    # What the import changed that no service writes (calendar, classes, cups, rules): audited.
    notes: list[str] = field(default_factory=list)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1

    def note(self, change: str) -> None:
        self.notes.append(change)


def _ensure_can_import(user: Any, series: Series | None, bodies: list[str]) -> None:
    """The admin's rules: series and who governs them are for superusers, seasons for the series' staff."""
    if user.is_superuser:
        return
    if series is None:
        raise PermissionDenied("Only a superuser can create a series.")
    if not can_manage(user, series.pk):
        raise PermissionDenied(f"You are not staff of {series}.")
    governing = set(series.governing_bodies.values_list("code", flat=True))
    if not {code.lower() for code in bodies} <= governing:
        raise PermissionDenied(f"Only a superuser can change who governs {series}.")


def _season(bundle: Bundle, user: Any, report_created: dict[str, int], notes: list[str]) -> Season:
    meta = bundle.meta
    _ensure_can_import(user, Series.objects.filter(code=meta["series_code"]).first(), meta["governing_bodies"])
    series, created = Series.objects.get_or_create(code=meta["series_code"], defaults={"name": meta["series"]})
    if created:
        notes.append(f"series {series.code} created")
    for code in meta["governing_bodies"]:
        body, created = Organisation.objects.get_or_create(code=code.lower(), defaults={"name": code})
        if created:
            notes.append(f"organisation {body.code} created")
        if not series.governing_bodies.filter(pk=body.pk).exists():
            series.governing_bodies.add(body)
            notes.append(f"{body.code} governs {series.code}")
    # A bundle holds a season's results as the series published them: public once imported.
    season, created = Season.objects.get_or_create(
        series=series, name=str(meta["season"]), defaults={"published": True}
    )
    if created:
        report_created["season"] = 1
    for order, code in enumerate(meta["classes"]):
        _, created = RacingClass.objects.get_or_create(season=season, code=code, defaults={"order": order})
        if created:
            notes.append(f"class {code} created")
    return season


def _race(season: Season, line: RaceLine, event: Event, report: ImportReport) -> Race:
    values = {
        "event": event,
        "name": f"Race {line.round}",
        "race_date": line.day,
        "scheduled_duration_min": line.duration_min,
    }
    race = Race.objects.filter(season=season, round=line.round).first()
    if race is None:
        race = Race.objects.create(round=line.round, **values)
        report.note(f"race R{line.round} created")
        return race
    changed = [name for name, value in values.items() if getattr(race, name) != value]
    if changed:
        for name in changed:
            setattr(race, name, values[name])
        race.save()
        report.note(f"race R{line.round}: {', '.join(changed)}")
    return race


def _calendar(season: Season, bundle: Bundle, report: ImportReport) -> dict[int, Race]:
    races: dict[int, Race] = {}
    for line in bundle.races:
        circuit, created = Circuit.objects.get_or_create(name=line.circuit, defaults={"country": ""})
        if created:
            report.note(f"circuit {circuit.name} created")
        event, created = Event.objects.get_or_create(
            season=season, name=line.event, defaults={"circuit": circuit, "start_date": line.day, "end_date": line.day}
        )
        if created:
            report.note(f"event {event.name} created")
        elif line.day < event.start_date or line.day > event.end_date:
            event.start_date, event.end_date = min(event.start_date, line.day), max(event.end_date, line.day)
            event.save()
            report.note(f"event {event.name}: dates {event.start_date} to {event.end_date}")
        race = _race(season, line, event, report)
        race_rules_import(season, race, line, bundle, report.note)
        races[line.round] = race
    return races


def _driver(name: str, cache: dict[str, Driver], crew: list[Driver], user: Any) -> Driver:
    """The driver the results name: by name key, else the one driver of the car's crew of the season
    the name is a shortened spelling of ('Ferdinand HABSBURG' after 'Ferdinand HABSBURG-LOTHRINGEN')."""
    key = name_key(name)
    if key in cache:
        return cache[key]
    fits = [d for d in crew if loosely_same(name, d.first_name, d.last_name)]
    if len(fits) == 1:
        return fits[0]
    first, last = split_name(name.strip())
    cache[key] = entry_services.driver_create_from_results(actor=user, first_name=first, last_name=last)
    return cache[key]


def _cup(season: Season, code: str, racing_class: RacingClass, cups: dict[str, Cup], report: ImportReport) -> Cup:
    """The season's cup of that code, created (within the row's class) on first sight."""
    cup = cups.get(code)
    if cup is None:
        cup = cups[code] = Cup.objects.create(season=season, code=code, name=code, racing_class=racing_class)
        report.note(f"cup {code} created in class {racing_class.code}")
    elif cup.racing_class_id not in (None, racing_class.pk):
        cup.racing_class = None  # the same cup in two classes: a cup of the whole season
        cup.save(update_fields=["racing_class"])
        report.note(f"cup {code} opened to every class")
    return cup


def _entries(season: Season, bundle: Bundle, races: dict[int, Race], user: Any, report: ImportReport) -> None:
    """Teams, entries, drivers and nominations from the result rows (matched on car number), through the
    services of the entry pages; the entries created are then accepted (they raced)."""
    classes = {c.code.casefold(): c for c in season.classes.all()}
    cups = {c.code: c for c in season.cups.all()}
    drivers = {name_key(f"{d.first_name} {d.last_name}"): d for d in Driver.objects.all()}
    new_entries: list[tuple[Entry, str]] = []  # with where the results first name the car
    for round_no, (filename, _, parsed) in sorted(bundle.results.items()):
        event = races[round_no].event
        for row in parsed.rows:
            column = "NUMBER" if parsed.format == "alkamel" else "number"
            where = f"results/{filename} row {row.row_number}, column {column} (car #{row.number})"
            with located(where):
                entry, created = _entry(season, row, classes, cups, bundle, user, report)
                if created:
                    new_entries.append((entry, where))
                if entry.kind == EntryKind.GUEST:
                    entry_services.entry_event_add(actor=user, entry=entry, event=event)
                nominated = set(selectors.current_nominations(entry, event).values_list("driver_id", flat=True))
                crew = list({n.driver_id: n.driver for n in selectors.current_nominations(entry)}.values())
                for name in row.drivers:
                    driver = _driver(name, drivers, crew, user)
                    if driver.pk not in nominated:
                        entry_services.nomination_add(
                            actor=user, entry=entry, event=event, driver=driver, check_lineups=False
                        )
                        nominated.add(driver.pk)
                        report.count("nominations", True)
    for entry, where in new_entries:
        with located(where):
            entry_services.entry_accept_from_results(actor=user, entry=entry)


def _entry(
    season: Season,
    row: ParsedRow,
    classes: dict[str, RacingClass],
    cups: dict[str, Cup],
    bundle: Bundle,
    user: Any,
    report: ImportReport,
) -> tuple[Entry, bool]:
    """The season's live entry holding the row's car number, created (as a draft) if there is none."""
    # An SRO file's Invitational car is a guest of its events (classified, not scoring).
    eligible = bundle.eligibility.get((row.number, row.class_code.casefold()), row.number not in bundle.invited)
    kind = EntryKind.FULL_SEASON if eligible else EntryKind.GUEST
    entry = (
        Entry.objects.filter(season=season, number=row.number)
        .exclude(status__in=[EntryStatus.REJECTED, EntryStatus.WITHDRAWN])
        .select_related("season__series", "team")
        .first()
    )
    if entry is None:
        team = Team.objects.filter(name__iexact=row.team).first()
        if team is None:
            team = entry_services.team_create(actor=user, name=row.team)
            report.count("teams", True)
        racing_class = classes[row.class_code.casefold()]
        entry = entry_services.entry_create(
            actor=user,
            team=team,
            season=season,
            number=row.number,
            racing_class=racing_class,
            # Why: the upload checks each row's cup against the entry's, and cup
            # championships are scored from the entry's cup.
            cup=_cup(season, row.cup_code, racing_class, cups, report) if row.cup_code else None,
            kind=kind,
        )
        report.count("entries", True)
        return entry, True
    if entry.kind != kind:
        # The bundle is the source of truth for who scores: a corrected eligibility.csv
        # re-imported must change the existing entry (the signal marks standings dirty).
        entry = entry_services.entry_update(actor=user, entry=entry, data={"kind": kind}, check_lineups=False)
    return entry, False


def _classifications(bundle: Bundle, races: dict[int, Race], user: Any, report: ImportReport) -> None:
    for round_no, (filename, data, _) in sorted(bundle.results.items()):
        race = races[round_no]
        sha = hashlib.sha256(data).hexdigest()
        if ClassificationVersion.objects.filter(race=race, sha256=sha).exists():
            continue  # already imported: importing twice changes nothing
        try:
            preview = classification_upload_preview(race=race, user=user, filename=filename, data=data)
            version = classification_confirm(
                pending_id=preview.pending.pk, sha256=sha, user=user, resolutions=_bundle_resolutions(preview)
            )
        except ClassificationFileError as exc:
            raise BundleError([f"results/{filename}: {problem}" for problem in exc.errors]) from exc
        # Before publishing: the official classification is the one with the stewards' decisions.
        import_decisions(races[round_no].season, bundle, races, user, round_no)
        classification_publish(
            version=version, user=user, status=ClassificationStatus.OFFICIAL, reason="Imported from a season bundle"
        )
        report.uploaded_rounds.append(round_no)


def _bundle_resolutions(preview: UploadPreview) -> Resolutions:
    """A bundle is the truth of its season: an entered car its results leave out did not take part."""
    # Why withdrawn, not DNS: the bundle's results list every car that took the start; the others
    # were not at the race and are not classified (as the bundle's own standings count them).
    choices = {d.key: WITHDRAWN for d in preview.reconciliation.differences if d.kind == MISSING_CAR}
    acknowledgement = "Imported from a season bundle" if preview.mismatches else ""
    return Resolutions(fingerprint=preview.fingerprint, choices=choices, acknowledgement=acknowledgement)


def _qualifying(bundle: Bundle, races: dict[int, Race], user: Any, report: ImportReport) -> None:
    """Each qualifying session file through the steward's qualifying upload (preview, then confirm).

    Refused, with its file, row and column, as the upload page refuses it; and stricter on one
    point: a car the file lists that is not entered is only a warning for a steward, who reads it
    before confirming, but a bundle has no one to read it, so it is refused.
    """
    for session in bundle.qualifying:
        where = f"qualifying/{session.filename}"
        event = races[session.round].event
        if _already_imported(event, session.data):
            continue  # importing twice changes nothing
        try:
            with located(where):
                checked = qualifying_upload_preview(
                    event=event, user=user, filename=session.filename, data=session.data
                )
        except ClassificationFileError as exc:
            raise BundleError([f"{where}: {problem}" for problem in exc.errors]) from exc
        if checked.plan.not_entered:
            raise BundleError([f"{where}: {problem}" for problem in checked.plan.not_entered])
        with located(where):
            qualifying_upload_confirm(upload_id=checked.upload.pk, sha256=checked.upload.sha256, user=user)
        if session.round not in report.qualifying_rounds:
            report.qualifying_rounds.append(session.round)
        report.qualifying_files.append(session.filename)


def _already_imported(event: Event, data: bytes) -> bool:
    """The same file is the event's current session of its classes, for the races the rule names now."""
    confirmed = list(
        QualifyingUpload.objects.filter(event=event, confirmed_at__isnull=False)
        .order_by("-confirmed_at", "-id")
        .only("sha256", "rounds", "classes")
    )
    sha = hashlib.sha256(data).hexdigest()
    rounds = [race.round for race in qualifying_races(event)]
    for index, upload in enumerate(confirmed):
        if upload.sha256 == sha and upload.rounds == rounds:
            newer = confirmed[:index]
            return not any(set(other.classes) & set(upload.classes) for other in newer)
    return False


def _poles(bundle: Bundle, races: dict[int, Race], user: Any) -> None:
    for round_no, class_code, number, row in bundle.poles:
        with located(f"poles.csv row {row}, column number (round {round_no} class {class_code})"):
            pole_set(
                actor=user,
                race=races[round_no],
                class_code=class_code,
                number=number,
                reason=f"poles.csv of the season bundle ({bundle.meta['series_code']} {bundle.meta['season']})",
            )


def _extra_championships(season: Season, bundle: Bundle, user: Any) -> None:
    """`[[championships]]` of season.toml, through the admin's audited service; one the bundle
    no longer lists is left as staff may have added it in the admin."""
    for order, line in enumerate(bundle.championships):
        championship = ExtraChampionship.objects.filter(season=season, name=line.name).first()
        championship = championship or ExtraChampionship(season=season, name=line.name)
        values = {
            "order": order,
            "competitors": line.competitors,
            "classes": ", ".join(line.classes),
            "cups": ", ".join(line.cups),
            "rounds": " ".join(str(r) for r in line.rounds),
            "numbers": " ".join(line.numbers),
        }
        if championship.pk and all(getattr(championship, key) == value for key, value in values.items()):
            continue  # importing twice changes nothing
        for key, value in values.items():
            setattr(championship, key, value)
        with located(f"season.toml: championships #{order + 1} ({line.name})"):
            extra_championship_save(actor=user, championship=championship)


def import_season(directory: Path, user: Any) -> ImportReport:
    """Check the whole bundle, then write it in one transaction (as `user`, a superuser or staff).

    Entries, line-ups, classifications and poles go through the services of the web pages (their
    checks and audit records); the season's calendar, classes, cups and rules, which the admin
    writes without a service, are listed in one "results.season.imported" audit record.
    """
    bundle = read_bundle(directory)
    try:
        with transaction.atomic():
            created: dict[str, int] = {}
            notes: list[str] = []
            season = _season(bundle, user, created, notes)
            report = ImportReport(season=season, created=created, notes=notes)
            season_rules_import(season, bundle, report.note)
            import_cups(season, bundle, report)
            races = _calendar(season, bundle, report)
            _entries(season, bundle, races, user, report)
            # After the entries: a championship's cups are the season's cups, created from the results.
            _extra_championships(season, bundle, user)
            cups = {c.code: c for c in season.cups.all()}
            import_class_changes(season, bundle, user, lambda code, rc: _cup(season, code, rc, cups, report))
            _classifications(bundle, races, user, report)
            for round_no in sorted(bundle.results):
                import_decisions(season, bundle, races, user, round_no)  # lines added after the file was imported
            # Before poles.csv: a pole set there by hand is the staff's, which qualifying never undoes.
            if bundle.meta.get("points", {}).get("qualifying_sets") == QualifyingSets.OWN_RACE:
                import_own_race_qualifying(bundle, races, user, report)
            else:
                _qualifying(bundle, races, user, report)
            report.lap_files = import_lap_files(bundle.lap_files, races, user)
            _poles(bundle, races, user)
            if report.created or report.uploaded_rounds or report.qualifying_rounds or report.lap_files or report.notes:
                audit_record(
                    action="results.season.imported",
                    actor=user,
                    obj=season,
                    series=season.series_id,
                    after={
                        "created": report.created,
                        "uploaded_rounds": report.uploaded_rounds,
                        "qualifying_rounds": report.qualifying_rounds,
                        "qualifying_files": report.qualifying_files,
                        "lap_files": report.lap_files,
                        "notes": notes,
                    },
                    reason=f"Season bundle {directory.name} imported",
                )
    except ClassificationFileError as exc:
        raise BundleError([str(problem) for problem in exc.errors]) from exc
    except PermissionDenied as exc:
        raise BundleError([f"{user} may not import this bundle: {exc}"]) from exc
    return report
