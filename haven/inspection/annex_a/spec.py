"""Ofsted Annex A, as data: the lists, their column headings and the lettered value encodings.

Annex A is the set of child-level lists an authority gives Ofsted at the start of an ILACS
inspection (reference section 3). Lists 1 to 9 cover the six months before the inspection, plus
the children open at its start where the list says so.

Sources (facts only; no code carried over):

* column headings per list, word for word as Ofsted's template has them:
  ``SocialFinanceDigitalLabs/liia-tools``, ``csdatatools/spec/annex_a/annex-a-merge.yml``
  (later moved to ``liiatools/spec/annex_a/``), the same order as in
  ``liiatools/spec/annex_a/la-agg.yml`` (whose extra ``LA`` column is the aggregator's own, not
  Ofsted's);
* the lettered values: ``csdatatools/spec/annex_a/data-map.yml`` and its successor
  ``liiatools/annex_a_pipeline/spec/Annex_A_schema.yml`` (which adds source 5D as
  ``p1) 5D: LA services`` and closure reason RC9). Both files letter "Information not yet
  obtained" ``s)``, the same letter as REFU, a slip: reference section 3 and the Standard
  Safeguarding Dataset's Annex A extract (``data-to-insight/ssd-data-model``) give ``t) NOBT``,
  which is used here.

Everything here is plain data and pure functions: no Django, no database, no clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from haven.statutory.calendar import add_months

__all__ = [
    "ANNEX_A_LISTS",
    "CASE_STATUS",
    "CATEGORY_OF_ABUSE",
    "ETHNICITY",
    "GENDER",
    "LISTS_BY_NUMBER",
    "NOT_RECORDED_STATEMENT",
    "PRIMARY_NEED",
    "REASON_FOR_CLOSURE",
    "SOURCE",
    "AnnexAList",
    "age_in_years",
    "encode",
    "window_start",
    "yes_no",
]

# --- The columns -------------------------------------------------------------------------------

CHILD_UNIQUE_ID = "Child Unique ID"
GENDER_COLUMN = "Gender"
ETHNICITY_COLUMN = "Ethnicity"
DATE_OF_BIRTH = "Date of Birth"
AGE = "Age of Child (Years)"
DISABILITY = "Does the Child have a Disability"
ALLOCATED_TEAM = "Allocated Team"
ALLOCATED_WORKER = "Allocated Worker"

# Every child list starts with these (reference section 3).
COMMON = (CHILD_UNIQUE_ID, GENDER_COLUMN, ETHNICITY_COLUMN, DATE_OF_BIRTH, AGE)
ALLOCATED = (ALLOCATED_TEAM, ALLOCATED_WORKER)

EPO_COLUMN = (
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months "
    "(Y/N)"
)


@dataclass(frozen=True)
class AnnexAList:
    """One Annex A list: its number, name, sheet title, and (if Haven produces it) its
    column headings in Ofsted's order. A list Haven cannot produce carries `statement`."""

    number: int
    name: str
    sheet_title: str
    headings: tuple[str, ...] = ()
    statement: str = ""

    @property
    def produced(self) -> bool:
        return bool(self.headings)


NOT_RECORDED_STATEMENT = "Haven does not yet record {what}, so it cannot produce this list."

ANNEX_A_LISTS: tuple[AnnexAList, ...] = (
    AnnexAList(
        1,
        "Contacts",
        "List 1 - Contacts",
        (*COMMON, "Date of Contact", "Contact Source"),
    ),
    # Haven records early help only as the hub's decision on a contact, not the early help
    # assessment List 2 asks for: the sheet says so (annex_a.writer) rather than pass a
    # decision off as an assessment.
    AnnexAList(
        2,
        "Early help",
        "List 2 - Early help",
        statement=(
            "Haven does not record early help assessments: it records only the hub's decision "
            "that a contact should go to early help. The early help service's own records hold "
            "the assessments this list asks for."
        ),
    ),
    AnnexAList(
        3,
        "Referrals",
        "List 3 - Referrals",
        (
            *COMMON,
            "Date of referral",
            "Referral Source",
            "Referral NFA?",
            "Number of Referrals in Last 12 Months",
            *ALLOCATED,
        ),
    ),
    AnnexAList(
        4,
        "Assessments",
        "List 4 - Assessments",
        (
            *COMMON,
            DISABILITY,
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
            *ALLOCATED,
        ),
    ),
    AnnexAList(
        5,
        "Section 47 enquiries and ICPCs",
        "List 5 - Section 47 and ICPCs",
        (
            *COMMON,
            DISABILITY,
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
            *ALLOCATED,
        ),
    ),
    AnnexAList(
        6,
        "Children in need",
        "List 6 - Children in need",
        (
            *COMMON,
            DISABILITY,
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
            *ALLOCATED,
        ),
    ),
    AnnexAList(
        7,
        "Child protection",
        "List 7 - Child protection",
        (
            *COMMON,
            DISABILITY,
            "Child Protection Plan Start Date",
            "Initial Category of Abuse",
            "Latest Category of Abuse",
            "Date of the Last Statutory Visit",
            "Was the Child Seen Alone?",
            "Date of latest review conference",
            "Child Protection Plan End Date",
            EPO_COLUMN,
            "Number of Previous Child Protection Plans",
            *ALLOCATED,
        ),
    ),
    AnnexAList(
        8,
        "Children in care",
        "List 8 - Children in care",
        statement=NOT_RECORDED_STATEMENT.format(what="children in care (looked-after children)"),
    ),
    AnnexAList(
        9,
        "Care leavers",
        "List 9 - Care leavers",
        statement=NOT_RECORDED_STATEMENT.format(what="care leavers"),
    ),
    AnnexAList(
        10,
        "Adoption",
        "List 10 - Adoption",
        statement=NOT_RECORDED_STATEMENT.format(what="adoption decisions, orders or placements"),
    ),
    AnnexAList(
        11,
        "Adopters",
        "List 11 - Adopters",
        statement=NOT_RECORDED_STATEMENT.format(what="prospective adopters or adopters"),
    ),
)

