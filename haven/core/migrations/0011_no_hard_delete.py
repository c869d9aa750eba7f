"""Nothing linked to a child is ever deleted (security reference R29): records are closed or
ended instead. A trigger refuses DELETE on every child-linked table, the same tables that keep
change history (TABLES in 0007_history_triggers, imported so the two lists cannot drift).

The only deletion will be the retention disposal job, which must switch the refusal off for
its own transaction with SET LOCAL haven.allow_disposal = 'on' (a transaction-local setting,
gone at commit or rollback). The refusal names the constraint no_hard_delete, which
haven.core.errors turns into the message people see.

Row-level DELETE triggers do not fire for TRUNCATE, which test isolation (Django's flush) uses;
as for the audit trail, TRUNCATE is left to the table owner's privileges.
"""

import importlib

from django.db import migrations

TABLES: list[str] = importlib.import_module("haven.core.migrations.0007_history_triggers").TABLES

FUNCTION = """
CREATE FUNCTION haven_no_hard_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('haven.allow_disposal', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'Records are never deleted: close or end them instead.'
    USING ERRCODE = 'integrity_constraint_violation', CONSTRAINT = 'no_hard_delete',
          DETAIL = format('A row of %s was to be deleted.', TG_TABLE_NAME);
END $$;
"""

FORWARD = FUNCTION + "".join(
    f"CREATE TRIGGER no_hard_delete BEFORE DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION haven_no_hard_delete();\n"
    for table in TABLES
)
BACKWARD = "".join(f"DROP TRIGGER IF EXISTS no_hard_delete ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS haven_no_hard_delete();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0010_totp_device"),
    ]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
