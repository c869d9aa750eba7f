"""POST /drafts/save/: who may save a draft of which page, and what is kept (security R17)."""

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.tests import factories as f
from haven.drafts.models import Draft
from haven.drafts.services import MAX_DRAFT_BYTES
from haven.drafts.views import KEY_FIELD
from haven.workforce.models import Worker

pytestmark = pytest.mark.django_db

SAVE = "/drafts/save/"
D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def visit_page(child):
    return reverse("casework:visit_create", kwargs={"pk": child.pk})


def answers(**overrides):
    data = {
        "child_seen": "yes",
        "childs_words": "I like my room",
        "observations": "Tidy bedroom.",
        **f.date_fields("visit_date", D(2026, 3, 10)),
    }
    data.update(overrides)
    return data


def save(client, key, **fields):
    return client.post(SAVE, {KEY_FIELD: key, **fields})


def assert_problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


class TestRefused:
    def test_signed_out_is_refused_and_nothing_is_saved(self, client, child):
        response = save(client, visit_page(child), **answers())

        assert_problem(response, 401)
        assert not Draft.objects.exists()

    def test_without_the_csrf_token_is_refused_with_a_problem(self, staff, child):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)

        response = save(client, visit_page(child), **answers())

        assert_problem(response, 403)
        assert not Draft.objects.exists()

    def test_with_the_csrf_token_in_the_header_it_saves(self, staff, child):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)
        page = client.get(visit_page(child))
        token = page.context["csrf_token"]

        response = client.post(
            SAVE, {KEY_FIELD: visit_page(child), **answers()}, headers={"X-CSRFToken": str(token)}
        )

        assert response.status_code == 200
        assert Draft.objects.count() == 1

    def test_get_is_not_allowed(self, client, staff):
        response = f.signed_in(client, staff).get(SAVE)

        assert_problem(response, 405)
        assert response["Allow"] == "POST"

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        f.signed_in(client, f.non_staff_user())

        assert_problem(save(client, visit_page(child), **answers()), 404)
        assert not Draft.objects.exists()

    def test_another_childs_page_and_an_unknown_child_get_the_same_404(self, client, child):
        duty = f.staff_user()
        social_worker = f.staff_user(role=Worker.Role.SOCIAL_WORKER)
        mine = f.ChildFactory()
        f.allocate(mine, duty, social_worker.worker)
        f.signed_in(client, social_worker)
        assert save(client, visit_page(mine), **answers()).status_code == 200

        not_mine = save(client, visit_page(child), **answers())
        unknown = save(client, f"/people/{child.pk + 1000}/visits/new/", **answers())
        huge = save(client, f"/people/{2**70}/visits/new/", **answers())

        assert_problem(not_mine, 404)
        assert not_mine.content == unknown.content == huge.content
        assert list(Draft.objects.values_list("child_id", flat=True)) == [mine.pk]

    def test_a_record_of_another_child_gets_the_same_404(self, client, staff, child):
        other = f.ChildFactory()
        assessment = f.start_assessment(f.open_episode(other, staff), staff)
        f.signed_in(client, staff)
        key = reverse(
            "assessments:assessment_authorise",
            kwargs={"pk": child.pk, "assessment_id": assessment.pk},
        )

        response = save(client, key, analysis="Worried")

        assert response.content == save(client, f"/people/{child.pk + 1000}/visits/new/").content
        assert_problem(response, 404)
        assert not Draft.objects.exists()

    def test_a_user_who_may_see_but_not_change_the_child_is_refused(self, client, child):
        f.signed_in(client, f.staff_user(role=Worker.Role.SENIOR_LEADER))

        assert_problem(save(client, visit_page(child), **answers()), 403)
        assert not Draft.objects.exists()

    @pytest.mark.parametrize(
        "key",
        [
            "",
            "/my-work/",  # a page, but no form for a child
            "/people/{pk}/",  # the child's record
            "/people/{pk}/episodes/1/assessment/",  # a step page that does not keep drafts
            "/drafts/save/",
            "/no/such/page/",
            "people/{pk}/visits/new/",
            "//evil.example/people/{pk}/visits/new/",
            "https://evil.example/people/{pk}/visits/new/",
            "/people/{pk}/visits/new/?next=/",
            "/people/{pk}/visits/new/\n",
        ],
    )
    def test_a_key_that_is_not_an_autosave_page_is_refused(self, client, staff, child, key):
        f.signed_in(client, staff)

        assert_problem(save(client, key.format(pk=child.pk), **answers()), 400)
        assert not Draft.objects.exists()

    def test_a_draft_over_the_size_limit_is_refused(self, client, staff, child):
        f.signed_in(client, staff)

        response = save(client, visit_page(child), **answers(observations="x" * MAX_DRAFT_BYTES))

        body = assert_problem(response, 413)
        assert "too long" in body["detail"]
        assert not Draft.objects.exists()

    def test_a_request_over_djangos_upload_limit_is_refused_with_a_problem(
        self, client, staff, child, settings
    ):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        f.signed_in(client, staff)

        response = client.post(
            SAVE,
            f"{KEY_FIELD}={visit_page(child)}&observations={'x' * 2000}",
            content_type="application/x-www-form-urlencoded",
        )

        assert_problem(response, 413)
        assert not Draft.objects.exists()


