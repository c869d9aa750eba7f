"""Realistic person search queries built from the database's own people, for benchmarks.

`search_queries_sample(200, seed=1)` gives what staff type into the search box: full names,
names in the other order, surnames with a typing slip, first names with a misspelt surname,
surnames alone, and NHS numbers written with spaces. The same seed and data give the same
queries.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from haven.people.models import Person

VOWELS = "aeiou"


def search_queries_sample(n: int, seed: int) -> list[str]:
    """`n` search box queries about people picked at random (with `seed`) from the database."""
    rng = random.Random(seed)  # nosec B311 # noqa: S311 - sampling test data, not security
    people = _random_people(n, rng)
    if not people:
        return []
    makers: list[tuple[int, Callable[[Person, random.Random], str]]] = [
        (25, lambda p, r: f"{p.first_name} {p.last_name}"),
        (15, lambda p, r: f"{p.last_name} {p.first_name}"),
        (20, lambda p, r: f"{p.first_name} {typo(p.last_name, r)}"),
        (15, lambda p, r: typo(p.last_name, r)),
        (10, lambda p, r: p.last_name),
        (15, lambda p, r: spaced_nhs_number(p.nhs_number) or f"{p.first_name} {p.last_name}"),
    ]
    weights = [weight for weight, _ in makers]
    queries = []
    for i in range(n):
        person = people[i % len(people)]
        ((_, make),) = rng.choices(makers, weights=weights)
        queries.append(make(person, rng))
    return queries


def typo(name: str, rng: random.Random) -> str:
    """One typing slip: two letters swapped, a letter dropped or doubled, or a vowel changed."""
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    kind = rng.choice(("swap", "drop", "double", "vowel"))
    if kind == "swap":
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind == "drop":
        return name[:i] + name[i + 1 :]
    if kind == "double":
        return name[:i] + name[i] + name[i:]
    vowels = [j for j, ch in enumerate(name) if ch.lower() in VOWELS and j > 0]
    if not vowels:
        return name[:i] + name[i + 1 :]
    j = rng.choice(vowels)
    return name[:j] + rng.choice([v for v in VOWELS if v != name[j].lower()]) + name[j + 1 :]


def spaced_nhs_number(nhs_number: str) -> str:
    """ "9434765919" -> "943 476 5919", as it is printed on NHS letters."""
    if len(nhs_number) != 10:
        return ""
    return f"{nhs_number[:3]} {nhs_number[3:6]} {nhs_number[6:]}"


def _random_people(n: int, rng: random.Random) -> list[Person]:
    """About `n` people spread over the table, picked by random ids (no ORDER BY random())."""
    bounds = Person.objects.order_by("pk").values_list("pk", flat=True)
    first, last = bounds.first(), bounds.last()
    if first is None or last is None:
        return []
    found: dict[int, Person] = {}
    for _ in range(5):
        wanted = {rng.randint(first, last) for _ in range(2 * n)}
        for person in Person.objects.filter(pk__in=wanted).only(
            "first_name", "last_name", "nhs_number"
        ):
            found.setdefault(person.pk, person)
        if len(found) >= n:
            break
    people = sorted(found.values(), key=lambda p: p.pk)
    rng.shuffle(people)
    return people[:n]
