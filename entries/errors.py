"""Errors raised by entries services; their messages are shown to users as they are."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class EntryRefused(ValidationError):
    """A change the workflow or the rules of the sport refuse (transition, line-up, number)."""


class NotAllowed(PermissionDenied):
    """The user's role does not allow this change."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


def messages_of(exc: ValidationError | PermissionDenied) -> list[str]:
    """The sentences to show for a refusal (a ValidationError may carry several)."""
    return list(getattr(exc, "messages", None) or [str(exc)])
