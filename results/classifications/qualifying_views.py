"""Qualifying pages: the steward's upload of an event's sessions (preview, confirm: the poles of its
races), and the public qualifying classification and starting grid of an event."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from championships.http_caching import public_page
from results.classifications import lap_selectors
from results.classifications import qualifying_selectors as selectors
from results.classifications.forms import ConfirmForm, LapUploadForm, QualifyingUploadForm
from results.classifications.parsing import ClassificationFileError
from results.classifications.services import qualifying


def event_page(
    request: HttpRequest,
    event: Any,
    *,
    upload_form: QualifyingUploadForm | None = None,
    problems: list[str] | None = None,
    lap_form: LapUploadForm | None = None,
    lap_problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "event": event,
        "races": qualifying.qualifying_races(event),
        "uploads": selectors.event_qualifying_uploads(event),
        "qualifying": selectors.event_qualifying(event),
        "missing": selectors.classes_without_session(event),
        "poles": selectors.event_poles(event),
        "upload_form": upload_form or QualifyingUploadForm(),
        "problems": problems or [],
        "lap_form": lap_form or LapUploadForm(),
        "lap_problems": lap_problems or [],
        "lap_uploads": lap_selectors.event_lap_uploads(event.pk),
    }
    return render(request, "results/steward_qualifying.html", context, status=status)


@login_required
def steward_qualifying(request: HttpRequest, event_id: int) -> HttpResponse:
    return event_page(request, selectors.steward_event(request.user, event_id))


@login_required
@require_POST
def steward_qualifying_upload(request: HttpRequest, event_id: int) -> HttpResponse:
    """Dry run: parse, check the poles against the entries and show what a confirm would write."""
    event = selectors.steward_event(request.user, event_id)
    form = QualifyingUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return event_page(request, event, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = qualifying.qualifying_upload_preview(
            event=event, user=request.user, filename=upload.name, data=upload.read()
        )
    except ClassificationFileError as error:
        return event_page(request, event, upload_form=form, problems=[str(p) for p in error.errors], status=400)
    confirm = ConfirmForm(initial={"pending": preview.upload.pk, "sha256": preview.upload.sha256})
    return render(
        request, "results/steward_qualifying_preview.html", {"event": event, "preview": preview, "form": confirm}
    )


@login_required
@require_POST
def steward_qualifying_confirm(request: HttpRequest, event_id: int) -> HttpResponse:
    event = selectors.steward_event(request.user, event_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid() or selectors.is_foreign_qualifying(request.user, event, form.cleaned_data["pending"]):
        raise Http404("No such upload")
    try:
        plan = qualifying.qualifying_upload_confirm(
            upload_id=form.cleaned_data["pending"], sha256=form.cleaned_data["sha256"], user=request.user
        )
    except ValidationError as error:
        messages.error(request, f"Not saved: {'; '.join(error.messages)}")
    except ClassificationFileError as error:
        messages.error(request, f"Not saved: {'; '.join(str(p) for p in error.errors)}")
    else:
        poles = ", ".join(f"{line.label} #{line.number}" for line in plan.poles) or "none (no car set a time)"
        rounds = ", ".join(f"R{race.round}" for race in plan.races)
        messages.success(request, f"Qualifying {' / '.join(plan.classes)} saved. Poles for {rounds}: {poles}.")
    return redirect("steward_qualifying", event_id=event.pk)


@public_page
def event_qualifying(request: HttpRequest, event_id: int) -> HttpResponse:
    """Public: every qualifying session of the event per class, pole sitters marked, and the starting grid."""
    event = selectors.public_event(event_id)
    class_code = request.GET.get("class", "")
    qualifying_all = selectors.event_qualifying(event)
    context = {
        "event": event,
        "season": event.season,
        "qualifying": selectors.event_qualifying(event, class_code) if class_code else qualifying_all,
        "class_links": qualifying_all.classes,
        "class_code": class_code,
        "races": list(event.races.order_by("round")),
    }
    return render(request, "results/event_qualifying.html", context)
