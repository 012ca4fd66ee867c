"""Steward pages (upload, preview, confirm, publish, decisions) and the public classification."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from championships.api_common import latest_moment
from championships.http_caching import ContentVersion, cached_page, public_page
from championships.scoping import is_official
from entries.models import FiaCategory
from results.classifications import (
    confirmations,
    exports,
    lap_selectors,
    qualifying_selectors,
    reconcile,
    selectors,
    services,
)
from results.classifications.forms import (
    FORM_NAMES,
    KIND_FIELDS,
    ConfirmForm,
    DecisionForm,
    LapUploadForm,
    PublishForm,
    UploadForm,
    WithdrawForm,
    preview_choices,
    resolutions_from,
)
from results.classifications.models import PenaltyKind, document_label
from results.classifications.parsing import ClassificationFileError
from results.classifications.race_analysis import public_race_analysis
from results.classifications.services.decision_checks import CheckChanged, DecisionCheck

# Service field names → form field names, so a refusal shows next to the right input.
_FIELD_NAMES = FORM_NAMES


@login_required
def steward_home(request: HttpRequest) -> HttpResponse:
    if not is_official(request.user):
        raise Http404("Not a steward")
    races = list(selectors.steward_races(request.user))
    sessions = qualifying_selectors.sessions_by_event({race.event_id for race in races})
    rows = [(race, sessions.get(race.event_id, [])) for race in races]
    return render(request, "results/steward_home.html", {"races": races, "rows": rows})


def race_page(
    request: HttpRequest,
    race: Any,
    *,
    upload_form: UploadForm | None = None,
    problems: list[str] | None = None,
    lap_form: LapUploadForm | None = None,
    lap_problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    versions = list(selectors.race_versions(race).defer("source"))
    latest = versions[0] if versions else None
    drive_times = lap_selectors.race_drive_times(race)
    decisions = [
        (decision, services.decision_transitions(race=race, decision=decision, user=request.user))
        for decision in selectors.race_decisions(race)
    ]
    context = {
        "race": race,
        "versions": versions,
        "latest": latest,
        # Why: the buttons come from the services, so a page never offers what they would refuse.
        "transitions": services.classification_transitions(latest, request.user) if latest else [],
        "table": selectors.classification_table(latest) if latest else [],
        "decisions": decisions,
        "upload_form": upload_form or UploadForm(),
        "problems": problems or [],
        "waiting": selectors.uploads_waiting_for_staff(race),
        # The race's lap file: drive times per car, and the infringements to decide on.
        "lap_form": lap_form or LapUploadForm(),
        "lap_problems": lap_problems or [],
        "lap_upload": lap_selectors.race_lap_upload(race),
        "drive_times": lap_selectors.drive_times_by_car(drive_times),
        "proposals": lap_selectors.proposed_decisions(race, drive_times),
    }
    return render(request, "results/steward_race.html", context, status=status)


@login_required
def steward_race(request: HttpRequest, race_id: int) -> HttpResponse:
    return race_page(request, selectors.steward_race(request.user, race_id))


@login_required
@require_POST
def steward_upload(request: HttpRequest, race_id: int) -> HttpResponse:
    """Dry run: parse, check against the race and its entry list, show the preview with the differences."""
    race = selectors.steward_race(request.user, race_id)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return race_page(request, race, upload_form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        preview = services.classification_upload_preview(
            race=race, user=request.user, filename=upload.name, data=upload.read()
        )
    except ClassificationFileError as error:
        return race_page(request, race, upload_form=form, problems=[str(p) for p in error.errors], status=400)
    return _preview_page(request, race, preview)


def _preview_page(
    request: HttpRequest,
    race: Any,
    preview: services.UploadPreview,
    resolutions: services.Resolutions | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The preview with the differences and their ways; the choices shown are the posted or stored ones."""
    stored = dict(preview.pending.choices or {})
    choices = dict(resolutions.choices) if resolutions else stored
    confirm = ConfirmForm(initial={"pending": preview.pending.pk, "sha256": preview.pending.sha256})
    context = {
        "race": race,
        "preview": preview,
        "form": confirm,
        "differences": preview_choices(preview, choices),
        "categories": FiaCategory.choices,
        "acknowledgement": resolutions.acknowledgement if resolutions else stored.get("acknowledgement", ""),
        "leave_for_staff": not preview.can_add_entries
        and any(d.kind == reconcile.UNKNOWN_CAR for d in preview.reconciliation.differences),
        "errors": errors or [],
    }
    return render(request, "results/steward_preview.html", context, status=status)


