"""A small borough with known census answers, built through the real services.

The expected returns for it are written by hand in ``expected/cin_2025-26.xml`` and
``expected/cin_2026-27.xml``. Census year 2025-26 runs from 1 April 2025 to 31 March 2026,
2026-27 from 1 April 2026 to 31 March 2027 (reference 2.1).

In id order:

* ``nfa``: referred on 2 June 2025, no further action (2025-26 only).
* ``open_at_start``: on a child protection plan since January 2025 (its second: the first was
  in 2023, in an episode closed long before), reviewed in April and October 2025 (the October
  review changed the category to emotional abuse), the plan ended at a review on 14 April
  2026 (category then physical abuse) and the episode closed on 1 May 2026. Disabilities AUT
  and LD (MOB was removed). Pre-proceedings began on 2 March 2026, before 2026-27. Its
  section 47 enquiry and ICPC (January 2025) were returned in 2024-25 and are left out of
  2025-26 (DfE rule 8715); the plan itself is still open, so it stays.
* ``assessed``: referred on 1 September 2025; an assessment authorised in October with three
  factors, a child in need plan from 20 October, a section 47 enquiry that found no need for a
  conference, and a second assessment started on 20 March 2026 and authorised on 20 April
  2026 (after the 2025-26 reference date). A restricted record, with a UPN; no ethnicity
  recorded (returned as NOBT).
* ``protected``: referred on 3 November 2025, strategy discussion the next day, ICPC on
  18 November 2025 and a child protection plan for neglect from that day.
* ``unborn``: referred on 12 January 2026, expected on 10 May 2026, sex U.
* ``closed_before``: an episode from May 2024 closed on 10 February 2025: in neither year.
* ``referred_after``: referred on 7 April 2026: 2026-27 only.
* ``adult``: an adult with an episode (made without the services, which refuse it): never.
* ``merged``: a child referred in 2025 whose record was merged into ``nfa``'s: never.
* ``pre_proceedings``: referred on 13 April 2026; pre-proceedings from 1 June 2026 to the
  court application on 21 September 2026: 2026-27 only.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from haven.core.tests import factories as f
from haven.meetings import services as meeting_services
from haven.people.models import Person
from haven.plans import services as plan_services
from haven.referrals import services as referral_services
from haven.referrals.models import EpisodeOfNeed
from haven.statutory.identifiers import upn_check_letter

D = datetime.date
UPN_BODY = "202123456789"  # LA 202, then the school and serial digits
UPN = upn_check_letter(UPN_BODY) + UPN_BODY


@dataclass
class Borough:
    user: Any
    nfa: Person
    open_at_start: Person
    assessed: Person
    protected: Person
    unborn: Person
    closed_before: Person
    referred_after: Person
    adult: Person
    merged: Person
    pre_proceedings: Person

    @property
    def in_2025_26(self) -> list[Person]:
        return [self.nfa, self.open_at_start, self.assessed, self.protected, self.unborn]

    @property
    def in_2026_27(self) -> list[Person]:
        return [
            self.open_at_start,
            self.assessed,
            self.protected,
            self.unborn,
            self.referred_after,
            self.pre_proceedings,
        ]


def _close(episode: Any, user: Any, on: datetime.date, reason: str) -> Any:
    return referral_services.episode_close(
        acting_user=user, episode=episode, closure_date=on, closure_reason=reason
    )


def _open_at_start(user: Any) -> Person:
    child = f.ChildFactory(
        la_child_id="CHILD02", sex="M", date_of_birth=D(2015, 9, 1), ethnicity="WBRI"
    )
    child.disabilities.create(code="AUT")
    child.disabilities.create(code="LD")
    child.disabilities.create(code="MOB", removed_at=timezone.now())
    # The first plan, in 2023: counted in NumberOfPreviousCPP, its episode out of scope.
    first = f.cp_plan(child, user, D(2023, 3, 6), icpc_on=D(2023, 3, 20))
    f.review(first, user, D(2023, 6, 12), outcome="END")
    _close(first.episode, user, D(2023, 7, 3), "RC7")
    # The plan open on 1 April 2025.
    plan = f.cp_plan(child, user, D(2025, 1, 6), icpc_on=D(2025, 1, 21))
    f.review(plan, user, D(2025, 4, 15), category_of_abuse="NEG")
    f.review(plan, user, D(2025, 10, 14), category_of_abuse="EMO")
    plan_services.pre_proceedings_start(
        acting_user=user, episode=plan.episode, start_date=D(2026, 3, 2)
    )
    f.review(plan, user, D(2026, 4, 14), outcome="END", category_of_abuse="PHY")
    _close(plan.episode, user, D(2026, 5, 1), "RC7")
    return child


def _assessed(user: Any) -> Person:
    child = f.ChildFactory(
        la_child_id="CHILD03",
        sex="F",
        date_of_birth=D(2012, 2, 29),
        ethnicity="",
        upn=UPN,
    )
    episode = f.open_episode(child, user, D(2025, 9, 1), referral_source="2A", primary_need="N4")
    first = f.start_assessment(episode, user, D(2025, 9, 1))
    f.authorise_assessment(first, user, D(2025, 10, 13), factors=("16A", "4B", "3B"))
    f.cin_plan(episode, user, D(2025, 10, 20))
    enquiry = f.start_section_47(episode, user, D(2025, 11, 10))
    meeting_services.section_47_complete(
        acting_user=user, enquiry=enquiry, end_date=D(2025, 11, 21), outcome="NOT_SUBSTANTIATED"
    )
    second = f.start_assessment(episode, user, D(2026, 3, 20))
    f.authorise_assessment(second, user, D(2026, 4, 20), outcome="CONTINUE", factors=("20", "1B"))
    # Restricted once the history is recorded (the census still counts the child).
    Person.objects.filter(pk=child.pk).update(is_restricted=True)
    child.refresh_from_db()
    return child


def _protected(user: Any) -> Person:
    child = f.ChildFactory(
        la_child_id="CHILD04", sex="F", date_of_birth=D(2019, 11, 30), ethnicity="BAFR"
    )
    f.cp_plan(child, user, D(2025, 11, 3), strategy_on=D(2025, 11, 4), icpc_on=D(2025, 11, 18))
    return child


def build_borough() -> Borough:
    user = f.staff_user()

    nfa = f.ChildFactory(
        la_child_id="CHILD01", sex="F", date_of_birth=D(2010, 1, 15), ethnicity="AIND"
    )
    f.open_episode(nfa, user, D(2025, 6, 2), referral_source="1A", referral_nfa=True)

    open_at_start = _open_at_start(user)
    assessed = _assessed(user)
    protected = _protected(user)

    unborn = f.UnbornChildFactory(
        la_child_id="CHILD05", expected_date_of_birth=D(2026, 5, 10), ethnicity="WIRI"
    )
    f.open_episode(unborn, user, D(2026, 1, 12), referral_source="3B", primary_need="N1")

    closed_before = f.ChildFactory(la_child_id="CHILD06", ethnicity="WBRI")
    _close(
        f.open_episode(closed_before, user, D(2024, 5, 1), primary_need="N5"),
        user,
        D(2025, 2, 10),
        "RC7",
    )

    referred_after = f.ChildFactory(
        la_child_id="CHILD07", sex="M", date_of_birth=D(2016, 5, 14), ethnicity="CHNE"
    )
    f.open_episode(referred_after, user, D(2026, 4, 7), referral_source="6", primary_need="N3")

    adult = f.AdultFactory()
    EpisodeOfNeed.objects.create(
        child=adult,
        referral_date=D(2025, 7, 1),
        referral_source="1C",
        primary_need="N4",
        assessment_due_date=D(2025, 9, 2),
        created_by=user,
    )

    # A duplicate whose merge left an episode behind (a merge moves them; this one did not,
    # so the test shows the duplicate is left out for being merged, not for having none).
    merged = f.ChildFactory(la_child_id="CHILD09", ethnicity="WBRI")
    f.open_episode(merged, user, D(2025, 8, 4), primary_need="N1")
    Person.objects.filter(pk=merged.pk).update(merged_into=nfa)

    pre_proceedings = f.ChildFactory(
        la_child_id="CHILD10", sex="M", date_of_birth=D(2021, 6, 1), ethnicity="MWBC"
    )
    episode = f.open_episode(
        pre_proceedings, user, D(2026, 4, 13), referral_source="5D", primary_need="N1"
    )
    plan_services.pre_proceedings_start(
        acting_user=user,
        episode=episode,
        start_date=D(2026, 6, 1),
        letter_before_proceedings_date=D(2026, 6, 5),
        fgdm_offered=True,
        fgdm_facilitated=False,
        initial_meeting_date=D(2026, 6, 15),
        review_meetings_count=2,
        step_decision_date=D(2026, 9, 14),
        outcome="A",
        court_application_date=D(2026, 9, 21),
        letter_initiating_cp_date=D(2026, 9, 22),
    )

    return Borough(
        user=user,
        nfa=nfa,
        open_at_start=open_at_start,
        assessed=assessed,
        protected=protected,
        unborn=unborn,
        closed_before=closed_before,
        referred_after=referred_after,
        adult=adult,
        merged=merged,
        pre_proceedings=pre_proceedings,
    )
