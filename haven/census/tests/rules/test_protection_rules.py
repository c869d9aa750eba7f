"""Rules about section 47 enquiries, ICPCs, CP plans and CIN plans
(haven.census.rules.protection): a failing and a passing case for each, and the working-day
boundaries of 8675Q (weekends, bank holidays, year end)."""

from __future__ import annotations

import pytest

from haven.census.records import CensusChild
from haven.census.rules import RuleContext
from haven.census.tests.rules.builders import (
    CALENDAR,
    NEXT_CTX,
    NEXT_YEAR,
    NO_HOLIDAYS,
    YEAR,
    D,
    bare_episode,
    child,
    cin_plan,
    cp_plan,
    episode,
    failures,
    replace,
    section47,
    with_episode,
)

AWAITING = {"icpc_date": None, "icpc_target_date": None, "icpc_not_required": False}


def enquiries(*found: object, **episode_fields: object) -> CensusChild:
    return child(episodes=(bare_episode(section47s=found, **episode_fields),))


FAILING: list[tuple[str, CensusChild]] = [
    (
        "8839",
        enquiries(
            section47(start_date=D(2026, 3, 20), **AWAITING),
            section47(start_date=D(2026, 3, 23), **AWAITING),
        ),
    ),
    # The second enquiry starts before the first one's ICPC on 19 September.
    ("8890", enquiries(section47(), section47(start_date=D(2025, 9, 10)))),
    ("8675Q", enquiries(section47(start_date=D(2026, 3, 10), **AWAITING))),
    ("8875", enquiries(section47(icpc_date=D(2025, 9, 20)))),  # a Saturday
    ("8875", child(episodes=(bare_episode(icpc_date=D(2025, 9, 21)),))),  # on the episode: Sunday
    ("8870Q", enquiries(section47(icpc_target_date=D(2025, 9, 21)))),
    ("2884", with_episode(icpc_date=D(2025, 9, 19))),
    ("2885", with_episode(cp_plans=(cp_plan(start_date=D(2025, 9, 22)),))),
    ("2885", child(episodes=(bare_episode(cp_plans=(cp_plan(),)),))),  # no ICPC at all
    (
        "8935",
        child(
            episodes=(
                episode(),
                bare_episode(episode_id=11, cp_plans=(cp_plan(start_date=D(2025, 11, 3)),)),
            )
        ),
    ),
    (
        "8940",
        with_episode(
            cp_plans=(
                cp_plan(end_date=D(2025, 11, 3)),
                cp_plan(start_date=D(2025, 11, 2), review_dates=()),
            )
        ),
    ),
    ("8841", with_episode(cp_plans=(cp_plan(review_dates=(D(2025, 9, 19),)),))),
    ("4001", with_episode(cin_plans=(cin_plan(start_date=D(2025, 10, 1), end_date=None),))),
    (
        "4016",
        with_episode(cin_plans=(cin_plan(start_date=D(2025, 10, 1), end_date=D(2025, 10, 2)),)),
    ),
    ("4017", with_episode(cin_plans=(cin_plan(end_date=D(2025, 9, 22)),))),
    (
        "4003",
        with_episode(
            # The review on 12 December falls in a CIN plan recorded in the same episode.
            cp_plans=(cp_plan(),),
            cin_plans=(cin_plan(start_date=D(2025, 12, 1), end_date=D(2025, 12, 20)),),
        ),
    ),
]

