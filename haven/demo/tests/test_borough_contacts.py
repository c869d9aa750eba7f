"""The demo borough's front door: contacts at realistic rates, the hub's queue, the referrals
they opened, and the hub and partner demo accounts (issue 4)."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q
from django.test import RequestFactory
from django.utils import timezone

from haven.access import policy
from haven.core.mfa import demo_simple_sign_in_allowed
from haven.demo import selectors
from haven.demo import services as demo_services
from haven.demo.borough.contacts import CUTOFF
from haven.demo.borough.sizes import SIZES
from haven.demo.tests.conftest import AS_OF
from haven.frontdoor import selectors as hub_selectors
from haven.frontdoor import services as hub_services
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest
from haven.frontdoor.references import next_reference
from haven.referrals.models import EpisodeOfNeed
from haven.statutory.calendar import add_months
from haven.workforce.models import Allocation, Team, Worker

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_borough")]

LONDON = ZoneInfo("Europe/London")
AS_OF_DATE = datetime.date.fromisoformat(AS_OF)
CUTOFF_AT = datetime.datetime.combine(AS_OF_DATE, CUTOFF, tzinfo=LONDON)
HISTORY_START = add_months(AS_OF_DATE, -36) + datetime.timedelta(days=1)
DECIDED = Contact.Status.DECIDED


def _user(username: str) -> object:
    return get_user_model().objects.get(username=username)


# --- volumes and rates -----------------------------------------------------------------------


def test_about_1500_contacts_a_year_over_the_whole_history() -> None:
    contacts = Contact.objects.all()
    assert 4_300 <= contacts.count() <= 4_700
    first = timezone.localtime(contacts.order_by("received_at").first().received_at).date()
    assert HISTORY_START <= first <= HISTORY_START + datetime.timedelta(days=7)
    assert not contacts.filter(received_at__gt=CUTOFF_AT).exists()
    # Three to five contacts for each referral (the 100,000 for 20,000).
    referrals = EpisodeOfNeed.objects.filter(referral_date__gte=HISTORY_START).count()
    assert 3.5 <= contacts.count() / referrals <= 5.5


def test_contacts_come_in_on_weekdays_and_in_office_hours_mostly() -> None:
    received = [
        timezone.localtime(r) for r in Contact.objects.values_list("received_at", flat=True)
    ]
    weekdays = sum(moment.weekday() < 5 for moment in received) / len(received)
    office = sum(9 <= moment.hour < 17 for moment in received) / len(received)
    assert 0.8 <= weekdays <= 0.95
    assert 0.6 <= office <= 0.85
    assert any(moment.hour < 6 for moment in received)  # police notifications at night


def test_sources_and_channels_follow_the_national_shares() -> None:
    total = Contact.objects.count()
    sources = Counter(Contact.objects.values_list("source", flat=True))

    def share(*codes: str) -> float:
        return sum(sources[code] for code in codes) / total

    assert 0.25 <= share("6") <= 0.33  # police, the largest source
    assert 0.16 <= share("2A", "2B") <= 0.24  # schools
    assert 0.12 <= share("3A", "3B", "3C", "3D", "3E", "3F") <= 0.18  # health
    assert 0.06 <= share("1A", "1B", "1C", "1D") <= 0.11  # individuals
    assert 0.09 <= share("5A", "5B", "5C", "5D") <= 0.15  # the council's own services
    channels = Counter(Contact.objects.values_list("channel", flat=True))
    assert set(channels) == set(Contact.Channel.values)
    assert channels["PHONE"] > channels["PUBLIC_FORM"]
    # Partner systems carry police notifications only; public forms only individuals' reports.
    by_partner_systems = Contact.objects.filter(channel="PARTNER_API")
    assert set(by_partner_systems.values_list("source", flat=True)) == {"6"}
    online = Contact.objects.filter(channel="PUBLIC_FORM")
    assert set(online.values_list("source", flat=True)) <= {"1A", "1B", "1C", "1D", "9"}


def test_every_decision_is_made_in_realistic_shares() -> None:
    decided = Contact.objects.filter(status=DECIDED)
    shares = {
        row["decision"]: row["n"] / decided.count()
        for row in decided.values("decision").annotate(n=Count("id"))
    }
    assert set(shares) == set(Contact.Decision.values)
    assert 0.15 <= shares["NFA"] <= 0.3
    assert 0.22 <= shares["ADVICE"] <= 0.38
    assert 0.18 <= shares["EARLY_HELP"] <= 0.34
    assert 0.12 <= shares["REFERRAL"] <= 0.3
    assert 0.01 <= shares["STRATEGY"] <= 0.08


def test_the_rates_report_shows_the_hubs_measures() -> None:
    measured = selectors.borough_rates()
    assert 1_400 <= measured["contacts_per_year"] <= 1_600
    assert measured["contacts_open"] == Contact.objects.exclude(status=DECIDED).count()
    assert 0.8 <= measured["contact_decided_on_time"] <= 0.97
    lines = selectors.borough_rates_report(measured)
    assert any(line.startswith("Contacts from the police: ") for line in lines)
    assert any(line.startswith("Contacts decided: early help: ") for line in lines)


def test_most_decisions_are_on_time_and_some_are_late() -> None:
    decided = Contact.objects.filter(status=DECIDED)
    late = decided.filter(decided_at__gt=F("due_at")).count() / decided.count()
    assert 0.03 <= late <= 0.2
    rated = decided.exclude(rag="").count() / decided.count()
    assert 0.8 <= rated <= 0.95


def test_contacts_name_siblings_and_adults_and_some_children_again() -> None:
    per_contact = Contact.objects.annotate(
        children=Count("people", filter=Q(people__kind="CHILD")),
        adults=Count("people", filter=Q(people__kind="ADULT")),
    )
    assert not per_contact.filter(children=0).exists()
    assert per_contact.filter(children__gte=2).exists()
    assert set(per_contact.values_list("adults", flat=True)) == {0, 1, 2}
    named_again = (
        ContactPerson.objects.filter(kind="CHILD", person__isnull=False)
        .values("person")
        .annotate(n=Count("contact", distinct=True))
        .filter(n__gt=1)
    )
    assert named_again.count() > 100


# --- the rules the hub's pages rely on ---------------------------------------------------------


def test_constraints_and_the_order_of_events_hold() -> None:
    for contact in Contact.objects.order_by("?")[:40]:
        contact.validate_constraints()
    assert not Contact.objects.filter(triaged_at__lt=F("received_at")).exists()
    assert not Contact.objects.filter(decided_at__lt=F("received_at")).exists()
    assert not Contact.objects.filter(decided_at__lt=F("triaged_at")).exists()
    assert not Contact.objects.filter(decided_at__gt=CUTOFF_AT).exists()
    assert not Contact.objects.filter(triaged_at__gt=CUTOFF_AT).exists()
    assert not Contact.objects.filter(status=DECIDED, decided_by__isnull=True).exists()
    assert not Contact.objects.filter(status=DECIDED, referrer_outcome="").exists()
    assert not Contact.objects.filter(
        channel__in=["PROFESSIONAL_FORM", "PARTNER_API"], partner_agency=""
    ).exists()
    assert not Contact.objects.filter(channel="PROFESSIONAL_FORM", lawful_basis="").exists()
    assert (
        not Contact.objects.filter(
            channel="PROFESSIONAL_FORM", recorded_by__worker__role=Worker.Role.PARTNER
        )
        .exclude(recorded_by__worker__partner_agency=F("partner_agency"))
        .exists()
    )
    assert not Contact.objects.filter(channel="PUBLIC_FORM", recorded_by__isnull=False).exists()
    answered = InformationRequest.objects.filter(status="ANSWERED")
    assert answered.exists()
    assert not answered.filter(answered_at__lt=F("requested_at")).exists()
    assert not answered.filter(answered_at__gt=CUTOFF_AT).exists()
    assert not answered.exclude(answered_by__worker__partner_agency=F("agency")).exists()


def test_due_times_are_the_hubs_clocks() -> None:
    for contact in Contact.objects.order_by("?")[:200]:
        assert contact.due_at == decision_due(contact.received_at, contact.rag), contact.pk


def test_references_are_unique_and_a_new_contact_gets_a_fresh_one() -> None:
    references = list(Contact.objects.values_list("reference", flat=True))
    assert len(set(references)) == len(references)
    assert all(reference.startswith("HV-") for reference in references)
    highest = max(int(reference[3:]) for reference in references)
    contact = hub_services.contact_record(
        acting_user=_user("hub.demo"),
        received_at=timezone.now(),
        channel=Contact.Channel.PHONE,
        source="1A",
        concern="A grandparent is worried about the children.",
        children=[{"first_name": "Test", "last_name": "Child"}],
    )
    assert contact.reference not in references
    assert int(contact.reference[3:]) > highest
    assert int(next_reference()[3:]) > int(contact.reference[3:])


# --- referrals: the census referral is the hub's decision -------------------------------------


def test_each_referral_contact_opened_its_childrens_episodes_that_day() -> None:
    referral_people = ContactPerson.objects.filter(
        contact__decision__in=["REFERRAL", "STRATEGY"], kind="CHILD"
    ).select_related("contact", "episode")
    assert referral_people.exists()
    for named in referral_people:
        assert named.episode is not None
        assert named.person_id == named.episode.child_id
        assert named.episode.referral_date == timezone.localtime(named.contact.decided_at).date()
        assert named.episode.referral_source == named.contact.source
        assert named.episode.referred_to_team.kind == Team.Kind.ASSESSMENT
    # Every referral of the history came from the hub, once; older ones (open when the history
    # starts) did not.
    in_history = EpisodeOfNeed.objects.filter(referral_date__gte=HISTORY_START)
    assert ContactPerson.objects.filter(episode__isnull=False).count() == in_history.count()
    assert not in_history.filter(contact_people__isnull=True).exists()
    assert not EpisodeOfNeed.objects.filter(
        referral_date__lt=HISTORY_START, referred_to_team__isnull=False
    ).exists()
    assert (
        not ContactPerson.objects.filter(episode__isnull=False)
        .exclude(contact__decision__in=["REFERRAL", "STRATEGY"])
        .exists()
    )


def test_immediate_strategy_decisions_had_their_strategy_discussion_that_day() -> None:
    strategy = Contact.objects.filter(decision="STRATEGY")
    assert strategy.exists()
    for contact in strategy:
        decided_on = timezone.localtime(contact.decided_at).date()
        held = EpisodeOfNeed.objects.filter(
            contact_people__contact=contact, strategy_discussions__held_on=decided_on
        )
        assert held.exists(), contact.reference
    # ... and a referral without one that day was a plain referral.
    for contact in Contact.objects.filter(decision="REFERRAL").order_by("?")[:100]:
        decided_on = timezone.localtime(contact.decided_at).date()
        assert not EpisodeOfNeed.objects.filter(
            contact_people__contact=contact, strategy_discussions__held_on=decided_on
        ).exists()


def test_decided_contacts_are_linked_and_the_others_are_not_all() -> None:
    decided = ContactPerson.objects.filter(contact__status=DECIDED)
    assert not decided.filter(person__isnull=True).exists()
    children = decided.filter(kind="CHILD").select_related("person")
    for named in children.order_by("?")[:100]:
        assert named.person is not None
        assert named.person.kind == "CHILD"
        assert named.last_name in ("", named.person.last_name)
    assert not ContactPerson.objects.filter(contact__status="NEW", person__isnull=False).exists()


# --- the live queue and the assessment team's queue -------------------------------------------


def test_the_hub_has_a_queue_of_open_contacts_some_overdue() -> None:
    open_contacts = Contact.objects.exclude(status=DECIDED)
    assert 5 <= open_contacts.count() <= 40
    assert open_contacts.filter(status="NEW").exists()
    assert open_contacts.filter(status="IN_PROGRESS").exists()
    assert open_contacts.filter(due_at__lt=CUTOFF_AT).exists()  # overdue
    assert not open_contacts.filter(status="NEW").exclude(rag="").exists()
    assert not open_contacts.filter(status="NEW", information_requests__isnull=False).exists()
    for contact in open_contacts.filter(status="IN_PROGRESS"):
        assert contact.rag or contact.information_requests.exists(), contact.pk
    queue = hub_selectors.hub_queue(now=CUTOFF_AT)
    assert {c.pk for c in queue} == set(open_contacts.values_list("pk", flat=True))
    assert any(c.overdue for c in queue)  # type: ignore[attr-defined]
    requests = InformationRequest.objects.filter(contact__in=open_contacts)
    assert requests.filter(status="OPEN", agency="POLICE").exists()
    assert requests.filter(status="OPEN", agency="EDUCATION").exists()


def test_the_hub_manager_can_decide_a_contact_from_the_queue() -> None:
    contact = Contact.objects.filter(status="NEW").first()
    assert contact is not None
    decided = hub_services.contact_decide(
        acting_user=_user("hubmanager.demo"),
        contact=contact,
        decision=Contact.Decision.ADVICE,
        reason="Advice given.",
        referrer_outcome="",
    )
    assert decided.status == DECIDED
    # A hub officer may not make the threshold decision (Capability.HUB_DECIDE): refused, and
    # nothing changes.
    other = Contact.objects.filter(status="NEW").exclude(pk=contact.pk).first() or (
        Contact.objects.filter(status="IN_PROGRESS").first()
    )
    assert other is not None
    with pytest.raises(policy.AccessDenied):
        hub_services.contact_decide(
            acting_user=_user("hub.demo"),
            contact=other,
            decision=Contact.Decision.NFA,
            reason="No.",
            referrer_outcome="",
        )
    other.refresh_from_db()
    assert other.status != DECIDED


def test_a_few_referrals_wait_in_an_assessment_teams_queue() -> None:
    current = Allocation.objects.filter(child=OuterRef("child"), end_date__isnull=True)
    waiting = EpisodeOfNeed.objects.filter(
        closure_date__isnull=True, referred_to_team__isnull=False
    ).exclude(Exists(current))
    assert waiting.count() == SIZES["demo"].waiting_referrals
    for episode in waiting.select_related("referred_to_team__manager__user"):
        assert episode.referred_to_team.kind == Team.Kind.ASSESSMENT
        assert episode.referral_date >= AS_OF_DATE - datetime.timedelta(days=8)
        assert not episode.assessments.exists()
        assert episode.contact_people.filter(contact__decision="REFERRAL").exists()
        manager = episode.referred_to_team.manager
        assert manager is not None
        assert policy.access_reason(manager.user, episode.child) == policy.REFERRED_TO_TEAM
        # Partners never see the child's record (they see what the hub shares only).
        assert policy.access_reason(_user("police.demo"), episode.child) is None


# --- the demo accounts -------------------------------------------------------------------------


def test_hub_and_partner_demo_accounts_have_the_right_roles() -> None:
    password = demo_services.demo_password()
    officer = Worker.objects.select_related("team", "user").get(user__username="hub.demo")
    manager = Worker.objects.select_related("user").get(user__username="hubmanager.demo")
    assert officer.role == Worker.Role.MASH_OFFICER
    assert officer.team is not None
    assert officer.team.kind == Team.Kind.MASH
    assert officer.end_date is None
    assert manager.role == Worker.Role.MASH_MANAGER
    assert officer.team.manager == manager
    assert officer.line_manager == manager
    for username, agency in (("police.demo", "POLICE"), ("school.demo", "EDUCATION")):
        partner = Worker.objects.select_related("user").get(user__username=username)
        assert partner.role == Worker.Role.PARTNER
        assert partner.partner_agency == agency
        assert partner.team is None
        assert partner.user is not None
        assert partner.user.check_password(password)
    assert officer.user is not None
    assert officer.user.check_password(password)
    assert manager.user is not None
    assert manager.user.check_password(password)
    assert policy.has_capability(manager.user, "hub.decide")
    assert policy.has_capability(officer.user, "hub.work")
    assert not policy.has_capability(officer.user, "hub.decide")
    assert not policy.has_capability(_user("police.demo"), "hub.work")


def test_hub_and_partner_demo_accounts_sign_in_with_the_password_alone_locally(
    settings: object,
) -> None:
    settings.HAVEN_DEMO_SIMPLE_SIGN_IN = True  # type: ignore[attr-defined]
    settings.HAVEN_TRUSTED_PROXY_COUNT = 0  # type: ignore[attr-defined]
    local = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    remote = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    for username in ("hub.demo", "hubmanager.demo", "police.demo", "school.demo"):
        assert demo_simple_sign_in_allowed(local, _user(username))
        assert not demo_simple_sign_in_allowed(remote, _user(username))
    # Other hub staff and partners still need their authenticator app.
    colleague = (
        Worker.objects.filter(role=Worker.Role.PARTNER, user__isnull=False)
        .exclude(user__username__endswith=".demo")
        .select_related("user")
        .first()
    )
    assert colleague is not None
    assert colleague.user is not None
    assert not demo_simple_sign_in_allowed(local, colleague.user)
    assert not colleague.user.has_usable_password()


def test_partners_have_referrals_to_follow_and_requests_to_answer() -> None:
    police = _user("police.demo")
    school = _user("school.demo")
    referrals = hub_services.partner_referrals(police)
    assert referrals
    assert all(c.partner_agency == "POLICE" for c in referrals)
    assert hub_services.partner_referrals(school)
    assert hub_selectors.requests_for_agency("POLICE", now=CUTOFF_AT)
    assert hub_selectors.requests_for_agency("EDUCATION", now=CUTOFF_AT)
    assert hub_selectors.agency_answers("POLICE")
    # Each agency answers in its own section: the police answered none of the schools' requests.
    assert not InformationRequest.objects.filter(
        agency="EDUCATION", answered_by__worker__partner_agency="POLICE"
    ).exists()