class TestSaved:
    def test_keeps_the_forms_own_fields_only(self, client, staff, child):
        f.signed_in(client, staff)

        response = save(
            client,
            visit_page(child),
            **answers(),
            csrfmiddlewaretoken="abc",
            not_a_field="dropped",
        )

        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["message"] == f"Draft saved at {body['time']}"
        draft = Draft.objects.get()
        assert (draft.user, draft.key, draft.child_id) == (staff, visit_page(child), child.pk)
        assert draft.data == {
            "visit_date_0": "10",
            "visit_date_1": "3",
            "visit_date_2": "2026",
            "child_seen": "yes",
            "childs_words": "I like my room",
            "observations": "Tidy bedroom.",
        }

    def test_several_values_are_kept_as_a_list(self, client, staff, child):
        episode = f.open_episode(child, staff)
        f.signed_in(client, staff)
        key = reverse(
            "meetings:strategy_discussion_create",
            kwargs={"pk": child.pk, "episode_id": episode.pk},
        )

        save(client, key, agencies_invited=["POLICE", "HEALTH"], summary="Agreed a s47")

        assert Draft.objects.get().data == {
            "agencies_invited": ["POLICE", "HEALTH"],
            "summary": "Agreed a s47",
        }

    def test_saving_again_overwrites_the_one_draft(self, client, staff, child):
        f.signed_in(client, staff)

        save(client, visit_page(child), **answers(observations="First"))
        first = Draft.objects.get()
        save(client, visit_page(child), **answers(observations="Second"))

        draft = Draft.objects.get()
        assert draft.pk == first.pk
        assert draft.data["observations"] == "Second"
        assert draft.saved_at >= first.saved_at

    def test_each_user_has_their_own_draft(self, client, staff, child):
        other = f.staff_user()
        f.signed_in(client, staff)
        save(client, visit_page(child), **answers(observations="Mine"))

        f.signed_in(client, other)
        save(client, visit_page(child), **answers(observations="Theirs"))

        assert sorted(Draft.objects.values_list("user_id", "data__observations")) == sorted(
            [(staff.pk, "Mine"), (other.pk, "Theirs")]
        )

    def test_the_answer_never_echoes_what_was_typed(self, client, staff, child, caplog):
        f.signed_in(client, staff)

        response = save(client, visit_page(child), **answers(observations="Bruise on arm"))

        assert "Bruise" not in response.content.decode()
        assert "Bruise" not in caplog.text
        assert json.loads(response.content).keys() == {"saved_at", "time", "message"}
