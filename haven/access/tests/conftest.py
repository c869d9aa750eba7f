"""A small authority with every role and every kind of relationship, built through the real
services where there is one (security reference 4.2's "world")."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest

from haven.access import services as access_services
from haven.core.tests import factories as f
from haven.meetings.models import InitialChildProtectionConference
from haven.people.models import Person, Relationship
from haven.workforce.models import Team, Worker

D = datetime.date


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    children: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)


def _worker(world: World, name: str, role: str, team: Team | None, **fields: Any) -> Worker:
    worker = f.WorkerFactory(
        role=role, team=team, full_name=name.replace("_", " ").title(), **fields
    )
    worker.user.username = name
    worker.user.save(update_fields=["username"])
    world.users[name] = worker.user
    return worker


def build_world() -> World:
    w = World()
    setup = f.staff_user(full_name="Setup Duty Worker")  # emergency duty: builds the history
    w.users["edt"] = setup
    north = f.TeamFactory(name="North")
    south = f.TeamFactory(name="South")
    w.teams.update(north=north, south=south)
    head = _worker(w, "sm", "SERVICE_MANAGER", None)
    tm_north = _worker(w, "tm_north", "TEAM_MANAGER", north, line_manager=head)
    tm_south = _worker(w, "tm_south", "TEAM_MANAGER", south)
    for team, manager in ((north, tm_north), (south, tm_south)):
        team.manager = manager
        team.save()
    sw_north = _worker(w, "sw_north", "SOCIAL_WORKER", north, line_manager=tm_north)
    _worker(w, "sw_north_colleague", "SOCIAL_WORKER", north, line_manager=tm_north)
    sw_south = _worker(w, "sw_south", "SOCIAL_WORKER", south, line_manager=tm_south)
    chair = _worker(w, "chair", "CONFERENCE_CHAIR", None, line_manager=head)
    _worker(w, "bs_north", "BUSINESS_SUPPORT", north, line_manager=tm_north)
    mash_team = f.TeamFactory(name="MASH", kind="MASH")
    _worker(w, "mash", "MASH_OFFICER", mash_team)
    _worker(w, "mash_manager", "MASH_MANAGER", mash_team)
    _worker(w, "leader", "SENIOR_LEADER", None)
    _worker(w, "dpo", "AUDITOR", None)
    _worker(w, "analyst", "PERFORMANCE_ANALYST", None)
    _worker(w, "sysadmin", "SYSTEM_ADMIN", None)
    _worker(w, "police", "PARTNER", None, partner_agency="POLICE")
    _worker(w, "school", "PARTNER", None, partner_agency="EDUCATION")
    w.users["non_staff"] = f.non_staff_user()
    w.users["left"] = f.LeftWorkerFactory(role="TEAM_MANAGER", team=north).user

    # Allocated to the North social worker, with a full history so every step URL has a
    # record to point at.
    north_child = f.ChildFactory(first_name="Nora", last_name="North")
    f.allocate(north_child, setup, sw_north, D(2026, 1, 5))
    plan = f.cp_plan(north_child, setup)
    w.objects.update(
        episode=plan.episode,
        assessment=f.start_assessment(plan.episode, setup),
        enquiry=plan.episode.section_47_enquiries.first(),
        plan=plan,
    )
    from haven.casework import services as casework_services

    w.objects["note"] = casework_services.case_note_add(
        acting_user=setup, child=north_child, title="Visit arranged", body="Home visit booked."
    )
    mother = f.AdultFactory(first_name="Mona", last_name="North")
    Relationship.objects.create(person=north_child, related_person=mother, kind="MOTHER")

    south_child = f.ChildFactory(first_name="Sid", last_name="South")
    f.allocate(south_child, setup, sw_south, D(2026, 1, 5))
    cin_episode = f.open_episode(south_child, setup, D(2026, 3, 2))
    w.objects["cin_plan"] = f.cin_plan(cin_episode, setup, D(2026, 3, 16))

    # In South, but the conference chair chairs its ICPC.
    chaired = f.ChildFactory(first_name="Cara", last_name="Chaired")
    f.allocate(chaired, setup, sw_south, D(2026, 1, 5))
    chaired_plan = f.cp_plan(chaired, setup)
    InitialChildProtectionConference.objects.filter(episode=chaired_plan.episode).update(
        chair=chair
    )

    # Nobody allocated yet; the North social worker is recording the referral.
    recorded = f.ChildFactory(first_name="Remi", last_name="Recorded", created_by=sw_north.user)
    f.open_episode(recorded, sw_north.user, D(2026, 3, 2))

    # Allocated in North, then restricted by the North manager (who keeps a named grant).
    restricted = f.ChildFactory(first_name="Rita", last_name="Restricted")
    f.allocate(restricted, setup, f.WorkerFactory(team=north, line_manager=tm_north))
    access_services.restriction_set(
        acting_user=tm_north.user,
        child=restricted,
        reason="HIGH_PROFILE",
        explanation="Media interest after a court case.",
    )

    w.children.update(
        north=north_child,
        mother=mother,
        south=south_child,
        chaired=chaired,
        recorded=recorded,
        restricted=restricted,
    )
    return w


@pytest.fixture
def world(db: Any) -> World:
    return build_world()
