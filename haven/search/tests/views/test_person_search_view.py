from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.people.models import Person
from haven.search.tests.factories import make_address, make_person

pytestmark = [pytest.mark.django_db, pytest.mark.urls("haven.search.tests.urls_for_tests")]


def search(client: Client, **params: str) -> Any:
    return client.get(reverse("search:person_search"), params)


class TestPersonSearchView:
    def test_signed_out_users_are_sent_to_sign_in(self, client: Client) -> None:
        response = search(client, q="Smith")

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign_in"))

    def test_users_who_are_not_staff_are_refused(self, client: Client, other_user: Any) -> None:
        make_person("John", "Smith")
        client.force_login(other_user)

        response = search(client, q="Smith")

        assert response.status_code == 403
        assert b"John" not in response.content
        assert not AuditEvent.objects.exists()

    def test_the_empty_form(self, client: Client, staff_user: Any) -> None:
        client.force_login(staff_user)

        response = search(client)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Find a child or adult" in html
        assert 'method="get"' in html
        assert "No people match" not in html
        assert not AuditEvent.objects.exists()

    def test_results_show_the_match_and_why(self, client: Client, staff_user: Any) -> None:
        child = make_person("Ann", "Smith", known_as="Annie")
        make_address(child, "HV1 2AB")
        adult = make_person("Dawn", "Smith", kind=Person.Kind.ADULT)
        client.force_login(staff_user)

        response = search(client, q="Smyth")

        html = response.content.decode()
        assert response.status_code == 200
        assert f'href="{reverse("people:child_chronology", kwargs={"pk": child.pk})}"' in html
        assert "Ann Smith" in html
        assert "Known as Annie" in html
        assert "Sounds like Smith" in html
        assert "3 May 2015" in html
        assert "HV1 2AB" in html
        assert "%" in html
        assert "Dawn Smith" in html
        assert reverse("people:child_chronology", kwargs={"pk": adult.pk}) not in html
        assert AuditEvent.objects.get(action="SEARCH").detail == "name"
        # Each person shown is one read, in the same transaction (security R1).
        shown = AuditEvent.objects.filter(action="VIEW", detail="search result")
        assert shown.count() == 2
        assert {e.reason for e in shown} == {"search"}

    def test_date_of_birth_search(self, client: Client, staff_user: Any) -> None:
        make_person("Zara", "Khan", date_of_birth=datetime.date(2015, 5, 3))
        client.force_login(staff_user)

        response = client.get(
            reverse("search:person_search"),
            {"q": "", "date_of_birth_0": "5", "date_of_birth_1": "3", "date_of_birth_2": "2015"},
        )

        html = response.content.decode()
        assert "Zara Khan" in html
        assert "Date of birth matches with day and month swapped" in html

    def test_no_matches(self, client: Client, staff_user: Any) -> None:
        client.force_login(staff_user)

        response = search(client, q="Nobody Here")

        assert "No people match" in response.content.decode()

    def test_an_invalid_date_shows_the_error_summary(self, client: Client, staff_user: Any) -> None:
        client.force_login(staff_user)

        response = client.get(
            reverse("search:person_search"),
            {
                "q": "Smith",
                "date_of_birth_0": "31",
                "date_of_birth_1": "2",
                "date_of_birth_2": "2015",
            },
        )

        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html
        assert "There is a problem" in html
        assert "Date of birth must be a real date" in html
        assert 'href="#id_date_of_birth_0"' in html
        assert "<title>Error:" in html
        assert not AuditEvent.objects.exists()

    def test_queries_do_not_grow_with_the_results(
        self, client: Client, staff_user: Any, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(20):
            make_address(make_person("Lily", "Evans", la_child_id=f"E{n}"), "HV1 2AB")
        client.force_login(staff_user)
        search(client, q="Lily")  # the first request after sign-in also writes the session

        with django_assert_max_num_queries(13):
            response = search(client, q="Lily Evans")

        assert response.content.decode().count(">Lily Evans</a>") == 20

    def test_a_full_page_suggests_narrowing_the_search(
        self, client: Client, staff_user: Any
    ) -> None:
        for n in range(26):
            make_person("Lily", "Evans", la_child_id=f"E{n}")
        client.force_login(staff_user)

        html = search(client, q="Evans").content.decode()

        assert html.count(">Lily Evans</a>") == 25
        assert "Only the best 25 matches are shown" in html
