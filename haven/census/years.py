"""The census years Haven can produce, as data (reference section 2.1 and 2.2).

A census year runs from 1 April to 31 March; its Header ``ReferenceDate`` is 31 March and its
``Year`` is the end year. Each year names its XSD (``haven/census/xsd``) and what changed in it,
so the writer and the rules ask the year instead of hard-coding one shape.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

__all__ = ["CENSUS_YEARS", "CensusYear", "UnknownCensusYear", "census_year"]


class UnknownCensusYear(ValueError):
    """A census year Haven has no specification for."""


@dataclass(frozen=True)
class CensusYear:
    label: str  # "2025-26"
    # Sex (M/F/U) replaced GenderCurrent from 2024-25 (reference 2.2).
    uses_sex: bool = True
    # PreProceedingsandFGDM is collected from 2026-27 (reference 2.2).
    has_pre_proceedings: bool = False

    @property
    def end_year(self) -> int:
        return int(self.label[:4]) + 1

    @property
    def reference_date(self) -> datetime.date:
        """31 March at the end of the census year (Header ReferenceDate)."""
        return datetime.date(self.end_year, 3, 31)

    @property
    def start_date(self) -> datetime.date:
        """1 April: the day after the previous year's reference date (reference 2.1)."""
        return datetime.date(self.end_year - 1, 4, 1)

    @property
    def xsd_name(self) -> str:
        return f"CIN_schema_{self.label}.xsd"


CENSUS_YEARS: dict[str, CensusYear] = {
    y.label: y
    for y in (
        CensusYear("2025-26"),
        CensusYear("2026-27", has_pre_proceedings=True),
    )
}


def census_year(label: str) -> CensusYear:
    """The census year called `label` ("2025-26"), or UnknownCensusYear with the ones we know."""
    try:
        return CENSUS_YEARS[label]
    except KeyError:
        known = ", ".join(CENSUS_YEARS)
        raise UnknownCensusYear(
            f"Haven has no specification for the census year {label!r}. Choose one of: {known}."
        ) from None
