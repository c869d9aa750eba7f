"""The lens runs its measures side by side on several connections outside a transaction
(haven.inspection.selectors.lens_results): the figures must be exactly those of running them one
after another. A transactional test, because other connections only see committed rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

from haven.core.tests import factories as f
from haven.inspection import selectors
from haven.inspection.measures.base import DrillRow, Figure, Measure, MeasureResult, Period

D = datetime.date
TODAY = D(2026, 11, 27)
PERIOD = Period(D(2026, 3, 1), D(2026, 5, 31))


@pytest.mark.django_db(transaction=True)
def test_side_by_side_gives_the_figures_of_one_after_another(settings):
    staff = f.staff_user(full_name="Duty Worker")
    for name, start, authorised in (
        ("within", D(2026, 3, 2), D(2026, 5, 7)),
        ("late", D(2026, 3, 2), D(2026, 5, 8)),
        ("easter", D(2026, 3, 30), D(2026, 4, 20)),
    ):
        child = f.ChildFactory(first_name=name)
        episode = f.open_episode(child, staff, start)
        f.authorise_assessment(f.start_assessment(episode, staff, start), staff, authorised)
    settings.HAVEN_LENS_CONNECTIONS = 4

    try:
        side_by_side = selectors.lens_results(period=PERIOD, today=TODAY)
    finally:
        selectors.lens_pool_close()
    with transaction.atomic():
        one_after_another = selectors.lens_results(period=PERIOD, today=TODAY)

    assert side_by_side == one_after_another
    assessments = dict(side_by_side)[
        selectors.measure_for("assessments-within-45-working-days")  # type: ignore[index]
    ]
    # 2 of the 3 within 45 working days: the committed rows were seen by the other connections.
    assert (assessments.headline.numerator, assessments.headline.denominator) == (2, 3)


class _Probe(Measure):
    """A measure that notes the parallel-query setting of the connection it runs on."""

    title = definition = group = "Probe"

    def __init__(self, slug: str, seen: dict[str, str]) -> None:
        self.slug = slug  # type: ignore[misc]
        self.seen = seen

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            self.seen[self.slug] = cursor.fetchone()[0]
        return MeasureResult(headline=Figure(self.slug, self.slug, None, "count"))

    def rows(self, period: Period, *, today: datetime.date, key: str) -> list[DrillRow]:
        return []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("workers", [0, 2])
def test_each_connection_runs_with_the_parallel_workers_set(settings, monkeypatch, workers):
    seen: dict[str, str] = {}
    probes = (_Probe("first", seen), _Probe("second", seen), _Probe("third", seen))
    monkeypatch.setattr(selectors, "measures", lambda: probes)
    settings.HAVEN_LENS_CONNECTIONS = 2
    settings.HAVEN_LENS_PARALLEL_WORKERS = workers

    try:
        results = selectors.lens_results(period=PERIOD, today=TODAY)
    finally:
        selectors.lens_pool_close()

    # In page order, whatever order they ran in.
    assert [measure.slug for measure, _ in results] == ["first", "second", "third"]
    assert seen == {"first": str(workers), "second": str(workers), "third": str(workers)}


def test_the_slowest_measure_last_time_starts_first(monkeypatch):
    probes = [_Probe(slug, {}) for slug in ("quick", "slow", "new", "middling")]
    monkeypatch.setattr(selectors, "_LAST_SECONDS", {"quick": 0.01, "slow": 0.4, "middling": 0.1})

    order = [measure.slug for measure in selectors.slowest_first(probes)]

    # Not yet timed: first, as it may be the slowest.
    assert order == ["new", "slow", "middling", "quick"]
