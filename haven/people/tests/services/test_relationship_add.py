import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.people import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return f.staff_user()


def add(user, person, related_person, kind="MOTHER", **fields):
    return services.relationship_add(
        acting_user=user, person=person, related_person=related_person, kind=kind, **fields
    )


class TestRelationshipAdd:
    def test_records_the_relationship(self, user):
        child, mother = f.ChildFactory(), f.AdultFactory()

        relationship = add(
            user, child, mother, has_parental_responsibility=True, lives_with_child=True
        )

        assert relationship.person == child
        assert relationship.related_person == mother
        assert relationship.has_parental_responsibility
        assert f.audited(child, user)

    def test_a_person_cannot_be_related_to_themselves(self, user):
        child = f.ChildFactory()
        before = f.db_snapshot()

        with pytest.raises(RuleBroken):
            add(user, child, child)

        assert f.db_snapshot() == before

    def test_the_same_relationship_twice_is_refused(self, user):
        child, mother = f.ChildFactory(), f.AdultFactory()
        add(user, child, mother)
        before = f.db_snapshot()

        with pytest.raises(RuleBroken):
            add(user, child, mother)

        assert f.db_snapshot() == before

    def test_a_non_staff_user_is_refused(self):
        child, mother, outsider = f.ChildFactory(), f.AdultFactory(), f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            add(outsider, child, mother)

        assert f.db_snapshot() == before
