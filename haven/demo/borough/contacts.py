"""Contacts to the hub (the front door), planned from the borough's referral history outwards.

Every referral in the history started as a contact the hub decided to refer: the census
referral *is* the hub's decision to accept, so the episode's referral date is the local date of
the decision (DfE CIN census guidance). A referral contact is planned for each episode referred
during the history (children of one household referred the same day from the same source share
one contact), decided REFERRAL, or STRATEGY when a strategy discussion was held that day. The
other contacts, about four in five (the size's contacts a year, reference 4.2), are about
children of the borough, some named again within a year (re-contacts), and end in no further
action, advice or early help. Contacts whose decision would fall after the as-of date's CUTOFF,
and a few older ones, are still undecided: the hub's live queue, some of it overdue.

Timing follows Working Together 2023 (reference 1.1): a decision within one working day of
receipt, or on the authority's clock for the contact's RAG rating (haven.statutory.triage, the
same arithmetic as haven.frontdoor.clocks.decision_due over the precomputed calendar). Most
decisions are on time and in office hours; some are late. Contacts come in on weekdays mostly,
in office hours mostly; police notifications at any hour. Nothing is dated after CUTOFF on the
as-of date. The hub's staff are the workforce's MASH officers (triage, requests) and MASH team
managers (decisions); partner practitioners send professional referrals and answer requests.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from haven.demo.borough import rates, text
from haven.demo.borough.calendar import FastCalendar
from haven.demo.borough.episodes import SimEpisode, summary_for
from haven.demo.borough.people import NamePools, PersonSpec, Population
from haven.demo.borough.workforce import Workforce
from haven.frontdoor.public import SOURCE_FOR_RELATIONSHIP, Relationship
from haven.statutory import triage

LONDON = ZoneInfo("Europe/London")
CUTOFF = time(10, 0)
"""The borough stands as it did at 10:00 on the as-of date: nothing is received, rated,
decided or answered later."""

OFFICE_OPENS = 8 * 60 + 30
OFFICE_CLOSES = 17 * 60 + 30
_EIGHTEEN_YEARS = 6574  # days, to the day or so: contacts are about children under 18

# Received hour of day: office hours heavier, late morning the peak; nights are police.
_HOURS_WORKING_DAY = rates.Weighted(
    list(
        enumerate(
            (0.6, 0.4, 0.3, 0.3, 0.3, 0.4, 0.6, 1.2, 3.0, 8.0, 10.0, 10.0)
            + (8.5, 8.5, 9.0, 9.0, 7.0, 4.0, 2.5, 2.0, 1.8, 1.5, 1.2, 0.8)
        )
    )
)
_HOURS_CLOSED_DAY = rates.Weighted(
    list(
        enumerate(
            (2.0, 1.6, 1.2, 1.0, 0.8, 0.8, 1.0, 1.5, 2.5, 3.5, 4.0, 4.2)
            + (4.2, 4.2, 4.2, 4.2, 4.0, 4.0, 3.8, 3.6, 3.4, 3.2, 2.8, 2.4)
        )
    )
)
_CLOSED_DAY_SHARE = 0.3  # contacts on a weekend or bank holiday, per day, against a working day

_CHANNELS: dict[str, rates.Weighted[str]] = {
    "6": rates.Weighted(
        [("PARTNER_API", 50.0), ("PROFESSIONAL_FORM", 15.0), ("EMAIL", 20.0), ("PHONE", 15.0)]
    ),
    "2": rates.Weighted([("PROFESSIONAL_FORM", 55.0), ("PHONE", 25.0), ("EMAIL", 20.0)]),
    "3": rates.Weighted([("PROFESSIONAL_FORM", 45.0), ("PHONE", 30.0), ("EMAIL", 25.0)]),
    "4": rates.Weighted([("PROFESSIONAL_FORM", 40.0), ("PHONE", 30.0), ("EMAIL", 30.0)]),
    "7": rates.Weighted([("PROFESSIONAL_FORM", 40.0), ("PHONE", 30.0), ("EMAIL", 30.0)]),
    "5": rates.Weighted([("PHONE", 50.0), ("EMAIL", 50.0)]),
    "8": rates.Weighted([("PHONE", 50.0), ("EMAIL", 50.0)]),
    "1": rates.Weighted([("PHONE", 60.0), ("PUBLIC_FORM", 40.0)]),
    "9": rates.Weighted([("PHONE", 50.0), ("PUBLIC_FORM", 50.0)]),
    "10": rates.Weighted([("PHONE", 70.0), ("EMAIL", 30.0)]),
}
# The partner agency behind each professional source group (haven.frontdoor.services
# AGENCY_SOURCES: the census codes each agency refers under).
_AGENCY_OF_GROUP = {
    "6": "POLICE",
    "2": "EDUCATION",
    "3": "HEALTH",
    "4": "HOUSING",
    "7": "PROBATION",
}
_PROFESSIONAL_GROUPS = frozenset({"2", "3", "4", "5", "6", "7", "8"})
_PUBLIC_RELATIONSHIP = {source.value: rel for rel, source in SOURCE_FOR_RELATIONSHIP.items()}

_RELATIONSHIP_WORDS = {
    "MOTHER": "Mother",
    "FATHER": "Father",
    "STEP_PARENT": "Step-parent",
    "PARENTS_PARTNER": "Mother's partner",
    "GRANDPARENT": "Grandmother",
    "CARER": "Carer",
}
_RAG_FOR: dict[str, rates.Weighted[str]] = {
    "NFA": rates.Weighted([("RED", 1.0), ("AMBER", 25.0), ("GREEN", 64.0), ("", 10.0)]),
    "ADVICE": rates.Weighted([("RED", 2.0), ("AMBER", 35.0), ("GREEN", 53.0), ("", 10.0)]),
    "EARLY_HELP": rates.Weighted([("RED", 3.0), ("AMBER", 47.0), ("GREEN", 42.0), ("", 8.0)]),
    "REFERRAL": rates.Weighted([("RED", 20.0), ("AMBER", 62.0), ("GREEN", 6.0), ("", 12.0)]),
    "STRATEGY": rates.Weighted([("RED", 80.0), ("AMBER", 20.0)]),
}
_FAMILY_AWARE: dict[bool, rates.Weighted[str]] = {
    True: rates.Weighted([("YES", 50.0), ("NO", 25.0), ("NOT_KNOWN", 25.0)]),
    False: rates.Weighted([("YES", 20.0), ("NO", 45.0), ("NOT_KNOWN", 35.0)]),
}
_CONSENT = rates.Weighted([("YES", 45.0), ("NO", 15.0), ("NOT_ASKED", 40.0)])
_LAWFUL_BASIS = rates.Weighted(
    [("PUBLIC_TASK", 90.0), ("VITAL_INTERESTS", 5.0), ("LEGAL_OBLIGATION", 5.0)]
)
# (agency, chance the hub asks it) when the hub checks with partners before deciding.
_ASKED = (("POLICE", 0.7), ("HEALTH", 0.5), ("EDUCATION", 0.5), ("PROBATION", 0.08))
_ASKED_HOUSING = 0.08


@dataclass(slots=True)
class SimContactPerson:
    kind: str  # ContactPerson.Kind: CHILD or ADULT
    person: int  # index into the population
    first_name: str
    last_name: str
    date_of_birth: date | None
    age_description: str
    address: str
    postcode: str
    school: str
    relationship: str
    linked: bool  # the hub linked the person record
    episode: int | None = None  # index into the episodes: the referral this contact opened


@dataclass(slots=True)
class SimInformationRequest:
    agency: str
    question: str
    requested_at: datetime
    requested_by: int  # worker index
    due_at: datetime
    status: str
    answer: str = ""
    not_for_family: bool = False
    answered_at: datetime | None = None
    answered_by: int | None = None


@dataclass(slots=True)
class SimContact:
    received_at: datetime
    channel: str
    source: str
    concern: str
    family_aware: str
    due_at: datetime
    status: str = "DECIDED"
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_organisation: str = ""
    referrer_email: str = ""
    referrer_phone: str = ""
    referrer_relationship: str = ""
    partner_agency: str = ""
    tried_so_far: str = ""
    consent: str = ""
    consent_reason: str = ""
    lawful_basis: str = ""
    decision: str = ""
    decision_reason: str = ""
    decided_at: datetime | None = None
    decided_by: int | None = None  # worker index
    rag: str = ""
    rag_reason: str = ""
    triaged_at: datetime | None = None
    triaged_by: int | None = None
    recorded_by: int | None = None
    people: list[SimContactPerson] = field(default_factory=list)
    requests: list[SimInformationRequest] = field(default_factory=list)


def source_group(source: str) -> str:
    """The census source's group: "6" police, "2" education, "3" health, "1" individuals..."""
    return source if source in ("10", "4", "6", "7", "8", "9") else source[0]


