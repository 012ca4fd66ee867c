"""Drivers, cars and makers are shared across series: from the outside (admin URLs), only the staff
of a series they race in change them; team managers' e-mails stay with the series the team races in."""

from __future__ import annotations

from typing import Any

import pytest

from championships.models import AuditEntry
from entries.models import CarModel, Driver, Manufacturer
from results.classifications.models import ResultRow, ResultRowDriver
from tests import factories
from tests.helpers import client_for

pytestmark = pytest.mark.django_db


def driver_url(driver: Driver) -> str:
    return f"/admin/entries/driver/{driver.pk}/change/"


def rename(user: Any, driver: Driver, last_name: str) -> Any:
    """Post the driver's admin form with a new last name (no category rows)."""
    return client_for(user).post(
        driver_url(driver),
        {
            "first_name": driver.first_name,
            "last_name": last_name,
            "nationality": driver.nationality,
            "categories-TOTAL_FORMS": 0,
            "categories-INITIAL_FORMS": 0,
        },
    )


def post_car(user: Any, car: CarModel, name: str) -> Any:
    return client_for(user).post(
        f"/admin/entries/carmodel/{car.pk}/change/", {"manufacturer": car.manufacturer_id, "name": name}
    )


def post_maker(user: Any, maker: Manufacturer, name: str) -> Any:
    return client_for(user).post(f"/admin/entries/manufacturer/{maker.pk}/change/", {"name": name})


def last_name_of(driver: Driver) -> str:
    return Driver.objects.get(pk=driver.pk).last_name


@pytest.fixture
def root() -> Any:
    return factories.UserFactory(superuser=True, username="root")


@pytest.fixture
def sro_driver(paddock: Any) -> Driver:
    """A driver nominated on an SRO entry (GT World Challenge Asia)."""
    driver = factories.DriverFactory(first_name="Kei", last_name="Cozzolino")
    paddock.nominate(paddock.entry(number="41"), driver)
    return driver


def test_staff_of_the_drivers_series_rename_the_driver_with_an_audit_record(paddock: Any, sro_driver: Driver) -> None:
    staff = paddock.world.sro_staff
    response = rename(staff, sro_driver, "Cozzolino-Sato")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert last_name_of(sro_driver) == "Cozzolino-Sato"
    record = AuditEntry.objects.get(action="entries.driver.updated")
    assert (record.actor, record.before, record.after) == (
        staff,
        {"last_name": "Cozzolino"},
        {"last_name": "Cozzolino-Sato"},
    )


def test_staff_of_another_series_see_the_driver_read_only(paddock: Any, sro_driver: Driver) -> None:
    intruder = paddock.world.aco_staff
    page = client_for(intruder).get(driver_url(sro_driver)).content.decode()
    assert 'name="last_name"' not in page
    rename(intruder, sro_driver, "Hacked")
    assert last_name_of(sro_driver) == "Cozzolino"
    assert not AuditEntry.objects.filter(action="entries.driver.updated").exists()


def test_a_driver_in_a_result_of_another_series_is_theirs(paddock: Any) -> None:
    driver = factories.DriverFactory(last_name="Resultonly")
    aco_entry = factories.EntryFactory(season=paddock.aslms, number="8")
    race = factories.RaceFactory(event=factories.EventFactory(season=paddock.aslms))
    row = ResultRow.objects.create(
        version=factories.ClassificationVersionFactory(race=race),
        entry=aco_entry,
        row_number=1,
        position=1,
        number="8",
        class_code="LMP2",
        team=aco_entry.team.name,
        status="Classified",
    )
    ResultRowDriver.objects.create(row=row, driver=driver, order=1)
    rename(paddock.world.sro_staff, driver, "Hacked")
    assert last_name_of(driver) == "Resultonly"
    assert rename(paddock.world.aco_staff, driver, "Result").status_code == 302
    assert last_name_of(driver) == "Result"


