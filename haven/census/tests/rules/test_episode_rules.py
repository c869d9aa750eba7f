"""Rules about each episode of need (haven.census.rules.episodes): a failing and a passing case
for each, and the working-day boundary of 8569Q."""

from __future__ import annotations

import pytest

from haven.census.records import CensusChild
from haven.census.tests.rules.builders import (
    NEXT_CTX,
    D,
    assessment,
    bare_episode,
    child,
    cin_plan,
    cp_plan,
    failures,
    nfa_episode,
    section47,
    with_episode,
)

UNBORN = {"birth_date": None, "expected_birth_date": D(2026, 3, 10), "sex": "U"}
# Referral 2 June 2025, closed 1 August 2025.
CLOSED = bare_episode(closure_date=D(2025, 8, 1), closure_reason="RC7")

FAILING: list[tuple[str, CensusChild, int | None]] = [
    ("8600", child(episodes=(bare_episode(referral_date=D(2026, 4, 1)),)), 10),
    # 281 days before the expected date of birth.
    ("8606", child(**UNBORN, episodes=(bare_episode(referral_date=D(2025, 6, 2)),)), 10),
    ("8866", with_episode(referral_source=""), 10),
    ("8866", with_episode(referral_source="11"), 10),
    ("8568", with_episode(referral_nfa=None), 10),
    ("8610", with_episode(primary_need=""), 10),
    ("8650", with_episode(primary_need="N10"), 10),
    # 28 March 2025 is before Monday 31 March, the working day before the year started.
    (
        "8569Q",
        child(episodes=(nfa_episode(referral_date=D(2025, 3, 28), closure_date=D(2025, 3, 28)),)),
        10,
    ),
    ("8805", with_episode(closure_date=D(2026, 1, 5)), 10),
    ("8810", with_episode(closure_reason="RC7"), 10),
    (
        "8620",
        child(
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6), closure_date=D(2025, 3, 31), closure_reason="RC7"
                ),
            )
        ),
        10,
    ),
    (
        "8815",
        child(episodes=(bare_episode(), bare_episode(episode_id=11, referral_date=D(2025, 8, 1)))),
        10,
    ),
    (
        "8816",
        child(
            episodes=(
                bare_episode(),
                bare_episode(
                    episode_id=11,
                    referral_date=D(2025, 8, 1),
                    referral_nfa=True,
                    primary_need="",
                    closure_date=D(2025, 8, 1),
                    closure_reason="RC8",
                ),
            )
        ),
        10,
    ),
    (
        "8820",
        child(episodes=(CLOSED, bare_episode(episode_id=11, referral_date=D(2025, 7, 31)))),
        11,
    ),
    (
        "8565",
        with_episode(
            closure_date=D(2025, 7, 11),
            closure_reason="RC7",
            cin_plans=(),
            section47s=(),
            cp_plans=(),
        ),
        10,
    ),
    # A plan still open in a closed episode is activity after closure too (haven.demo.checks).
    (
        "8565",
        child(
            episodes=(
                bare_episode(
                    closure_date=D(2026, 1, 5),
                    closure_reason="RC7",
                    cin_plans=(cin_plan(end_date=None),),
                ),
            )
        ),
        10,
    ),
    (
        "8831",
        child(episodes=(nfa_episode(assessments=(assessment(),), closure_date=D(2025, 7, 14)),)),
        10,
    ),
    ("8831", child(episodes=(nfa_episode(icpc_date=D(2025, 6, 2)),)), 10),
    (
        "8832",
        child(
            episodes=(
                nfa_episode(
                    cp_plans=(cp_plan(end_date=D(2025, 10, 1)),), closure_date=D(2025, 10, 1)
                ),
            )
        ),
        10,
    ),
    (
        "4000",
        child(episodes=(nfa_episode(cin_plans=(cin_plan(),), closure_date=D(2025, 9, 1)),)),
        10,
    ),
    (
        "2990",
        child(
            episodes=(
                bare_episode(
                    closure_date=D(2025, 9, 30),
                    closure_reason="RC8",
                    section47s=(section47(icpc_date=None, icpc_not_required=True),),
                ),
            )
        ),
        10,
    ),
    (
        "2990",
        child(
            episodes=(
                bare_episode(
                    closure_date=D(2025, 9, 30), closure_reason="RC9", cin_plans=(cin_plan(),)
                ),
            )
        ),
        10,
    ),
]