PASSING: list[tuple[str, CensusChild]] = [
    (
        "8839",
        enquiries(
            section47(start_date=D(2026, 3, 20), **AWAITING),
            section47(start_date=D(2026, 3, 23), icpc_date=None, icpc_not_required=True),
        ),
    ),
    (
        "8890",
        enquiries(section47(), section47(start_date=D(2025, 9, 20), icpc_date=D(2025, 10, 3))),
    ),
    ("8675Q", enquiries(section47(start_date=D(2026, 3, 11), **AWAITING))),
    (
        "8675Q",
        enquiries(section47(start_date=D(2025, 9, 1), icpc_date=None, icpc_not_required=True)),
    ),
    ("8875", enquiries(section47())),
    ("8870Q", enquiries(section47(icpc_target_date=D(2025, 9, 22)))),
    ("2884", child(episodes=(bare_episode(icpc_date=D(2025, 9, 19)),))),
    ("2885", with_episode()),
    # A plan from before the census year: its ICPC was in that year's return.
    (
        "2885",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6), cp_plans=(cp_plan(start_date=D(2025, 3, 3)),)
                ),
            )
        ),
    ),
    (
        "8935",
        child(
            episodes=(
                episode(cp_plans=(cp_plan(end_date=D(2025, 11, 3)),)),
                bare_episode(episode_id=11, cp_plans=(cp_plan(start_date=D(2025, 11, 3)),)),
            )
        ),
    ),
    # A plan may start on the day the last one ended (the database's own 8940 constraint).
    (
        "8940",
        with_episode(
            cp_plans=(
                cp_plan(end_date=D(2025, 11, 3)),
                cp_plan(start_date=D(2025, 11, 3), review_dates=()),
            )
        ),
    ),
    ("8841", with_episode(cp_plans=(cp_plan(review_dates=(D(2025, 9, 22),)),))),
    ("4001", with_episode()),
    (
        "4016",
        child(
            episodes=(
                bare_episode(
                    cp_plans=(cp_plan(end_date=D(2025, 10, 1)),),
                    cin_plans=(cin_plan(start_date=D(2025, 10, 1), end_date=None),),
                ),
            )
        ),
    ),
    ("4017", with_episode(cin_plans=(cin_plan(end_date=D(2025, 9, 19)),))),
    # A review on the day the plan ends may fall in the CIN plan that follows it.
    (
        "4003",
        with_episode(
            cp_plans=(cp_plan(end_date=D(2025, 12, 12)),),
            cin_plans=(cin_plan(start_date=D(2025, 12, 12), end_date=None),),
        ),
    ),
]


# Further DfE rules (haven.census.rules.protection).
FURTHER_FAILING: list[tuple[str, CensusChild]] = [
    ("2889", enquiries(section47(start_date=D(2025, 5, 30)))),
    ("1104", enquiries(section47(start_date=D(2025, 5, 29), icpc_date=D(2025, 5, 30)))),
    ("1104", child(episodes=(bare_episode(icpc_date=D(2025, 5, 30)),))),
    ("8615", enquiries(section47(start_date=D(2025, 9, 22)))),  # after its ICPC on 19 September
    (
        "8715",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6),
                    section47s=(section47(start_date=D(2025, 3, 3), icpc_date=D(2025, 3, 21)),),
                ),
            )
        ),
    ),
    (
        "8740",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6),
                    section47s=(section47(start_date=D(2025, 3, 31), **AWAITING),),
                ),
            )
        ),
    ),
    ("8905", with_episode(cp_plans=(cp_plan(initial_category=""),))),
    ("8910", with_episode(cp_plans=(cp_plan(latest_category="XYZ"),))),
    ("1105", child(episodes=(bare_episode(cp_plans=(cp_plan(start_date=D(2025, 5, 30)),)),))),
    ("8720", child(episodes=(bare_episode(cp_plans=(cp_plan(start_date=D(2026, 4, 1)),)),))),
    ("8925", with_episode(cp_plans=(cp_plan(end_date=D(2025, 9, 18)),))),
    ("8840", with_episode(cp_plans=(cp_plan(end_date=D(2025, 9, 19)),))),
    (
        "8930",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6),
                    cp_plans=(cp_plan(start_date=D(2025, 1, 20), end_date=D(2025, 3, 31)),),
                ),
            )
        ),
    ),
    (
        "4004",
        with_episode(
            cin_plans=(cin_plan(end_date=None), cin_plan(start_date=D(2025, 8, 1), end_date=None)),
            cp_plans=(),
            section47s=(),
        ),
    ),
    (
        "4010",
        child(
            episodes=(bare_episode(cin_plans=(cin_plan(start_date=D(2026, 4, 1), end_date=None),)),)
        ),
    ),
    ("4011", with_episode(cin_plans=(cin_plan(end_date=D(2025, 7, 1)),))),
    ("4012Q", with_episode(cin_plans=(cin_plan(end_date=D(2025, 7, 14)),))),
    (
        "4013",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6),
                    cin_plans=(cin_plan(start_date=D(2025, 1, 20), end_date=D(2025, 3, 31)),),
                ),
            )
        ),
    ),
    (
        "4014",
        with_episode(
            cin_plans=(cin_plan(), cin_plan(start_date=D(2025, 8, 1), end_date=D(2025, 8, 20)))
        ),
    ),
    ("4015", child(episodes=(bare_episode(cin_plans=(cin_plan(start_date=D(2025, 5, 30)),)),))),
]

