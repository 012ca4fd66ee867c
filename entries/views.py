"""Team manager pages (/my/...): their teams' entries, line-ups and the registration workflow.

Views are thin: forms collect, entries.services decide (and say why not), selectors read.
Another team's entry is a 404: its existence is none of this user's business.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from entries import forms, permissions, selectors, services
from entries.errors import NotAllowed
from entries.models import Entry, EntryStatus, Nomination


def _my_entry(request: HttpRequest, pk: int) -> Entry:
    entry = selectors.my_entry_get(request.user, pk)
    if entry is None:
        raise Http404("No such entry among your teams' entries.")
    return entry


def _flash_refusal(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    for message in getattr(exc, "messages", None) or [str(exc)]:
        messages.error(request, message)


@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    return render(request, "entries/my_teams.html", {"teams": selectors.my_teams(request.user)})


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "entries/my_entries.html",
        {
            "entries": selectors.my_entries(request.user),
            "manages_teams": permissions.managed_teams(request.user).exists(),
        },
    )


@login_required
def entry_create(request: HttpRequest) -> HttpResponse:
    if not permissions.managed_teams(request.user).exists():
        raise PermissionDenied("You do not manage any team.")
    form = forms.EntryForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.entry_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, NotAllowed) as exc:
            form.add_error(None, getattr(exc, "messages", None) or str(exc))
        else:
            messages.success(request, f"Draft entry #{entry.number} created. Now nominate its drivers.")
            return redirect("entries:my_entry", pk=entry.pk)
    return render(request, "entries/entry_form.html", {"form": form, "entry": None})


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _my_entry(request, pk)
    initial = {
        "number": entry.number,
        "racing_class": entry.racing_class,
        "cup": entry.cup,
        "car_model": entry.car_model,
        "kind": entry.kind,
    }
    form = forms.EntryForm(request.POST or None, user=request.user, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(actor=request.user, entry=entry, data=form.cleaned_data)
        except NotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("entries:my_entry", pk=entry.pk)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"Entry #{form.cleaned_data['number']} saved.")
            return redirect("entries:my_entry", pk=entry.pk)
    return render(request, "entries/entry_form.html", {"form": form, "entry": entry})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _my_entry(request, pk)
    return _detail(request, entry, forms.NominationForm(events=selectors.entry_events(entry)))


def _detail(
    request: HttpRequest, entry: Entry, nomination_form: forms.NominationForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "entries/entry_detail.html",
        {
            "entry": entry,
            "lineups": selectors.entry_lineups(entry),
            "nomination_form": nomination_form,
            "can_edit": entry.status in permissions.TEAM_EDITABLE_STATUSES,
            "can_submit": entry.status == EntryStatus.DRAFT,
            "can_withdraw": entry.status in permissions.LINEUP_OPEN_STATUSES,
            "lineup_open": entry.status in permissions.LINEUP_OPEN_STATUSES,
        },
        status=status,
    )


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _my_entry(request, pk)
    try:
        services.entry_submit(actor=request.user, entry=entry)
    except (ValidationError, NotAllowed) as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, f"Entry #{entry.number} submitted to the series for review.")
    return redirect("entries:my_entry", pk=entry.pk)


@login_required
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _my_entry(request, pk)
    form = forms.ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_withdraw(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        except (ValidationError, NotAllowed) as exc:
            _flash_refusal(request, exc)
        else:
            messages.success(request, f"Entry #{entry.number} withdrawn.")
        return redirect("entries:my_entry", pk=entry.pk)
    return render(request, "entries/entry_withdraw.html", {"entry": entry, "form": form})


@login_required
@require_POST
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _my_entry(request, pk)
    form = forms.NominationForm(request.POST, events=selectors.entry_events(entry))
    if not form.is_valid():
        return _detail(request, entry, form, status=400)
    data = form.cleaned_data
    try:
        driver = data["driver"] or services.driver_create(
            actor=request.user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            nationality=data["nationality"],
        )
        services.nomination_add(
            actor=request.user,
            entry=entry,
            event=data["event"],
            driver=driver,
            category=data["category"] or None,
        )
    except (ValidationError, NotAllowed) as exc:
        form.add_error(None, getattr(exc, "messages", None) or str(exc))
        return _detail(request, entry, form, status=400)
    messages.success(request, f"{driver} nominated for {data['event'].name}.")
    return redirect("entries:my_entry", pk=entry.pk)


@login_required
@require_POST
def nomination_remove(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.select_related("driver", "event"),
        pk=pk,
        entry__in=permissions.team_entries(request.user),
    )
    try:
        services.nomination_remove(actor=request.user, nomination=nomination)
    except (ValidationError, NotAllowed) as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, f"{nomination.driver} removed from the line-up at {nomination.event.name}.")
    return redirect("entries:my_entry", pk=nomination.entry_id)
