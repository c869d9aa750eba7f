"""A hook for `make bench` (bench/run.py): how long the inspection lens takes to serve."""

from __future__ import annotations

import time
from typing import Any

from django.urls import reverse

from haven.inspection import periods
from haven.inspection.measures.base import Period


def lens_page_timings(client: Any, *, n: int, period: Period | None = None) -> list[float]:
    """Milliseconds for each of `n` GETs of the whole lens page by a signed-in `client` (a
    django.test.Client of a user with reports.view), for `period` (None: the page's default,
    the last 12 whole months). Each response must be a 200 page with figures."""
    url = reverse("inspection:lens")
    if period is not None:
        url = f"{url}?{periods.query_for(period)}"
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200 or b"There is a problem" in response.content:
            raise RuntimeError(f"The inspection lens answered {response.status_code} for {url}")
    return timings
