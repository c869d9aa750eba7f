"""`make bench`: build (or reuse) the large borough in its own database and measure the server
time of the child's record, "My work", "Team" and person search.

For each page: p50 and p95 over N requests spread over many children and workers, the queries
per page, and the time PostgreSQL alone takes to run the same SELECTs (replayed as plain SQL),
as a ratio. Results go to stdout and to docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
SIZE = os.environ.get("BENCH_SIZE", "large")
TARGETS_MS = {
    "Child's record": 150,
    "Child's record, audit off": 150,
    "My work": 150,
    "Team": 300,
    "Person search": 100,
    "Hub queue": 200,
    "Hub dashboard (3 months)": 500,
    "Matching people": 100,
    "Inspection lens (12 months)": 1000,
}
# The CIN census export of the whole borough (issue 5): at most 60 s and 1 GiB of memory.
CENSUS_TARGET = {"seconds": 60, "peak_mib": 1024}
API_TARGET = {"requests_per_second": 50, "p95_ms": 200}


def server_connection() -> Any:
    """An autocommit connection to the benchmark's PostgreSQL server (its `postgres` database),
    for creating, copying and dropping databases."""
    import psycopg

    from config.database import database_config

    config = database_config()
    return psycopg.connect(
        dbname="postgres",
        user=config["USER"],
        host=config["HOST"] or None,
        port=config.get("PORT") or None,
        password=config.get("PASSWORD") or None,
        autocommit=True,
    )


def ensure_database() -> None:
    """Create the benchmark database on the server if it is not there yet."""
    name = os.environ.get("HAVEN_BENCH_DATABASE", "haven_bench")
    with server_connection() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(meminfo.read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GiB memory"
    return f"{os.cpu_count()} cores ({cpu}){memory}, {platform.system()} {platform.release()}"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main() -> None:
    ensure_database()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    # Start Django as the web server does (config/wsgi.py), start-up settling included.
    import config.wsgi  # noqa: F401
    from haven.people.models import Person
    from haven.referrals.models import EpisodeOfNeed
    from haven.search.bench import search_queries_sample
    from haven.workforce.models import Allocation, Team, Worker

    call_command("migrate", verbosity=0)
    call_command("generate_borough", size=SIZE, seed=1)
    # As autovacuum would have done by now in a database in use: a freshly loaded table has no
    # visibility map, so every index-only scan (the contacts' timeliness figures) would still
    # read the table. Quick when nothing has changed since the last run.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")

    rng = random.Random(20261127)
    user_model = get_user_model()

    def user_for(worker: Worker) -> object:
        if worker.user_id:
            return worker.user
        user = user_model.objects.create_user(username=f"bench-{worker.pk}")
        worker.user = user
        worker.save(update_fields=["user"])
        return user

    caseworkers = list(
        Worker.objects.filter(
            end_date__isnull=True,
            pk__in=Allocation.objects.filter(end_date__isnull=True).values("worker_id"),
        ).order_by("pk")
    )
    managers = list(Worker.objects.filter(pk__in=Team.objects.values("manager_id")).order_by("pk"))
    viewer = user_for(caseworkers[0])

    # The record is read by the child's team manager: access through the allocated team, the
    # relationship the policy checks for most reads.
    current = list(
        Allocation.objects.filter(end_date__isnull=True, team__manager__isnull=False)
        .order_by("child_id")
        .values_list("child_id", "team__manager_id")
    )
    manager_by_id = {m.pk: m for m in managers}

    def record_requests() -> list[tuple[object, str]]:
        picks = [rng.choice(current) for _ in range(REQUESTS)]
        return [(user_for(manager_by_id[m]), f"/people/{child}/") for child, m in picks]

    def my_work_requests() -> list[tuple[object, str]]:
        return [(user_for(rng.choice(caseworkers)), "/my-work/") for _ in range(REQUESTS)]

    def team_requests() -> list[tuple[object, str]]:
        return [(user_for(rng.choice(managers)), "/team/") for _ in range(REQUESTS)]

    def search_requests() -> list[tuple[object, str]]:
        from urllib.parse import urlencode

        return [
            (viewer, "/search/?" + urlencode({"q": q}))
            for q in search_queries_sample(REQUESTS, 20261127)
        ]

    hub_officers = list(
        Worker.objects.filter(role="MASH_OFFICER", end_date__isnull=True, user__isnull=False)
    )
    hub_managers = list(
        Worker.objects.filter(role="MASH_MANAGER", end_date__isnull=True, user__isnull=False)
    )

    def hub_requests() -> list[tuple[object, str]]:
        return [(user_for(rng.choice(hub_officers)), "/hub/") for _ in range(REQUESTS)]

    def dashboard_requests() -> list[tuple[object, str]]:
        return [(user_for(rng.choice(hub_managers)), "/hub/dashboard/") for _ in range(REQUESTS)]

    service_managers = list(
        Worker.objects.filter(role="SERVICE_MANAGER", end_date__isnull=True).order_by("pk")
    )

    def lens_requests() -> list[tuple[object, str]]:
        # The default period is the last 12 whole months.
        return [(user_for(rng.choice(service_managers)), "/inspection/") for _ in range(REQUESTS)]

    record = record_requests()
    pages: dict[str, Callable[[], list[tuple[object, str]]]] = {
        "Child's record": lambda: record,
        # The same requests with the audit write switched off: the cost of auditing every read.
        "Child's record, audit off": lambda: record,
        "My work": my_work_requests,
        "Team": team_requests,
        "Person search": search_requests,
        "Hub queue": hub_requests,
        "Hub dashboard (3 months)": dashboard_requests,
        "Inspection lens (12 months)": lens_requests,
    }
    clients: dict[int, Client] = {}

    def client_for(user: object) -> Client:
        """One signed-in client per user, as in real use (a session per person)."""
        key = user.pk  # type: ignore[attr-defined]
        if key not in clients:
            clients[key] = Client()
            clients[key].force_login(user)  # type: ignore[arg-type]
        return clients[key]

    from haven.core import steps as audited_pages

    namespace = vars(audited_pages)
    real_audit = namespace["audit"]
    results = []
    for name, make in pages.items():
        namespace["audit"] = (lambda **kwargs: None) if "audit off" in name else real_audit
        requests = make()
        # Warm up: each user's first request pays for its session and template loading.
        for user, url in requests:
            client_for(user).get(url)
        timings = []
        for user, url in requests:
            client = client_for(user)
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        # Second pass: the queries each page runs, and the same SELECTs as plain SQL.
        query_counts, sql_ms = [], []
        for user, url in requests[: min(50, len(requests))]:
            client = client_for(user)
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            selects = [
                q["sql"]
                for q in captured.captured_queries
                if q["sql"].lstrip().upper().startswith("SELECT")
            ]
            query_counts.append(len(captured.captured_queries))
            with connection.cursor() as cursor:
                start = time.perf_counter()
                for sql in selects:
                    cursor.execute(sql)
                    cursor.fetchall()
                sql_ms.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
        sql_p50 = percentile(sql_ms, 0.5)
        results.append(
            {
                "page": name,
                "p50": p50,
                "p95": p95,
                "target": TARGETS_MS[name],
                "queries": max(query_counts),
                "min_queries": min(query_counts),
                "sql_p50": sql_p50,
                "ratio": p50 / sql_p50 if sql_p50 else float("nan"),
            }
        )
        print(
            f"{name:26} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms (target {TARGETS_MS[name]})  "
            f"queries {min(query_counts)}-{max(query_counts)}  plain SQL p50 {sql_p50:6.1f} ms "
            f" ratio {results[-1]['ratio']:.1f}"
        )

    namespace["audit"] = real_audit
    results.append(matching_result(user_for(hub_officers[0]), rng))
    api = api_load()
    census = census_export()
    on = next(r for r in results if r["page"] == "Child's record")
    off = next(r for r in results if r["page"] == "Child's record, audit off")
    overhead = (float(on["p95"]) / float(off["p95"]) - 1) * 100  # type: ignore[arg-type]
    print(f"Auditing adds {overhead:.1f}% to the child's record p95.")
    people = Person.objects.count()
    children = Person.objects.filter(kind="CHILD").count()
    episodes = EpisodeOfNeed.objects.count()
    workers = Worker.objects.count()
    write_report(
        results,
        people=people,
        children=children,
        episodes=episodes,
        workers=workers,
        audit_overhead=overhead,
        api=api,
        census=census,
    )


def matching_result(hub_user: object, rng: random.Random) -> dict[str, object]:
    """Finding the records that may be a child named in a contact (haven/frontdoor/matching.py),
    for children named in contacts across the authority's history, timed as the service call
    the hub's page makes for each person (with its audit row)."""
    from haven.frontdoor.matching import contact_person_candidates
    from haven.frontdoor.models import ContactPerson

    ids = list(
        ContactPerson.objects.filter(kind="CHILD")
        .exclude(last_name="")
        .values_list("pk", flat=True)[:50000]
    )
    named = list(ContactPerson.objects.filter(pk__in=rng.sample(ids, min(REQUESTS, len(ids)))))
    for person in named[:10]:
        contact_person_candidates(user=hub_user, named=person)
    timings = []
    for person in named:
        start = time.perf_counter()
        contact_person_candidates(user=hub_user, named=person)
        timings.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    print(f"{'Matching people':26} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms (target 100)")
    return {
        "page": "Matching people",
        "p50": p50,
        "p95": p95,
        "target": TARGETS_MS["Matching people"],
        "queries": 0,
        "min_queries": 0,
        "sql_p50": float("nan"),
        "ratio": float("nan"),
    }


