"""manage.py validate_cin_census: summary, failures, exit status, and the stored run."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from haven.census.models import ValidationRun
from haven.census.tests.quality.stories import child_with_a_query, child_with_an_error, clean_child
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("validate_cin_census", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def user():
    return f.staff_user()


def test_only_queries_exits_zero_and_prints_the_summary_and_each_query(user) -> None:
    clean_child(user)
    child = child_with_a_query(user, first_name="Zephyrine", last_name="Quillfeather")

    output = run("--year", "2025-26")

    assert "Children in need census 2025-26, checked as of 31 March 2026." in output
    assert "Children checked: 2" in output
    assert "Children with a failure: 1" in output
    assert "Errors: 0" in output
    assert "8670Q  query" in output
    assert f"  {child.la_child_id}  8670Q  Please check: the assessment started on" in output
    # Never a name.
    assert "Zephyrine" not in output
    assert "Quillfeather" not in output
    assert ValidationRun.objects.get().run_by is None


def test_errors_exit_non_zero_with_a_sentence_after_the_listing(user) -> None:
    child = child_with_an_error(user)
    out = StringIO()

    with pytest.raises(CommandError, match=r"The 2025-26 return has 1 error: fix them before"):
        call_command("validate_cin_census", "--year", "2025-26", stdout=out)

    assert (
        f"  {child.la_child_id}  8540  Record whether the child has a disability" in out.getvalue()
    )
    # The check is stored even though the return has errors.
    assert ValidationRun.objects.get().error_count == 1


def test_errors_only_and_queries_only_filter_the_listing(user) -> None:
    query = child_with_a_query(user)
    error = child_with_an_error(user)

    errors_only, queries_only = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "validate_cin_census", "--year", "2025-26", "--errors-only", stdout=errors_only
        )
    with pytest.raises(CommandError):
        call_command("validate_cin_census", "--year", "2025-26", "--queries", stdout=queries_only)

    assert f"{error.la_child_id}  8540" in errors_only.getvalue()
    assert f"{query.la_child_id}  8670Q" not in errors_only.getvalue()
    assert f"{query.la_child_id}  8670Q" in queries_only.getvalue()
    assert f"{error.la_child_id}  8540" not in queries_only.getvalue()


def test_an_empty_return_has_only_the_whole_return_query(user) -> None:
    output = run("--year", "2025-26")

    assert "Children checked: 0" in output
    assert "(whole return)  2887Q" in output  # the authority-level query on disability codes


def test_an_unknown_year_is_a_sentence_not_a_traceback() -> None:
    with pytest.raises(
        CommandError, match="Haven has no specification for the census year '2030-31'"
    ):
        run("--year", "2030-31")

    assert not ValidationRun.objects.exists()


def test_errors_only_and_queries_only_cannot_be_combined() -> None:
    with pytest.raises(CommandError, match="not allowed with argument"):
        run("--year", "2025-26", "--errors-only", "--queries-only")
