"""Generating the synthetic borough: the one write the demo app makes.

The whole generation runs in one transaction, so a failure leaves the database as it was. The
random choices come from :class:`random.Random` streams seeded from the seed and a stage name
(string seeds hash with SHA-512, so they do not depend on ``PYTHONHASHSEED``), and Faker is
seeded per instance: the same size, seed and as-of date give the same borough.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from config.env import env
from haven.assessments.models import Assessment, AssessmentFactor
from haven.casework.models import CaseNote, Visit
from haven.demo.borough import rates
from haven.demo.borough.allocation import Allocator
from haven.demo.borough.calendar import FastCalendar
from haven.demo.borough.caseload import build_demo_cases, reserve_children
from haven.demo.borough.contacts import ContactPlanner, SimContact, hold_in_queue
from haven.demo.borough.copy import CopyWriter
from haven.demo.borough.episodes import EpisodeSimulator, ReferralStream, SimEpisode, cut_at
from haven.demo.borough.people import NamePools, Population, PopulationBuilder
from haven.demo.borough.rows import RowWriter
from haven.demo.borough.sizes import SIZES, SizeConfig
from haven.demo.borough.workforce import DEMO_SERVICE_MANAGER, Workforce, WorkforceBuilder
from haven.demo.models import BoroughGeneration
from haven.frontdoor.clocks import clock_for
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest
from haven.meetings.models import (
    CoreGroupMeeting,
    InitialChildProtectionConference,
    MeetingAttendance,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from haven.people.models import (
    Address,
    Person,
    PersonDisability,
    ProfessionalInvolvement,
    Relationship,
)
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan, PreProceedings
from haven.referrals.models import EpisodeOfNeed
from haven.statutory import triage
from haven.statutory.calendar import add_months, england_and_wales_bank_holidays
from haven.statutory.calendar import build_calendar as build_statutory_calendar
from haven.workforce.models import Allocation, Team, Worker

SYSTEM_USERNAME = "haven-generator"
DEFAULT_DEMO_PASSWORD = "haven-demo-2026"  # nosec B105 # noqa: S105 - published demo password


def demo_password() -> str:
    """The demo accounts' password: HAVEN_DEMO_PASSWORD, or the published default."""
    return str(env.str("HAVEN_DEMO_PASSWORD", default=DEFAULT_DEMO_PASSWORD))


class BoroughError(Exception):
    """The borough cannot be generated as asked (bad size or date, or a borough exists)."""


class BoroughExistsError(BoroughError):
    def __init__(self, existing: BoroughGeneration) -> None:
        self.existing = existing
        super().__init__(str(existing))


@dataclass(frozen=True)
class History:
    """The dates the borough's history covers."""

    start: date
    as_of: date


WARM_UP_YEARS = 3
"""Years simulated before the history starts, so that the borough starts in a steady state:
cases open at the start (with their earlier referrals), long plans, a workforce mid-turnover.
Episodes that closed before the history starts are dropped."""


def history_for(size: SizeConfig, as_of: date) -> History:
    """History from ``years`` before ``as_of`` (the day after) to ``as_of``.

    Raises BoroughError if it would run outside the bank holidays Haven ships, because
    working days could not be counted there (reference 1.5).
    """
    start = add_months(as_of, -12 * size.years) + timedelta(days=1)
    holidays = england_and_wales_bank_holidays()
    first_year, last_year = min(holidays).year, max(holidays).year
    simulated_from = add_months(start, -12 * WARM_UP_YEARS)
    if simulated_from.year <= first_year or as_of.year > last_year:
        earliest = first_year + 1 + size.years + WARM_UP_YEARS
        raise BoroughError(
            f"The {size.name} borough simulates {size.years + WARM_UP_YEARS} years back from "
            f"the as-of date, and Haven's bank holiday calendar covers {first_year} to "
            f"{last_year}: choose an as-of date from {earliest}-01-01 to {last_year}-12-31."
        )
    return History(start=start, as_of=as_of)


def _stream(seed: int, stage: str) -> random.Random:
    return random.Random(f"haven-borough:{seed}:{stage}")  # nosec B311 # noqa: S311 - synthetic data only


