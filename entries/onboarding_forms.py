"""Forms of the onboarding pages; entries.onboarding decides."""

from __future__ import annotations

from typing import Any

from django import forms

from championships.models import Season
from entries.models import Team


class JoinTeamForm(forms.Form):
    """Ask to manage a team that already exists."""

    team = forms.ModelChoiceField(queryset=Team.objects.filter(approved=True).order_by("name"), empty_label="Choose…")
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who you are in the team (team manager, owner...), so the series staff can check",
    )


class SeasonLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        closes = f" (registration closes {obj.registration_closes:%d %b %Y})" if obj.registration_closes else ""
        return f"{obj}{closes}"


class RegisterTeamForm(forms.Form):
    """A new team: name, nationality, contact, and the season it enters (registration open)."""

    name = forms.CharField(max_length=200, label="Team name")
    country = forms.CharField(max_length=3, label="Nationality", help_text="ISO alpha-3 code, e.g. JPN, GBR, FRA")
    contact = forms.CharField(
        max_length=200, label="Team contact", help_text="The team's e-mail address or telephone for the series"
    )
    season = SeasonLabelField(queryset=Season.objects.none(), empty_label="Choose…", label="Season to enter")
    message = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the series staff should know",
    )

    def __init__(self, *args: Any, seasons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["season"].queryset = seasons  # type: ignore[attr-defined]


class DecideRequestForm(forms.Form):
    """Approve, or refuse with a reason."""

    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
