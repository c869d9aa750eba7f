"""Every measure on the inspection lens, in page order."""

from __future__ import annotations

from haven.inspection.measures import casework, timeliness
from haven.inspection.measures.base import Measure

MEASURES: tuple[Measure, ...] = (*timeliness.MEASURES, *casework.MEASURES)
BY_SLUG: dict[str, Measure] = {m.slug: m for m in MEASURES}
