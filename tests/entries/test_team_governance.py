"""Teams are shared across series: who may change a team (and so who manages it), from the outside."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry, Role
from entries.models import DriverCategory, Team
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def change_url(team: Team) -> str:
    return f"/admin/entries/team/{team.pk}/change/"


def post_managers(user: Any, team: Team, *managers: Any) -> Any:
    return client_for(user).post(
        change_url(team),
        {"name": team.name, "country": team.country, "managers": [m.pk for m in managers]},
    )


def post_category(user: Any, row: DriverCategory, category: str, delete: bool = False) -> Any:
    """Save the driver's admin form with its one category row set to `category` (or deleted)."""
    driver = row.driver
    data = {
        "first_name": driver.first_name,
        "last_name": driver.last_name,
        "nationality": driver.nationality,
        "categories-TOTAL_FORMS": 1,
        "categories-INITIAL_FORMS": 1,
        "categories-0-id": row.pk,
        "categories-0-driver": driver.pk,
        "categories-0-season": row.season_id,
        "categories-0-category": category,
    }
    if delete:
        data["categories-0-DELETE"] = "on"
    return client_for(user).post(f"/admin/entries/driver/{driver.pk}/change/", data)


def managers_of(team: Team) -> set[str]:
    return set(team.managers.values_list("username", flat=True))


def test_staff_of_another_series_cannot_make_themselves_manager(paddock: Any) -> None:
    draft = paddock.entry(number="41")
    intruder = paddock.world.aco_staff
    page = client_for(intruder).get(change_url(paddock.team_a))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # read only
    assert post_managers(intruder, paddock.team_a, intruder).status_code == 403
    assert managers_of(paddock.team_a) == {"manager"}
    assert not AuditEntry.objects.filter(action__startswith="entries.team").exists()
    # ...so the other series' draft stays out of their sight.
    assert client_for(intruder).get(f"/my/entries/{draft.pk}/").status_code == 404


def test_staff_of_the_teams_series_assign_managers_with_an_audit_record(paddock: Any) -> None:
    paddock.entry(number="41")
    staff = paddock.world.sro_staff
    response = post_managers(staff, paddock.team_a, paddock.manager_a, paddock.manager_b)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert managers_of(paddock.team_a) == {"manager", "manager_b"}
    record = AuditEntry.objects.get(action="entries.team.updated")
    assert (record.actor, record.before, record.after) == (
        staff,
        {"managers": ["manager"]},
        {"managers": ["manager", "manager_b"]},
    )


def test_a_team_of_several_organisations_is_changed_by_superusers_only(paddock: Any) -> None:
    paddock.entry(number="41")
    factories.EntryFactory(season=paddock.aslms, team=paddock.team_a, number="8")
    for user in (paddock.world.sro_staff, paddock.world.aco_staff):
        assert post_managers(user, paddock.team_a, user).status_code == 403, user
    assert managers_of(paddock.team_a) == {"manager"}
    root = factories.UserFactory(superuser=True, username="root")
    assert post_managers(root, paddock.team_a, paddock.manager_b).status_code == 302
    assert managers_of(paddock.team_a) == {"manager_b"}


def test_a_withdrawn_entry_still_ties_the_team_to_its_series(paddock: Any) -> None:
    paddock.entry(number="41", status="withdrawn")
    assert post_managers(paddock.world.aco_staff, paddock.team_a, paddock.world.aco_staff).status_code == 403
    assert managers_of(paddock.team_a) == {"manager"}


def test_a_team_that_never_entered_is_set_up_by_any_staff(paddock: Any) -> None:
    staff = paddock.world.aco_staff
    response = client_for(staff).post(
        "/admin/entries/team/add/", {"name": "New Team", "country": "FRA", "managers": [paddock.manager_b.pk]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    team = Team.objects.get(name="New Team")
    assert managers_of(team) == {"manager_b"}
    assert AuditEntry.objects.get(action="entries.team.created").after["managers"] == ["manager_b"]


def test_no_one_else_changes_a_team(paddock: Any) -> None:
    paddock.entry(number="41")
    for user in (paddock.sro_steward, paddock.manager_a, paddock.manager_b, paddock.world.outsider, None):
        response = post_managers(user, paddock.team_a, paddock.manager_b)
        assert response.status_code in (302, 403), user
        if response.status_code == 302:
            assert "/login/" in response["Location"], user
    assert managers_of(paddock.team_a) == {"manager"}


def test_a_steward_here_and_staff_there_cannot_delete_this_series_categories(paddock: Any) -> None:
    driver = paddock.driver("gold")
    row = DriverCategory.objects.get(driver=driver)
    user = paddock.world.aco_staff
    factories.MembershipFactory(
        user=user, organisation=paddock.world.sro_series.governing_bodies.get(), role=Role.STEWARD
    )
    response = post_category(user, row, "gold", delete=True)
    assert response.status_code == 403
    assert DriverCategory.objects.filter(pk=row.pk, category="gold").exists()


def test_series_staff_change_a_category_in_the_admin_with_an_audit_record(paddock: Any) -> None:
    driver = paddock.driver("gold")
    row = DriverCategory.objects.get(driver=driver)
    response = post_category(paddock.world.sro_staff, row, "silver")
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.category == "silver"
    record = AuditEntry.objects.get(action="entries.driver.categorised")
    assert (record.before, record.after) == ({"category": "gold"}, {"category": "silver"})
