"""Report a concern about a child: the public's question pages and the service behind them.

No account is needed; answers live in the session until they are sent; a report becomes one
contact with a person for each child (and adult) named; an address may send 5 reports an hour
(kept as a keyed hash); a honeypot hit looks sent but stores nothing; nothing typed is logged.
"""

from __future__ import annotations

import datetime
import html
import logging
import re
from typing import Any

import pytest
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

from haven.core.errors import RuleBroken
from haven.frontdoor import public, public_views
from haven.frontdoor.models import Contact, ContactPerson, PublicSubmission

pytestmark = pytest.mark.django_db

START = reverse("public:start")
CONCERN = reverse("public:concern")
ADULT = reverse("public:adult")
ABOUT_YOU = reverse("public:about_you")
FAMILY = reverse("public:family_aware")
CHECK = reverse("public:check")
CONFIRMATION = reverse("public:confirmation")
IP = "198.51.100.23"
OTHER_IP = "203.0.113.9"
CONCERN_TEXT = "Lily, who lives at number 4, is often left alone overnight and cries for hours."
REFERENCE = re.compile(r"HV-\d{7}")


def child_url(number: int) -> str:
    return reverse("public:child", kwargs={"number": number})


def child_data(**overrides: str) -> dict[str, str]:
    data = {
        "first_name": "Lily",
        "last_name": "Evans",
        "date_of_birth_0": "2",
        "date_of_birth_1": "4",
        "date_of_birth_2": "2017",
        "age_description": "",
        "address": "4 Mill Lane\nHaventon",
        "postcode": "hv1 2ab",
        "school": "Hill Primary School",
        "add_another": "no",
    }
    data.update(overrides)
    return data


def about_you_data(**overrides: str) -> dict[str, str]:
    data = {
        "relationship": "acquaintance",
        "name": "Pat Jones",
        "phone": "01632 960 123",
        "email": "pat@example.com",
    }
    data.update(overrides)
    return data


def post(client: Client, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data, REMOTE_ADDR=IP)


def answer_all(
    client: Client,
    *,
    children: list[dict[str, str]] | None = None,
    about_you: dict[str, str] | None = None,
    adult: dict[str, str] | None = None,
) -> None:
    """Answer every question page, ending on check your answers."""
    children = children or [child_data()]
    for number, child in enumerate(children, start=1):
        more = "yes" if number < len(children) else "no"
        response = post(client, child_url(number), {**child, "add_another": more})
        assert response.status_code == 302, response.content.decode()
    assert post(client, CONCERN, {"concern": CONCERN_TEXT}).status_code == 302
    assert post(client, ADULT, adult or {}).status_code == 302
    assert post(client, ABOUT_YOU, about_you or about_you_data()).status_code == 302
    response = post(client, FAMILY, {"family_aware": "NO"})
    assert response.status_code == 302
    assert response["Location"] == CHECK


def send(client: Client, ip: str = IP, **data: str) -> Any:
    return client.post(CHECK, data, REMOTE_ADDR=ip)


def errors(response: Any) -> list[str]:
    """The error summary's messages."""
    page = response.content.decode()
    summary = re.search(r'class="govuk-error-summary".*?</ul>', page, re.S)
    assert summary, "no error summary"
    items = re.findall(r"<li>(.*?)</li>", summary[0], re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in items]


def report(ip: str = IP) -> Any:
    """A whole report from a new visitor at `ip`; the response to sending it."""
    client = Client()
    answer_all(client)
    return send(client, ip)


