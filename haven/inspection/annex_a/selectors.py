"""The rows of each Annex A list, read from the record as it stood on the as-of date.

One query per list (its lookups are correlated subqueries PostgreSQL runs inside it, never a
query per row), read in chunks, so the workbook streams at any borough size. Each function
yields tuples in the column order of its list in :mod:`haven.inspection.annex_a.spec`, with
the values already in Annex A's lettered encodings and dates as ``datetime.date``.

The window is the six months that end on `as_of`, both days included (``spec.window_start``),
and each list keeps its "open at the point of inspection" rule (reference section 3). Anything
dated after `as_of` has not happened yet as far as the return is concerned: a plan that ends
after `as_of` is open, an assessment authorised after it is in progress.

Records merged into another (``Person.merged_into``) are left out; restricted records are in
(the return covers every child the authority worked with).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping
from typing import Any

from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Least, RowNumber
from django.utils import timezone

from haven.assessments.models import Assessment
from haven.casework.models import Visit
from haven.census import selectors as census_selectors
from haven.frontdoor.models import Contact, ContactPerson
from haven.inspection.annex_a import spec
from haven.meetings.models import (
    InitialChildProtectionConference,
    ReviewConference,
    Section47Enquiry,
)
from haven.people.models import Person, PersonDisability
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed
from haven.workforce.models import Allocation

__all__ = [
    "Cell",
    "Row",
    "assessments",
    "child_protection_plans",
    "child_unique_id",
    "children_in_need",
    "contacts",
    "early_help_decisions",
    "referrals",
    "section_47_enquiries",
]

Cell = str | int | datetime.date | None
Row = tuple[Cell, ...]

CHUNK = 2000

# Assessment outcomes that mean the child needs children's social care support (List 4).
SUPPORT_OUTCOMES = frozenset(
    {
        Assessment.Outcome.CHILD_IN_NEED_PLAN,
        Assessment.Outcome.STRATEGY_DISCUSSION,
        Assessment.Outcome.CONTINUE,
    }
)


def child_unique_id(la_child_id: str | None, person_id: int) -> str:
    """Annex A's Child Unique ID: the child's LA child ID, the same as LAchildID in the CIN
    census, so an inspector can match the lists with the census. A record without one (made
    outside Haven's services, such as by a bulk load) gets the census's fallback for it. That
    takes one small query, only for such a record."""
    if la_child_id:
        return la_child_id
    base = f"HV{person_id:08d}"
    taken = set(
        Person.objects.filter(la_child_id__startswith=base).values_list("la_child_id", flat=True)
    )
    return census_selectors.fallback_la_child_id(person_id, {str(t) for t in taken})


# --- Pieces every child list shares --------------------------------------------------------------


class _TwelveMonthsBefore(Func):
    """`date - 12 months` in PostgreSQL (29 February goes to 28 February, as add_months)."""

    template = "((%(expressions)s) - interval '12 months')::date"
    output_field = DateField()


class _Count(Subquery):
    """The number of rows a correlated queryset matches, as a subquery."""

    template = "(SELECT count(*) FROM (%(subquery)s) _annex_a_count)"
    output_field = IntegerField()


def _open_on(as_of: datetime.date, end: str) -> Q:
    """Not ended by the end of `as_of` (an end date after it has not happened yet)."""
    return Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": as_of})


def _allocated(path: str, field: str, as_of: datetime.date) -> Subquery:
    """The team or worker the child was allocated to on `as_of` (allocations run from their
    start date up to, not including, their end date: workforce.models.Allocation)."""
    current = Allocation.objects.filter(child=OuterRef(path), start_date__lte=as_of).filter(
        _open_on(as_of, "end_date")
    )
    return Subquery(current.order_by("-start_date").values(field)[:1])


def _child_fields(path: str, as_of: datetime.date) -> dict[str, Any]:
    """The child's own columns, their disability and their allocation on `as_of`, for a
    queryset whose child is at `path` ("child", "episode__child")."""
    disabilities = PersonDisability.objects.filter(person=OuterRef(path), removed_at__isnull=True)
    return {
        "c_pk": F(path),
        "c_la_id": F(f"{path}__la_child_id"),
        "c_sex": F(f"{path}__sex"),
        "c_ethnicity": F(f"{path}__ethnicity"),
        "c_born": F(f"{path}__date_of_birth"),
        "c_disabled": Exists(disabilities.exclude(code="NONE")),
        "c_no_disability": Exists(disabilities.filter(code="NONE")),
        "c_team": _allocated(path, "team__name", as_of),
        "c_worker": _allocated(path, "worker__full_name", as_of),
    }


def _common(row: Mapping[str, Any], as_of: datetime.date) -> Row:
    """Child Unique ID, Gender, Ethnicity, Date of Birth, Age. An unborn child has no date of
    birth or age, and sex U ("c) Not stated/recorded"; census rule 8750)."""
    return (
        child_unique_id(row["c_la_id"], row["c_pk"]),
        spec.encode(spec.GENDER, row["c_sex"]) or spec.GENDER_NOT_RECORDED,
        spec.encode(spec.ETHNICITY, row["c_ethnicity"]) or spec.ETHNICITY_NOT_RECORDED,
        row["c_born"],
        spec.age_in_years(row["c_born"], as_of),
    )


def _disability(row: Mapping[str, Any]) -> str:
    """A disability code other than NONE: yes; NONE alone: no; nothing recorded: unknown."""
    if row["c_disabled"]:
        return spec.YES
    return spec.NO if row["c_no_disability"] else spec.UNKNOWN


def _allocation(row: Mapping[str, Any]) -> Row:
    return (row["c_team"], row["c_worker"])


def _shown(day: datetime.date | None, as_of: datetime.date) -> datetime.date | None:
    """A date that had happened by `as_of`; later ones are not yet part of the record."""
    return day if day is not None and day <= as_of else None


def _rows(queryset: QuerySet[Any, Any]) -> Iterator[Any]:
    """The rows of a .values() queryset, fetched in chunks (a server-side cursor)."""
    return queryset.iterator(chunk_size=CHUNK)


def _local_days(field: str, first: datetime.date, last: datetime.date) -> Q:
    """`field` (a moment) fell on a local day from `first` to `last`: as a range of moments,
    so the index on `field` is used."""
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min)
    )
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _current_children() -> Q:
    return Q(child__merged_into__isnull=True)


# --- List 1: contacts ----------------------------------------------------------------------------


def contacts(*, as_of: datetime.date) -> Iterator[Row]:
    """Every contact received in the window, one row per child it names (reference 3). A
    child the hub has linked to a record appears with the record's details; one not linked
    yet with what the contact holds (its date of birth), "not stated" for gender and "not yet
    obtained" for ethnicity, and the contact's reference and the child's place in it as the
    ID (HV-0001234-2: the second child named)."""
    named = (
        ContactPerson.objects.filter(
            _local_days("contact__received_at", spec.window_start(as_of), as_of),
            kind=ContactPerson.Kind.CHILD,
        )
        .annotate(
            position=Window(RowNumber(), partition_by=[F("contact_id")], order_by=F("pk").asc())
        )
        .order_by("contact__received_at", "contact_id", "pk")
        .values(
            "position",
            "date_of_birth",
            "person_id",
            reference=F("contact__reference"),
            received_at=F("contact__received_at"),
            source=F("contact__source"),
            la_child_id=F("person__la_child_id"),
            sex=F("person__sex"),
            ethnicity=F("person__ethnicity"),
            born=F("person__date_of_birth"),
        )
    )
    for row in _rows(named):
        if row["person_id"] is None:
            born = row["date_of_birth"]
            child: Row = (
                f"{row['reference']}-{row['position']}",
                spec.GENDER_NOT_RECORDED,
                spec.ETHNICITY_NOT_RECORDED,
                born,
                spec.age_in_years(born, as_of),
            )
        else:
            child = _common(
                {
                    "c_pk": row["person_id"],
                    "c_la_id": row["la_child_id"],
                    "c_sex": row["sex"],
                    "c_ethnicity": row["ethnicity"],
                    "c_born": row["born"],
                },
                as_of,
            )
        contact_date = timezone.localtime(row["received_at"]).date()
        yield (*child, contact_date, spec.encode(spec.SOURCE, row["source"]))


# --- List 2: early help (what Haven has instead) -------------------------------------------------


def early_help_decisions(*, as_of: datetime.date) -> tuple[int, int]:
    """(contacts, children named in them) the hub decided in the window should go to early
    help: the only early help Haven records, shown on the List 2 sheet beside the statement
    that Haven does not record early help assessments."""
    decided = Contact.objects.filter(
        _local_days("decided_at", spec.window_start(as_of), as_of),
        decision=Contact.Decision.EARLY_HELP,
    )
    children = ContactPerson.objects.filter(contact__in=decided, kind=ContactPerson.Kind.CHILD)
    return decided.count(), children.count()


# --- List 3: referrals ---------------------------------------------------------------------------


def referrals(*, as_of: datetime.date) -> Iterator[Row]:
    """Every referral (episode of need) made in the window; a child referred twice appears
    twice. "Number of Referrals in Last 12 Months" counts the child's other referrals in the
    12 months before this one's date (this one not included)."""
    earlier = EpisodeOfNeed.objects.filter(
        child=OuterRef("child"),
        referral_date__lt=OuterRef("referral_date"),
        referral_date__gte=_TwelveMonthsBefore(OuterRef("referral_date")),
    )
    episodes = (
        EpisodeOfNeed.objects.filter(
            _current_children(),
            referral_date__gte=spec.window_start(as_of),
            referral_date__lte=as_of,
        )
        .order_by("referral_date", "child_id", "pk")
        .values(
            "referral_date",
            "referral_source",
            "referral_nfa",
            earlier_referrals=_Count(earlier.values("pk")),
            **_child_fields("child", as_of),
        )
    )
    for row in _rows(episodes):
        yield (
            *_common(row, as_of),
            row["referral_date"],
            spec.encode(spec.SOURCE, row["referral_source"]),
            spec.yes_no(row["referral_nfa"]),
            row["earlier_referrals"],
            *_allocation(row),
        )


# --- List 4: assessments -------------------------------------------------------------------------


def assessments(*, as_of: datetime.date) -> Iterator[Row]:
    """Assessments under way at any time in the window: started by `as_of` and not authorised
    before the window began (so those open at the point of inspection are in). The child was
    seen if the assessment records the date they were seen (recorded at authorisation, so an
    assessment in progress without it is "unknown"); whether they need children's social care
    support follows the authorised outcome (blank while in progress)."""
    rows = (
        Assessment.objects.filter(
            Q(episode__child__merged_into__isnull=True),
            Q(authorised_date__isnull=True) | Q(authorised_date__gte=spec.window_start(as_of)),
            start_date__lte=as_of,
        )
        .order_by("start_date", "episode__child_id", "pk")
        .values(
            "start_date",
            "child_seen_date",
            "authorised_date",
            "outcome",
            **_child_fields("episode__child", as_of),
        )
    )
    for row in _rows(rows):
        authorised = _shown(row["authorised_date"], as_of)
        needs_support = None if authorised is None else row["outcome"] in SUPPORT_OUTCOMES
        if _shown(row["child_seen_date"], as_of) is not None:
            seen = spec.YES
        else:
            # The date the child was seen is recorded when the assessment is authorised: not
            # recorded yet is not the same as not seen.
            seen = spec.NO if authorised is not None else spec.UNKNOWN
        yield (
            *_common(row, as_of),
            _disability(row),
            row["start_date"],
            seen,
            authorised,
            spec.yes_no(needs_support),
            *_allocation(row),
        )


# --- List 5: section 47 enquiries and initial conferences ---------------------------------------


def section_47_enquiries(*, as_of: datetime.date) -> Iterator[Row]:
    """Section 47 enquiries under way at any time in the window, open ones included, one row
    per enquiry. Its start is the strategy discussion that began it. "Deemed unnecessary" is
    answered once the enquiry has ended (blank while it is open); the conference columns once
    the conference has been held. The two counts are the child's other section 47 enquiries
    and initial conferences in the 12 months before this enquiry began."""
    child = OuterRef("episode__child")
    twelve_months_before = _TwelveMonthsBefore(OuterRef("start_date"))
    earlier_enquiries = Section47Enquiry.objects.filter(
        episode__child=child,
        start_date__lt=OuterRef("start_date"),
        start_date__gte=twelve_months_before,
    )
    earlier_conferences = InitialChildProtectionConference.objects.filter(
        episode__child=child,
        held_on__lt=OuterRef("start_date"),
        held_on__gte=twelve_months_before,
    )
    rows = (
        Section47Enquiry.objects.filter(
            Q(episode__child__merged_into__isnull=True),
            Q(end_date__isnull=True) | Q(end_date__gte=spec.window_start(as_of)),
            start_date__lte=as_of,
        )
        .order_by("start_date", "episode__child_id", "pk")
        .values(
            "start_date",
            "end_date",
            "icpc_not_required",
            icpc_on=F("initial_conference__held_on"),
            icpc_outcome=F("initial_conference__outcome"),
            earlier_enquiries=_Count(earlier_enquiries.values("pk")),
            earlier_conferences=_Count(earlier_conferences.values("pk")),
            **_child_fields("episode__child", as_of),
        )
    )
    plan = InitialChildProtectionConference.Outcome.CHILD_PROTECTION_PLAN
    for row in _rows(rows):
        ended = _shown(row["end_date"], as_of) is not None
        icpc_on = _shown(row["icpc_on"], as_of)
        yield (
            *_common(row, as_of),
            _disability(row),
            row["start_date"],
            spec.yes_no(row["icpc_not_required"] if ended else None),
            icpc_on,
            spec.yes_no(None if icpc_on is None else row["icpc_outcome"] == plan),
            row["earlier_enquiries"],
            row["earlier_conferences"],
            *_allocation(row),
        )


# --- List 6: children in need --------------------------------------------------------------------


def children_in_need(*, as_of: datetime.date) -> Iterator[Row]:
    """Episodes of need open at any time in the window, except referrals that ended in no
    further action (referral only). The CIN start is the referral date; the child was last
    seen at the latest visit in the episode where they were seen. Case status on `as_of`:
    closed; on a child protection plan; on a child in need plan; an assessment or section 47
    enquiry in progress; otherwise blank (an open episode with none of these has no Annex A
    status, and the cover sheet says so)."""
    episode = OuterRef("pk")
    cp_plan = ChildProtectionPlan.objects.filter(episode=episode, start_date__lte=as_of)
    cin_plan = ChildInNeedPlan.objects.filter(episode=episode, start_date__lte=as_of)
    assessment = Assessment.objects.filter(episode=episode, start_date__lte=as_of)
    enquiry = Section47Enquiry.objects.filter(episode=episode, start_date__lte=as_of)
    last_seen = Visit.objects.filter(episode=episode, child_seen=True, visit_date__lte=as_of)
    rows = (
        EpisodeOfNeed.objects.filter(
            _current_children(),
            Q(closure_date__isnull=True) | Q(closure_date__gte=spec.window_start(as_of)),
            referral_nfa=False,
            referral_date__lte=as_of,
        )
        .order_by("referral_date", "child_id", "pk")
        .values(
            "referral_date",
            "primary_need",
            "closure_date",
            "closure_reason",
            on_cp_plan=Exists(cp_plan.filter(_open_on(as_of, "end_date"))),
            on_cin_plan=Exists(cin_plan.filter(_open_on(as_of, "end_date"))),
            assessing=Exists(assessment.filter(_open_on(as_of, "authorised_date"))),
            enquiring=Exists(enquiry.filter(_open_on(as_of, "end_date"))),
            last_seen=Subquery(last_seen.order_by("-visit_date").values("visit_date")[:1]),
            **_child_fields("child", as_of),
        )
    )
    for row in _rows(rows):
        closed = _shown(row["closure_date"], as_of)
        yield (
            *_common(row, as_of),
            _disability(row),
            row["referral_date"],
            spec.encode(spec.PRIMARY_NEED, row["primary_need"]),
            row["last_seen"],
            closed,
            spec.encode(spec.REASON_FOR_CLOSURE, row["closure_reason"] if closed else ""),
            _case_status(row, closed=closed is not None),
            *_allocation(row),
        )


def _case_status(row: Mapping[str, Any], *, closed: bool) -> str | None:
    if closed:
        return spec.CASE_STATUS["CLOSED"]
    if row["on_cp_plan"]:
        return spec.CASE_STATUS["CP_PLAN"]
    if row["on_cin_plan"]:
        return spec.CASE_STATUS["CIN_PLAN"]
    if row["assessing"] or row["enquiring"]:
        return spec.CASE_STATUS["OPEN_ASSESSMENT"]
    return None


# --- List 7: child protection --------------------------------------------------------------------


def child_protection_plans(*, as_of: datetime.date) -> Iterator[Row]:
    """Child protection plans open on `as_of` or ended in the window. The latest category is
    the one the last review before `as_of` set (the initial one before any review); the last
    statutory visit is the latest visit during the plan up to `as_of`, with whether the child
    was seen alone then. Haven does not record emergency protection orders or police
    protection, so that column is blank (the sheet says so). Previous plans: the child's
    plans that started before this one."""
    plan = OuterRef("pk")
    reviews = ReviewConference.objects.filter(plan=plan, held_on__lte=as_of).order_by("-held_on")
    last_day = Least(Coalesce(OuterRef("end_date"), Value(as_of)), Value(as_of))
    visits = Visit.objects.filter(
        child=OuterRef("child"),
        visit_date__gte=OuterRef("start_date"),
        visit_date__lte=last_day,
    ).order_by("-visit_date", "-pk")
    previous = ChildProtectionPlan.objects.filter(
        child=OuterRef("child"), start_date__lt=OuterRef("start_date")
    )
    rows = (
        ChildProtectionPlan.objects.filter(
            _current_children(),
            Q(end_date__isnull=True) | Q(end_date__gte=spec.window_start(as_of)),
            start_date__lte=as_of,
        )
        .order_by("start_date", "child_id", "pk")
        .values(
            "start_date",
            "end_date",
            "initial_category",
            category_on_as_of=Coalesce(
                Subquery(reviews.values("category_of_abuse")[:1]), F("initial_category")
            ),
            last_review=Subquery(reviews.values("held_on")[:1]),
            last_visit=Subquery(visits.values("visit_date")[:1]),
            seen_alone=Subquery(visits.values("seen_alone")[:1]),
            previous_plans=_Count(previous.values("pk")),
            **_child_fields("child", as_of),
        )
    )
    for row in _rows(rows):
        yield (
            *_common(row, as_of),
            _disability(row),
            row["start_date"],
            spec.encode(spec.CATEGORY_OF_ABUSE, row["initial_category"]),
            spec.encode(spec.CATEGORY_OF_ABUSE, row["category_on_as_of"]),
            row["last_visit"],
            spec.yes_no(row["seen_alone"]),
            row["last_review"],
            _shown(row["end_date"], as_of),
            None,  # emergency protection order or police protection: not recorded in Haven
            row["previous_plans"],
            *_allocation(row),
        )
