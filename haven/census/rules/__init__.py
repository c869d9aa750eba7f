"""The DfE Children in Need census validation rules, per census year, as data plus small
functions (reference 2.4; DfE "Children in need census 2025 to 2026: validation rules").

* :data:`RULESETS` maps a census year to its rules; :func:`check_child` runs them on one child.
* Each :class:`Rule` has its DfE code (a code ending in Q is a query, any other an error), a
  one-line description, the census item it is about, and a function that yields what is wrong
  with a child, in words that say what to fix and name the code.
* Rules about the whole return (100, 8510, 1520, 2883, 2886Q, 2887Q, 2888Q) are in
  :mod:`.collection`.

The rules are pure: they read :mod:`haven.census.records` and take the census year, reference
date and working-day calendar as a :class:`RuleContext`. Where Haven checks a rule as data is
entered (haven.statutory.rules, haven.statutory.identifiers), the census rule calls that check.
"""

from __future__ import annotations

from collections.abc import Iterable

from haven.census.records import CensusChild
from haven.census.rules.base import ERROR, QUERY, Failure, Problem, Rule, RuleContext, kind_of
from haven.census.rules.collection import (
    COLLECTION_RULES,
    CollectionFailure,
    CollectionRule,
    CollectionTally,
)
from haven.census.rules.sets import RULESETS, rules_for

__all__ = [
    "COLLECTION_RULES",
    "ERROR",
    "QUERY",
    "RULESETS",
    "CollectionFailure",
    "CollectionRule",
    "CollectionTally",
    "Failure",
    "Problem",
    "Rule",
    "RuleContext",
    "check_child",
    "describe",
    "kind_of",
    "rules_for",
]


def check_child(child: CensusChild, ctx: RuleContext, rules: Iterable[Rule]) -> list[Failure]:
    """Every failure of `rules` for one child, in the order of the rules."""
    return [failure for r in rules for failure in r.check(child, ctx)]


def describe(code: str, rules: Iterable[Rule]) -> str:
    """The one-line description of a rule code, per-child or collection-level ("" if unknown)."""
    for r in rules:
        if r.code == code:
            return r.description
    collection = COLLECTION_RULES.get(code)
    return collection.description if collection else ""