class TestTheWholeJourney:
    def test_a_report_becomes_one_contact_with_the_children_named(self):
        client = Client()
        assert client.get(START).status_code == 200
        second = child_data(
            first_name="",
            last_name="",
            date_of_birth_0="",
            date_of_birth_1="",
            date_of_birth_2="",
            age_description="a boy of about 5",
            address="",
            postcode="",
            school="",
        )
        adult = {
            "first_name": "Mark",
            "last_name": "",
            "age_description": "",
            "relationship_to_child": "Mum's partner",
            "address": "",
        }
        answer_all(client, children=[child_data(), second], adult=adult)

        check = client.get(CHECK)
        assert check.status_code == 200
        html = check.content.decode()
        for text in ("Lily Evans", "2 April 2017", "a boy of about 5", "HV1 2AB", "Mark"):
            assert text in html
        assert CONCERN_TEXT in html

        response = send(client)
        assert response.status_code == 302
        assert response["Location"] == CONFIRMATION

        contact = Contact.objects.get()
        assert REFERENCE.fullmatch(contact.reference)
        assert contact.channel == Contact.Channel.PUBLIC_FORM
        assert contact.source == "1B"
        assert contact.recorded_by is None
        assert contact.status == Contact.Status.NEW
        assert contact.concern == CONCERN_TEXT
        assert contact.family_aware == Contact.FamilyAware.NO
        assert contact.referrer_name == "Pat Jones"
        assert contact.referrer_phone == "01632 960 123"
        assert contact.referrer_email == "pat@example.com"
        assert contact.referrer_relationship == public.Relationship.ACQUAINTANCE.label
        children = list(contact.people.filter(kind=ContactPerson.Kind.CHILD).order_by("pk"))
        assert [(c.first_name, c.age_description) for c in children] == [
            ("Lily", ""),
            ("", "a boy of about 5"),
        ]
        lily = children[0]
        assert lily.date_of_birth == datetime.date(2017, 4, 2)
        assert lily.address == "4 Mill Lane\nHaventon"
        assert lily.postcode == "HV1 2AB"
        assert lily.school == "Hill Primary School"
        assert lily.person is None
        adult_person = contact.people.get(kind=ContactPerson.Kind.ADULT)
        assert adult_person.first_name == "Mark"
        assert adult_person.relationship_to_child == "Mum's partner"

        confirmation = client.get(CONFIRMATION)
        page = confirmation.content.decode()
        assert contact.reference in page
        assert "What happens next" in page
        assert "within one working day" in page
        # The answers are gone: the check page now goes back to the start.
        assert client.get(CHECK)["Location"] == START
        assert public_views.SESSION_KEY not in client.session

    def test_references_come_from_the_sequence(self):
        report()
        report(OTHER_IP)
        first, second = Contact.objects.order_by("pk").values_list("reference", flat=True)
        assert int(second[3:]) == int(first[3:]) + 1

    def test_no_adult_is_recorded_when_the_adult_page_is_left_blank(self):
        report()
        assert list(ContactPerson.objects.values_list("kind", flat=True)) == ["CHILD"]

    @pytest.mark.parametrize(
        ("relationship", "source"),
        [
            ("family", "1A"),
            ("acquaintance", "1B"),
            ("child", "1C"),
            ("other", "1D"),
            ("anonymous", "9"),
        ],
    )
    def test_the_census_source_follows_the_relationship(self, relationship, source):
        client = Client()
        answer_all(client, about_you=about_you_data(relationship=relationship))
        send(client)
        assert Contact.objects.get().source == source

    def test_an_anonymous_report(self):
        client = Client()
        anonymous = about_you_data(relationship="anonymous", name="", phone="", email="")
        answer_all(client, about_you=anonymous)
        assert send(client)["Location"] == CONFIRMATION
        contact = Contact.objects.get()
        assert contact.source == "9"
        assert (contact.referrer_name, contact.referrer_phone, contact.referrer_email) == (
            "",
            "",
            "",
        )

    def test_up_to_five_children_and_no_question_about_a_sixth(self):
        client = Client()
        children = [child_data(first_name=f"Child{n}") for n in range(1, 6)]
        answer_all(client, children=children)
        page = client.get(child_url(5)).content.decode()
        assert "Is there another child" not in page
        assert client.get(reverse("public:child", kwargs={"number": 6})).status_code == 404
        send(client)
        assert ContactPerson.objects.filter(kind="CHILD").count() == 5

    def test_the_pages_need_no_account_and_are_not_kept_or_indexed(self):
        client = Client()
        urls = [START, child_url(1)]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"]
            assert '<meta name="robots" content="noindex' in response.content.decode()
        answer_all(client)
        for url in (CONCERN, ADULT, ABOUT_YOU, FAMILY, CHECK):
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"]
            assert '<meta name="robots" content="noindex' in response.content.decode()
        send(client)
        response = client.get(CONFIRMATION)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]

    def test_the_start_page_gives_emergency_advice_first(self):
        html = Client().get(START).content.decode()
        main = html[html.index('id="main-content">') + len('id="main-content">') :]
        text = re.sub(r"<[^>]+>", " ", main)
        text = " ".join(text.split())
        assert text.startswith("! Warning If a child is in immediate danger, call 999.")
        assert text.index("01632 960 000") < text.index("What happens after you report")
        assert text.index("What happens after you report") < text.index("Start now")
        assert 'href="tel:01632960000"' in main

    @override_settings(HAVEN_CHILDRENS_SERVICES_PHONE="0300 555 0100")
    def test_the_phone_number_comes_from_settings(self):
        html = Client().get(START).content.decode()
        assert "0300\N{NO-BREAK SPACE}555\N{NO-BREAK SPACE}0100" in html
        assert 'href="tel:03005550100"' in html


