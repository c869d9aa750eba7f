"""bench/api_load.py, the lead's load test of POST /api/v1/contacts: it counts what it sends,
stops by itself, and refuses any target but this machine."""

from __future__ import annotations

import pytest

from bench import api_load
from haven.api.tests.conftest import make_partner
from haven.frontdoor.models import Contact


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert api_load.percentile(values, 0.50) == 50
    assert api_load.percentile(values, 0.95) == 95
    assert api_load.percentile([], 0.95) == 0


@pytest.mark.parametrize("url", ["http://10.1.2.3:8000", "http://192.168.0.1", "https://127.0.0.1"])
def test_only_this_machine_is_a_target(url):
    with pytest.raises(ValueError, match="loopback|base URL"):
        api_load.contacts_load(url, "hvn_key", seconds=0.1)


@pytest.mark.django_db(transaction=True)
def test_a_short_run_against_a_live_server_counts_every_contact(live_server):
    key = make_partner().key

    result = api_load.contacts_load(live_server.url, key, threads=2, seconds=10, max_requests=12)

    assert (result.requests, result.errors) == (12, 0)
    assert result.statuses == {"201": 12}
    assert 0 < result.p50_ms <= result.p95_ms
    assert result.requests_per_second > 0
    assert Contact.objects.count() == 12
