"""Writing the CIN census XML return, and checking it against the census year's XSD.

The element names and their order are the DfE census's (reference 2.2); the XSDs Haven keeps
for each census year are in ``haven/census/xsd``. The writer streams: each Child is built,
written and flushed on its own (``lxml.etree.xmlfile``), so memory does not grow with the
number of children. Optional items with no value are left out, as the DfE asks.
"""

from __future__ import annotations

import datetime
import functools
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from lxml import etree

from haven.census.records import (
    CensusAssessment,
    CensusChild,
    CensusCINPlan,
    CensusCPPlan,
    CensusEpisode,
    CensusPreProceedings,
    CensusSection47,
)
from haven.census.years import CensusYear

__all__ = [
    "SOFTWARE_CODE",
    "XSD_DIR",
    "census_schema",
    "haven_release",
    "serial_number",
    "validate_census",
    "write_census",
]

XSD_DIR = Path(__file__).resolve().parent / "xsd"
PROJECT_DIR = Path(__file__).resolve().parents[2]
SOFTWARE_CODE = "Haven"
# GenderCurrent, the census item before Sex (census years up to 2023-24): 1 male, 2 female,
# 0 not recorded or unborn (reference 2.2).
GENDER_CURRENT = {"M": "1", "F": "2", "U": "0"}
INDENT = "  "


@functools.cache
def haven_release() -> str:
    """Haven's version (pyproject.toml), the Header's Release."""
    with (PROJECT_DIR / "pyproject.toml").open("rb") as pyproject:
        return str(tomllib.load(pyproject)["project"]["version"])


def serial_number(serial_no: int) -> str:
    """SerialNo: at least three digits (reference 2.2)."""
    if serial_no < 0:
        raise ValueError("The serial number cannot be negative.")
    return f"{serial_no:03d}"


def _text(parent: etree._Element, tag: str, value: object) -> None:
    """Add <tag>value</tag> unless the value is empty (optional items are left out)."""
    if value is None or value == "":
        return
    element = etree.SubElement(parent, tag)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, datetime.date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


def _zero_one(value: bool | None) -> str | None:
    """FGDMMeetingOffer and FGDMMeetingFac are 0 or 1 (reference 2.2)."""
    return None if value is None else ("1" if value else "0")


def _header(
    *, year: CensusYear, la_number: str, serial_no: int, now: datetime.datetime, release: str
) -> etree._Element:
    header = etree.Element("Header")
    collection = etree.SubElement(header, "CollectionDetails")
    _text(collection, "Collection", "CIN")
    _text(collection, "Year", year.end_year)
    _text(collection, "ReferenceDate", year.reference_date)
    source = etree.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", la_number)
    _text(source, "SoftwareCode", SOFTWARE_CODE)
    _text(source, "Release", release)
    _text(source, "SerialNo", serial_number(serial_no))
    _text(source, "DateTime", now.replace(microsecond=0).isoformat())
    return header


def _assessment(parent: etree._Element, assessment: CensusAssessment) -> None:
    element = etree.SubElement(parent, "Assessments")
    _text(element, "AssessmentActualStartDate", assessment.start_date)
    _text(element, "AssessmentInternalReviewDate", assessment.internal_review_date)
    _text(element, "AssessmentAuthorisationDate", assessment.authorisation_date)
    if assessment.factors:
        factors = etree.SubElement(element, "FactorsIdentifiedAtAssessment")
        for code in assessment.factors:
            _text(factors, "AssessmentFactors", code)


def _cin_plan(parent: etree._Element, plan: CensusCINPlan) -> None:
    element = etree.SubElement(parent, "CINPlanDates")
    _text(element, "CINPlanStartDate", plan.start_date)
    _text(element, "CINPlanEndDate", plan.end_date)


def _section47(parent: etree._Element, enquiry: CensusSection47) -> None:
    element = etree.SubElement(parent, "Section47")
    _text(element, "S47ActualStartDate", enquiry.start_date)
    _text(element, "InitialCPCtarget", enquiry.icpc_target_date)
    _text(element, "DateOfInitialCPC", enquiry.icpc_date)
    _text(element, "ICPCnotRequired", enquiry.icpc_not_required)


def _cp_plan(parent: etree._Element, plan: CensusCPPlan) -> None:
    element = etree.SubElement(parent, "ChildProtectionPlans")
    _text(element, "CPPstartDate", plan.start_date)
    _text(element, "CPPendDate", plan.end_date)
    _text(element, "InitialCategoryOfAbuse", plan.initial_category)
    _text(element, "LatestCategoryOfAbuse", plan.latest_category)
    _text(element, "NumberOfPreviousCPP", plan.previous_plans)
    if plan.review_dates:
        reviews = etree.SubElement(element, "Reviews")
        for day in plan.review_dates:
            _text(reviews, "CPPreviewDate", day)


