"""`demo_logins` without a borough says what to do and fails."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_demo_logins_without_a_borough_says_how_to_make_one() -> None:
    with pytest.raises(CommandError, match="generate_borough"):
        call_command("demo_logins")
