"""The system check on HAVEN_LA_NUMBER, the LEA of every census return."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from haven.census.checks import (
    LA_NUMBER_IS_THE_DEMOS,
    LA_NUMBER_NOT_THREE_DIGITS,
    check_la_number,
    check_la_number_set_for_deployment,
)


@pytest.mark.parametrize("value", ["202", "999", "001"])
def test_three_digits_pass(value):
    with override_settings(HAVEN_LA_NUMBER=value):
        assert check_la_number() == []


@pytest.mark.parametrize("value", ["", "20", "2020", "2O2", " 202", 202, None])
def test_anything_else_is_refused(value):
    with override_settings(HAVEN_LA_NUMBER=value):
        (error,) = check_la_number()

    assert error.id == LA_NUMBER_NOT_THREE_DIGITS
    assert "3-digit DfE LA number" in error.msg


def test_manage_py_check_stops_on_it():
    with override_settings(HAVEN_LA_NUMBER="12"), pytest.raises(SystemCheckError, match="E030"):
        call_command("check")


def test_a_deployment_must_not_keep_the_demos_number():
    with override_settings(HAVEN_LA_NUMBER="999"):
        (warning,) = check_la_number_set_for_deployment()
    with override_settings(HAVEN_LA_NUMBER="202"):
        assert check_la_number_set_for_deployment() == []

    assert warning.id == LA_NUMBER_IS_THE_DEMOS
    assert "the demo's" in warning.msg


def test_the_deploy_check_reports_it_but_the_ordinary_check_does_not():
    with override_settings(HAVEN_LA_NUMBER="999"):
        call_command("check")  # development and the demo run with 999
        with pytest.raises(SystemCheckError, match="W031"):
            call_command("check", deploy=True, fail_level="WARNING")


def test_a_child_born_after_the_reference_date_is_returned_unborn_even_without_an_expected_date():
    import datetime

    from haven.census.selectors import _birth

    ref = datetime.date(2026, 3, 31)
    born_later = {"date_of_birth": datetime.date(2026, 6, 5), "expected_date_of_birth": None}
    assert _birth({**born_later, "sex": "F"}, ref) == (None, datetime.date(2026, 6, 5), "U")
    expected = {**born_later, "expected_date_of_birth": datetime.date(2026, 6, 1), "sex": "F"}
    assert _birth(expected, ref) == (None, datetime.date(2026, 6, 1), "U")
    born = {"date_of_birth": datetime.date(2026, 3, 31), "expected_date_of_birth": None}
    assert _birth({**born, "sex": "F"}, ref) == (datetime.date(2026, 3, 31), None, "F")
