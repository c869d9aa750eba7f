"""The CIN census return for a small borough with known answers (reference 2.1, 2.2).

The expected returns are written by hand in ``expected/``; the export is compared with them
after normalising what changes from run to run (DateTime, SerialNo, Release)."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.test import override_settings
from lxml import etree

from haven.census import selectors, services
from haven.census.records import CensusChild, CensusEpisode
from haven.census.tests.export_borough import build_borough
from haven.census.xml import child_element, haven_release, validate_census
from haven.census.years import CensusYear, census_year
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.people.models import Person
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date
EXPECTED = Path(__file__).resolve().parent / "expected"
NOW = datetime.datetime(2026, 11, 27, 9, 30, 15, 123456, tzinfo=datetime.UTC)


@pytest.fixture
def borough():
    return build_borough()


def export(label: str, user, serial_no: int = 7) -> bytes:
    out = io.BytesIO()
    with override_settings(HAVEN_LA_NUMBER="202"):
        services.census_export(
            year=census_year(label), out=out, acting_user=user, now=NOW, serial_no=serial_no
        )
    return out.getvalue()


def normalised(document: bytes) -> str:
    """The document without comments or layout, with DateTime, SerialNo and Release fixed."""
    parser = etree.XMLParser(remove_blank_text=True, remove_comments=True)
    root = etree.fromstring(document, parser)
    for tag, value in (
        ("DateTime", "2000-01-01T00:00:00+00:00"),
        ("SerialNo", "SERIAL"),
        ("Release", "RELEASE"),
    ):
        for element in root.iter(tag):
            element.text = value
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def written(path: Path, document: bytes) -> Path:
    path.write_bytes(document)
    return path


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
def test_the_return_is_the_hand_written_one(borough, label):
    document = export(label, borough.user)

    expected = (EXPECTED / f"cin_{label}.xml").read_bytes()
    assert normalised(document) == normalised(expected)


@pytest.mark.parametrize("label", ["2025-26", "2026-27"])
def test_the_return_validates_against_its_years_xsd(borough, label, tmp_path):
    document = export(label, borough.user)

    assert (
        validate_census(written(tmp_path / "census.xml", document), year=census_year(label)) == []
    )


def test_a_2026_27_return_does_not_validate_as_2025_26(borough, tmp_path):
    """The two XSDs differ (Year, ReferenceDate, PreProceedingsandFGDM), so the check is real."""
    document = export("2026-27", borough.user)

    problems = validate_census(written(tmp_path / "c.xml", document), year=census_year("2025-26"))

    assert any("PreProceedingsandFGDM" in problem for problem in problems)
    assert any("Year" in problem for problem in problems)


def test_the_header_says_who_sent_it_and_when(borough):
    root = etree.fromstring(export("2025-26", borough.user, serial_no=7))

    source = root.find("Header/Source")
    assert source.findtext("LEA") == "202"
    assert source.findtext("SoftwareCode") == "Haven"
    assert source.findtext("Release") == haven_release() == "0.1.0"
    assert source.findtext("SerialNo") == "007"
    assert source.findtext("DateTime") == "2026-11-27T09:30:15+00:00"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"


def test_the_children_in_scope_and_those_left_out(borough):
    for label, expected in (("2025-26", borough.in_2025_26), ("2026-27", borough.in_2026_27)):
        found = [c.person_id for c in selectors.census_children(year=census_year(label))]
        assert found == [child.pk for child in expected], label

    left_out = {borough.closed_before, borough.adult, borough.merged}
    for label in ("2025-26", "2026-27"):
        ids = {c.person_id for c in selectors.census_children(year=census_year(label))}
        assert not ids & {p.pk for p in left_out}
    assert borough.assessed.is_restricted  # a restricted record is still returned


def test_person_ids_narrow_the_children_to_those_in_scope(borough):
    year = census_year("2025-26")
    asked = [borough.assessed.pk, borough.closed_before.pk, borough.merged.pk]

    found = [c.person_id for c in selectors.census_children(year=year, person_ids=asked)]

    assert found == [borough.assessed.pk]


def test_each_export_is_audited(borough):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()

    export("2025-26", borough.user)

    rows = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert rows.count() - before == 1
    row = rows.latest("pk")
    assert row.actor == borough.user
    assert (row.object_type, row.object_id) == ("census.cin_census", "2025-26")
    assert row.detail == "CIN census 2025-26: 5 children, serial 007"
    assert row.child_id is None


# --- What the record says on the reference date -------------------------------------------------


def test_a_child_born_after_the_reference_date_is_returned_unborn():
    user = f.staff_user()
    child = f.ChildFactory(
        sex="F", date_of_birth=D(2026, 4, 20), expected_date_of_birth=D(2026, 4, 25)
    )
    f.open_episode(child, user, D(2026, 1, 5))

    (record,) = selectors.census_children(year=census_year("2025-26"), person_ids=[child.pk])
    (later,) = selectors.census_children(year=census_year("2026-27"), person_ids=[child.pk])

    assert (record.birth_date, record.expected_birth_date, record.sex) == (
        None,
        D(2026, 4, 25),
        "U",
    )
    assert (later.birth_date, later.expected_birth_date, later.sex) == (D(2026, 4, 20), None, "F")


def test_a_death_after_the_reference_date_is_left_out():
    user = f.staff_user()
    child = f.ChildFactory(date_of_death=D(2026, 5, 2))
    f.open_episode(child, user, D(2026, 1, 5))

    (record,) = selectors.census_children(year=census_year("2025-26"), person_ids=[child.pk])
    (later,) = selectors.census_children(year=census_year("2026-27"), person_ids=[child.pk])

    assert record.death_date is None
    assert later.death_date == D(2026, 5, 2)


def test_a_child_without_an_la_child_id_gets_a_stable_one_that_is_free():
    """Rules 1570/1580 (at most 20 letters or digits) and 8510 (unique in the return)."""
    user = f.staff_user()
    plain = f.ChildFactory(la_child_id=None)
    clashing = f.ChildFactory(la_child_id=None)
    f.ChildFactory(la_child_id=f"HV{clashing.pk:08d}")  # typed by hand for another child
    for child in (plain, clashing):
        f.open_episode(child, user, D(2025, 10, 6))

    records = selectors.census_children(
        year=census_year("2025-26"), person_ids=[plain.pk, clashing.pk]
    )

    assert [r.la_child_id for r in records] == [f"HV{plain.pk:08d}", f"HV{clashing.pk:08d}A"]


def test_only_current_disabilities_in_code_order():
    user = f.staff_user()
    child = f.ChildFactory()
    for code in ("VIS", "BEH"):
        child.disabilities.create(code=code)
    child.disabilities.create(code="HEAR", removed_at=NOW)
    f.open_episode(child, user, D(2025, 10, 6))

    (record,) = selectors.census_children(year=census_year("2025-26"), person_ids=[child.pk])

    assert record.disabilities == ("BEH", "VIS")


def test_an_episode_closed_on_the_first_day_of_the_year_is_in_scope():
    """Open at the start of the year: referred before 1 April, closed on or after it."""
    user = f.staff_user()
    child = f.ChildFactory()
    episode = f.open_episode(child, user, D(2025, 3, 3))
    referral_services.episode_close(
        acting_user=user, episode=episode, closure_date=D(2025, 4, 1), closure_reason="RC7"
    )
    closed_day_before = f.ChildFactory()
    earlier = f.open_episode(closed_day_before, user, D(2025, 3, 3))
    referral_services.episode_close(
        acting_user=user, episode=earlier, closure_date=D(2025, 3, 31), closure_reason="RC7"
    )

    found = [
        c.person_id
        for c in selectors.census_children(
            year=census_year("2025-26"), person_ids=[child.pk, closed_day_before.pk]
        )
    ]

    assert found == [child.pk]


def test_a_merged_record_is_left_out_even_with_an_episode():
    user = f.staff_user()
    kept, duplicate = f.ChildFactory(), f.ChildFactory()
    for child in (kept, duplicate):
        f.open_episode(child, user, D(2025, 10, 6))
    Person.objects.filter(pk=duplicate.pk).update(merged_into=kept)

    found = [c.person_id for c in selectors.census_children(year=census_year("2025-26"))]

    assert found == [kept.pk]


# --- Years before 2024-25 --------------------------------------------------------------------


def test_years_before_sex_write_gender_current():
    """Sex replaced GenderCurrent from 2024-25 (reference 2.2); the switch is the year's."""
    episode = CensusEpisode(
        episode_id=1,
        referral_date=D(2023, 6, 1),
        referral_source="1A",
        primary_need="N1",
        closure_date=None,
        closure_reason="",
        referral_nfa=False,
    )
    older = CensusYear("2023-24", uses_sex=False)
    codes = {}
    for sex in ("M", "F", "U"):
        child = CensusChild(
            person_id=1, la_child_id="A1", birth_date=D(2015, 1, 1), sex=sex, episodes=(episode,)
        )
        element = child_element(child, year=older)
        assert element.find("ChildIdentifiers/Sex") is None
        codes[sex] = element.findtext("ChildIdentifiers/GenderCurrent")
        assert (
            child_element(child, year=census_year("2025-26")).findtext("ChildIdentifiers/Sex")
            == sex
        )

    assert codes == {"M": "1", "F": "2", "U": "0"}
