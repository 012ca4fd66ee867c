"""The demo entries: idempotent, valid line-ups, managed by the demo team managers."""

from __future__ import annotations

import pytest

from championships import demo as championships_demo
from entries import demo, review, selectors
from entries.models import Entry, EntryStatus, LineupRule, Nomination, Team

pytestmark = pytest.mark.django_db


def test_it_loads_valid_demo_entries_once() -> None:
    championships_demo.load()
    demo.load()
    counts = (Entry.objects.count(), Nomination.objects.count(), LineupRule.objects.count())
    demo.load()
    assert (Entry.objects.count(), Nomination.objects.count(), LineupRule.objects.count()) == counts
    assert counts[0] == 6 and counts[2] == 8
    for entry in Entry.objects.all():
        assert entry.status == EntryStatus.ACCEPTED
        assert selectors.lineup_problems(entry) == [], entry
        assert selectors.current_nominations(entry).exists()
        assert entry.car_model is not None and entry.car_model.eligible_for(entry.racing_class.code), entry
        assert [c.kind for c in review.entry_review(entry).checks if c.kind != review.CHANGED] == [], entry
    assert Team.objects.get(name="Absolute Racing").managers.get().email == "manager@paddock.test"
    assert Team.objects.get(name="Graff Racing").managers.get().email == "manager2@paddock.test"