@login_required
def steward_pending(request: HttpRequest, pending_id: int) -> HttpResponse:
    """An unconfirmed upload again: the steward's own, or one left for the series staff."""
    try:
        preview = services.pending_preview(pending_id=pending_id, user=request.user)
    except PermissionDenied as error:
        raise Http404("No such upload") from error
    except ValidationError as error:
        messages.error(request, "; ".join(_messages(error)))
        return redirect("home")
    except ClassificationFileError as error:
        messages.error(request, f"The file can no longer be read against the entry list: {'; '.join(_messages(error))}")
        return redirect("home")
    race = selectors.steward_race(request.user, preview.pending.race_id)
    return _preview_page(request, race, preview)


@login_required
@require_POST
def steward_confirm(request: HttpRequest, race_id: int) -> HttpResponse:
    """Confirm with the choices made on the preview, or leave the upload for the series staff."""
    race = selectors.steward_race(request.user, race_id)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404("No such upload")
    pending_id = form.cleaned_data["pending"]
    # Why: another user's file, or one of another race, does not exist for this user; a file
    # discarded by a newer preview reaches the service, which says so.
    if selectors.is_foreign_pending(request.user, race, pending_id):
        raise Http404("No such upload")
    resolutions = resolutions_from(request.POST)
    arguments = {"pending_id": pending_id, "sha256": form.cleaned_data["sha256"], "user": request.user}
    try:
        if request.POST.get("action") == "staff":
            services.classification_leave_for_staff(**arguments, resolutions=resolutions)
            messages.success(request, "Left for the series staff: nothing is saved or published until they resolve it.")
            return redirect("results:steward_race", race_id=race.pk)
        version = services.classification_confirm(**arguments, resolutions=resolutions)
    except PermissionDenied as error:
        raise Http404("No such upload") from error
    except (ValidationError, ClassificationFileError) as error:
        return _refused_confirm(request, race, pending_id, resolutions, _messages(error))
    messages.success(request, f"Version {version.version} saved (unpublished).")
    return redirect("results:steward_race", race_id=race.pk)


def _refused_confirm(
    request: HttpRequest, race: Any, pending_id: int, resolutions: services.Resolutions, errors: list[str]
) -> HttpResponse:
    """The preview again with the refusal and the choices as posted (nothing was saved)."""
    try:
        preview = services.pending_preview(pending_id=pending_id, user=request.user)
    except (ValidationError, ClassificationFileError, PermissionDenied):
        messages.error(request, f"Not saved: {'; '.join(errors)}")
        return redirect("results:steward_race", race_id=race.pk)
    return _preview_page(request, race, preview, resolutions, errors, status=400)


@login_required
def steward_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    """GET: what is about to be published (cars, decisions); POST from that page publishes it.

    The POST carries the fingerprint of what the page showed: if anything changed since, the
    page is shown again with the new state instead of publishing unseen results.
    """
    version = selectors.steward_version(request.user, version_id)
    form = PublishForm(request.POST if request.method == "POST" else request.GET)
    if not form.is_valid():
        messages.error(request, "Choose provisional or official.")
        return redirect("results:steward_race", race_id=version.race_id)
    status = form.cleaned_data["status"]
    refusal = services.classification_publish_refusal(version, request.user, status)
    if isinstance(refusal, PermissionDenied):
        raise refusal
    if refusal is not None:
        messages.error(request, "; ".join(refusal.messages))
        return redirect("results:steward_race", race_id=version.race_id)
    summary = confirmations.publish_summary(version, status)
    checked = request.POST.get("checked", "")
    if request.method == "POST" and checked == summary.fingerprint:
        try:
            services.classification_publish(
                version=version, user=request.user, status=status, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, "; ".join(_messages(error)))
        else:
            messages.success(request, f"Version {version.version} published as {status}.")
        return redirect("results:steward_race", race_id=version.race_id)
    context = {
        "race": version.race,
        "summary": summary,
        "table": selectors.classification_table(version),
        "reason": form.cleaned_data["reason"],
        # Why: a POST with an old fingerprint means the results changed while the page was open.
        "changed": request.method == "POST" and bool(checked),
    }
    return render(request, "results/steward_publish_confirm.html", context)


@login_required
def steward_decision_new(request: HttpRequest, race_id: int) -> HttpResponse:
    race = selectors.steward_race(request.user, race_id)
    # A proposed decision (e.g. a drive-time infringement) links here with the form's fields filled in.
    proposed = {name: value for name, value in request.GET.items() if name in DecisionForm.base_fields}
    form = _decision_form(request, race=race, initial=proposed or None)

    def terms() -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "race": race,
            "user": request.user,
            "number": data["number"],
            "entry": data["entry"],
            "penalty": form.penalty(),
            "reason": data["reason"],
        }

    def save(checked: str | None) -> str:
        services.decision_record(**terms(), checked=checked)
        return f"{document_label(form.cleaned_data['number'])} recorded."

    def check() -> DecisionCheck:
        return services.decision_record_check(**terms(), table=selectors.classification_table)

    return _decision_page(request, race, form, None, save, check)


