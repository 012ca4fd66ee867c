"""Export of a classification version (after penalties) as the portal template, CSV or XLSX."""

from __future__ import annotations

from django.db.models import Prefetch

from championships.models import Race
from entries.models import Nomination
from entries.selectors import race_entries
from results.classifications.models import ClassificationVersion
from results.classifications.parsing import (
    ParsedRow,
    TemplateEntry,
    escape_cell,
    write_entry_template_csv,
    write_entry_template_xlsx,
    write_template_csv,
    write_template_xlsx,
)
from results.classifications.selectors import derived_rows

# Why re-exported: every spreadsheet the portal writes (standings too) escapes its cells the same
# way, and the standings import no parser (pyproject.toml's contract).
__all__ = ["CONTENT_TYPES", "escape_cell", "race_template", "template_entries", "version_export", "version_rows"]

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def version_rows(version: ClassificationVersion) -> list[ParsedRow]:
    """Derived rows in the template's shape: re-uploading the export gives the same order."""
    rows = []
    for derived in derived_rows(version):
        row = derived.row
        rows.append(
            ParsedRow(
                row_number=derived.overall_position + 1,
                position=derived.overall_position,
                number=row.number,
                class_code=derived.class_code,
                cup_code=row.cup_code,
                team=row.team,
                drivers=tuple(row.driver_names),
                vehicle=row.vehicle,
                status=derived.status,
                laps=derived.laps,
                total_time_ms=derived.total_time_ms,
                best_lap_ms=row.best_lap_ms,
                gap_first=derived.gap_first,
            )
        )
    return rows


def version_export(version: ClassificationVersion, fmt: str) -> tuple[bytes, str, str]:
    """(content, content type, file name); the writers escape cells a spreadsheet would run."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    rows = version_rows(version)
    data = write_template_csv(rows) if fmt == "csv" else write_template_xlsx(rows)
    race = version.race
    name = f"{race.season.code}-r{race.round}-classification-v{version.version}.{fmt}"
    return data, CONTENT_TYPES[fmt], name


def template_entries(race: Race) -> list[TemplateEntry]:
    """The race's entry list (accepted cars, drivers nominated for its event), by class then number."""
    nominations = Prefetch(
        "nominations",
        queryset=Nomination.objects.filter(event_id=race.event_id, removed_at__isnull=True)
        .select_related("driver")
        .order_by("pk"),
        to_attr="race_nominations",
    )
    entries = race_entries(race).select_related("team", "racing_class", "cup").prefetch_related(nominations)
    ordered = sorted(entries, key=lambda e: (e.racing_class.order, e.racing_class.code, len(e.number), e.number))
    return [
        TemplateEntry(
            number=entry.number,
            class_code=entry.racing_class.code,
            cup_code=entry.cup.code if entry.cup else "",
            team=entry.team.name,
            drivers=tuple(f"{n.driver.first_name} {n.driver.last_name}".strip() for n in entry.race_nominations),
        )
        for entry in ordered
    ]


def race_template(race: Race, fmt: str) -> tuple[bytes, str, str]:
    """The results template prefilled with the race's entry list: (content, content type, file name)."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown template format {fmt!r}")
    entries = template_entries(race)
    data = write_entry_template_csv(entries) if fmt == "csv" else write_entry_template_xlsx(entries)
    return data, CONTENT_TYPES[fmt], f"{race.season.code}-r{race.round}-results-template.{fmt}"