def hold_in_queue(
    episodes: list[SimEpisode],
    *,
    count: int,
    assessment_teams: list[int],
    calendar: FastCalendar,
    as_of: date,
    rng: random.Random,
) -> list[int]:
    """Leave the ``count`` most recent referrals waiting in an assessment team's queue.

    The hub referred them in the last working days and nobody is allocated yet, so nothing has
    happened on them beyond the referral: no assessment, no meeting, no worker (the allocation
    sweep skips an episode without phases). Returns the indexes of the episodes held.
    """
    candidates = [
        index
        for index, episode in enumerate(episodes)
        if not episode.demo_case
        and not episode.nfa
        and episode.closure is None
        and episode.cp_plan is None
        and not episode.cin_plans
        and calendar.between(episode.referral, as_of) <= 5
    ]
    candidates.sort(key=lambda index: (episodes[index].referral, index), reverse=True)
    held = candidates[:count]
    for index in held:
        episode = episodes[index]
        episode.assessment = None
        episode.strategies = []
        episode.visits = []
        episode.notes = [note for note in episode.notes if note[0] == episode.referral][:1]
        episode.phases = []
        episode.referred_to_team = rng.choice(assessment_teams)
    return held


def hub_staff(workforce: Workforce) -> tuple[list[int], list[int]]:
    """The hub's officers (MASH officers and the hub's social workers: triage and requests) and
    its MASH team managers (the threshold decision), as worker indexes. Business support in
    the hub's team does neither."""
    officers: list[int] = []
    managers: list[int] = []
    for index, worker in enumerate(workforce.workers):
        if worker.team is None or workforce.teams[worker.team].kind != "MASH":
            continue
        if worker.role == "MASH_MANAGER":
            managers.append(index)
        elif worker.role in ("MASH_OFFICER", "SOCIAL_WORKER"):
            officers.append(index)
    return officers, managers


