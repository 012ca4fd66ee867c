"""Forms of the team manager pages; the services decide, the forms only collect and show errors."""

from __future__ import annotations

from typing import Any

from django import forms

from championships.models import Cup, Event, RacingClass, Season
from championships.scoping import AnyUser
from entries import permissions, selectors
from entries.models import CarModel, Driver, Entry, EntryKind, FiaCategory, Team
from entries.season_lineups import CrewPick, EventCrew


class SeasonChoiceField(forms.ModelChoiceField):
    """Seasons labelled 'Series year'."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class InSeasonChoiceField(forms.ModelChoiceField):
    """A class or cup: only the chosen season's are offered; another season's is named in the error."""

    what = "class"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.season: Season | None = None

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            model = self.queryset.model if self.queryset is not None else None
            other = model.objects.filter(pk=value).first() if model and str(value).isdecimal() else None
            if other is None or self.season is None:
                raise
            # Why: the same sentence the service gives, naming the code, not Django's generic one.
            raise forms.ValidationError(
                f"{self.what.capitalize()} {other.code} is not a {self.what} of {self.season}."
            ) from None


class ClassChoiceField(InSeasonChoiceField):
    """Classes of the chosen season, labelled 'GT3 – GT3 class name'."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} – {obj.name}" if obj.name and obj.name != obj.code else obj.code


class CupChoiceField(InSeasonChoiceField):
    """Cups of the chosen season, labelled with their name and class."""

    what = "cup"

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.racing_class.code})" if obj.racing_class_id else str(obj)


class DriverChoiceField(forms.ModelChoiceField):
    """Drivers labelled 'LAST First (NAT)'."""

    def label_from_instance(self, obj: Any) -> str:
        return selectors.driver_label(obj)


