import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.people import services
from haven.people.models import Person

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


def create(user, **fields):
    fields.setdefault("first_name", "Amy")
    fields.setdefault("last_name", "Jones")
    if "expected_date_of_birth" not in fields:
        fields.setdefault("date_of_birth", D(2018, 6, 1))
    return services.person_create(acting_user=user, **fields)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestPersonCreate:
    def test_records_a_child_and_generates_an_la_child_id(self, user):
        child = create(
            user,
            first_name=" Amy ",
            sex="F",
            nhs_number="943 476 5919",
            ethnicity="WBRI",
            disabilities=["MOB", "VIS"],
        )

        child.refresh_from_db()
        assert child.kind == Person.Kind.CHILD
        assert child.first_name == "Amy"
        assert child.nhs_number == "9434765919"
        assert child.la_child_id == f"HV{child.pk:08d}"
        assert sorted(child.disabilities.values_list("code", flat=True)) == ["MOB", "VIS"]
        assert child.created_by == user
        assert f.audited(child, user)

    def test_a_given_la_child_id_is_kept(self, user):
        child = create(user, la_child_id="ABC123")

        assert child.la_child_id == "ABC123"

    def test_an_la_child_id_already_in_use_is_refused(self, user):
        create(user, la_child_id="ABC123")

        error = refused(lambda: create(user, first_name="Ben", la_child_id="ABC123"))

        assert error.field == "la_child_id"
        assert error.message == "Another person already has this LA child ID."

    def test_an_la_child_id_over_20_characters_is_refused_1570(self, user):
        error = refused(lambda: create(user, la_child_id="A" * 21))

        assert error.field == "la_child_id"
        assert "1570" in error.message

    def test_an_la_child_id_with_symbols_is_refused_1580(self, user):
        error = refused(lambda: create(user, la_child_id="AB-123"))

        assert "1580" in error.message

    def test_an_invalid_nhs_number_is_refused_in_plain_words(self, user):
        error = refused(lambda: create(user, nhs_number="9434765918"))

        assert error.field == "nhs_number"
        assert error.message.startswith("This is not a real NHS number")

    def test_an_invalid_upn_is_refused(self, user):
        error = refused(lambda: create(user, upn="A12345678901"))

        assert error.field == "upn"

    def test_an_unborn_child_must_have_sex_u_8750(self, user):
        error = refused(lambda: create(user, expected_date_of_birth=D(2027, 3, 1), sex="M"))

        assert error.code == "8750"
        assert error.field == "sex"

    def test_the_database_refuses_an_unborn_child_with_sex_m(self, user):
        with pytest.raises(IntegrityError), transaction.atomic():
            Person.objects.create(
                first_name="Baby", last_name="Jones", sex="M", expected_date_of_birth=D(2027, 3, 1)
            )

        assert not Person.objects.filter(last_name="Jones").exists()

    def test_an_unborn_child_with_sex_u_is_recorded(self, user):
        child = create(user, expected_date_of_birth=D(2027, 3, 1), sex="U")

        assert child.is_unborn

    def test_a_child_needs_a_date_of_birth_or_expected_date(self, user):
        error = refused(lambda: create(user, date_of_birth=None))

        assert error.field == "date_of_birth"

    def test_no_disability_with_a_disability_is_refused_8790(self, user):
        error = refused(lambda: create(user, disabilities=["NONE", "MOB"]))

        assert error.code == "8790"
        assert error.field == "disabilities"

    def test_a_repeated_disability_is_refused_8794(self, user):
        error = refused(lambda: create(user, disabilities=["MOB", "MOB"]))

        assert error.code == "8794"

    def test_an_adult_gets_no_la_child_id(self, user):
        adult = create(user, kind=Person.Kind.ADULT, date_of_birth=None)

        assert adult.kind == Person.Kind.ADULT
        assert adult.la_child_id is None

    def test_a_non_staff_user_is_refused(self):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            create(outsider)

        assert f.db_snapshot() == before


class TestGeneratedLaChildIdNeverClashes:
    def test_an_id_typed_by_hand_that_matches_the_next_generated_one_is_avoided(self, user):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END "
                "FROM people_person_id_seq"
            )
            next_pk = cursor.fetchone()[0]
        typed = create(user, la_child_id=f"HV{next_pk + 1:08d}")

        generated = create(user)

        assert generated.pk == next_pk + 1
        assert generated.la_child_id == f"HV{generated.pk:08d}A"
        assert typed.la_child_id == f"HV{generated.pk:08d}"
