from __future__ import annotations

from typing import Any

import pytest

from haven.search.tests.factories import make_staff_user, make_user


@pytest.fixture
def staff_user(db: Any) -> Any:
    return make_staff_user("staff")


@pytest.fixture
def other_user(db: Any) -> Any:
    """Signed in, but not the authority's staff (no Worker profile)."""
    return make_user("visitor")
