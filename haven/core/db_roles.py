"""The database role Haven runs as in production (security reference R10, R11).

Migrations run as the owner of the tables; the web application connects as a separate role that
owns nothing. That role may read and add rows everywhere, change rows where the application
changes them, and never:

- change or delete audit or history rows (append-only by privilege as well as by trigger; the
  owner seals the audit chain with `manage.py audit_seal`);
- delete child-linked rows (the trigger refuses too); it may delete only the few working tables
  that are not records (sessions, drafts, sign-in attempts past retention);
- truncate anything, create or alter tables, or bypass row security.
"""

from __future__ import annotations

import re

from django.db import connection

APPEND_ONLY = ("core_auditevent", "core_historyrow")
# Working tables the application may delete from: they hold no case record.
DELETABLE = ("django_session", "drafts_draft")
SAFE_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def role_statements(role: str, schema: str = "public") -> list[str]:
    """The SQL that (re)grants `role` exactly the privileges above on every current table."""
    if not SAFE_ROLE.fullmatch(role):
        raise ValueError("A role name is lower-case letters, digits and underscores.")
    q = connection.ops.quote_name
    r, s = q(role), q(schema)
    statements = [
        f"GRANT USAGE ON SCHEMA {s} TO {r}",
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM {r}",
        f"GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA {s} TO {r}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {r}",
    ]
    statements += [f"REVOKE UPDATE ON {q(table)} FROM {r}" for table in APPEND_ONLY]
    statements += [
        f"GRANT DELETE ON {q(table)} TO {r}" for table in DELETABLE if _table_exists(table)
    ]
    return statements


def _table_exists(table: str) -> bool:
    return table in connection.introspection.table_names()


def grant_app_role(role: str) -> None:
    """Create the role if it is missing (NOLOGIN: the operator sets its password and LOGIN),
    then set its privileges."""
    if not SAFE_ROLE.fullmatch(role):
        raise ValueError("A role name is lower-case letters, digits and underscores.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE ROLE {connection.ops.quote_name(role)} "
                "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS"
            )
        for statement in role_statements(role):
            cursor.execute(statement)