PASSING: list[tuple[str, CensusChild]] = [
    ("8600", child(episodes=(bare_episode(referral_date=D(2026, 3, 31)),))),
    # Exactly 280 days (40 weeks) before the expected date of birth.
    ("8606", child(**{**UNBORN, "expected_birth_date": D(2026, 3, 9)}, episodes=(bare_episode(),))),
    ("8866", with_episode(referral_source="5D")),
    ("8568", with_episode(referral_nfa=False)),
    ("8610", child(episodes=(nfa_episode(),))),  # no primary need needed for an NFA referral
    (
        "8569Q",
        child(episodes=(nfa_episode(referral_date=D(2025, 3, 31), closure_date=D(2025, 4, 1)),)),
    ),
    ("8569Q", child(episodes=(bare_episode(referral_date=D(2025, 3, 3)),))),  # not NFA
    ("8805", with_episode(closure_date=D(2026, 1, 5), closure_reason="RC7")),
    ("8810", with_episode()),
    ("8620", child(episodes=(bare_episode(closure_date=D(2025, 6, 2), closure_reason="RC8"),))),
    (
        "8815",
        child(
            episodes=(
                bare_episode(),
                nfa_episode(
                    episode_id=11, referral_date=D(2025, 8, 1), closure_date=None, closure_reason=""
                ),
            )
        ),
    ),
    ("8816", child(episodes=(CLOSED, bare_episode(episode_id=11, referral_date=D(2025, 8, 1))))),
    # A new referral on the day the last episode closed does not overlap it (DfE note to 8820).
    ("8820", child(episodes=(CLOSED, bare_episode(episode_id=11, referral_date=D(2025, 8, 1))))),
    (
        "8565",
        with_episode(
            closure_date=D(2026, 1, 5),
            closure_reason="RC7",
            cp_plans=(cp_plan(end_date=D(2026, 1, 5)),),
        ),
    ),
    ("8831", child(episodes=(nfa_episode(),))),
    ("8832", child(episodes=(nfa_episode(),))),
    ("4000", child(episodes=(nfa_episode(),))),
    (
        "2990",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(),), closure_date=D(2025, 7, 14), closure_reason="RC8"
                ),
            )
        ),
    ),
]


# Further DfE rules (haven.census.rules.episodes).
FURTHER_FAILING: list[tuple[str, CensusChild, int | None]] = [
    ("8630", child(episodes=(bare_episode(closure_date=D(2025, 6, 1), closure_reason="RC7"),)), 10),
    ("8640", with_episode(closure_date=D(2026, 1, 5), closure_reason="RC10"), 10),
    (
        "8867",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(authorisation_date=None, factors=()),),
                    closure_date=D(2025, 8, 1),
                    closure_reason="RC7",
                ),
            )
        ),
        10,
    ),
    (
        "8868",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(),),
                    section47s=(section47(icpc_date=None, icpc_target_date=None),),
                    closure_date=D(2025, 9, 30),
                    closure_reason="RC7",
                ),
            )
        ),
        10,
    ),
    (
        "8825Q",
        child(episodes=(bare_episode(closure_date=D(2025, 6, 30), closure_reason="RC8"),)),
        10,
    ),
    ("2991Q", child(episodes=(bare_episode(section47s=(section47(),)),)), 10),
]

