"""Rules about the return as a whole (haven.census.rules.collection)."""

from __future__ import annotations

from haven.census.rules import CollectionTally
from haven.census.rules.collection import (
    check_cp_plans_against_icpcs,
    check_disability_codes_per_child,
    check_disability_codes_used,
    check_duplicate_la_child_ids,
    check_duplicate_upns,
    check_reference_date,
    check_sex_recorded,
)
from haven.census.tests.rules.builders import (
    CTX,
    YEAR,
    D,
    bare_episode,
    child,
    cp_plan,
    episode,
    section47,
)


def test_100_the_reference_date_is_31_march_at_the_end_of_the_year() -> None:
    assert check_reference_date(D(2026, 3, 31), YEAR) == []
    (found,) = check_reference_date(D(2025, 3, 31), YEAR)
    assert found.code == "100"
    assert found.kind == "error"
    assert found.message == (
        "The return's reference date is 31 March 2025; for the 2025-26 census it must be "
        "31 March 2026 (census rule 100)."
    )


def test_8510_every_record_sharing_an_la_child_id_fails() -> None:
    found = check_duplicate_la_child_ids({"C1": [1, 2], "C2": [3], "": [4, 5]})

    assert [(f.code, f.person_id, f.la_child_id) for f in found] == [
        ("8510", 1, "C1"),
        ("8510", 2, "C1"),
    ]
    assert "2 children's records have the LA child ID C1" in found[0].message
    assert check_duplicate_la_child_ids({"C1": [1], "C2": [2]}) == []


def test_2883_more_plans_starting_than_conferences_held() -> None:
    assert check_cp_plans_against_icpcs(plans_started=2, icpcs_held=2) == []
    (found,) = check_cp_plans_against_icpcs(plans_started=3, icpcs_held=2)
    assert found.code == "2883"
    assert found.person_id is None


def test_2887q_fewer_than_eight_disability_codes() -> None:
    eight = {"MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS"}
    assert check_disability_codes_used(eight) == []
    # NONE ("no disability") is not a disability code used.
    (found,) = check_disability_codes_used(eight - {"HEAR"} | {"NONE"})
    assert found.kind == "query"
    assert "only 7 different disability codes" in found.message


def test_2888q_only_ever_one_disability_per_disabled_child() -> None:
    assert check_disability_codes_per_child(disabled_children=0, with_several=0) == []
    assert check_disability_codes_per_child(disabled_children=3, with_several=1) == []
    (found,) = check_disability_codes_per_child(disabled_children=3, with_several=0)
    assert found.code == "2888Q"


def test_the_tally_keeps_counts_as_children_stream_past() -> None:
    tally = CollectionTally(CTX)
    # A plan and its ICPC in the year; a plan from before the year (not counted), and a plan
    # in the year whose ICPC is missing.
    tally.add(child(person_id=1, la_child_id="C1", upn="", disabilities=("AUT",)))
    tally.add(
        child(
            person_id=2,
            la_child_id="C1",
            upn="",
            disabilities=("AUT", "LD"),
            episodes=(
                bare_episode(
                    referral_date=D(2025, 1, 6),
                    section47s=(section47(start_date=D(2025, 1, 7), icpc_date=D(2025, 1, 20)),),
                    cp_plans=(cp_plan(start_date=D(2025, 1, 20), end_date=D(2025, 5, 1)),),
                ),
                bare_episode(episode_id=11, cp_plans=(cp_plan(start_date=D(2025, 6, 9)),)),
            ),
        )
    )

    assert (tally.plans_started, tally.icpcs_held) == (2, 1)
    assert (tally.disabled_children, tally.with_several) == (2, 1)
    found = tally.failures(header_reference_date=YEAR.reference_date)
    assert sorted({f.code for f in found}) == ["2883", "2887Q", "8510"]
    assert sorted(f.person_id for f in found if f.code == "8510") == [1, 2]


def test_a_clean_return_has_no_collection_failures_but_the_queries_on_coding() -> None:
    tally = CollectionTally(CTX)
    codes = ("MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS")
    for n, code in enumerate(codes):
        tally.add(child(person_id=n, la_child_id=f"C{n}", upn="", disabilities=(code, "AUT")))
    tally.add(child(person_id=99, la_child_id="C99", episodes=(episode(),)))

    assert tally.failures(header_reference_date=YEAR.reference_date) == []


def test_1520_every_record_sharing_a_upn_fails_without_repeating_it() -> None:
    found = check_duplicate_upns(
        {"A1": [(1, "C1"), (2, "C2")], "B2": [(3, "C3")], "": [(4, "C4"), (5, "C5")]}
    )

    assert [(f.code, f.person_id, f.la_child_id) for f in found] == [
        ("1520", 1, "C1"),
        ("1520", 2, "C2"),
    ]
    assert "A1" not in found[0].message
    assert check_duplicate_upns({"A1": [(1, "C1")]}) == []


def test_the_tally_finds_a_shared_upn() -> None:
    tally = CollectionTally(CTX)
    tally.add(child(person_id=1, la_child_id="C1"))
    tally.add(child(person_id=2, la_child_id="C2"))

    found = tally.failures(header_reference_date=YEAR.reference_date)

    assert sorted(f.person_id for f in found if f.code == "1520") == [1, 2]


def test_2886q_more_than_2_percent_of_born_children_with_no_sex_recorded() -> None:
    assert check_sex_recorded(born_children=100, sex_unknown=2) == []
    (found,) = check_sex_recorded(born_children=100, sex_unknown=3)
    assert found.code == "2886Q"
    assert check_sex_recorded(born_children=0, sex_unknown=0) == []


def test_the_tally_leaves_unborn_children_out_of_2886q() -> None:
    tally = CollectionTally(CTX)
    tally.add(child(person_id=1, la_child_id="C1", upn="", sex="U"))
    tally.add(
        child(
            person_id=2,
            la_child_id="C2",
            upn="",
            birth_date=None,
            expected_birth_date=D(2026, 5, 1),
            sex="U",
        )
    )

    assert (tally.born_children, tally.sex_unknown) == (1, 1)
