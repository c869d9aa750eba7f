"""A server process settles once after start (haven/core/startup.py): every view imported and
the objects of start-up frozen out of the garbage collector's way."""

from __future__ import annotations

import gc
import sys

import pytest

from haven.core.startup import settle


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_settle_imports_the_views_and_freezes_what_start_up_made(unfrozen):
    assert gc.get_freeze_count() == 0

    settle()

    # The URL configuration imported every app's views...
    assert "haven.inspection.views" in sys.modules
    assert "haven.frontdoor.dashboard_views" in sys.modules
    # ...and every object alive is now in the permanent generation, which collections skip.
    assert gc.get_freeze_count() > 10_000
    assert sum(gc.get_count()) < 1_000
