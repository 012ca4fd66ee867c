"""Forms of the steward pages; they only validate input, the services decide."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms

from championships.models import Race, RacingClass
from entries.models import Driver, Entry
from entries.selectors import race_entries
from results.classifications.models import ClassificationStatus, PenaltyKind
from results.classifications.parsing import ClassificationFileError, check_size
from results.classifications.reconcile import LATE_DRIVER, MISSING_CAR, NO_DRIVERS, UNKNOWN_CAR, Difference
from results.classifications.services import Penalty, Resolutions, UploadPreview
from results.classifications.services.decisions import AMOUNTS

# Penalty field names whose form field is named otherwise (the form takes seconds).
FORM_NAMES = {"time_added_ms": "time_added_s"}


def _kind_fields() -> dict[str, tuple[str, ...]]:
    """Form field → the penalty kinds that take it (services.decisions.AMOUNTS, in form names)."""
    fields: dict[str, list[str]] = {}
    for kind, names in AMOUNTS.items():
        for name in names:
            fields.setdefault(FORM_NAMES.get(name, name), []).append(kind)
    return {name: tuple(kinds) for name, kinds in fields.items()}


KIND_FIELDS = _kind_fields()


class UploadForm(forms.Form):
    file = forms.FileField(help_text="Al Kamel classification CSV, or the portal template (CSV or XLSX)")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        # Why: the parser's own size check, applied to the size Django reports, so a huge file
        # is refused before the view reads it into memory.
        try:
            check_size(upload.size)
        except ClassificationFileError as error:
            raise forms.ValidationError([str(p) for p in error.errors]) from error
        return upload


class ConfirmForm(forms.Form):
    pending = forms.IntegerField(widget=forms.HiddenInput)
    sha256 = forms.CharField(max_length=64, min_length=64, widget=forms.HiddenInput)


# Posted by the preview: one radio per difference, and a late driver's category and nationality.
CHOICE_PREFIXES = ("choice:", "category:", "nationality:")


def resolutions_from(data: Mapping[str, str]) -> Resolutions:
    """The choices posted from the preview page (`choice:<key>` → `<key>`), for the confirm service."""
    choices = {}
    for name, value in data.items():
        if name.startswith("choice:"):
            choices[name.removeprefix("choice:")] = value.strip()
        elif name.startswith(CHOICE_PREFIXES) and value.strip():
            choices[name] = value.strip()[:20]
    return Resolutions(
        fingerprint=(data.get("fingerprint") or "")[:64],
        choices=choices,
        acknowledgement=(data.get("acknowledgement") or "")[:500],
    )


@dataclass(frozen=True)
class PreviewChoice:
    """A difference as the preview shows it, with what is chosen so far."""

    difference: Difference
    kind_label: str
    selected: str
    category: str
    nationality: str


KIND_LABELS = {
    LATE_DRIVER: "Late driver change",
    UNKNOWN_CAR: "Car not on the entry list",
    MISSING_CAR: "Entered car missing from the file",
    NO_DRIVERS: "Car without drivers",
}


def preview_choices(preview: UploadPreview, choices: Mapping[str, str]) -> list[PreviewChoice]:
    """Each difference with the choice posted (or stored for the staff); drivers of a new car under it."""
    ordered: list[Difference] = []
    differences = preview.reconciliation.differences
    for difference in differences:
        if difference.parent:
            continue
        ordered.append(difference)
        ordered += [d for d in differences if d.parent == difference.key]
    # What the event's qualifying files say of a late driver stands until the steward changes it.
    suggested = preview.suggestions
    return [
        PreviewChoice(
            d,
            KIND_LABELS.get(d.kind, d.kind),
            choices.get(d.key, ""),
            choices.get(f"category:{d.key}") or suggested.get(d.key, ("", ""))[0],
            choices.get(f"nationality:{d.key}") or suggested.get(d.key, ("", ""))[1],
        )
        for d in ordered
    ]


class PublishForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (ClassificationStatus.PROVISIONAL, "Provisional"),
            (ClassificationStatus.OFFICIAL, "Official"),
        ]
    )
    reason = forms.CharField(required=False, max_length=500)


class DecisionForm(forms.Form):
    number = forms.CharField(max_length=20, help_text="The stewards' document number")
    entry = forms.ModelChoiceField(queryset=Entry.objects.none(), label="Car")
    offence = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    kind = forms.ChoiceField(choices=PenaltyKind.choices, label="Penalty")
    time_added_s = forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        decimal_places=3,
        label="Time added (s)",
        help_text="Also the time a drive-through is converted to",
    )
    laps_deducted = forms.IntegerField(required=False, min_value=0)
    positions_dropped = forms.IntegerField(required=False, min_value=0, label="Places dropped")
    new_class = forms.ModelChoiceField(queryset=RacingClass.objects.none(), required=False)
    driver = forms.ModelChoiceField(
        queryset=Driver.objects.none(),
        required=False,
        help_text="For 'driver scores no points': the driver who missed the minimum drive time",
    )
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, race: Race, amending: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = race_entries(race).select_related(  # type: ignore[attr-defined]
            "team", "racing_class"
        )
        self.fields["new_class"].queryset = RacingClass.objects.filter(  # type: ignore[attr-defined]
            season_id=race.season_id
        )
        self.fields["driver"].queryset = Driver.objects.filter(  # type: ignore[attr-defined]
            nominations__event_id=race.event_id, nominations__removed_at__isnull=True
        ).distinct()
        if amending:
            del self.fields["entry"]
            self.fields["reason"].required = True
            self.fields["reason"].help_text = "Why the decision is amended (e.g. appeal outcome)"
            self.fields["number"].help_text = "The new decision's document number (the amended one keeps its own)"

    def chosen_kind(self) -> str:
        """The kind whose fields the page shows: the one posted, else the initial one, else the first."""
        value = self.data.get("kind") if self.is_bound else self.initial.get("kind")
        return str(value) if value in PenaltyKind.values else PenaltyKind.TIME.value

    def rows(self) -> list[tuple[forms.BoundField, str, bool]]:
        """(field, the kinds that take it, shown now) for the template; the page's script toggles the rest."""
        kind = self.chosen_kind()
        rows = []
        for name in self.fields:
            bound = self[name]
            kinds = KIND_FIELDS.get(name, ())
            shown = not kinds or kind in kinds or bool(bound.errors)
            if not shown:
                # Why disabled: a hidden field is not submitted, so a value left in it cannot
                # contradict the penalty chosen (the service refuses such a combination anyway).
                bound.field.widget.attrs["disabled"] = True
            rows.append((bound, " ".join(kinds), shown))
        return rows

    def penalty(self) -> Penalty:
        data = self.cleaned_data
        seconds = data.get("time_added_s") or Decimal(0)
        return Penalty(
            kind=data["kind"],
            offence=data["offence"],
            time_added_ms=int(seconds * 1000),
            laps_deducted=data.get("laps_deducted") or 0,
            positions_dropped=data.get("positions_dropped") or 0,
            new_class=data.get("new_class"),
            driver=data.get("driver"),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class QualifyingUploadForm(UploadForm):
    """The race upload's form (same size check), saying which file is expected here."""

    file = forms.FileField(
        help_text="Al Kamel qualifying classification CSV (POS,NUMBER,LAP,TIME,...), one session per file"
    )


class LapUploadForm(UploadForm):
    """The race upload's form (same size check), for the timing's lap-by-lap file."""

    file = forms.FileField(
        label="Lap file",
        help_text="Al Kamel lap-by-lap CSV (NUMBER, DRIVER_NUMBER, LAP_NUMBER, LAP_TIME, ...)",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Why a prefix: it shares the page with the classification's own upload form.
        kwargs.setdefault("prefix", "laps")
        super().__init__(*args, **kwargs)
