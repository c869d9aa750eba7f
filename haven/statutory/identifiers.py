"""Checks for the identifiers a child record carries: NHS number, UPN and LA child ID.

Sources:

* NHS number: NHS Data Dictionary, "NHS Number" (10 digits, the last a modulus 11 check digit).
* UPN (Unique Pupil Number): DfE "Unique pupil numbers (UPNs)" guidance and CIN census
  validation rules 1510 (check letter at character 1), 1530 (characters 2-4 must be a
  recognised LA number), 1540 (characters 5-12 must be numeric) and 1550 (character 13 must be
  a digit or an allowed letter). Layout: check letter, 3-digit DfE LA number, 4-digit school
  establishment number, 2-digit year of issue, 3-digit serial; a temporary UPN ends in a letter.
  The check-letter algorithm matches the text of rule 1510 as quoted in
  ``data-to-insight/csc-validator-be-cin`` and ``python-stdnum`` (``stdnum/gb/upn.py``).
* LA child ID: CIN census 2024-25 onwards, rules 1570 (at most 20 characters) and 1580
  (alphanumeric only).

The validators tidy the input first (surrounding whitespace removed; for UPNs, letters
upper-cased; for NHS numbers, inner spaces removed) so a form should store the tidied value.
"""

from __future__ import annotations

from collections.abc import Collection

__all__ = [
    "UPN_LETTERS",
    "is_valid_la_child_id",
    "is_valid_nhs_number",
    "is_valid_upn",
    "la_child_id_error",
    "nhs_number_error",
    "normalise_nhs_number",
    "normalise_upn",
    "upn_check_letter",
    "upn_error",
]

# --- NHS number ---------------------------------------------------------------------------


def normalise_nhs_number(s: str) -> str:
    """Remove spaces (NHS numbers are often written 3-3-4, e.g. "943 476 5919")."""
    return "".join(s.split())


def _nhs_check_digit(first_nine: str) -> int | None:
    """Modulus 11 check digit for nine digits; None when the result is 10 (never issued)."""
    total = sum(int(ch) * weight for ch, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - (total % 11)
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def nhs_number_error(s: str) -> str | None:
    """Return a plain-English problem with an NHS number, or None if it is valid.

    Rules (NHS Data Dictionary): exactly 10 digits; multiply the first nine by 10, 9, ..., 2,
    add them up, take 11 minus the remainder after dividing by 11; 11 becomes 0 and 10 means
    the number cannot exist; the result must equal the 10th digit.
    """
    value = normalise_nhs_number(s)
    if not value:
        return "Enter the NHS number."
    if not (value.isascii() and value.isdigit()):
        return "An NHS number can only contain digits (for example 943 476 5919)."
    if len(value) != 10:
        return f"An NHS number has 10 digits; this one has {len(value)}."
    expected = _nhs_check_digit(value[:9])
    if expected is None or expected != int(value[9]):
        return (
            "This is not a real NHS number: the last digit does not match the others. "
            "Check each digit against the source."
        )
    return None


def is_valid_nhs_number(s: str) -> bool:
    """Return True for a 10-digit NHS number with a correct modulus 11 check digit."""
    return nhs_number_error(s) is None


# --- UPN ----------------------------------------------------------------------------------

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
"""The 23 letters a UPN may use (no I, O or S); a letter's index is its value (A=0 ... Z=22)."""


def normalise_upn(s: str) -> str:
    """Strip surrounding whitespace and upper-case the letters."""
    return s.strip().upper()


def _upn_char_value(ch: str) -> int:
    if ch.isascii() and ch.isdigit():
        return int(ch)
    index = UPN_LETTERS.find(ch)
    if index < 0:
        raise ValueError(f"{ch!r} is not allowed in a UPN")
    return index


def upn_check_letter(twelve_chars: str) -> str:
    """Return the check letter for characters 2-13 of a UPN (DfE algorithm, rule 1510).

    Characters 2-12 must be digits; character 13 may be a digit or, in a temporary UPN, one of
    :data:`UPN_LETTERS` (valued A=0, B=1, ..., Z=22). Multiply the characters by weights 2 to 13
    (character 2 by 2 ... character 13 by 13), add them up, and map the remainder after
    dividing by 23 back to a letter with the same table.
    """
    if len(twelve_chars) != 12:
        raise ValueError("Give exactly 12 characters (characters 2 to 13 of the UPN)")
    body = twelve_chars[:11]
    if not (body.isascii() and body.isdigit()):
        raise ValueError("Characters 2 to 12 of a UPN must be digits")
    total = sum(_upn_char_value(ch) * weight for weight, ch in enumerate(twelve_chars, start=2))
    return UPN_LETTERS[total % 23]


def upn_error(s: str, *, la_numbers: Collection[str] | None = None) -> str | None:
    """Return a plain-English problem with a UPN, naming the census rule, or None if valid.

    ``la_numbers``: the recognised 3-digit DfE LA numbers for rule 1530. If None, only the form
    of characters 2-4 (three digits) is checked, because UPNs keep the number of the LA that
    issued them, including LAs that no longer exist.
    """
    value = normalise_upn(s)
    if not value:
        return "Enter the UPN."
    if len(value) != 13:
        return f"A UPN has 13 characters; this one has {len(value)}."
    if not value.isascii():
        return "A UPN can only contain the letters A-Z and the digits 0-9."
    la_part, middle, last = value[1:4], value[4:12], value[12]
    if not la_part.isdigit() or (la_numbers is not None and la_part not in la_numbers):
        return (
            f"Characters 2 to 4 of a UPN must be a recognised local authority number, "
            f"not {la_part!r} (census rule 1530)."
        )
    if not middle.isdigit():
        return "Characters 5 to 12 of a UPN must all be digits (census rule 1540)."
    if not (last.isdigit() or last in UPN_LETTERS):
        return (
            "The last character of a UPN must be a digit or a letter other than I, O or S "
            "(census rule 1550)."
        )
    if value[0] != upn_check_letter(value[1:]):
        return (
            "The first letter of this UPN does not match the rest, so it has probably been "
            "typed wrongly. Check it against the school's record (census rule 1510)."
        )
    return None


def is_valid_upn(s: str, *, la_numbers: Collection[str] | None = None) -> bool:
    """Return True for a well-formed UPN (permanent or temporary) with a correct check letter."""
    return upn_error(s, la_numbers=la_numbers) is None


# --- LA child ID --------------------------------------------------------------------------

LA_CHILD_ID_MAX_LENGTH = 20


def la_child_id_error(s: str) -> str | None:
    """Return a plain-English problem with an LA child ID, or None if valid (rules 1570/1580)."""
    if not s:
        return "Enter the local authority child ID."
    if len(s) > LA_CHILD_ID_MAX_LENGTH:
        return (
            f"The local authority child ID can be at most {LA_CHILD_ID_MAX_LENGTH} characters "
            f"long; this one has {len(s)} (census rule 1570)."
        )
    if not (s.isascii() and s.isalnum()):
        return (
            "The local authority child ID can only contain the letters A-Z and digits 0-9, "
            "with no spaces or symbols (census rule 1580)."
        )
    return None


def is_valid_la_child_id(s: str) -> bool:
    """Return True for 1 to 20 ASCII letters and digits (CIN census rules 1570 and 1580)."""
    return la_child_id_error(s) is None
