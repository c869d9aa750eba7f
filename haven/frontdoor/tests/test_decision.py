"""The hub's work after triage: professionals' referrals, requests to partner agencies, the
manager's threshold decision opening episodes in the assessment team's queue, and telling the
referrer."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from haven.access import policy
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import selectors, services
from haven.frontdoor.models import Contact, InformationRequest
from haven.notifications.models import Message
from haven.referrals.models import EpisodeOfNeed

pytestmark = pytest.mark.django_db


@pytest.fixture
def mash():
    return f.TeamFactory(name="MASH", kind="MASH")


@pytest.fixture
def officer(mash):
    return f.staff_user(role="MASH_OFFICER", team=mash)


@pytest.fixture
def manager(mash):
    user = f.staff_user(role="MASH_MANAGER", team=mash)
    mash.manager = user.worker
    mash.save()
    return user


@pytest.fixture
def assessment_team():
    team = f.TeamFactory(name="Assessment East", kind="ASSESSMENT")
    team.manager = f.WorkerFactory(role="TEAM_MANAGER", team=team)
    team.save()
    return team


@pytest.fixture
def police():
    return f.staff_user(role="PARTNER", partner_agency="POLICE", team=None)


@pytest.fixture
def school():
    return f.staff_user(role="PARTNER", partner_agency="EDUCATION", team=None)


def signed_in(user) -> Client:
    return f.signed_in(Client(), user)


def referral_fields(user, **overrides):
    fields = {
        "acting_user": user,
        "source": "2A",
        "concern": "Amy has said her stepfather hits her when he has been drinking.",
        "tried_so_far": "Pastoral support since September; mum did not come to a meeting.",
        "family_aware": "NO",
        "consent": "NOT_ASKED",
        "consent_reason": "Asking might put Amy at greater risk tonight.",
        "lawful_basis": "PUBLIC_TASK",
        "children": [
            {"first_name": "Amy", "last_name": "Clarke", "date_of_birth": datetime.date(2015, 6, 1)}
        ],
        "adults": [{"first_name": "Dean", "last_name": "Moss", "relationship_to_child": "Step"}],
        "referrer_name": "Ms Shah",
        "referrer_role": "Designated safeguarding lead",
        "referrer_organisation": "Hill Primary",
        "referrer_email": "dsl@hill.example.org",
        "referrer_phone": "",
    }
    fields.update(overrides)
    return fields


def linked_contact(officer, *children):
    """A phone contact whose children are linked to their records."""
    contact = services.contact_record(
        acting_user=officer,
        received_at=timezone.now() - datetime.timedelta(hours=1),
        channel="PHONE",
        source="6",
        concern="Police attended a domestic incident; the children were in the house.",
        children=[{"first_name": c.first_name, "last_name": c.last_name} for c in children],
        referrer_name="PC Jones",
        referrer_email="pc.jones@police.example.org",
    )
    for named, child in zip(contact.people.order_by("pk"), children, strict=True):
        named.person = child
        named.save()
    return contact


def decide(manager, contact, decision="REFERRAL", **overrides):
    fields = {
        "acting_user": manager,
        "contact": contact,
        "decision": decision,
        "reason": "Repeated incidents and a child under five in the house.",
        "referrer_outcome": "",
        "primary_need": "N1",
        "team": None,
    }
    fields.update(overrides)
    return services.contact_decide(**fields)


class TestProfessionalReferral:
    def test_a_school_refers_with_consent_and_lawful_basis(self, school):
        contact = services.contact_refer_professional(**referral_fields(school))

        assert contact.channel == Contact.Channel.PROFESSIONAL_FORM
        assert contact.partner_agency == "EDUCATION"
        assert contact.lawful_basis == "PUBLIC_TASK"
        assert contact.consent_reason.startswith("Asking might")
        assert contact.recorded_by == school
        assert contact.people.filter(kind="CHILD").count() == 1
        assert contact in services.partner_referrals(school)

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"source": "6"}, "source"),  # a school cannot refer as the police
            ({"consent": ""}, "consent"),
            ({"consent": "NO", "consent_reason": " "}, "consent_reason"),
            ({"lawful_basis": ""}, "lawful_basis"),
            ({"consent": "NO", "lawful_basis": "CONSENT"}, "lawful_basis"),
            ({"referrer_email": "", "referrer_phone": ""}, "referrer_phone"),
            ({"children": [{"first_name": " "}]}, "children"),
        ],
    )
    def test_bad_referrals_are_refused_and_change_nothing(self, school, overrides, field):
        with pytest.raises(RuleBroken) as refused:
            services.contact_refer_professional(**referral_fields(school, **overrides))
        assert refused.value.field == field
        assert not Contact.objects.exists()

    def test_only_partner_practitioners_use_the_form(self, officer):
        with pytest.raises(policy.AccessDenied):
            services.contact_refer_professional(**referral_fields(officer))

    def test_the_page_sends_a_referral_and_gives_the_reference(self, school):
        client = signed_in(school)
        page = client.get(reverse("partner:referral_new"))
        assert page.status_code == 200
        assert "If a child is in immediate danger, call 999" in page.content.decode()
        response = client.post(
            reverse("partner:referral_new"),
            {
                "source": "2A",
                "concern": "Amy said she is scared to go home.",
                "tried_so_far": "",
                "family_aware": "NO",
                "consent": "NOT_ASKED",
                "consent_reason": "Asking would put her at risk.",
                "lawful_basis": "PUBLIC_TASK",
                "child1_first_name": "Amy",
                "child1_last_name": "Clarke",
                "referrer_name": "Ms Shah",
                "referrer_email": "dsl@hill.example.org",
            },
            follow=True,
        )
        contact = Contact.objects.get()
        assert contact.reference in response.content.decode()
        assert f.page_heading(response) == "Referrals and requests"

    def test_missing_answers_re_render_with_errors(self, school):
        response = signed_in(school).post(reverse("partner:referral_new"), {"source": "2A"})
        assert response.status_code == 200
        errors = f.error_summary(response)
        assert "Enter what you are worried about" in errors
        assert "Select the lawful basis for sharing this information" in errors
        assert not Contact.objects.exists()

    @pytest.mark.parametrize("role", ["SOCIAL_WORKER", "MASH_OFFICER", "PERFORMANCE_ANALYST"])
    def test_staff_without_a_partner_role_are_refused(self, role):
        user = f.staff_user(role=role)
        client = signed_in(user)
        assert client.get(reverse("partner:referral_new")).status_code == 403
        assert client.get(reverse("partner:home")).status_code == 403

    def test_signed_out_visitors_go_to_sign_in(self):
        response = Client().get(reverse("partner:referral_new"))
        assert f.redirects_to_sign_in(response)


class TestInformationRequests:
    def test_the_hub_asks_and_the_agency_answers_in_its_own_section(self, officer, police):
        contact = linked_contact(officer, f.ChildFactory())
        due = timezone.now() + datetime.timedelta(hours=4)
        request = services.information_request_send(
            acting_user=officer,
            contact=contact,
            agency="POLICE",
            question="Any call-outs?",
            due_at=due,
        )
        contact.refresh_from_db()
        assert contact.status == Contact.Status.IN_PROGRESS

        open_for_police = selectors.requests_for_agency("POLICE", now=timezone.now())
        assert [r.pk for r in open_for_police] == [request.pk]
        assert selectors.requests_for_agency("HEALTH", now=timezone.now()) == []

        services.information_request_answer(
            acting_user=police,
            request=request,
            answer="Two call-outs this year for domestic abuse.",
            not_for_family=True,
        )
        request.refresh_from_db()
        assert request.status == InformationRequest.Status.ANSWERED
        assert request.answered_by == police
        assert request.not_for_family

    def test_another_agency_cannot_answer(self, officer, school):
        contact = linked_contact(officer, f.ChildFactory())
        request = services.information_request_send(
            acting_user=officer,
            contact=contact,
            agency="POLICE",
            question="Any call-outs?",
            due_at=timezone.now() + datetime.timedelta(hours=2),
        )
        with pytest.raises(policy.AccessDenied):
            services.information_request_answer(
                acting_user=school, request=request, answer="Nothing", not_for_family=False
            )
        # On the page, another agency's request is the same 404 as one that does not exist.
        client = signed_in(school)
        assert client.get(reverse("partner:answer", args=[request.pk])).status_code == 404
        assert client.get(reverse("partner:answer", args=[request.pk + 999])).status_code == 404
        request.refresh_from_db()
        assert request.status == InformationRequest.Status.OPEN

    def test_one_live_request_per_agency_and_due_in_the_future(self, officer):
        contact = linked_contact(officer, f.ChildFactory())
        later = timezone.now() + datetime.timedelta(hours=2)
        services.information_request_send(
            acting_user=officer, contact=contact, agency="HEALTH", question="GP?", due_at=later
        )
        with pytest.raises(RuleBroken, match="already been asked"):
            services.information_request_send(
                acting_user=officer, contact=contact, agency="HEALTH", question="GP?", due_at=later
            )
        with pytest.raises(RuleBroken, match="due in the future"):
            services.information_request_send(
                acting_user=officer,
                contact=contact,
                agency="POLICE",
                question="?",
                due_at=timezone.now() - datetime.timedelta(minutes=1),
            )
        assert InformationRequest.objects.count() == 1

    def test_a_withdrawn_request_can_be_asked_again(self, officer):
        contact = linked_contact(officer, f.ChildFactory())
        later = timezone.now() + datetime.timedelta(hours=2)
        first = services.information_request_send(
            acting_user=officer,
            contact=contact,
            agency="HOUSING",
            question="Tenancy?",
            due_at=later,
        )
        response = signed_in(officer).post(reverse("hub:request_withdraw", args=[first.pk]))
        assert response.status_code == 302
        first.refresh_from_db()
        assert first.status == InformationRequest.Status.WITHDRAWN
        services.information_request_send(
            acting_user=officer, contact=contact, agency="HOUSING", question="Again?", due_at=later
        )

    def test_pages_ask_and_answer(self, officer, police):
        contact = linked_contact(officer, f.ChildFactory(first_name="Zara"))
        hub = signed_in(officer)
        response = hub.post(
            reverse("hub:request_new", args=[contact.pk]),
            {"agency": "POLICE", "question": "Call-outs to the address?", "due_in_hours": "4"},
            follow=True,
        )
        assert "Request sent to Police" in response.content.decode()
        request = InformationRequest.objects.get()

        partner = signed_in(police)
        home = partner.get(reverse("partner:home")).content.decode()
        assert contact.reference in home
        page = partner.get(reverse("partner:answer", args=[request.pk]))
        assert "Zara" in page.content.decode()  # the people to check, nothing more
        assert "domestic incident" not in page.content.decode()  # not the concern as given
        assert AuditEvent.objects.filter(actor=police, action="VIEW").count() == 1
        partner.post(
            reverse("partner:answer", args=[request.pk]),
            {"answer": "Three call-outs since May.", "not_for_family": "on"},
        )
        shown = hub.get(reverse("hub:contact", args=[contact.pk])).content.decode()
        assert "Three call-outs since May." in shown
        assert "Not for the family" in shown

    def test_an_empty_answer_is_refused(self, officer, police):
        contact = linked_contact(officer, f.ChildFactory())
        request = services.information_request_send(
            acting_user=officer,
            contact=contact,
            agency="POLICE",
            question="?",
            due_at=timezone.now() + datetime.timedelta(hours=1),
        )
        response = signed_in(police).post(
            reverse("partner:answer", args=[request.pk]), {"answer": ""}
        )
        assert "Enter what your agency knows, or that it holds nothing" in f.error_summary(response)
        request.refresh_from_db()
        assert request.status == InformationRequest.Status.OPEN

    def test_partners_and_social_workers_cannot_ask(self, officer, police):
        contact = linked_contact(officer, f.ChildFactory())
        for user in (police, f.staff_user(role="SOCIAL_WORKER")):
            response = signed_in(user).post(
                reverse("hub:request_new", args=[contact.pk]),
                {"agency": "POLICE", "question": "?", "due_in_hours": "4"},
            )
            assert response.status_code == 403
        assert not InformationRequest.objects.exists()


class TestThresholdDecision:
    def test_a_referral_opens_an_episode_per_child_in_the_team_queue(
        self, officer, manager, assessment_team
    ):
        a, b = f.ChildFactory(), f.ChildFactory()
        contact = linked_contact(officer, a, b)

        decided = decide(manager, contact, team=assessment_team)

        assert decided.status == Contact.Status.DECIDED
        assert decided.decided_by == manager
        episodes = EpisodeOfNeed.objects.filter(child__in=[a, b])
        assert episodes.count() == 2
        today = timezone.localdate()
        for episode in episodes:
            # The census referral is the hub's decision to accept: dated the day of it.
            assert episode.referral_date == today
            assert episode.referral_source == "6"
            assert episode.referred_to_team == assessment_team
        assert {p.episode_id for p in contact.people.all()} == set(
            episodes.values_list("pk", flat=True)
        )
        # The referral waits in the assessment team's queue; its manager may see the children.
        team_manager = assessment_team.manager.user
        assert policy.access_reason(team_manager, a) == policy.REFERRED_TO_TEAM
        assert set(policy.children_visible_to(team_manager)) >= {a, b}

    def test_the_referrer_is_told_in_words_fit_for_them(self, officer, manager, assessment_team):
        contact = linked_contact(officer, f.ChildFactory())
        decide(manager, contact, team=assessment_team)
        message = Message.objects.get()
        assert message.to_address == "pc.jones@police.example.org"
        assert contact.reference in message.subject
        assert services.REFERRER_OUTCOMES["REFERRAL"] in message.body
        assert "Repeated incidents" not in message.body  # never the hub's reasons

    def test_no_further_action_opens_nothing(self, officer, manager):
        child = f.ChildFactory()
        contact = linked_contact(officer, child)
        decide(manager, contact, decision="NFA", referrer_outcome="We will not act now.")
        assert not EpisodeOfNeed.objects.exists()
        contact.refresh_from_db()
        assert contact.referrer_outcome == "We will not act now."
        # The enquiry is over: the hub no longer sees the child through it.
        assert policy.access_reason(officer, child) is None

    def test_a_referral_needs_every_child_linked_and_a_team(
        self, officer, manager, assessment_team
    ):
        contact = linked_contact(officer, f.ChildFactory())
        services.contact_record(
            acting_user=officer,
            received_at=timezone.now(),
            channel="PHONE",
            source="6",
            concern="x",
            children=[{"first_name": "Unlinked"}],
        )
        with pytest.raises(RuleBroken, match="assessment team"):
            decide(manager, contact, team=None)
        unlinked = Contact.objects.exclude(pk=contact.pk).get()
        with pytest.raises(RuleBroken, match="not linked yet"):
            decide(manager, unlinked, team=assessment_team)
        assert not EpisodeOfNeed.objects.exists()
        assert not Contact.objects.filter(status=Contact.Status.DECIDED).exists()

    def test_a_failure_on_the_second_child_leaves_nothing_half_done(
        self, officer, manager, assessment_team
    ):
        first, second = f.ChildFactory(), f.ChildFactory()
        f.open_episode(second, f.staff_user())  # already open: census rule 8815 refuses
        contact = linked_contact(officer, first, second)
        with pytest.raises(RuleBroken, match="8815"):
            decide(manager, contact, team=assessment_team)
        assert not EpisodeOfNeed.objects.filter(child=first).exists()
        contact.refresh_from_db()
        assert contact.status != Contact.Status.DECIDED
        assert not Message.objects.exists()

    def test_decided_once_only_and_only_by_a_decider(self, officer, manager):
        contact = linked_contact(officer, f.ChildFactory())
        with pytest.raises(policy.AccessDenied):
            decide(officer, contact, decision="ADVICE")
        decide(manager, contact, decision="ADVICE")
        with pytest.raises(RuleBroken, match="already been decided"):
            decide(manager, contact, decision="NFA")
        assert AuditEvent.objects.filter(actor=manager, detail="decided: advice").count() == 1

    def test_the_decision_page(self, officer, manager, assessment_team):
        child = f.ChildFactory()
        contact = linked_contact(officer, child)
        client = signed_in(manager)
        page = client.get(reverse("hub:decide", args=[contact.pk]))
        assert page.status_code == 200
        bad = client.post(reverse("hub:decide", args=[contact.pk]), {"decision": "REFERRAL"})
        assert "Give the reasons for the decision" in f.error_summary(bad)
        no_team = client.post(
            reverse("hub:decide", args=[contact.pk]),
            {"decision": "REFERRAL", "reason": "Serious concerns.", "primary_need": "N1"},
        )
        assert "Select the assessment team to refer to." in f.error_summary(no_team)
        assert not EpisodeOfNeed.objects.exists()
        done = client.post(
            reverse("hub:decide", args=[contact.pk]),
            {
                "decision": "STRATEGY",
                "reason": "Serious concerns.",
                "primary_need": "N1",
                "team": str(assessment_team.pk),
            },
            follow=True,
        )
        assert "Decision recorded: Immediate strategy discussion" in done.content.decode()
        # The assessment team's manager sees it in the team's queue, flagged as urgent.
        team_page = signed_in(assessment_team.manager.user).get(reverse("casework:team"))
        text = team_page.content.decode()
        assert "Referrals waiting for a worker" in text
        assert child.full_name in text
        assert "Strategy discussion now" in text

    def test_an_officer_cannot_open_the_decision_page(self, officer):
        contact = linked_contact(officer, f.ChildFactory())
        client = signed_in(officer)
        assert client.get(reverse("hub:decide", args=[contact.pk])).status_code == 403
        assert client.post(reverse("hub:decide", args=[contact.pk]), {}).status_code == 403

    def test_after_the_referral_the_allocated_worker_reads_the_contact(
        self, officer, manager, assessment_team, police
    ):
        child = f.ChildFactory()
        contact = linked_contact(officer, child)
        decide(manager, contact, team=assessment_team)
        worker = f.staff_user(role="SOCIAL_WORKER", team=assessment_team)
        f.allocate(child, worker, worker.worker, start_date=timezone.localdate())
        page = signed_in(worker).get(reverse("hub:contact", args=[contact.pk]))
        assert page.status_code == 200
        assert "Decide what happens next" not in page.content.decode()
        # Someone with no relationship to the child, and a partner, are refused.
        stranger = f.staff_user(role="SOCIAL_WORKER")
        assert signed_in(stranger).get(reverse("hub:contact", args=[contact.pk])).status_code == 403
        assert signed_in(police).get(reverse("hub:contact", args=[contact.pk])).status_code == 403