@dataclass
class SimulatedBorough:
    """Everything decided before a row is written."""

    pools: NamePools
    population: Population
    workforce: Workforce
    episodes: list[SimEpisode]
    contacts: list[SimContact]


def borough_simulate(
    *,
    size: SizeConfig,
    seed: int,
    history: History,
    clocks: dict[str, triage.Clock] | None = None,
) -> SimulatedBorough:
    """Decide the whole borough in memory: people, workforce, every episode and contact (no
    database). ``clocks`` are the hub's decision clocks by RAG rating ("" for not rated); the
    defaults are haven.statutory.triage's."""
    as_of = history.as_of
    warm_up_start = add_months(history.start, -12 * WARM_UP_YEARS)
    calendar = FastCalendar(
        build_statutory_calendar(),
        warm_up_start - timedelta(days=60),
        as_of + timedelta(days=6 * 366),
    )
    pools = NamePools(seed)
    population = PopulationBuilder(
        rng=_stream(seed, "people"),
        pools=pools,
        history_start=history.start,
        records_from=warm_up_start,
        as_of=as_of,
    ).build(children=size.child_records, unborn=size.unborn_children)
    workforce = WorkforceBuilder(
        rng=_stream(seed, "workforce"), pools=pools, history_start=warm_up_start, as_of=as_of
    ).build(size)
    caseload_rng = _stream(seed, "caseload")
    reserved = reserve_children(population, as_of, caseload_rng)
    demo_cases = build_demo_cases(reserved, calendar=calendar, as_of=as_of, rng=caseload_rng)

    rng = _stream(seed, "episodes")
    simulator = EpisodeSimulator(rng=rng, calendar=calendar, population=population, as_of=as_of)
    stream = ReferralStream(
        rng=rng,
        simulator=simulator,
        population=population,
        history_start=warm_up_start,
        as_of=as_of,
        reserved=set(reserved.values()),
    )
    years = size.years + WARM_UP_YEARS
    # (date, order, sequence, child or -1, pre-built episode or None)
    referrals: list[tuple[date, int, int, int, SimEpisode | None]] = [
        (day, 0, n, -1, None)
        for n, day in enumerate(stream.referral_dates(size.referrals_per_year * years))
    ]
    for n, unborn_child in enumerate(population.unborn):
        referrals.append((as_of - timedelta(days=rng.randint(3, 60)), 1, n, unborn_child, None))
    for n, episode in enumerate(demo_cases):
        referrals.append((episode.referral, 2, n, episode.child, episode))
    referrals.sort(key=lambda r: (r[0], r[1], r[2]))

    episodes: list[SimEpisode] = []
    for day, _, _, pinned_child, prebuilt in referrals:
        if prebuilt is not None:
            episode = prebuilt
        else:
            child: int | None = pinned_child if pinned_child >= 0 else stream.pick_child(day)
            if child is None:
                continue
            source = "3D" if pinned_child >= 0 else rates.REFERRAL_SOURCES.pick(rng)
            episode = simulator.simulate(child, day, source)
        cut_at(episode, as_of)
        stream.record(episode)
        if episode.closure is None or episode.closure >= history.start:
            episodes.append(episode)
        elif episode.reason == "RC2":
            population.people[episode.child].date_of_death = None  # its record is not kept
    hold_in_queue(
        episodes,
        count=size.waiting_referrals,
        assessment_teams=workforce.teams_of_kind("ASSESSMENT"),
        calendar=calendar,
        as_of=as_of,
        rng=_stream(seed, "queue"),
    )
    contacts = ContactPlanner(
        rng=_stream(seed, "contacts"),
        calendar=calendar,
        population=population,
        workforce=workforce,
        episodes=episodes,
        pools=pools,
        history_start=history.start,
        as_of=as_of,
        contacts_per_year=size.contacts_per_year,
        years=size.years,
        stuck=size.stuck_contacts,
        clocks=clocks,
    ).plan()
    return SimulatedBorough(
        pools=pools,
        population=population,
        workforce=workforce,
        episodes=episodes,
        contacts=contacts,
    )


