"""What a web server process does once, after Django has started and before its first request
(config/wsgi.py; the benchmark starts the same way).

A process keeps about 100,000 objects from its imports for its whole life, and Python's full
garbage collection looks at every one of them each time it runs: about 50 to 80 ms on a 2-core
machine, paid by whichever request happens to set it off. That was most of the gap between the
p50 and the p95 of the hub queue (docs/benchmarks.md). ``gc.freeze()`` moves everything made so
far to a generation the collector skips; under gunicorn with ``--preload`` the frozen objects
also stay shared between the workers after the fork.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Import every view now (through the URL configuration), then freeze what exists."""
    get_resolver().url_patterns  # noqa: B018 - the property imports every URL module and view
    gc.collect()
    gc.freeze()
