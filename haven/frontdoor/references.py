"""Contact references: HV- and a number from a PostgreSQL sequence (no personal data, unique,
never reused, safe to read out over the phone)."""

from __future__ import annotations

from django.db import connection


def next_reference() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('frontdoor_contact_reference_seq')")
        number = int(cursor.fetchone()[0])
    return f"HV-{number:07d}"