def borough_generate(
    *,
    size: str,
    seed: int,
    as_of: date,
    progress: Callable[[str], None] | None = None,
) -> BoroughGeneration:
    """Generate the synthetic borough into an empty database, all or nothing.

    Raises BoroughError for an unknown size or an as-of date outside the calendar, and
    BoroughExistsError if this database already holds a borough.
    """
    if size not in SIZES:
        raise BoroughError(f"There is no borough size {size!r}: choose demo, medium or large.")
    config = SIZES[size]
    history = history_for(config, as_of)
    existing = BoroughGeneration.objects.order_by("pk").first()
    if existing is not None:
        raise BoroughExistsError(existing)
    say = progress or (lambda message: None)
    started_at = timezone.now()
    clock = time.perf_counter()

    # The authority's clocks for the hub's decisions, as haven.frontdoor.clocks applies them.
    clocks = {rating: clock_for(rating) for rating in ("", *triage.RATINGS)}
    simulated = borough_simulate(size=config, seed=seed, history=history, clocks=clocks)
    say(
        f"Simulated {len(simulated.episodes):,} referrals and {len(simulated.contacts):,} "
        f"contacts in {time.perf_counter() - clock:.1f}s"
    )
    allocations = Allocator(
        rng=_stream(seed, "allocation"), workforce=simulated.workforce, as_of=as_of
    ).run(simulated.episodes)
    say(f"Allocated cases ({len(allocations):,} allocations) at {time.perf_counter() - clock:.1f}s")

    writer = CopyWriter()
    with transaction.atomic():
        # The generated borough is the data's first record: no change history for the load
        # (see haven/core/migrations/0007_history_triggers.py).
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.skip_history = 'on'")
        writer.lock([BoroughGeneration, *_tables_written()])
        existing = BoroughGeneration.objects.order_by("pk").first()
        if existing is not None:  # pragma: no cover - another generation got there first
            raise BoroughExistsError(existing)
        system_user = _system_user(writer)
        worker_ids, team_ids, worker_users = _write_workforce(writer, simulated.workforce, config)
        # Teams and workers point at each other, so their foreign keys waited until both were
        # written. From here each COPY is checked as it ends (and leaves no pending trigger
        # events, which an index build would refuse).
        writer.constraints_immediate()
        rows = RowWriter(
            writer=writer,
            rng=_stream(seed, "rows"),
            pools=simulated.pools,
            population=simulated.population,
            workforce=simulated.workforce,
            worker_ids=worker_ids,
            team_ids=team_ids,
            episodes=simulated.episodes,
            allocations=allocations,
            system_user_id=system_user.pk,
            as_of=as_of,
            contacts=simulated.contacts,
            worker_users=worker_users,
        )
        rows.write_people()
        say(f"Wrote people at {time.perf_counter() - clock:.1f}s")
        rows.write_involvements()
        rows.write_casework()
        say(f"Wrote casework at {time.perf_counter() - clock:.1f}s")
        rows.write_contacts()
        say(f"Wrote contacts at {time.perf_counter() - clock:.1f}s")
        rows.write_allocations()
        writer.analyze(_tables_written())
        for table, seconds in sorted(writer.seconds.items(), key=lambda item: -item[1]):
            say(f"  {table}: {seconds:.1f}s")
        total = sum(writer.counts.values())
        generation = BoroughGeneration.objects.create(
            size=size,
            seed=seed,
            as_of=as_of,
            started_at=started_at,
            finished_at=timezone.now(),
            counts=dict(sorted(writer.counts.items())),
            rows_per_second=0.0,
        )
    # The commit is part of the work: time and speed are recorded once it is done.
    elapsed = time.perf_counter() - clock
    generation.finished_at = started_at + timedelta(seconds=elapsed)
    generation.rows_per_second = total / elapsed if elapsed > 0 else 0.0
    generation.save(update_fields=["finished_at", "rows_per_second"])
    return generation


