"""Rules about section 47 enquiries, initial child protection conferences (ICPCs), child
protection plans and child in need plans.

Source: DfE "Children in need census 2025 to 2026: validation rules", the rule numbered beside
each function; reference 2.4. The weekend and plan-start rules call the entry-time checks in
haven.statutory.rules (8875, 8870Q, 2885, 8841) and the overlap rules use its
date_ranges_overlap where the DfE wording is a plain overlap.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from haven.census.records import (
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusSection47,
)
from haven.census.rules.base import (
    Problem,
    RuleContext,
    cap,
    cite,
    episode_name,
    fmt,
    rule,
)
from haven.statutory import rules as statutory
from haven.statutory.codes import CategoryOfAbuse

# Working Together 2023: the ICPC within 15 working days of the strategy discussion that
# started the section 47 enquiry.
ICPC_WORKING_DAYS = 15


def _enquiries(child: CensusChild) -> Iterator[tuple[CensusEpisode, CensusSection47]]:
    for episode in child.episodes:
        for enquiry in episode.section47s:
            yield episode, enquiry


def _cp_plans(child: CensusChild) -> Iterator[tuple[CensusEpisode, CensusCPPlan]]:
    for episode in child.episodes:
        for plan in episode.cp_plans:
            yield episode, plan


def _cin_plans(child: CensusChild) -> Iterator[tuple[CensusEpisode, CensusCINPlan]]:
    for episode in child.episodes:
        for plan in episode.cin_plans:
            yield episode, plan


def _awaiting_icpc(enquiry: CensusSection47) -> bool:
    """Still waiting for its conference: no ICPC date, and not recorded as not required."""
    return enquiry.icpc_date is None and not enquiry.icpc_not_required


def _enquiry_named(enquiry: CensusSection47) -> str:
    return f"the section 47 enquiry started on {fmt(enquiry.start_date)}"


# --- Section 47 enquiries and ICPCs -----------------------------------------------------------


@rule(
    "8839",
    "More than one open section 47 enquiry in one episode",
    "DateOfInitialCPC",
)
def one_open_enquiry(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        waiting = [s for s in episode.section47s if _awaiting_icpc(s)]
        if len(waiting) > 1:
            dates = " and ".join(fmt(s.start_date) for s in waiting)
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} has more than one section 47 enquiry with no "
                f"initial conference and not marked 'conference not required' (started "
                f"{dates}). Record the conference, or that one was not required, for the "
                f"earlier enquiry {cite('8839')}.",
            )


def _enquiry_running(a: CensusSection47, b: CensusSection47, ctx: RuleContext) -> bool:
    """Whether `a` starts on or between `b`'s start and its ICPC (or, with no ICPC and one
    still expected, the reference date). DfE rule 8890."""
    if a.start_date < b.start_date:
        return False
    if b.icpc_date is not None:
        return a.start_date <= b.icpc_date
    return not b.icpc_not_required and a.start_date <= ctx.reference_date


@rule(
    "8890",
    "A section 47 enquiry starts while another section 47 enquiry is ongoing",
    "S47ActualStartDate",
)
def enquiries_do_not_overlap(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        enquiries = episode.section47s
        for i, a in enumerate(enquiries):
            if any(_enquiry_running(a, b, ctx) for j, b in enumerate(enquiries) if j != i):
                yield Problem(
                    episode.episode_id,
                    f"{cap(_enquiry_named(a))} starts while another section 47 enquiry in "
                    f"{episode_name(episode)} is still going on. Check the start dates, and "
                    f"record the earlier enquiry's conference or that one was not required "
                    f"{cite('8890')}.",
                )


@rule(
    "8675Q",
    "Section 47 enquiry started more than 15 working days before the end of the census year, "
    "with no ICPC",
    "DateOfInitialCPC",
    source=(
        "Counted as the DfE census queries count: the start day is working day 1 (reference "
        "1.5). While the year is running, counted to today."
    ),
)
def icpc_overdue(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, enquiry in _enquiries(child):
        if not _awaiting_icpc(enquiry):
            continue
        days = ctx.calendar.working_days_between_inclusive_start(
            enquiry.start_date, ctx.reference_date
        )
        if days > ICPC_WORKING_DAYS:
            yield Problem(
                episode.episode_id,
                f"Please check: {_enquiry_named(enquiry)} has had no initial child protection "
                f"conference for {days} working days (by {fmt(ctx.reference_date)}). Record "
                f"the conference date, or that a conference was not required {cite('8675Q')}.",
            )


def _icpc_dates(episode: CensusEpisode) -> list[datetime.date]:
    dates = [s.icpc_date for s in episode.section47s if s.icpc_date is not None]
    if episode.icpc_date is not None:
        dates.append(episode.icpc_date)
    return sorted(dates)


@rule(
    "8875",
    "The date of an initial child protection conference cannot be a weekend",
    "DateOfInitialCPC",
)
def icpc_not_weekend(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        for held_on in _icpc_dates(episode):
            for violation in statutory.check_icpc_date(held_on):
                yield Problem(episode.episode_id, violation.message)


@rule(
    "8870Q",
    "The target date of an initial child protection conference should not be a weekend",
    "InitialCPCtarget",
)
def icpc_target_not_weekend(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, enquiry in _enquiries(child):
        if enquiry.icpc_target_date is not None:
            for violation in statutory.check_icpc_target_date(enquiry.icpc_target_date):
                yield Problem(episode.episode_id, violation.message)


@rule(
    "2884",
    "An ICPC is recorded both on the episode and on a section 47 enquiry",
    "DateOfInitialCPC",
)
def icpc_recorded_once(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.icpc_date is None:
            continue
        if any(s.icpc_date == episode.icpc_date for s in episode.section47s):
            yield Problem(
                episode.episode_id,
                f"The initial child protection conference on {fmt(episode.icpc_date)} is "
                f"recorded twice in {episode_name(episode)}: on the episode and on its section "
                f"47 enquiry. It should be recorded once, with the enquiry {cite('2884')}.",
            )


@rule("2889", "The section 47 start date cannot be before the referral date", "S47ActualStartDate")
def enquiry_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, enquiry in _enquiries(child):
        if enquiry.start_date < episode.referral_date:
            yield Problem(
                episode.episode_id,
                f"{cap(_enquiry_named(enquiry))} starts before {episode_name(episode)}. Correct "
                f"the date, or check which episode it belongs to {cite('2889')}.",
            )


@rule(
    "1104",
    "The date of the initial child protection conference cannot be before the referral date",
    "DateOfInitialCPC",
)
def icpc_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        early = [d for d in _icpc_dates(episode) if d < episode.referral_date]
        if early:
            yield Problem(
                episode.episode_id,
                f"The initial child protection conference on {fmt(early[0])} is before "
                f"{episode_name(episode)}. Correct the date, or check which episode it belongs "
                f"to {cite('1104')}.",
            )


@rule(
    "8615",
    "Section 47 start date cannot be later than the date of its initial conference",
    "S47ActualStartDate",
)
def enquiry_before_icpc(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, enquiry in _enquiries(child):
        if enquiry.icpc_date is not None and enquiry.start_date > enquiry.icpc_date:
            yield Problem(
                episode.episode_id,
                f"{cap(_enquiry_named(enquiry))} is after its initial child protection "
                f"conference ({fmt(enquiry.icpc_date)}). Correct one of the dates "
                f"{cite('8615')}.",
            )


@rule(
    "8715",
    "Date of the initial child protection conference must fall within the census year",
    "DateOfInitialCPC",
)
def icpc_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # Like 8696 for assessments: an enquiry whose conference was before the census year was
    # returned last year.
    for episode, enquiry in _enquiries(child):
        if enquiry.icpc_date is not None and not ctx.in_period(enquiry.icpc_date):
            yield Problem(
                episode.episode_id,
                f"The initial child protection conference of {_enquiry_named(enquiry)} was on "
                f"{fmt(enquiry.icpc_date)}, outside the census year ({fmt(ctx.period_start)} to "
                f"{fmt(ctx.period_end)}), so the return should not include the enquiry. If the "
                f"date is wrong, correct it; if it is right, tell the data team {cite('8715')}.",
            )


@rule(
    "8740",
    "A section 47 enquiry with no conference by the end of the year must start in the year",
    "S47ActualStartDate",
)
def open_enquiry_starts_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, enquiry in _enquiries(child):
        if _awaiting_icpc(enquiry) and not ctx.in_period(enquiry.start_date):
            yield Problem(
                episode.episode_id,
                f"{cap(_enquiry_named(enquiry))} started before the census year and still has "
                f"no initial conference and is not marked 'conference not required'. Record "
                f"how the enquiry ended {cite('8740')}.",
            )


# --- Child protection plans -------------------------------------------------------------------


@rule(
    "2885",
    "Child protection plan starts on a different day from the initial child protection conference",
    "CPPstartDate",
    source=(
        "Checked for plans starting in the census year: a plan that started earlier was "
        "checked by that year's return, whose ICPC may not be in this one."
    ),
)
def cp_plan_starts_at_icpc(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if not ctx.in_period(plan.start_date):
            continue
        conferences = _icpc_dates(episode)
        if plan.start_date in conferences:
            continue
        if not conferences:
            yield Problem(
                episode.episode_id,
                f"A child protection plan starts on {fmt(plan.start_date)}, but no initial "
                f"child protection conference is recorded in {episode_name(episode)}. Record "
                f"the conference that decided the plan {cite('2885')}.",
            )
            continue
        nearest = min(conferences, key=lambda d: abs((d - plan.start_date).days))
        for violation in statutory.check_cp_plan_start(plan.start_date, nearest):
            yield Problem(episode.episode_id, violation.message)


@rule("8935", "More than one open child protection plan", "CPPendDate")
def one_open_cp_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    still_open = [(e, p) for e, p in _cp_plans(child) if p.end_date is None]
    if len(still_open) > 1:
        dates = " and ".join(fmt(p.start_date) for _, p in still_open)
        yield Problem(
            still_open[0][0].episode_id,
            f"More than one child protection plan is open (started {dates}). Record the end "
            f"date of the plan that has ended {cite('8935')}.",
        )


def _plan_running(
    start: datetime.date,
    other_start: datetime.date,
    other_end: datetime.date | None,
    ctx: RuleContext,
) -> bool:
    """Whether a plan starting on `start` starts while the other plan runs: on its start day,
    or after it and before its end (or, if it is open, up to the reference date). DfE rule
    8940. A plan may start on the day the previous one ended, as the database's own 8940
    constraint allows (haven/plans/models.py, a half-open range)."""
    if start == other_start:
        return True
    if start < other_start:
        return False
    return start < other_end if other_end is not None else start <= ctx.reference_date


@rule("8940", "Child protection plans overlap", "CPPstartDate")
def cp_plans_do_not_overlap(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    plans = list(_cp_plans(child))
    for i, (episode, plan) in enumerate(plans):
        clash = [
            other
            for j, (_, other) in enumerate(plans)
            if j != i and _plan_running(plan.start_date, other.start_date, other.end_date, ctx)
        ]
        if clash:
            yield Problem(
                episode.episode_id,
                f"The child protection plan starting on {fmt(plan.start_date)} overlaps the "
                f"plan that started on {fmt(clash[0].start_date)}. Check the start and end "
                f"dates of both plans {cite('8940')}.",
            )


@rule("8841", "A review conference is on or before the day its plan started", "CPPreviewDate")
def review_after_plan_start(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        for review in plan.review_dates:
            for violation in statutory.check_review_after_plan_start(review, plan.start_date):
                yield Problem(episode.episode_id, violation.message)


_CATEGORIES = frozenset(member.code for member in CategoryOfAbuse)


def _category(child: CensusChild, code: str, latest: bool) -> Iterator[Problem]:
    which = "latest" if latest else "initial"
    for episode, plan in _cp_plans(child):
        category = plan.latest_category if latest else plan.initial_category
        if category not in _CATEGORIES:
            yield Problem(
                episode.episode_id,
                f"The child protection plan from {fmt(plan.start_date)} has no valid {which} "
                f"category of abuse. Record it (neglect, physical, sexual or emotional abuse) "
                f"{cite(code)}.",
            )


@rule("8905", "Initial category of abuse missing or invalid", "InitialCategoryOfAbuse")
def initial_category(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _category(child, "8905", latest=False)


@rule("8910", "Latest category of abuse missing or invalid", "LatestCategoryOfAbuse")
def latest_category(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _category(child, "8910", latest=True)


@rule("1105", "The child protection plan cannot start before the referral date", "CPPstartDate")
def cp_plan_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if plan.start_date < episode.referral_date:
            yield Problem(
                episode.episode_id,
                f"The child protection plan from {fmt(plan.start_date)} starts before "
                f"{episode_name(episode)}. Correct the date, or check which episode it belongs "
                f"to {cite('1105')}.",
            )


@rule("8720", "Child protection plan start date is after the census year", "CPPstartDate")
def cp_plan_starts_by_year_end(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if plan.start_date > ctx.period_end:
            yield Problem(
                episode.episode_id,
                f"The child protection plan starts on {fmt(plan.start_date)}, after the census "
                f"year ends ({fmt(ctx.period_end)}). Check the start date {cite('8720')}.",
            )


@rule("8925", "Child protection plan end date is earlier than its start date", "CPPendDate")
def cp_plan_end_after_start(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if plan.end_date is not None and plan.end_date < plan.start_date:
            yield Problem(
                episode.episode_id,
                f"The child protection plan from {fmt(plan.start_date)} is shown as ending on "
                f"{fmt(plan.end_date)}, before it started. Correct one of the dates "
                f"{cite('8925')}.",
            )


@rule("8840", "Child protection plan cannot start and end on the same day", "CPPendDate")
def cp_plan_longer_than_a_day(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if plan.end_date == plan.start_date:
            yield Problem(
                episode.episode_id,
                f"The child protection plan from {fmt(plan.start_date)} is shown as ending the "
                f"same day. Check the end date {cite('8840')}.",
            )


@rule("8930", "Child protection plan end date must fall within the census year", "CPPendDate")
def cp_plan_end_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cp_plans(child):
        if plan.end_date is not None and not ctx.in_period(plan.end_date):
            yield Problem(
                episode.episode_id,
                f"The child protection plan from {fmt(plan.start_date)} ended on "
                f"{fmt(plan.end_date)}, outside the census year ({fmt(ctx.period_start)} to "
                f"{fmt(ctx.period_end)}), so the return should not include it. If the date is "
                f"wrong, correct it; if it is right, tell the data team {cite('8930')}.",
            )


# --- Child in need plans ----------------------------------------------------------------------


@rule("4004", "More than one open child in need plan", "CINPlanEndDate")
def one_open_cin_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        still_open = [p for p in episode.cin_plans if p.end_date is None]
        if len(still_open) > 1:
            dates = " and ".join(fmt(p.start_date) for p in still_open)
            yield Problem(
                episode.episode_id,
                f"More than one child in need plan is open (from {dates}). Record the end date "
                f"of the plan that has ended {cite('4004')}.",
            )


@rule("4010", "Child in need plan start date is after the census year", "CINPlanStartDate")
def cin_plan_starts_by_year_end(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cin_plans(child):
        if plan.start_date > ctx.period_end:
            yield Problem(
                episode.episode_id,
                f"A child in need plan starts on {fmt(plan.start_date)}, after the census year "
                f"ends ({fmt(ctx.period_end)}). Check the start date {cite('4010')}.",
            )


@rule("4011", "Child in need plan end date is earlier than its start date", "CINPlanEndDate")
def cin_plan_end_after_start(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cin_plans(child):
        if plan.end_date is not None and plan.end_date < plan.start_date:
            yield Problem(
                episode.episode_id,
                f"The child in need plan from {fmt(plan.start_date)} is shown as ending on "
                f"{fmt(plan.end_date)}, before it started. Correct one of the dates "
                f"{cite('4011')}.",
            )


@rule("4012Q", "Child in need plan starts and ends on the same day", "CINPlanEndDate")
def cin_plan_longer_than_a_day(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cin_plans(child):
        if plan.end_date == plan.start_date:
            yield Problem(
                episode.episode_id,
                f"Please check: the child in need plan from {fmt(plan.start_date)} is shown as "
                f"ending the same day {cite('4012Q')}.",
            )


@rule("4013", "Child in need plan end date must fall within the census year", "CINPlanEndDate")
def cin_plan_end_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cin_plans(child):
        if plan.end_date is not None and not ctx.in_period(plan.end_date):
            yield Problem(
                episode.episode_id,
                f"The child in need plan from {fmt(plan.start_date)} ended on "
                f"{fmt(plan.end_date)}, outside the census year ({fmt(ctx.period_start)} to "
                f"{fmt(ctx.period_end)}), so the return should not include it. If the date is "
                f"wrong, correct it; if it is right, tell the data team {cite('4013')}.",
            )


@rule("4014", "Child in need plans overlap", "CINPlanStartDate")
def cin_plans_do_not_overlap(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        plans = episode.cin_plans
        for i, plan in enumerate(plans):
            clash = [
                other
                for j, other in enumerate(plans)
                if j != i and _plan_running(plan.start_date, other.start_date, other.end_date, ctx)
            ]
            if clash:
                yield Problem(
                    episode.episode_id,
                    f"The child in need plan starting on {fmt(plan.start_date)} overlaps the "
                    f"plan that started on {fmt(clash[0].start_date)}. Check the start and end "
                    f"dates of both plans {cite('4014')}.",
                )


@rule("4015", "The child in need plan cannot start before the referral date", "CINPlanStartDate")
def cin_plan_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, plan in _cin_plans(child):
        if plan.start_date < episode.referral_date:
            yield Problem(
                episode.episode_id,
                f"The child in need plan from {fmt(plan.start_date)} starts before "
                f"{episode_name(episode)}. Correct the date, or check which episode it belongs "
                f"to {cite('4015')}.",
            )


# --- Child in need plans and child protection plans together --------------------------------


@rule(
    "4001",
    "A child in need plan cannot run at the same time as a child protection plan",
    "CINPlanEndDate",
)
def cin_and_cp_not_both_open(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        cp_open = [p for p in episode.cp_plans if p.end_date is None]
        cin_open = [p for p in episode.cin_plans if p.end_date is None]
        if cp_open and cin_open:
            yield Problem(
                episode.episode_id,
                f"Both a child in need plan (from {fmt(cin_open[0].start_date)}) and a child "
                f"protection plan (from {fmt(cp_open[0].start_date)}) are open in "
                f"{episode_name(episode)}. End the child in need plan on the day the child "
                f"protection plan started {cite('4001')}.",
            )


def _within(
    day: datetime.date, start: datetime.date, end: datetime.date | None, ctx: RuleContext
) -> bool:
    """On or after `start` and before `end` (the end day itself is allowed: one plan may start
    the day the other ends), or up to the reference date if the plan is open. DfE rules 4016,
    4017 and 4003."""
    if day < start:
        return False
    return day < end if end is not None else day <= ctx.reference_date


@rule(
    "4016",
    "A child in need plan starts while a child protection plan is open",
    "CINPlanStartDate",
)
def cin_plan_not_during_cp_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    cp_plans = [p for _, p in _cp_plans(child)]
    for episode, cin_plan in _cin_plans(child):
        clash = [p for p in cp_plans if _within(cin_plan.start_date, p.start_date, p.end_date, ctx)]
        if clash:
            yield Problem(
                episode.episode_id,
                f"A child in need plan starts on {fmt(cin_plan.start_date)}, while the child "
                f"protection plan from {fmt(clash[0].start_date)} is open. A child in need plan "
                f"can start only when the child protection plan has ended: check both dates "
                f"{cite('4016')}.",
            )


@rule(
    "4017",
    "A child protection plan starts while a child in need plan is open",
    "CPPstartDate",
)
def cp_plan_not_during_cin_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    cin_plans = [p for _, p in _cin_plans(child)]
    for episode, plan in _cp_plans(child):
        clash = [p for p in cin_plans if _within(plan.start_date, p.start_date, p.end_date, ctx)]
        if clash:
            yield Problem(
                episode.episode_id,
                f"A child protection plan starts on {fmt(plan.start_date)}, while the child in "
                f"need plan from {fmt(clash[0].start_date)} is open. End the child in need plan "
                f"on the day the child protection plan started {cite('4017')}.",
            )


@rule(
    "4003",
    "A child protection review is held while a child in need plan is open",
    "CPPreviewDate",
)
def review_not_during_cin_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        for plan in episode.cp_plans:
            for review in plan.review_dates:
                if review == plan.end_date:
                    continue
                clash = [
                    p for p in episode.cin_plans if _within(review, p.start_date, p.end_date, ctx)
                ]
                if clash:
                    yield Problem(
                        episode.episode_id,
                        f"The review conference on {fmt(review)} was held while the child in "
                        f"need plan from {fmt(clash[0].start_date)} was open. Check the child "
                        f"in need plan's dates {cite('4003')}.",
                    )


RULES = (
    one_open_enquiry,
    enquiries_do_not_overlap,
    icpc_overdue,
    icpc_not_weekend,
    icpc_target_not_weekend,
    icpc_recorded_once,
    enquiry_after_referral,
    icpc_after_referral,
    enquiry_before_icpc,
    icpc_in_period,
    open_enquiry_starts_in_period,
    cp_plan_starts_at_icpc,
    one_open_cp_plan,
    cp_plans_do_not_overlap,
    review_after_plan_start,
    initial_category,
    latest_category,
    cp_plan_after_referral,
    cp_plan_starts_by_year_end,
    cp_plan_end_after_start,
    cp_plan_longer_than_a_day,
    cp_plan_end_in_period,
    one_open_cin_plan,
    cin_plan_starts_by_year_end,
    cin_plan_end_after_start,
    cin_plan_longer_than_a_day,
    cin_plan_end_in_period,
    cin_plans_do_not_overlap,
    cin_plan_after_referral,
    cin_and_cp_not_both_open,
    cin_plan_not_during_cp_plan,
    cp_plan_not_during_cin_plan,
    review_not_during_cin_plan,
)
