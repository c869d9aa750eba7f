"""Census code lists (reference section 2.3)."""

from __future__ import annotations

import pytest

from haven.statutory.codes import (
    RETIRED_ASSESSMENT_FACTORS,
    AssessmentFactor,
    CategoryOfAbuse,
    CensusCode,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    Sex,
    SocialWorkerChangeReason,
    UPNUnknownReason,
    choices,
)

EXPECTED_CODES: dict[type[CensusCode], str] = {
    ReferralSource: "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10",
    PrimaryNeed: "N0 N1 N2 N3 N4 N5 N6 N7 N8 N9",
    ReasonForClosure: "RC1 RC2 RC3 RC4 RC5 RC6 RC7 RC8 RC9",
    CategoryOfAbuse: "NEG PHY SAB EMO MUL",
    AssessmentFactor: (
        "1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A "
        "12A 13A 14A 15A 16A 17A 18B 18C 19B 19C 20 21 22A 23A 24A"
    ),
    Ethnicity: (
        "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE "
        "OOTH REFU NOBT"
    ),
    Disability: "NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA",
    UPNUnknownReason: "UN1 UN2 UN3 UN4 UN5 UN6 UN7",
    Sex: "M F U",
    SocialWorkerChangeReason: (
        "MANAGE FCONTA LEFTRL ORGRST TSPROC ABSENC CHCHAN PCCHAN SWDIED OTHERS"
    ),
}


@pytest.mark.parametrize("enum_cls", list(EXPECTED_CODES), ids=lambda c: c.__name__)
def test_exact_code_list(enum_cls: type[CensusCode]) -> None:
    assert [m.code for m in enum_cls] == EXPECTED_CODES[enum_cls].split()


@pytest.mark.parametrize(
    ("enum_cls", "count"),
    [
        (ReferralSource, 22),
        (PrimaryNeed, 10),
        (ReasonForClosure, 9),
        (CategoryOfAbuse, 5),
        (AssessmentFactor, 42),
        (Ethnicity, 20),
        (Disability, 13),
        (UPNUnknownReason, 7),
        (Sex, 3),
        (SocialWorkerChangeReason, 10),
    ],
    ids=lambda v: v.__name__ if isinstance(v, type) else str(v),
)
def test_counts(enum_cls: type[CensusCode], count: int) -> None:
    assert len(enum_cls) == count


@pytest.mark.parametrize("enum_cls", list(EXPECTED_CODES), ids=lambda c: c.__name__)
def test_labels_are_present_and_unique(enum_cls: type[CensusCode]) -> None:
    labels = [m.label for m in enum_cls]
    assert all(label.strip() for label in labels)
    assert len(set(labels)) == len(labels)


def test_value_lookup_and_string_behaviour() -> None:
    assert ReferralSource("5D") is ReferralSource.LA_EARLY_HELP
    assert ReasonForClosure("RC9") is ReasonForClosure.EARLY_HELP_AFTER_ASSESSMENT
    assert AssessmentFactor("21") is AssessmentFactor.NO_FACTORS
    sex_from_form: str = "U"
    assert sex_from_form == Sex.UNKNOWN
    assert str(Disability.NONE) == "NONE"
    assert Disability.NONE.value == "NONE"
    assert PrimaryNeed.ABUSE_OR_NEGLECT.label == "Abuse or neglect"


@pytest.mark.parametrize("retired", ["18A", "19A"])
def test_retired_assessment_factors_are_not_members(retired: str) -> None:
    assert retired in RETIRED_ASSESSMENT_FACTORS
    with pytest.raises(ValueError, match=retired):
        AssessmentFactor(retired)


def test_choices() -> None:
    assert choices(Sex) == [
        ("M", "Male"),
        ("F", "Female"),
        ("U", "Unknown or not recorded (always U for an unborn child)"),
    ]
    assert len(choices(Ethnicity)) == 20
    assert all(isinstance(code, str) and type(code) is str for code, _ in choices(Disability))
