"""Bring a database that applied a draft of 0001 up to date.

The draft keyed names by all their letters in order ("thhompson" -> "hhmnoopst"); 0001 now
keys them by the set of their letters ("hmnopst"), so a doubled or dropped repeated letter is
found too. Where the draft's function is still there, replace both functions and rebuild the
index. A database that applied the final 0001 has nothing to do.
"""

import importlib

from django.db import migrations

initial = importlib.import_module("haven.search.migrations.0001_person_search_indexes")

REPAIR = f"""
DO $repair$
BEGIN
  IF to_regprocedure('person_search_letters_key(text)') IS NOT NULL THEN
    EXECUTE $fn${initial.LETTER_SET}$fn$;
    EXECUTE $fn${initial.NAME_KEYS}$fn$;
    DROP FUNCTION person_search_letters_key(text);
    REINDEX INDEX person_search_name_keys_gin;
  END IF;
END
$repair$
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0001_person_search_indexes")]

    operations = [migrations.RunSQL(sql=REPAIR, reverse_sql=migrations.RunSQL.noop)]
