"""Structured details as the matcher reads them (no database)."""

from __future__ import annotations

from haven.search.parsing import parse_details, surname_key


def test_names_become_words_first_name_first() -> None:
    parsed = parse_details(first_name="Mary-Jane", last_name="O'Brien Smith")

    assert parsed.words == ("mary", "jane", "obrien", "smith")
    assert parsed.la_child_ids == ()


def test_identifiers_are_normalised_and_kept_only_when_well_formed() -> None:
    parsed = parse_details(nhs_number="943 476 5919", upn="a123456789012", postcode="hv1 2ab")

    assert (parsed.nhs_number, parsed.upns, parsed.postcode) == (
        "9434765919",
        ("A123456789012",),
        "HV12AB",
    )
    assert parse_details(nhs_number="12345", upn="A12", postcode="HV1").is_empty


def test_a_surname_of_several_parts_is_one_key() -> None:
    assert surname_key("Ali-Khan") == surname_key("ali khan") == "ali-khan"
    assert surname_key("Khan") == ""
