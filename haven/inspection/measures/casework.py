"""The inspection lens's casework measures (issue 5): child in need plans on time, the
stability and caseloads of social workers, the child's voice, and child protection plans.

Each lives in its own module; this one lists them in page order for the registry.
"""

from __future__ import annotations

from haven.inspection.measures import childs_voice, cin_plans, cp_plans, social_workers
from haven.inspection.measures.base import Measure

MEASURES: tuple[Measure, ...] = (
    *cin_plans.MEASURES,
    *social_workers.MEASURES,
    *childs_voice.MEASURES,
    *cp_plans.MEASURES,
)
