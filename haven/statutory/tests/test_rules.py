"""CIN census validation rules at the point of entry (reference section 2.4)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from haven.statutory.rules import (
    UNKNOWN_CODE,
    RuleViolation,
    check_assessment_factors,
    check_closure,
    check_cp_plan_start,
    check_disabilities,
    check_icpc_date,
    check_icpc_target_date,
    check_referral_after_birth_window,
    check_review_after_plan_start,
    check_unborn_sex,
    date_ranges_overlap,
)


def codes(violations: Sequence[RuleViolation]) -> list[str]:
    return [v.code for v in violations]


def assert_messages_name_their_rule(violations: Sequence[RuleViolation]) -> None:
    for v in violations:
        assert v.message.endswith(".")
        if v.code != UNKNOWN_CODE:
            assert v.code in v.message


# --- assessment factors (8869, 8898) ------------------------------------------------------


@pytest.mark.parametrize(
    ("factors", "expected"),
    [
        ([], []),
        (["21"], []),
        (["3B", "4B", "16A"], []),
        (["18B", "19C", "24A", "22A", "23A"], []),
        (["21", "3B"], ["8869"]),
        (["3B", "21"], ["8869"]),
        (["3B", "3B"], ["8898"]),
        (["21", "21"], ["8898"]),
        (["21", "3B", "3B"], ["8869", "8898"]),
        (["18A"], ["8945Q"]),
        (["19A", "3B"], ["8950Q"]),
        (["99Z"], [UNKNOWN_CODE]),
        (["3b"], [UNKNOWN_CODE]),
    ],
)
def test_check_assessment_factors(factors: list[str], expected: list[str]) -> None:
    violations = check_assessment_factors(factors)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


def test_factor_messages_are_plain() -> None:
    [violation] = check_assessment_factors(["21", "16A"])
    assert "No factors identified" in violation.message
    assert "(census rule 8869)" in violation.message
    [retired] = check_assessment_factors(["18A"])
    assert "18B or 18C" in retired.message
    assert retired.is_query


# --- disabilities (8790, 8794) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("disabilities", "expected"),
    [
        ([], []),
        (["NONE"], []),
        (["MOB", "AUT"], []),
        (["NONE", "MOB"], ["8790"]),
        (["AUT", "AUT"], ["8794"]),
        (["NONE", "NONE"], ["8794"]),
        (["NONE", "LD", "LD"], ["8790", "8794"]),
        (["BLIND"], [UNKNOWN_CODE]),
    ],
)
def test_check_disabilities(disabilities: list[str], expected: list[str]) -> None:
    violations = check_disabilities(disabilities)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


# --- ICPC dates (8875, 8870Q) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "weekend"),
    [
        (date(2027, 1, 8), False),  # Friday
        (date(2027, 1, 9), True),  # Saturday
        (date(2027, 1, 10), True),  # Sunday
        (date(2027, 1, 11), False),  # Monday
        (date(2026, 12, 28), False),  # bank holiday, but the rule is about weekends only
    ],
)
def test_icpc_dates(d: date, weekend: bool) -> None:
    assert codes(check_icpc_date(d)) == (["8875"] if weekend else [])
    assert codes(check_icpc_target_date(d)) == (["8870Q"] if weekend else [])


def test_icpc_weekend_message() -> None:
    [violation] = check_icpc_date(date(2027, 1, 9))
    assert violation.message == (
        "The initial child protection conference cannot be on a Saturday or Sunday "
        "(Saturday 9 January 2027) (census rule 8875)."
    )
    assert not violation.is_query
    [query] = check_icpc_target_date(date(2027, 1, 10))
    assert query.is_query
    assert "8870Q" in query.message


# --- sex of an unborn child (8750, 4180) --------------------------------------------------


@pytest.mark.parametrize(
    ("is_unborn", "sex", "expected"),
    [
        (True, "U", []),
        (True, "M", ["8750"]),
        (True, "F", ["8750"]),
        (False, "M", []),
        (False, "F", []),
        (False, "U", []),
        (False, "1", ["4180"]),  # old GenderCurrent code
        (True, "", ["4180"]),
    ],
)
def test_check_unborn_sex(is_unborn: bool, sex: str, expected: list[str]) -> None:
    violations = check_unborn_sex(is_unborn, sex)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


# --- closure (8805, 8810) -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("closure_date", "reason", "expected"),
    [
        (None, None, []),
        (None, "", []),
        (date(2026, 3, 31), "RC8", []),
        (date(2026, 3, 31), "RC9", []),
        (date(2026, 3, 31), None, ["8805"]),
        (date(2026, 3, 31), "", ["8805"]),
        (None, "RC7", ["8810"]),
        (date(2026, 3, 31), "RC10", [UNKNOWN_CODE]),
    ],
)
def test_check_closure(closure_date: date | None, reason: str | None, expected: list[str]) -> None:
    violations = check_closure(closure_date, reason)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


# --- referral before birth (8606) ---------------------------------------------------------

DOB = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("referral", "expected"),
    [
        (date(2025, 9, 23), []),  # exactly 280 days (40 weeks) before: allowed
        (date(2025, 9, 22), ["8606"]),  # 281 days before
        (date(2024, 1, 1), ["8606"]),
        (date(2026, 6, 30), []),
        (date(2030, 1, 1), []),  # long after birth: fine for this rule
    ],
)
def test_check_referral_after_birth_window(referral: date, expected: list[str]) -> None:
    violations = check_referral_after_birth_window(referral, DOB)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


# --- CP plan start (2885) and reviews (8841) ----------------------------------------------


@pytest.mark.parametrize(
    ("plan_start", "icpc", "expected"),
    [
        (date(2027, 1, 12), date(2027, 1, 12), []),
        (date(2027, 1, 13), date(2027, 1, 12), ["2885"]),
        (date(2027, 1, 11), date(2027, 1, 12), ["2885"]),
    ],
)
def test_check_cp_plan_start(plan_start: date, icpc: date, expected: list[str]) -> None:
    violations = check_cp_plan_start(plan_start, icpc)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


@pytest.mark.parametrize(
    ("review", "plan_start", "expected"),
    [
        (date(2027, 4, 12), date(2027, 1, 12), []),
        (date(2027, 1, 13), date(2027, 1, 12), []),
        (date(2027, 1, 12), date(2027, 1, 12), ["8841"]),  # same day is not allowed
        (date(2027, 1, 11), date(2027, 1, 12), ["8841"]),
    ],
)
def test_check_review_after_plan_start(review: date, plan_start: date, expected: list[str]) -> None:
    violations = check_review_after_plan_start(review, plan_start)
    assert codes(violations) == expected
    assert_messages_name_their_rule(violations)


# --- overlapping ranges -------------------------------------------------------------------

D = date


@pytest.mark.parametrize(
    ("a_start", "a_end", "b_start", "b_end", "overlap", "overlap_if_touching_allowed"),
    [
        (D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 11), D(2026, 1, 20), False, False),
        (D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 10), D(2026, 1, 20), True, False),  # touch
        (D(2026, 1, 10), D(2026, 1, 20), D(2026, 1, 1), D(2026, 1, 10), True, False),  # touch
        (D(2026, 1, 1), D(2026, 1, 10), D(2026, 1, 9), D(2026, 1, 20), True, True),
        (D(2026, 1, 1), D(2026, 1, 31), D(2026, 1, 9), D(2026, 1, 10), True, True),  # inside
        (D(2026, 1, 1), None, D(2026, 6, 1), D(2026, 6, 2), True, True),  # open A
        (D(2026, 1, 1), D(2026, 1, 10), D(2026, 2, 1), None, False, False),  # open B later
        (D(2026, 2, 1), None, D(2026, 1, 1), D(2026, 1, 31), False, False),
        (D(2026, 1, 1), None, D(2026, 3, 1), None, True, True),  # both open
        (D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 9), True, True),  # same start
        (D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 5), D(2026, 1, 5), True, True),
    ],
)
def test_date_ranges_overlap(
    a_start: date,
    a_end: date | None,
    b_start: date,
    b_end: date | None,
    overlap: bool,
    overlap_if_touching_allowed: bool,
) -> None:
    assert date_ranges_overlap(a_start, a_end, b_start, b_end) is overlap
    assert date_ranges_overlap(b_start, b_end, a_start, a_end) is overlap
    assert (
        date_ranges_overlap(a_start, a_end, b_start, b_end, allow_touching=True)
        is overlap_if_touching_allowed
    )


def test_date_range_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        date_ranges_overlap(D(2026, 1, 10), D(2026, 1, 1), D(2026, 1, 1), None)