FURTHER_PASSING: list[tuple[str, CensusChild]] = [
    ("8630", child(episodes=(bare_episode(closure_date=D(2025, 6, 2), closure_reason="RC8"),))),
    ("8640", with_episode(closure_date=D(2026, 1, 5), closure_reason="RC9")),
    ("8650", with_episode(primary_need="N0")),
    # Referrals before 1 April 2013 need no source (rule 8866).
    ("8866", child(episodes=(bare_episode(referral_date=D(2013, 3, 28), referral_source=""),))),
    (
        "8867",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(),), closure_date=D(2025, 8, 1), closure_reason="RC7"
                ),
            )
        ),
    ),
    (
        "8868",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(),),
                    section47s=(section47(icpc_date=None, icpc_not_required=True),),
                    closure_date=D(2025, 9, 30),
                    closure_reason="RC7",
                ),
            )
        ),
    ),
    (
        "8825Q",
        child(
            episodes=(
                bare_episode(
                    assessments=(assessment(),), closure_date=D(2025, 7, 14), closure_reason="RC8"
                ),
            )
        ),
    ),
    ("2991Q", with_episode()),
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


@pytest.mark.parametrize(("code", "record"), PASSING + FURTHER_PASSING)
def test_the_rule_passes(code: str, record: CensusChild) -> None:
    assert failures(code, record) == []


def test_8569q_counts_back_one_working_day_from_the_start_of_the_year() -> None:
    # 2026-27 starts on Wednesday 1 April 2026: the working day before is Tuesday 31 March.
    on_the_day = child(
        episodes=(nfa_episode(referral_date=D(2026, 3, 31), closure_date=D(2026, 4, 1)),)
    )
    day_before = child(
        episodes=(nfa_episode(referral_date=D(2026, 3, 30), closure_date=D(2026, 4, 1)),)
    )

    assert failures("8569Q", on_the_day, NEXT_CTX) == []
    assert len(failures("8569Q", day_before, NEXT_CTX)) == 1


def test_8569q_skips_a_weekend_before_the_year() -> None:
    # 2025-26 starts on Tuesday 1 April 2025; the working day before is Monday 31 March, so a
    # Friday 28 March NFA referral is queried and a Monday 31 March one is not.
    friday = child(
        episodes=(nfa_episode(referral_date=D(2025, 3, 28), closure_date=D(2025, 4, 1)),)
    )
    monday = child(
        episodes=(nfa_episode(referral_date=D(2025, 3, 31), closure_date=D(2025, 4, 1)),)
    )

    assert failures("8569Q", friday) != []
    assert failures("8569Q", monday) == []


def test_8820_names_the_episode_it_overlaps() -> None:
    record = child(episodes=(CLOSED, bare_episode(episode_id=11, referral_date=D(2025, 7, 31))))

    (found,) = failures("8820", record)

    assert found.message.startswith(
        "The referral of 31 July 2025 starts while the episode from the referral of "
        "2 June 2025 is still running."
    )


def test_8820_an_open_further_action_episode_runs_to_the_reference_date() -> None:
    later = bare_episode(
        episode_id=11,
        referral_date=D(2025, 9, 1),
        closure_date=D(2025, 9, 1),
        referral_nfa=True,
        primary_need="",
        closure_reason="RC8",
    )

    assert {f.episode_id for f in failures("8820", child(episodes=(bare_episode(), later)))} == {11}
    # An open NFA referral is not counted as running.
    open_nfa = nfa_episode(closure_date=None, closure_reason="")
    assert failures("8820", child(episodes=(open_nfa, later))) == []


def test_8565_names_the_first_piece_of_work_after_closure() -> None:
    record = with_episode(
        closure_date=D(2025, 7, 11), closure_reason="RC7", cin_plans=(), section47s=(), cp_plans=()
    )

    (found,) = failures("8565", record)

    assert (
        "was closed on 11 July 2025, but the assessment authorised on 14 July 2025" in found.message
    )
