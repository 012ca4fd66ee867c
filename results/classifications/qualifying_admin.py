"""Admin of what qualifying gave: poles (staff set or override them, with a reason) and the sessions uploaded."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from championships.admin_scoping import ReadOnlyMixin, ScopedAdmin
from results.classifications.qualifying_models import PoleSource, QualifyingResult, QualifyingUpload, RacePole
from results.classifications.services.poles import pole_clear, pole_set


class RacePoleForm(forms.ModelForm):
    """The pole and why staff set it: every change goes through pole_set, audited with the reason."""

    class Meta:
        model = RacePole
        fields = ["race", "class_code", "cup_code", "number", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Why the check: a user who may only view poles (a steward) gets a form without editable
        # fields, and the stored reason is then shown read-only as it is.
        if "reason" in self.fields:
            self.fields["reason"].required = True
            # Why empty: each change needs its own reason, not the one of the previous change.
            self.initial["reason"] = ""


@admin.register(RacePole)
class RacePoleAdmin(ScopedAdmin):
    form = RacePoleForm
    list_display = ["race", "class_code", "cup_code", "number", "source", "reason"]
    list_filter = ["race__season", "source"]
    list_select_related = ["race__event"]

    def get_readonly_fields(self, request: HttpRequest, obj: RacePole | None = None) -> list[str]:
        # Why: a pole is found by race, class and cup; changing those would be another pole.
        return ["race", "class_code", "cup_code", "source"] if obj is not None else ["source"]

    def save_model(self, request: HttpRequest, obj: RacePole, form: Any, change: bool) -> None:
        saved = pole_set(
            actor=request.user,
            race=obj.race,
            class_code=obj.class_code,
            cup_code=obj.cup_code,
            number=obj.number,
            reason=form.cleaned_data["reason"],
            source=PoleSource.STAFF,
        )
        obj.pk, obj.source, obj.reason = saved.pk, saved.source, saved.reason

    # Why through the service: removing a pole changes standings like setting one, and is audited.
    def delete_model(self, request: HttpRequest, obj: RacePole) -> None:
        pole_clear(actor=request.user, pole=obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[RacePole]) -> None:
        for pole in queryset.select_related("race__season__series"):
            pole_clear(actor=request.user, pole=pole)


class QualifyingResultInline(ReadOnlyMixin, admin.TabularInline):
    model = QualifyingResult
    extra = 0
    can_delete = False
    fields = ["position", "number", "class_code", "cup_code", "team", "vehicle", "driver_names", "laps", "best_lap_ms"]


@admin.register(QualifyingUpload)
class QualifyingUploadAdmin(ReadOnlyMixin, ScopedAdmin):
    """Where each event's poles came from; written by the stewards' qualifying upload only."""

    list_display = ["event", "session", "filename", "uploaded_by", "uploaded_at", "confirmed_at", "poles", "rounds"]
    list_filter = ["event__season__series", "event__season"]
    list_select_related = ["event__season__series", "uploaded_by"]
    # Why: the file's bytes are kept for the record, not shown.
    exclude = ["source"]
    inlines = [QualifyingResultInline]
