"""Ofsted Annex A as data: every list's headings word for word, the lettered encodings, the
six-month window and ages. No database.

The expected headings below are typed from Ofsted's template as the public
SocialFinanceDigitalLabs/liia-tools repository records it (csdatatools/spec/annex_a/
annex-a-merge.yml), not copied from the module under test."""

from __future__ import annotations

import datetime

import pytest

from haven.inspection.annex_a import spec
from haven.statutory import codes

D = datetime.date

COMMON = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
]

EXPECTED_HEADINGS = {
    1: [*COMMON, "Date of Contact", "Contact Source"],
    3: [
        *COMMON,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        "Allocated Team",
        "Allocated Worker",
    ],
    4: [
        *COMMON,
        "Does the Child have a Disability",
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        "Allocated Team",
        "Allocated Worker",
    ],
    5: [
        *COMMON,
        "Does the Child have a Disability",
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        "Allocated Team",
        "Allocated Worker",
    ],
    6: [
        *COMMON,
        "Does the Child have a Disability",
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        "Allocated Team",
        "Allocated Worker",
    ],
    7: [
        *COMMON,
        "Does the Child have a Disability",
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        "Allocated Team",
        "Allocated Worker",
    ],
}


class TestLists:
    def test_eleven_lists_in_order_with_sheet_titles_excel_accepts(self):
        assert [annex.number for annex in spec.ANNEX_A_LISTS] == list(range(1, 12))
        for annex in spec.ANNEX_A_LISTS:
            assert annex.sheet_title.startswith(f"List {annex.number} - ")
            assert len(annex.sheet_title) <= 31
            assert not set(annex.sheet_title) & set("[]:*?/\\")

    @pytest.mark.parametrize("number", sorted(EXPECTED_HEADINGS))
    def test_headings_are_ofsteds_word_for_word(self, number):
        assert list(spec.LISTS_BY_NUMBER[number].headings) == EXPECTED_HEADINGS[number]

    def test_haven_produces_lists_1_and_3_to_7_only(self):
        produced = [annex.number for annex in spec.ANNEX_A_LISTS if annex.produced]

        assert produced == [1, 3, 4, 5, 6, 7]

    @pytest.mark.parametrize(
        ("number", "words"),
        [
            (2, "does not record early help assessments"),
            (8, "children in care"),
            (9, "care leavers"),
            (10, "adoption"),
            (11, "adopters"),
        ],
    )
    def test_each_list_not_produced_says_plainly_why(self, number, words):
        statement = spec.LISTS_BY_NUMBER[number].statement

        assert "Haven does not" in statement
        assert words in statement


