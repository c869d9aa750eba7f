"""Changing a person's disabilities ends the old rows instead of deleting them (security R29)."""

import datetime

import pytest
from django.urls import reverse

from haven.core.errors import RuleBroken
from haven.core.models import HistoryRow
from haven.core.tests import factories as f
from haven.people import services
from haven.people.models import PersonDisability

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


def create(user, disabilities):
    return services.person_create(
        acting_user=user,
        first_name="Amy",
        last_name="Jones",
        sex="F",
        date_of_birth=D(2018, 6, 1),
        disabilities=disabilities,
    )


def update(user, child, disabilities):
    child.refresh_from_db()
    return services.person_update(
        acting_user=user,
        person=child,
        first_name=child.first_name,
        last_name=child.last_name,
        sex=child.sex,
        date_of_birth=child.date_of_birth,
        disabilities=disabilities,
    )


def current(child):
    return sorted(child.disabilities.current().values_list("code", flat=True))


def removed(child):
    return sorted(
        child.disabilities.filter(removed_at__isnull=False).values_list("code", flat=True)
    )


def test_a_code_no_longer_given_is_marked_removed_and_kept(user):
    child = create(user, ["MOB", "VIS"])
    kept = child.disabilities.get(code="MOB")

    update(user, child, ["MOB", "HEAR"])

    assert current(child) == ["HEAR", "MOB"]
    assert removed(child) == ["VIS"]
    assert child.disabilities.count() == 3
    assert child.disabilities.get(code="MOB").pk == kept.pk  # unchanged codes keep their row
    assert not HistoryRow.objects.filter(
        table_name="people_persondisability", operation="DELETE"
    ).exists()


def test_replacing_every_code_with_none_ends_them_all(user):
    child = create(user, ["MOB", "VIS"])

    update(user, child, ["NONE"])

    assert current(child) == ["NONE"]
    assert removed(child) == ["MOB", "VIS"]
    removed_at = set(
        child.disabilities.filter(removed_at__isnull=False).values_list("removed_at", flat=True)
    )
    assert len(removed_at) == 1
    assert next(iter(removed_at)).tzinfo is not None


def test_a_code_given_again_after_removal_is_a_new_row(user):
    child = create(user, ["AUT"])
    first = child.disabilities.get()

    update(user, child, ["NONE"])
    update(user, child, ["AUT"])

    assert current(child) == ["AUT"]
    assert removed(child) == ["AUT", "NONE"]
    assert child.disabilities.current().get().pk != first.pk
    first.refresh_from_db()
    assert first.removed_at is not None


def test_an_unchanged_list_changes_no_disability_rows(user):
    child = create(user, ["MOB"])
    before = list(PersonDisability.objects.values_list())

    update(user, child, ["MOB"])

    assert list(PersonDisability.objects.values_list()) == before


def test_a_refused_change_leaves_the_disabilities_as_they_were(user):
    child = create(user, ["MOB"])
    before = list(PersonDisability.objects.values_list())

    with pytest.raises(RuleBroken):
        update(user, child, ["MOB", "NONE"])  # census rule 8790

    assert list(PersonDisability.objects.values_list()) == before


def test_the_details_form_shows_only_current_codes(client, user):
    child = create(user, ["MOB", "VIS"])
    update(user, child, ["MOB"])

    form = (
        f.signed_in(client, user)
        .get(reverse("people:child_details", kwargs={"pk": child.pk}))
        .context["form"]
    )

    assert form.initial["disabilities"] == ["MOB"]
