"""History of every change to child-linked tables, kept by PostgreSQL triggers so that bulk
updates and raw SQL are recorded too (security reference R28). The history table itself is
append-only. A bulk load that is itself the first record of the data (the synthetic borough)
may switch recording off for its own transaction with SET LOCAL haven.skip_history = 'on'.
"""

from django.db import migrations

TABLES = [
    "people_person",
    "people_persondisability",
    "people_address",
    "people_relationship",
    "people_professionalinvolvement",
    "referrals_episodeofneed",
    "assessments_assessment",
    "assessments_assessmentfactor",
    "meetings_strategydiscussion",
    "meetings_section47enquiry",
    "meetings_initialchildprotectionconference",
    "meetings_reviewconference",
    "meetings_coregroupmeeting",
    "meetings_childinneedreview",
    "meetings_meetingattendance",
    "plans_childprotectionplan",
    "plans_childinneedplan",
    "casework_visit",
    "casework_casenote",
    "workforce_allocation",
]

FUNCTIONS = """
CREATE FUNCTION haven_record_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('haven.skip_history', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO core_historyrow (table_name, row_id, operation, before, after, db_user, txid, at)
    VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP, NULL, to_jsonb(NEW), current_user,
            txid_current(), clock_timestamp());
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO core_historyrow (table_name, row_id, operation, before, after, db_user, txid, at)
    VALUES (TG_TABLE_NAME, NEW.id::text, TG_OP, to_jsonb(OLD), to_jsonb(NEW), current_user,
            txid_current(), clock_timestamp());
  ELSE
    INSERT INTO core_historyrow (table_name, row_id, operation, before, after, db_user, txid, at)
    VALUES (TG_TABLE_NAME, OLD.id::text, TG_OP, to_jsonb(OLD), NULL, current_user,
            txid_current(), clock_timestamp());
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION haven_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The change history is append-only'
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON core_historyrow
  FOR EACH ROW EXECUTE FUNCTION haven_history_append_only();
"""

FORWARD = FUNCTIONS + "".join(
    f"CREATE TRIGGER record_history AFTER INSERT OR UPDATE OR DELETE ON {table} "
    "FOR EACH ROW EXECUTE FUNCTION haven_record_history();\n"
    for table in TABLES
)
BACKWARD = "".join(f"DROP TRIGGER IF EXISTS record_history ON {table};\n" for table in TABLES) + (
    "DROP TRIGGER IF EXISTS history_append_only ON core_historyrow;\n"
    "DROP FUNCTION IF EXISTS haven_history_append_only();\n"
    "DROP FUNCTION IF EXISTS haven_record_history();\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_history_rows"),
        ("people", "0001_initial"),
        ("referrals", "0001_initial"),
        ("assessments", "0001_initial"),
        ("meetings", "0003_child_in_need_review"),
        ("plans", "0002_cross_table_census_rules"),
        ("casework", "0002_case_note_append_only"),
        ("workforce", "0001_initial"),
    ]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
