"""Notifications (issue 18 item 3): stored with the change, sent by Celery, re-sent after an SMTP or
broker outage (never blocking the save); a daily digest for staff who prefer it; links on the
configured public address; the e-mail backend from EMAIL_URL."""

from __future__ import annotations

from smtplib import SMTPServerDisconnected
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from championships import notify
from championships.models import NotificationPreference, OutgoingEmail
from championships.tasks import resend_unsent_emails_task, send_daily_digests_task
from config.email_url import email_settings

pytestmark = pytest.mark.django_db
PUBLIC = "https://paddock.example.org"


def _queue(users: list[Any], django_capture_on_commit_callbacks: Any, **kw: Any) -> list[OutgoingEmail]:
    with django_capture_on_commit_callbacks(execute=True):
        return notify.notify(users, "Entry submitted", f"{PUBLIC}/my/entries/1/", **kw)


def test_it_keeps_the_email_when_smtp_is_down_and_sends_it_later(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with mock.patch("championships.notify.send_mail", side_effect=SMTPServerDisconnected("down")):
        (row,) = _queue([world.team_manager], django_capture_on_commit_callbacks)
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and "down" in row.last_error
    assert mail.outbox == []
    with mock.patch("championships.notify.unsent_ids", return_value=[row.pk]):
        assert resend_unsent_emails_task() == 1
    assert mail.outbox[0].to == [world.team_manager.email] and mail.outbox[0].subject == "[Paddock] Entry submitted"


def test_it_keeps_the_email_when_the_broker_is_down(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    with mock.patch("championships.tasks.send_email_task.delay", side_effect=ConnectionError("no broker")):
        (row,) = _queue([world.team_manager], django_capture_on_commit_callbacks)
    assert mail.outbox == [] and OutgoingEmail.objects.get(pk=row.pk).sent_at is None
    OutgoingEmail.objects.filter(pk=row.pk).update(created_at=row.created_at.replace(year=2000))
    assert resend_unsent_emails_task() == 1 and len(mail.outbox) == 1


def test_it_sends_staff_who_prefer_it_one_digest_a_day(world: Any, django_capture_on_commit_callbacks: Any) -> None:
    NotificationPreference.objects.create(user=world.aco_staff, daily_digest=True)
    _queue([world.aco_staff, world.sro_staff], django_capture_on_commit_callbacks, digestible=True)
    _queue([world.aco_staff], django_capture_on_commit_callbacks, digestible=True)
    assert [m.to for m in mail.outbox] == [[world.sro_staff.email]]
    mail.outbox.clear()
    assert send_daily_digests_task() == 1
    (digest,) = mail.outbox
    assert digest.to == [world.aco_staff.email] and "2 notices" in digest.subject
    assert send_daily_digests_task() == 0


def test_it_links_the_signup_confirmation_to_the_public_address(client: Client, settings: Any) -> None:
    settings.PADDOCK_PUBLIC_URL = PUBLIC
    client.post(
        "/accounts/signup/",
        {
            "email": "nadia@team.example",
            "first_name": "Nadia",
            "last_name": "Newman",
            "password1": "a-Strong-pass-123",
            "password2": "a-Strong-pass-123",
        },
    )
    assert f"{PUBLIC}/accounts/confirm-email/" in mail.outbox[0].body
    assert "testserver" not in mail.outbox[0].body


def test_it_reads_the_smtp_server_from_one_url() -> None:
    assert email_settings("smtp://paddock%40example.org:s3cr%2Ft@smtp.example.org:587?tls=1") == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "paddock@example.org",
        "EMAIL_HOST_PASSWORD": "s3cr/t",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
        "EMAIL_TIMEOUT": 10,
    }
    assert email_settings("smtps://u:p@mail.example.org")["EMAIL_PORT"] == 465
    assert email_settings("console:")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured, match="unknown scheme"):
        email_settings("smtpx://host")
