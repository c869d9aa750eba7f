"""One demo borough per test module, generated into the test database and wiped afterwards.

Generating takes a few seconds, so the tests share one generation (module scope) and read it
inside their usual per-test transactions.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from pytest_django import DjangoDbBlocker

AS_OF = "2026-11-27"


def generate(seed: int = 1, size: str = "demo", as_of: str = AS_OF) -> str:
    out = StringIO()
    call_command(
        "generate_borough", "--size", size, "--seed", str(seed), "--as-of", as_of, stdout=out
    )
    return out.getvalue()


def wipe() -> None:
    """Empty the test database and leave it as the migrations left it, for the test modules
    that run after this one: the default roles back (access migration 0002), and the id
    sequences running on (ids restarting at 1 would collide with small numbers on pages)."""
    call_command("flush", interactive=False, verbosity=0, reset_sequences=False)
    seed = importlib.import_module("haven.access.migrations.0002_default_roles").seed_roles
    seed(django_apps, None)


@pytest.fixture(scope="module")
def demo_borough(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The output of `generate_borough --size demo --seed 1 --as-of 2026-11-27`."""
    with django_db_blocker.unblock():
        wipe()
        output = generate()
        try:
            yield output
        finally:
            wipe()
