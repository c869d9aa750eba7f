"""Reading the children in scope of a census year as census records (reference 2.1 and 2.2).

``census_children`` yields one :class:`~haven.census.records.CensusChild` per child in scope,
in id order, reading the database in batches of children with the same handful of queries per
batch however many children, episodes or modules there are, so memory stays flat at any
borough size and the export streams.

Scope (reference 2.1): every child with an episode of need that touches the census year,
that is one referred in the year (1 April to the reference date, 31 March) or one still open at
any point of it (referred before the reference date and not closed before 1 April). Each child
carries every such episode. Adults, and duplicate records merged into another record, are out;
restricted records are in (the return covers every child).

What the return says is what was known on the reference date: a module that starts after it is
left out, and an end date (closure, authorisation, plan end, a later ICPC or review) after it is
left out too, so the module shows as open on the reference date.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Left

from haven.assessments.models import Assessment
from haven.census.records import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusPreProceedings,
    CensusSection47,
)
from haven.census.years import CensusYear
from haven.meetings.models import InitialChildProtectionConference, Section47Enquiry
from haven.people.models import Person, PersonDisability
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan, PreProceedings
from haven.referrals.models import EpisodeOfNeed

__all__ = ["census_children", "fallback_la_child_id", "in_scope_episodes"]

# Ethnicity is required in the return (reference 2.2); a child whose ethnicity is not recorded
# is returned as NOBT, "information not yet obtained", which is what that code means.
ETHNICITY_NOT_OBTAINED = "NOBT"
# Sex is U while a child is unborn (rules 4180, 8750).
SEX_UNBORN = "U"


def in_scope_episodes(year: CensusYear) -> Q:
    """Episodes that touch the census year: referred on or before its reference date and not
    closed before its first day (reference 2.1: referred in the year, or open at its start)."""
    return Q(referral_date__lte=year.reference_date) & (
        Q(closure_date__isnull=True) | Q(closure_date__gte=year.start_date)
    )


def fallback_la_child_id(person_id: int, taken: set[str]) -> str:
    """The LAchildID of a child recorded without one (a bulk load, a record made before the
    field existed): ``HV`` and the record's number, as ``people.services`` gives a new child,
    with a letter added if another record already uses that ID. Letters and digits only, at
    most 20 characters (rules 1570/1580), and unique in the return (rule 8510)."""
    base = f"HV{person_id:08d}"
    for suffix in ["", *"ABCDEFGHJKLMNPQRSTUVWXYZ"]:
        candidate: str = base + suffix
        if candidate not in taken:
            return candidate
    # Only if someone typed all 25 variants of this record's ID by hand for other records.
    raise LookupError(f"No free LAchildID for record {person_id}")


def _factor_order(code: str) -> tuple[int, str]:
    """Sort key putting assessment factors in the DfE list's order: 1A, 1B, 2A, ..., 10A, 21."""
    number = "".join(itertools.takewhile(str.isdigit, code))
    return (int(number or 0), code)


def _before(day: datetime.date | None, limit: datetime.date) -> datetime.date | None:
    """`day` if it is on or before `limit` (the reference date), else None (not yet happened)."""
    return day if day is not None and day <= limit else None


def _scope_ids(year: CensusYear, person_ids: Iterable[int] | None) -> list[int]:
    """The ids of the children in scope, in id order: one query (a list of ints, small even
    for the largest authority; the records themselves are read batch by batch)."""
    touching = EpisodeOfNeed.objects.filter(in_scope_episodes(year)).values("child_id")
    children = Person.objects.filter(
        pk__in=touching, kind=Person.Kind.CHILD, merged_into__isnull=True
    )
    if person_ids is not None:
        children = children.filter(pk__in=list(person_ids))
    return list(children.order_by("pk").values_list("pk", flat=True))


