"""The audit trail is append-only in the database and sealed into a hash chain.

- UPDATE and DELETE on core_auditevent are refused by a trigger, whoever asks, except the one
  update that seals a row (sets sealed_position and row_hash once, changing nothing else).
- haven_audit_seal() gives unsealed rows their place in the chain, in id order, each with
  sha256(previous row_hash || the row's canonical text). It takes an advisory lock, so two
  sealers never interleave; readers and writers are never blocked.
(Security reference R11; TRUNCATE is left to the table owner because test isolation uses it.)
"""

from django.db import migrations

FORWARD = r"""
CREATE FUNCTION haven_audit_row_text(r core_auditevent) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', r.id::text, r.actor_id::text, r.action, coalesce(r.child_id::text, ''),
                   r.object_type, r.object_id, r.detail,
                   to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'))
$$;

CREATE FUNCTION haven_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.sealed_position IS NULL AND NEW.sealed_position IS NOT NULL
     AND haven_audit_row_text(OLD) = haven_audit_row_text(NEW) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'The audit trail is append-only'
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON core_auditevent
  FOR EACH ROW EXECUTE FUNCTION haven_audit_append_only();

CREATE FUNCTION haven_audit_seal() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  last_position bigint;
  last_hash text;
  r core_auditevent;
  sealed integer := 0;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('haven_audit_seal'));
  SELECT sealed_position, row_hash INTO last_position, last_hash
    FROM core_auditevent WHERE sealed_position IS NOT NULL
    ORDER BY sealed_position DESC LIMIT 1;
  last_position := coalesce(last_position, 0);
  last_hash := coalesce(last_hash, '');
  FOR r IN SELECT * FROM core_auditevent WHERE sealed_position IS NULL ORDER BY id LOOP
    last_position := last_position + 1;
    last_hash := encode(sha256(convert_to(last_hash || haven_audit_row_text(r), 'UTF8')), 'hex');
    UPDATE core_auditevent SET sealed_position = last_position, row_hash = last_hash
      WHERE id = r.id;
    sealed := sealed + 1;
  END LOOP;
  RETURN sealed;
END $$;
"""

BACKWARD = """
DROP FUNCTION IF EXISTS haven_audit_seal();
DROP TRIGGER IF EXISTS audit_append_only ON core_auditevent;
DROP FUNCTION IF EXISTS haven_audit_append_only();
DROP FUNCTION IF EXISTS haven_audit_row_text(core_auditevent);
"""


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_hash_chain")]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
