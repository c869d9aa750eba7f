"""Statutory visits and case notes."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from haven.access import policy
from haven.casework.models import CaseNote, Visit
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.people.models import Person
from haven.referrals.models import EpisodeOfNeed
from haven.referrals.services import episode_check_activity


def _episode_on(child: Person, on: date) -> EpisodeOfNeed:
    episode = child.episodes.filter(referral_date__lte=on).order_by("-referral_date").first()
    if episode is None:
        raise RuleBroken(
            "The child had no open episode on that date, so there is nothing to visit for.",
            field="visit_date",
        )
    return episode


@transaction.atomic
def visit_record(
    *,
    acting_user: Any,
    child: Person,
    visit_date: date,
    child_seen: bool,
    seen_alone: bool,
    bedroom_seen: bool,
    childs_words: str = "",
    observations: str = "",
) -> Visit:
    """Record a statutory visit with whether the child was seen, seen alone and their room."""
    policy.require_change(acting_user, child)
    episode = _episode_on(child, visit_date)
    episode_check_activity(episode, on=visit_date, what="a visit")
    if seen_alone and not child_seen:
        raise RuleBroken(
            "The child cannot have been seen alone if they were not seen.", field="seen_alone"
        )
    with constraint_messages():
        visit = Visit.objects.create(
            child=child,
            episode=episode,
            visit_date=visit_date,
            child_seen=child_seen,
            seen_alone=seen_alone,
            bedroom_seen=bedroom_seen,
            childs_words=childs_words,
            observations=observations,
            visited_by=getattr(acting_user, "worker", None),
            created_by=acting_user,
        )
    audit(actor=acting_user, action="CREATE", obj=visit, child_id=child.pk)
    return visit


@transaction.atomic
def case_note_add(*, acting_user: Any, child: Person, title: str, body: str) -> CaseNote:
    """Add a case note to the child's record (linked to the open episode, if any)."""
    policy.require_change(acting_user, child)
    if not body.strip():
        raise RuleBroken("Enter the note.", field="body")
    note = CaseNote.objects.create(
        child=child,
        episode=child.episodes.filter(closure_date__isnull=True).first(),
        title=title.strip(),
        body=body,
        author=acting_user,
    )
    audit(actor=acting_user, action="CREATE", obj=note, child_id=child.pk)
    return note


@transaction.atomic
def case_note_amend(
    *, acting_user: Any, note: CaseNote, title: str, body: str, reason: str
) -> CaseNote:
    """Correct a note by adding a new version linked to it; the original stays as written."""
    note = CaseNote.objects.select_for_update().select_related("child").get(pk=note.pk)
    policy.require_change(acting_user, note.child)
    if CaseNote.objects.filter(amends=note).exists():
        raise RuleBroken("This note has already been corrected: correct the latest version.")
    if not reason.strip():
        raise RuleBroken("Say why the note is being corrected.", field="reason")
    with constraint_messages():
        correction = CaseNote.objects.create(
            child=note.child,
            episode=note.episode,
            title=title.strip(),
            body=body,
            amends=note,
            amendment_reason=reason.strip(),
            author=acting_user,
        )
    audit(actor=acting_user, action="CREATE", obj=correction, child_id=note.child_id)
    return correction
