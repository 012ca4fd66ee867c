"""Team managers hear of crew changes the series makes to their accepted cars (issue 18 item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from entries import services
from entries.models import EntryStatus

pytestmark = pytest.mark.django_db


def test_it_tells_the_managers_when_the_series_changes_an_accepted_crew(
    paddock: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.PADDOCK_PUBLIC_URL = "https://paddock.example.org"
    entry = paddock.entry(status=EntryStatus.ACCEPTED)
    bronze, gold = paddock.driver("bronze", last_name="Arakawa"), paddock.driver("gold", last_name="Lulham")
    paddock.nominate(entry, bronze)
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_add(actor=paddock.world.sro_staff, entry=entry, event=paddock.sepang, driver=gold)
    (sent,) = mail.outbox
    assert sent.to == [paddock.manager_a.email] and "crew of car" in sent.subject
    assert "Lulham was added to the crew" in sent.body
    assert f"https://paddock.example.org/my/entries/{entry.pk}/" in sent.body
    mail.outbox.clear()
    # The team's own changes need no e-mail to itself.
    with django_capture_on_commit_callbacks(execute=True):
        services.nomination_add(actor=paddock.manager_a, entry=entry, event=paddock.suzuka, driver=gold)
    assert mail.outbox == []
