"""Restricting records, granting named access, and emergency ("break-glass") access
(security reference 2.2, 2.3, R7, R8). Every change writes one audit row in its transaction."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from haven.access import policy
from haven.access.models import AccessGrant, AccessNotification, Restriction
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.services import audit
from haven.people.models import Person
from haven.workforce.models import Allocation, Worker

# Emergency access lasts an hour at most (R8); the check constraint on AccessGrant holds the
# database to the same limit.
EMERGENCY_ACCESS_MINUTES = 60
# "A reason of real length": a sentence someone reviewing it later can act on.
MIN_REASON_LENGTH = 40
MIN_REASON_WORDS = 6


def _reason_text(reason: str) -> str:
    text = " ".join(reason.split())
    if len(text) < MIN_REASON_LENGTH or len(text.split()) < MIN_REASON_WORDS:
        raise RuleBroken(
            f"Explain why you need access in at least {MIN_REASON_LENGTH} characters and "
            f"{MIN_REASON_WORDS} words, so that the person who reviews it can understand it.",
            field="reason",
        )
    return text


def _current_allocation(child: Person) -> Allocation | None:
    today = timezone.localdate()
    return (
        Allocation.objects.filter(child=child, start_date__lte=today, end_date__isnull=True)
        .select_related("worker__user", "team__manager__user")
        .first()
    )


@transaction.atomic
def restriction_set(
    *, acting_user: Any, child: Person, reason: str, explanation: str
) -> Restriction:
    """Restrict the record: from now on only named grants open it. The manager who restricts it
    and the allocated worker keep access through named grants, made here."""
    policy.require(acting_user, Capability.RESTRICT, child)
    child = Person.objects.select_for_update().get(pk=child.pk)
    if child.is_restricted:
        raise RuleBroken("This record is already restricted.")
    if reason not in Restriction.Reason.values:
        raise RuleBroken("Select why the record is being restricted.", field="reason")
    if not explanation.strip():
        raise RuleBroken("Explain why the record is being restricted.", field="explanation")
    restriction = Restriction.objects.create(
        child=child, reason=reason, explanation=explanation.strip(), restricted_by=acting_user
    )
    Person.objects.filter(pk=child.pk).update(is_restricted=True)
    keep = {acting_user}
    allocation = _current_allocation(child)
    if allocation is not None and allocation.worker.user is not None:
        keep.add(allocation.worker.user)
    for user in keep:
        AccessGrant.objects.create(
            user=user,
            child=child,
            kind=AccessGrant.Kind.EXPLICIT,
            reason_category=AccessGrant.ReasonCategory.WORK,
            reason="Kept when the record was restricted.",
            granted_by=acting_user,
        )
    audit(
        actor=acting_user,
        action="UPDATE",
        obj=restriction,
        child_id=child.pk,
        detail="restricted",
        reason=getattr(child, "access_reason", "") or "restricting manager",
    )
    return restriction


@transaction.atomic
def restriction_lift(*, acting_user: Any, child: Person) -> Restriction:
    policy.require(acting_user, Capability.RESTRICT, child)
    restriction = (
        Restriction.objects.select_for_update().filter(child=child, lifted_at__isnull=True).first()
    )
    if restriction is None:
        raise RuleBroken("This record is not restricted.")
    restriction.lifted_by = acting_user
    restriction.lifted_at = timezone.now()
    restriction.save(update_fields=["lifted_by", "lifted_at"])
    Person.objects.filter(pk=child.pk).update(is_restricted=False)
    audit(actor=acting_user, action="UPDATE", obj=restriction, child_id=child.pk, detail="lifted")
    return restriction


@transaction.atomic
def grant_named(*, acting_user: Any, child: Person, username: str, reason: str) -> AccessGrant:
    """Give one named member of staff access to this record until the grant is revoked."""
    policy.require(acting_user, Capability.RESTRICT, child)
    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first()
    if user is None or not policy.has_capability(user, Capability.VIEW_CASE):
        raise RuleBroken(
            "Enter the username of a member of staff who works with children's records.",
            field="username",
        )
    if (
        AccessGrant.objects.active()
        .filter(user=user, child=child, kind=AccessGrant.Kind.EXPLICIT)
        .exists()
    ):
        raise RuleBroken("This person already has access to the record.", field="username")
    if not reason.strip():
        raise RuleBroken("Explain why this person needs access.", field="reason")
    grant = AccessGrant.objects.create(
        user=user,
        child=child,
        kind=AccessGrant.Kind.EXPLICIT,
        reason_category=AccessGrant.ReasonCategory.WORK,
        reason=reason.strip(),
        granted_by=acting_user,
    )
    audit(actor=acting_user, action="CREATE", obj=grant, child_id=child.pk, detail="named grant")
    return grant


@transaction.atomic
def grant_revoke(*, acting_user: Any, grant: AccessGrant) -> AccessGrant:
    policy.require(acting_user, Capability.RESTRICT, grant.child)
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise RuleBroken("This access has already been removed.")
    grant.revoked_at = timezone.now()
    grant.revoked_by = acting_user
    grant.save(update_fields=["revoked_at", "revoked_by"])
    audit(actor=acting_user, action="UPDATE", obj=grant, child_id=grant.child_id, detail="revoked")
    return grant


def _reviewers(child: Person, acting_user: Any) -> set[Any]:
    """Who is told about emergency access: the child's allocated worker's manager and team
    manager, the user's own line manager, and every auditor / data protection officer (the
    Caldicott Guardian's office)."""
    users: set[Any] = set()
    allocation = _current_allocation(child)
    if allocation is not None:
        if allocation.team.manager is not None and allocation.team.manager.user is not None:
            users.add(allocation.team.manager.user)
        line = allocation.worker.line_manager
        if line is not None and line.user is not None:
            users.add(line.user)
    own = getattr(acting_user, "worker", None)
    if own is not None and own.line_manager is not None and own.line_manager.user is not None:
        users.add(own.line_manager.user)
    for worker in Worker.objects.filter(
        role=Worker.Role.AUDITOR, end_date__isnull=True, user__is_active=True
    ).select_related("user"):
        users.add(worker.user)
    users.discard(acting_user)
    return users


