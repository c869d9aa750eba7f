"""Rules about assessments (haven.census.rules.assessments): a failing and a passing case for
each, and the working-day boundaries of 8670Q (weekends, bank holidays, year end)."""

from __future__ import annotations

import pytest

from haven.census.records import CensusChild
from haven.census.rules import RuleContext
from haven.census.tests.rules.builders import (
    CALENDAR,
    CTX,
    NEXT_CTX,
    NEXT_YEAR,
    NO_HOLIDAYS,
    YEAR,
    D,
    assessment,
    bare_episode,
    child,
    failures,
    replace,
)


def with_assessments(*assessments: object, **episode_fields: object) -> CensusChild:
    return child(episodes=(bare_episode(assessments=assessments, **episode_fields),))


OPEN = {"authorisation_date": None, "factors": ()}

FAILING: list[tuple[str, CensusChild]] = [
    ("8608", with_assessments(assessment(authorisation_date=D(2025, 6, 1)))),
    ("8614", with_assessments(assessment(authorisation_date=None, start_date=D(2026, 3, 2)))),
    ("8869", with_assessments(assessment(factors=("21", "16A")))),
    ("8898", with_assessments(assessment(factors=("16A", "16A")))),
    ("8945Q", with_assessments(assessment(factors=("18A",)))),
    ("8950Q", with_assessments(assessment(factors=("19A",)))),
    (
        "8873Q",
        with_assessments(
            assessment(factors=("21",)), closure_date=D(2025, 7, 14), closure_reason="RC7"
        ),
    ),
    ("8873Q", with_assessments(assessment(factors=("21",)))),  # still open
    (
        "8896",
        with_assessments(
            assessment(start_date=D(2026, 3, 2), **OPEN),
            assessment(start_date=D(2026, 3, 9), **OPEN),
        ),
    ),
    ("8670Q", with_assessments(assessment(start_date=D(2026, 1, 27), **OPEN))),
    (
        "8696",
        with_assessments(assessment(start_date=D(2025, 3, 3), authorisation_date=D(2025, 3, 31))),
    ),
    ("8736", with_assessments(assessment(start_date=D(2025, 3, 31), **OPEN))),
]

PASSING: list[tuple[str, CensusChild]] = [
    ("8608", with_assessments(assessment(authorisation_date=D(2025, 6, 2)))),  # same day
    ("8614", with_assessments(assessment(start_date=D(2026, 3, 2), **OPEN))),
    (
        "8869",
        with_assessments(
            assessment(factors=("21",)), closure_date=D(2025, 7, 14), closure_reason="RC8"
        ),
    ),
    ("8898", with_assessments(assessment(factors=("16A", "17A")))),
    ("8945Q", with_assessments(assessment(factors=("18B",)))),
    ("8950Q", with_assessments(assessment(factors=("19C",)))),
    (
        "8873Q",
        with_assessments(
            assessment(factors=("21",)), closure_date=D(2025, 7, 14), closure_reason="RC9"
        ),
    ),
    # Two assessments in the episode: the query is about a single one.
    (
        "8873Q",
        with_assessments(
            assessment(factors=("21",)),
            assessment(start_date=D(2025, 8, 1), authorisation_date=D(2025, 9, 1)),
        ),
    ),
    ("8896", with_assessments(assessment(), assessment(start_date=D(2026, 3, 9), **OPEN))),
    ("8670Q", with_assessments(assessment(start_date=D(2026, 1, 28), **OPEN))),
    (
        "8696",
        with_assessments(assessment(start_date=D(2025, 3, 3), authorisation_date=D(2025, 4, 1))),
    ),
    ("8736", with_assessments(assessment(start_date=D(2025, 4, 1), **OPEN))),
]


# Further DfE rules (haven.census.rules.assessments).
FURTHER_FAILING: list[tuple[str, CensusChild]] = [
    ("1103", with_assessments(assessment(start_date=D(2025, 5, 30)))),
    ("8897", with_assessments(assessment(factors=()))),
    ("8617", with_assessments(assessment(factors=("8A",)))),
    # The second assessment starts before the first is authorised (14 July 2025).
    ("8863", with_assessments(assessment(), assessment(start_date=D(2025, 7, 1)))),
    # ...or while the first is still open.
    (
        "8863",
        with_assessments(
            assessment(start_date=D(2026, 3, 2), **OPEN),
            assessment(start_date=D(2026, 3, 9), **OPEN),
        ),
    ),
]