def census_children(
    *, year: CensusYear, person_ids: Iterable[int] | None = None, batch_size: int = 2000
) -> Iterator[CensusChild]:
    """Every child in scope of `year` (or only those of `person_ids` that are in scope), in id
    order, each with every episode that touches the year and its modules."""
    if batch_size < 1:
        raise ValueError("batch_size must be 1 or more")
    ids = _scope_ids(year, person_ids)
    for start in range(0, len(ids), batch_size):
        yield from _batch(year, ids[start : start + batch_size])


def _batch(year: CensusYear, ids: Sequence[int]) -> Iterator[CensusChild]:
    """The census records of the children `ids` (all in scope): one query per table."""
    ref = year.reference_date
    people = list(
        Person.objects.filter(pk__in=ids)
        .order_by("pk")
        .values(
            "pk",
            "la_child_id",
            "upn",
            "former_upn",
            "upn_unknown_reason",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "date_of_death",
            "ethnicity",
        )
    )
    taken = _la_child_ids_taken([p["pk"] for p in people if not p["la_child_id"]])

    disabilities: dict[int, list[str]] = defaultdict(list)
    for person_id, code in (
        PersonDisability.objects.current()
        .filter(person_id__in=ids)
        .order_by("person_id", "code")
        .values_list("person_id", "code")
    ):
        disabilities[person_id].append(code)

    episodes = list(
        EpisodeOfNeed.objects.filter(in_scope_episodes(year), child_id__in=ids)
        .order_by("child_id", "referral_date", "pk")
        .values(
            "pk",
            "child_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "referral_nfa",
            "closure_date",
            "closure_reason",
        )
    )
    episode_ids = [e["pk"] for e in episodes]
    modules = _Modules(year, episode_ids)

    by_child: dict[int, list[CensusEpisode]] = defaultdict(list)
    for e in episodes:
        closure_date = _before(e["closure_date"], ref)
        by_child[e["child_id"]].append(
            CensusEpisode(
                episode_id=e["pk"],
                referral_date=e["referral_date"],
                referral_source=e["referral_source"],
                primary_need=e["primary_need"],
                closure_date=closure_date,
                closure_reason=e["closure_reason"] if closure_date else "",
                referral_nfa=e["referral_nfa"],
                icpc_date=modules.episode_icpc.get(e["pk"]),
                assessments=tuple(modules.assessments[e["pk"]]),
                cin_plans=tuple(modules.cin_plans[e["pk"]]),
                section47s=tuple(modules.section47s[e["pk"]]),
                cp_plans=tuple(modules.cp_plans[e["pk"]]),
                pre_proceedings=tuple(modules.pre_proceedings[e["pk"]]),
            )
        )

    for p in people:
        birth_date, expected_birth_date, sex = _birth(p, ref)
        yield CensusChild(
            person_id=p["pk"],
            la_child_id=p["la_child_id"] or fallback_la_child_id(p["pk"], taken),
            upn=p["upn"],
            former_upn=p["former_upn"],
            upn_unknown=p["upn_unknown_reason"],
            birth_date=birth_date,
            expected_birth_date=expected_birth_date,
            sex=sex,
            death_date=_before(p["date_of_death"], ref),
            ethnicity=p["ethnicity"] or ETHNICITY_NOT_OBTAINED,
            disabilities=tuple(disabilities[p["pk"]]),
            episodes=tuple(by_child[p["pk"]]),
        )


def _birth(
    person: Mapping[str, Any], ref: datetime.date
) -> tuple[datetime.date | None, datetime.date | None, str]:
    """Birth date, expected birth date and sex as on the reference date: a child born after it
    was still unborn then (ExpectedPersonBirthDate, Sex U; rules 8520 and 8750). When no
    expected date was kept, the actual birth date stands in for it."""
    born, expected = person["date_of_birth"], person["expected_date_of_birth"]
    if born is not None and born > ref:
        return None, expected or born, SEX_UNBORN
    if born is not None:
        return born, None, person["sex"]
    return None, expected, person["sex"]


