"""Forms of the season set-up screens: checks that span several rows, and choices that say
which season they belong to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import BaseInlineFormSet

from championships.models import RacingClass


class RaceInlineFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The races of one event form: a round given twice in the same form is an error on the
    page (each row alone would pass, and the save would fail on the database constraint)."""

    def clean(self) -> None:
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            number = form.cleaned_data.get("round")
            if number in seen:
                form.add_error("round", f"Round {number} is given twice in this event.")
            seen.add(number)


class SeasonLabelledChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A class or race choice labelled with its season: "GT3 · GT World Challenge Asia 2022",
    since every season has its own GT3 and its own round 1."""

    def label_from_instance(self, obj: Any) -> str:
        what = obj.code if isinstance(obj, RacingClass) else str(obj)
        return f"{what} · {obj.season}"
