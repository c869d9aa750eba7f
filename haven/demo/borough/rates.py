"""The national rates the synthetic borough follows, with where each comes from.

Unless a line says otherwise the figures are from the project reference
(``/work/shared/reference/child-protection-england.md``): section 4.1 (DfE "Children in need"
2025: referrals, assessments, section 47 enquiries, ICPCs, child protection plans), section 4.3
(DfE "Children's social work workforce" 2023) and the census code lists in section 2.3. Splits
the reference does not give (the smaller referral sources, primary needs, closure reasons,
ethnicity) are approximations of the DfE tables, chosen to add up to 100%.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Sequence
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed discrete distribution; ``pick(rng)`` costs one random number and a bisect."""

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        if not pairs:
            raise ValueError("A distribution needs at least one value")
        self.values: tuple[T, ...] = tuple(value for value, _ in pairs)
        self._cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self._cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        index = bisect.bisect_right(self._cumulative, rng.random() * self.total)
        return self.values[min(index, len(self.values) - 1)]

    def pairs(self) -> list[tuple[T, float]]:
        """The values with their weights, as given."""
        starts = [0.0, *self._cumulative[:-1]]
        return [
            (value, end - start)
            for value, start, end in zip(self.values, starts, self._cumulative, strict=True)
        ]


class Piecewise:
    """A continuous distribution given as quantile points ``(probability, value)``."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        self._p = [p for p, _ in points]
        self._v = [v for _, v in points]

    def pick(self, rng: random.Random) -> float:
        u = rng.random()
        i = max(1, bisect.bisect_right(self._p, u))
        i = min(i, len(self._p) - 1)
        p0, p1, v0, v1 = self._p[i - 1], self._p[i], self._v[i - 1], self._v[i]
        return v0 + (v1 - v0) * (u - p0) / (p1 - p0)


# --- Referrals (reference 4.1, DfE Children in need 2025) -------------------------------------

RE_REFERRAL_RATE = 0.226
"""Referrals within 12 months of a previous referral for the same child: 142,900 of 632,830."""

NFA_RATE = 0.065
"""Referrals with no further action: 41,340 of 632,830."""

REFERRAL_SOURCES: Weighted[str] = Weighted(
    [
        ("6", 28.0),  # police ~28% (reference 4.1)
        ("2A", 21.0),  # schools ~21% (reference 4.1)
        ("2B", 1.5),
        ("3A", 1.8),
        ("3B", 1.6),
        ("3C", 0.6),
        ("3D", 2.4),
        ("3E", 2.8),
        ("3F", 5.6),
        ("4", 2.4),
        ("5A", 5.0),
        ("5B", 3.2),
        ("5C", 2.0),
        ("5D", 3.6),
        ("1A", 4.9),
        ("1B", 1.0),
        ("1C", 0.9),
        ("1D", 1.2),
        ("7", 3.3),
        ("8", 4.6),
        ("9", 1.5),
        ("10", 1.1),
    ]
)

PRIMARY_NEEDS: Weighted[str] = Weighted(
    [
        ("N1", 57.0),
        ("N2", 8.5),
        ("N3", 3.0),
        ("N4", 8.0),
        ("N5", 15.0),
        ("N6", 2.0),
        ("N7", 0.4),
        ("N8", 2.2),
        ("N9", 3.4),
        ("N0", 0.5),
    ]
)

# --- Assessments ------------------------------------------------------------------------------

ASSESSMENT_WORKING_DAYS = Piecewise(
    [
        (0.0, 2.0),
        (0.25, 17.0),  # 25th percentile 17
        (0.50, 33.0),  # median 33
        (0.75, 43.0),  # 75th percentile 43
        (0.857, 45.49),  # about 85.7% within 45 working days
        (0.915, 50.49),  # 46-50 days: 37,640 of 648,830 (5.8%)
        (0.958, 60.49),  # 51-60 days: 27,860 (4.3%)
        (1.0, 95.0),  # 61+ days: 27,500 (4.2%)
    ]
)
"""Working days from referral to authorisation (reference 4.1, DfE C2 2025)."""

NOT_IN_NEED_RATE = 0.308
"""Referrals assessed as not in need (closed RC8/RC9 after assessment): 194,620 of 632,830."""

NOT_IN_NEED_CLOSURE: Weighted[str] = Weighted([("RC8", 70.0), ("RC9", 30.0)])

# --- Section 47 enquiries and ICPCs -----------------------------------------------------------

SECTION_47_RATE = 0.364
"""Section 47 enquiries started per referral: 230,590 against 632,830 referrals."""

ICPC_PER_SECTION_47 = 0.313
"""ICPCs per section 47 enquiry: 72,100 of 230,590."""

ICPC_WORKING_DAYS: Weighted[tuple[int, int]] = Weighted(
    [
        ((6, 10), 6_240),  # 0-10 WD
        ((11, 15), 52_430),  # 11-15 WD: 0-15 together about 81%
        ((16, 20), 6_430),
        ((21, 40), 6_990),
    ]
)
"""Working days from the strategy discussion to the ICPC (DfE C4 2025 bands; median 14)."""

ICPC_WITHIN_BAND_11_15: Weighted[int] = Weighted(
    [(11, 0.10), (12, 0.15), (13, 0.20), (14, 0.25), (15, 0.30)]
)

CP_PLAN_PER_ICPC = 0.858
"""ICPCs that start a child protection plan: 61,840 plans started against 72,100 ICPCs."""

CATEGORIES_OF_ABUSE: Weighted[str] = Weighted(
    [("NEG", 50.0), ("EMO", 33.5), ("PHY", 7.0), ("SAB", 4.0), ("MUL", 5.5)]
)
"""Initial category of abuse: neglect about half, emotional abuse about a third (DfE D1)."""

PLAN_LENGTH_BANDS: Weighted[str] = Weighted(
    [("<=3m", 15.9), ("3-6m", 11.0), ("6-12m", 43.5), ("1-2y", 25.2), ("2y+", 4.4)]
)
"""Length of child protection plans ending in 2024-25 (reference 4.1, DfE D7)."""

REVIEW_ON_TIME_RATE = 0.94
"""CP plan reviews held within timescale (about 94%, reference 1.1 via DfE 2014-15)."""

# --- Workforce (reference 4.3) ----------------------------------------------------------------

TURNOVER_PER_YEAR = 0.16
"""FTE turnover of children and family social workers: 15.9% (2023)."""

AGENCY_RATE = 0.178
"""Agency workers: 17.8% of FTE (2023)."""

FTE: Weighted[float] = Weighted([(1.0, 80.0), (0.8, 12.0), (0.6, 8.0)])

WORKER_CHANGE_REASONS: Weighted[str] = Weighted(
    [
        ("MANAGE", 30.0),
        ("ABSENC", 18.0),
        ("ORGRST", 10.0),
        ("TSPROC", 10.0),
        ("FCONTA", 10.0),
        ("CHCHAN", 12.0),
        ("OTHERS", 10.0),
    ]
)
"""Why a child's worker changed, other than the worker leaving (SSDA903 SW_REASON codes)."""