LISTS_BY_NUMBER: Mapping[int, AnnexAList] = {
    annex_list.number: annex_list for annex_list in ANNEX_A_LISTS
}

# --- The lettered values -----------------------------------------------------------------------

# Haven's sex codes (census Sex: M, F, U) to Annex A gender. Annex A's "d) Neither" has no
# census code, so Haven never gives it.
GENDER: Mapping[str, str] = {
    "M": "a) Male",
    "F": "b) Female",
    "U": "c) Not stated/recorded",
}
GENDER_NOT_RECORDED = "c) Not stated/recorded"

ETHNICITY: Mapping[str, str] = {
    "WBRI": "a) WBRI",
    "WIRI": "b) WIRI",
    "WIRT": "c) WIRT",
    "WOTH": "d) WOTH",
    "WROM": "e) WROM",
    "MWBC": "f) MWBC",
    "MWBA": "g) MWBA",
    "MWAS": "h) MWAS",
    "MOTH": "i) MOTH",
    "AIND": "j) AIND",
    "APKN": "k) APKN",
    "ABAN": "l) ABAN",
    "AOTH": "m) AOTH",
    "BCRB": "n) BCRB",
    "BAFR": "o) BAFR",
    "BOTH": "p) BOTH",
    "CHNE": "q) CHNE",
    "OOTH": "r) OOTH",
    "REFU": "s) REFU",
    "NOBT": "t) NOBT",
}
# No ethnicity recorded yet: "information not yet obtained" is what that means.
ETHNICITY_NOT_RECORDED = "t) NOBT"

# Contact and referral source (census ReferralSource, reference 2.3).
SOURCE: Mapping[str, str] = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "5D": "p1) 5D: LA services",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"

PRIMARY_NEED: Mapping[str, str] = {
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
    "N0": "N0 - Not stated",
}

REASON_FOR_CLOSURE: Mapping[str, str] = {
    "RC1": "RC1 - Adopted",
    "RC2": "RC2 - Died",
    "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}

# List 6 "Case Status". Haven records no children in care, so never "a)".
CASE_STATUS: Mapping[str, str] = {
    "LOOKED_AFTER": "a) Looked after child",
    "CP_PLAN": "b) Child Protection plan",
    "CIN_PLAN": "c) Child in need plan",
    "OPEN_ASSESSMENT": "d) Open assessment",
    "CLOSED": "e) Closed episode",
}

CATEGORY_OF_ABUSE: Mapping[str, str] = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}


def encode(codes: Mapping[str, str], code: str | None) -> str | None:
    """The lettered Annex A value for a Haven code; None (a blank cell) for no code.

    A code the mapping does not know is written as it is rather than dropped, so a new code
    shows up in the return instead of silently disappearing."""
    if not code:
        return None
    return codes.get(code, code)


def yes_no(value: bool | None) -> str | None:
    """Annex A yes/no: "a) Yes", "b) No", or a blank cell for not known yet."""
    if value is None:
        return None
    return YES if value else NO


# --- The window and ages -----------------------------------------------------------------------


def window_start(as_of: datetime.date) -> datetime.date:
    """The first day of the six months that end on `as_of` (both days included): as_of minus
    six calendar months, plus one day. 30 November 2026 -> 31 May 2026; 31 August 2026 ->
    1 March 2026 (28 February, the clamped six-months-before, plus a day)."""
    return add_months(as_of, -6) + datetime.timedelta(days=1)


def age_in_years(born: datetime.date | None, as_of: datetime.date) -> int | None:
    """Whole years of age on `as_of`; None for an unborn child or one born after `as_of`. A
    child born on 29 February has their birthday on 1 March in other years."""
    if born is None or born > as_of:
        return None
    years = as_of.year - born.year
    if (as_of.month, as_of.day) < (born.month, born.day):
        years -= 1
    return years