def _pre_proceedings(parent: etree._Element, pre: CensusPreProceedings) -> None:
    element = etree.SubElement(parent, "PreProceedingsandFGDM")
    _text(element, "PPStartDate", pre.start_date)
    _text(element, "LBPSentDate", pre.letter_before_proceedings_date)
    _text(element, "FGDMMeetingOffer", _zero_one(pre.fgdm_offered))
    _text(element, "FGDMMeetingFac", _zero_one(pre.fgdm_facilitated))
    _text(element, "InitialPPMeetingDate", pre.initial_meeting_date)
    _text(element, "ReviewMeetingsCount", pre.review_meetings_count)
    _text(element, "StepDecisionDate", pre.step_decision_date)
    _text(element, "PPOutcome", pre.outcome)
    _text(element, "CourtAppDate", pre.court_application_date)
    _text(element, "LetterInitCPDate", pre.letter_initiating_cp_date)


def _episode(parent: etree._Element, episode: CensusEpisode, year: CensusYear) -> None:
    element = etree.SubElement(parent, "CINdetails")
    _text(element, "CINreferralDate", episode.referral_date)
    _text(element, "ReferralSource", episode.referral_source)
    _text(element, "PrimaryNeedCode", episode.primary_need)
    _text(element, "CINclosureDate", episode.closure_date)
    _text(element, "ReasonForClosure", episode.closure_reason)
    _text(element, "DateOfInitialCPC", episode.icpc_date)
    for assessment in episode.assessments:
        _assessment(element, assessment)
    for cin_plan in episode.cin_plans:
        _cin_plan(element, cin_plan)
    for enquiry in episode.section47s:
        _section47(element, enquiry)
    _text(element, "ReferralNFA", episode.referral_nfa)
    for cp_plan in episode.cp_plans:
        _cp_plan(element, cp_plan)
    if year.has_pre_proceedings:
        for pre in episode.pre_proceedings:
            _pre_proceedings(element, pre)


def child_element(child: CensusChild, *, year: CensusYear) -> etree._Element:
    """One <Child>: ChildIdentifiers, ChildCharacteristics and a CINdetails per episode."""
    element = etree.Element("Child")
    identifiers = etree.SubElement(element, "ChildIdentifiers")
    _text(identifiers, "LAchildID", child.la_child_id)
    _text(identifiers, "UPN", child.upn)
    _text(identifiers, "FormerUPN", child.former_upn)
    _text(identifiers, "UPNunknown", child.upn_unknown)
    _text(identifiers, "PersonBirthDate", child.birth_date)
    _text(identifiers, "ExpectedPersonBirthDate", child.expected_birth_date)
    if year.uses_sex:
        _text(identifiers, "Sex", child.sex)
    else:
        _text(identifiers, "GenderCurrent", GENDER_CURRENT[child.sex])
    _text(identifiers, "PersonDeathDate", child.death_date)
    characteristics = etree.SubElement(element, "ChildCharacteristics")
    _text(characteristics, "Ethnicity", child.ethnicity)
    if child.disabilities:
        disabilities = etree.SubElement(characteristics, "Disabilities")
        for code in child.disabilities:
            _text(disabilities, "Disability", code)
    for episode in child.episodes:
        _episode(element, episode, year)
    return element


def write_census(
    out: IO[bytes],
    *,
    year: CensusYear,
    children: Iterable[CensusChild],
    la_number: str,
    serial_no: int,
    now: datetime.datetime,
    release: str | None = None,
) -> int:
    """Write the census return for `year` to `out`, one child at a time; returns how many
    children were written."""
    header = _header(
        year=year,
        la_number=la_number,
        serial_no=serial_no,
        now=now,
        release=release or haven_release(),
    )
    written = 0
    etree.indent(header, space=INDENT, level=1)
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write("\n" + INDENT)
            xf.write(header)
            xf.write("\n" + INDENT)
            with xf.element("Children"):
                for child in children:
                    element = child_element(child, year=year)
                    etree.indent(element, space=INDENT, level=2)
                    xf.write("\n" + INDENT * 2)
                    xf.write(element)
                    xf.flush()
                    written += 1
                xf.write("\n" + INDENT)
            xf.write("\n")
    out.write(b"\n")
    return written


@functools.cache
def census_schema(xsd_name: str) -> etree.XMLSchema:
    """The XSD Haven keeps for a census year (parsed once)."""
    return etree.XMLSchema(etree.parse(str(XSD_DIR / xsd_name)))


def validate_census(path: str | Path, *, year: CensusYear) -> list[str]:
    """Check a census file against its year's XSD. Returns the problems found, each with its
    line, or an empty list if the file is valid.

    A valid file (the normal case) is checked streaming: each Child is dropped once parsed, so
    memory does not grow with the file. lxml reports a schema failure at the end of a
    streaming parse with no line number, so an invalid file is parsed again whole to say
    where each problem is."""
    schema = census_schema(year.xsd_name)
    etree.clear_error_log()  # lxml keeps one log per thread: start this file's afresh
    try:
        events: Any = etree.iterparse(str(path), events=("end",), tag="Child", schema=schema)
        for _event, element in events:
            element.clear(keep_tail=True)
            while element.getprevious() is not None:
                del element.getparent()[0]
        return []
    except etree.XMLSyntaxError as error:
        if error.lineno:  # not well-formed XML: the parser knows where
            return [f"not well-formed XML: {error}"]
    document = etree.parse(str(path))
    if schema.validate(document):  # pragma: no cover - the streaming check said otherwise
        return []
    entries: Any = schema.error_log
    return [f"line {entry.line}: {entry.message}" for entry in entries]
