from __future__ import annotations

import random

import pytest

from haven.search.bench import search_queries_sample, spaced_nhs_number, typo
from haven.search.tests.factories import make_person


@pytest.mark.django_db
def test_sample_is_repeatable_and_built_from_the_people() -> None:
    for n in range(20):
        make_person(f"Name{chr(65 + n)}", f"Surname{chr(65 + n)}", nhs_number=f"94347659{n:02d}")

    first = search_queries_sample(50, seed=3)

    assert first == search_queries_sample(50, seed=3)
    assert len(first) == 50
    assert all(q.strip() for q in first)
    assert any(q[:3].isdigit() for q in first)  # NHS numbers
    assert any(" " in q and not q[0].isdigit() for q in first)  # names


@pytest.mark.django_db
def test_sample_of_an_empty_database() -> None:
    assert search_queries_sample(5, seed=1) == []


def test_typo_changes_one_thing() -> None:
    rng = random.Random(1)  # noqa: S311
    slips = {typo("Williams", rng) for _ in range(50)}
    assert "Williams" not in slips or len(slips) > 1
    assert all(abs(len(s) - len("Williams")) <= 1 for s in slips)


def test_spaced_nhs_number() -> None:
    assert spaced_nhs_number("9434765919") == "943 476 5919"
    assert spaced_nhs_number("") == ""
