"""Children built through the real services for the data-quality tests, in census year 2025-26
(1 April 2025 to 31 March 2026), which has ended: checks are measured to 31 March 2026."""

from __future__ import annotations

import datetime
from typing import Any

from haven.core.tests import factories as f
from haven.people.models import Person

D = datetime.date
# Children of school age need a UPN or a reason it is not known (query 8770Q): UN4, "newly in
# scope, UPN not yet known", so that each story fails only the rule it is about.
UPN_NOT_YET_KNOWN = {"upn_unknown_reason": "UN4"}


def _child(**fields: Any) -> Person:
    return f.ChildFactory(**{**UPN_NOT_YET_KNOWN, **fields})


def clean_child(user: Any, **fields: Any) -> Person:
    """Referred on 2 March 2026, no disability recorded as 'No disability': passes every rule."""
    child = _child(**fields)
    child.disabilities.create(code="NONE")
    f.open_episode(child, user, D(2026, 3, 2))
    return child


def child_with_a_query(user: Any, **fields: Any) -> Person:
    """An assessment started on 1 December 2025 and never authorised: open for more than 45
    working days by 31 March 2026 (query 8670Q), and nothing else wrong."""
    child = _child(**fields)
    child.disabilities.create(code="NONE")
    episode = f.open_episode(child, user, D(2025, 12, 1))
    f.start_assessment(episode, user, D(2025, 12, 1))
    return child


def child_with_an_error(user: Any, **fields: Any) -> Person:
    """Born, referred for further action, and no disability recorded (error 8540)."""
    child = _child(**fields)
    f.open_episode(child, user, D(2026, 3, 2))
    return child
