"""Helpers shared by the test files: a signed-in test client, uploads through the services, parse errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from championships.models import Race
from results.classifications.models import ClassificationVersion
from results.classifications.parsing import ClassificationFileError, parse_classification
from results.classifications.services import (
    Resolutions,
    UploadPreview,
    classification_confirm,
    classification_upload_preview,
)
from tests.scenarios import SILVERSTONE, Elms, silverstone_bytes


def client_for(user: Any | None) -> Client:
    """A Django test client signed in as `user` (anonymous for None).

    Signed in with `force_login`: no password, no allauth login flow, no MFA step. The staff
    MFA rule is off unless a test switches PADDOCK_STAFF_MFA_REQUIRED back on (tests/conftest.py).
    """
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def checked_value(body: str) -> str:
    """The fingerprint a confirmation page carries in its form (what the user looked at)."""
    match = re.search(r'name="checked" value="([0-9a-f]{64})"', body)
    assert match, "no confirmation form on the page"
    return match.group(1)


def post_confirmed(client: Client, url: str, data: dict[str, Any]) -> Any:
    """Open the confirmation page at `url` (GET with `data`), then confirm it as a user would."""
    page = client.get(url, data)
    assert page.status_code == 200, page.status_code
    return client.post(url, {**data, "checked": checked_value(page.content.decode())})


def post_upload(client: Client, race: Race, data: bytes, filename: str = "results.csv") -> Any:
    """POST a file to the steward upload (dry run) page of `race`: the response."""
    return client.post(f"/steward/races/{race.pk}/upload/", {"file": SimpleUploadedFile(filename, data)})


def preview(
    elms: Elms, user: Any, data: bytes | None = None, filename: str = SILVERSTONE.name, race: Race | None = None
) -> UploadPreview:
    """The dry run of an upload (the real Silverstone file unless `data`) of `race`, ELMS R1 by default."""
    return classification_upload_preview(
        race=race or elms.race,
        user=user,
        filename=filename,
        data=silverstone_bytes() if data is None else data,
    )


def confirm(
    checked: UploadPreview, user: Any, choices: dict[str, str] | None = None, acknowledgement: str = ""
) -> ClassificationVersion:
    """Confirm a previewed upload as `user` with the `choices` made on its preview: the stored version."""
    resolutions = Resolutions(fingerprint=checked.fingerprint, choices=choices or {}, acknowledgement=acknowledgement)
    return classification_confirm(
        pending_id=checked.pending.pk, sha256=checked.pending.sha256, user=user, resolutions=resolutions
    )


def absent_withdrawn(checked: UploadPreview) -> dict[str, str]:
    """Every entered car the file leaves out marked withdrawn (not every car of a real season races every round)."""
    return {d.key: "withdrawn" for d in checked.reconciliation.differences if d.kind == "missing_car"}


def upload(
    elms: Elms,
    user: Any,
    data: bytes | None = None,
    filename: str = SILVERSTONE.name,
    race: Race | None = None,
    choices: dict[str, str] | None = None,
    acknowledgement: str = "",
) -> ClassificationVersion:
    """Preview and confirm through the services, as the steward pages do: the new version."""
    return confirm(preview(elms, user, data=data, filename=filename, race=race), user, choices, acknowledgement)


def parse_error(data: bytes, filename: str = "results.csv") -> ClassificationFileError:
    """The error the parsers refuse `data` with (the test fails if they accept it)."""
    with pytest.raises(ClassificationFileError) as error:
        parse_classification(data, filename)
    return error.value


def parse_problems(data: bytes, filename: str = "results.csv") -> list[str]:
    """Every problem the parsers find in `data`, as the messages a steward reads."""
    return [str(problem) for problem in parse_error(data, filename).errors]
