"""Rules about the child: identifiers, characteristics and date of death (ChildIdentifiers,
ChildCharacteristics).

Source: DfE "Children in need census 2025 to 2026: validation rules", the rule numbered beside
each function; reference 2.2 to 2.4. Where Haven already checks a rule as data is entered, the
census rule calls that check (haven.statutory.rules, haven.statutory.identifiers) so that the
two can never disagree.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from haven.census.records import CensusChild
from haven.census.rules.base import (
    Problem,
    RuleContext,
    cap,
    cite,
    code_cited,
    episode_name,
    fmt,
    rule,
    uncited,
)
from haven.statutory import identifiers
from haven.statutory import rules as statutory
from haven.statutory.calendar import add_months
from haven.statutory.codes import Disability, Ethnicity

_DISABILITY_CODES = frozenset(member.code for member in Disability)
_ETHNICITY_CODES = frozenset(member.code for member in Ethnicity)


# --- Identifiers ------------------------------------------------------------------------------


@rule("8500", "LA child ID missing", "LAchildID")
def la_child_id_missing(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if not child.la_child_id.strip():
        yield Problem(
            None,
            "This child has no LA child ID, so the census cannot include them. Ask the data "
            "team to give the record an LA child ID (census rule 8500).",
        )


def _la_child_id(child: CensusChild, code: str) -> Iterator[Problem]:
    # haven.statutory.identifiers words the problem and names rule 1570 or 1580.
    if not child.la_child_id:
        return
    error = identifiers.la_child_id_error(child.la_child_id)
    if error is not None and code_cited(error) == code:
        yield Problem(None, f"{error} Ask the data team to correct the LA child ID.")


@rule("1570", "LA child ID longer than 20 characters (from 2024-25)", "LAchildID")
def la_child_id_length(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _la_child_id(child, "1570")


@rule("1580", "LA child ID not letters and digits only (from 2024-25)", "LAchildID")
def la_child_id_characters(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _la_child_id(child, "1580")


# A UPN of the wrong length or with characters outside A-Z and 0-9 has no separate rule in the
# DfE rules read; it is reported with the check-letter rule 1510, which it also fails.
_UPN_SHAPE_CODE = "1510"


def _upn(child: CensusChild, code: str) -> Iterator[Problem]:
    if not child.upn:
        return
    error = identifiers.upn_error(child.upn)
    if error is None:
        return
    found = code_cited(error)
    if found is None:
        found, error = _UPN_SHAPE_CODE, f"{error.rstrip('.')} {cite(_UPN_SHAPE_CODE)}."
    if found == code:
        yield Problem(
            # The UPN itself is left out: the data-quality page shows messages to roles that
            # see no case content.
            None,
            f"The child's UPN is not valid. {error} Correct the UPN on the child's details page.",
        )


@rule("1510", "UPN invalid (wrong check letter at character 1)", "UPN")
def upn_check_letter(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _upn(child, "1510")


@rule("1530", "UPN invalid (characters 2-4 not a recognised LA code)", "UPN")
def upn_la_number(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _upn(child, "1530")


@rule("1540", "UPN invalid (characters 5-12 not all numeric)", "UPN")
def upn_digits(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _upn(child, "1540")


@rule("1550", "UPN invalid (character 13 not a recognised value)", "UPN")
def upn_last_character(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _upn(child, "1550")


@rule(
    "1560Q",
    "Former UPN wrongly formatted",
    "FormerUPN",
    source="The same UPN checks as 1510-1550, applied to the former UPN.",
)
def former_upn(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if not child.former_upn:
        return
    error = identifiers.upn_error(child.former_upn)
    if error is not None:
        yield Problem(
            None,
            f"Please check the child's former UPN: {uncited(error)} Correct it, or remove it "
            f"if it is not a UPN {cite('1560Q')}.",
        )


# UN1 (not of school age) and UN7 (no further action) do not explain a missing UPN for a child
# of 6 or more who went on to further action; UN2 to UN6 do (DfE rule 8770Q).
_UPN_REASONS_FOR_A_SCHOOL_AGE_CHILD = frozenset({"UN2", "UN3", "UN4", "UN5", "UN6"})


@rule(
    "8770Q",
    "UPN or reason UPN missing expected for a child who is more than 5 years old",
    "UPN",
)
def upn_expected(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    birth = child.birth_date
    if child.upn or birth is None or add_months(birth, 6 * 12) > ctx.period_end:
        return
    if child.upn_unknown in _UPN_REASONS_FOR_A_SCHOOL_AGE_CHILD:
        return
    if any(not e.referral_nfa for e in child.episodes):
        yield Problem(
            None,
            f"Please check: this child is of school age but has no UPN. Record the UPN (ask the "
            f"child's school), or the reason it is not known (UN2 to UN6) {cite('8770Q')}.",
        )


@rule(
    "8772",
    "UPN unknown reason is UN7 but at least one referral went on to further action",
    "UPNunknown",
)
def upn_unknown_un7(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.upn_unknown != "UN7":
        return
    further = [e for e in child.episodes if not e.referral_nfa]
    if further:
        yield Problem(
            further[0].episode_id,
            f"The reason for having no UPN is UN7 (referral with no further action), but "
            f"{episode_name(further[0])} went on to further action. Record the child's UPN, or "
            f"choose another reason why it is not known {cite('8772')}.",
        )


# --- Birth, sex and age -----------------------------------------------------------------------


@rule(
    "8525Q",
    "Either a date of birth or an expected date of birth must be given, not both",
    "PersonBirthDate",
)
def birth_or_expected(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.birth_date is not None and child.expected_birth_date is not None:
        yield Problem(
            None,
            "Both a date of birth and an expected date of birth are recorded. Now the child is "
            f"born, remove the expected date of birth {cite('8525Q')}.",
        )
    elif child.birth_date is None and child.expected_birth_date is None:
        yield Problem(
            None,
            "Record the child's date of birth, or the expected date of birth for an unborn "
            f"child {cite('8525Q')}.",
        )


@rule(
    "8530Q",
    "Expected date of birth is outside the expected range for this census (March to December "
    "after the census year ends)",
    "ExpectedPersonBirthDate",
)
def expected_birth_in_range(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # DfE rule text: not before the reference date minus 30 days, not after it plus 9 months.
    # While the year runs, measured from today: a baby due before March is not late yet.
    expected = child.expected_birth_date
    if expected is None:
        return
    earliest = ctx.reference_date - datetime.timedelta(days=30)
    latest = add_months(ctx.reference_date, 9)
    if not earliest <= expected <= latest:
        yield Problem(
            None,
            f"Please check: the expected date of birth ({fmt(expected)}) is outside "
            f"{fmt(earliest)} to {fmt(latest)}. If the child has been born, record the date of "
            f"birth instead; otherwise correct the expected date {cite('8530Q')}.",
        )


@rule("8520", "Date of birth is after the end of the census year", "PersonBirthDate")
def birth_after_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.birth_date is not None and child.birth_date > ctx.period_end:
        yield Problem(
            None,
            f"The date of birth ({fmt(child.birth_date)}) is after the end of the census year "
            f"({fmt(ctx.period_end)}). Check the date of birth {cite('8520')}.",
        )


@rule("8775Q", "Child is over 25 years old", "PersonBirthDate")
def over_25(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    birth = child.birth_date
    if birth is None or birth >= add_months(ctx.period_end, -25 * 12):
        return
    twenty_fifth = add_months(birth, 25 * 12)
    late = [e for e in child.episodes if e.closure_date is None or e.closure_date > twenty_fifth]
    if late:
        yield Problem(
            late[0].episode_id,
            f"Please check: this young person turned 25 on {fmt(twenty_fifth)}, but "
            f"{episode_name(late[0])} was still open after that. Check the date of birth, and "
            f"close the episode if the service has ended {cite('8775Q')}.",
        )


def _sex(child: CensusChild, code: str) -> Iterator[Problem]:
    is_unborn = child.birth_date is None and child.expected_birth_date is not None
    for violation in statutory.check_unborn_sex(is_unborn, child.sex):
        if violation.code == code:
            yield Problem(None, violation.message)


@rule("4180", "Sex is missing or not M, F or U (from 2024-25)", "Sex")
def sex_valid(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _sex(child, "4180")


@rule("8750", "An unborn child must have sex U", "Sex")
def unborn_sex(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _sex(child, "8750")


# --- Ethnicity ------------------------------------------------------------------------------


@rule("4220", "Ethnicity is missing or invalid", "Ethnicity")
def ethnicity_valid(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.ethnicity not in _ETHNICITY_CODES:
        yield Problem(
            None,
            "Record the child's ethnicity on the child's details page (or 'Information not yet "
            f"obtained' until it is known) {cite('4220')}.",
        )


# --- Disabilities -----------------------------------------------------------------------------


@rule("8540", "Child's disability is missing or invalid", "Disability")
def disability_required(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    # Required where the child has a date of birth and at least one referral went on to further
    # action (reference 2.3).
    if child.birth_date is None or all(e.referral_nfa for e in child.episodes):
        return
    if not child.disabilities:
        yield Problem(
            None,
            "Record whether the child has a disability: choose 'No disability', or each of the "
            f"child's disabilities, on the child's details page {cite('8540')}.",
        )
    for code in dict.fromkeys(child.disabilities):
        if code not in _DISABILITY_CODES:
            yield Problem(
                None,
                f"{code!r} is not a disability code the census accepts. Choose the child's "
                f"disabilities again from the list on the child's details page {cite('8540')}.",
            )


def _disabilities(child: CensusChild, code: str) -> Iterator[Problem]:
    for violation in statutory.check_disabilities(list(child.disabilities)):
        if violation.code == code:
            yield Problem(None, violation.message)


@rule("8790", "'No disability' recorded with a disability", "Disability")
def disability_none_alone(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _disabilities(child, "8790")


@rule("8794", "The same disability recorded more than once", "Disability")
def disability_repeated(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    yield from _disabilities(child, "8794")


@rule("8590", "Child does not have a recorded CIN episode", "CINdetails")
def has_episode(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if not child.episodes:
        yield Problem(
            None,
            "This child is in the census but has no episode of need. Check that the child's "
            f"referral was recorded {cite('8590')}.",
        )


# --- Date of death ----------------------------------------------------------------------------


@rule("8535Q", "Date of death is before the date of birth", "PersonDeathDate")
def death_before_birth(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    death, birth = child.death_date, child.birth_date
    if death is None:
        return
    if birth is None:
        yield Problem(
            None,
            f"Please check: a date of death ({fmt(death)}) is recorded but no date of birth. "
            f"Record the date of birth {cite('8535Q')}.",
        )
    elif death < birth:
        yield Problem(
            None,
            f"Please check: the date of death ({fmt(death)}) is before the date of birth "
            f"({fmt(birth)}). Correct whichever is wrong {cite('8535Q')}.",
        )


@rule("8545Q", "Date of death should be within the census year", "PersonDeathDate")
def death_in_period(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.death_date is not None and not ctx.in_period(child.death_date):
        yield Problem(
            None,
            f"Please check the date of death ({fmt(child.death_date)}): it should be within "
            f"the census year, {fmt(ctx.period_start)} to {fmt(ctx.period_end)} "
            f"{cite('8545Q')}.",
        )


@rule("8555", "Child referred after their date of death", "CINreferralDate")
def referral_after_death(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.death_date is None:
        return
    for episode in child.episodes:
        if episode.referral_date > child.death_date:
            yield Problem(
                episode.episode_id,
                f"{cap(episode_name(episode))} is after the child's date of death "
                f"({fmt(child.death_date)}). Check the referral date and the date of death "
                f"{cite('8555')}.",
            )


@rule("8585Q", "Episode closed because the child died, but no date of death", "PersonDeathDate")
def died_without_death_date(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.death_date is not None:
        return
    for episode in child.episodes:
        if episode.closure_reason == "RC2":
            yield Problem(
                episode.episode_id,
                f"Please check: {episode_name(episode)} was closed because the child died (RC2), "
                f"but no date of death is recorded. Record the date of death on the child's "
                f"details page {cite('8585Q')}.",
            )


@rule("4008", "CIN plan starts after the child's date of death", "CINPlanStartDate")
def cin_plan_after_death(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.death_date is None:
        return
    for episode in child.episodes:
        for plan in episode.cin_plans:
            if plan.start_date > child.death_date:
                yield Problem(
                    episode.episode_id,
                    f"A child in need plan starts on {fmt(plan.start_date)}, after the child's "
                    f"date of death ({fmt(child.death_date)}). Check the plan's start date and "
                    f"the date of death {cite('4008')}.",
                )


@rule("8915", "Child protection plan starts after the child's date of death", "CPPstartDate")
def cp_plan_after_death(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    if child.death_date is None:
        return
    for episode in child.episodes:
        for plan in episode.cp_plans:
            if plan.start_date > child.death_date:
                yield Problem(
                    episode.episode_id,
                    f"A child protection plan starts on {fmt(plan.start_date)}, after the "
                    f"child's date of death ({fmt(child.death_date)}). Check the plan's start "
                    f"date and the date of death {cite('8915')}.",
                )


@rule("4009", "CIN plan cannot end after the child's date of death", "CINPlanEndDate")
def cin_plan_ends_by_death(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    death = child.death_date
    if death is None:
        return
    for episode in child.episodes:
        for plan in episode.cin_plans:
            if plan.end_date is None or plan.end_date > death:
                yield Problem(
                    episode.episode_id,
                    f"The child in need plan from {fmt(plan.start_date)} "
                    f"{'is still open' if plan.end_date is None else 'ends after'} the child's "
                    f"date of death ({fmt(death)}). End the plan on or before that date "
                    f"{cite('4009')}.",
                )


@rule("8920", "Child protection plan cannot end after the child's date of death", "CPPendDate")
def cp_plan_ends_by_death(child: CensusChild, ctx: RuleContext) -> Iterator[Problem]:
    death = child.death_date
    if death is None:
        return
    for episode in child.episodes:
        for plan in episode.cp_plans:
            if plan.end_date is None or plan.end_date > death:
                yield Problem(
                    episode.episode_id,
                    f"The child protection plan from {fmt(plan.start_date)} "
                    f"{'is still open' if plan.end_date is None else 'ends after'} the child's "
                    f"date of death ({fmt(death)}). End the plan on or before that date "
                    f"{cite('8920')}.",
                )


RULES = (
    la_child_id_missing,
    la_child_id_length,
    la_child_id_characters,
    upn_check_letter,
    upn_la_number,
    upn_digits,
    upn_last_character,
    former_upn,
    upn_expected,
    upn_unknown_un7,
    birth_or_expected,
    expected_birth_in_range,
    birth_after_period,
    over_25,
    sex_valid,
    unborn_sex,
    ethnicity_valid,
    disability_required,
    disability_none_alone,
    disability_repeated,
    has_episode,
    death_before_birth,
    death_in_period,
    referral_after_death,
    died_without_death_date,
    cin_plan_after_death,
    cin_plan_ends_by_death,
    cp_plan_after_death,
    cp_plan_ends_by_death,
)
