"""Step pages that keep drafts: the form is marked for autosave, a draft is restored on GET with
a banner, kept when a POST fails, removed when the form is saved, and can be discarded. After a
session times out, signing in again brings the user back to the form with the draft
(security R17)."""

import datetime
import re
import time
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from haven.casework import services as casework_services
from haven.casework.models import Visit
from haven.core.middleware import SessionLifetimeMiddleware
from haven.core.tests import factories as f
from haven.core.tests import sign_in_helpers
from haven.drafts.models import Draft
from haven.drafts.views import KEY_FIELD
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date
LONDON = ZoneInfo("Europe/London")
BANNER = (
    "We restored the draft you were typing, saved at 14:32 on 27 November 2026. "
    "Check it, then save."
)


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def episode(child, staff):
    return f.open_episode(child, staff, D(2026, 3, 2))


def visit_page(child):
    return reverse("casework:visit_create", kwargs={"pk": child.pk})


def visit_answers(**overrides):
    data = {
        "child_seen": "yes",
        "seen_alone": "no",
        "bedroom_seen": "yes",
        "childs_words": "I like my room",
        "observations": "Tidy bedroom.",
        **f.date_fields("visit_date", D(2026, 3, 10)),
    }
    data.update(overrides)
    return data


def a_draft(user, child, key=None, **data):
    return Draft.objects.create(
        user=user,
        key=key or visit_page(child),
        child_id=child.pk,
        data=data,
        saved_at=datetime.datetime(2026, 11, 27, 14, 32, tzinfo=LONDON),
    )


