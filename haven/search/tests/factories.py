"""Small helpers for search tests: people created directly, staff as users with a Worker."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from haven.people.models import Address, Person
from haven.workforce.models import Worker


def make_person(first_name: str, last_name: str, **fields: Any) -> Person:
    """A child born on 3 May 2015 unless the fields say otherwise."""
    fields.setdefault("kind", Person.Kind.CHILD)
    if fields["kind"] == Person.Kind.CHILD and "expected_date_of_birth" not in fields:
        fields.setdefault("date_of_birth", datetime.date(2015, 5, 3))
    return Person.objects.create(first_name=first_name, last_name=last_name, **fields)


def make_address(person: Person, postcode: str, **fields: Any) -> Address:
    fields.setdefault("line_1", "1 High Street")
    fields.setdefault("town", "Haven")
    fields.setdefault("start_date", datetime.date(2020, 1, 1))
    return Address.objects.create(person=person, postcode=postcode, **fields)


def make_user(username: str = "someone") -> Any:
    return get_user_model().objects.create_user(username=username, password="not-used-here")


def make_staff_user(username: str = "worker") -> Any:
    user = make_user(username)
    # Authority-wide scope, as in haven/core/tests/factories.staff_user; the access tests
    # cover search by relationship.
    Worker.objects.create(
        user=user,
        full_name=f"{username} Worker",
        start_date=datetime.date(2020, 1, 6),
        role=Worker.Role.EMERGENCY_DUTY,
    )
    return user