FURTHER_PASSING: list[tuple[str, CensusChild]] = [
    ("2889", enquiries(section47(start_date=D(2025, 6, 2), icpc_date=D(2025, 6, 20)))),
    ("1104", with_episode()),
    ("8615", enquiries(section47(start_date=D(2025, 9, 19)))),  # ICPC the same day
    ("8715", enquiries(section47(start_date=D(2026, 3, 16), icpc_date=D(2026, 3, 31)))),
    ("8740", enquiries(section47(start_date=D(2025, 4, 1), **AWAITING))),
    ("8905", with_episode()),
    ("8910", with_episode(cp_plans=(cp_plan(latest_category="MUL"),))),
    ("1105", with_episode()),
    ("8720", with_episode(cp_plans=(cp_plan(start_date=D(2026, 3, 31)),))),
    ("8925", with_episode(cp_plans=(cp_plan(end_date=D(2025, 9, 20)),))),
    ("8840", with_episode(cp_plans=(cp_plan(end_date=D(2025, 9, 20)),))),
    ("8930", with_episode(cp_plans=(cp_plan(end_date=D(2026, 3, 31)),))),
    ("4004", with_episode()),
    ("4010", with_episode()),
    ("4011", with_episode()),
    ("4012Q", with_episode()),
    ("4013", with_episode(cin_plans=(cin_plan(start_date=D(2025, 3, 3), end_date=D(2025, 4, 1)),))),
    # A plan may start on the day the last one ended.
    (
        "4014",
        with_episode(
            cin_plans=(cin_plan(), cin_plan(start_date=D(2025, 9, 1), end_date=D(2025, 9, 19)))
        ),
    ),
    ("4015", with_episode()),
]


@pytest.mark.parametrize(("code", "record"), FAILING + FURTHER_FAILING)
def test_the_rule_fails_and_says_what_to_fix(code: str, record: CensusChild) -> None:
    found = failures(code, record)

    assert found, code
    assert {f.code for f in found} == {code}
    assert all(code in f.message for f in found)
    assert found[0].episode_id == 10


@pytest.mark.parametrize(("code", "record"), PASSING + FURTHER_PASSING)
def test_the_rule_passes(code: str, record: CensusChild) -> None:
    assert failures(code, record) == []


def awaiting_from(start: D) -> CensusChild:
    return enquiries(section47(start_date=start, **AWAITING))


class TestConferenceOverdue:
    """8675Q counts the start day as working day 1 (reference 1.5): a section 47 enquiry with
    no ICPC (and one still expected) is queried after more than 15 working days."""

    def test_the_boundary_at_tuesday_31_march_2026(self) -> None:
        # 11 to 31 March 2026 is 15 working days, both included; 10 March is 16.
        assert failures("8675Q", awaiting_from(D(2026, 3, 11))) == []
        (found,) = failures("8675Q", awaiting_from(D(2026, 3, 10)))
        assert "for 16 working days (by 31 March 2026)" in found.message

    def test_a_weekend_start_counts_from_the_monday(self) -> None:
        # Saturday 7 March 2026 counts as Monday 9 March: 17 working days.
        (found,) = failures("8675Q", awaiting_from(D(2026, 3, 7)))
        assert "for 17 working days" in found.message

    def test_easter_2027_bank_holidays_are_not_working_days(self) -> None:
        # Tuesday 9 March to Wednesday 31 March 2027 is 15 working days because of Good Friday
        # and Easter Monday; without them it would be 17.
        assert failures("8675Q", awaiting_from(D(2027, 3, 9)), NEXT_CTX) == []
        assert failures("8675Q", awaiting_from(D(2027, 3, 8)), NEXT_CTX) != []
        without_holidays = replace(NEXT_CTX, calendar=NO_HOLIDAYS)
        assert failures("8675Q", awaiting_from(D(2027, 3, 9)), without_holidays) != []

    def test_an_enquiry_started_at_the_year_end_is_not_queried(self) -> None:
        assert failures("8675Q", awaiting_from(NEXT_YEAR.reference_date), NEXT_CTX) == []

    def test_while_the_year_runs_it_counts_to_today(self) -> None:
        live = RuleContext.for_year(YEAR, today=D(2025, 10, 10), calendar=CALENDAR)

        # 22 September to Friday 10 October 2025 is 15 working days.
        assert failures("8675Q", awaiting_from(D(2025, 9, 22)), live) == []
        assert failures("8675Q", awaiting_from(D(2025, 9, 19)), live) != []


def test_2885_names_the_conference_the_plan_should_start_on() -> None:
    (found,) = failures("2885", with_episode(cp_plans=(cp_plan(start_date=D(2025, 9, 22)),)))

    assert found.message == (
        "A child protection plan starts on the day of the initial child protection conference "
        "that decided it (19 September 2025), not 22 September 2025 (census rule 2885)."
    )