OTHER_WORKER_CHANGES_PER_YEAR = 0.3
"""Changes of worker for reasons other than leaving, per open case per year (an estimate: about
1 in 4 children in care had more than one change of social worker in a year, reference 4.3)."""

# --- Children ---------------------------------------------------------------------------------

ETHNICITIES: Weighted[str] = Weighted(
    [
        ("WBRI", 64.0),
        ("WIRI", 0.4),
        ("WIRT", 0.3),
        ("WOTH", 6.5),
        ("WROM", 0.8),
        ("MWBC", 2.6),
        ("MWBA", 1.1),
        ("MWAS", 1.4),
        ("MOTH", 3.2),
        ("AIND", 1.3),
        ("APKN", 3.1),
        ("ABAN", 1.2),
        ("AOTH", 1.9),
        ("BCRB", 1.4),
        ("BAFR", 4.2),
        ("BOTH", 1.5),
        ("CHNE", 0.4),
        ("OOTH", 2.6),
        ("REFU", 0.3),
        ("NOBT", 1.8),
    ]
)

DISABILITIES: Weighted[str] = Weighted(
    [
        ("LD", 25.0),
        ("AUT", 22.0),
        ("BEH", 14.0),
        ("COMM", 12.0),
        ("MOB", 6.0),
        ("HEAR", 4.0),
        ("VIS", 3.0),
        ("PC", 4.0),
        ("HAND", 2.0),
        ("INC", 2.0),
        ("CON", 1.5),
        ("DDA", 4.5),
    ]
)
DISABLED_RATE = 0.08

FAMILY_SIZES: Weighted[int] = Weighted([(1, 38.0), (2, 36.0), (3, 17.0), (4, 6.0), (5, 3.0)])

# --- Contacts to the hub (reference 4.2: "100k+ contacts a year" for 20,000 referrals) ---------

CONTACT_SOURCES: Weighted[str] = Weighted(
    [
        ("6", 29.0),  # police, the largest source of contacts (as of referrals, reference 4.1)
        ("2A", 18.5),  # schools about 20% with education services
        ("2B", 1.5),
        ("3A", 3.5),  # health about 15%
        ("3B", 2.5),
        ("3C", 1.0),
        ("3D", 2.5),
        ("3E", 2.5),
        ("3F", 3.0),
        ("4", 2.5),
        ("5A", 4.0),  # the council's own services about 12%
        ("5B", 3.0),
        ("5C", 1.5),
        ("5D", 3.5),
        ("1A", 4.0),  # individuals about 8%
        ("1B", 2.0),
        ("1C", 0.8),
        ("1D", 1.2),
        ("7", 3.0),
        ("8", 5.0),
        ("9", 3.0),
        ("10", 2.5),
    ]
)
"""Who makes contacts, over all contacts (referral contacts keep their episode's source, so the
other contacts make up the difference). An approximation of the DfE referral-source table, which
the contacts of a front door follow closely."""

NON_REFERRAL_DECISIONS: Weighted[str] = Weighted(
    [("NFA", 27.5), ("ADVICE", 38.5), ("EARLY_HELP", 34.0)]
)
"""The hub's decision on contacts that do not become referrals. With about one contact in five
a referral (20,000 referrals among 100,000 contacts), overall: no further action about 22%,
information and advice about 31%, early help about 27%."""

CONTACT_CHILDREN: Weighted[int] = Weighted([(1, 60.0), (2, 28.0), (3, 12.0)])
"""Children named in a contact that does not become a referral (siblings named together)."""

CONTACT_ADULTS: Weighted[int] = Weighted([(0, 30.0), (1, 45.0), (2, 25.0)])

RE_CONTACT_RATE = 0.3
"""Contacts about a child already named in a contact in the last 12 months (an estimate, in line
with the 22.6% re-referral rate: contacts recur more often than referrals)."""

DECISION_LATE_RATE = 0.08
"""Decisions made after the contact's clock ran out (an estimate: most hubs decide about nine in
ten contacts within the working day, Working Together 2023 reference 1.1)."""