@dataclass(slots=True)
class _Timing:
    received: datetime
    decided: datetime
    rag: str
    triaged: datetime | None


class ContactPlanner:
    """Plans every contact of the history, in the order they came in."""

    def __init__(
        self,
        *,
        rng: random.Random,
        calendar: FastCalendar,
        population: Population,
        workforce: Workforce,
        episodes: list[SimEpisode],
        pools: NamePools,
        history_start: date,
        as_of: date,
        contacts_per_year: int,
        years: int,
        stuck: int,
        clocks: Mapping[str, triage.Clock] | None = None,
    ) -> None:
        self.rng = rng
        self.cal = calendar
        self.pop = population
        self.wf = workforce
        self.episodes = episodes
        self.pools = pools
        self.history_start = history_start
        self.as_of = as_of
        self.total = contacts_per_year * years
        self.stuck = stuck
        self.clocks: dict[str, triage.Clock] = {"": triage.UNRATED, **triage.DEFAULT_CLOCKS}
        self.clocks.update(clocks or {})
        self.cutoff = datetime.combine(as_of, CUTOFF, tzinfo=LONDON)
        self.start = datetime.combine(history_start, time(0, 0), tzinfo=LONDON)
        people = population.people
        # Siblings by household, and each child's adults (relationships are written child by
        # child, so each child's rows are one run of the list).
        self._siblings: dict[int, list[int]] = {}
        for child in population.children:
            self._siblings.setdefault(people[child].household, []).append(child)
        self._adults: dict[int, tuple[int, int]] = {}
        relationships = population.relationships
        run_start = 0
        for i in range(1, len(relationships) + 1):
            if i == len(relationships) or relationships[i][0] != relationships[run_start][0]:
                self._adults[relationships[run_start][0]] = (run_start, i)
                run_start = i
        self._eligible_children = [c for c in population.children if people[c].date_of_birth]
        officers, self._managers = hub_staff(workforce)
        self._officers = [
            (index, workforce.workers[index].start, workforce.workers[index].end)
            for index in officers
        ]
        self._officers_on: dict[int, list[int]] = {}
        self._recent: list[tuple[int, int]] = []  # (date ordinal, child), in date order

    # --- the whole plan -------------------------------------------------------------------

    def plan(self) -> list[SimContact]:
        rng = self.rng
        groups = self._referral_groups()
        referral_timings = [self._referral_timing(day, members) for day, members in groups]
        other_count = max(0, self.total - len(groups))
        sources = self._other_sources(groups, other_count)
        other_times = self._received_times(other_count)
        # Walk every contact in the order it came in, so that re-contacts look back in time.
        order: list[tuple[datetime, int, int]] = [
            (timing.received, 0, n) for n, timing in enumerate(referral_timings)
        ] + [(received, 1, n) for n, received in enumerate(other_times)]
        order.sort()
        contacts: list[SimContact] = []
        for _, kind, n in order:
            if kind == 0:
                contacts.append(self._referral_contact(groups[n][1], referral_timings[n]))
            else:
                contacts.append(self._other_contact(other_times[n], sources.pick(rng)))
        self._leave_stuck(contacts)
        self._ensure_open_requests(contacts)
        return contacts

    def _referral_groups(self) -> list[tuple[date, list[int]]]:
        """Episodes referred during the history, one group per contact (same day, household
        and source), in date order."""
        people = self.pop.people
        groups: dict[tuple[date, int, str], list[int]] = {}
        for index, episode in enumerate(self.episodes):
            if episode.referral < self.history_start:
                continue
            key = (episode.referral, people[episode.child].household, episode.source)
            groups.setdefault(key, []).append(index)
        return [(key[0], members) for key, members in sorted(groups.items())]

    def _other_sources(
        self, groups: list[tuple[date, list[int]]], count: int
    ) -> rates.Weighted[str]:
        """Sources for the other contacts, so that all contacts follow CONTACT_SOURCES."""
        referral_sources: dict[str, int] = {}
        for _, members in groups:
            source = self.episodes[members[0]].source
            referral_sources[source] = referral_sources.get(source, 0) + 1
        total = count + len(groups)
        weights = rates.CONTACT_SOURCES
        pairs = [
            (source, max(0.0, weight / weights.total * total - referral_sources.get(source, 0)))
            for source, weight in weights.pairs()
        ]
        if sum(weight for _, weight in pairs) <= 0:
            return weights
        return rates.Weighted(pairs)

    def _received_times(self, count: int) -> list[datetime]:
        rng = self.rng
        cal = self.cal
        span = (self.as_of - self.history_start).days + 1
        times: list[datetime] = []
        while len(times) < count:
            day = self.history_start + timedelta(days=rng.randrange(span))
            working = cal.is_working_day(day)
            if not working and rng.random() > _CLOSED_DAY_SHARE:
                continue
            hour = (_HOURS_WORKING_DAY if working else _HOURS_CLOSED_DAY).pick(rng)
            minutes = hour * 60 + rng.randrange(60)
            if day == self.as_of and minutes >= CUTOFF.hour * 60 + CUTOFF.minute:
                continue
            times.append(_at(day, minutes))
        times.sort()
        return times

    # --- timing ---------------------------------------------------------------------------

    def due(self, received: datetime, rag: str) -> datetime:
        """haven.frontdoor.clocks.decision_due over the precomputed calendar."""
        clock = self.clocks[rag]
        if clock.hours is not None:
            return received + timedelta(hours=clock.hours)
        day = self.cal.add(received.date(), clock.working_days or 0)
        return received.replace(year=day.year, month=day.month, day=day.day)

    def _in_office(self, moment: datetime) -> bool:
        minutes = moment.hour * 60 + moment.minute
        return self.cal.is_working_day(moment.date()) and OFFICE_OPENS <= minutes < OFFICE_CLOSES

    def _next_opening(self, moment: datetime) -> datetime:
        day = moment.date()
        minutes = moment.hour * 60 + moment.minute
        if not self.cal.is_working_day(day) or minutes >= OFFICE_CLOSES:
            day = (
                self.cal.add(day, 1) if self.cal.is_working_day(day) else self.cal.on_or_after(day)
            )
        elif minutes >= OFFICE_OPENS:
            return moment
        return _at(day, OFFICE_OPENS + self.rng.randint(0, 75))

    def _last_closing(self, moment: datetime) -> datetime:
        day = moment.date()
        minutes = moment.hour * 60 + moment.minute
        if not self.cal.is_working_day(day) or minutes < OFFICE_OPENS:
            day = self.cal.on_or_before(day - timedelta(days=1))
        elif minutes < OFFICE_CLOSES:
            return moment
        return _at(day, OFFICE_CLOSES - self.rng.randint(1, 75))

    def _decision_time(self, start: datetime, due: datetime, rag: str) -> datetime:
        """When the hub decides: mostly in office hours before the clock runs out, sometimes
        late; red contacts within hours, at any hour (the emergency duty team at night)."""
        rng = self.rng
        late = rng.random() < rates.DECISION_LATE_RATE or due <= start
        if rag == "RED":
            if late:
                return due + timedelta(minutes=rng.randint(15, 600))
            return start + (due - start) * rng.uniform(0.1, 0.95)
        if late:
            return self._next_opening(max(due, start) + timedelta(minutes=rng.randint(10, 36 * 60)))
        moment = start + (due - start) * rng.betavariate(1.3, 2.5)
        if self._in_office(moment):
            return moment
        opening = self._next_opening(moment)
        if opening < due:
            return opening
        closing = self._last_closing(moment)
        return closing if closing > start else moment

    def _triage_time(self, received: datetime, rag: str) -> datetime:
        """Rated within the hour or two in office hours, otherwise when the office opens; a
        child who may be at risk now is rated at once, at any hour (the emergency duty team)."""
        if rag == "RED":
            return received + timedelta(minutes=self.rng.randint(5, 40))
        if self._in_office(received):
            return received + timedelta(minutes=self.rng.randint(5, 100))
        return max(self._next_opening(received), received + timedelta(minutes=5))

    def _referral_timing(self, day: date, members: list[int]) -> _Timing:
        """The referral date is the day of the decision; the contact came in before it."""
        rng = self.rng
        cal = self.cal
        strategy = any(s.held == day for m in members for s in self.episodes[m].strategies)
        rag = _RAG_FOR["STRATEGY" if strategy else "REFERRAL"].pick(rng)
        if day == self.as_of:
            decided = _at(day, 7 * 60 + 30 + rng.randint(0, 140))
        elif cal.is_working_day(day):
            decided = _at(day, OFFICE_OPENS + int(rng.betavariate(1.4, 2.2) * 540))
        else:
            decided = _at(day, 9 * 60 + rng.randint(0, 12 * 60))
        u = rng.random()
        if rag == "RED":
            minutes = rng.randint(25, 230) if u < 0.88 else rng.randint(250, 900)
            received = decided - timedelta(minutes=minutes)
        elif u < 0.5 and decided.hour >= 8:
            earliest = _at(day, 7 * 60)
            received = earliest + (decided - earliest) * rng.uniform(0.0, 0.9)
        else:
            # The working day before (a few days before: late), in the afternoon mostly.
            before = cal.subtract(day, 1 if u < 0.9 else rng.randint(2, 4))
            received = _at(before, 11 * 60 + rng.randint(0, 390))
        if received < self.start or received >= decided:
            received = decided - timedelta(minutes=rng.randint(20, 120))
        triaged = received + (decided - received) * rng.uniform(0.05, 0.5) if rag else None
        return _Timing(received=received, decided=decided, rag=rag, triaged=triaged)

    # --- one contact ----------------------------------------------------------------------

    def _referral_contact(self, members: list[int], timing: _Timing) -> SimContact:
        episodes = self.episodes
        first = episodes[members[0]]
        decided = timing.decided
        strategy = any(s.held == first.referral for m in members for s in episodes[m].strategies)
        decision = "STRATEGY" if strategy else "REFERRAL"
        contact = self._new_contact(timing.received, first.source, first.summary, timing.rag)
        for member in members:
            child = episodes[member].child
            person = self._describe_child(contact, child, linked=True)
            person.episode = member
            contact.people.append(person)
            episodes[member].from_hub = True
            self._remember(timing.received, child)
        self._add_adults(contact, first.child, linked=True)
        self._triage(contact, timing.triaged)
        self._decide(contact, decision, decided)
        self._requests_before_decision(contact)
        return contact

    def _other_contact(self, received: datetime, source: str) -> SimContact:
        rng = self.rng
        decision = rates.NON_REFERRAL_DECISIONS.pick(rng)
        rag = _RAG_FOR[decision].pick(rng)
        group = source_group(source)
        serious = decision == "EARLY_HELP" and rng.random() < 0.5
        concern = (
            summary_for(source, rng)
            if serious or rng.random() < 0.15
            else rng.choice(text.CONTACT_CONCERNS.get(group, text.CONTACT_CONCERNS["10"]))
        )
        contact = self._new_contact(received, source, concern, rag)
        child = self._pick_child(received.date())
        if child is None:  # pragma: no cover - every borough has children of every age
            raise RuntimeError("No child to make a contact about")
        children = [child]
        wanted = rates.CONTACT_CHILDREN.pick(rng)
        if wanted > 1:
            siblings = [
                c
                for c in self._siblings.get(self.pop.people[child].household, ())
                if c != child and self._eligible(c, received.date())
            ]
            rng.shuffle(siblings)
            children.extend(siblings[: wanted - 1])
        triaged = self._triage_time(received, rag) if rag else None
        start = triaged or received
        decided = self._decision_time(start, contact.due_at, rag)
        open_now = decided > self.cutoff or (triaged is not None and triaged > self.cutoff)
        for c in children:
            contact.people.append(self._describe_child(contact, c, linked=not open_now))
            self._remember(received, c)
        self._add_adults(contact, child, linked=not open_now)
        if open_now:
            self._leave_open(
                contact, triaged if triaged is not None and triaged < self.cutoff else None
            )
        else:
            self._triage(contact, triaged)
            self._decide(contact, decision, decided)
            self._requests_before_decision(contact)
        return contact

    def _new_contact(self, received: datetime, source: str, concern: str, rag: str) -> SimContact:
        rng = self.rng
        group = source_group(source)
        channel = _CHANNELS[group].pick(rng)
        agency = _AGENCY_OF_GROUP.get(group, "")
        if channel == "PROFESSIONAL_FORM" and not self.wf.partners.get(agency):
            channel = "EMAIL"
        professional = group in _PROFESSIONAL_GROUPS
        contact = SimContact(
            received_at=received,
            channel=channel,
            source=source,
            concern=concern,
            family_aware=_FAMILY_AWARE[professional].pick(rng),
            due_at=self.due(received, rag),
            rag=rag,
        )
        self._referrer(contact, group, agency)
        return contact

    def _referrer(self, contact: SimContact, group: str, agency: str) -> None:
        rng = self.rng
        channel = contact.channel
        if channel in ("PHONE", "EMAIL"):
            contact.recorded_by = self._officer(contact.received_at.date())
        if group in _PROFESSIONAL_GROUPS:
            if channel == "PROFESSIONAL_FORM":
                partner = rng.choice(self.wf.partners[agency])
                contact.recorded_by = partner
                name = self.wf.workers[partner].full_name
            else:
                name = self._name()
            organisation = rng.choice(text.SOURCE_ORGANISATIONS[group])
            contact.referrer_name = name
            contact.referrer_role = rng.choice(text.PROFESSIONAL_TITLES[group])
            contact.referrer_organisation = organisation
            domain = re.sub(r"[^a-z]+", "", organisation.lower())[:20]
            contact.referrer_email = f"{_email_name(name)}@{domain}.example.org"
            contact.referrer_phone = f"01632 960{rng.randint(0, 999):03d}"
            if channel in ("PROFESSIONAL_FORM", "PARTNER_API"):
                contact.partner_agency = agency
                self._sharing(contact)
            return
        if group == "10":
            return
        if channel == "PUBLIC_FORM":
            relationship = _PUBLIC_RELATIONSHIP.get(contact.source, Relationship.OTHER)
            contact.referrer_relationship = str(Relationship(relationship).label)
        else:
            contact.referrer_relationship = rng.choice(
                text.CALLER_RELATIONSHIPS.get(contact.source, ("Member of the public",))
            )
        if contact.source == "9":
            return
        name = self._name()
        if rng.random() < 0.85:
            contact.referrer_name = name
        contact.referrer_phone = f"07700 900{rng.randint(0, 999):03d}"
        if rng.random() < 0.4:
            contact.referrer_email = f"{_email_name(name)}@example.com"

    def _sharing(self, contact: SimContact) -> None:
        """A partner's referral says whether the family agrees and the lawful basis for sharing
        (DfE "Information sharing" advice, 2024; security R38)."""
        rng = self.rng
        if contact.channel == "PARTNER_API":
            contact.consent = "NOT_ASKED"
            contact.consent_reason = (
                "Police notification after an incident; the family were told it would be shared."
            )
            contact.lawful_basis = "PUBLIC_TASK"
            return
        contact.tried_so_far = rng.choice(text.TRIED_SO_FAR)
        contact.consent = _CONSENT.pick(rng)
        if contact.consent != "YES":
            contact.consent_reason = rng.choice(text.CONSENT_REASONS)
            contact.lawful_basis = _LAWFUL_BASIS.pick(rng)
        else:
            contact.lawful_basis = "CONSENT" if rng.random() < 0.2 else "PUBLIC_TASK"

    def _name(self) -> str:
        rng = self.rng
        pools = self.pools
        female = rng.random() < 0.7
        first = rng.choice(pools.female["GB"] if female else pools.male["GB"])
        return f"{first} {rng.choice(pools.surnames['GB'])}"

    # --- people -----------------------------------------------------------------------------

    def _eligible(self, child: int, on: date) -> bool:
        person = self.pop.people[child]
        born = person.date_of_birth
        if born is None or born >= on or (on - born).days >= _EIGHTEEN_YEARS:
            return False
        return person.date_of_death is None or person.date_of_death > on

    def _pick_child(self, on: date) -> int | None:
        rng = self.rng
        if self._recent and rng.random() < rates.RE_CONTACT_RATE:
            low = bisect.bisect_left(self._recent, on.toordinal() - 365, key=lambda r: r[0])
            if low < len(self._recent):
                for _ in range(10):
                    child = self._recent[rng.randrange(low, len(self._recent))][1]
                    if self._eligible(child, on):
                        return child
        children = self._eligible_children
        for _ in range(200):
            child = children[rng.randrange(len(children))]
            if self._eligible(child, on):
                return child
        return None

    def _remember(self, received: datetime, child: int) -> None:
        self._recent.append((received.toordinal(), child))

    def _describe_child(self, contact: SimContact, child: int, *, linked: bool) -> SimContactPerson:
        """The child as the referrer described them: professionals usually know the date of
        birth and address, members of the public often give an age instead."""
        rng = self.rng
        person = self.pop.people[child]
        on = contact.received_at.date()
        professional = source_group(contact.source) in _PROFESSIONAL_GROUPS
        line, postcode = self._address(person, on)
        known = 0.92 if professional else 0.35
        first_name = (
            person.known_as if person.known_as and rng.random() < 0.5 else person.first_name
        )
        last_name = person.last_name if professional or rng.random() < 0.9 else ""
        born = person.date_of_birth
        dob: date | None = None
        description = ""
        school = ""
        if born is None:
            expected = person.expected_date_of_birth
            first_name = ""
            description = f"Unborn, due {expected:%d %B %Y}" if expected else "Unborn"
        else:
            age = int((on - born).days / 365.25)
            if rng.random() < known:
                dob = born
            else:
                description = "A baby" if age < 1 else f"About {age}"
            if 4 <= age < 17 and (source_group(contact.source) == "2" or rng.random() < 0.5):
                school = (
                    contact.referrer_organisation
                    if source_group(contact.source) == "2"
                    else rng.choice(text.PROFESSIONAL_ORGANISATIONS["SCHOOL"])
                )
        address_known = rng.random() < (0.9 if professional else 0.6)
        return SimContactPerson(
            kind="CHILD",
            person=child,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=dob,
            age_description=description,
            address=line if address_known else "",
            postcode=postcode if address_known and rng.random() < 0.9 else "",
            school=school,
            relationship="",
            linked=linked,
        )

    def _address(self, person: PersonSpec, on: date) -> tuple[str, str]:
        household = self.pop.households[person.household]
        if household.previous is not None and on < household.since:
            line_1, line_2, town, postcode, _ = household.previous
        else:
            line_1, line_2, town, postcode = (
                household.line_1,
                household.line_2,
                household.town,
                household.postcode,
            )
        return ", ".join(part for part in (line_2, line_1, town) if part), postcode

    def _add_adults(self, contact: SimContact, child: int, *, linked: bool) -> None:
        rng = self.rng
        wanted = rates.CONTACT_ADULTS.pick(rng)
        if not wanted or child not in self._adults:
            return
        start, end = self._adults[child]
        rows = sorted(self.pop.relationships[start:end], key=lambda r: not r[4])
        people = self.pop.people
        on = contact.received_at.date()
        professional = source_group(contact.source) in _PROFESSIONAL_GROUPS
        child_line, child_postcode = self._address(people[child], on)
        for _, adult, kind, _, lives, _ in rows[:wanted]:
            spec = people[adult]
            contact.people.append(
                SimContactPerson(
                    kind="ADULT",
                    person=adult,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    date_of_birth=spec.date_of_birth
                    if rng.random() < (0.5 if professional else 0.1)
                    else None,
                    age_description="",
                    address=child_line if lives else "",
                    postcode=child_postcode if lives else "",
                    school="",
                    relationship=_RELATIONSHIP_WORDS.get(kind, "Relative"),
                    linked=linked,
                )
            )

    # --- the hub's work -----------------------------------------------------------------------

    def _officer(self, on: date) -> int:
        """A hub officer in post on the day (the demo hub officer stays throughout)."""
        ordinal = on.toordinal()
        in_post = self._officers_on.get(ordinal)
        if in_post is None:
            in_post = [
                index
                for index, started, ended in self._officers
                if started <= on and (ended is None or on < ended)
            ] or [self.wf.demo_hub_officer]
            self._officers_on[ordinal] = in_post
        return self.rng.choice(in_post)

    def _triage(self, contact: SimContact, triaged: datetime | None) -> None:
        """Rated (and the clock set for the rating), or never rated: the statutory day."""
        if not contact.rag or triaged is None:
            contact.rag = ""
            contact.rag_reason = ""
            contact.triaged_at = None
            contact.triaged_by = None
            contact.due_at = self.due(contact.received_at, "")
            return
        contact.triaged_at = triaged
        contact.triaged_by = self._officer(triaged.date())
        contact.rag_reason = self.rng.choice(text.RAG_REASONS[contact.rag])
        contact.due_at = self.due(contact.received_at, contact.rag)

    def _decide(self, contact: SimContact, decision: str, decided: datetime) -> None:
        rng = self.rng
        contact.status = "DECIDED"
        contact.decision = decision
        contact.decision_reason = rng.choice(text.DECISION_REASONS[decision])
        contact.decided_at = decided
        contact.decided_by = rng.choice(self._managers)

    def _leave_open(self, contact: SimContact, triaged: datetime | None) -> None:
        """Still in the hub's queue at the cutoff: new, or rated and being checked with the
        partner agencies. People are linked as the hub finds their records."""
        rng = self.rng
        if triaged is None or rng.random() < 0.3:
            contact.status = "NEW"
            self._triage(contact, None)
            for person in contact.people:
                person.linked = False
            return
        contact.status = "IN_PROGRESS"
        contact.rag = contact.rag or rng.choice(("AMBER", "GREEN"))
        self._triage(contact, triaged)
        for person in contact.people:
            person.linked = rng.random() < 0.5
        if rng.random() < 0.6:
            for agency in self._agencies(contact):
                self._open_request(contact, agency, triaged)

    def _leave_stuck(self, contacts: list[SimContact]) -> None:
        """A few older contacts still undecided: overdue at the top of the queue."""
        rng = self.rng
        low = self.cal.subtract(self.cal.on_or_before(self.as_of), 15)
        high = self.cal.subtract(self.cal.on_or_before(self.as_of), 3)
        candidates = [
            c
            for c in contacts
            if c.decision in ("NFA", "ADVICE", "EARLY_HELP") and low <= c.received_at.date() <= high
        ]
        for contact in rng.sample(candidates, min(self.stuck, len(candidates))):
            contact.decision = ""
            contact.decision_reason = ""
            contact.decided_at = None
            contact.decided_by = None
            contact.requests = []
            triaged = contact.triaged_at or self._triage_time(contact.received_at, contact.rag)
            self._leave_open(contact, triaged if triaged < self.cutoff else None)

    def _ensure_open_requests(self, contacts: list[SimContact]) -> None:
        """Police and schools each have at least one request waiting for an answer, so their
        demo practitioners have something to answer."""
        open_contacts = [c for c in contacts if c.status != "DECIDED"]
        for agency in ("POLICE", "EDUCATION"):
            if any(
                r.agency == agency and r.status == "OPEN" for c in open_contacts for r in c.requests
            ):
                continue
            for contact in reversed(open_contacts):
                if any(r.agency == agency for r in contact.requests):
                    continue
                asked = (
                    contact.triaged_at
                    or contact.received_at + (self.cutoff - contact.received_at) / 2
                )
                contact.status = "IN_PROGRESS"
                self._open_request(contact, agency, asked, status="OPEN")
                break

    def _agencies(self, contact: SimContact) -> list[str]:
        rng = self.rng
        school_age = any(
            p.kind == "CHILD"
            and p.date_of_birth is not None
            and 4 <= (contact.received_at.date() - p.date_of_birth).days / 365.25 < 17
            for p in contact.people
        )
        chosen = [
            agency
            for agency, chance in _ASKED
            if rng.random() < (chance if agency != "EDUCATION" or school_age else 0.1)
        ]
        if rng.random() < _ASKED_HOUSING:
            chosen.append("HOUSING")
        return chosen or ["POLICE"]

    def _request_due(self, asked: datetime, rag: str) -> datetime:
        if rag == "RED":
            return asked + timedelta(hours=2)
        day = self.cal.add(asked.date(), 1)
        return asked.replace(year=day.year, month=day.month, day=day.day)

    def _open_request(
        self, contact: SimContact, agency: str, after: datetime, status: str = ""
    ) -> None:
        rng = self.rng
        asked = after + timedelta(minutes=rng.randint(5, 90))
        if asked >= self.cutoff:
            asked = after + (self.cutoff - after) / 2
        due = self._request_due(asked, contact.rag)
        request = SimInformationRequest(
            agency=agency,
            question=rng.choice(text.INFORMATION_QUESTIONS[agency]),
            requested_at=asked,
            requested_by=self._officer(asked.date()),
            due_at=due,
            status="OPEN",
        )
        answered_share = 0.5 if due < self.cutoff else 0.3
        if not status and rng.random() < answered_share:
            self._answer(request, asked + (min(due, self.cutoff) - asked) * rng.uniform(0.2, 0.9))
        contact.requests.append(request)

    def _requests_before_decision(self, contact: SimContact) -> None:
        """Checks with partner agencies before the decision, answered (or withdrawn) by then."""
        rng = self.rng
        decided = contact.decided_at
        if decided is None or not contact.rag:
            return
        chance = 0.3 if contact.rag in ("RED", "AMBER") else 0.08
        if rng.random() >= chance:
            return
        start = contact.triaged_at or contact.received_at
        for agency in self._agencies(contact):
            asked = start + (decided - start) * rng.uniform(0.02, 0.3)
            request = SimInformationRequest(
                agency=agency,
                question=rng.choice(text.INFORMATION_QUESTIONS[agency]),
                requested_at=asked,
                requested_by=self._officer(asked.date()),
                due_at=self._request_due(asked, contact.rag),
                status="WITHDRAWN",
            )
            if rng.random() < 0.95:
                self._answer(request, asked + (decided - asked) * rng.uniform(0.3, 0.95))
            contact.requests.append(request)

    def _answer(self, request: SimInformationRequest, at: datetime) -> None:
        rng = self.rng
        request.status = "ANSWERED"
        request.answered_at = at
        request.answered_by = rng.choice(self.wf.partners[request.agency])
        request.answer = rng.choice(text.INFORMATION_ANSWERS[request.agency])
        request.not_for_family = request.agency == "POLICE" and rng.random() < 0.3


def _at(day: date, minutes: int) -> datetime:
    return datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=LONDON)


def _email_name(name: str) -> str:
    return re.sub(r"[^a-z.]+", "", name.lower().replace(" ", "."))
