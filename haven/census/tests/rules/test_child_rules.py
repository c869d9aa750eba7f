"""Rules about the child: identifiers, characteristics, date of death (haven.census.rules.child).

Each rule has a failing case and a passing one on hand-built records."""

from __future__ import annotations

import pytest

from haven.census.records import CensusChild
from haven.census.tests.rules.builders import (
    CTX,
    VALID_UPN,
    D,
    bare_episode,
    child,
    cin_plan,
    cp_plan,
    episode,
    failures,
    nfa_episode,
    with_episode,
)

UNBORN = {"birth_date": None, "expected_birth_date": D(2026, 1, 5), "sex": "U"}

FAILING: list[tuple[str, CensusChild, int | None]] = [
    ("8500", child(la_child_id=""), None),
    ("1570", child(la_child_id="A" * 21), None),
    ("1580", child(la_child_id="AB-12"), None),
    ("1510", child(upn=("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]), None),
    ("1510", child(upn=VALID_UPN[:12]), None),  # 12 characters: no check letter can match
    ("1530", child(upn=VALID_UPN[0] + "2A1" + VALID_UPN[4:]), None),
    ("1540", child(upn=VALID_UPN[:4] + "1234567X" + VALID_UPN[12]), None),
    ("1550", child(upn=VALID_UPN[:12] + "I"), None),
    ("1560Q", child(former_upn="A12"), None),
    ("8772", child(upn="", upn_unknown="UN7"), 10),
    ("8525Q", child(expected_birth_date=D(2016, 5, 1)), None),
    ("8525Q", child(birth_date=None), None),
    ("8520", child(birth_date=D(2026, 4, 1)), None),
    ("8775Q", child(birth_date=D(2001, 3, 30)), 10),
    ("4180", child(sex="X"), None),
    ("8750", child(**{**UNBORN, "sex": "F"}), None),
    ("8540", child(disabilities=()), None),
    ("8540", child(disabilities=("XYZ",)), None),
    ("8790", child(disabilities=("NONE", "AUT")), None),
    ("8794", child(disabilities=("AUT", "AUT")), None),
    ("8590", child(episodes=()), None),
    ("8535Q", child(death_date=D(2016, 5, 1)), None),
    ("8545Q", child(death_date=D(2025, 3, 31)), None),
    ("8555", child(death_date=D(2025, 5, 30)), 10),
    ("8585Q", with_episode(closure_date=D(2026, 1, 5), closure_reason="RC2"), 10),
    (
        "4008",
        child(death_date=D(2025, 7, 11), episodes=(bare_episode(cin_plans=(cin_plan(),)),)),
        10,
    ),
    ("8915", child(death_date=D(2025, 9, 18), episodes=(bare_episode(cp_plans=(cp_plan(),)),)), 10),
]

PASSING: list[tuple[str, CensusChild]] = [
    ("8500", child(la_child_id="C1")),
    ("1570", child(la_child_id="A" * 20)),
    ("1580", child(la_child_id="AB12")),
    ("1510", child(upn="")),  # no UPN: nothing to check (UPNunknown says why)
    ("1530", child(upn=VALID_UPN)),
    ("1540", child(upn=VALID_UPN)),
    ("1550", child(upn=VALID_UPN)),
    ("1560Q", child(former_upn=VALID_UPN)),
    ("8772", child(upn="", upn_unknown="UN7", episodes=(nfa_episode(),))),
    ("8772", child(upn="", upn_unknown="UN1")),
    ("8525Q", child(**UNBORN)),
    ("8520", child(birth_date=D(2026, 3, 31))),  # born on the reference date
    ("8775Q", child(birth_date=D(2001, 3, 31))),  # 25 on the reference date: not over 25
    # Over 25, but the episode closed before the 25th birthday.
    (
        "8775Q",
        child(
            birth_date=D(2000, 1, 1),
            episodes=(bare_episode(closure_date=D(2024, 12, 31), closure_reason="RC7"),),
        ),
    ),
    ("4180", child(sex="M")),
    ("8750", child(**UNBORN)),
    ("8540", child(disabilities=("AUT", "LD"))),
    ("8540", child(disabilities=(), episodes=(nfa_episode(),))),  # every referral NFA
    ("8540", child(**UNBORN, disabilities=())),  # no date of birth yet
    ("8790", child(disabilities=("NONE",))),
    ("8794", child(disabilities=("AUT", "LD"))),
    ("8590", child()),
    ("8535Q", child(death_date=D(2016, 5, 14))),
    ("8545Q", child(death_date=D(2025, 4, 1))),
    ("8555", child(death_date=D(2025, 6, 2))),  # referred on the day the child died
    (
        "8585Q",
        child(
            death_date=D(2026, 1, 5),
            episodes=(episode(closure_date=D(2026, 1, 5), closure_reason="RC2"),),
        ),
    ),
    ("4008", child(death_date=D(2025, 7, 14), episodes=(bare_episode(cin_plans=(cin_plan(),)),))),
    ("8915", child(death_date=D(2025, 9, 19), episodes=(bare_episode(cp_plans=(cp_plan(),)),))),
]


# Further DfE rules (haven.census.rules.child): 8530Q, 8770Q, 4220, 4009, 8920, and the
# death-without-birth case of 8535Q.
FURTHER_FAILING: list[tuple[str, CensusChild, int | None]] = [
    # 2025-26: an expected date of birth from 1 March 2026 (31 days before the reference date
    # is too early) to 31 December 2026.
    ("8530Q", child(**{**UNBORN, "expected_birth_date": D(2026, 2, 28)}), None),
    ("8530Q", child(**{**UNBORN, "expected_birth_date": D(2027, 1, 1)}), None),
    ("8770Q", child(upn="", birth_date=D(2020, 3, 31)), None),  # 6 on the reference date
    ("8770Q", child(upn="", upn_unknown="UN1", birth_date=D(2016, 5, 14)), None),
    ("4220", child(ethnicity=""), None),
    ("4220", child(ethnicity="WXYZ"), None),
    (
        "4009",
        child(death_date=D(2025, 8, 1), episodes=(bare_episode(cin_plans=(cin_plan(),)),)),
        10,
    ),
    (
        "4009",
        child(
            death_date=D(2025, 12, 1),
            episodes=(bare_episode(cin_plans=(cin_plan(end_date=None),)),),
        ),
        10,
    ),
    ("8920", child(death_date=D(2025, 12, 1), episodes=(bare_episode(cp_plans=(cp_plan(),)),)), 10),
    (
        "8535Q",
        child(
            birth_date=None, expected_birth_date=D(2026, 5, 1), sex="U", death_date=D(2025, 6, 2)
        ),
        None,
    ),
]

FURTHER_PASSING: list[tuple[str, CensusChild]] = [
    ("8530Q", child(**{**UNBORN, "expected_birth_date": D(2026, 3, 1)})),
    ("8530Q", child(**{**UNBORN, "expected_birth_date": D(2026, 12, 31)})),
    ("8770Q", child(upn="", birth_date=D(2020, 4, 1))),  # 6 only after the reference date
    ("8770Q", child(upn="", upn_unknown="UN3")),
    ("8770Q", child(upn="", episodes=(nfa_episode(),))),  # every referral NFA
    ("4220", child(ethnicity="NOBT")),
    ("4009", child(death_date=D(2025, 9, 1), episodes=(bare_episode(cin_plans=(cin_plan(),)),))),
    (
        "8920",
        child(
            death_date=D(2025, 12, 1),
            episodes=(bare_episode(cp_plans=(cp_plan(end_date=D(2025, 12, 1)),)),),
        ),
    ),
]


@pytest.mark.parametrize(("code", "record", "episode_id"), FAILING + FURTHER_FAILING)
def test_the_rule_fails_and_says_what_to_fix(
    code: str, record: CensusChild, episode_id: int | None
) -> None:
    found = failures(code, record)

    assert found, code
    assert {f.code for f in found} == {code}
    assert all(code in f.message for f in found)
    assert found[0].episode_id == episode_id
    assert found[0].kind == ("query" if code.endswith("Q") else "error")


@pytest.mark.parametrize(("code", "record"), PASSING + FURTHER_PASSING)
def test_the_rule_passes(code: str, record: CensusChild) -> None:
    assert failures(code, record) == []


def test_the_over_25_query_names_the_birthday() -> None:
    (found,) = failures("8775Q", child(birth_date=D(2000, 2, 29)))

    # 25 years after 29 February 2000 is 28 February 2025 (no 29 February in 2025).
    assert "turned 25 on 28 February 2025" in found.message


def test_an_unborn_child_with_sex_f_fails_8750_only_not_4180() -> None:
    record = child(**{**UNBORN, "sex": "F"})

    assert failures("4180", record) == []
    assert len(failures("8750", record)) == 1


def test_the_messages_use_the_entry_time_wording() -> None:
    (found,) = failures("8790", child(disabilities=("NONE", "AUT")))

    assert found.message == (
        "'No disability' cannot be recorded together with a disability. Remove one or the "
        "other (census rule 8790)."
    )


def test_the_context_is_the_one_given() -> None:
    # 8545Q measures against the census year of the context, not a fixed one.
    record = child(death_date=D(2026, 6, 1))
    assert failures("8545Q", record, CTX) != []


def test_the_former_upn_query_names_only_its_own_code() -> None:
    wrong_letter = ("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]

    (found,) = failures("1560Q", child(former_upn=wrong_letter))

    assert found.message.endswith("(census query 1560Q).")
    assert "1510" not in found.message


def test_upn_messages_do_not_repeat_the_upn() -> None:
    # The data-quality page shows messages to roles that see no case content.
    wrong_letter = ("B" if VALID_UPN[0] != "B" else "C") + VALID_UPN[1:]

    (found,) = failures("1510", child(upn=wrong_letter))

    assert wrong_letter not in found.message
    assert found.message.startswith("The child's UPN is not valid.")


def test_8530q_measures_from_today_while_the_year_runs() -> None:
    from haven.census.rules import RuleContext
    from haven.census.tests.rules.builders import CALENDAR, NEXT_YEAR

    live = RuleContext.for_year(NEXT_YEAR, today=D(2026, 11, 27), calendar=CALENDAR)
    due_in_february = child(**{**UNBORN, "expected_birth_date": D(2027, 2, 17)})

    assert failures("8530Q", due_in_february, live) == []
    year_end = RuleContext.for_year(NEXT_YEAR, today=D(2027, 5, 1), calendar=CALENDAR)
    assert failures("8530Q", due_in_february, year_end) != []
