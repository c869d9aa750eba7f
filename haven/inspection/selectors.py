"""Reads for the inspection lens's pages (issue 5): every measure's figures for a period, and
the children behind one figure that the viewer may see.

Measures never check access (haven/inspection/measures/base.py); the drill-down does, here,
through the access policy's list filter (children_visible_to), the same predicate every list
page uses.
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections

from haven.access import policy
from haven.access.roles import Capability
from haven.inspection.measures import registry
from haven.inspection.measures.base import DrillRow, Measure, MeasureResult, Period
from haven.people.models import Person


def measures() -> tuple[Measure, ...]:
    """Every measure on the lens, in page order."""
    return registry.MEASURES


def measure_for(slug: str) -> Measure | None:
    return registry.BY_SLUG.get(slug)


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads kept for the life of the process, each with its own database connection (kept
    open for CONN_MAX_AGE like a request's), so the page pays for no new connections."""
    global _POOL  # noqa: PLW0603 - one pool per process, made on first use
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(
                max_workers=settings.HAVEN_LENS_CONNECTIONS, thread_name_prefix="lens"
            )
        return _POOL


def lens_pool_close() -> None:
    """Close every worker's database connection and stop the threads (for tests that used
    the pool, so the test database can be dropped, and for a process shutting down)."""
    global _POOL  # noqa: PLW0603
    with _POOL_LOCK:
        pool, _POOL = _POOL, None
    if pool is None:
        return
    workers = settings.HAVEN_LENS_CONNECTIONS
    # One task per thread: each waits until all have started, so no thread takes two.
    barrier = threading.Barrier(workers)

    def close() -> None:
        barrier.wait(timeout=30)
        connections.close_all()

    for future in [pool.submit(close) for _ in range(workers)]:
        future.result()
    pool.shutdown(wait=True)


# How long each measure took the last time it ran on the pool (seconds), so the slowest start
# first: with fewer connections than measures, a slow one started last would keep the page
# waiting while the other connections sit idle.
_LAST_SECONDS: dict[str, float] = {}


def _result_in_worker(measure: Measure, period: Period, today: datetime.date) -> MeasureResult:
    # As Django does at the start of each request: drop a connection that broke or aged out.
    close_old_connections()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('max_parallel_workers_per_gather', %s, false)",
            [str(settings.HAVEN_LENS_PARALLEL_WORKERS)],
        )
    started = time.perf_counter()
    result = measure.result(period, today=today)
    _LAST_SECONDS[measure.slug] = time.perf_counter() - started
    return result


def lens_results(*, period: Period, today: datetime.date) -> list[tuple[Measure, MeasureResult]]:
    """Every registered measure's figures for the period: one or two aggregate queries each.

    The measures are independent reads, so outside a transaction they run side by side on
    HAVEN_LENS_CONNECTIONS connections (PostgreSQL runs each on its own core): the page waits
    for the slowest measure rather than for the sum of all of them. Inside a transaction (the
    tests, or a caller that needs one snapshot) they run one after another on its connection,
    because other connections cannot see what it has not committed."""
    all_measures = measures()
    if connection.in_atomic_block or settings.HAVEN_LENS_CONNECTIONS <= 1:
        return [(measure, measure.result(period, today=today)) for measure in all_measures]
    pool = _pool()
    order = slowest_first(all_measures)
    futures = {m.slug: pool.submit(_result_in_worker, m, period, today) for m in order}
    return [(m, futures[m.slug].result()) for m in all_measures]


def slowest_first(all_measures: Iterable[Measure]) -> list[Measure]:
    """The measures in the order to start them: the slowest last time first; those not yet
    timed keep their page order, ahead of the rest (they may be slow)."""
    return sorted(all_measures, key=lambda m: -_LAST_SECONDS.get(m.slug, float("inf")))


@dataclass(frozen=True)
class DrillDown:
    # The rows whose child the viewer may see, in the measure's order.
    rows: list[DrillRow]
    # Different children behind the figure, and how many of them the viewer may not see.
    children: int
    hidden_children: int

    @property
    def shown_children(self) -> int:
        return self.children - self.hidden_children


def drill_down(
    *, user: Any, measure: Measure, period: Period, today: datetime.date, key: str
) -> DrillDown:
    """The children behind figure `key` whom `user` may see (VIEW_CASE), and a count of the
    others. A role that opens no records (a performance analyst) sees only the count. An
    unknown key raises KeyError (the page answers 404)."""
    rows = measure.rows(period, today=today, key=key)
    ids = list(dict.fromkeys(row.person_id for row in rows))
    visible: set[int] = set()
    if ids:
        visible = set(
            policy.children_visible_to(user, Capability.VIEW_CASE)
            .filter(pk__any=ids)
            .values_list("pk", flat=True)
        )
    return DrillDown(
        rows=[row for row in rows if row.person_id in visible],
        children=len(ids),
        hidden_children=len(ids) - len(visible),
    )


def people_by_id(*, ids: Iterable[int]) -> dict[int, Person]:
    """The name and LA child ID of each child listed on one page of a drill-down."""
    return Person.objects.only("first_name", "last_name", "known_as", "la_child_id").in_bulk(
        list(set(ids))
    )
