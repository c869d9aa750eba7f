"""Allocating children to social workers, with a reason for every change of worker
(SSDA903 social worker change reasons; the inspection found too many changes of worker)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.people.models import Person
from haven.workforce.models import Allocation, Worker


@transaction.atomic
def allocation_allocate(
    *,
    acting_user: Any,
    child: Person,
    worker: Worker,
    start_date: date,
    change_reason: str = "",
) -> Allocation:
    """Allocate the child to `worker` from `start_date`, ending the current allocation that day.
    A change of worker needs a reason. Only roles that may allocate (managers) do this."""
    policy.require(acting_user, Capability.ALLOCATE, child)
    if worker.end_date is not None or worker.team_id is None:
        raise RuleBroken("Choose a worker who is in post and in a team.", field="worker")
    current = (
        Allocation.objects.select_for_update().filter(child=child, end_date__isnull=True).first()
    )
    if current is not None:
        if current.worker_id == worker.pk:
            raise RuleBroken("The child is already allocated to this worker.", field="worker")
        if not change_reason:
            raise RuleBroken(
                "Select the reason the child's social worker is changing.", field="change_reason"
            )
        if start_date < current.start_date:
            raise RuleBroken(
                "The new allocation cannot start before the current one did.",
                field="start_date",
            )
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    with constraint_messages():
        allocation = Allocation.objects.create(
            child=child,
            worker=worker,
            team_id=worker.team_id,
            start_date=start_date,
            change_reason=change_reason if current is not None else "",
            created_by=acting_user,
        )
    audit(actor=acting_user, action="CREATE", obj=allocation, child_id=child.pk)
    return allocation
