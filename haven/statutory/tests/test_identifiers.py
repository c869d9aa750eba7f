"""NHS number, UPN and LA child ID checks."""

from __future__ import annotations

import pytest

from haven.statutory.identifiers import (
    UPN_LETTERS,
    is_valid_la_child_id,
    is_valid_nhs_number,
    is_valid_upn,
    la_child_id_error,
    nhs_number_error,
    upn_check_letter,
    upn_error,
)

# --- NHS number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "nhs",
    [
        "9434765919",  # NHS Digital's documented example
        "943 476 5919",  # written 3-3-4
        "4010232137",
        "4857773457",
        "9999999999",  # check digit 9
        "0000000000",  # 11 - 0 = 11 -> check digit 0
    ],
)
def test_valid_nhs_numbers(nhs: str) -> None:
    assert is_valid_nhs_number(nhs)
    assert nhs_number_error(nhs) is None


@pytest.mark.parametrize(
    ("nhs", "fragment"),
    [
        ("9434765918", "last digit"),  # wrong check digit
        ("4010232138", "last digit"),
        ("1234567890", "last digit"),  # check digit would be 10: cannot exist
        ("1234567891", "last digit"),
        ("943476591", "10 digits"),
        ("94347659190", "10 digits"),
        ("943476591A", "only contain digits"),
        ("943-476-5919", "only contain digits"),
        ("９４３４７６５９１９", "only contain digits"),  # full-width digits
        ("", "Enter"),
        ("   ", "Enter"),
    ],
)
def test_invalid_nhs_numbers(nhs: str, fragment: str) -> None:
    assert not is_valid_nhs_number(nhs)
    message = nhs_number_error(nhs)
    assert message is not None
    assert fragment in message


# --- UPN ----------------------------------------------------------------------------------

# Known-valid UPNs from public sources:
# * B801200005001: python-stdnum, stdnum/gb/upn.py doctest (A801200005001 is its invalid twin).
# * A950000178301, H243278544154: valid examples in the test of rule 1510 in
#   data-to-insight/csc-validator-be-cin (R247962919251 and X428558133462 are its failures).
PUBLIC_VALID_UPNS = ["B801200005001", "A950000178301", "H243278544154"]
PUBLIC_INVALID_CHECK_LETTER = ["A801200005001", "R247962919251", "X428558133462"]


@pytest.mark.parametrize("upn", PUBLIC_VALID_UPNS)
def test_public_valid_upns(upn: str) -> None:
    assert is_valid_upn(upn)
    assert upn_check_letter(upn[1:]) == upn[0]


@pytest.mark.parametrize("upn", PUBLIC_INVALID_CHECK_LETTER)
def test_public_invalid_check_letters(upn: str) -> None:
    message = upn_error(upn)
    assert message is not None
    assert "1510" in message


@pytest.mark.parametrize("body", ["938123412001", "80120000501A", "93312345678Z", "000000000000"])
def test_generated_upns_are_valid(body: str) -> None:
    upn = upn_check_letter(body) + body
    assert is_valid_upn(upn), upn
    # every other first letter fails the check
    for letter in UPN_LETTERS:
        if letter != upn[0]:
            assert not is_valid_upn(letter + body)


def test_check_letter_worked_example() -> None:
    # 8*2 + 0*3 + 1*4 + 2*5 + 0*6 + 0*7 + 0*8 + 0*9 + 5*10 + 0*11 + 0*12 + 1*13 = 93;
    # 93 % 23 = 1 -> B
    assert upn_check_letter("801200005001") == "B"
    # temporary UPN: A at character 13 is worth 0, so the sum is 80 -> 80 % 23 = 11 -> M
    assert upn_check_letter("80120000500A") == "M"


def test_upn_is_tidied_before_checking() -> None:
    assert is_valid_upn(" b801200005001 ")


@pytest.mark.parametrize(
    ("upn", "rule"),
    [
        ("BAB1200005001", "1530"),  # characters 2-4 not digits
        ("X80120000A001", "1540"),  # characters 5-12 not all digits
        ("B8012000050I1", "1540"),
        ("B80120000500I", "1550"),  # I is never used
        ("B80120000500O", "1550"),
        ("B80120000500S", "1550"),
        ("B80120000500-", "1550"),
        ("A801200005001", "1510"),
        ("1801200005001", "1510"),  # first character must be a letter
    ],
)
def test_invalid_upns_name_the_rule(upn: str, rule: str) -> None:
    message = upn_error(upn)
    assert message is not None
    assert f"census rule {rule}" in message
    assert not is_valid_upn(upn)


@pytest.mark.parametrize("upn", ["", "B80120000500", "B8012000050011"])
def test_upn_wrong_length(upn: str) -> None:
    assert not is_valid_upn(upn)


def test_upn_recognised_la_numbers() -> None:
    assert is_valid_upn("B801200005001", la_numbers={"801", "802"})
    message = upn_error("B801200005001", la_numbers={"802"})
    assert message is not None
    assert "1530" in message


@pytest.mark.parametrize(
    ("bad", "match"),
    [
        ("80120000500", "12 characters"),
        ("8012000050011", "12 characters"),
        ("8012000A5001", "must be digits"),
        ("80120000500I", "not allowed"),
    ],
)
def test_check_letter_rejects_bad_input(bad: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        upn_check_letter(bad)


# --- LA child ID --------------------------------------------------------------------------


@pytest.mark.parametrize("child_id", ["A", "abc123", "A" * 20, "1234567890ABCDEFGHIJ"])
def test_valid_la_child_ids(child_id: str) -> None:
    assert is_valid_la_child_id(child_id)


@pytest.mark.parametrize(
    ("child_id", "rule"),
    [
        ("A" * 21, "1570"),
        ("ABC-123", "1580"),
        ("ABC 123", "1580"),
        ("ÄBC123", "1580"),
    ],
)
def test_invalid_la_child_ids(child_id: str, rule: str) -> None:
    assert not is_valid_la_child_id(child_id)
    message = la_child_id_error(child_id)
    assert message is not None
    assert f"census rule {rule}" in message


def test_empty_la_child_id() -> None:
    assert not is_valid_la_child_id("")
