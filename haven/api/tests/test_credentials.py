"""Per-organisation API keys: made and revoked by command, kept only as a hash, checked on every
request (401 without a good key, 403 without the scope), and never replaced by a session."""

from __future__ import annotations

import hashlib
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from haven.api import services
from haven.api.models import ApiClient
from haven.api.tests.conftest import CONTACTS, contact_body, make_partner
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor.models import Contact

pytestmark = pytest.mark.django_db


def post_with(authorization: str | None, client: Client | None = None):
    headers = {"Idempotency-Key": "k-1"}
    if authorization is not None:
        headers["Authorization"] = authorization
    return (client or Client()).post(
        CONTACTS, json.dumps(contact_body()), content_type="application/json", headers=headers
    )


class TestMakingAndRevokingKeys:
    def test_the_command_prints_the_key_once_and_keeps_only_its_hash(self):
        out = StringIO()

        call_command(
            "create_api_client",
            "--organisation",
            "Haven Constabulary",
            "--agency",
            "police",
            "--scopes",
            "contacts:create, contacts:read",
            stdout=out,
        )

        key = out.getvalue().strip().splitlines()[-1]
        client = ApiClient.objects.get()
        assert key.startswith(f"hvn_{client.key_id}_")
        secret = key.split("_", 2)[2]
        assert client.key_hash == hashlib.sha256(secret.encode()).hexdigest()
        assert secret not in json.dumps(list(ApiClient.objects.values()), default=str)
        assert (client.organisation, client.agency) == ("Haven Constabulary", "POLICE")
        assert client.scopes == ["contacts:create", "contacts:read"]
        assert post_with(f"Bearer {key}").status_code == 201

    def test_the_clients_service_account_cannot_sign_in(self, police):
        user = police.client.service_user

        assert not user.is_active
        assert not user.has_usable_password()
        assert not Client().login(username=user.username, password="")

    @pytest.mark.parametrize(
        ("arguments", "message"),
        [
            (["--agency", "MI5", "--scopes", "contacts:read"], "The agency must be one of"),
            (["--agency", "POLICE", "--scopes", "contacts:delete"], "Give one or more scopes"),
        ],
    )
    def test_the_command_refuses_what_it_cannot_make(self, arguments, message):
        with pytest.raises(CommandError, match=message):
            call_command("create_api_client", "--organisation", "Someone", *arguments)

        assert not ApiClient.objects.exists()

    def test_a_revoked_key_stops_working_at_once_and_the_revocation_is_audited(self, police):
        assert police.post(contact_body()).status_code == 201
        out = StringIO()

        call_command("revoke_api_client", police.client.key_id, stdout=out)

        assert "revoked" in out.getvalue()
        response = police.post(contact_body())
        assert response.status_code == 401
        assert Contact.objects.count() == 1
        police.client.refresh_from_db()
        assert not police.client.is_active
        assert police.client.revoked_at is not None
        assert AuditEvent.objects.filter(
            object_type="api.apiclient", action="UPDATE", detail="partner API client revoked"
        ).exists()

    def test_revoking_an_unknown_key_id_says_so(self):
        with pytest.raises(CommandError, match="No partner API client has that key id"):
            call_command("revoke_api_client", "0123456789abcdef")

    def test_using_a_key_records_when(self, police):
        assert police.client.last_used_at is None

        police.post(contact_body())

        police.client.refresh_from_db()
        assert police.client.last_used_at is not None


class TestRefusingRequestsWithoutAGoodKey:
    @pytest.mark.parametrize(
        "authorization",
        [
            None,
            "",
            "Bearer",
            "Bearer not-a-key",
            "Basic dXNlcjpwYXNz",
            "Bearer hvn_0123456789abcdef_" + "a" * 43,  # no such key id
        ],
    )
    def test_401_problem_and_nothing_written(self, authorization):
        make_partner()

        response = post_with(authorization)

        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"] == 'Bearer realm="haven"'
        assert response.json()["title"] == "Unauthorized"
        assert not Contact.objects.exists()

    def test_the_right_key_id_with_the_wrong_secret_gets_the_same_401(self, police):
        key_id = police.client.key_id
        wrong = f"Bearer hvn_{key_id}_{'b' * 43}"
        unknown = "Bearer hvn_0123456789abcdef_" + "b" * 43

        assert post_with(wrong).json() == post_with(unknown).json()
        assert post_with(wrong).status_code == 401

    def test_a_signed_in_staff_session_authenticates_nothing(self, police):
        browser = f.signed_in(Client(enforce_csrf_checks=True), f.staff_user(role="MASH_OFFICER"))
        contact = police.post(contact_body()).json()["reference"]

        posted = post_with(None, client=browser)
        read = browser.get(f"{CONTACTS}/{contact}")

        assert (posted.status_code, read.status_code) == (401, 401)
        assert Contact.objects.count() == 1

    def test_a_bearer_key_needs_no_csrf_token(self, police):
        strict = Client(enforce_csrf_checks=True)

        response = post_with(f"Bearer {police.key}", client=strict)

        assert response.status_code == 201


class TestScopes:
    def test_a_read_only_key_cannot_send_contacts(self):
        reader = make_partner(scopes=("contacts:read",))

        response = reader.post(contact_body())

        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"
        assert "contacts:create" in response.json()["detail"]
        assert not Contact.objects.exists()

    def test_a_send_only_key_cannot_read_contacts(self):
        sender = make_partner(scopes=("contacts:create",))
        reference = sender.post(contact_body()).json()["reference"]

        response = sender.read(reference)

        assert response.status_code == 403
        assert "contacts:read" in response.json()["detail"]
        assert not AuditEvent.objects.filter(action="VIEW").exists()

    def test_scopes_outside_the_list_are_refused_by_the_database_too(self, police):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            ApiClient.objects.filter(pk=police.client.pk).update(scopes=["contacts:delete"])


class TestAdmin:
    @pytest.fixture
    def superuser(self):
        return f.UserFactory(is_staff=True, is_superuser=True)

    def test_clients_are_listed_but_cannot_be_added_or_edited(self, police, superuser):
        browser = f.signed_in(Client(), superuser)

        listing = browser.get("/admin/api/apiclient/")
        add = browser.get("/admin/api/apiclient/add/")
        change = browser.get(f"/admin/api/apiclient/{police.client.pk}/change/")

        assert listing.status_code == 200
        assert police.client.key_id in listing.content.decode()
        assert add.status_code == 403
        assert change.status_code == 200
        assert 'name="key_hash"' not in change.content.decode()  # shown, never an input

    def test_the_revoke_action_goes_through_the_service(self, police, superuser):
        browser = f.signed_in(Client(), superuser)

        browser.post(
            "/admin/api/apiclient/",
            {"action": "revoke", "_selected_action": [police.client.pk]},
        )

        police.client.refresh_from_db()
        assert not police.client.is_active
        assert police.post(contact_body()).status_code == 401


def test_authentication_reads_one_row_by_key_id(police, django_assert_num_queries):
    """And writes last_used_at at most once a minute, not on every request."""
    services.api_client_authenticate(f"Bearer {police.key}")

    with django_assert_num_queries(1):
        client = services.api_client_authenticate(f"Bearer {police.key}")
        assert client == police.client