class TestValidation:
    def test_a_child_needs_a_name_or_a_description(self):
        client = Client()
        blank = child_data(
            first_name="",
            last_name="",
            date_of_birth_0="",
            date_of_birth_1="",
            date_of_birth_2="",
            address="",
            postcode="",
            school="",
        )
        response = post(client, child_url(1), blank)
        assert response.status_code == 200
        assert errors(response) == ["Enter the child's name, or their age or a description of them"]
        assert "<title>Error: " in response.content.decode()
        assert public_views.SESSION_KEY not in client.session

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (
                {"date_of_birth_0": "31", "date_of_birth_1": "2"},
                "Date of birth must be a real date",
            ),
            ({"date_of_birth_2": "2999"}, "Date of birth must be today or in the past"),
            ({"first_name": "x" * 101}, "First name must be 100 characters or fewer"),
            ({"postcode": "x" * 11}, "Postcode must be 10 characters or fewer"),
            ({"address": "x" * 301}, "Address must be 300 characters or fewer"),
            ({"add_another": ""}, "Select yes if there is another child you are worried about"),
        ],
    )
    def test_child_page_errors(self, data, message):
        response = post(Client(), child_url(1), child_data(**data))
        assert response.status_code == 200
        assert message in errors(response)

    def test_the_concern_is_required_and_at_most_5000_characters(self):
        client = Client()
        post(client, child_url(1), child_data())
        response = post(client, CONCERN, {"concern": "  "})
        assert errors(response) == ["Enter what is worrying you about the child"]
        response = post(client, CONCERN, {"concern": "x" * 5001})
        assert errors(response) == ["What is worrying you must be 5,000 characters or fewer"]
        assert "concern" not in client.session[public_views.SESSION_KEY]["answers"]
        # Browsers send new lines as CRLF; each counts as one character, as the page shows.
        text = ("x" * 99 + "\r\n") * 50
        assert post(client, CONCERN, {"concern": text}).status_code == 302
        assert len(client.session[public_views.SESSION_KEY]["answers"]["concern"]) == 4999

    def test_the_concern_page_has_a_character_count(self):
        client = Client()
        post(client, child_url(1), child_data())
        html = client.get(CONCERN).content.decode()
        assert 'data-module="govuk-character-count"' in html
        assert 'data-maxlength="5000"' in html
        assert 'id="id_concern-info"' in html
        assert " maxlength=" not in html

    def test_an_adult_needs_a_name_or_description_when_anything_is_given(self):
        client = Client()
        post(client, child_url(1), child_data())
        post(client, CONCERN, {"concern": CONCERN_TEXT})
        response = post(client, ADULT, {"relationship_to_child": "Stepdad"})
        assert errors(response) == ["Enter the adult's name, or their age or a description of them"]
        assert post(client, ADULT, {}).status_code == 302

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"relationship": ""}, "Select your relationship to the child"),
            ({"relationship": "uncle"}, "Select your relationship to the child"),
            (
                {"email": "not an email"},
                "Enter an email address in the correct format, like name@example.com",
            ),
            (
                {"phone": "call me maybe"},
                "Enter a phone number, like 01632 960 001 or 07700 900 982",
            ),
            ({"name": "x" * 151}, "Your name must be 150 characters or fewer"),
        ],
    )
    def test_about_you_errors(self, data, message):
        client = Client()
        answer_all(client)
        response = post(client, ABOUT_YOU, about_you_data(**data))
        assert response.status_code == 200
        assert message in errors(response)

    def test_the_family_question_is_required(self):
        client = Client()
        answer_all(client)
        response = post(client, FAMILY, {})
        assert errors(response) == ["Select if the child's family knows you are reporting this"]
        response = post(client, FAMILY, {"family_aware": "MAYBE"})
        assert response.status_code == 200

    def test_a_request_over_the_upload_limit_is_refused_whole(self):
        client = Client()
        with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000):
            response = post(client, child_url(1), child_data(address="x" * 20_000))
        assert response.status_code == 400
        assert not client.session.get(public_views.SESSION_KEY)

    def test_bad_answers_are_refused_by_the_service_too(self):
        answers = {
            "children": [{"first_name": "Lily"}],
            "concern": "x" * 5001,
            "about_you": {"relationship": "family"},
            "family_aware": "NO",
        }
        with pytest.raises(RuleBroken):
            public.public_concern_submit(address=IP, answers=answers)
        answers["concern"] = "Worried"
        answers["children"] = [{"school": "Hill Primary"}]
        with pytest.raises(RuleBroken, match="Give a name or a description"):
            public.public_concern_submit(address=IP, answers=answers)
        answers["children"] = [{"first_name": "Lily"}] * 6
        with pytest.raises(RuleBroken):
            public.public_concern_submit(address=IP, answers=answers)
        answers["children"] = []
        with pytest.raises(RuleBroken):
            public.public_concern_submit(address=IP, answers=answers)
        assert not Contact.objects.exists()
        assert not PublicSubmission.objects.exists()


