"""Team manager pages (/my/...): their teams' entries, line-ups and the registration workflow.

Views are thin: forms collect, entries.services decide (and say why not), selectors read.
Another team's entry is a 404: its existence is none of this user's business.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from championships.models import Event
from entries import forms, onboarding_selectors, permissions, selectors, services
from entries.errors import NotAllowed, messages_of
from entries.models import Entry, Nomination

# The workflow steps the team pages have a control for (staff decide in the admin).
TEAM_PAGE_TRANSITIONS = ("submitted", "withdrawn")


def _my_entry(request: HttpRequest, pk: int) -> Entry:
    entry = selectors.my_entry_get(request.user, pk)
    if entry is None:
        raise Http404("No such entry among your teams' entries.")
    return entry


def _flash_refusal(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    for message in messages_of(exc):
        messages.error(request, message)


def _refuse_on_form(form: Form, exc: ValidationError | PermissionDenied) -> None:
    # Why: a service refusal naming fields (number, class, cup) shows next to them on the form.
    form.add_error(None, exc if isinstance(exc, ValidationError) else messages_of(exc))


@login_required
def my_teams(request: HttpRequest) -> HttpResponse:
    """The teams the user manages, with their entries."""
    context = {
        "teams": selectors.my_teams(request.user),
        "requests": onboarding_selectors.my_team_requests(request.user),
        "open_seasons": onboarding_selectors.open_registration_seasons(),
    }
    return render(request, "entries/my_teams.html", context)


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    """Every entry of the user's teams, drafts included."""
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
    """Register a new draft entry for one of the user's teams."""
    if not permissions.managed_teams(request.user).exists():
        raise PermissionDenied("You do not manage any team.")
    # Why one season selector (a GET form, team preselected) before the entry form: the form
    # then offers only that season's classes and cups.
    season = selectors.season_from_query(request.POST.get("season") or request.GET.get("season", ""))
    team_id = _int(request.GET.get("team"))
    team = permissions.managed_teams(request.user).filter(pk=team_id).first() if team_id else None
    form = forms.EntryForm(request.POST or None, user=request.user, season=season, team=team)
    if request.method == "POST" and season is not None and form.is_valid():
        try:
            entry = services.entry_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, NotAllowed) as exc:
            _refuse_on_form(form, exc)
        else:
            messages.success(request, f"Draft entry #{entry.number} created. Now nominate its drivers.")
            return redirect("entries:my_entry", pk=entry.pk)
    context = {
        "form": form,
        "entry": None,
        "chosen_season": season,
        "seasons": selectors.registration_seasons(request.user),
        "chosen_team": form.initial.get("team"),
    }
    return render(request, "entries/entry_form.html", context)