@login_required
def steward_decision_amend(request: HttpRequest, decision_id: int) -> HttpResponse:
    decision = selectors.steward_decision(request.user, decision_id)
    form = _decision_form(request, race=decision.race, amending=True, initial=_amendment_initial(decision))

    def terms() -> dict[str, Any]:
        data = form.cleaned_data
        return {
            "decision": decision,
            "user": request.user,
            "number": data["number"],
            "penalty": form.penalty(),
            "reason": data["reason"],
        }

    def save(checked: str | None) -> str:
        services.decision_amend(**terms(), checked=checked)
        return f"{decision.label} amended by {document_label(form.cleaned_data['number'])}."

    def check() -> DecisionCheck:
        return services.decision_amend_check(**terms(), table=selectors.classification_table)

    return _decision_page(request, decision.race, form, decision, save, check)


def _amendment_initial(decision: Any) -> dict[str, Any]:
    """The amended decision's terms: its kind, offence and the amounts that kind takes."""
    amounts = {
        "time_added_s": decision.time_added_s.normalize() if decision.time_added_ms else None,
        "laps_deducted": decision.laps_deducted or None,
        "positions_dropped": decision.positions_dropped or None,
        "new_class": decision.new_class_id,
        "driver": decision.driver_id,
    }
    taken = {name for name, kinds in KIND_FIELDS.items() if decision.kind in kinds}
    return {"kind": decision.kind, "offence": decision.offence} | {
        name: value for name, value in amounts.items() if name in taken
    }


def _decision_form(
    request: HttpRequest, *, race: Any, amending: bool = False, initial: dict[str, Any] | None = None
) -> DecisionForm:
    """Bound to a POST; a "show the fields" POST (no script) only re-renders what was typed."""
    if request.method == "POST" and "refresh" not in request.POST:
        return DecisionForm(request.POST, race=race, amending=amending, initial=initial)
    if request.method == "POST":
        typed = {name: value for name, value in request.POST.items() if name not in ("csrfmiddlewaretoken", "refresh")}
        return DecisionForm(race=race, amending=amending, initial=(initial or {}) | typed)
    return DecisionForm(race=race, amending=amending, initial=initial)


def _decision_page(
    request: HttpRequest,
    race: Any,
    form: DecisionForm,
    decision: Any,
    save: Callable[[str | None], str],
    check: Callable[[], DecisionCheck],
) -> HttpResponse:
    """The decision form of a new or an amending decision: `save` calls the service on a valid POST.

    On a race whose classification is public, a valid form first shows the check page (`check`),
    and only the POST from that page, with its fingerprint, saves.
    """
    if form.is_bound and form.is_valid():
        checked = request.POST.get("checked")
        needed = services.check_needed(race)
        try:
            if needed and not checked:
                return _check_page(request, race, check(), form=form, decision=decision)
            message = save(checked if needed else None)
        except CheckChanged:
            return _check_page(request, race, check(), form=form, decision=decision, changed=True)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("results:steward_race", race_id=race.pk)
    return render(request, "results/steward_decision_form.html", {"race": race, "form": form, "decision": decision})


def _check_page(
    request: HttpRequest,
    race: Any,
    check: DecisionCheck,
    *,
    form: DecisionForm | WithdrawForm,
    decision: Any,
    withdrawing: bool = False,
    changed: bool = False,
) -> HttpResponse:
    """What the decision puts out (re-derived public classification, standings moves), to confirm."""
    context = {
        "race": race,
        "check": check,
        "form": form,
        "decision": decision,
        "withdrawing": withdrawing,
        "changed": changed,
        "kind_label": PenaltyKind(form.cleaned_data["kind"]).label if isinstance(form, DecisionForm) else "",
    }
    return render(request, "results/steward_decision_check.html", context)


