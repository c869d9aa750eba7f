"""Everyone a contact names as triaging, deciding, recording or answering has a user, at every
size (the large size gives users to the demo accounts, the hub and partners only)."""

from __future__ import annotations

import random
from datetime import date

import pytest

from haven.demo.borough.contacts import hub_staff
from haven.demo.borough.people import NamePools
from haven.demo.borough.sizes import SIZES
from haven.demo.borough.workforce import WorkforceBuilder


@pytest.mark.parametrize("size", sorted(SIZES))
def test_hub_staff_and_partners_all_have_users(size: str) -> None:
    workforce = WorkforceBuilder(
        rng=random.Random(1),  # noqa: S311 - synthetic data only
        pools=NamePools(1),
        history_start=date(2018, 11, 28),
        as_of=date(2026, 11, 27),
    ).build(SIZES[size])
    officers, managers = hub_staff(workforce)
    assert officers
    assert managers
    named = officers + managers + [p for agency in workforce.partners.values() for p in agency]
    for index in named:
        worker = workforce.workers[index]
        assert worker.needs_user or worker.username, (worker.role, worker.full_name)
    roles = {workforce.workers[index].role for index in officers}
    assert roles <= {"MASH_OFFICER", "SOCIAL_WORKER"}
    assert workforce.demo_hub_officer in officers
    assert workforce.demo_hub_manager in managers
    # Business support in the hub's team neither triages nor decides.
    support = [
        i
        for i, w in enumerate(workforce.workers)
        if w.role == "BUSINESS_SUPPORT"
        and w.team is not None
        and workforce.teams[w.team].kind == "MASH"
    ]
    assert not set(support) & set(officers + managers)