def api_load() -> object:
    """POST /api/v1/contacts against gunicorn (2 workers, 2 cores) on 127.0.0.1 for 20 s.

    Against a copy of the benchmark database, dropped afterwards: the thousands of contacts the
    load sends would otherwise wait in the hub queue of every later run and slow it down."""
    import socket
    import subprocess
    import urllib.request

    from django.db import connections

    from bench.api_load import contacts_load
    from haven.api.services import api_client_create
    from haven.inspection.selectors import lens_pool_close

    issued = api_client_create(
        organisation=f"Bench police {time.time():.0f}", agency="POLICE", scopes=["contacts:create"]
    )
    source = os.environ.get("HAVEN_BENCH_DATABASE", "haven_bench")
    copy = f"{source}_api_load"
    # A database is copied only while no one is connected to it.
    lens_pool_close()
    connections.close_all()
    with server_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        conn.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{source}" STRATEGY FILE_COPY')
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "HAVEN_BENCH_DATABASE": copy,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v1/openapi.json", timeout=2)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        contacts_load(url, issued.key, threads=4, seconds=3)  # warm up
        result = contacts_load(url, issued.key, threads=4, seconds=20)
    finally:
        server.terminate()
        server.wait(timeout=30)
        with server_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{copy}"')
    print(f"Contacts API: {result.summary()}")
    return result


