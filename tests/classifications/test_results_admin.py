"""The admin shows classifications and decisions to the series' officials, read-only."""

from __future__ import annotations

from typing import Any

import pytest

from results.classifications.models import PenaltyKind
from results.classifications.services import Penalty, decision_record
from tests.helpers import client_for, upload
from tests.scenarios import Elms

pytestmark = pytest.mark.django_db


def test_it_shows_versions_and_rows_read_only_to_the_steward(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.aco_steward)
    assert "Silverstone" in client.get("/admin/results/classificationversion/").content.decode()
    response = client.get(f"/admin/results/classificationversion/{version.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Thiriet By TDS Racing" in body and 'name="_save"' not in body
    assert client.get("/admin/results/classificationversion/add/").status_code == 403


def test_it_refuses_changes_even_to_series_staff(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.aco_staff)
    response = client.post(f"/admin/results/classificationversion/{version.pk}/change/", {"status": "official"})
    assert response.status_code == 403
    version.refresh_from_db()
    assert version.status == "draft"
    assert client.post(f"/admin/results/classificationversion/{version.pk}/delete/").status_code == 403


def test_it_hides_other_series_classifications(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    client = client_for(world.sro_staff)
    assert "Silverstone" not in client.get("/admin/results/classificationversion/").content.decode()
    assert client.get(f"/admin/results/classificationversion/{version.pk}/change/").status_code == 302


def test_it_lists_decisions(elms: Elms, world: Any) -> None:
    upload(elms, world.aco_steward)
    decision_record(
        race=elms.race,
        user=world.aco_steward,
        number="12",
        entry=elms.entries["46"],
        penalty=Penalty(PenaltyKind.DSQ, "Ride height"),
    )
    body = client_for(world.aco_staff).get("/admin/results/decision/").content.decode()
    assert "Ride height" in body and "#46" in body


def test_it_exports_a_version_from_the_admin(elms: Elms, world: Any) -> None:
    version = upload(elms, world.aco_steward)
    response = client_for(world.aco_steward).post(
        "/admin/results/classificationversion/",
        {"action": "export_csv", "_selected_action": [version.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"Thiriet By TDS Racing" in response.content
