"""CIN census validation rules applied at the point of entry (census year 2025-26).

Each check is a pure function returning a list of :class:`RuleViolation`; an empty list means
the data passes. Messages are written for a social worker and name the DfE rule code so a
data team can match them to the census validation report.

Source for every rule here: DfE "Children in need census 2025 to 2026: validation rules"
(errors have numeric codes; queries end in Q, and are warnings the LA may explain rather than
errors it must fix). Wording of the rule conditions was checked against the public
implementation in ``data-to-insight/csc-validator-be-cin``. Rules change between census years;
keep any change here dated to its census year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from haven.statutory.calendar import is_weekend
from haven.statutory.codes import (
    RETIRED_ASSESSMENT_FACTORS,
    AssessmentFactor,
    Disability,
    ReasonForClosure,
    Sex,
)

__all__ = [
    "UNBORN_REFERRAL_WINDOW",
    "UNKNOWN_CODE",
    "RuleViolation",
    "check_assessment_factors",
    "check_closure",
    "check_cp_plan_start",
    "check_disabilities",
    "check_icpc_date",
    "check_icpc_target_date",
    "check_referral_after_birth_window",
    "check_review_after_plan_start",
    "check_unborn_sex",
    "date_ranges_overlap",
]


UNKNOWN_CODE = "UNKNOWN_CODE"
"""Violation code for a value that is not in the census code list (no DfE rule number)."""


@dataclass(frozen=True)
class RuleViolation:
    """One failed rule: the DfE rule code (e.g. "8875" or "8870Q") and a plain message."""

    code: str
    message: str

    @property
    def is_query(self) -> bool:
        """True for a census *query* (a warning to check), False for an error."""
        return self.code.endswith("Q")


def _fmt(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


_FACTOR_CODES = frozenset(member.code for member in AssessmentFactor)
_DISABILITY_CODES = frozenset(member.code for member in Disability)
_CLOSURE_CODES = frozenset(member.code for member in ReasonForClosure)
_SEX_CODES = frozenset(member.code for member in Sex)


def check_assessment_factors(codes: Sequence[str]) -> list[RuleViolation]:
    """Check the factors identified at the end of an assessment.

    * Rule 8869: factor 21 ("no factors identified") must be the only factor.
    * Rule 8898: the same factor must not be recorded twice for one assessment.
    * Codes outside the 2025-26 list are refused. 18A and 19A were retired in 2020-21 (and are
      queried by 8945Q/8950Q from 2024-25): they are refused with a pointer to 18B/18C, 19B/19C.
    """
    violations: list[RuleViolation] = []
    for code in dict.fromkeys(codes):  # unique, in the order given
        if code in RETIRED_ASSESSMENT_FACTORS:
            query = "8945Q" if code == "18A" else "8950Q"
            replacement = "18B or 18C" if code == "18A" else "19B or 19C"
            violations.append(
                RuleViolation(
                    query,
                    f"Factor {code} is no longer used. Choose {replacement} instead, to say "
                    f"whether the abuse was by another child or by an adult "
                    f"(census query {query}).",
                )
            )
        elif code not in _FACTOR_CODES:
            violations.append(
                RuleViolation(
                    UNKNOWN_CODE,
                    f"{code!r} is not a factor code in the 2025-26 children in need census.",
                )
            )
    if AssessmentFactor.NO_FACTORS.code in codes and len(set(codes)) > 1:
        violations.append(
            RuleViolation(
                "8869",
                "You have chosen 'No factors identified' (21) together with other factors. "
                "Either remove 21 or remove the other factors (census rule 8869).",
            )
        )
    repeated = sorted(code for code, count in Counter(codes).items() if count > 1)
    if repeated:
        violations.append(
            RuleViolation(
                "8898",
                f"Each factor can only be recorded once for an assessment; "
                f"{', '.join(repeated)} appears more than once (census rule 8898).",
            )
        )
    return violations


def check_disabilities(codes: Sequence[str]) -> list[RuleViolation]:
    """Check a child's disability codes.

    * Rule 8790: NONE ("no disability") cannot be recorded with any other code.
    * Rule 8794: the same disability code must not be recorded twice.
    * Codes outside the 13-code list are refused.
    """
    violations: list[RuleViolation] = []
    unknown = [code for code in dict.fromkeys(codes) if code not in _DISABILITY_CODES]
    for code in unknown:
        violations.append(
            RuleViolation(
                UNKNOWN_CODE, f"{code!r} is not a disability code in the children in need census."
            )
        )
    if Disability.NONE.code in codes and len(set(codes)) > 1:
        violations.append(
            RuleViolation(
                "8790",
                "'No disability' cannot be recorded together with a disability. Remove one or "
                "the other (census rule 8790).",
            )
        )
    repeated = sorted(code for code, count in Counter(codes).items() if count > 1)
    if repeated:
        violations.append(
            RuleViolation(
                "8794",
                f"Each disability can only be recorded once; {', '.join(repeated)} appears more "
                f"than once (census rule 8794).",
            )
        )
    return violations


def check_icpc_date(d: date) -> list[RuleViolation]:
    """Rule 8875 (error): the date of the initial child protection conference is not a weekend."""
    if is_weekend(d):
        return [
            RuleViolation(
                "8875",
                f"The initial child protection conference cannot be on a Saturday or Sunday "
                f"({d:%A} {_fmt(d)}) (census rule 8875).",
            )
        ]
    return []


def check_icpc_target_date(d: date) -> list[RuleViolation]:
    """Query 8870Q: the ICPC target date (``InitialCPCtarget``) should not be a weekend."""
    if is_weekend(d):
        return [
            RuleViolation(
                "8870Q",
                f"The target date for the initial child protection conference falls on a "
                f"{d:%A} ({_fmt(d)}). Please check it: a target date should be a weekday "
                f"(census query 8870Q).",
            )
        ]
    return []


def check_unborn_sex(is_unborn: bool, sex: str) -> list[RuleViolation]:
    """Rule 8750: an unborn child (expected birth date, no birth date) must have Sex U.

    Also refuses a code other than M, F or U (rule 4180, Sex required and valid from 2024-25).
    """
    if sex not in _SEX_CODES:
        return [
            RuleViolation(
                "4180",
                f"Sex must be recorded as M (male), F (female) or U (unknown), not {sex!r} "
                f"(census rule 4180).",
            )
        ]
    if is_unborn and sex != Sex.UNKNOWN.code:
        return [
            RuleViolation(
                "8750",
                "For an unborn child, sex must be recorded as U (unknown) until the child is "
                "born (census rule 8750).",
            )
        ]
    return []


def check_closure(closure_date: date | None, reason: str | None) -> list[RuleViolation]:
    """Rules 8805 and 8810: a closure date and a reason for closure go together.

    8805: a closure date needs a reason. 8810: a reason needs a closure date. A reason that is
    not an RC code is refused as well.
    """
    has_reason = bool(reason)
    if closure_date is not None and not has_reason:
        return [
            RuleViolation(
                "8805",
                "You have entered a closure date but no reason for closure. Choose the reason "
                "the case is closing (census rule 8805).",
            )
        ]
    if has_reason and closure_date is None:
        return [
            RuleViolation(
                "8810",
                "You have chosen a reason for closure but no closure date. Enter the date the "
                "case closed (census rule 8810).",
            )
        ]
    if has_reason and reason not in _CLOSURE_CODES:
        return [
            RuleViolation(
                UNKNOWN_CODE, f"{reason!r} is not a reason for closure code (RC1 to RC9)."
            )
        ]
    return []


UNBORN_REFERRAL_WINDOW = timedelta(days=280)
"""40 weeks: the furthest a referral may be before the (expected) date of birth (rule 8606)."""


def check_referral_after_birth_window(
    referral_date: date, birth_or_expected: date
) -> list[RuleViolation]:
    """Rule 8606: the referral is not more than 40 weeks (280 days) before the (expected) DOB.

    A referral exactly 280 days before is allowed; 281 days before is not.
    """
    if referral_date < birth_or_expected - UNBORN_REFERRAL_WINDOW:
        return [
            RuleViolation(
                "8606",
                f"The referral date ({_fmt(referral_date)}) is more than 40 weeks before the "
                f"child's date of birth or expected date of birth ({_fmt(birth_or_expected)}). "
                f"Check both dates (census rule 8606).",
            )
        ]
    return []


def check_cp_plan_start(plan_start: date, icpc_date: date) -> list[RuleViolation]:
    """Rule 2885: a child protection plan starts on the day of the ICPC that decided it."""
    if plan_start != icpc_date:
        return [
            RuleViolation(
                "2885",
                f"A child protection plan starts on the day of the initial child protection "
                f"conference that decided it ({_fmt(icpc_date)}), not {_fmt(plan_start)} "
                f"(census rule 2885).",
            )
        ]
    return []


def check_review_after_plan_start(review: date, plan_start: date) -> list[RuleViolation]:
    """Rule 8841: a review conference is after the plan start (not the same day or before)."""
    if review <= plan_start:
        return [
            RuleViolation(
                "8841",
                f"A review conference must be after the child protection plan started "
                f"({_fmt(plan_start)}); {_fmt(review)} is not (census rule 8841).",
            )
        ]
    return []


def date_ranges_overlap(
    a_start: date,
    a_end: date | None,
    b_start: date,
    b_end: date | None,
    *,
    allow_touching: bool = False,
) -> bool:
    """Return True if two inclusive date ranges share a day; an end of ``None`` = still open.

    Used for the overlap rules (8815/8816/8820 episodes, 8840/8890/8896 assessments and s47s,
    8935/8940 CP plans, 4001/4016/4017 CIN plan with CP plan).

    By default ranges that touch (one ends the day the other starts) overlap, because both are
    open on that day. With ``allow_touching=True`` they do not: the DfE note to rule 8820 says
    "the end date of one referral may be the same as the start date of the following referral".
    Two ranges that start on the same day always overlap.
    """
    for start, end in ((a_start, a_end), (b_start, b_end)):
        if end is not None and end < start:
            raise ValueError(f"A range cannot end ({end}) before it starts ({start})")
    a_finish = a_end if a_end is not None else date.max
    b_finish = b_end if b_end is not None else date.max
    if a_start == b_start:
        return True
    if allow_touching:
        return a_start < b_finish and b_start < a_finish
    return a_start <= b_finish and b_start <= a_finish