def census_export() -> dict[str, object]:
    """`manage.py export_cin_census` for the year before the as-of date's census year, in its
    own process, timed, with its peak memory (the child's maximum resident set), then
    `validate_cin_census` over the same year (the borough must have no errors)."""
    import subprocess
    import tempfile

    from haven.census.years import CENSUS_YEARS

    year = next(iter(CENSUS_YEARS))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    # The command runs in a fresh interpreter that prints its own peak resident set at exit.
    script = (
        "import resource, sys, django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('export_cin_census', '--year', sys.argv[1], '--output', sys.argv[2]); "
        "print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "census.xml"
        start = time.perf_counter()
        done = subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-c", script, year, str(output)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        size_mib = output.stat().st_size / 1024 / 1024 if output.exists() else 0.0
    lines = done.stdout.strip().splitlines()
    peak = [line for line in lines if line.startswith("peak_kib")]
    peak_mib = int(peak[0].split()[1]) / 1024 if peak else float("nan")
    written = " ".join(line for line in lines if not line.startswith("peak_kib"))
    if done.returncode != 0:
        print(done.stdout, done.stderr)
    checked = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "validate_cin_census", "--year", year],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    summary = next(
        (line for line in checked.stdout.splitlines() if "error" in line.lower()), ""
    ).strip()
    print(
        f"CIN census {year}: {written} in {seconds:.1f} s, peak {peak_mib:.0f} MiB, "
        f"{size_mib:.1f} MiB of XML; rules: {summary} (exit {checked.returncode})"
    )
    return {
        "year": year,
        "seconds": seconds,
        "peak_mib": peak_mib,
        "size_mib": size_mib,
        "written": written,
        "exit": done.returncode,
        "rules": summary,
        "rules_exit": checked.returncode,
    }