class EntryForm(forms.Form):
    """Create (team, season + the rest) or edit (number, class, cup, car, kind) an entry."""

    team = forms.ModelChoiceField(queryset=Team.objects.none())
    season = SeasonChoiceField(queryset=Season.objects.select_related("series"), widget=forms.HiddenInput)
    number = forms.CharField(max_length=4, help_text="As painted on the car, e.g. 7 or 007")
    racing_class = ClassChoiceField(queryset=RacingClass.objects.all(), label="Class")
    cup = CupChoiceField(queryset=Cup.objects.select_related("racing_class"), required=False)
    car_model = forms.ModelChoiceField(
        queryset=CarModel.objects.select_related("manufacturer"), required=False, label="Car"
    )
    kind = forms.ChoiceField(choices=EntryKind.choices, initial=EntryKind.FULL_SEASON, label="Entry")

    def __init__(
        self,
        *args: Any,
        user: AnyUser,
        entry: Entry | None = None,
        season: Season | None = None,
        team: Team | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        teams = permissions.managed_teams(user)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if entry is not None:
            # Why: an entry never moves to another team or season; only its details change.
            del self.fields["team"], self.fields["season"]
            self._limit_to(entry.season)
            return
        # Why the season first (chosen on the page's season selector): classes and cups are the
        # season's own, so only those of the chosen season are offered, named without it.
        if season is not None:
            self.initial["season"] = season
            self._limit_to(season)
        only = list(teams[:2])
        self.initial.setdefault("team", team or (only[0] if len(only) == 1 else None))
        if season is not None and self.initial["team"] is not None:
            # Chosen with the season on the selector above the form: not asked twice.
            self.fields["team"].widget = forms.HiddenInput()

    def _limit_to(self, season: Season) -> None:
        for name in ("racing_class", "cup"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(season=season)  # type: ignore[attr-defined]
            field.season = season  # type: ignore[attr-defined]


class NominationForm(forms.Form):
    """Nominate an existing driver, or a new one (name, nationality), for one event."""

    event = forms.ModelChoiceField(queryset=Event.objects.none())
    driver = DriverChoiceField(
        queryset=Driver.objects.none(),
        required=False,
        help_text="Pick a driver, or fill in a new one below",
    )
    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100, required=False)
    nationality = forms.CharField(max_length=3, required=False, help_text="ISO alpha-3 code, e.g. JPN")
    category = forms.ChoiceField(
        choices=[("", "(already categorised this season)"), *FiaCategory.choices],
        required=False,
        label="FIA category",
        help_text="The driver's FIA category for this season",
    )

    def __init__(self, *args: Any, entry: Entry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["event"].queryset = selectors.entry_events(entry)  # type: ignore[attr-defined]
        # Why the page's own query: a driver the page does not offer cannot be posted either
        # (and an id of a hidden driver must not answer with that driver's name).
        self.fields["driver"].queryset = selectors.pickable_drivers(entry)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("driver") and (data.get("last_name") or data.get("first_name")):
            raise forms.ValidationError("Pick an existing driver or fill in a new one, not both.")
        if not data.get("driver") and not (data.get("last_name") and data.get("nationality")):
            raise forms.ValidationError("Pick a driver, or give the new driver's last name and nationality.")
        return data


class ReasonForm(forms.Form):
    """The reason for a withdrawal."""

    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


# Why "already set" first: the select is needed only for a driver without a category this season.
CATEGORY_CHOICES = [("", "FIA category: already set"), *FiaCategory.choices]


def _driver_input() -> forms.CharField:
    # Why a text input over <datalist>: a searchable picker with no JavaScript (and none needed).
    return forms.CharField(
        required=False,
        max_length=210,
        widget=forms.TextInput(attrs={"list": "lineup-drivers", "autocomplete": "off", "class": "driver-pick"}),
    )


class SeasonLineupForm(forms.Form):
    """One crew for every event of the season (ticked by default), or one crew per event.

    Rows are named ``all-<n>-driver`` / ``e<event id>-<n>-driver`` (and ``-category``); a row's
    driver is typed or picked as 'LAST First (NAT)' among the known drivers.
    """

    same_crew = forms.BooleanField(required=False, initial=True, label="Same crew for every event")
    remove_whole_crews = forms.BooleanField(required=False, label="Remove the whole crew of an event left empty")

    def __init__(self, *args: Any, entry: Entry, events: list[Event], slots: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entry, self.events, self.slots = entry, events, slots
        for prefix in ["all", *(f"e{event.pk}" for event in events)]:
            for n in range(1, slots + 1):
                self.fields[f"{prefix}-{n}-driver"] = _driver_input()
                self.fields[f"{prefix}-{n}-driver"].label = f"Driver {n}"
                label = f"Driver {n}'s FIA category"
                self.fields[f"{prefix}-{n}-category"] = forms.ChoiceField(
                    choices=CATEGORY_CHOICES,
                    required=False,
                    label=label,
                    widget=forms.Select(attrs={"aria-label": label}),
                )

    def rows(self, prefix: str) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(driver, category) bound fields of one crew, for the template."""
        return [(self[f"{prefix}-{n}-driver"], self[f"{prefix}-{n}-category"]) for n in range(1, self.slots + 1)]

    @property
    def common_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return self.rows("all")

    def event_rows(self) -> list[tuple[Event, list[tuple[forms.BoundField, forms.BoundField]]]]:
        return [(event, self.rows(f"e{event.pk}")) for event in self.events]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        prefixes = ["all"] if data.get("same_crew") else [f"e{event.pk}" for event in self.events]
        for prefix in prefixes:
            for n in range(1, self.slots + 1):
                name = f"{prefix}-{n}-driver"
                text = (data.get(name) or "").strip()
                if not text:
                    data[name] = None
                    continue
                # Why among the drivers the page offers: typing a hidden driver's name finds nobody.
                matches = selectors.drivers_matching(text, selectors.pickable_drivers(self.entry))
                driver = matches[0] if len(matches) == 1 else None
                if len(matches) > 1:
                    self.add_error(
                        name,
                        f"Several drivers are named '{text}': pick one from the list, with the nationality "
                        f"({', '.join(selectors.driver_label(d) for d in matches[:4])}).",
                    )
                elif driver is None:
                    self.add_error(
                        name,
                        f"No driver '{text}' is known: pick one from the list (LAST First (NAT)), "
                        "or add the driver below first.",
                    )
                data[name] = driver
        return data

    def crews(self) -> list[EventCrew]:
        """The crews wanted, one per event (the common crew repeated when same_crew is ticked)."""
        data = self.cleaned_data
        result = []
        for event in self.events:
            prefix = "all" if data.get("same_crew") else f"e{event.pk}"
            picks = [
                CrewPick(data[f"{prefix}-{n}-driver"], data.get(f"{prefix}-{n}-category") or None)
                for n in range(1, self.slots + 1)
                if data.get(f"{prefix}-{n}-driver")
            ]
            result.append(EventCrew(event, picks))
        return result


class NewDriverForm(forms.Form):
    """A driver not yet known, added to the picker with their FIA category for the season."""

    first_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    nationality = forms.CharField(max_length=3, help_text="ISO alpha-3 code, e.g. JPN")
    category = forms.ChoiceField(choices=[("", "Choose…"), *FiaCategory.choices], label="FIA category this season")