@transaction.atomic
def emergency_access(
    *,
    acting_user: Any,
    child_id: int,
    reason_category: str,
    reason: str,
    password: str,
    code: str = "",
) -> AccessGrant:
    """Open a record the user has no relationship with, or a restricted one, for at most an
    hour: a reason, re-authentication, one audit row, a notification to each reviewer."""
    from haven.core import mfa  # the sign-in module; imported here to keep access light

    if not policy.has_capability(acting_user, Capability.BREAK_GLASS):
        raise policy.AccessDenied
    if reason_category not in AccessGrant.ReasonCategory.values or reason_category == "WORK":
        raise RuleBroken("Select the reason you need emergency access.", field="reason_category")
    text = _reason_text(reason)
    if not mfa.reauthenticate(acting_user, password, code):
        raise RuleBroken(
            "Your password or security code is not right. Enter them again.", field="password"
        )
    child = Person.objects.filter(pk=child_id).first()
    if child is None:
        raise RuleBroken("There is no record with this number.")
    now = timezone.now()
    grant = AccessGrant.objects.create(
        user=acting_user,
        child=child,
        kind=AccessGrant.Kind.EMERGENCY,
        reason_category=reason_category,
        reason=text,
        granted_by=acting_user,
        starts_at=now,
        expires_at=now + datetime.timedelta(minutes=EMERGENCY_ACCESS_MINUTES),
    )
    for reviewer in _reviewers(child, acting_user):
        AccessNotification.objects.create(recipient=reviewer, grant=grant)
    audit(
        actor=acting_user,
        action="CREATE",
        obj=grant,
        child_id=child.pk,
        detail="emergency access",
        reason=reason_category,
    )
    return grant


@transaction.atomic
def notification_mark_read(*, acting_user: Any, notification: AccessNotification) -> None:
    if notification.recipient_id != acting_user.pk:
        raise policy.AccessDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
