"""Turning refusals into sentences a social worker understands.

Services raise `RuleBroken` for rules they check themselves. PostgreSQL constraints catch the
rest; `constraint_messages()` turns an IntegrityError raised by a constraint into the message
written beside that constraint in the model, so there is one wording per rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from django.apps import apps
from django.db import IntegrityError


class RuleBroken(Exception):
    """A business rule refused the change. `field` names the form field it belongs to."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


# Rules kept by triggers (see haven/plans/migrations/0002_cross_table_census_rules.py and
# haven/core/migrations/0011_no_hard_delete.py).
TRIGGER_MESSAGES = {
    "cp_plan_starts_on_icpc": (
        "A child protection plan starts on the day of the initial child protection conference "
        "that decided it (census rule 2885)."
    ),
    "cin_plan_not_during_cp_plan": (
        "A child in need plan cannot be open while the child is on a child protection plan "
        "(census rules 4001/4016/4017)."
    ),
    "review_after_plan_start": (
        "A review conference must be after the child protection plan started (census rule 8841)."
    ),
    # haven/core/migrations/0011_no_hard_delete.py (security reference R29).
    "no_hard_delete": "Records are never deleted: close or end them instead.",
}


@cache
def _messages_by_constraint() -> dict[str, str]:
    messages: dict[str, str] = dict(TRIGGER_MESSAGES)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            message = constraint.violation_error_message
            if message and message != constraint.default_violation_error_message:
                messages[constraint.name] = str(message)
            else:
                messages[constraint.name] = "That would break a rule about this record."
    return messages


def message_for_integrity_error(error: IntegrityError) -> str | None:
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name:
        return _messages_by_constraint().get(name)
    return None


@contextmanager
def constraint_messages() -> Iterator[None]:
    """Re-raise a constraint violation as RuleBroken with the constraint's own message."""
    try:
        yield
    except IntegrityError as error:
        message = message_for_integrity_error(error)
        if message is None:
            raise
        raise RuleBroken(message) from error
