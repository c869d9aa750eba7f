"""Who may see and change which children.

One policy answers both questions: `children_visible_to(user)` (a queryset filter used by every
list, search and dashboard) and `can_view_child` / `can_change_child` (for one record). They
must always agree; tests check that they do.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from haven.people.models import Person


class ChildNotFound(Exception):
    """The child does not exist or this user may not see them: the same answer for both."""


class AccessDenied(Exception):
    """The user may see the child but may not make this change."""


def is_authority_staff(user: Any) -> bool:
    """Signed-in, active staff: a Worker profile that has not ended, or a superuser."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    worker = getattr(user, "worker", None)
    return worker is not None and worker.end_date is None


def children_visible_to(user: Any) -> QuerySet[Person]:
    """Every person record this user may see."""
    if not is_authority_staff(user):
        return Person.objects.none()
    return Person.objects.all()


def can_view_child(user: Any, child: Person) -> bool:
    return children_visible_to(user).filter(pk=child.pk).exists() if child.pk else False


def can_change_child(user: Any, child: Person) -> bool:
    return can_view_child(user, child)


def get_child_for_user(user: Any, pk: int | str) -> Person:
    """The child with this id if the user may see them; ChildNotFound otherwise."""
    try:
        return children_visible_to(user).get(pk=int(pk))
    except (Person.DoesNotExist, ValueError, TypeError) as error:
        raise ChildNotFound from error


def require_change(user: Any, child: Person) -> None:
    """Raise AccessDenied unless the user may change this child's record."""
    if not can_change_child(user, child):
        raise AccessDenied
