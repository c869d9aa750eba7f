"""Indexes for person search (haven.search.selectors.person_search).

* `person_search_name_keys(first_name, last_name, known_as)` is every name part's Double
  Metaphone code (fuzzystrmatch `dmetaphone`) and the set of its letters in alphabetical order,
  tagged "f" (first name or known-as) or "l" (surname, and each part of a hyphenated surname).
  A GIN index on it finds sound-alikes ("Smyth" for Smith) and typing slips that keep the
  letters ("Smtih", "Thhompson", "Wiliams") with `&&`.
  The trigram index on `search_name` (people 0001) serves the `<%` operator.
* The normalised postcode, former UPN and expected date of birth get plain b-tree indexes.

The indexes are built CONCURRENTLY so that adding them to a large live table does not block
writes; the migration is therefore not atomic and each statement is safe to run again.
"""

from django.db import migrations

LETTER_SET = r"""
CREATE OR REPLACE FUNCTION person_search_letter_set(word text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
  SELECT string_agg(letter, '' ORDER BY letter)
  FROM (SELECT DISTINCT l COLLATE "C" AS letter FROM regexp_split_to_table(lower(word), '') AS l)
    AS letters
$$
"""

# SET search_path FROM CURRENT: index builds and autovacuum run with a locked-down
# search_path, and dmetaphone lives in whichever schema fuzzystrmatch was installed in.
NAME_KEYS = r"""
CREATE OR REPLACE FUNCTION person_search_name_keys(first_name text, last_name text, known_as text)
RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT
AS $$
  SELECT coalesce(array_agg(DISTINCT part.role || code.value), '{}')
  FROM (
    SELECT 'f' AS role, word
    FROM regexp_split_to_table(
      lower(replace(coalesce(first_name, '') || ' ' || coalesce(known_as, ''), '''', '')),
      '[^[:alpha:]]+'
    ) AS word
    UNION ALL
    SELECT 'l', word
    FROM regexp_split_to_table(lower(replace(coalesce(last_name, ''), '''', '')), '[^[:alpha:]]+')
      AS word
    UNION ALL
    SELECT 'l', lower(regexp_replace(coalesce(last_name, ''), '[^[:alpha:]]+', '', 'g'))
  ) AS part
  CROSS JOIN LATERAL (
    VALUES (dmetaphone(part.word), 2), (person_search_letter_set(part.word), 3)
  ) AS code(value, min_length)
  WHERE length(part.word) >= 2 AND length(code.value) >= code.min_length
$$
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0001_extensions"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=LETTER_SET,
            reverse_sql="DROP FUNCTION IF EXISTS person_search_letter_set(text)",
        ),
        migrations.RunSQL(
            sql=NAME_KEYS,
            reverse_sql="DROP FUNCTION IF EXISTS person_search_name_keys(text, text, text)",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_search_name_keys_gin "
                "ON people_person USING gin "
                "(person_search_name_keys(first_name, last_name, known_as))"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS person_search_name_keys_gin",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS address_postcode_normalised "
                "ON people_address (upper(replace(postcode, ' ', '')))"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS address_postcode_normalised",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_former_upn "
                "ON people_person (former_upn) WHERE former_upn <> ''"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS person_former_upn",
        ),
        migrations.RunSQL(
            sql=(
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS person_expected_dob "
                "ON people_person (expected_date_of_birth) "
                "WHERE expected_date_of_birth IS NOT NULL"
            ),
            reverse_sql="DROP INDEX CONCURRENTLY IF EXISTS person_expected_dob",
        ),
    ]