def _la_child_ids_taken(person_ids: list[int]) -> set[str]:
    """LA child IDs in use that a fallback for one of `person_ids` could clash with: those
    that start with one of their ``HV`` numbers (one query per length of number)."""
    bases_by_length: dict[int, list[str]] = defaultdict(list)
    for pk in person_ids:
        base = f"HV{pk:08d}"
        bases_by_length[len(base)].append(base)
    taken: set[str] = set()
    for length, bases in bases_by_length.items():
        taken.update(
            str(la_child_id)
            for la_child_id in Person.objects.annotate(prefix=Left("la_child_id", length))
            .filter(prefix__in=bases)
            .values_list("la_child_id", flat=True)
        )
    return taken


class _Modules:
    """The modules of a batch of episodes, as of the reference date, by episode id."""

    def __init__(self, year: CensusYear, episode_ids: list[int]) -> None:
        self.ref = year.reference_date
        # Work finished before the census year was returned the year before and is left out:
        # DfE rules 8696 (assessments), 8715 (section 47 conferences), 8930 (CP plans) and 4013
        # (CIN plans) reject end dates before the year starts (census 2025-26 validation rules).
        self.first_day = year.start_date
        self.assessments: dict[int, list[CensusAssessment]] = defaultdict(list)
        self.cin_plans: dict[int, list[CensusCINPlan]] = defaultdict(list)
        self.section47s: dict[int, list[CensusSection47]] = defaultdict(list)
        self.cp_plans: dict[int, list[CensusCPPlan]] = defaultdict(list)
        self.pre_proceedings: dict[int, list[CensusPreProceedings]] = defaultdict(list)
        self.episode_icpc: dict[int, datetime.date] = {}
        if not episode_ids:
            return
        self._read_assessments(episode_ids)
        self._read_cin_plans(episode_ids)
        self._read_section47s(episode_ids)
        self._read_cp_plans(episode_ids)
        if year.has_pre_proceedings:
            self._read_pre_proceedings(year, episode_ids)

    def _read_assessments(self, episode_ids: list[int]) -> None:
        rows = (
            Assessment.objects.filter(episode_id__in=episode_ids, start_date__lte=self.ref)
            .annotate(factor_codes=ArrayAgg("factors__code", default=Value([])))
            .order_by("episode_id", "start_date", "pk")
            .values_list("episode_id", "start_date", "authorised_date", "factor_codes")
        )
        for episode_id, start, authorised, factors in rows:
            if authorised is not None and authorised < self.first_day:
                continue
            authorised = _before(authorised, self.ref)
            self.assessments[episode_id].append(
                CensusAssessment(
                    start_date=start,
                    authorisation_date=authorised,
                    # Factors are identified when the assessment is authorised.
                    factors=tuple(sorted({c for c in factors if c}, key=_factor_order))
                    if authorised
                    else (),
                )
            )

    def _read_cin_plans(self, episode_ids: list[int]) -> None:
        rows = (
            ChildInNeedPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=self.ref)
            .order_by("episode_id", "start_date", "pk")
            .values_list("episode_id", "start_date", "end_date")
        )
        for episode_id, start, end in rows:
            if end is not None and end < self.first_day:
                continue
            self.cin_plans[episode_id].append(
                CensusCINPlan(start_date=start, end_date=_before(end, self.ref))
            )

    def _read_section47s(self, episode_ids: list[int]) -> None:
        """Section 47 enquiries with the ICPC that followed each (DateOfInitialCPC inside
        Section47). An ICPC whose enquiry belongs to another episode is the episode's own
        DateOfInitialCPC (reference 2.2; rule 2884: never both)."""
        rows = (
            Section47Enquiry.objects.filter(episode_id__in=episode_ids, start_date__lte=self.ref)
            .order_by("episode_id", "start_date", "pk")
            .values_list(
                "pk",
                "episode_id",
                "start_date",
                "icpc_target_date",
                "end_date",
                "icpc_not_required",
                "initial_conference__held_on",
                "initial_conference__episode_id",
            )
        )
        for _pk, episode_id, start, target, end, not_required, held_on, icpc_episode in rows:
            icpc_on = _before(held_on, self.ref)
            here = icpc_episode is None or icpc_episode == episode_id
            if here and icpc_on is not None and icpc_on < self.first_day:
                continue  # its conference was in an earlier census year (8715)
            if icpc_on is None and end is not None and end < self.first_day:
                continue  # ended with no conference before the year began
            self.section47s[episode_id].append(
                CensusSection47(
                    start_date=start,
                    icpc_target_date=target,
                    icpc_date=icpc_on if here else None,
                    # Decided when the enquiry ended (meetings.services.section_47_complete).
                    icpc_not_required=bool(not_required) and _before(end, self.ref) is not None,
                )
            )
        stray = (
            InitialChildProtectionConference.objects.filter(
                episode_id__in=episode_ids, held_on__lte=self.ref
            )
            .exclude(section_47_enquiry__episode_id=F("episode_id"))
            .order_by("episode_id", "held_on")
            .values_list("episode_id", "held_on")
        )
        for episode_id, held_on in stray:
            if held_on >= self.first_day:
                self.episode_icpc.setdefault(episode_id, held_on)

    def _read_cp_plans(self, episode_ids: list[int]) -> None:
        earlier_plans = (
            ChildProtectionPlan.objects.filter(
                child_id=OuterRef("child_id"), start_date__lt=OuterRef("start_date")
            )
            .order_by()
            .values("child_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = (
            ChildProtectionPlan.objects.filter(episode_id__in=episode_ids, start_date__lte=self.ref)
            .annotate(
                previous=Coalesce(Subquery(earlier_plans, output_field=IntegerField()), 0),
                review_dates=ArrayAgg(
                    "reviews__held_on",
                    filter=Q(reviews__held_on__lte=self.ref),
                    order_by=("reviews__held_on",),
                    default=Value([]),
                ),
                review_categories=ArrayAgg(
                    "reviews__category_of_abuse",
                    filter=Q(reviews__held_on__lte=self.ref),
                    order_by=("reviews__held_on",),
                    default=Value([]),
                ),
            )
            .order_by("episode_id", "start_date", "pk")
            .values_list(
                "episode_id",
                "start_date",
                "end_date",
                "initial_category",
                "latest_category",
                "previous",
                "review_dates",
                "review_categories",
            )
        )
        for episode_id, start, end, initial, latest, previous, reviews, categories in rows:
            if end is not None and end < self.first_day:
                continue
            end = _before(end, self.ref)
            if end is None:
                # The category as the last review on or before the reference date left it.
                latest = categories[-1] if categories else initial
            self.cp_plans[episode_id].append(
                CensusCPPlan(
                    start_date=start,
                    end_date=end,
                    initial_category=initial,
                    latest_category=latest,
                    previous_plans=previous,
                    review_dates=tuple(reviews),
                )
            )

    def _read_pre_proceedings(self, year: CensusYear, episode_ids: list[int]) -> None:
        """Pre-proceedings decided in the census year (rule 9005: PPStartDate in the year)."""
        rows = (
            PreProceedings.objects.filter(
                episode_id__in=episode_ids,
                start_date__gte=year.start_date,
                start_date__lte=self.ref,
            )
            .order_by("episode_id", "start_date", "pk")
            .values()
        )
        for row in rows:
            step_decision = _before(row["step_decision_date"], self.ref)
            self.pre_proceedings[row["episode_id"]].append(
                CensusPreProceedings(
                    start_date=row["start_date"],
                    letter_before_proceedings_date=_before(
                        row["letter_before_proceedings_date"], self.ref
                    ),
                    fgdm_offered=row["fgdm_offered"],
                    fgdm_facilitated=row["fgdm_facilitated"],
                    initial_meeting_date=_before(row["initial_meeting_date"], self.ref),
                    review_meetings_count=row["review_meetings_count"],
                    step_decision_date=step_decision,
                    # The outcome is the step decision's: not known before it is made.
                    outcome=row["outcome"]
                    if step_decision or row["step_decision_date"] is None
                    else "",
                    court_application_date=_before(row["court_application_date"], self.ref),
                    letter_initiating_cp_date=_before(row["letter_initiating_cp_date"], self.ref),
                )
            )