@login_required
def steward_decision_withdraw(request: HttpRequest, decision_id: int) -> HttpResponse:
    """GET: what withdrawing the decision changes, with the reason to give; POST from it withdraws.

    On a public classification the page shows the re-derived classification and the standings
    moves (the decision check page); on an unpublished one a short confirmation.
    """
    decision = selectors.steward_decision(request.user, decision_id)
    race = decision.race
    needed = services.check_needed(race)
    form = WithdrawForm(request.POST or None)
    checked = request.POST.get("checked", "")
    changed = False
    if request.method == "POST" and form.is_valid() and checked:
        try:
            services.decision_withdraw(
                decision=decision, user=request.user, reason=form.cleaned_data["reason"], checked=checked
            )
        except CheckChanged:
            changed = True  # shown again below, as it now stands
        except ValidationError as error:
            messages.error(request, "; ".join(_messages(error)))
            return redirect("results:steward_race", race_id=decision.race_id)
        else:
            messages.success(request, f"{decision.label} withdrawn.")
            return redirect("results:steward_race", race_id=decision.race_id)
    if needed:
        try:
            check = services.decision_withdraw_check(
                decision=decision,
                user=request.user,
                reason=form.data.get("reason", "") if form.is_bound else "",
                table=selectors.classification_table,
            )
        except ValidationError as error:
            messages.error(request, "; ".join(_messages(error)))
            return redirect("results:steward_race", race_id=decision.race_id)
        return _check_page(request, race, check, form=form, decision=decision, withdrawing=True, changed=changed)
    versions = selectors.race_versions(race).defer("source")
    context = {
        "race": race,
        "decision": decision,
        "form": form,
        "fingerprint": services.decision_withdraw_fingerprint(decision),
        "changed": changed,
        "latest": versions.first(),
    }
    return render(request, "results/steward_withdraw_confirm.html", context)


@login_required
def steward_export(request: HttpRequest, version_id: int, fmt: str) -> HttpResponse:
    return _export(selectors.steward_version(request.user, version_id), fmt)


@login_required
def steward_template(request: HttpRequest, race_id: int, fmt: str) -> HttpResponse:
    """The results template prefilled with the race's entry list, to fill in and upload."""
    race = selectors.steward_race(request.user, race_id)
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("Unknown format")
    data, content_type, name = exports.race_template(race, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _classification_version(request: HttpRequest, race_id: int) -> ContentVersion | None:
    version = selectors.classification_version(race_id)
    if version is None:
        return None
    # Why: the page links to the race analysis once a lap file is confirmed.
    lap_file = lap_selectors.race_lap_stamp(race_id)
    if lap_file is None:
        return version
    return ContentVersion((*version.parts, *lap_file), latest_moment(version.last_modified, lap_file[1]))


@cached_page(_classification_version)
def race_classification(request: HttpRequest, race_id: int) -> HttpResponse:
    """Public: the latest published version, saying which one it is; ?class= shows one class."""
    race, version = selectors.public_classification(race_id)
    table = selectors.classification_table(version)
    class_code = request.GET.get("class", "").strip()
    shown = table.of_class(class_code) if class_code else table
    if class_code and not shown:
        raise Http404(f"No class '{class_code[:40]}' in this classification")
    context = {
        "race": race,
        "version": version,
        "table": shown,
        "class_links": table.class_codes,
        "class_code": class_code,
        "decisions": selectors.race_decisions(race),
        "has_qualifying": qualifying_selectors.event_has_qualifying(race.event_id),
        "has_analysis": lap_selectors.race_lap_stamp(race.pk) is not None,
    }
    return render(request, "results/race_classification.html", context)


@public_page
def race_analysis(request: HttpRequest, race_id: int) -> HttpResponse:
    """Public: the race lap by lap (stints, best laps, class leaders), once its classification is published."""
    analysis = public_race_analysis(race_id)
    return render(request, "results/race_analysis.html", {"race": analysis.race, "analysis": analysis})


@public_page
def race_classification_print(request: HttpRequest, race_id: int) -> HttpResponse:
    """Public: the latest published version laid out for paper (the notice-board copy)."""
    race, version = selectors.public_classification(race_id)
    context = {
        "race": race,
        "version": version,
        "table": selectors.classification_table(version),
        "decisions": selectors.race_decisions(race),
        "generated_at": timezone.now(),
    }
    return render(request, "results/classification_print.html", context)


def race_classification_export(request: HttpRequest, race_id: int, fmt: str) -> HttpResponse:
    _, version = selectors.public_classification(race_id)
    return _export(version, fmt)


def _export(version: Any, fmt: str) -> HttpResponse:
    if fmt not in exports.CONTENT_TYPES:
        raise Http404("Unknown format")
    data, content_type, name = exports.version_export(version, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _messages(error: ValidationError | ClassificationFileError) -> list[str]:
    if isinstance(error, ClassificationFileError):
        return [str(p) for p in error.errors]
    return list(error.messages)


def _add_errors(form: DecisionForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        name = _FIELD_NAMES.get(field, field)
        form.add_error(name if name in form.fields else None, errors)
