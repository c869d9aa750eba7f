"""Case notes are append-only in the database itself: a correction is a new row that amends the
original, so PostgreSQL refuses UPDATE and DELETE on the table, whoever asks. (TRUNCATE is left
to the table owner: test isolation flushes tables with it.)"""

from django.db import migrations

FORBID = """
CREATE FUNCTION haven_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Rows in % are append-only: add a correction instead', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER case_note_append_only BEFORE UPDATE OR DELETE ON casework_casenote
  FOR EACH ROW EXECUTE FUNCTION haven_forbid_change();
"""

UNDO = """
DROP TRIGGER IF EXISTS case_note_append_only ON casework_casenote;
DROP FUNCTION IF EXISTS haven_forbid_change();
"""


class Migration(migrations.Migration):
    dependencies = [("casework", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, UNDO)]
