"""A status change offered on a page: the services say which ones a user may make now.

Templates only loop over the transitions a service returns (`classification_transitions`,
`decision_transitions`, `entry_transitions`); the condition lives next to the service that
performs the change, so a button is shown exactly when the service would accept it (apart
from the checks of the content, such as line-up rules, which the service explains on refusal).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """`action` names the change for the template and the form it posts; `label` is the button text."""

    action: str
    label: str
