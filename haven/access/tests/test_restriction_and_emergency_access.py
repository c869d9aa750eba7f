"""Restricted records, named grants and emergency access (security reference R7, R8)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from haven.access import policy, services
from haven.access.models import AccessGrant, AccessNotification, Restriction
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.core.tests.sign_in_helpers import confirmed_device, unused_code
from haven.search.selectors import person_search

pytestmark = pytest.mark.django_db

REASON = "Police called at 2am: the child is missing and the duty worker needs the plan now."


def emergency_url(child):
    return reverse("access:emergency_access", kwargs={"pk": child.pk})


def form(**overrides):
    data = {
        "reason_category": "EMERGENCY",
        "reason": REASON,
        "password": f.PASSWORD,
        "code": "",
    }
    data.update(overrides)
    return data


class TestRestriction:
    def test_restricting_closes_the_record_to_the_team_but_keeps_the_manager_and_worker(
        self, world
    ):
        child = world.children["north"]
        assert policy.can_view_child(world.users["sw_north_colleague"], child)

        services.restriction_set(
            acting_user=world.users["tm_north"],
            child=child,
            reason="STAFF_RELATED",
            explanation="The mother works in the council's children's services.",
        )

        assert not policy.can_view_child(world.users["sw_north_colleague"], child)
        assert not policy.can_view_child(world.users["sm"], child)
        assert not policy.can_view_child(world.users["leader"], child)
        assert policy.access_reason(world.users["sw_north"], child) == policy.NAMED_GRANT
        assert policy.access_reason(world.users["tm_north"], child) == policy.NAMED_GRANT
        # The family one step out is not opened through a restricted child.
        assert not policy.can_view_child(
            world.users["sw_north_colleague"], world.children["mother"]
        )
        assert AuditEvent.objects.filter(
            actor=world.users["tm_north"], child_id=child.pk, detail="restricted"
        ).exists()

    def test_a_social_worker_may_not_restrict(self, world):
        with pytest.raises(policy.AccessDenied):
            services.restriction_set(
                acting_user=world.users["sw_north"],
                child=world.children["north"],
                reason="OTHER",
                explanation="Trying.",
            )
        assert not Restriction.objects.filter(child=world.children["north"]).exists()

    def test_lifting_opens_it_again(self, world):
        child = world.children["restricted"]
        services.restriction_lift(acting_user=world.users["tm_north"], child=child)

        assert policy.can_view_child(world.users["sw_north_colleague"], child)
        with pytest.raises(RuleBroken):
            services.restriction_lift(acting_user=world.users["tm_north"], child=child)

    def test_a_named_grant_opens_it_and_revoking_closes_it(self, world):
        child = world.children["restricted"]
        colleague = world.users["sw_north_colleague"]
        grant = services.grant_named(
            acting_user=world.users["tm_north"],
            child=child,
            username="sw_north_colleague",
            reason="Covering while the allocated worker is on leave.",
        )
        assert policy.access_reason(colleague, child) == policy.NAMED_GRANT

        services.grant_revoke(acting_user=world.users["tm_north"], grant=grant)

        assert not policy.can_view_child(type(colleague).objects.get(pk=colleague.pk), child)

    def test_a_grant_to_someone_who_does_not_work_with_records_is_refused(self, world):
        for username in ("police", "dpo", "nobody"):
            with pytest.raises(RuleBroken):
                services.grant_named(
                    acting_user=world.users["tm_north"],
                    child=world.children["restricted"],
                    username=username,
                    reason="Wants to look.",
                )

    def test_the_pages(self, world, client):
        child = world.children["north"]
        manager = f.signed_in(client, world.users["tm_north"])
        page = manager.get(reverse("access:child_access", kwargs={"pk": child.pk}))
        assert page.status_code == 200
        assert "This record is not restricted" in page.content.decode()

        bad = manager.post(reverse("access:restrict", kwargs={"pk": child.pk}), {})
        assert bad.status_code == 200
        assert f.error_summary(bad) == [
            "Select why the record is being restricted",
            "Explain the decision to restrict the record",
        ]
        assert not Restriction.objects.filter(child=child).exists()

        done = manager.post(
            reverse("access:restrict", kwargs={"pk": child.pk}),
            {"reason": "HIGH_PROFILE", "explanation": "Media interest."},
        )
        assert done.status_code == 302
        assert Person_restricted(child)
        # The social worker keeps access through the grant; the colleague gets a 404.
        assert (
            f.signed_in(Client(), world.users["sw_north"])
            .get(reverse("people:child_chronology", kwargs={"pk": child.pk}))
            .status_code
            == 200
        )
        colleague = f.signed_in(Client(), world.users["sw_north_colleague"])
        assert (
            colleague.get(reverse("people:child_chronology", kwargs={"pk": child.pk})).status_code
            == 404
        )
        # A social worker may not open the access page at all.
        assert (
            colleague.get(reverse("access:child_access", kwargs={"pk": child.pk})).status_code
            == 404
        )


def Person_restricted(child) -> bool:  # noqa: N802
    child.refresh_from_db()
    return child.is_restricted


class TestSearchStub:
    def test_a_restricted_record_in_scope_shows_as_a_stub_without_details(self, world):
        matches = person_search(user=world.users["sw_north_colleague"], query="Rita Restricted")

        assert [m.restricted for m in matches] == [True]
        stub = matches[0]
        assert stub.full_name == "Restricted record"
        assert stub.date_of_birth is None
        assert stub.reasons == ()
        assert stub.postcode == ""

    def test_out_of_scope_users_find_nothing(self, world):
        assert person_search(user=world.users["sw_south"], query="Rita Restricted") == []

    def test_a_granted_user_sees_the_record(self, world):
        matches = person_search(user=world.users["tm_north"], query="Rita Restricted")

        assert [(m.full_name, m.restricted) for m in matches] == [("Rita Restricted", False)]

    def test_the_search_page_shows_the_stub_and_emergency_access(self, world, client):
        response = f.signed_in(client, world.users["sw_north_colleague"]).get(
            reverse("search:person_search"), {"q": "Rita Restricted"}
        )
        html = response.content.decode()
        assert "A restricted record matches your search" in html
        results = html.split("best match", 1)[1]
        assert "Rita" not in results
        assert "2016" not in results
        assert emergency_url(world.children["restricted"]) in html


class TestEmergencyAccess:
    def test_emergency_access_opens_the_record_for_an_hour_notifies_and_audits(self, world, client):
        child = world.children["south"]
        user = world.users["sw_north"]
        signed = f.signed_in(client, user)
        record = reverse("people:child_chronology", kwargs={"pk": child.pk})
        assert signed.get(record).status_code == 404

        response = signed.post(emergency_url(child), form())

        assert response.status_code == 302
        assert response["Location"] == record
        assert signed.get(record).status_code == 200
        grant = AccessGrant.objects.get(user=user, child=child)
        assert grant.kind == "EMERGENCY"
        assert grant.expires_at - grant.starts_at == datetime.timedelta(minutes=60)
        assert (
            AuditEvent.objects.filter(
                actor=user, child_id=child.pk, detail="emergency access"
            ).count()
            == 1
        )
        told = set(AccessNotification.objects.values_list("recipient__username", flat=True))
        # South's team manager, the user's own manager and the data protection officer.
        assert told == {"tm_south", "tm_north", "dpo"}
        view = AuditEvent.objects.filter(actor=user, child_id=child.pk, action="VIEW").get()
        assert view.reason == policy.EMERGENCY_ACCESS

    def test_the_grant_expires(self, world):
        child = world.children["south"]
        user = world.users["sw_north"]
        grant = services.emergency_access(
            acting_user=user,
            child_id=child.pk,
            reason_category="EMERGENCY",
            reason=REASON,
            password=f.PASSWORD,
        )
        assert policy.can_view_child(user, child)
        now = timezone.now()
        AccessGrant.objects.filter(pk=grant.pk).update(
            starts_at=now - datetime.timedelta(minutes=61),
            expires_at=now - datetime.timedelta(minutes=1),
        )
        assert not policy.can_view_child(type(user).objects.get(pk=user.pk), child)

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"reason": "Need to see it."}, "Explain why you need access in at least 40"),
            ({"reason_category": ""}, "Select why you need emergency access"),
            ({"password": "wrong password"}, "Your password or security code is not right."),
        ],
    )
    def test_a_short_reason_or_wrong_password_opens_nothing(
        self, world, client, overrides, message
    ):
        child = world.children["south"]
        signed = f.signed_in(client, world.users["sw_north"])
        before = f.db_snapshot()

        response = signed.post(emergency_url(child), form(**overrides))

        assert response.status_code == 200
        assert any(e.startswith(message[:20]) for e in f.error_summary(response)), f.error_summary(
            response
        )
        assert not AccessGrant.objects.filter(child=child, kind="EMERGENCY").exists()
        after = f.db_snapshot()
        changed = {t for t in after if after[t] != before[t]}
        assert changed <= {"core_signinattempt"}  # a wrong password counts towards the lock

    def test_an_authenticator_code_is_needed_when_the_user_has_one(self, world, client):
        user = world.users["sw_north"]
        device = confirmed_device(user)
        signed = f.signed_in(client, user)
        child = world.children["south"]

        assert signed.post(emergency_url(child), form()).status_code == 200
        assert signed.post(emergency_url(child), form(code=unused_code(device))).status_code == 302

    def test_roles_without_emergency_access_are_refused(self, world, client):
        child = world.children["south"]
        for name in ("leader", "dpo", "analyst", "police", "chair"):
            response = f.signed_in(Client(), world.users[name]).get(emergency_url(child))
            assert response.status_code == 403, name
        with pytest.raises(policy.AccessDenied):
            services.emergency_access(
                acting_user=world.users["leader"],
                child_id=child.pk,
                reason_category="EMERGENCY",
                reason=REASON,
                password=f.PASSWORD,
            )

    def test_the_page_looks_the_same_for_any_number(self, world, client):
        signed = f.signed_in(client, world.users["sw_north"])
        real = signed.get(emergency_url(world.children["south"])).content.decode()
        missing = signed.get(reverse("access:emergency_access", kwargs={"pk": 999999}))
        assert missing.status_code == 200

        def strip(html: str) -> str:
            html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
            return html.replace(str(world.children["south"].pk), "N").replace("999999", "N")

        assert "Sid" not in real
        assert (
            strip(real).split("<main", 1)[1].split("</main>")[0]
            == strip(missing.content.decode()).split("<main", 1)[1].split("</main>")[0]
        )

    def test_the_database_holds_emergency_access_to_an_hour(self, world):
        user = world.users["sw_north"]
        now = timezone.now()
        with pytest.raises(IntegrityError), transaction.atomic():
            AccessGrant.objects.create(
                user=user,
                child=world.children["south"],
                kind="EMERGENCY",
                reason_category="EMERGENCY",
                reason=REASON,
                granted_by=user,
                starts_at=now,
                expires_at=now + datetime.timedelta(minutes=61),
            )

    def test_reviewers_see_and_clear_the_notice(self, world, client):
        services.emergency_access(
            acting_user=world.users["sw_north"],
            child_id=world.children["south"].pk,
            reason_category="EMERGENCY",
            reason=REASON,
            password=f.PASSWORD,
        )
        manager = f.signed_in(client, world.users["tm_south"])
        assert (
            "1 use of emergency access to review"
            in manager.get(reverse("casework:my_work")).content.decode()
        )
        page = manager.get(reverse("access:notifications"))
        assert REASON in page.content.decode()
        notice = AccessNotification.objects.get(recipient=world.users["tm_south"])
        # Someone else cannot clear it.
        other = f.signed_in(Client(), world.users["tm_north"])
        url = reverse("access:notification_reviewed", kwargs={"notification_pk": notice.pk})
        assert other.post(url).status_code == 404
        assert manager.post(url).status_code == 302
        notice.refresh_from_db()
        assert notice.read_at is not None


class TestGrantPages:
    def test_named_access_through_the_pages(self, world, client):
        child = world.children["restricted"]
        manager = f.signed_in(client, world.users["tm_north"])
        grant_url = reverse("access:grant", kwargs={"pk": child.pk})

        bad = manager.post(grant_url, {"username": "police", "reason": "Wants to look."})
        assert bad.status_code == 200
        assert f.error_summary(bad) == [
            "Enter the username of a member of staff who works with children's records."
        ]
        empty = manager.post(grant_url, {})
        assert f.error_summary(empty) == [
            "Enter the username of the person who needs access",
            "Explain why they need access",
        ]
        assert not AccessGrant.objects.filter(user=world.users["police"]).exists()

        done = manager.post(
            grant_url, {"username": "sw_north_colleague", "reason": "Covering for leave."}
        )
        assert done.status_code == 302
        grant = AccessGrant.objects.get(user=world.users["sw_north_colleague"], child=child)
        page = manager.get(reverse("access:child_access", kwargs={"pk": child.pk}))
        assert "Covering for leave." in page.content.decode()

        revoke_url = reverse("access:revoke", kwargs={"pk": child.pk, "grant_pk": grant.pk})
        assert manager.post(revoke_url, {}).status_code == 302
        grant.refresh_from_db()
        assert grant.revoked_at is not None
        # A revoked grant cannot be revoked again: the page is gone.
        assert manager.get(revoke_url).status_code == 404

        assert manager.post(reverse("access:lift", kwargs={"pk": child.pk}), {}).status_code == 302
        assert not Person_restricted(child)

    def test_a_social_worker_cannot_reach_the_grant_pages(self, world, client):
        child = world.children["restricted"]
        grant = AccessGrant.objects.filter(child=child).first()
        sw = f.signed_in(client, world.users["sw_north"])  # holds a grant: sees the record
        for url in (
            reverse("access:grant", kwargs={"pk": child.pk}),
            reverse("access:lift", kwargs={"pk": child.pk}),
            reverse("access:revoke", kwargs={"pk": child.pk, "grant_pk": grant.pk}),
        ):
            assert sw.get(url).status_code == 404, url
            assert sw.post(url, {"username": "sw_north", "reason": "x"}).status_code == 404, url
