"""Steward uploads of lap-by-lap files: a race's (drive times) and a qualifying session's (preview, confirm)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from results.classifications import lap_selectors, qualifying_selectors, selectors
from results.classifications.forms import ConfirmForm, LapUploadForm
from results.classifications.parsing import ClassificationFileError
from results.classifications.qualifying_views import event_page
from results.classifications.services import laps
from results.classifications.views import race_page


def _preview_page(request: HttpRequest, preview: laps.LapPreview, confirm_url: str, back: str) -> HttpResponse:
    confirm = ConfirmForm(initial={"pending": preview.upload.pk, "sha256": preview.upload.sha256})
    lines = [lap_selectors.preview_line(driver) for driver in preview.drivers]
    context = {
        "preview": preview,
        "form": confirm,
        "confirm_url": confirm_url,
        "back": back,
        "cars": lap_selectors.drive_times_by_car(lines),
    }
    return render(request, "results/steward_laps_preview.html", context)


@login_required
@require_POST
def steward_race_laps_upload(request: HttpRequest, race_id: int) -> HttpResponse:
    """Dry run of the race's lap file: parse, check the cars against the entry list, show the drive times."""
    race = selectors.steward_race(request.user, race_id)
    form = LapUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return race_page(request, race, lap_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = laps.race_laps_preview(race=race, user=request.user, filename=upload.name, data=upload.read())
    except ClassificationFileError as error:
        problems = [str(p) for p in error.errors]
        return race_page(request, race, lap_form=form, lap_problems=problems, status=400)
    return _preview_page(
        request,
        preview,
        reverse("results:steward_race_laps_confirm", args=[race.pk]),
        reverse("results:steward_race", args=[race.pk]),
    )


@login_required
@require_POST
def steward_race_laps_confirm(request: HttpRequest, race_id: int) -> HttpResponse:
    race = selectors.steward_race(request.user, race_id)
    _confirm(request, race.event_id, race_id=race.pk)
    return redirect("results:steward_race", race_id=race.pk)


@login_required
@require_POST
def steward_qualifying_laps_upload(request: HttpRequest, event_id: int) -> HttpResponse:
    """Dry run of a qualifying session's lap file (its session is named after the classes in it)."""
    event = qualifying_selectors.steward_event(request.user, event_id)
    form = LapUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return event_page(request, event, lap_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = laps.qualifying_laps_preview(event=event, user=request.user, filename=upload.name, data=upload.read())
    except ClassificationFileError as error:
        problems = [str(p) for p in error.errors]
        return event_page(request, event, lap_form=form, lap_problems=problems, status=400)
    return _preview_page(
        request,
        preview,
        reverse("results:steward_qualifying_laps_confirm", args=[event.pk]),
        reverse("steward_qualifying", args=[event.pk]),
    )


@login_required
@require_POST
def steward_qualifying_laps_confirm(request: HttpRequest, event_id: int) -> HttpResponse:
    event = qualifying_selectors.steward_event(request.user, event_id)
    _confirm(request, event.pk, race_id=None)
    return redirect("steward_qualifying", event_id=event.pk)


def _confirm(request: HttpRequest, event_id: int, *, race_id: int | None) -> None:
    """Confirm the previewed file of this race (or of this event's qualifying); the outcome as a message."""
    form = ConfirmForm(request.POST)
    if not form.is_valid() or lap_selectors.is_foreign_lap_upload(
        request.user, event_id, race_id, form.cleaned_data["pending"]
    ):
        raise Http404("No such upload")
    try:
        upload = laps.lap_upload_confirm(
            upload_id=form.cleaned_data["pending"], sha256=form.cleaned_data["sha256"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, f"Not saved: {'; '.join(error.messages)}")
    except ClassificationFileError as error:
        messages.error(request, f"Not saved: {'; '.join(str(p) for p in error.errors)}")
    else:
        what = upload.get_kind_display()
        messages.success(request, f"{what} saved: {upload.laps_count} laps of {upload.cars_count} cars.")
