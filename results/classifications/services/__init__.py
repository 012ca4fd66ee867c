"""Writes of the results workflow (HackSoft style): views call these, never the ORM directly."""

from results.classifications.services.decision_checks import check_needed
from results.classifications.services.decisions import (
    Penalty,
    decision_amend,
    decision_amend_check,
    decision_record,
    decision_record_check,
    decision_transitions,
    decision_withdraw,
    decision_withdraw_check,
    decision_withdraw_fingerprint,
)
from results.classifications.services.late_changes import Resolutions
from results.classifications.services.publishing import (
    classification_publish,
    classification_publish_refusal,
    classification_transitions,
)
from results.classifications.services.uploads import (
    UploadPreview,
    classification_confirm,
    classification_leave_for_staff,
    classification_upload_preview,
    pending_preview,
)

__all__ = [
    "Penalty",
    "Resolutions",
    "UploadPreview",
    "check_needed",
    "classification_confirm",
    "classification_leave_for_staff",
    "classification_publish",
    "classification_publish_refusal",
    "classification_transitions",
    "classification_upload_preview",
    "pending_preview",
    "decision_amend",
    "decision_amend_check",
    "decision_record",
    "decision_record_check",
    "decision_transitions",
    "decision_withdraw",
    "decision_withdraw_check",
    "decision_withdraw_fingerprint",
]
