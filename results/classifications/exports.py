"""Export of a classification version (after penalties) as the portal template, CSV or XLSX."""

from __future__ import annotations

from results.classifications.models import ClassificationVersion
from results.classifications.parsing import ParsedRow, write_template_csv, write_template_xlsx
from results.classifications.selectors import derived_rows

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
