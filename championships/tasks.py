"""Celery tasks of notifications: send one stored e-mail (with retries), re-send, daily digests."""

from __future__ import annotations

from smtplib import SMTPException

from celery import current_app, shared_task

from championships import notify

# Why these: a server that is down, refuses or times out; anything else is a bug to surface.
DELIVERY_ERRORS = (SMTPException, OSError, TimeoutError)


@shared_task(bind=True, max_retries=6, acks_late=True, ignore_result=True)
def send_email_task(self, email_id: int) -> bool:  # type: ignore[no-untyped-def]
    """Send a stored e-mail; an SMTP outage retries it 1, 2, 4... minutes later."""
    try:
        return notify.deliver(email_id)
    except DELIVERY_ERRORS as exc:
        if current_app.conf.task_always_eager:
            # Embedded mode: no worker to retry later; the row stays unsent for the re-send.
            return False
        raise self.retry(exc=exc, countdown=min(3600, 60 * 2**self.request.retries)) from exc


@shared_task(ignore_result=True)
def resend_unsent_emails_task() -> int:
    """E-mails whose task was lost (broker down at the time) or gave up: sent again."""
    count = 0
    for email_id in notify.unsent_ids():
        try:
            count += int(notify.deliver(email_id))
        except DELIVERY_ERRORS:
            break  # the server is still down: the next beat tries again
    return count


@shared_task(ignore_result=True)
def send_daily_digests_task() -> int:
    return notify.send_digests()
