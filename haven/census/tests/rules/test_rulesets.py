"""The rule sets per census year (haven.census.rules.sets) and running them on a child."""

from __future__ import annotations

import pytest

from haven.census.rules import COLLECTION_RULES, RULESETS, check_child, describe, rules_for
from haven.census.rules.base import rule
from haven.census.rules.sets import RULES_2025_26, revise
from haven.census.tests.rules.builders import CTX, NEXT_CTX, child, with_episode
from haven.census.years import CensusYear, UnknownCensusYear

# Every rule named in reference 2.4, including "others worth building" and the working-day
# queries, plus the further DfE rules the brief lists.
REFERENCE_2_4 = {
    "1510",
    "1530",
    "1540",
    "1550",
    "8606",
    "8610",
    "8670Q",
    "8675Q",
    "8875",
    "8870Q",
    "2885",
    "8935",
    "8940",
    "4001",
    "4016",
    "4017",
    "4003",
    "8750",
    "4180",
    "8831",
    "8832",
    "4000",
    "8565",
    "8805",
    "8810",
    "8815",
    "8816",
    "8820",
    "8896",
    "8890",
    "8839",
    "8841",
    "8869",
    "8898",
    "2990",
    "8568",
    "8772",
    "1570",
    "1580",
    "8569Q",
}
FURTHER = {
    "8525Q",
    "8775Q",
    "8540",
    "2884",
    "8873Q",
    "8945Q",
    "8950Q",
    "8866",
    "8790",
    "8794",
}
COLLECTION = {"100", "8510", "1520", "2883", "2886Q", "2887Q", "2888Q"}


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
def test_every_rule_of_reference_2_4_is_in_each_year(label: str) -> None:
    codes = {r.code for r in RULESETS[label]}

    assert codes >= REFERENCE_2_4 | FURTHER
    assert set(COLLECTION_RULES) >= COLLECTION


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
def test_codes_are_unique_and_each_rule_is_described(label: str) -> None:
    rules = RULESETS[label]

    assert len({r.code for r in rules}) == len(rules)
    assert all(r.description and r.field for r in rules)
    assert all(r.kind == ("query" if r.code.endswith("Q") else "error") for r in rules)


def test_2026_27_is_2025_26_until_the_dfe_publishes_its_changes() -> None:
    assert RULESETS["2026-27"] == RULESETS["2025-26"]


def test_revise_retires_adds_and_replaces_by_code() -> None:
    replacement = rule("8606", "Changed", "CINreferralDate")(lambda c, x: ())
    new = rule("9999Q", "New", "PPStartDate")(lambda c, x: ())

    revised = revise(RULES_2025_26, added=(replacement, new), retired=("8569Q",))

    codes = [r.code for r in revised]
    assert "8569Q" not in codes
    assert codes.count("8606") == 1
    assert replacement in revised
    assert new in revised
    assert len(revised) == len(RULES_2025_26) + 1 - 1


def test_an_unknown_year_is_refused_with_a_sentence() -> None:
    with pytest.raises(UnknownCensusYear, match="Haven has no census rules for 2030-31"):
        rules_for(CensusYear("2030-31"))


def test_a_complete_valid_story_passes_every_rule() -> None:
    # Referral, assessment, CIN plan, section 47, ICPC, CP plan and a review, all in order.
    assert check_child(child(), CTX, RULESETS["2025-26"]) == []


def test_the_same_child_open_at_the_start_of_2026_27_passes_every_rule() -> None:
    # The 2026-27 return holds the open episode and its open CP plan, without the assessment,
    # CIN plan and section 47 enquiry that ended in 2025-26: their end dates must fall in the
    # census year (rules 8696, 4013, 8715).
    record = with_episode(assessments=(), cin_plans=(), section47s=())

    assert check_child(record, NEXT_CTX, RULESETS["2026-27"]) == []
    found = check_child(child(), NEXT_CTX, RULESETS["2026-27"])
    assert sorted(f.code for f in found) == ["4013", "8696", "8715"]


def test_check_child_runs_every_rule_in_order() -> None:
    record = with_episode(primary_need="", referral_source="")

    found = check_child(record, CTX, RULES_2025_26)

    assert [f.code for f in found] == ["8866", "8610"]


def test_describe_knows_child_and_collection_rules() -> None:
    assert describe("8670Q", RULES_2025_26).startswith("Assessment started more than 45")
    assert describe("8510", RULES_2025_26) == "More than one child record with the same LA child ID"
    assert describe("0000", RULES_2025_26) == ""


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    from haven.census.tests.rules import (
        test_assessment_rules,
        test_child_rules,
        test_episode_rules,
        test_protection_rules,
    )

    modules = (test_child_rules, test_episode_rules, test_assessment_rules, test_protection_rules)
    failing = {case[0] for m in modules for case in (*m.FAILING, *m.FURTHER_FAILING)}
    passing = {case[0] for m in modules for case in (*m.PASSING, *m.FURTHER_PASSING)}
    codes = {r.code for r in RULES_2025_26}

    assert codes - failing == set()
    assert codes - passing == set()
