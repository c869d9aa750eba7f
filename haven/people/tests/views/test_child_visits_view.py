import datetime

import pytest
from django.urls import reverse

from haven.casework import services as casework_services
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user(full_name="Ann Archer")


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_visits", kwargs={"pk": child.pk})


class TestChildVisitsView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        assert f.signed_in(client, f.non_staff_user()).get(url(child)).status_code == 404

    def test_no_visits_yet(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        assert "No visits recorded." in response.content.decode()
        assert reverse("casework:visit_create", kwargs={"pk": child.pk}) in (
            response.content.decode()
        )
        assert AuditEvent.objects.filter(action="VIEW", detail="visits").count() == 1

    def test_visits_are_listed_newest_first_with_who_visited(self, client, staff, child):
        f.open_episode(child, staff, D(2026, 3, 2))
        for day, words in ((D(2026, 3, 10), "first words"), (D(2026, 4, 14), "later words")):
            casework_services.visit_record(
                acting_user=staff,
                child=child,
                visit_date=day,
                child_seen=True,
                seen_alone=True,
                bedroom_seen=True,
                childs_words=words,
            )

        html = f.signed_in(client, staff).get(url(child)).content.decode()

        assert html.index("14 April 2026") < html.index("10 March 2026")
        assert html.index("later words") < html.index("first words")
        assert "Ann Archer" in html