def write_report(results: list[dict[str, object]], **sizes: object) -> None:
    lines = [
        f"\n## Run of {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n",
        f"- Machine: {machine()}",
        f"- Data: `{SIZE}` borough, seed 1: {sizes['people']:,.0f} people "
        f"({sizes['children']:,.0f} children), {sizes['episodes']:,.0f} episodes of need, "
        f"{sizes['workers']:,.0f} workers",
        f"- {REQUESTS} requests per page through Django's test client (server time: "
        "middleware, views, queries, templates; no network), each user with their own "
        "signed-in session, warmed by one request first.\n",
        "| page | p50 ms | p95 ms | target p95 ms | queries per page | plain SQL p50 ms "
        "| page / SQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        queries = (
            f"{r['min_queries']}"
            if r["min_queries"] == r["queries"]
            else f"{r['min_queries']}–{r['queries']}"
        )
        lines.append(
            f"| {r['page']} | {r['p50']:.1f} | {r['p95']:.1f} | {r['target']} | {queries} | "
            f"{r['sql_p50']:.1f} | {r['ratio']:.1f} |"
        )
    api = sizes["api"]
    lines.append(
        f"\nContacts API (`POST /api/v1/contacts`, gunicorn with 2 workers on 127.0.0.1, 4 client "
        f"threads for {api.seconds:.0f} s, a new Idempotency-Key each): "  # type: ignore[attr-defined]
        f"{api.requests_per_second:.0f} requests/s, p50 {api.p50_ms:.0f} ms, "  # type: ignore[attr-defined]
        f"p95 {api.p95_ms:.0f} ms, {api.errors} errors of {api.requests} "  # type: ignore[attr-defined]
        f"(target: at least {API_TARGET['requests_per_second']} requests/s, p95 at most "
        f"{API_TARGET['p95_ms']} ms)."
    )
    lines.append(
        f"\nAuditing every read (one audit row per page, in the page's transaction) adds "
        f"{sizes['audit_overhead']:.1f}% to the child's record p95 (target: at most 10%)."
    )
    census = sizes["census"]
    lines.append(
        f"\nCIN census {census['year']} export (`manage.py export_cin_census`, own process): "  # type: ignore[index]
        f"{census['written']} in {census['seconds']:.1f} s with a peak of "  # type: ignore[index]
        f"{census['peak_mib']:.0f} MiB ({census['size_mib']:.1f} MiB of XML; target at most "  # type: ignore[index]
        f"{CENSUS_TARGET['seconds']} s and {CENSUS_TARGET['peak_mib']} MiB). Haven's census "
        f"rules over the same year: {census['rules']} (exit {census['rules_exit']})."  # type: ignore[index]
    )
    report = ROOT / "docs" / "benchmarks.md"
    if not report.exists():
        report.write_text("# Benchmarks\n\nWritten by `make bench` (bench/run.py).\n")
    with report.open("a") as f:
        f.write("\n".join(lines) + "\n")
    print(f"Written to {report}")


if __name__ == "__main__":
    main()
