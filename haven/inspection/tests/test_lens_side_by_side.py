"""The lens runs its measures side by side on several connections outside a transaction
(haven.inspection.selectors.lens_results): the figures must be exactly those of running them one
after another. A transactional test, because other connections only see committed rows."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

from haven.core.tests import factories as f
from haven.inspection import selectors
from haven.inspection.measures.base import Period

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
