"""Rules about assessments (the Assessments module of CINdetails).

Source: DfE "Children in need census 2025 to 2026: validation rules", the rule numbered beside
each function; reference 2.3 (factor codes) and 2.4. The factor rules call the entry-time check
haven.statutory.rules.check_assessment_factors. The end of an assessment is its authorisation
date: an assessment without one is still open (reference 2.2).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from haven.census.records import CensusAssessment, CensusChild, CensusEpisode
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

# Working Together 2023: an assessment is completed within 45 working days of the referral.
ASSESSMENT_WORKING_DAYS = 45
_CLOSED_AFTER_ASSESSMENT = ("RC8", "RC9")


def _assessments(child: CensusChild) -> Iterator[tuple[CensusEpisode, CensusAssessment]]:
    for episode in child.episodes:
        for assessment in episode.assessments:
            yield episode, assessment


def _named(assessment: CensusAssessment) -> str:
    return f"the assessment started on {fmt(assessment.start_date)}"


@rule(
    "1103",
    "The assessment start date cannot be before the referral date",
    "AssessmentActualStartDate",
)
def starts_after_referral(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        if assessment.start_date < episode.referral_date:
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} starts before {episode_name(episode)}. Correct the "
                f"start date, or check which episode it belongs to {cite('1103')}.",
            )


@rule("8608", "Assessment start date is after its end date", "AssessmentActualStartDate")
def start_before_end(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        end = assessment.authorisation_date
        if end is not None and end < assessment.start_date:
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} is shown as authorised on {fmt(end)}, before it "
                f"started. Correct the start or authorisation date {cite('8608')}.",
            )


@rule(
    "8614",
    "Factors at assessment should only be recorded for a completed assessment",
    "AssessmentFactors",
)
def factors_only_when_complete(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        if assessment.factors and assessment.authorisation_date is None:
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} has factors recorded but is not authorised yet. "
                f"Record the factors when the assessment is authorised {cite('8614')}.",
            )


def _factors(child: CensusChild, code: str) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        for violation in statutory.check_assessment_factors(list(assessment.factors)):
            if violation.code == code:
                yield Problem(episode.episode_id, f"{cap(_named(assessment))}: {violation.message}")


@rule("8869", "Factor 21 (no factors identified) recorded with other factors", "AssessmentFactors")
def no_factors_alone(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _factors(child, "8869")


@rule("8898", "The same factor recorded more than once for an assessment", "AssessmentFactors")
def factor_repeated(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _factors(child, "8898")


@rule(
    "8945Q",
    "Retired factor 18A used: use 18B or 18C (from 2024-25)",
    "AssessmentFactors",
)
def retired_factor_18a(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _factors(child, "8945Q")


@rule(
    "8950Q",
    "Retired factor 19A used: use 19B or 19C (from 2024-25)",
    "AssessmentFactors",
)
def retired_factor_19a(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _factors(child, "8950Q")


@rule(
    "8897",
    "Factors at assessment are missing from a completed assessment",
    "AssessmentFactors",
)
def factors_when_complete(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # DfE rule: checked for assessments completed in the census year.
    for episode, assessment in _assessments(child):
        end = assessment.authorisation_date
        if end is not None and end >= ctx.period_start and not assessment.factors:
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} is authorised but has no factors recorded. Record "
                f"the factors identified, or 21 'No factors identified' {cite('8897')}.",
            )


@rule("8617", "Factor code 8A is not a valid code", "AssessmentFactors")
def no_factor_8a(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        if "8A" in assessment.factors:
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} has factor 8A, which is not a census code. Choose "
                f"the private fostering factor that fits (8B to 8F) {cite('8617')}.",
            )


@rule(
    "8873Q",
    "One completed assessment with factor 21 only: the reason for closure should be RC8 or RC9",
    "ReasonForClosure",
)
def no_factors_means_closure(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        if len(episode.assessments) != 1:
            continue
        (assessment,) = episode.assessments
        if (
            assessment.authorisation_date is not None
            and "21" in assessment.factors
            and episode.closure_reason not in _CLOSED_AFTER_ASSESSMENT
        ):
            now = (
                f"is closed with {episode.closure_reason}"
                if episode.closure_reason
                else "is still open"
            )
            yield Problem(
                episode.episode_id,
                f"Please check: the only assessment in {episode_name(episode)} found no factors "
                f"(21), but the episode {now}. If nothing more is needed, close it with RC8 (no "
                f"further action) or RC9 (referred to early help); otherwise explain why "
                f"{cite('8873Q')}.",
            )


@rule("8896", "More than one open assessment in one episode", "AssessmentAuthorisationDate")
def one_open_assessment(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode in child.episodes:
        still_open = [a for a in episode.assessments if a.authorisation_date is None]
        if len(still_open) > 1:
            dates = " and ".join(fmt(a.start_date) for a in still_open)
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} has more than one open assessment (started "
                f"{dates}). Authorise or end the earlier one {cite('8896')}.",
            )


@rule(
    "8863",
    "An assessment starts while another assessment is ongoing",
    "AssessmentActualStartDate",
)
def assessments_do_not_overlap(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # DfE rule: within one episode, an assessment starts on or after another's start and before
    # its authorisation (or the reference date, if it is still open).
    for episode in child.episodes:
        assessments = episode.assessments
        for i, a in enumerate(assessments):
            clash = [
                b
                for j, b in enumerate(assessments)
                if j != i
                and b.start_date
                <= a.start_date
                < (b.authorisation_date or ctx.reference_date + datetime.timedelta(days=1))
            ]
            if clash:
                yield Problem(
                    episode.episode_id,
                    f"{cap(_named(a))} starts while {_named(clash[0])} is still going on. "
                    f"Authorise the earlier assessment first, or correct the dates "
                    f"{cite('8863')}.",
                )


@rule(
    "8670Q",
    "Assessment started more than 45 working days before the end of the census year, with no "
    "end date",
    "AssessmentAuthorisationDate",
    source=(
        "Counted as the DfE census queries count: the start day is working day 1 (reference "
        "1.5). While the year is running, counted to today."
    ),
)
def assessment_overdue(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        if assessment.authorisation_date is not None:
            continue
        days = ctx.calendar.working_days_between_inclusive_start(
            assessment.start_date, ctx.reference_date
        )
        if days > ASSESSMENT_WORKING_DAYS:
            yield Problem(
                episode.episode_id,
                f"Please check: {_named(assessment)} has been open for {days} working days "
                f"(by {fmt(ctx.reference_date)}) and has no authorisation date. If it has been "
                f"authorised, record the date; if not, it is overdue (45 working days) "
                f"{cite('8670Q')}.",
            )


@rule("8696", "Assessment end date must fall within the census year", "AssessmentAuthorisationDate")
def end_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # An assessment authorised before the census year was returned last year: this year's
    # return should leave it out. If the date is right, the return (not the record) needs
    # changing, so the message says so as well as how to correct a wrong date.
    for episode, assessment in _assessments(child):
        end = assessment.authorisation_date
        if end is not None and not ctx.in_period(end):
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} was authorised on {fmt(end)}, outside the census "
                f"year ({fmt(ctx.period_start)} to {fmt(ctx.period_end)}), so the return should "
                f"not include it. If the date is wrong, correct it; if it is right, tell the "
                f"data team {cite('8696')}.",
            )


@rule(
    "8736",
    "For an assessment that has not been completed, the start date must fall within the census "
    "year",
    "AssessmentActualStartDate",
)
def open_assessment_starts_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    for episode, assessment in _assessments(child):
        if assessment.authorisation_date is None and not ctx.in_period(assessment.start_date):
            yield Problem(
                episode.episode_id,
                f"{cap(_named(assessment))} is still not authorised, and started outside the "
                f"census year ({fmt(ctx.period_start)} to {fmt(ctx.period_end)}). Record its "
                f"authorisation date, or check the start date {cite('8736')}.",
            )


RULES = (
    starts_after_referral,
    start_before_end,
    factors_only_when_complete,
    no_factors_alone,
    factor_repeated,
    retired_factor_18a,
    retired_factor_19a,
    factors_when_complete,
    no_factor_8a,
    no_factors_means_closure,
    one_open_assessment,
    assessments_do_not_overlap,
    assessment_overdue,
    end_in_period,
    open_assessment_starts_in_period,
)
