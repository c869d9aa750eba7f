"""The XSDs Haven keeps for each census year (haven/census/xsd): they accept the hand-written
returns, refuse broken ones, and carry the same code lists as haven.statutory.codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from haven.census.xml import XSD_DIR, census_schema, validate_census
from haven.census.years import CENSUS_YEARS, census_year
from haven.plans.models import PreProceedings
from haven.statutory import codes

EXPECTED = Path(__file__).resolve().parent / "expected"
XS = "{http://www.w3.org/2001/XMLSchema}"


def valid_return(label: str) -> str:
    """A hand-written return, with real values where it has placeholders."""
    text = (EXPECTED / f"cin_{label}.xml").read_text()
    return text.replace("<Release>RELEASE</Release>", "<Release>0.1.0</Release>").replace(
        "<SerialNo>SERIAL</SerialNo>", "<SerialNo>001</SerialNo>"
    )


def problems(text: str, label: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "census.xml"
    path.write_text(text)
    return validate_census(path, year=census_year(label))


def enumeration(label: str, type_name: str) -> list[str]:
    schema = etree.parse(str(XSD_DIR / f"CIN_schema_{label}.xsd"))
    (simple,) = schema.getroot().findall(f"{XS}simpleType[@name='{type_name}']")
    return [e.get("value") for e in simple.iter(f"{XS}enumeration")]


@pytest.mark.parametrize("label", sorted(CENSUS_YEARS))
def test_every_census_year_has_an_xsd_saying_where_it_came_from(label):
    year = census_year(label)
    path = XSD_DIR / year.xsd_name

    text = path.read_text()
    census_schema(year.xsd_name)  # parses as a schema
    assert "Written for Haven" in text[:1000]
    assert "DfE CIN census specification" in text[:1000]


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
def test_the_hand_written_returns_are_valid(label, tmp_path):
    assert problems(valid_return(label), label, tmp_path) == []


@pytest.mark.parametrize(
    ("label", "old", "new", "complaint"),
    [
        # A bad code: Sex is M, F or U from 2024-25.
        ("2025-26", "<Sex>F</Sex>", "<Sex>X</Sex>", "Sex"),
        # GenderCurrent is no longer an item.
        ("2025-26", "<Sex>M</Sex>", "<GenderCurrent>1</GenderCurrent>", "GenderCurrent"),
        # Wrong order: ReferralSource before CINreferralDate.
        (
            "2025-26",
            "<CINreferralDate>2025-06-02</CINreferralDate>\n"
            "        <ReferralSource>1A</ReferralSource>",
            "<ReferralSource>1A</ReferralSource>\n"
            "        <CINreferralDate>2025-06-02</CINreferralDate>",
            "ReferralSource",
        ),
        # ReferralNFA is required.
        ("2025-26", "<ReferralNFA>true</ReferralNFA>", "", "CINdetails"),
        # LAchildID: letters and digits only (rule 1580), at most 20 (1570).
        ("2025-26", "<LAchildID>CHILD01</LAchildID>", "<LAchildID>CHILD-01</LAchildID>", "LA"),
        (
            "2025-26",
            "<LAchildID>CHILD01</LAchildID>",
            f"<LAchildID>{'C' * 21}</LAchildID>",
            "LAchildID",
        ),
        # Retired assessment factor.
        (
            "2025-26",
            "<AssessmentFactors>3B</AssessmentFactors>",
            "<AssessmentFactors>18A</AssessmentFactors>",
            "AssessmentFactors",
        ),
        (
            "2025-26",
            "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>",
            "<NumberOfPreviousCPP>-1</NumberOfPreviousCPP>",
            "NumberOfPreviousCPP",
        ),
        # The wrong census year in the header (rule 100).
        (
            "2025-26",
            "<ReferenceDate>2026-03-31</ReferenceDate>",
            "<ReferenceDate>2026-04-01</ReferenceDate>",
            "ReferenceDate",
        ),
        ("2025-26", "<SerialNo>001</SerialNo>", "<SerialNo>01</SerialNo>", "SerialNo"),
        ("2025-26", "<LEA>202</LEA>", "<LEA>2020</LEA>", "LEA"),
        # Pre-proceedings: 0/1 only, and a known outcome code.
        (
            "2026-27",
            "<FGDMMeetingOffer>1</FGDMMeetingOffer>",
            "<FGDMMeetingOffer>yes</FGDMMeetingOffer>",
            "FGDMMeetingOffer",
        ),
        ("2026-27", "<PPOutcome>A</PPOutcome>", "<PPOutcome>Z</PPOutcome>", "PPOutcome"),
    ],
)
def test_a_broken_return_fails(label, old, new, complaint, tmp_path):
    text = valid_return(label)
    assert old in text

    found = problems(text.replace(old, new, 1), label, tmp_path)

    assert found
    assert any(complaint in problem for problem in found), found
    assert all(problem.startswith("line ") for problem in found)


def test_pre_proceedings_come_last_in_cindetails(tmp_path):
    """After ReferralNFA and ChildProtectionPlans (reference 2.2), not before."""
    text = valid_return("2026-27")
    start = text.index("<PreProceedingsandFGDM>")
    end = text.index("</PreProceedingsandFGDM>") + len("</PreProceedingsandFGDM>")
    block = text[start:end]
    nfa = "<ReferralNFA>false</ReferralNFA>"
    moved = text[:start] + text[end:]
    at = moved.rindex(nfa)
    moved = moved[:at] + block + moved[at:]

    found = problems(moved, "2026-27", tmp_path)

    assert any("PreProceedingsandFGDM" in problem for problem in found), found


def test_pre_proceedings_are_not_in_the_2025_26_return(tmp_path):
    block = (
        "<ReferralNFA>false</ReferralNFA>\n"
        "        <PreProceedingsandFGDM><PPStartDate>2025-06-01</PPStartDate>"
        "</PreProceedingsandFGDM>"
    )
    text = valid_return("2025-26").replace("<ReferralNFA>false</ReferralNFA>", block, 1)

    assert problems(text, "2025-26", tmp_path)


def test_an_incomplete_file_fails(tmp_path):
    text = valid_return("2025-26")

    found = problems(text[: len(text) // 2], "2025-26", tmp_path)

    assert found
    assert "not well-formed" in found[0]


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
@pytest.mark.parametrize(
    ("type_name", "code_list"),
    [
        ("referralsourcetype", codes.ReferralSource),
        ("primaryneedtype", codes.PrimaryNeed),
        ("closurereasontype", codes.ReasonForClosure),
        ("categorytype", codes.CategoryOfAbuse),
        ("factortype", codes.AssessmentFactor),
        ("ethnicitytype", codes.Ethnicity),
        ("disabilitytype", codes.Disability),
        ("upnunknowntype", codes.UPNUnknownReason),
        ("sextype", codes.Sex),
    ],
)
def test_the_code_lists_are_haven_s(label, type_name, code_list):
    """What Haven lets staff record is what the return accepts (reference 2.3)."""
    assert sorted(enumeration(label, type_name)) == sorted(c.code for c in code_list)


def test_the_2024_25_changes_are_in():
    assert "5D" in enumeration("2025-26", "referralsourcetype")
    assert "RC9" in enumeration("2025-26", "closurereasontype")
    assert not {"18A", "19A"} & set(enumeration("2025-26", "factortype"))


def test_the_pre_proceedings_outcomes_are_the_models():
    assert enumeration("2026-27", "ppoutcometype") == list(PreProceedings.Outcome.values)