def _tables_written() -> list[type[models.Model]]:
    return [
        Team,
        Worker,
        Person,
        PersonDisability,
        Address,
        Relationship,
        ProfessionalInvolvement,
        EpisodeOfNeed,
        Assessment,
        AssessmentFactor,
        StrategyDiscussion,
        Section47Enquiry,
        InitialChildProtectionConference,
        ChildProtectionPlan,
        ReviewConference,
        CoreGroupMeeting,
        MeetingAttendance,
        ChildInNeedPlan,
        PreProceedings,
        Visit,
        CaseNote,
        Allocation,
        Contact,
        ContactPerson,
        InformationRequest,
    ]


def _system_user(writer: CopyWriter) -> AbstractBaseUser:
    """The user every generated row is created by: no password, no staff access."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Borough", "last_name": "Generator", "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        writer.count(user_model, 1)
    return user


SETTINGS_GROUP = "Authority settings"
SETTINGS_PERMISSIONS = (
    ("core", "closureday"),
    ("core", "localtimescale"),
    ("workforce", "team"),
    ("workforce", "worker"),
)


def _grant_settings(user: Any) -> None:
    """The demo service manager may change the authority's settings in the admin (closure days,
    local timescales, teams and workers) through a group an administrator can inspect."""
    if user is None:
        return
    group, _ = Group.objects.get_or_create(name=SETTINGS_GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in SETTINGS_PERMISSIONS},
            content_type__model__in={model for _, model in SETTINGS_PERMISSIONS},
        )
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)


def _write_workforce(
    writer: CopyWriter, workforce: Workforce, size: SizeConfig
) -> tuple[list[int], list[int], dict[int, int]]:
    """Teams, workers and their users; returns the database ids of workers and teams, and the
    user id of each worker who has one (by worker index)."""
    user_model = get_user_model()
    password = demo_password()
    users: list[Any] = []
    owners: list[int] = []
    taken: set[str] = set()
    for index, worker in enumerate(workforce.workers):
        first, _, last = worker.full_name.partition(" ")
        if worker.username:
            username, hashed = worker.username, make_password(password)
        elif size.users_for_all_workers or worker.needs_user:
            stem = slugify(f"{first}.{last}").replace("-", ".") or "worker"
            username, n = stem, 1
            while username in taken:
                n += 1
                username = f"{stem}{n}"
            hashed = make_password(None)
        else:
            continue
        taken.add(username)
        users.append(
            user_model(
                username=username,
                first_name=first[:150],
                last_name=last[:150],
                password=hashed,
                is_active=worker.end is None,
            )
        )
        owners.append(index)
    created = user_model.objects.bulk_create(users)
    writer.count(user_model, len(created))
    _grant_settings(next((u for u in created if u.username == DEMO_SERVICE_MANAGER), None))
    user_of = {owner: user.pk for owner, user in zip(owners, created, strict=True)}

    team_base = writer.reserve_ids(Team, len(workforce.teams))
    worker_base = writer.reserve_ids(Worker, len(workforce.workers))
    team_ids = [team_base + i for i in range(len(workforce.teams))]
    worker_ids = [worker_base + i for i in range(len(workforce.workers))]
    writer.copy(
        Worker,
        (
            "id",
            "user",
            "full_name",
            "role",
            "registration_number",
            "is_agency",
            "fte",
            "team",
            "line_manager",
            "start_date",
            "end_date",
            "partner_agency",
        ),
        (
            (
                worker_ids[i],
                user_of.get(i),
                w.full_name,
                w.role,
                w.registration_number,
                w.is_agency,
                Decimal(str(w.fte)),
                team_ids[w.team] if w.team is not None else None,
                worker_ids[w.line_manager] if w.line_manager is not None else None,
                w.start,
                w.end,
                w.partner_agency,
            )
            for i, w in enumerate(workforce.workers)
        ),
    )
    writer.copy(
        Team,
        ("id", "name", "kind", "manager"),
        (
            (team_ids[i], t.name, t.kind, worker_ids[t.manager] if t.manager is not None else None)
            for i, t in enumerate(workforce.teams)
        ),
    )
    return worker_ids, team_ids, user_of
