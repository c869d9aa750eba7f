"""`field__any`: one array parameter instead of one parameter per id (haven/core/lookups.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.core.tests import factories as f
from haven.people.models import Person, Relationship

pytestmark = pytest.mark.django_db


def test_any_matches_like_in_with_one_parameter():
    people = [f.ChildFactory() for _ in range(3)]
    ids = [p.pk for p in people[:2]] + [10**12]

    with CaptureQueriesContext(connection) as captured:
        found = set(Person.objects.filter(pk__any=ids).values_list("pk", flat=True))

    assert found == {people[0].pk, people[1].pk}
    assert "= ANY(" in captured.captured_queries[0]["sql"]
    assert set(Person.objects.filter(pk__in=ids).values_list("pk", flat=True)) == found


def test_any_on_a_foreign_key_and_an_empty_list():
    child, mother = f.ChildFactory(), f.AdultFactory()
    Relationship.objects.create(person=child, related_person=mother, kind="MOTHER")

    assert list(
        Relationship.objects.filter(person_id__any={child.pk}).values_list(
            "related_person_id", flat=True
        )
    ) == [mother.pk]
    assert not Relationship.objects.filter(person_id__any=[]).exists()
