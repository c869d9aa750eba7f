"""Census rules that span two tables, kept by PostgreSQL triggers so that no path into the
database (a service, a bulk load, raw SQL) can break them:

- 2885: a child protection plan starts on the day of the ICPC that decided it;
- 4001/4016/4017: a child in need plan is never open on a day the child is on a CP plan
  (periods are [start, end): a CIN plan may end on the day the CP plan starts);
- 8841: a review conference is after the plan's start.

Each raises a check violation naming a constraint that haven.core.errors turns into the
social worker's message.
"""

from django.db import migrations

FORWARD = """
CREATE FUNCTION haven_cp_plan_starts_on_icpc() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.start_date IS DISTINCT FROM (
      SELECT held_on FROM meetings_initialchildprotectionconference
      WHERE id = NEW.initial_conference_id) THEN
    RAISE EXCEPTION 'CP plan must start on its ICPC date (2885)'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'cp_plan_starts_on_icpc';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cp_plan_starts_on_icpc
  BEFORE INSERT OR UPDATE OF start_date, initial_conference_id ON plans_childprotectionplan
  FOR EACH ROW EXECUTE FUNCTION haven_cp_plan_starts_on_icpc();

CREATE FUNCTION haven_no_cin_plan_during_cp_plan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  other text := CASE TG_TABLE_NAME WHEN 'plans_childinneedplan' THEN 'plans_childprotectionplan'
                                   ELSE 'plans_childinneedplan' END;
  clash boolean;
BEGIN
  EXECUTE format(
    'SELECT EXISTS (SELECT 1 FROM %I WHERE child_id = $1 '
    'AND daterange(start_date, end_date, ''[)'') && daterange($2, $3, ''[)''))', other)
    INTO clash USING NEW.child_id, NEW.start_date, NEW.end_date;
  IF clash THEN
    RAISE EXCEPTION 'CIN plan overlaps a CP plan (4001)'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'cin_plan_not_during_cp_plan';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER cin_plan_not_during_cp_plan
  BEFORE INSERT OR UPDATE OF child_id, start_date, end_date ON plans_childinneedplan
  FOR EACH ROW EXECUTE FUNCTION haven_no_cin_plan_during_cp_plan();
CREATE TRIGGER cp_plan_not_during_cin_plan
  BEFORE INSERT OR UPDATE OF child_id, start_date, end_date ON plans_childprotectionplan
  FOR EACH ROW EXECUTE FUNCTION haven_no_cin_plan_during_cp_plan();

CREATE FUNCTION haven_review_after_plan_start() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.held_on <= (SELECT start_date FROM plans_childprotectionplan WHERE id = NEW.plan_id) THEN
    RAISE EXCEPTION 'Review must be after the plan start (8841)'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'review_after_plan_start';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER review_after_plan_start
  BEFORE INSERT OR UPDATE OF held_on, plan_id ON meetings_reviewconference
  FOR EACH ROW EXECUTE FUNCTION haven_review_after_plan_start();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS review_after_plan_start ON meetings_reviewconference;
DROP FUNCTION IF EXISTS haven_review_after_plan_start();
DROP TRIGGER IF EXISTS cp_plan_not_during_cin_plan ON plans_childprotectionplan;
DROP TRIGGER IF EXISTS cin_plan_not_during_cp_plan ON plans_childinneedplan;
DROP FUNCTION IF EXISTS haven_no_cin_plan_during_cp_plan();
DROP TRIGGER IF EXISTS cp_plan_starts_on_icpc ON plans_childprotectionplan;
DROP FUNCTION IF EXISTS haven_cp_plan_starts_on_icpc();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("meetings", "0003_child_in_need_review"),
    ]
    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