def test_a_driver_racing_nowhere_is_set_up_by_any_staff(paddock: Any) -> None:
    driver = factories.DriverFactory(last_name="Newcomer")
    response = rename(paddock.world.aco_staff, driver, "Newcomer-Ito")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert last_name_of(driver) == "Newcomer-Ito"


def test_superusers_rename_any_driver(paddock: Any, sro_driver: Driver, root: Any) -> None:
    assert rename(root, sro_driver, "Root").status_code == 302
    assert last_name_of(sro_driver) == "Root"


def test_no_one_without_a_staff_role_renames_a_driver(paddock: Any, sro_driver: Driver) -> None:
    for user in (paddock.sro_steward, paddock.manager_a, paddock.world.outsider, None):
        response = rename(user, sro_driver, "Hacked")
        assert response.status_code in (302, 403), user
        if response.status_code == 302:
            assert "/login/" in response["Location"], user
    assert last_name_of(sro_driver) == "Cozzolino"


def test_a_car_and_its_maker_are_changed_by_the_staff_of_the_series_they_race_in(paddock: Any, root: Any) -> None:
    paddock.entry(number="41")  # uses paddock.car (Porsche 911 GT3 R) in GT World Challenge Asia
    car, maker = paddock.car, paddock.car.manufacturer
    assert post_car(paddock.world.aco_staff, car, "Hacked").status_code == 403
    assert post_maker(paddock.world.aco_staff, maker, "Hacked").status_code == 403
    for user in (paddock.sro_steward, paddock.manager_a, paddock.world.outsider):
        assert post_car(user, car, "Hacked").status_code in (302, 403), user
    assert CarModel.objects.get(pk=car.pk).name == "911 GT3 R"
    assert Manufacturer.objects.get(pk=maker.pk).name == "Porsche"
    assert post_car(paddock.world.sro_staff, car, "911 GT3 R (992)").status_code == 302
    assert post_maker(root, maker, "Porsche AG").status_code == 302
    assert str(CarModel.objects.get(pk=car.pk)) == "Porsche AG 911 GT3 R (992)"


def test_a_car_no_entry_uses_is_set_up_by_any_staff(paddock: Any) -> None:
    car = factories.CarModelFactory(manufacturer=factories.ManufacturerFactory(name="Ligier"), name="JS P3")
    assert post_car(paddock.world.aco_staff, car, "JS P320").status_code == 302
    assert CarModel.objects.get(pk=car.pk).name == "JS P320"


def test_only_superusers_delete_shared_rows(paddock: Any, sro_driver: Driver) -> None:
    staff = paddock.world.sro_staff
    assert client_for(staff).post(f"/admin/entries/driver/{sro_driver.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Driver.objects.filter(pk=sro_driver.pk).exists()


def test_managers_e_mails_are_shown_to_the_series_the_team_races_in(paddock: Any, root: Any) -> None:
    paddock.entry(number="41")  # team A races in GT World Challenge Asia (SRO)
    email = paddock.manager_a.email
    for user in (paddock.world.sro_staff, paddock.sro_steward, root):
        assert email in client_for(user).get("/admin/entries/team/").content.decode(), user
    other = client_for(paddock.world.aco_staff).get("/admin/entries/team/")
    assert other.status_code == 200 and "Absolute Racing" in other.content.decode()
    assert email not in other.content.decode()
    assert (
        email
        not in client_for(paddock.world.aco_staff)
        .get(f"/admin/entries/team/{paddock.team_a.pk}/change/")
        .content.decode()
    )
    for user in (paddock.manager_a, paddock.world.outsider, None):
        assert email not in client_for(user).get("/admin/entries/team/").content.decode(), user


def test_a_team_that_races_in_another_series_keeps_its_managers_e_mails_there(paddock: Any) -> None:
    factories.EntryFactory(season=paddock.aslms, team=paddock.team_b, number="8")
    body = client_for(paddock.world.sro_staff).get("/admin/entries/team/").content.decode()
    assert paddock.manager_b.email not in body
    assert paddock.manager_b.email in client_for(paddock.world.aco_staff).get("/admin/entries/team/").content.decode()
