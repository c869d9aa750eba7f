"""The rules of each census year, as data: the 2025-26 set, and each later year built from the
year before plus its changes (reference 2.4: every census year adds, changes or retires rules).
"""

from __future__ import annotations

from collections.abc import Iterable

from haven.census.rules import assessments, child, episodes, protection
from haven.census.rules.base import Rule
from haven.census.years import CensusYear, UnknownCensusYear

__all__ = ["RULESETS", "revise", "rules_for"]

# DfE "Children in need census 2025 to 2026: validation rules", as far as Haven records the
# items they are about (reference 2.4 and its list of rules worth building in).
RULES_2025_26: tuple[Rule, ...] = (
    *child.RULES,
    *episodes.RULES,
    *assessments.RULES,
    *protection.RULES,
)


def revise(
    rules: Iterable[Rule], *, added: Iterable[Rule] = (), retired: Iterable[str] = ()
) -> tuple[Rule, ...]:
    """A year's rules from the year before: drop the `retired` codes, then add (or replace,
    by code) the `added` rules."""
    new = {r.code: r for r in added}
    kept = [r for r in rules if r.code not in set(retired) and r.code not in new]
    return (*kept, *new.values())


# 2026-27 adds the PreProceedingsandFGDM block (reference 2.2), but no validation rules for it
# are published in the sources of reference 2.2 ("No validation rules for it yet"): the 2026-27
# set is the 2025-26 set until they are. (The entry-time constraints of haven/plans cite rules
# 9006, 9009 and 9012; the database already enforces them, and they can be added here with
# revise(added=...) once checked against the DfE's 2026-27 rules.)
RULES_2026_27: tuple[Rule, ...] = revise(RULES_2025_26)

RULESETS: dict[str, tuple[Rule, ...]] = {
    "2025-26": RULES_2025_26,
    "2026-27": RULES_2026_27,
}


def rules_for(year: CensusYear) -> tuple[Rule, ...]:
    """The rules of `year`, or UnknownCensusYear if Haven has none for it."""
    try:
        return RULESETS[year.label]
    except KeyError:
        known = ", ".join(RULESETS)
        raise UnknownCensusYear(
            f"Haven has no census rules for {year.label}. Choose one of: {known}."
        ) from None
