"""The lap files of a season bundle (formats/README.md §3): read and checked, then imported.

`laps/R<round>.csv` is the lap-by-lap file of race <round>; `qualifying/R<round>[-<label>]-laps.csv`
the lap-by-lap file of the qualifying session `qualifying/R<round>[-<label>].csv`. They go through
the steward's lap-file upload (preview, then confirm), like every other file of the bundle.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db.models import Q

from championships.models import Race
from results.classifications.lap_models import LapFileKind, LapUpload
from results.classifications.parsing import ClassificationFileError, FileProblem
from results.classifications.parsing.laps import parse_laps
from results.classifications.services.laps import (
    lap_upload_confirm,
    qualifying_laps_preview,
    race_laps_preview,
)

_RACE_NAME = re.compile(r"[Rr](?P<round>\d{1,4})")
_QUALIFYING_NAME = re.compile(r"[Rr](?P<round>\d{1,4})(?:-(?P<label>[A-Za-z0-9][A-Za-z0-9_-]{0,40}?))?-laps")


@dataclass(frozen=True)
class LapFile:
    kind: str  # LapFileKind
    round: int  # the race, or the first race of the qualifying's event
    label: str  # the qualifying session ("" for the event's only one)
    where: str  # path in the bundle, for messages
    data: bytes


def read_lap_files(directory: Path, rounds: dict[int, str], problems: list[str]) -> list[LapFile]:
    """Every lap file of the bundle, each parsed once; `rounds` maps a round to its event's name."""
    files: list[LapFile] = []
    first_rounds: dict[str, int] = {}
    for round_no in sorted(rounds):
        first_rounds.setdefault(rounds[round_no], round_no)
    laps_folder = directory / "laps"
    for path in sorted(laps_folder.iterdir()) if laps_folder.is_dir() else []:
        match = _RACE_NAME.fullmatch(path.stem) if path.suffix.lower() == ".csv" else None
        where = f"laps/{path.name}"
        if match is None or int(match["round"]) not in rounds:
            problems.append(f"{where}: name a race's lap file R<round>.csv after a round of races.csv, e.g. R1.csv")
            continue
        files.append(LapFile(LapFileKind.RACE, int(match["round"]), "", where, path.read_bytes()))
    qualifying_folder = directory / "qualifying"
    for path in sorted(qualifying_folder.glob("*-laps.csv")) if qualifying_folder.is_dir() else []:
        match = _QUALIFYING_NAME.fullmatch(path.stem)
        where = f"qualifying/{path.name}"
        round_no = int(match["round"]) if match else 0
        if match is None or round_no not in rounds or first_rounds[rounds[round_no]] != round_no:
            problems.append(
                f"{where}: name a qualifying lap file R<round>[-<session>]-laps.csv after the first race of its "
                "event, like its qualifying file (e.g. R1-gt-laps.csv beside R1-gt.csv)"
            )
            continue
        label = (match["label"] or "").lower()
        files.append(LapFile(LapFileKind.QUALIFYING, round_no, label, where, path.read_bytes()))
    for lap_file in files:
        try:
            parse_laps(lap_file.data, lap_file.where)
        except ClassificationFileError as exc:
            problems.extend(f"{lap_file.where}: {problem}" for problem in exc.errors)
    return files


def import_lap_files(files: list[LapFile], races: dict[int, Race], user: Any) -> list[str]:
    """Upload and confirm each file not imported yet; the files imported, by path. Refusals raise
    ClassificationFileError with the file's path in front of every problem."""
    imported: list[str] = []
    for lap_file in files:
        race = races[lap_file.round]
        if _already_imported(lap_file, race):
            continue  # importing twice changes nothing
        try:
            if lap_file.kind == LapFileKind.RACE:
                preview = race_laps_preview(race=race, user=user, filename=lap_file.where, data=lap_file.data)
            else:
                preview = qualifying_laps_preview(
                    event=race.event, label=lap_file.label, user=user, filename=lap_file.where, data=lap_file.data
                )
        except ClassificationFileError as exc:
            # Why file-level: the bundle names the file first, then the row and column within it.
            raise ClassificationFileError(
                [FileProblem(None, None, f"{lap_file.where}: {problem}") for problem in exc.errors]
            ) from exc
        lap_upload_confirm(upload_id=preview.upload.pk, sha256=preview.upload.sha256, user=user)
        imported.append(lap_file.where)
    return imported


def _already_imported(lap_file: LapFile, race: Race) -> bool:
    uploads = LapUpload.objects.filter(kind=lap_file.kind, event_id=race.event_id, confirmed_at__isnull=False)
    # A race's file is known by its race, a qualifying one by its event's session.
    scope = Q(race=race) if lap_file.kind == LapFileKind.RACE else Q(label=lap_file.label)
    uploads = uploads.filter(scope)
    current = uploads.order_by("-confirmed_at", "-id").values_list("sha256", flat=True).first()
    return current == hashlib.sha256(lap_file.data).hexdigest()
