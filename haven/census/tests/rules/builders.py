"""Hand-built census records for the rule tests: one complete, valid story per child, which
each test changes in the one place it is about (dataclasses.replace)."""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from haven.census.records import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusSection47,
)
from haven.census.rules import RULESETS, Failure, Rule, RuleContext
from haven.census.years import census_year
from haven.statutory.calendar import WorkingDayCalendar, build_calendar
from haven.statutory.identifiers import upn_check_letter

D = datetime.date
YEAR = census_year("2025-26")
NEXT_YEAR = census_year("2026-27")
CALENDAR = build_calendar()
# The return for 2025-26, checked after the year ended: measured to 31 March 2026 (a Tuesday).
CTX = RuleContext(year=YEAR, reference_date=YEAR.reference_date, calendar=CALENDAR)
# 2026-27 ends on Wednesday 31 March 2027, after the Good Friday and Easter Monday bank
# holidays of 26 and 29 March 2027.
NEXT_CTX = RuleContext(year=NEXT_YEAR, reference_date=NEXT_YEAR.reference_date, calendar=CALENDAR)
NO_HOLIDAYS = WorkingDayCalendar()

_UPN_BODY = "201123456789"
VALID_UPN = upn_check_letter(_UPN_BODY) + _UPN_BODY


def assessment(**fields: Any) -> CensusAssessment:
    values: dict[str, Any] = {
        "start_date": D(2025, 6, 2),
        "authorisation_date": D(2025, 7, 14),
        "factors": ("16A",),
    }
    return CensusAssessment(**{**values, **fields})


def cin_plan(**fields: Any) -> CensusCINPlan:
    values: dict[str, Any] = {"start_date": D(2025, 7, 14), "end_date": D(2025, 9, 1)}
    return CensusCINPlan(**{**values, **fields})


def section47(**fields: Any) -> CensusSection47:
    values: dict[str, Any] = {
        "start_date": D(2025, 9, 1),
        "icpc_target_date": D(2025, 9, 22),
        "icpc_date": D(2025, 9, 19),
        "icpc_not_required": False,
    }
    return CensusSection47(**{**values, **fields})


def cp_plan(**fields: Any) -> CensusCPPlan:
    values: dict[str, Any] = {
        "start_date": D(2025, 9, 19),
        "end_date": None,
        "initial_category": "NEG",
        "latest_category": "NEG",
        "previous_plans": 0,
        "review_dates": (D(2025, 12, 12),),
    }
    return CensusCPPlan(**{**values, **fields})


def episode(**fields: Any) -> CensusEpisode:
    """Referral on Monday 2 June 2025; assessment; a CIN plan; a section 47 enquiry whose ICPC
    on Friday 19 September starts a CP plan that is still open, reviewed in December."""
    values: dict[str, Any] = {
        "episode_id": 10,
        "referral_date": D(2025, 6, 2),
        "referral_source": "2A",
        "primary_need": "N1",
        "closure_date": None,
        "closure_reason": "",
        "referral_nfa": False,
        "assessments": (assessment(),),
        "cin_plans": (cin_plan(),),
        "section47s": (section47(),),
        "cp_plans": (cp_plan(),),
    }
    return CensusEpisode(**{**values, **fields})


def bare_episode(**fields: Any) -> CensusEpisode:
    """A referral with nothing in it yet."""
    values: dict[str, Any] = {"assessments": (), "cin_plans": (), "section47s": (), "cp_plans": ()}
    return episode(**{**values, **fields})


def nfa_episode(**fields: Any) -> CensusEpisode:
    """A referral with no further action: no primary need, closed the same day."""
    values: dict[str, Any] = {
        "referral_nfa": True,
        "primary_need": "",
        "closure_date": D(2025, 6, 2),
        "closure_reason": "RC8",
    }
    return bare_episode(**{**values, **fields})


def child(**fields: Any) -> CensusChild:
    values: dict[str, Any] = {
        "person_id": 1,
        "la_child_id": "C0001",
        "upn": VALID_UPN,
        "birth_date": D(2016, 5, 14),
        "sex": "F",
        "ethnicity": "WBRI",
        "disabilities": ("NONE",),
        "episodes": (episode(),),
    }
    return CensusChild(**{**values, **fields})


def with_episode(**fields: Any) -> CensusChild:
    """The valid child, with its one episode changed."""
    return child(episodes=(episode(**fields),))


def replace(record: Any, **fields: Any) -> Any:
    return dataclasses.replace(record, **fields)


def rule_of(code: str, rules: tuple[Rule, ...] = RULESETS["2025-26"]) -> Rule:
    (found,) = [r for r in rules if r.code == code]
    return found


def failures(code: str, record: CensusChild, ctx: RuleContext = CTX) -> list[Failure]:
    return list(rule_of(code).check(record, ctx))