def _int(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdecimal() else None


@login_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or submitted entry's number, class, cup, car or kind."""
    entry = _my_entry(request, pk)
    try:
        # Why: say at once that a decided entry is closed to the team, not after they fill the form.
        permissions.ensure_can_edit(request.user, entry)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("entries:my_entry", pk=entry.pk)
    initial = {name: getattr(entry, name) for name in services.ENTRY_FIELDS}
    form = forms.EntryForm(request.POST or None, user=request.user, entry=entry, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_update(actor=request.user, entry=entry, data=form.cleaned_data)
        except NotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("entries:my_entry", pk=entry.pk)
        except ValidationError as exc:
            _refuse_on_form(form, exc)
        else:
            messages.success(request, f"Entry #{form.cleaned_data['number']} saved.")
            return redirect("entries:my_entry", pk=entry.pk)
    return render(request, "entries/entry_form.html", {"form": form, "entry": entry})


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the user's teams: status, line-ups per event, nomination form."""
    entry = _my_entry(request, pk)
    return _detail(request, entry, forms.NominationForm(entry=entry))


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
            # Why: what the page offers comes from the checks the services run, never its own rules.
            "can_edit": permissions.allowed(permissions.ensure_can_edit, request.user, entry),
            "transitions": services.entry_transitions(actor=request.user, entry=entry, among=TEAM_PAGE_TRANSITIONS),
            "lineup_open": permissions.allowed(permissions.ensure_can_change_lineup, request.user, entry),
        },
        status=status,
    )


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit a draft to the series (line-ups checked by the service)."""
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
    """Ask for a reason, then withdraw the entry."""
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
    """Nominate an existing or a new driver for one event."""
    entry = _my_entry(request, pk)
    form = forms.NominationForm(request.POST, entry=entry)
    if not form.is_valid():
        return _detail(request, entry, form, status=400)
    data = form.cleaned_data
    common = {"actor": request.user, "entry": entry, "event": data["event"], "category": data["category"] or None}
    try:
        if data["driver"]:
            nomination = services.nomination_add(driver=data["driver"], **common)
        else:
            nomination = services.nomination_add_new_driver(
                first_name=data["first_name"], last_name=data["last_name"], nationality=data["nationality"], **common
            )
    except (ValidationError, NotAllowed) as exc:
        _refuse_on_form(form, exc)
        return _detail(request, entry, form, status=400)
    messages.success(request, f"{nomination.driver} nominated for {data['event'].name}.")
    return redirect("entries:my_entry", pk=entry.pk)


def _lineup_initial(entry: Entry, events: list[Event], slots: int) -> dict[str, Any]:
    """The form prefilled with the current crews; 'same crew' ticked unless they differ by event."""
    crews = selectors.season_crews(entry)
    by_event = [crews.get(event.pk, []) for event in events]
    initial: dict[str, Any] = {}
    # Why no category prefilled: the select is for drivers the season has not categorised yet;
    # a copied category would otherwise read as a (refused) change of a known one.
    for event, crew in zip(events, by_event, strict=True):
        for n, (driver, _category) in enumerate(crew[:slots], start=1):
            initial[f"e{event.pk}-{n}-driver"] = selectors.driver_label(driver)
    common = next((crew for crew in by_event if crew), [])
    for n, (driver, _category) in enumerate(common[:slots], start=1):
        initial[f"all-{n}-driver"] = selectors.driver_label(driver)
    # Why not always ticked: saving would then overwrite crews a manager made different on purpose.
    distinct = {tuple(driver.pk for driver, _ in crew) for crew in by_event}
    initial["same_crew"] = len(distinct) <= 1
    return initial


def _driver_add(request: HttpRequest, entry: Entry, form: forms.NewDriverForm) -> bool:
    """Add a driver (and their FIA category for the season) to the picker; False if refused."""
    try:
        driver = services.season_driver_add(actor=request.user, entry=entry, **form.cleaned_data)
    except (ValidationError, NotAllowed) as exc:
        _refuse_on_form(form, exc)
        return False
    messages.success(request, f"{selectors.driver_label(driver)} can now be picked.")
    return True


@login_required
def season_lineups(request: HttpRequest, pk: int) -> HttpResponse:
    """Nominate the crews of every event of the season in one form (or add a driver to pick)."""
    entry = _my_entry(request, pk)
    try:
        permissions.ensure_can_change_lineup(request.user, entry)
    except NotAllowed as exc:
        messages.error(request, str(exc))
        return redirect("entries:my_entry", pk=entry.pk)
    events = list(selectors.entry_events(entry))
    crews = selectors.season_crews(entry)
    slots = selectors.lineup_slots(entry, at_least=max((len(c) for c in crews.values()), default=0))
    adding = request.method == "POST" and "add_driver" in request.POST
    data = request.POST if request.method == "POST" else None
    initial = _lineup_initial(entry, events, slots)
    if adding:
        # Why the typed crew as the initial values: adding a driver must not lose what was typed
        # (and must not show the unfinished crew's errors either).
        initial = {**initial, **_typed_crew(request.POST, events, slots)}
    form = forms.SeasonLineupForm(None if adding else data, entry=entry, events=events, slots=slots, initial=initial)
    driver_form = forms.NewDriverForm(data if adding else None)
    if adding and driver_form.is_valid() and _driver_add(request, entry, driver_form):
        driver_form = forms.NewDriverForm()
    if not adding and request.method == "POST" and form.is_valid():
        try:
            changed = services.season_lineups_set(
                actor=request.user,
                entry=entry,
                crews=form.crews(),
                remove_whole_crews=form.cleaned_data["remove_whole_crews"],
            )
        except (ValidationError, NotAllowed) as exc:
            _refuse_on_form(form, exc)
        else:
            names = ", ".join(event.name for event in changed) or "no event (nothing changed)"
            messages.success(request, f"Line-ups saved for {names}.")
            return redirect("entries:my_entry", pk=entry.pk)
    # Here after a POST: a refused save, or a driver added (refused or not) with the crew kept.
    failed = request.method == "POST" and (bool(driver_form.errors) if adding else True)
    return render(
        request,
        "entries/season_lineups.html",
        {
            "entry": entry,
            "form": form,
            "driver_form": driver_form,
            "drivers": selectors.lineup_driver_options(entry),
        },
        status=400 if failed else 200,
    )


def _typed_crew(post: Any, events: list[Event], slots: int) -> dict[str, Any]:
    """The crew rows as typed in a posted season form (to show them again)."""
    names = [
        f"{prefix}-{n}-{part}"
        for prefix in ["all", *(f"e{e.pk}" for e in events)]
        for n in range(1, slots + 1)
        for part in ("driver", "category")
    ]
    typed: dict[str, Any] = {name: post.get(name, "") for name in names}
    typed["same_crew"] = bool(post.get("same_crew"))
    return typed


@login_required
@require_POST
def nomination_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a driver out of a line-up (kept as history)."""
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
