"""The entry review page of the admin: the checks a steward relies on, and the decision on it.

Accept / Reserve / Refuse go through the entry services (the same rules as the bulk actions
of the entry list); this page only reads (entries.review) and calls them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from entries import review, services
from entries.errors import messages_of
from entries.models import Entry

# The decisions offered on the page → the entry service that takes it.
DECISIONS: dict[str, tuple[str, str, Callable[[Any, Entry, str], Entry]]] = {
    "accepted": ("Accept", "accepted", lambda actor, entry, reason: services.entry_accept(actor=actor, entry=entry)),
    "reserved": (
        "Put on reserve",
        "put on reserve",
        lambda actor, entry, reason: services.entry_reserve(actor=actor, entry=entry, reason=reason),
    ),
    "rejected": (
        "Refuse",
        "refused",
        lambda actor, entry, reason: services.entry_reject(actor=actor, entry=entry, reason=reason),
    ),
}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[(k, label) for k, (label, _, _) in DECISIONS.items()])
    reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="Required to refuse; the team reads it (also shown for a reserve place).",
    )


def review_view(model_admin: admin.ModelAdmin[Entry], request: HttpRequest, object_id: str) -> HttpResponse:
    """GET: the entry, its crews and checks; POST: accept, reserve or refuse it with a reason."""
    entry = model_admin.get_object(request, object_id)
    if entry is None:
        raise Http404("No such entry")  # outside the user's series too: it does not exist for them
    if not model_admin.has_view_permission(request, entry):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not model_admin.has_change_permission(request, entry):
            raise PermissionDenied
        if form.is_valid():
            choice, reason = form.cleaned_data["decision"], form.cleaned_data["reason"].strip()
            try:
                DECISIONS[choice][2](request.user, entry, reason)
            except (ValidationError, PermissionDenied) as exc:
                for message in messages_of(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, f"#{entry.number} {entry.team.name}: {DECISIONS[choice][1]}.")
                return redirect("admin:entries_entry_review", entry.pk)
        status = 400
    offered = {t.action for t in services.entry_transitions(actor=request.user, entry=entry, among=tuple(DECISIONS))}
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": f"Review #{entry.number} {entry.team.name}",
        "review": review.entry_review(entry),
        "form": form,
        "decisions": [(key, label) for key, (label, _, _) in DECISIONS.items() if key in offered],
    }
    return TemplateResponse(request, "admin/entries/entry_review.html", context, status=status)


def review_link(entry: Entry) -> str:
    return format_html('<a href="{}">Review</a>', reverse("admin:entries_entry_review", args=[entry.pk]))
