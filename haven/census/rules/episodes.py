"""Rules about each episode of need (CINdetails): the referral, its closure, the episodes of one
child, and what an episode may hold.

Source: DfE "Children in need census 2025 to 2026: validation rules", the rule numbered beside
each function; reference 2.3 and 2.4. Entry-time checks are reused from haven.statutory.rules
(8606, 8805/8810) and the cross-table checks of haven.demo.checks (8565, 8831, 2990) are the same
conditions on the census records.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from haven.census.records import CensusChild, CensusEpisode
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
from haven.statutory.codes import PrimaryNeed, ReasonForClosure, ReferralSource

_REFERRAL_SOURCES = frozenset(member.code for member in ReferralSource)
_PRIMARY_NEEDS = frozenset(member.code for member in PrimaryNeed)
# Closed after assessment: no further action (RC8), or referred to early help (RC9, 2023-24 on).
_CLOSED_AFTER_ASSESSMENT = ("RC8", "RC9")
_CLOSURE_REASONS = frozenset(member.code for member in ReasonForClosure)
# Rule 8866: the referral source is required for referrals from 1 April 2013.
SOURCE_REQUIRED_FROM = datetime.date(2013, 4, 1)


def _further_action(child: CensusChild) -> Iterator[CensusEpisode]:
    return (e for e in child.episodes if not e.referral_nfa)


# --- The referral -----------------------------------------------------------------------------


@rule("8600", "Referral date is after the census year", "CINreferralDate")
def referral_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.referral_date > ctx.period_end:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is after the end of the census year "
                f"({fmt(ctx.period_end)}). Check the referral date {cite('8600')}.",
            )


@rule(
    "8606",
    "Referral more than 40 weeks before the date of birth or expected date of birth",
    "CINreferralDate",
)
def referral_before_birth(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    birth = child.birth_date or child.expected_birth_date
    if birth is None:
        return
    for episode in child.episodes:
        for violation in statutory.check_referral_after_birth_window(episode.referral_date, birth):
            yield Problem(episode.episode_id, violation.message)


@rule(
    "8866",
    "Source of referral is missing or not a valid code",
    "ReferralSource",
    source="Required for referrals on or after 1 April 2013 (reference 2.3).",
)
def referral_source(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.referral_date < SOURCE_REQUIRED_FROM:
            continue
        if episode.referral_source not in _REFERRAL_SOURCES:
            what = (
                f"'{episode.referral_source}' is not a referral source code"
                if episode.referral_source
                else "no referral source is recorded"
            )
            yield Problem(
                episode.episode_id,
                f"For {episode_name(episode)} {what}. Record who made the referral {cite('8866')}.",
            )


@rule("8568", "Referral no further action (ReferralNFA) missing or invalid", "ReferralNFA")
def referral_nfa_present(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        # A record read from the database always has True or False; anything else is a bug.
        if not isinstance(episode.referral_nfa, bool):
            yield Problem(
                episode.episode_id,
                f"For {episode_name(episode)}, record whether the referral led to no further "
                f"action {cite('8568')}.",
            )


@rule("8610", "Primary need missing for a referral that led to further action", "PrimaryNeedCode")
def primary_need(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in _further_action(child):
        if not episode.primary_need:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} went on to further action but has no primary "
                f"need. Record the main reason the child needs services (N0 to N9) "
                f"{cite('8610')}.",
            )


@rule("8650", "Primary need code invalid", "PrimaryNeedCode")
def primary_need_valid(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.primary_need and episode.primary_need not in _PRIMARY_NEEDS:
            yield Problem(
                episode.episode_id,
                f"'{episode.primary_need}' on {episode_name(episode)} is not a primary need "
                f"code. Choose the primary need again (N0 to N9) {cite('8650')}.",
            )


@rule(
    "8569Q",
    "A referral from before the census year cannot be a no further action referral",
    "ReferralNFA",
    source=(
        "DfE rule text: if CINreferralDate is before the start of the census year minus 1 "
        "working day, ReferralNFA must be false. Reference 2.4 lists 8569Q with the "
        "contact-to-referral decision (1 working day); the condition checked here is the one "
        "the DfE rule states, which the census records hold."
    ),
)
def nfa_referral_from_before_the_year(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    cutoff = ctx.calendar.previous_working_day_on_or_before(
        ctx.period_start - datetime.timedelta(days=1)
    )
    for episode in child.episodes:
        if episode.referral_nfa and episode.referral_date < cutoff:
            yield Problem(
                episode.episode_id,
                f"Please check: {episode_name(episode)} is before this census year and is "
                f"marked 'no further action', so it belongs to last year's return. Check the "
                f"referral date and whether it led to further action {cite('8569Q')}.",
            )


# --- Closure ----------------------------------------------------------------------------------


def _closure(child: CensusChild, code: str) -> Iterator[Problem]:
    for episode in child.episodes:
        for violation in statutory.check_closure(
            episode.closure_date, episode.closure_reason or None
        ):
            if violation.code == code:
                yield Problem(
                    episode.episode_id, f"{cap(episode_name(episode))}: {violation.message}"
                )


@rule("8805", "Closure date without a reason for closure", "ReasonForClosure")
def closure_needs_reason(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _closure(child, "8805")


@rule("8810", "Reason for closure without a closure date", "CINclosureDate")
def reason_needs_closure(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _closure(child, "8810")


@rule("8620", "Closure date is not within the census year", "CINclosureDate")
def closure_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_date is not None and not ctx.in_period(episode.closure_date):
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} closed on {fmt(episode.closure_date)}, outside "
                f"the census year ({fmt(ctx.period_start)} to {fmt(ctx.period_end)}). Check "
                f"the closure date {cite('8620')}.",
            )


@rule("8630", "Closure date is before the referral date", "CINclosureDate")
def closure_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_date is not None and episode.closure_date < episode.referral_date:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is shown as closed on "
                f"{fmt(episode.closure_date)}, before the referral. Correct the referral or "
                f"closure date {cite('8630')}.",
            )


@rule("8640", "Reason for closure code invalid", "ReasonForClosure")
def closure_reason_valid(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_reason and episode.closure_reason not in _CLOSURE_REASONS:
            yield Problem(
                episode.episode_id,
                f"'{episode.closure_reason}' on {episode_name(episode)} is not a reason for "
                f"closure. Choose the reason again (RC1 to RC9) {cite('8640')}.",
            )


# --- The episodes of one child ----------------------------------------------------------------


def _open_further_action(child: CensusChild) -> list[CensusEpisode]:
    return [e for e in _further_action(child) if e.closure_date is None]


@rule(
    "8815",
    "More than one open episode that is not a referral with no further action",
    "CINclosureDate",
)
def one_open_episode(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    still_open = sorted(_open_further_action(child), key=lambda e: e.referral_date)
    if len(still_open) > 1:
        dates = " and ".join(fmt(e.referral_date) for e in still_open)
        yield Problem(
            still_open[0].episode_id,
            f"More than one episode is open (referrals of {dates}). A child can have only one "
            f"open episode: close the earlier one with its closure date and reason "
            f"{cite('8815')}.",
        )


@rule(
    "8816",
    "An open episode (not a no further action referral) is not the latest episode",
    "CINreferralDate",
)
def open_episode_is_latest(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if not child.episodes:
        return
    latest = max(e.referral_date for e in child.episodes)
    for episode in _open_further_action(child):
        if episode.referral_date != latest:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is still open, but there is a later referral "
                f"({fmt(latest)}). Close the earlier episode, or check its dates "
                f"{cite('8816')}.",
            )


def _starts_during(a: CensusEpisode, b: CensusEpisode, ctx: RuleContext) -> bool:
    """Whether `a` starts while `b` runs. DfE rule 8820: one referral may start on the day the
    other closed; an open no-further-action referral is not counted as running."""
    if a.referral_date < b.referral_date:
        return False
    if b.closure_date is not None:
        return a.referral_date < b.closure_date
    return not b.referral_nfa and a.referral_date <= ctx.reference_date


@rule("8820", "The dates of the child's episodes overlap", "CINreferralDate")
def episodes_do_not_overlap(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    episodes = child.episodes
    for i, a in enumerate(episodes):
        others = [b for j, b in enumerate(episodes) if j != i and _starts_during(a, b, ctx)]
        if others:
            yield Problem(
                a.episode_id,
                f"{cap(episode_name(a))} starts while the episode from "
                f"{episode_name(others[0])} is still running. Episodes must not overlap: check "
                f"the referral and closure dates {cite('8820')}.",
            )


# --- What an episode may hold -----------------------------------------------------------------


def _activity(episode: CensusEpisode) -> Iterator[tuple[datetime.date | None, str]]:
    """Every dated piece of work in the episode, as (date, description); a date of None is work
    still open (an assessment or plan with no end), which a closed episode cannot hold either
    (haven.demo.checks, rule 8565)."""
    for assessment in episode.assessments:
        yield assessment.start_date, f"the assessment started on {fmt(assessment.start_date)}"
        authorised = assessment.authorisation_date
        yield (
            authorised,
            (
                f"the assessment authorised on {fmt(authorised)}"
                if authorised
                else f"the assessment started on {fmt(assessment.start_date)} is still open"
            ),
        )
    for enquiry in episode.section47s:
        yield enquiry.start_date, f"the section 47 enquiry started on {fmt(enquiry.start_date)}"
        if enquiry.icpc_date is not None:
            yield (
                enquiry.icpc_date,
                (f"the initial child protection conference on {fmt(enquiry.icpc_date)}"),
            )
    if episode.icpc_date is not None:
        yield (
            episode.icpc_date,
            (f"the initial child protection conference on {fmt(episode.icpc_date)}"),
        )
    for plan in episode.cp_plans:
        yield (
            plan.end_date,
            (
                f"the child protection plan ended on {fmt(plan.end_date)}"
                if plan.end_date
                else f"the child protection plan from {fmt(plan.start_date)} is still open"
            ),
        )
        for review in plan.review_dates:
            yield review, f"the review conference on {fmt(review)}"
    for cin_plan in episode.cin_plans:
        yield cin_plan.start_date, f"the child in need plan started on {fmt(cin_plan.start_date)}"
        yield (
            cin_plan.end_date,
            (
                f"the child in need plan ended on {fmt(cin_plan.end_date)}"
                if cin_plan.end_date
                else f"the child in need plan from {fmt(cin_plan.start_date)} is still open"
            ),
        )


@rule(
    "8565",
    "Activity shown after a case has been closed",
    "CINclosureDate",
    source=(
        "DfE rule: the closure date must be on or after every assessment, section 47, ICPC, "
        "CP plan end and CIN plan date. As in haven.demo.checks, work still open in a closed "
        "episode and review conferences count too."
    ),
)
def activity_after_closure(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        closed = episode.closure_date
        if closed is None:
            continue
        late = [what for when, what in _activity(episode) if when is None or when > closed]
        if late:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} was closed on {fmt(closed)}, but {late[0]}. "
                f"Close or end all the work before the episode closes, or correct the dates "
                f"{cite('8565')}.",
            )


def _held(episode: CensusEpisode, *, plans: bool) -> list[str]:
    held = []
    if episode.assessments and not plans:
        held.append("an assessment")
    if episode.section47s:
        held.append("a section 47 enquiry")
    if episode.icpc_date is not None:
        held.append("an initial child protection conference")
    if plans and episode.cp_plans:
        held.append("a child protection plan")
    if plans and episode.cin_plans:
        held.append("a child in need plan")
    return held


@rule("8831", "Activity is recorded against a referral with no further action", "ReferralNFA")
def nfa_without_activity(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        held = _held(episode, plans=False) if episode.referral_nfa else []
        if held:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is recorded as 'no further action', but "
                f"{held[0]} is recorded in it. If the referral did lead to further action, "
                f"change that answer; otherwise the work belongs to another episode "
                f"{cite('8831')}.",
            )


@rule(
    "8832",
    "Child protection details provided for a referral with no further action",
    "ReferralNFA",
)
def nfa_without_cp_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.referral_nfa and episode.cp_plans:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is recorded as 'no further action', but a child "
                f"protection plan is recorded in it. Change the 'no further action' answer, or "
                f"check which episode the plan belongs to {cite('8832')}.",
            )


@rule("4000", "CIN plan details provided for a referral with no further action", "ReferralNFA")
def nfa_without_cin_plan(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.referral_nfa and episode.cin_plans:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is recorded as 'no further action', but a child "
                f"in need plan is recorded in it. Change the 'no further action' answer, or "
                f"check which episode the plan belongs to {cite('4000')}.",
            )


@rule(
    "2990",
    "Activity recorded against a case closed after assessment (RC8 or RC9)",
    "ReasonForClosure",
    source="RC9 (closed after assessment, referred to early help) added in 2023-24; reference 2.4.",
)
def no_activity_after_assessment_closure(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_reason not in _CLOSED_AFTER_ASSESSMENT:
            continue
        held = _held(episode, plans=True)
        if held:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} was closed after assessment "
                f"({episode.closure_reason}), but {held[0]} is recorded in it. Choose the "
                f"reason for closure that fits the work done (for example RC7), or check which "
                f"episode the work belongs to {cite('2990')}.",
            )


@rule("8867", "Episode closed, but an assessment is not shown as completed", "CINclosureDate")
def closed_with_assessment_open(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_date is None:
            continue
        still_open = [a for a in episode.assessments if a.authorisation_date is None]
        if still_open:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is closed, but the assessment started on "
                f"{fmt(still_open[0].start_date)} is not authorised. Record its authorisation "
                f"date {cite('8867')}.",
            )


@rule(
    "8868",
    "Episode closed, but a section 47 enquiry is not completed by an ICPC or 'ICPC not required'",
    "CINclosureDate",
)
def closed_with_enquiry_open(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_date is None:
            continue
        waiting = [s for s in episode.section47s if s.icpc_date is None and not s.icpc_not_required]
        if waiting:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is closed, but the section 47 enquiry started on "
                f"{fmt(waiting[0].start_date)} has no initial conference and is not marked "
                f"'conference not required'. Record how the enquiry ended {cite('8868')}.",
            )


@rule(
    "8825Q",
    "Reason for closure RC8 (closed after assessment) but no assessment in the episode",
    "ReasonForClosure",
)
def closed_after_assessment_has_one(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.closure_reason == "RC8" and not episode.assessments:
            yield Problem(
                episode.episode_id,
                f"Please check: {episode_name(episode)} was closed after assessment (RC8) but "
                f"has no assessment. Record the assessment, or choose the reason for closure "
                f"that fits {cite('8825Q')}.",
            )


@rule(
    "2991Q",
    "A section 47 enquiry is recorded and there is no assessment in the episode",
    "Assessments",
)
def enquiry_has_assessment(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if episode.section47s and not episode.assessments:
            yield Problem(
                episode.episode_id,
                f"Please check: {episode_name(episode)} has a section 47 enquiry but no "
                f"assessment. Record the assessment of the child's needs {cite('2991Q')}.",
            )


RULES = (
    referral_in_period,
    referral_before_birth,
    referral_source,
    referral_nfa_present,
    primary_need,
    primary_need_valid,
    nfa_referral_from_before_the_year,
    closure_needs_reason,
    reason_needs_closure,
    closure_in_period,
    closure_after_referral,
    closure_reason_valid,
    one_open_episode,
    open_episode_is_latest,
    episodes_do_not_overlap,
    activity_after_closure,
    nfa_without_activity,
    nfa_without_cp_plan,
    nfa_without_cin_plan,
    no_activity_after_assessment_closure,
    closed_with_assessment_open,
    closed_with_enquiry_open,
    closed_after_assessment_has_one,
    enquiry_has_assessment,
)
