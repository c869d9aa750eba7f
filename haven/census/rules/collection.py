"""Rules about the return as a whole: its header, and counts across all the children.

Source: DfE "Children in need census 2025 to 2026: validation rules": 100 (header reference
date), 8510 (LA child ID unique), 1520 (UPN unique), 2883 (CP plans starting against ICPCs
held, authority level), 2886Q (sex not recorded), 2887Q and 2888Q (how the authority uses the
disability codes); reference 2.3 and 2.4.

The functions take counts, not children, so a whole authority can be checked as its children
stream past: :class:`CollectionTally` keeps the few numbers these rules need (and the LA child
IDs seen), never the children themselves.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from haven.census.records import CensusChild
from haven.census.rules.base import RuleContext, cite, fmt, kind_of
from haven.census.years import CensusYear

__all__ = [
    "COLLECTION_RULES",
    "CollectionFailure",
    "CollectionRule",
    "CollectionTally",
    "check_cp_plans_against_icpcs",
    "check_duplicate_upns",
    "check_sex_recorded",
    "check_disability_codes_per_child",
    "check_disability_codes_used",
    "check_duplicate_la_child_ids",
    "check_reference_date",
]

# 2887Q: an authority that uses fewer distinct disability codes than this is queried.
DISABILITY_CODES_EXPECTED = 8


@dataclass(frozen=True)
class CollectionRule:
    code: str
    description: str
    field: str
    source: str = ""

    @property
    def kind(self) -> str:
        return kind_of(self.code)


@dataclass(frozen=True)
class CollectionFailure:
    """A failure of the whole return (person_id None) or of one child among all of them."""

    code: str
    message: str
    person_id: int | None = None
    la_child_id: str = ""

    @property
    def kind(self) -> str:
        return kind_of(self.code)


REFERENCE_DATE = CollectionRule(
    "100", "Header reference date is wrong for the census", "ReferenceDate"
)
DUPLICATE_LA_CHILD_ID = CollectionRule(
    "8510", "More than one child record with the same LA child ID", "LAchildID"
)
DUPLICATE_UPN = CollectionRule("1520", "More than one record with the same UPN", "UPN")
SEX_NOT_RECORDED = CollectionRule(
    "2886Q",
    "More than 2% of children (not counting unborn children) have no sex recorded",
    "Sex",
)
CP_PLANS_AGAINST_ICPCS = CollectionRule(
    "2883",
    "More child protection plans starting than initial conferences taking place",
    "CPPstartDate",
)
DISABILITY_CODES_USED = CollectionRule(
    "2887Q",
    f"Fewer than {DISABILITY_CODES_EXPECTED} different disability codes used",
    "Disability",
)
DISABILITY_CODES_PER_CHILD = CollectionRule(
    "2888Q", "Only one disability code ever recorded for each disabled child", "Disability"
)

COLLECTION_RULES: dict[str, CollectionRule] = {
    r.code: r
    for r in (
        REFERENCE_DATE,
        DUPLICATE_LA_CHILD_ID,
        DUPLICATE_UPN,
        SEX_NOT_RECORDED,
        CP_PLANS_AGAINST_ICPCS,
        DISABILITY_CODES_USED,
        DISABILITY_CODES_PER_CHILD,
    )
}


def check_reference_date(
    reference_date: datetime.date, year: CensusYear
) -> list[CollectionFailure]:
    """Rule 100: the Header ReferenceDate is 31 March at the end of the census year."""
    if reference_date == year.reference_date:
        return []
    return [
        CollectionFailure(
            "100",
            f"The return's reference date is {fmt(reference_date)}; for the {year.label} "
            f"census it must be {fmt(year.reference_date)} {cite('100')}.",
        )
    ]


def check_duplicate_la_child_ids(ids: Mapping[str, Sequence[int]]) -> list[CollectionFailure]:
    """Rule 8510: each LA child ID belongs to one child. `ids` maps each LA child ID to the
    records that carry it; every record sharing one fails."""
    failures = []
    for la_child_id, person_ids in ids.items():
        if not la_child_id or len(person_ids) < 2:
            continue
        for person_id in person_ids:
            failures.append(
                CollectionFailure(
                    "8510",
                    f"{len(person_ids)} children's records have the LA child ID "
                    f"{la_child_id}. If they are the same child, merge the records; if not, "
                    f"ask the data team to give each its own ID {cite('8510')}.",
                    person_id=person_id,
                    la_child_id=la_child_id,
                )
            )
    return failures


def check_duplicate_upns(upns: Mapping[str, Sequence[tuple[int, str]]]) -> list[CollectionFailure]:
    """Rule 1520: each UPN belongs to one child. `upns` maps each UPN to the (record, LA child
    ID) pairs that carry it; every record sharing one fails. The UPN itself is not repeated in
    the message (the page shows messages to roles that see no case content)."""
    failures = []
    for upn, holders in upns.items():
        if not upn or len(holders) < 2:
            continue
        others = len(holders) - 1
        for person_id, la_child_id in holders:
            failures.append(
                CollectionFailure(
                    "1520",
                    f"This child's UPN is also recorded for {others} other "
                    f"{'child' if others == 1 else 'children'}. If they are the same child, merge "
                    f"the records; if not, correct the UPN {cite('1520')}.",
                    person_id=person_id,
                    la_child_id=la_child_id,
                )
            )
    return failures


# 2886Q: the share of born children with no sex recorded above which the return is queried.
SEX_NOT_RECORDED_SHARE = 0.02


def check_sex_recorded(born_children: int, sex_unknown: int) -> list[CollectionFailure]:
    """Query 2886Q: more than 2% of the children (unborn children left out) have sex U."""
    if born_children == 0 or sex_unknown <= born_children * SEX_NOT_RECORDED_SHARE:
        return []
    return [
        CollectionFailure(
            "2886Q",
            f"Please check: {sex_unknown} of {born_children} children (not counting unborn "
            f"children) have no sex recorded (U). Record each child's sex where it is known "
            f"{cite('2886Q')}.",
        )
    ]


def check_cp_plans_against_icpcs(plans_started: int, icpcs_held: int) -> list[CollectionFailure]:
    """Rule 2883 (authority level): the CP plans starting in the census year are no more than
    the initial conferences held in it, on the episode or on a section 47 enquiry."""
    if plans_started <= icpcs_held:
        return []
    return [
        CollectionFailure(
            "2883",
            f"{plans_started} child protection plans start in the census year but only "
            f"{icpcs_held} initial child protection conferences are recorded. Every plan needs "
            f"the conference that decided it: look for plans whose conference is missing "
            f"{cite('2883')}.",
        )
    ]


def check_disability_codes_used(codes: Collection[str]) -> list[CollectionFailure]:
    """Query 2887Q: an authority recording fewer than 8 of the disability codes (NONE not
    counted) may be recording disability too coarsely (reference 2.3)."""
    codes = set(codes) - {"NONE"}
    if len(codes) >= DISABILITY_CODES_EXPECTED:
        return []
    return [
        CollectionFailure(
            "2887Q",
            f"Please check: only {len(codes)} different disability codes are used across the "
            f"return. Check that children's disabilities are recorded in full {cite('2887Q')}.",
        )
    ]


def check_disability_codes_per_child(
    disabled_children: int, with_several: int
) -> list[CollectionFailure]:
    """Query 2888Q: no disabled child has more than one disability code recorded."""
    if disabled_children == 0 or with_several > 0:
        return []
    return [
        CollectionFailure(
            "2888Q",
            f"Please check: each of the {disabled_children} disabled children has exactly one "
            f"disability recorded. Check that every disability a child has is recorded "
            f"{cite('2888Q')}.",
        )
    ]


class CollectionTally:
    """What the collection rules need, kept as the children stream past (add one at a time)."""

    def __init__(self, ctx: RuleContext) -> None:
        self.ctx = ctx
        self.la_child_ids: dict[str, list[int]] = defaultdict(list)
        self.upns: dict[str, list[tuple[int, str]]] = defaultdict(list)
        self.born_children = 0
        self.sex_unknown = 0
        self.plans_started = 0
        self.icpcs_held = 0
        self.disability_codes: set[str] = set()
        self.disabled_children = 0
        self.with_several = 0

    def add(self, child: CensusChild) -> None:
        if child.la_child_id:
            self.la_child_ids[child.la_child_id].append(child.person_id)
        if child.upn:
            self.upns[child.upn.strip().upper()].append((child.person_id, child.la_child_id))
        if child.birth_date is not None:
            self.born_children += 1
            self.sex_unknown += child.sex == "U"
        for episode in child.episodes:
            held = [s.icpc_date for s in episode.section47s if s.icpc_date is not None]
            if episode.icpc_date is not None:
                held.append(episode.icpc_date)
            self.icpcs_held += sum(1 for d in held if self.ctx.in_period(d))
            self.plans_started += sum(
                1 for p in episode.cp_plans if self.ctx.in_period(p.start_date)
            )
        self.disability_codes.update(child.disabilities)
        disabilities = set(child.disabilities) - {"NONE"}
        if disabilities:
            self.disabled_children += 1
            self.with_several += len(disabilities) > 1

    def failures(self, *, header_reference_date: datetime.date) -> list[CollectionFailure]:
        """Every collection-level failure, for a return with this header reference date."""
        return [
            *check_reference_date(header_reference_date, self.ctx.year),
            *check_duplicate_la_child_ids(self.la_child_ids),
            *check_duplicate_upns(self.upns),
            *check_sex_recorded(self.born_children, self.sex_unknown),
            *check_cp_plans_against_icpcs(self.plans_started, self.icpcs_held),
            *check_disability_codes_used(self.disability_codes),
            *check_disability_codes_per_child(self.disabled_children, self.with_several),
        ]
