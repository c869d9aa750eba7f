from __future__ import annotations

import pytest

from haven.search.parsing import normalise_postcode, parse_query


@pytest.mark.parametrize(
    ("query", "nhs_number"),
    [
        ("9434765919", "9434765919"),
        ("943 476 5919", "9434765919"),
        ("943-476-5919", "9434765919"),
        ("smith 943 476 5919", "9434765919"),
        ("94347659", ""),
    ],
)
def test_nhs_number(query: str, nhs_number: str) -> None:
    assert parse_query(query).nhs_number == nhs_number


def test_upn_is_upper_cased_and_not_a_name() -> None:
    parsed = parse_query("a123456789012")
    assert parsed.upns == ("A123456789012",)
    assert parsed.words == ()
    assert parsed.has_identifier


@pytest.mark.parametrize(
    ("query", "postcode", "words"),
    [
        ("HV1 2AB", "HV12AB", ()),
        ("hv12ab", "HV12AB", ()),
        ("Smith HV1 2AB", "HV12AB", ("smith",)),
        ("SW1A 1AA", "SW1A1AA", ()),
    ],
)
def test_postcode(query: str, postcode: str, words: tuple[str, ...]) -> None:
    parsed = parse_query(query)
    assert (parsed.postcode, parsed.words) == (postcode, words)
    assert parsed.has_identifier
    assert normalise_postcode(" hv1  2ab ") == "HV12AB"


def test_words_are_lower_case_letters_split_on_hyphens_without_apostrophes() -> None:
    assert parse_query("  O'Brien   Smith-Jones ").words == ("obrien", "smith", "jones")
    assert parse_query("Zoë D’Arcy").words == ("zoë", "darcy")


def test_la_child_ids_are_tried_as_typed_and_upper_case() -> None:
    parsed = parse_query("hbc000123")
    assert parsed.la_child_ids == ("hbc000123", "HBC000123")
    assert parsed.words == ()
    assert parsed.has_identifier


def test_a_name_is_not_an_identifier() -> None:
    parsed = parse_query("John Smith")
    assert parsed.words == ("john", "smith")
    assert not parsed.has_identifier


@pytest.mark.parametrize("query", ["", "   ", "!!! ---"])
def test_empty(query: str) -> None:
    assert parse_query(query).is_empty
