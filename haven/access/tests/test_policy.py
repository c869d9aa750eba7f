"""Who sees which child, and why: one row per role and relationship (security R3-R7)."""

from __future__ import annotations

import pytest

from haven.access import policy
from haven.access.roles import Capability

pytestmark = pytest.mark.django_db

V, C, L, R = (
    Capability.VIEW_CASE,
    Capability.CHANGE_CASE,
    Capability.VIEW_ACCESS_LOG,
    Capability.RESTRICT,
)

# (user, child, capability, expected reason or None)
CASES = [
    ("sw_north", "north", V, policy.ALLOCATED_WORKER),
    ("sw_north", "north", C, policy.ALLOCATED_WORKER),
    ("sw_north", "north", L, None),  # a social worker does not see the access log
    ("sw_north", "mother", V, policy.FAMILY),
    ("sw_north", "south", V, None),
    ("sw_north", "chaired", V, None),
    ("sw_north", "recorded", V, policy.RECORDING_REFERRAL),
    ("sw_north", "restricted", V, None),  # in their team, but restricted
    ("sw_north_colleague", "north", V, policy.ALLOCATED_TEAM),
    ("sw_north_colleague", "recorded", V, policy.RECORDING_REFERRAL),  # the recorder's team
    ("bs_north", "north", C, policy.ALLOCATED_TEAM),
    ("tm_north", "north", V, policy.ALLOCATED_TEAM),
    ("tm_north", "north", L, policy.ALLOCATED_TEAM),
    ("tm_north", "restricted", V, policy.NAMED_GRANT),  # kept when they restricted it
    ("tm_north", "south", V, None),
    ("tm_south", "south", V, policy.ALLOCATED_TEAM),
    ("tm_south", "north", V, None),
    ("sm", "north", V, policy.MANAGEMENT_LINE),
    ("sm", "north", L, policy.MANAGEMENT_LINE),
    ("sm", "south", V, None),  # South's manager does not report to them
    ("chair", "chaired", V, policy.CONFERENCE_CHAIR),
    ("chair", "chaired", C, policy.CONFERENCE_CHAIR),
    ("chair", "north", V, None),
    ("mash", "north", V, None),
    ("leader", "north", V, policy.AUTHORITY_WIDE),
    ("leader", "north", C, None),  # senior leaders read, they do not record casework
    ("leader", "restricted", V, None),
    ("edt", "south", C, policy.AUTHORITY_WIDE),
    ("edt", "restricted", V, None),
    ("dpo", "north", V, None),  # the DPO sees who saw the record, not the record
    ("dpo", "north", L, policy.AUTHORITY_WIDE),
    ("dpo", "restricted", L, policy.AUTHORITY_WIDE),
    ("analyst", "north", V, None),
    ("sysadmin", "north", V, None),
    ("police", "north", V, None),
    ("non_staff", "north", V, None),
    ("left", "north", V, None),
]


@pytest.mark.parametrize(("user", "child", "capability", "expected"), CASES)
def test_who_sees_which_child_and_why(world, user, child, capability, expected):
    u, c = world.users[user], world.children[child]

    assert policy.access_reason(u, c, capability) == expected
    # The list filter gives the same answer as the one-child check (R4).
    visible = policy.children_visible_to(u, capability).filter(pk=c.pk).exists()
    assert visible == (expected is not None)


def test_a_superuser_without_a_worker_profile_sees_no_case(world):
    from haven.core.tests.factories import UserFactory

    admin = UserFactory(is_superuser=True, is_staff=True)

    assert not policy.children_visible_to(admin).exists()
    assert policy.has_capability(admin, Capability.MANAGE_SETTINGS)


def test_losing_the_relationship_removes_access_at_once(world):
    from haven.core.tests import factories as f

    sw = world.users["sw_north"]
    child = world.children["north"]
    assert policy.can_view_child(sw, child)

    f.allocate(child, world.users["edt"], world.users["sw_south"].worker, change_reason="CHANGE")

    assert not policy.can_view_child(sw, child)
    assert not policy.children_visible_to(sw).filter(pk=child.pk).exists()


def test_permissions_are_data_an_administrator_can_change(world):
    from haven.access.models import Role

    leader = world.users["leader"]
    assert not policy.can_change_child(leader, world.children["north"])
    role = Role.objects.get(code="SENIOR_LEADER")
    role.capabilities = [*role.capabilities, Capability.CHANGE_CASE]
    role.save()

    # At the next request, which loads the user afresh.
    leader = type(leader).objects.get(pk=leader.pk)
    assert policy.can_change_child(leader, world.children["north"])


def test_the_seeded_roles_match_the_defaults_and_cover_every_worker_role(db):
    import importlib

    from django.apps import apps

    from haven.access.models import Role
    from haven.access.roles import DEFAULT_ROLES
    from haven.workforce.models import Worker

    # Run the data migration's seeding again (a browser test's flush may have emptied the table).
    seed = importlib.import_module("haven.access.migrations.0002_default_roles").seed_roles
    seed(apps, None)
    rows = {r.code: r for r in Role.objects.all()}
    assert set(rows) == set(DEFAULT_ROLES) == set(Worker.Role.values)
    for code, definition in DEFAULT_ROLES.items():
        assert set(rows[code].capabilities) == set(definition.capabilities)
        assert rows[code].scope == definition.scope
