"""The Annex A workbook against small histories with known answers, built through the real
services and read back with openpyxl: each list's window edges and "open at the point of
inspection" rule, the encodings, the counts in the last 12 months and the allocation."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from haven.casework import services as casework_services
from haven.core.tests import factories as f
from haven.frontdoor.models import Contact
from haven.frontdoor.services import contact_record
from haven.frontdoor.tests.factories import ContactFactory, ContactPersonFactory, local
from haven.inspection.annex_a import spec
from haven.inspection.annex_a.writer import annex_a_workbook
from haven.meetings import services as meeting_services
from haven.people.models import PersonDisability
from haven.referrals import services as referral_services
from haven.workforce.models import Worker

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 9, 15)  # a Tuesday
START = D(2026, 3, 16)  # the first day of the six-month window (a Monday)
DAY_BEFORE = START - datetime.timedelta(days=1)
NOW = local(2026, 9, 15, 9, 30)


def export(as_of: datetime.date = AS_OF) -> tuple[Any, Any]:
    """(workbook read back, AnnexAResult)."""
    out = io.BytesIO()
    result = annex_a_workbook(as_of=as_of, out=out, now=NOW)
    out.seek(0)
    return load_workbook(out), result


def _value(value: Any) -> Any:
    return value.date() if isinstance(value, datetime.datetime) else value


def list_rows(workbook: Any, number: int) -> list[dict[str, Any]]:
    """The data rows of a list sheet as {heading: value}, dates as datetime.date."""
    sheet = workbook[spec.LISTS_BY_NUMBER[number].sheet_title]
    rows = list(sheet.iter_rows(values_only=True))
    headings = rows[0]
    return [dict(zip(headings, map(_value, row), strict=True)) for row in rows[1:]]


def rows_for(workbook: Any, number: int, child: Any) -> list[dict[str, Any]]:
    return [r for r in list_rows(workbook, number) if r["Child Unique ID"] == child.la_child_id]


def sheet_text(workbook: Any, title: str) -> str:
    sheet = workbook[title]
    return "\n".join(
        " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
    )


@pytest.fixture
def staff():
    return f.staff_user(full_name="Duty Worker")


def nfa_referral(child, staff, on):
    return f.open_episode(child, staff, on, referral_nfa=True)


class TestWorkbookShape:
    def test_a_cover_then_a_sheet_per_list(self, staff):
        workbook, result = export()

        assert workbook.sheetnames == ["Cover"] + [a.sheet_title for a in spec.ANNEX_A_LISTS]
        assert result.window_start == START
        assert result.rows == {1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0}

    @pytest.mark.parametrize("number", [1, 3, 4, 5, 6, 7])
    def test_each_list_has_ofsteds_headings_in_bold_in_row_1(self, staff, number):
        workbook, _ = export()
        sheet = workbook[spec.LISTS_BY_NUMBER[number].sheet_title]

        headings = [cell.value for cell in sheet[1]]
        assert headings == list(spec.LISTS_BY_NUMBER[number].headings)
        assert all(cell.font.b for cell in sheet[1])

    @pytest.mark.parametrize(
        ("number", "words"),
        [
            (8, "Haven does not yet record children in care"),
            (9, "Haven does not yet record care leavers"),
            (10, "Haven does not yet record adoption"),
            (11, "Haven does not yet record prospective adopters or adopters"),
        ],
    )
    def test_lists_8_to_11_say_haven_does_not_record_them(self, staff, number, words):
        workbook, _ = export()
        sheet = workbook[spec.LISTS_BY_NUMBER[number].sheet_title]

        assert sheet.max_row == 1
        assert words in sheet["A1"].value

    def test_the_cover_gives_the_authority_dates_counts_and_what_is_not_produced(
        self, staff, settings
    ):
        settings.HAVEN_AUTHORITY_NAME = "Haven Borough Council"
        f.open_episode(f.ChildFactory(), staff, D(2026, 4, 1))
        workbook, _ = export()
        cover = {row[0]: row[1:] for row in workbook["Cover"].iter_rows(values_only=True)}

        assert cover["Authority"][0] == "Haven Borough Council"
        assert _value(cover["As-of date (point of inspection)"][0]) == AS_OF
        assert _value(cover["Six-month window from"][0]) == START
        assert _value(cover["Six-month window to"][0]) == AS_OF
        assert cover["Generated"][0] == NOW.replace(tzinfo=None)  # local time, as Excel has none
        assert cover["List 3: Referrals"][0] == 1
        assert cover["List 8: Children in care"][0] == "Not produced: not recorded in Haven"
        text = sheet_text(workbook, "Cover")
        assert (
            "Lists 8 to 11 (children in care, care leavers, adoption, adopters) are not "
            "produced: Haven does not yet record" in text
        )
        assert "emergency protection orders" in text

    def test_dates_are_real_excel_dates_shown_day_month_year(self, staff):
        f.open_episode(f.ChildFactory(date_of_birth=D(2016, 5, 14)), staff, D(2026, 4, 1))
        workbook, _ = export()
        row = workbook["List 3 - Referrals"][2]

        born, referred = row[3], row[5]
        assert born.is_date
        assert referred.is_date
        assert born.number_format == referred.number_format == "dd/mm/yyyy"
        assert _value(referred.value) == D(2026, 4, 1)


class TestCommonColumns:
    def test_a_boy_of_white_british_ethnicity_aged_on_the_as_of_date(self, staff):
        boy = f.ChildFactory(sex="M", ethnicity="WBRI", date_of_birth=D(2016, 9, 16))
        f.open_episode(boy, staff, D(2026, 4, 1))
        workbook, _ = export()

        (row,) = rows_for(workbook, 3, boy)
        assert row["Child Unique ID"] == boy.la_child_id
        assert row["Gender"] == "a) Male"
        assert row["Ethnicity"] == "a) WBRI"
        assert row["Date of Birth"] == D(2016, 9, 16)
        assert row["Age of Child (Years)"] == 9  # ten tomorrow

    def test_a_girl_with_no_ethnicity_recorded_yet(self, staff):
        girl = f.ChildFactory(sex="F", ethnicity="")
        f.open_episode(girl, staff, D(2026, 4, 1))
        workbook, _ = export()

        (row,) = rows_for(workbook, 3, girl)
        assert (row["Gender"], row["Ethnicity"]) == ("b) Female", "t) NOBT")

    def test_an_unborn_child_has_no_date_of_birth_or_age(self, staff):
        unborn = f.UnbornChildFactory(expected_date_of_birth=D(2026, 12, 1))
        f.open_episode(unborn, staff, D(2026, 6, 1))
        workbook, _ = export()

        (row,) = rows_for(workbook, 3, unborn)
        assert row["Gender"] == "c) Not stated/recorded"
        assert row["Date of Birth"] is None
        assert row["Age of Child (Years)"] is None

    def test_a_record_without_an_la_child_id_gets_the_census_fallback(self, staff):
        loaded = f.ChildFactory(la_child_id=None)  # as a bulk load might leave it
        clash = f.ChildFactory(la_child_id=None)
        f.ChildFactory(la_child_id=f"HV{clash.pk:08d}")  # someone typed that ID by hand
        for child in (loaded, clash):
            f.open_episode(child, staff, D(2026, 4, 1))
        workbook, _ = export()

        ids = {r["Child Unique ID"] for r in list_rows(workbook, 3)}
        assert ids == {f"HV{loaded.pk:08d}", f"HV{clash.pk:08d}A"}

    def test_disability_yes_no_or_unknown(self, staff):
        disabled, not_disabled, unknown = (f.ChildFactory() for _ in range(3))
        PersonDisability.objects.create(person=disabled, code="AUT")
        PersonDisability.objects.create(person=not_disabled, code="NONE")
        for child in (disabled, not_disabled, unknown):
            f.start_assessment(f.open_episode(child, staff, D(2026, 4, 1)), staff)
        workbook, _ = export()

        answers = [
            rows_for(workbook, 4, child)[0]["Does the Child have a Disability"]
            for child in (disabled, not_disabled, unknown)
        ]
        assert answers == ["a) Yes", "b) No", "c) Unknown"]

    def test_allocated_team_and_worker_on_the_as_of_date(self, staff):
        child = f.ChildFactory()
        first = f.WorkerFactory(full_name="Wendy First", team=f.TeamFactory(name="North"))
        second = f.WorkerFactory(full_name="Sam Second", team=f.TeamFactory(name="South"))
        unallocated = f.ChildFactory()
        f.open_episode(child, staff, D(2026, 5, 1))
        f.open_episode(unallocated, staff, D(2026, 5, 1))
        f.allocate(child, staff, first, D(2026, 5, 1))
        # The change of worker comes after the as-of date: not yet on the return.
        f.allocate(child, staff, second, D(2026, 10, 1), change_reason="LEFTRL")
        workbook, _ = export()

        (row,) = rows_for(workbook, 3, child)
        assert (row["Allocated Team"], row["Allocated Worker"]) == ("North", "Wendy First")
        (row,) = rows_for(workbook, 3, unallocated)
        assert (row["Allocated Team"], row["Allocated Worker"]) == (None, None)
        # On a later date the second allocation is the current one.
        later, _ = export(D(2026, 10, 1))
        (row,) = rows_for(later, 3, child)
        assert (row["Allocated Team"], row["Allocated Worker"]) == ("South", "Sam Second")


class TestList1Contacts:
    def test_one_row_per_child_named_linked_or_not(self, staff):
        mash = f.staff_user(role=Worker.Role.MASH_OFFICER)
        contact = contact_record(
            acting_user=mash,
            received_at=local(2026, 5, 5, 10, 0),
            channel="PHONE",
            source="2A",
            concern="Two children left alone at home.",
            children=[
                {"first_name": "Ann", "last_name": "Bell"},
                {"first_name": "Ben", "last_name": "Bell", "date_of_birth": D(2019, 1, 1)},
            ],
            adults=[{"first_name": "Jo", "last_name": "Bell"}],
        )
        ann = f.ChildFactory(sex="F", ethnicity="BAFR", date_of_birth=D(2015, 3, 3))
        first = contact.people.filter(kind="CHILD").order_by("pk").first()
        first.person = ann  # as the hub links a child to their record
        first.save()
        workbook, result = export()

        rows = [r for r in list_rows(workbook, 1) if r["Date of Contact"] == D(2026, 5, 5)]
        assert rows == [
            {
                "Child Unique ID": ann.la_child_id,
                "Gender": "b) Female",
                "Ethnicity": "o) BAFR",
                "Date of Birth": D(2015, 3, 3),
                "Age of Child (Years)": 11,
                "Date of Contact": D(2026, 5, 5),
                "Contact Source": "e) 2A: Schools",
            },
            {
                "Child Unique ID": f"{contact.reference}-2",
                "Gender": "c) Not stated/recorded",
                "Ethnicity": "t) NOBT",
                "Date of Birth": D(2019, 1, 1),
                "Age of Child (Years)": 7,
                "Date of Contact": D(2026, 5, 5),
                "Contact Source": "e) 2A: Schools",
            },
        ]
        assert result.rows[1] == 2  # the adult is not a row

    def test_the_window_by_the_local_date_the_contact_came_in(self, staff):
        in_first_day = ContactFactory(received_at=local(2026, 3, 16, 0, 30), source="5D")
        out_day_before = ContactFactory(received_at=local(2026, 3, 15, 23, 30))
        in_last_day = ContactFactory(received_at=local(2026, 9, 15, 23, 30), source="6")
        out_day_after = ContactFactory(received_at=local(2026, 9, 16, 0, 30))
        for contact in (in_first_day, out_day_before, in_last_day, out_day_after):
            ContactPersonFactory(contact=contact)
        workbook, _ = export()

        rows = list_rows(workbook, 1)
        assert [(r["Date of Contact"], r["Contact Source"]) for r in rows] == [
            (D(2026, 3, 16), "p1) 5D: LA services"),
            (D(2026, 9, 15), "q) 6: Police"),
        ]


class TestList2EarlyHelp:
    def test_says_haven_records_no_early_help_assessments_and_counts_the_decisions(self, staff):
        decided = ContactFactory(
            received_at=local(2026, 4, 1, 10, 0),
            decided=True,
            decision=Contact.Decision.EARLY_HELP,
        )
        ContactPersonFactory(contact=decided)
        ContactPersonFactory(contact=decided)
        too_early = ContactFactory(
            received_at=local(2026, 3, 1, 10, 0),
            decided=True,
            decision=Contact.Decision.EARLY_HELP,
        )
        ContactPersonFactory(contact=too_early)
        workbook, result = export()

        text = sheet_text(workbook, "List 2 - Early help")
        assert "Haven does not record early help assessments" in text
        assert "the hub decided that 1 contact about 2 children should go to early help" in text
        assert result.rows[2] == 0


class TestList3Referrals:
    def test_the_first_day_of_the_window_is_in_and_the_day_before_is_out(self, staff):
        first_day, day_before, after = f.ChildFactory(), f.ChildFactory(), f.ChildFactory()
        nfa_referral(first_day, staff, START)
        nfa_referral(day_before, staff, DAY_BEFORE)
        nfa_referral(after, staff, AS_OF + datetime.timedelta(days=1))
        workbook, _ = export()

        assert [r["Date of referral"] for r in rows_for(workbook, 3, first_day)] == [START]
        assert rows_for(workbook, 3, day_before) == []
        assert rows_for(workbook, 3, after) == []

    def test_source_nfa_and_the_referrals_in_the_12_months_before(self, staff):
        child = f.ChildFactory()
        nfa_referral(child, staff, D(2025, 4, 14))  # 12 months and a day before: not counted
        nfa_referral(child, staff, D(2025, 4, 15))  # 12 months before to the day: counted
        nfa_referral(child, staff, D(2026, 1, 10))
        nfa_referral(child, staff, D(2026, 4, 1))
        f.open_episode(child, staff, D(2026, 4, 15), referral_source="5D")
        workbook, _ = export()

        rows = rows_for(workbook, 3, child)
        assert [
            (
                r["Date of referral"],
                r["Referral Source"],
                r["Referral NFA?"],
                r["Number of Referrals in Last 12 Months"],
            )
            for r in rows
        ] == [
            (D(2026, 4, 1), "e) 2A: Schools", "a) Yes", 3),
            (D(2026, 4, 15), "p1) 5D: LA services", "b) No", 3),
        ]


class TestList4Assessments:
    def test_under_way_in_the_window_or_open_now(self, staff):
        done_before = f.ChildFactory()
        done_in = f.ChildFactory()
        open_now = f.ChildFactory()
        authorised_later = f.ChildFactory()
        f.authorise_assessment(
            f.start_assessment(f.open_episode(done_before, staff, D(2026, 1, 5)), staff),
            staff,
            DAY_BEFORE,
        )
        f.authorise_assessment(
            f.start_assessment(f.open_episode(done_in, staff, D(2026, 2, 2)), staff),
            staff,
            START,
            child_seen_date=D(2026, 2, 20),
            outcome="CLOSE",
            factors=["21"],
        )
        f.start_assessment(f.open_episode(open_now, staff, D(2025, 12, 1)), staff)
        f.authorise_assessment(
            f.start_assessment(f.open_episode(authorised_later, staff, D(2026, 9, 1)), staff),
            staff,
            D(2026, 9, 30),
            child_seen_date=D(2026, 9, 20),
        )
        workbook, _ = export()

        assert rows_for(workbook, 4, done_before) == []
        columns = (
            "Continuous Assessment Start Date",
            "Child Seen During Continuous Assessment",
            "Continuous Assessment Date of Authorisation",
            "Was the child assessed as requiring LA children's social care support?",
        )
        summary = [
            tuple(rows_for(workbook, 4, child)[0][c] for c in columns)
            for child in (done_in, open_now, authorised_later)
        ]
        assert summary == [
            (D(2026, 2, 2), "a) Yes", START, "b) No"),
            # In progress: the date the child was seen is recorded at authorisation.
            (D(2025, 12, 1), "c) Unknown", None, None),
            # Seen and authorised after the as-of date: still in progress on the return.
            (D(2026, 9, 1), "c) Unknown", None, None),
        ]

    def test_authorised_without_the_child_seen(self, staff):
        child = f.ChildFactory()
        f.authorise_assessment(
            f.start_assessment(f.open_episode(child, staff, D(2026, 4, 1)), staff),
            staff,
            D(2026, 5, 1),
            outcome="CLOSE",
            factors=["21"],
        )
        workbook, _ = export()

        (row,) = rows_for(workbook, 4, child)
        assert row["Child Seen During Continuous Assessment"] == "b) No"

    def test_an_assessment_that_leads_to_support(self, staff):
        child = f.ChildFactory()
        f.authorise_assessment(
            f.start_assessment(f.open_episode(child, staff, D(2026, 4, 1)), staff),
            staff,
            D(2026, 5, 1),
            child_seen_date=D(2026, 4, 2),
            outcome="CHILD_IN_NEED_PLAN",
        )
        workbook, _ = export()

        (row,) = rows_for(workbook, 4, child)
        assert row["Was the child assessed as requiring LA children's social care support?"] == (
            "a) Yes"
        )


class TestList5Section47:
    def test_one_row_per_enquiry_with_conference_answers_and_counts(self, staff):
        child = f.ChildFactory()
        episode = f.open_episode(child, staff, D(2025, 10, 1))
        first = f.start_section_47(episode, staff, D(2025, 10, 2))
        f.hold_icpc(first, staff, D(2025, 10, 16), outcome="CHILD_IN_NEED_PLAN")
        second = f.start_section_47(episode, staff, D(2026, 4, 1))
        meeting_services.section_47_complete(
            acting_user=staff, enquiry=second, end_date=D(2026, 4, 10), outcome="NOT_SUBSTANTIATED"
        )
        third = f.start_section_47(episode, staff, D(2026, 6, 1))
        f.hold_icpc(third, staff, D(2026, 6, 15))
        workbook, result = export()

        columns = (
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            "Date of Initial Child Protection Conference",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            "Number of Section 47 Enquiries in the last 12 months",
            "Number of ICPCs in the last 12 months",
        )
        assert [tuple(r[c] for c in columns) for r in rows_for(workbook, 5, child)] == [
            (D(2026, 4, 1), "a) Yes", None, None, 1, 1),
            (D(2026, 6, 1), "b) No", D(2026, 6, 15), "a) Yes", 2, 1),
        ]
        assert result.rows[5] == 2  # the first enquiry ended before the window

    def test_an_open_enquiry_is_in_with_its_answers_blank(self, staff):
        child = f.ChildFactory()
        f.start_section_47(f.open_episode(child, staff, D(2026, 2, 2)), staff, D(2026, 2, 3))
        workbook, _ = export()

        (row,) = rows_for(workbook, 5, child)
        assert row["Was an Initial Child Protection Conference deemed unnecessary?"] is None
        assert row["Date of Initial Child Protection Conference"] is None
        assert row["Number of Section 47 Enquiries in the last 12 months"] == 0


class TestList6ChildrenInNeed:
    def test_case_status_need_last_seen_and_closure(self, staff):
        on_cin_plan, on_cp_plan, closed, nfa = (f.ChildFactory() for _ in range(4))
        cin_episode = f.open_episode(on_cin_plan, staff, D(2026, 1, 5), primary_need="N2")
        f.cin_plan(cin_episode, staff, D(2026, 2, 1))
        casework_services.visit_record(
            acting_user=staff,
            child=on_cin_plan,
            visit_date=D(2026, 8, 1),
            child_seen=True,
            seen_alone=False,
            bedroom_seen=False,
        )
        casework_services.visit_record(
            acting_user=staff,
            child=on_cin_plan,
            visit_date=D(2026, 8, 20),
            child_seen=False,
            seen_alone=False,
            bedroom_seen=False,
        )
        f.cp_plan(on_cp_plan, staff, D(2026, 5, 4))
        closed_episode = f.open_episode(closed, staff, D(2025, 11, 3), primary_need="N4")
        referral_services.episode_close(
            acting_user=staff,
            episode=closed_episode,
            closure_date=D(2026, 4, 30),
            closure_reason="RC7",
        )
        nfa_referral(nfa, staff, D(2026, 5, 1))
        workbook, _ = export()

        columns = (
            "CIN Start Date",
            "Primary Need Code",
            "Date Child Was Last Seen",
            "CIN Closure Date",
            "Reason for Closure",
            "Case Status",
        )
        summary = [
            tuple(rows_for(workbook, 6, child)[0][c] for c in columns)
            for child in (on_cin_plan, on_cp_plan, closed)
        ]
        assert summary == [
            (
                D(2026, 1, 5),
                "N2 - Child's disability",
                D(2026, 8, 1),
                None,
                None,
                "c) Child in need plan",
            ),
            (D(2026, 5, 4), "N1 - Abuse or neglect", None, None, None, "b) Child Protection plan"),
            (
                D(2025, 11, 3),
                "N4 - Family in acute stress",
                None,
                D(2026, 4, 30),
                "RC7 - Services ceased for any other reason, including child no longer in need",
                "e) Closed episode",
            ),
        ]
        assert rows_for(workbook, 6, nfa) == []  # a referral with no further action only

    def test_closed_before_the_window_is_out_and_closed_later_is_open(self, staff):
        before, later = f.ChildFactory(), f.ChildFactory()
        for child, closure in ((before, DAY_BEFORE), (later, D(2026, 10, 1))):
            episode = f.open_episode(child, staff, D(2026, 1, 5))
            assessment = f.start_assessment(episode, staff, D(2026, 1, 6))
            f.authorise_assessment(
                assessment, staff, D(2026, 1, 30), outcome="CLOSE", factors=["21"]
            )
            referral_services.episode_close(
                acting_user=staff, episode=episode, closure_date=closure, closure_reason="RC8"
            )
        workbook, _ = export()

        assert rows_for(workbook, 6, before) == []
        (row,) = rows_for(workbook, 6, later)
        assert (row["CIN Closure Date"], row["Reason for Closure"]) == (None, None)
        assert row["Case Status"] is None  # open, with no plan and nothing in progress


class TestList7ChildProtection:
    def test_an_open_plan_is_in_and_one_ended_before_the_window_is_out(self, staff):
        open_plan_child, ended_before_child, ended_in_child = (f.ChildFactory() for _ in range(3))
        f.cp_plan(open_plan_child, staff, D(2025, 6, 2))
        ended_before = f.cp_plan(ended_before_child, staff, D(2025, 6, 2))
        f.review(ended_before, staff, DAY_BEFORE, outcome="END")
        ended_in = f.cp_plan(ended_in_child, staff, D(2025, 6, 2))
        f.review(ended_in, staff, START, outcome="END")
        workbook, _ = export()

        assert [
            r["Child Protection Plan End Date"] for r in rows_for(workbook, 7, open_plan_child)
        ] == [None]
        assert rows_for(workbook, 7, ended_before_child) == []
        assert [
            r["Child Protection Plan End Date"] for r in rows_for(workbook, 7, ended_in_child)
        ] == [START]

    def test_categories_visits_reviews_epo_and_previous_plans(self, staff):
        child = f.ChildFactory()
        first = f.cp_plan(child, staff, D(2025, 1, 6))
        f.review(first, staff, D(2025, 4, 1), outcome="END")
        enquiry = f.start_section_47(first.episode, staff, D(2026, 3, 2))
        second = f.hold_icpc(enquiry, staff, D(2026, 3, 16), category_of_abuse="NEG").plan
        f.review(second, staff, D(2026, 6, 1), category_of_abuse="EMO")
        f.review(second, staff, D(2026, 10, 1), category_of_abuse="PHY")  # after as-of
        for day, alone in ((D(2026, 8, 20), True), (D(2026, 9, 20), False)):
            casework_services.visit_record(
                acting_user=staff,
                child=child,
                visit_date=day,
                child_seen=True,
                seen_alone=alone,
                bedroom_seen=True,
            )
        workbook, _ = export()

        (row,) = rows_for(workbook, 7, child)
        assert row["Child Protection Plan Start Date"] == D(2026, 3, 16)
        assert row["Initial Category of Abuse"] == "a) Neglect"
        assert row["Latest Category of Abuse"] == "d) Emotional abuse"
        assert row["Date of the Last Statutory Visit"] == D(2026, 8, 20)
        assert row["Was the Child Seen Alone?"] == "a) Yes"
        assert row["Date of latest review conference"] == D(2026, 6, 1)
        assert row["Child Protection Plan End Date"] is None
        assert row[spec.EPO_COLUMN] is None
        assert row["Number of Previous Child Protection Plans"] == 1

    def test_the_epo_column_says_why_it_is_blank(self, staff):
        workbook, _ = export()
        sheet = workbook["List 7 - Child protection"]
        epo = next(cell for cell in sheet[1] if cell.value == spec.EPO_COLUMN)

        assert "does not record emergency protection orders" in epo.comment.text


class TestQueries:
    def test_a_fixed_number_of_queries_whatever_the_number_of_children(self, staff):
        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                export()
            return len(captured)

        f.cp_plan(f.ChildFactory(), staff, D(2026, 4, 1))
        few = queries()
        for _ in range(4):
            child = f.ChildFactory()
            plan = f.cp_plan(child, staff, D(2026, 4, 1))
            f.review(plan, staff, D(2026, 6, 1))
            f.start_assessment(plan.episode, staff, D(2026, 4, 2))
            ContactPersonFactory(person=child, contact=ContactFactory(received_at=NOW))

        assert queries() == few