class TestOrderAndChanges:
    @pytest.mark.parametrize("url", [CHECK, CONCERN, ADULT, ABOUT_YOU, FAMILY, CONFIRMATION])
    def test_a_page_with_no_answers_goes_back_to_the_start(self, url):
        client = Client()
        assert client.get(url)["Location"] == START
        assert client.post(url, {"concern": "x", "family_aware": "NO"})["Location"] == START
        assert not Contact.objects.exists()

    def test_sending_with_an_empty_session_goes_back_to_the_start(self):
        response = send(Client())
        assert response.status_code == 302
        assert response["Location"] == START
        assert not Contact.objects.exists()

    def test_a_page_after_the_first_unanswered_one_goes_to_that_one(self):
        client = Client()
        post(client, child_url(1), child_data(add_another="yes"))
        assert client.get(FAMILY)["Location"] == child_url(2)
        assert client.get(CHECK)["Location"] == child_url(2)
        assert client.get(child_url(3))["Location"] == child_url(2)
        post(client, child_url(2), child_data(first_name="Tom"))
        assert client.get(CHECK)["Location"] == CONCERN

    def test_no_child_page_after_saying_there_are_no_more_children(self):
        client = Client()
        answer_all(client)
        assert client.get(child_url(2))["Location"] == CHECK
        assert client.post(child_url(2), child_data())["Location"] == CHECK
        assert len(client.session[public_views.SESSION_KEY]["answers"]["children"]) == 1

    def test_each_page_leads_to_the_next(self):
        client = Client()
        assert post(client, child_url(1), child_data(add_another="yes"))["Location"] == (
            child_url(2)
        )
        assert post(client, child_url(2), child_data())["Location"] == CONCERN
        assert post(client, CONCERN, {"concern": CONCERN_TEXT})["Location"] == ADULT
        assert post(client, ADULT, {})["Location"] == ABOUT_YOU
        assert post(client, ABOUT_YOU, about_you_data())["Location"] == FAMILY
        assert post(client, FAMILY, {"family_aware": "YES"})["Location"] == CHECK

    def test_back_links(self):
        client = Client()
        answer_all(client, children=[child_data(), child_data(first_name="Tom")])
        expected = {
            child_url(1): START,
            child_url(2): child_url(1),
            CONCERN: child_url(2),
            ADULT: CONCERN,
            ABOUT_YOU: ADULT,
            FAMILY: ABOUT_YOU,
            CHECK: FAMILY,
        }
        for url, back in expected.items():
            html = client.get(url).content.decode()
            assert f'<a href="{back}" class="govuk-back-link">Back</a>' in html, url

    def test_change_links_go_to_the_page_and_back_to_check_your_answers(self):
        client = Client()
        answer_all(client, children=[child_data(), child_data(first_name="Tom")])
        html = client.get(CHECK).content.decode()
        for url in (child_url(1), child_url(2), CONCERN, ADULT, ABOUT_YOU, FAMILY):
            assert f'href="{url}?change=1"' in html, url
        assert 'Change<span class="govuk-visually-hidden"> child 2</span>' in html

        page = client.get(f"{child_url(2)}?change=1").content.decode()
        assert 'value="Tom"' in page
        assert f'<a href="{CHECK}" class="govuk-back-link">' in page
        response = client.post(
            f"{child_url(2)}?change=1", child_data(first_name="Thomas"), REMOTE_ADDR=IP
        )
        assert response["Location"] == CHECK

        response = client.post(
            f"{CONCERN}?change=1", {"concern": "Changed my mind about the words."}
        )
        assert response["Location"] == CHECK
        response = client.post(
            f"{ABOUT_YOU}?change=1", about_you_data(relationship="family", name="")
        )
        assert response["Location"] == CHECK
        html = client.get(CHECK).content.decode()
        assert "Thomas Evans" in html
        assert "Changed my mind about the words." in html

        send(client)
        contact = Contact.objects.get()
        assert contact.source == "1A"
        assert contact.referrer_name == ""
        assert contact.concern == "Changed my mind about the words."
        assert sorted(contact.people.values_list("first_name", flat=True)) == ["Lily", "Thomas"]

    def test_adding_a_child_from_check_your_answers_asks_for_that_child(self):
        client = Client()
        answer_all(client)
        response = client.post(f"{child_url(1)}?change=1", child_data(add_another="yes"))
        assert response["Location"] == child_url(2)
        response = client.post(child_url(2), child_data(first_name="Tom"))
        assert response["Location"] == CONCERN  # already answered: shown again, filled in
        assert client.get(CHECK).status_code == 200

    def test_saying_no_more_children_drops_the_later_ones(self):
        client = Client()
        answer_all(client, children=[child_data(), child_data(first_name="Tom")])
        page = client.get(f"{child_url(1)}?change=1").content.decode()
        assert re.search(r'value="yes"[^>]*checked', page)
        client.post(f"{child_url(1)}?change=1", child_data(add_another="no"))
        send(client)
        assert list(ContactPerson.objects.values_list("first_name", flat=True)) == ["Lily"]

    def test_answers_left_unused_too_long_are_deleted(self):
        client = Client()
        post(client, child_url(1), child_data())
        session = client.session
        session[public_views.SESSION_KEY]["touched"] -= public_views.DEFAULT_IDLE_SECONDS + 1
        session.save()
        assert client.get(CONCERN)["Location"] == START
        assert public_views.SESSION_KEY not in client.session