FURTHER_PASSING: list[tuple[str, CensusChild]] = [
    ("1103", with_assessments(assessment(start_date=D(2025, 6, 2)))),
    # Completed before the census year: the factor rule is about this year's assessments.
    (
        "8897",
        with_assessments(
            assessment(start_date=D(2025, 3, 3), authorisation_date=D(2025, 3, 31), factors=())
        ),
    ),
    (
        "8897",
        with_assessments(
            assessment(factors=("21",)), closure_date=D(2025, 7, 14), closure_reason="RC8"
        ),
    ),
    ("8617", with_assessments(assessment(factors=("8B",)))),
    # A new assessment may start on the day the last was authorised.
    (
        "8863",
        with_assessments(
            assessment(), assessment(start_date=D(2025, 7, 14), authorisation_date=D(2025, 8, 1))
        ),
    ),
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


def open_from(start: D) -> CensusChild:
    return with_assessments(assessment(start_date=start, **OPEN))


class TestAssessmentOpenTooLong:
    """8670Q counts the start day as working day 1 (reference 1.5): the query is raised when an
    open assessment has been open for more than 45 working days by the reference date."""

    def test_45_working_days_to_tuesday_31_march_2026_is_not_queried(self) -> None:
        # Wednesday 28 January to Tuesday 31 March 2026 is 45 working days, both included.
        assert failures("8670Q", open_from(D(2026, 1, 28))) == []

    def test_46_working_days_is_queried_and_says_how_long(self) -> None:
        (found,) = failures("8670Q", open_from(D(2026, 1, 27)))

        assert "open for 46 working days (by 31 March 2026)" in found.message

    def test_a_weekend_start_counts_from_the_monday(self) -> None:
        saturday, monday = open_from(D(2026, 1, 24)), open_from(D(2026, 1, 26))

        assert "open for 47 working days" in failures("8670Q", saturday)[0].message
        assert "open for 47 working days" in failures("8670Q", monday)[0].message

    def test_bank_holidays_are_not_working_days(self) -> None:
        # Good Friday 26 and Easter Monday 29 March 2027 fall in the last 45 working days of
        # 2026-27: Tuesday 26 January 2027 is exactly 45 with them and 47 without.
        assert failures("8670Q", open_from(D(2027, 1, 26)), NEXT_CTX) == []
        assert failures("8670Q", open_from(D(2027, 1, 25)), NEXT_CTX) != []
        without_holidays = replace(NEXT_CTX, calendar=NO_HOLIDAYS)
        assert failures("8670Q", open_from(D(2027, 1, 26)), without_holidays) != []

    def test_an_assessment_started_on_the_last_day_of_the_year_is_not_queried(self) -> None:
        assert failures("8670Q", open_from(NEXT_YEAR.reference_date), NEXT_CTX) == []

    def test_an_authorised_assessment_is_not_queried_however_long_it_took(self) -> None:
        done = with_assessments(
            assessment(start_date=D(2025, 4, 1), authorisation_date=D(2026, 3, 31))
        )

        assert failures("8670Q", done) == []

    def test_while_the_year_runs_it_counts_to_today(self) -> None:
        live = RuleContext.for_year(YEAR, today=D(2025, 11, 27), calendar=CALENDAR)

        assert live.reference_date == D(2025, 11, 27)
        # 1 October to 27 November 2025 is 42 working days; 25 September is 46.
        assert failures("8670Q", open_from(D(2025, 10, 1)), live) == []
        assert failures("8670Q", open_from(D(2025, 9, 25)), live) != []
        # Measured to the year end instead, the October assessment would be queried already.
        assert failures("8670Q", open_from(D(2025, 10, 1)), CTX) != []

    def test_after_the_year_ends_it_counts_to_the_reference_date(self) -> None:
        after = RuleContext.for_year(YEAR, today=D(2026, 5, 20), calendar=CALENDAR)

        assert after.reference_date == D(2026, 3, 31)