class TestEncodings:
    @pytest.mark.parametrize(
        ("sex", "expected"),
        [("M", "a) Male"), ("F", "b) Female"), ("U", "c) Not stated/recorded")],
    )
    def test_gender(self, sex, expected):
        assert spec.encode(spec.GENDER, sex) == expected

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("WBRI", "a) WBRI"),
            ("WROM", "e) WROM"),
            ("MWBC", "f) MWBC"),
            ("AIND", "j) AIND"),
            ("BCRB", "n) BCRB"),
            ("CHNE", "q) CHNE"),
            ("OOTH", "r) OOTH"),
            ("REFU", "s) REFU"),
            ("NOBT", "t) NOBT"),
        ],
    )
    def test_ethnicity(self, code, expected):
        assert spec.encode(spec.ETHNICITY, code) == expected

    def test_every_census_ethnicity_has_its_own_letter(self):
        values = [spec.ETHNICITY[member.code] for member in codes.Ethnicity]

        assert len(set(values)) == 20
        assert [value.split(")")[0] for value in values] == list("abcdefghijklmnopqrst")

    @pytest.mark.parametrize(
        ("code", "expected"),
        [
            ("1A", "a) 1A: Individual"),
            ("1D", "d) 1D: Individual"),
            ("2A", "e) 2A: Schools"),
            ("2B", "f) 2B: Education services"),
            ("3C", "i) 3C: Health services"),
            ("4", "m) 4: Housing"),
            ("5D", "p1) 5D: LA services"),
            ("6", "q) 6: Police"),
            ("10", "u) 10: Unknown"),
        ],
    )
    def test_contact_and_referral_source(self, code, expected):
        assert spec.encode(spec.SOURCE, code) == expected

    def test_every_census_source_is_encoded(self):
        assert {member.code for member in codes.ReferralSource} == set(spec.SOURCE)

    def test_yes_no_and_not_yet_known(self):
        assert spec.yes_no(True) == "a) Yes"
        assert spec.yes_no(False) == "b) No"
        assert spec.yes_no(None) is None

    @pytest.mark.parametrize(
        ("mapping", "code", "expected"),
        [
            (spec.PRIMARY_NEED, "N1", "N1 - Abuse or neglect"),
            (spec.PRIMARY_NEED, "N0", "N0 - Not stated"),
            (
                spec.REASON_FOR_CLOSURE,
                "RC7",
                "RC7 - Services ceased for any other reason, including child no longer in need",
            ),
            (
                spec.REASON_FOR_CLOSURE,
                "RC9",
                "RC9 - Case closed after assessment, referred to early help",
            ),
            (spec.CATEGORY_OF_ABUSE, "NEG", "a) Neglect"),
            (spec.CATEGORY_OF_ABUSE, "EMO", "d) Emotional abuse"),
            (spec.CATEGORY_OF_ABUSE, "MUL", "e) Multiple/not recommended"),
        ],
    )
    def test_need_closure_and_category(self, mapping, code, expected):
        assert spec.encode(mapping, code) == expected

    @pytest.mark.parametrize(
        ("mapping", "enum"),
        [
            (spec.PRIMARY_NEED, codes.PrimaryNeed),
            (spec.REASON_FOR_CLOSURE, codes.ReasonForClosure),
            (spec.CATEGORY_OF_ABUSE, codes.CategoryOfAbuse),
        ],
    )
    def test_every_census_code_is_encoded(self, mapping, enum):
        assert {member.code for member in enum} == set(mapping)

    def test_no_code_is_a_blank_cell_and_an_unknown_code_is_kept(self):
        assert spec.encode(spec.SOURCE, "") is None
        assert spec.encode(spec.SOURCE, None) is None
        assert spec.encode(spec.SOURCE, "11") == "11"


class TestWindowAndAge:
    @pytest.mark.parametrize(
        ("as_of", "first_day"),
        [
            (D(2026, 11, 30), D(2026, 5, 31)),
            (D(2026, 9, 15), D(2026, 3, 16)),
            (D(2026, 8, 31), D(2026, 3, 1)),  # 28 February (clamped) plus a day
            (D(2028, 8, 30), D(2028, 3, 1)),  # 29 February 2028 plus a day
        ],
    )
    def test_six_months_ending_on_the_as_of_date(self, as_of, first_day):
        assert spec.window_start(as_of) == first_day

    @pytest.mark.parametrize(
        ("born", "as_of", "age"),
        [
            (D(2016, 9, 15), D(2026, 9, 15), 10),  # birthday today
            (D(2016, 9, 16), D(2026, 9, 15), 9),  # birthday tomorrow
            (D(2016, 2, 29), D(2026, 2, 28), 9),  # a leap-day birthday comes on 1 March
            (D(2016, 2, 29), D(2026, 3, 1), 10),
            (D(2026, 9, 15), D(2026, 9, 15), 0),
        ],
    )
    def test_age_in_whole_years_on_the_as_of_date(self, born, as_of, age):
        assert spec.age_in_years(born, as_of) == age

    def test_no_age_before_birth(self):
        assert spec.age_in_years(None, D(2026, 9, 15)) is None
        assert spec.age_in_years(D(2026, 9, 16), D(2026, 9, 15)) is None
