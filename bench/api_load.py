"""A bounded load test of the partner API's POST /api/v1/contacts (issue 4's target: at least 50
requests a second on 2 cores, p95 at most 200 ms).

`contacts_load()` sends contacts from `threads` threads, each over its own keep-alive
connection, each POST with a new Idempotency-Key, until `seconds` have passed or `max_requests`
have been sent, whichever is first, and returns the throughput, the p50 and p95 latency seen by
the client and the number of errors (any answer but 201, or no answer). It only ever targets
this machine (a loopback address), and it stops by itself.

From bench/run.py::

    from bench.api_load import contacts_load
    result = contacts_load("http://127.0.0.1:8001", key, threads=8, seconds=20)

Or on its own::

    python bench/api_load.py --url http://127.0.0.1:8001 --key hvn_... --seconds 20
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import math
import socket
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

PATH = "/api/v1/contacts"
BODY: dict[str, Any] = {
    "referrer": {
        "name": "DC Load Test",
        "role": "Detective constable",
        "phone": "01632 960 123",
    },
    "concern": "A bounded load test of the partner API: not a real concern about a child.",
    "family_aware": "NOT_KNOWN",
    "children": [
        {"first_name": "Test", "last_name": "Child", "date_of_birth": "2017-04-02"},
        {"first_name": "Test", "last_name": "Sibling", "age_description": "about 3"},
    ],
    "adults": [{"first_name": "Test", "last_name": "Parent", "relationship_to_child": "mother"}],
}


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    statuses: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        return (
            f"{self.requests} requests in {self.seconds:.1f} s: "
            f"{self.requests_per_second:.1f} requests/s, p50 {self.p50_ms:.0f} ms, "
            f"p95 {self.p95_ms:.0f} ms, {self.errors} errors {dict(self.statuses)}"
        )


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _loopback_only(host: str) -> None:
    """Load is only ever sent to this machine."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as error:
        raise ValueError(f"Cannot resolve {host!r}.") from error
    if not addresses or not all(ipaddress.ip_address(a).is_loopback for a in addresses):
        raise ValueError(f"{host!r} is not a loopback address: load tests target this machine.")


def contacts_load(
    base_url: str,
    api_key: str,
    *,
    threads: int = 8,
    seconds: float = 10.0,
    max_requests: int = 5000,
    timeout: float = 10.0,
) -> LoadResult:
    """POST contacts for at most `seconds` or `max_requests`, whichever comes first."""
    url = urlsplit(base_url)
    if url.scheme != "http" or not url.hostname:
        raise ValueError("Give a base URL like http://127.0.0.1:8001.")
    _loopback_only(url.hostname)
    port = url.port or 80
    body = json.dumps(BODY).encode()
    deadline = time.monotonic() + seconds
    lock = threading.Lock()
    sent = 0
    latencies: list[float] = []
    statuses: Counter[str] = Counter()

    def worker() -> None:
        nonlocal sent
        connection = http.client.HTTPConnection(url.hostname, port, timeout=timeout)
        try:
            while time.monotonic() < deadline:
                with lock:
                    if sent >= max_requests:
                        return
                    sent += 1
                headers = {
                    "Authorization": f"Bearer {api_key}",
                    "Content-Type": "application/json",
                    "Idempotency-Key": str(uuid.uuid4()),
                }
                started = time.perf_counter()
                try:
                    connection.request("POST", PATH, body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    outcome = str(response.status)
                except (OSError, http.client.HTTPException) as error:
                    connection.close()
                    outcome = type(error).__name__
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    statuses[outcome] += 1
        finally:
            connection.close()

    began = time.monotonic()
    pool = [threading.Thread(target=worker, daemon=True) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=seconds + timeout + 5)
    took = time.monotonic() - began
    done = sum(statuses.values())
    return LoadResult(
        requests=done,
        errors=done - statuses.get("201", 0),
        seconds=took,
        requests_per_second=done / took if took else 0.0,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        statuses=dict(statuses),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--key", required=True, help="A partner API key with contacts:create.")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=5000)
    args = parser.parse_args()
    result = contacts_load(
        args.url,
        args.key,
        threads=args.threads,
        seconds=args.seconds,
        max_requests=args.max_requests,
    )
    print(result.summary())


if __name__ == "__main__":
    main()