class TestThrottling:
    def test_the_sixth_report_in_an_hour_from_one_address_is_refused(self):
        for _ in range(5):
            assert report()["Location"] == CONFIRMATION
        client = Client()
        answer_all(client)
        response = send(client)
        assert response.status_code == 200
        (message,) = errors(response)
        assert "too many reports" in message
        assert "01632 960 000" in message
        assert "999" in message
        assert Contact.objects.count() == 5
        assert PublicSubmission.objects.count() == 5
        # The answers are kept, so the person can still call and read them out.
        assert client.get(CHECK).status_code == 200

        assert report(OTHER_IP)["Location"] == CONFIRMATION
        assert Contact.objects.count() == 6

    def test_after_an_hour_the_address_may_report_again(self):
        for _ in range(5):
            report()
        PublicSubmission.objects.update(at=F("at") - datetime.timedelta(minutes=59))
        assert report().status_code == 200  # still within the hour
        PublicSubmission.objects.update(at=F("at") - datetime.timedelta(minutes=2))
        assert report()["Location"] == CONFIRMATION
        assert Contact.objects.count() == 6

    @override_settings(HAVEN_PUBLIC_CONCERNS_PER_HOUR=1)
    def test_the_limit_comes_from_settings(self):
        assert report()["Location"] == CONFIRMATION
        assert report().status_code == 200

    def test_the_service_refuses_and_writes_nothing(self):
        answers = {
            "children": [{"first_name": "Lily"}],
            "concern": "Worried",
            "about_you": {"relationship": "family"},
            "family_aware": "NO",
        }
        for _ in range(5):
            public.public_concern_submit(address=IP, answers=answers)
        with pytest.raises(RuleBroken, match="call 999"):
            public.public_concern_submit(address=IP, answers=answers)
        assert Contact.objects.count() == 5
        assert ContactPerson.objects.count() == 5

    @override_settings(HAVEN_TRUSTED_PROXY_COUNT=1)
    def test_behind_the_proxy_the_address_it_saw_is_counted(self):
        for n in range(5):
            client = Client()
            answer_all(client)
            response = client.post(CHECK, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {IP}")
            assert response["Location"] == CONFIRMATION
        client = Client()
        answer_all(client)
        response = client.post(CHECK, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {IP}")
        assert response.status_code == 200
        assert set(PublicSubmission.objects.values_list("address_hash", flat=True)) == {
            public.address_hash(IP)
        }

    def test_the_address_is_stored_as_a_keyed_hash(self):
        report()
        submission = PublicSubmission.objects.get()
        expected = salted_hmac("haven.frontdoor.public", IP).hexdigest()
        assert submission.address_hash == expected
        assert IP not in submission.address_hash


class TestHoneypot:
    def test_a_filled_honeypot_looks_sent_but_stores_nothing(self):
        real = report(OTHER_IP)
        real_page = Client()  # the confirmation of a real report, for comparison
        answer_all(real_page)
        send(real_page, OTHER_IP)
        real_html = real_page.get(CONFIRMATION).content.decode()
        assert real.status_code == 302
        contacts = Contact.objects.count()
        people = ContactPerson.objects.count()
        submissions = PublicSubmission.objects.count()

        client = Client()
        answer_all(client)
        response = send(client, website="http://spam.example")
        assert response.status_code == 302
        assert response["Location"] == CONFIRMATION
        html = client.get(CONFIRMATION).content.decode()
        reference = REFERENCE.search(html)
        assert reference
        assert not Contact.objects.filter(reference=reference[0]).exists()
        assert REFERENCE.sub("HV-", html) == REFERENCE.sub("HV-", real_html)
        assert Contact.objects.count() == contacts
        assert ContactPerson.objects.count() == people
        assert PublicSubmission.objects.count() == submissions
        assert public_views.SESSION_KEY not in client.session

    def test_a_long_honeypot_answer_is_treated_the_same(self):
        client = Client()
        answer_all(client)
        response = send(client, website="x" * 1000)
        assert response["Location"] == CONFIRMATION
        assert REFERENCE.search(client.get(CONFIRMATION).content.decode())
        assert not Contact.objects.exists()
        assert not PublicSubmission.objects.exists()

    def test_the_honeypot_is_hidden_out_of_the_tab_order_and_labelled(self):
        client = Client()
        answer_all(client)
        html = client.get(CHECK).content.decode()
        honeypot = re.search(r'<div class="govuk-visually-hidden">(.*?)</div>', html, re.S)
        assert honeypot
        assert '<label for="id_website">Leave this empty</label>' in honeypot[1]
        assert 'tabindex="-1"' in honeypot[1]
        assert 'autocomplete="off"' in honeypot[1]


class TestNothingIsLogged:
    def test_no_name_or_concern_in_the_logs(self, caplog):
        caplog.set_level(logging.DEBUG)
        for _ in range(5):
            report()
        report()  # throttled
        text = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
        assert "public_concern_received" in text
        assert "public_concern_throttled" in text
        for secret in (
            "Lily",
            "Evans",
            CONCERN_TEXT,
            "left alone",
            "Pat Jones",
            "pat@example.com",
            "01632 960 123",
            IP,
        ):
            assert secret not in text