def text(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def field_value(response, name):
    html = response.content.decode()
    textarea = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    if textarea:
        return textarea.group(1).strip()
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match.group(1) if match else None


def checked(response, name, value):
    html = response.content.decode()
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', html)
    return tag is not None and "checked" in tag.group(0)


class TestTheFormPage:
    def test_is_marked_for_autosave_and_loads_the_script(self, client, staff, child):
        response = f.signed_in(client, staff).get(visit_page(child))

        html = response.content.decode()
        assert f'data-autosave-url="{reverse("drafts:save")}"' in html
        assert f'data-autosave-key="{visit_page(child)}"' in html
        assert re.search(r'<script type="module" src="[^"]*js/autosave\.js"></script>', html)
        assert "We restored the draft" not in html

    @pytest.mark.parametrize(
        ("name", "kwargs"),
        [
            ("casework:note_create", {}),
            ("meetings:strategy_discussion_create", {"episode_id": "episode"}),
        ],
    )
    def test_other_long_forms_autosave_too(self, client, staff, child, episode, name, kwargs):
        kwargs = dict.fromkeys(kwargs, episode.pk)
        response = f.signed_in(client, staff).get(reverse(name, kwargs={"pk": child.pk, **kwargs}))

        assert response.status_code == 200
        assert "data-autosave-url" in response.content.decode()

    def test_a_short_form_does_not_autosave(self, client, staff, child, episode):
        page = reverse(
            "assessments:assessment_start", kwargs={"pk": child.pk, "episode_id": episode.pk}
        )
        response = f.signed_in(client, staff).get(page)

        assert response.status_code == 200
        assert "data-autosave-url" not in response.content.decode()

    def test_restores_the_users_draft_with_a_banner(self, client, staff, child):
        a_draft(
            staff,
            child,
            visit_date_0="10",
            visit_date_1="3",
            visit_date_2="2026",
            child_seen="yes",
            childs_words="I like my room",
            csrfmiddlewaretoken="never restored",
        )

        response = f.signed_in(client, staff).get(visit_page(child))

        assert response.status_code == 200
        assert BANNER in text(response)
        assert field_value(response, "childs_words") == "I like my room"
        assert [field_value(response, f"visit_date_{i}") for i in range(3)] == ["10", "3", "2026"]
        assert checked(response, "child_seen", "yes")
        assert not checked(response, "seen_alone", "yes")
        assert "never restored" not in response.content.decode()
        html = response.content.decode()
        assert f'action="{reverse("drafts:discard")}"' in html
        assert "Discard the draft" in html

    def test_restores_checkboxes_radios_and_text_of_a_meeting(self, client, staff, child, episode):
        page = reverse(
            "meetings:strategy_discussion_create",
            kwargs={"pk": child.pk, "episode_id": episode.pk},
        )
        a_draft(
            staff,
            child,
            key=page,
            agencies_invited=["POLICE", "HEALTH"],
            agencies_attended="POLICE",
            child_participation="NOT_INVITED",
            summary="Agreed a section 47 enquiry",
        )

        response = f.signed_in(client, staff).get(page)

        assert checked(response, "agencies_invited", "POLICE")
        assert checked(response, "agencies_invited", "HEALTH")
        assert not checked(response, "agencies_invited", "EDUCATION")
        assert checked(response, "agencies_attended", "POLICE")
        assert not checked(response, "agencies_attended", "HEALTH")
        assert checked(response, "child_participation", "NOT_INVITED")
        assert field_value(response, "summary") == "Agreed a section 47 enquiry"

    def test_another_users_draft_is_never_shown(self, client, staff, child):
        a_draft(f.staff_user(), child, childs_words="Someone else's words")

        response = f.signed_in(client, staff).get(visit_page(child))

        assert "Someone else" not in response.content.decode()
        assert "We restored the draft" not in response.content.decode()

    def test_a_draft_of_another_page_is_not_shown(self, client, staff, child):
        a_draft(staff, child, key=reverse("casework:note_create", kwargs={"pk": child.pk}))

        response = f.signed_in(client, staff).get(visit_page(child))

        assert "We restored the draft" not in response.content.decode()

    def test_a_draft_over_a_records_own_answers_wins(self, client, staff, child):
        note = casework_services.case_note_add(
            acting_user=staff, child=child, title="Call", body="School rang."
        )
        page = reverse("casework:note_correct", kwargs={"pk": child.pk, "note_id": note.pk})
        a_draft(staff, child, key=page, body="College rang, not school.")

        response = f.signed_in(client, staff).get(page)

        assert field_value(response, "body") == "College rang, not school."
        assert field_value(response, "note_title") == "Call"  # not in the draft: kept


class TestSubmitting:
    def test_a_saved_form_removes_the_draft(self, client, staff, child, episode):
        a_draft(staff, child, childs_words="I like my room")
        others = a_draft(f.staff_user(), child, childs_words="Not mine to remove")

        response = f.signed_in(client, staff).post(visit_page(child), visit_answers())

        assert response.status_code == 302
        assert Visit.objects.filter(child=child).exists()
        assert list(Draft.objects.all()) == [others]

    def test_a_form_with_errors_keeps_what_was_posted_as_the_draft(
        self, client, staff, child, episode
    ):
        a_draft(staff, child, childs_words="Older words")

        response = f.signed_in(client, staff).post(
            visit_page(child), visit_answers(child_seen="", childs_words="Newer words")
        )

        assert response.status_code == 200
        assert f.error_summary(response)
        assert "We restored the draft" not in response.content.decode()
        draft = Draft.objects.get()
        assert draft.data["childs_words"] == "Newer words"
        assert "child_seen" in draft.data
        assert not Visit.objects.exists()

    def test_a_refused_form_keeps_the_draft(self, client, staff, child, episode):
        referral_services.episode_close(
            acting_user=staff, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )
        f.signed_in(client, staff)

        response = client.post(
            visit_page(child), visit_answers(**f.date_fields("visit_date", D(2026, 4, 2)))
        )

        assert response.status_code == 200
        assert "census rule 8565" in f.error_summary(response)[0]
        assert Draft.objects.get().data["childs_words"] == "I like my room"


class TestDiscarding:
    def test_discard_removes_the_draft_and_goes_back_to_the_empty_form(self, client, staff, child):
        a_draft(staff, child, childs_words="Start again")
        f.signed_in(client, staff)

        response = client.post(reverse("drafts:discard"), {"key": visit_page(child)})

        assert response.status_code == 302
        assert response["Location"] == visit_page(child)
        assert not Draft.objects.exists()
        page = client.get(visit_page(child))
        assert "Start again" not in page.content.decode()
        assert "We restored the draft" not in page.content.decode()
        assert "The draft was discarded" in page.content.decode()

    def test_discard_removes_only_the_users_own_draft(self, client, staff, child):
        theirs = a_draft(f.staff_user(), child, childs_words="Theirs")
        f.signed_in(client, staff)

        client.post(reverse("drafts:discard"), {"key": visit_page(child)})

        assert list(Draft.objects.all()) == [theirs]

    def test_discard_never_redirects_off_the_site(self, client, staff):
        f.signed_in(client, staff)

        response = client.post(reverse("drafts:discard"), {"key": "//evil.example/"})

        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")

    def test_discard_is_post_only(self, client, staff, child):
        response = f.signed_in(client, staff).get(reverse("drafts:discard"))

        assert response.status_code == 405

    def test_signed_out_discard_changes_nothing(self, client, staff, child):
        a_draft(staff, child)

        response = client.post(reverse("drafts:discard"), {"key": visit_page(child)})

        assert f.redirects_to_sign_in(response)
        assert Draft.objects.count() == 1


@pytest.fixture
def device(staff):
    """Her authenticator app (haven.core.tests.sign_in_helpers)."""
    staff.set_password(f.PASSWORD)
    staff.save()
    return sign_in_helpers.confirmed_device(staff)


def sign_in(client, url, user, device):
    """Password at `url` (the sign-in page, with its `next`), then the code if asked: the
    response that finally leaves the sign-in pages."""
    response = client.post(url, {"username": user.username, "password": f.PASSWORD})
    if response.status_code == 302 and response["Location"] == sign_in_helpers.CODE_URL:
        response = client.post(
            sign_in_helpers.CODE_URL, {"code": sign_in_helpers.unused_code(device)}
        )
    return response


class TestAfterTheSessionTimesOut:
    def test_the_form_post_goes_to_sign_in_and_back_to_the_restored_draft(
        self, client, staff, child, episode, device
    ):
        f.signed_in(client, staff)
        client.get(visit_page(child))
        typed = visit_answers(observations="Typed before the timeout")
        saved = client.post(reverse("drafts:save"), {KEY_FIELD: visit_page(child), **typed})
        assert saved.status_code == 200

        # 31 minutes without a request.
        session = client.session
        session[SessionLifetimeMiddleware.LAST_SEEN] = time.time() - 31 * 60
        session.save()
        response = client.post(visit_page(child), typed)

        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert location.path == reverse("core:sign_in")
        assert parse_qs(location.query) == {"next": [visit_page(child)]}
        assert not Visit.objects.exists()

        # Sign in again: password, then the code; `next` survives both steps.
        response = sign_in(client, response["Location"], staff, device)

        assert response.status_code == 302
        assert response["Location"] == visit_page(child)
        page = client.get(visit_page(child))
        assert "We restored the draft you were typing" in text(page)
        assert field_value(page, "observations") == "Typed before the timeout"

    @pytest.mark.parametrize(
        "next_url", ["https://evil.example/", "//evil.example/people/1/visits/new/"]
    )
    def test_sign_in_ignores_a_next_off_the_site(self, client, staff, device, next_url):
        url = f"{reverse('core:sign_in')}?{urlencode({'next': next_url})}"

        response = sign_in(client, url, staff, device)

        assert response.status_code == 302
        assert response["Location"] == reverse("casework:my_work")
