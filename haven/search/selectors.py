"""Person search: find a child or adult by name, identifier, postcode or date of birth.

Every candidate comes from `policy.children_visible_to(user)`. Matching and scoring run in
PostgreSQL: for a name, one small statement sets the trigram threshold for the transaction
(`set_config(..., true)` is SET LOCAL) and gets the words' Double Metaphone codes; then one
query finds, scores and orders the matches. The same statement turns sequential scans off for
the transaction: pg_trgm estimates that a common surname matches thousands of rows, so for a
capped route the planner would rather read the table until it has enough, computing word
similarity row by row (measured: 95 ms for "Brown" on 500,000 people, against 5 ms through the
index).

1. Candidates, each route served by an index and each capped at `CANDIDATE_CAP` rows:
   * name keys: `person_search_name_keys(...) && ...` (GIN, migration 0001): a first name
     and a surname, in either order, with the same sound (dmetaphone) or the same set of
     letters (a typing slip like "Smtih" or "Thhompson") as the words, nicknames included;
   * name trigrams: `query <% search_name` (the `person_search_name_trgm` GIN index): word
     similarity finds known-as names, parts of hyphenated surnames, partial names and typos.
     The plain similarity operator `%` is not used: its GIN check cannot use the length of
     the stored name, so a common surname makes it recheck tens of thousands of rows;
   * identifiers: NHS number, UPN or former UPN, LA child ID (b-tree, exact);
   * postcode: any of the person's addresses (expression index on the normalised postcode);
   * date of birth: exact, or with day and month swapped (b-tree).
2. Each candidate is scored 0..1 from what matched (`_name_score_sql`, `_score_sql`), and the
   best `limit` are returned with the reasons for each in plain English.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Replace, Upper

from haven.access import policy
from haven.core.services import audit
from haven.people.models import Address, Person
from haven.search import nicknames
from haven.search.parsing import ParsedQuery, parse_query

# Each candidate route stops after this many rows, so a search for "Smith" costs the same as
# one for "Ozturk". The rows a capped route keeps are arbitrary, which is why a date of birth
# or postcode is its own route: "Smith" born on 3 May 2015 is always found.
CANDIDATE_CAP = 500
# word_similarity(query, "first last known-as") needed by the trigram route (`<%`). Lower
# thresholds make the GIN index return many more rows to recheck; sound-alikes and swapped
# letters that fall below it are found by the name keys route instead.
WORD_SIMILARITY_THRESHOLD = 0.8
# Rows below this are dropped: a shared date of birth alone is not a match for a name search.
MIN_SCORE = 0.45
MAX_LIMIT = 100

# Weights of what was searched for; identifiers that match score 1 on their own.
NAME_WEIGHT = 0.6
DATE_OF_BIRTH_WEIGHT = 0.3
POSTCODE_WEIGHT = 0.2

# How a first name (or known-as name) and a surname match the words: bit flags, set in SQL
# (`_match_columns_sql`), weighed in SQL (`_name_score_sql`) and explained in Python.
EXACT, NICKNAME, SOUND, TYPO = 8, 4, 2, 1
LAST_ALL_WORDS, LAST_EXACT, LAST_PART, LAST_PART_SOUND, LAST_PART_TYPO = 64, 32, 16, 8, 4
LAST_SOUND, LAST_TYPO = 2, 1
DOB_EXACT, DOB_SWAPPED = 2, 1


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    full_name: str
    known_as: str
    kind: str
    date_of_birth: datetime.date | None
    expected_date_of_birth: datetime.date | None
    postcode: str
    score: float
    reasons: tuple[str, ...]

    @property
    def is_child(self) -> bool:
        return self.kind == Person.Kind.CHILD

    @property
    def score_percent(self) -> int:
        return round(self.score * 100)


def person_search(
    *,
    user: Any,
    query: str = "",
    date_of_birth: datetime.date | None = None,
    limit: int = 25,
) -> list[PersonMatch]:
    """The people this user may see who best match the query, best first; audited."""
    parsed = parse_query(query)
    if parsed.is_empty and date_of_birth is None:
        return []
    limit = max(1, min(limit, MAX_LIMIT))
    visible = policy.children_visible_to(user)
    with transaction.atomic(using=visible.db):
        rows = (
            []
            if visible.query.is_empty()
            else _search(visible=visible, parsed=parsed, date_of_birth=date_of_birth, limit=limit)
        )
        if getattr(user, "is_authenticated", False):
            audit(
                actor=user,
                action="SEARCH",
                object_type="person_search",
                detail=search_kind(parsed=parsed, date_of_birth=date_of_birth),
            )
    return [_to_match(row, parsed) for row in rows if row["score"] >= MIN_SCORE]


def search_kind(*, parsed: ParsedQuery, date_of_birth: datetime.date | None) -> str:
    """What the audit trail records about a search: its kind, never its text."""
    if parsed.has_identifier:
        return "identifier"
    if parsed.words:
        return "name"
    if date_of_birth is not None:
        return "date of birth"
    return "identifier"


def swapped_day_and_month(date: datetime.date) -> datetime.date | None:
    """3 May becomes 5 March; None when the day is over 12 or equals the month."""
    if date.day > 12 or date.day == date.month:
        return None
    return date.replace(day=date.month, month=date.day)


def letter_set(word: str) -> str:
    """The word's letters, each once, in order ("thhompson" -> "hmnopst"), as the SQL function
    person_search_letter_set() gives them (Python's order is the "C" collation's)."""
    return "".join(sorted(set(word.lower())))


@dataclass(frozen=True)
class _NameTerms:
    """The query's words and the forms they are compared with."""

    words: tuple[str, ...]
    nicknames: tuple[str, ...]
    first_codes: tuple[str, ...]  # Double Metaphone of the words and their other forms
    last_codes: tuple[str, ...]  # Double Metaphone of the words
    letter_keys: tuple[str, ...]
    text: str  # the words joined by spaces, for trigram similarity

    @property
    def key_words(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if len(w) >= 2)

    def first_keys(self) -> list[str]:
        return sorted(
            {f"f{c}" for c in self.first_codes if len(c) >= 2} | {f"f{k}" for k in self.letter_keys}
        )

    def last_keys(self) -> list[str]:
        return sorted(
            {f"l{c}" for c in self.last_codes if len(c) >= 2} | {f"l{k}" for k in self.letter_keys}
        )


def _search(
    *,
    visible: QuerySet[Person],
    parsed: ParsedQuery,
    date_of_birth: datetime.date | None,
    limit: int,
) -> list[dict[str, Any]]:
    dates = [
        d
        for d in (date_of_birth, date_of_birth and swapped_day_and_month(date_of_birth))
        if d is not None
    ]
    terms = _prepare_name_terms(parsed, using=visible.db) if parsed.words else None
    routes = _candidate_routes(visible=visible, parsed=parsed, terms=terms, dates=dates)
    candidates = routes[0].union(*routes[1:], all=True) if len(routes) > 1 else routes[0]
    try:
        visible_sql, visible_params = visible.query.get_compiler(using=visible.db).as_sql()
        candidate_sql, candidate_params = candidates.query.get_compiler(using=visible.db).as_sql()
    except EmptyResultSet:  # the user may see no one
        return []
    words = terms.words if terms else ()
    query_params: list[Any] = [
        list(words),
        list(terms.nicknames) if terms else [],
        list(terms.first_codes) if terms else [],
        list(terms.last_codes) if terms else [],
        terms.text if terms else None,
        "-".join(words) if len(words) >= 2 else None,
        dates[0] if dates else None,
        dates[1] if len(dates) > 1 else None,
        parsed.nhs_number or None,
        list(parsed.upns),
        list(parsed.la_child_ids),
        parsed.postcode or None,
    ]
    sql = f"""
        WITH q AS (
            SELECT %s::text[] AS words, %s::text[] AS nicknames, %s::text[] AS first_codes,
                   %s::text[] AS last_codes, %s::text AS name_text,
                   %s::text AS surname_words,
                   %s::date AS dob, %s::date AS dob_swapped, %s::text AS nhs_number,
                   %s::text[] AS upns, %s::text[] AS la_child_ids, %s::text AS postcode
        ),
        candidate AS MATERIALIZED (
            SELECT p.id, p.first_name, p.last_name, p.known_as, p.kind, p.date_of_birth,
                   p.expected_date_of_birth, p.search_name, {_match_columns_sql(terms)}
            FROM ({visible_sql}) AS p
            CROSS JOIN q
            CROSS JOIN LATERAL (
                SELECT replace(lower(p.first_name), '''', '') AS first_name,
                       replace(lower(p.known_as), '''', '') AS known_as,
                       replace(lower(p.last_name), '''', '') AS last_name,
                       split_part(translate(replace(lower(p.last_name), '''', ''), ' ', '-'),
                                  '-', 1) AS last_part_1,
                       split_part(translate(replace(lower(p.last_name), '''', ''), ' ', '-'),
                                  '-', 2) AS last_part_2
                OFFSET 0  -- computed once per person, not at every use below
            ) AS n
            WHERE p.id = ANY(ARRAY({candidate_sql}))
        ),
        scored AS MATERIALIZED (
            SELECT c.*, ({_name_score_sql(terms)})::float8 AS name_score
            FROM candidate AS c CROSS JOIN q
        ),
        ranked AS (
            SELECT s.*, {_score_sql(parsed=parsed, terms=terms, dates=dates)} AS score
            FROM scored AS s
            ORDER BY score DESC, s.last_name, s.first_name, s.id
            LIMIT %s
        )
        SELECT r.*,
               coalesce((SELECT a.postcode FROM people_address AS a WHERE a.person_id = r.id
                         ORDER BY a.end_date IS NULL DESC, a.start_date DESC, a.id DESC
                         LIMIT 1), '') AS postcode
        FROM ranked AS r
        ORDER BY r.score DESC, r.last_name, r.first_name, r.id
    """  # noqa: S608 - the interpolated parts are our own SQL; values are parameters.
    params = [*query_params, *visible_params, *candidate_params, limit]
    with connections[visible.db].cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _prepare_name_terms(parsed: ParsedQuery, *, using: str) -> _NameTerms:
    """Set the transaction's trigram threshold and planner setting; get the words' codes."""
    words = parsed.words
    nickname_forms = tuple(sorted(nicknames.names_in_groups(words) - set(words)))
    to_code = [*words, *nickname_forms]
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),
                   set_config('enable_seqscan', 'off', true),
                   ARRAY(SELECT dmetaphone(w) FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, i)
                         ORDER BY i)
            """,
            [str(WORD_SIMILARITY_THRESHOLD), to_code],
        )
        row = cursor.fetchone()
    codes = dict(zip(to_code, row[2] if row else [], strict=False))
    return _NameTerms(
        words=words,
        nicknames=nickname_forms,
        first_codes=tuple(sorted({codes.get(w) or "" for w in to_code} - {""})),
        last_codes=tuple(sorted({codes.get(w) or "" for w in words} - {""})),
        letter_keys=tuple(sorted({letter_set(w) for w in words if len(set(w)) >= 3})),
        text=" ".join(words),
    )


_NAME_KEYS = Func(
    F("first_name"),
    F("last_name"),
    F("known_as"),
    function="person_search_name_keys",
    output_field=ArrayField(TextField()),
)


def _candidate_routes(
    *,
    visible: QuerySet[Person],
    parsed: ParsedQuery,
    terms: _NameTerms | None,
    dates: list[datetime.date],
) -> list[QuerySet[Any]]:
    routes: list[QuerySet[Any]] = []
    if terms is not None:
        # Separate routes, not one OR: a bitmap heap scan over an OR of a trigram condition
        # (lossy, rechecked row by row) and the name keys would recompute the keys per row.
        for condition in _name_conditions(terms):
            routes.append(
                visible.alias(name_keys=_NAME_KEYS).filter(condition).values("pk")[:CANDIDATE_CAP]
            )
    identifiers = Q()
    if parsed.nhs_number:
        identifiers |= Q(nhs_number=parsed.nhs_number)
    if parsed.upns:
        identifiers |= Q(upn__in=parsed.upns) | Q(former_upn__in=parsed.upns)
    if parsed.la_child_ids:
        identifiers |= Q(la_child_id__in=parsed.la_child_ids)
    if identifiers:
        routes.append(visible.filter(identifiers).values("pk"))
    if parsed.postcode:
        addresses = Address.objects.alias(
            normalised=Upper(Replace(F("postcode"), Value(" "), Value("")))
        ).filter(normalised=parsed.postcode)
        routes.append(
            visible.filter(pk__in=addresses.values("person_id")).values("pk")[:CANDIDATE_CAP]
        )
    if dates:
        routes.append(
            visible.filter(Q(date_of_birth__in=dates) | Q(expected_date_of_birth__in=dates)).values(
                "pk"
            )[:CANDIDATE_CAP]
        )
    if not routes:
        routes.append(visible.none().values("pk"))
    return routes


def _name_conditions(terms: _NameTerms) -> list[Q]:
    """Index-backed conditions for the name: the same keys, or trigram word similarity."""
    conditions: list[Q] = []
    first_keys, last_keys = terms.first_keys(), terms.last_keys()
    if len(terms.key_words) >= 2 and first_keys and last_keys:
        # One word must match a surname and another a first name, in either order.
        conditions.append(Q(name_keys__overlap=last_keys) & Q(name_keys__overlap=first_keys))
    elif first_keys or last_keys:
        conditions.append(Q(name_keys__overlap=sorted({*first_keys, *last_keys})))
    # Nicknames are left to the keys: a trigram scan per formal name costs 5 to 25 ms each.
    if len(terms.text) >= 3:
        conditions.append(Q(search_name__trigram_word_similar=terms.text))
    return conditions


def _typo_sql(column: str, words: Sequence[str]) -> str:
    """True when the name is a typing slip away from a word of 4 letters or more: two edits
    (Levenshtein) from 5 letters ("Smtih", "Wiliams"); one edit, or two letters swapped
    ("Jonh"), for 4 letters. Three-letter words only match by sound, so Jen is not Jon.

    The candidates were already found by sound, letters or trigrams; this only grades them.
    """
    tests = []
    for i, word in enumerate(words, start=1):
        word_sql = f"q.words[{i}]"
        if len(word) >= 5:
            tests.append(f"levenshtein_less_equal({column}, {word_sql}, 2) <= 2")
        elif len(word) == 4:
            tests.append(
                f"(levenshtein_less_equal({column}, {word_sql}, 1) <= 1"
                f" OR (length({column}) = 4 AND translate({column}, {word_sql}, '') = ''"
                f" AND levenshtein_less_equal({column}, {word_sql}, 2) <= 2))"
            )
    return f"({' OR '.join(tests)})" if tests else "false"


def _first_match_sql(column: str, words: Sequence[str]) -> str:
    """Bit flags for a first or known-as name: EXACT, NICKNAME, or SOUND and/or TYPO."""
    return f"""CASE
        WHEN {column} = ANY(q.words) THEN {EXACT}
        WHEN {column} = ANY(q.nicknames) THEN {NICKNAME}
        ELSE CASE WHEN dmetaphone({column}) = ANY(q.first_codes) THEN {SOUND} ELSE 0 END
             + CASE WHEN {_typo_sql(column, words)} THEN {TYPO} ELSE 0 END
    END"""


def _match_columns_sql(terms: _NameTerms | None) -> str:
    """Per candidate: how its first name, known-as name and surname match the words, and
    whether each identifier, the postcode and the date of birth match. `n` holds the names in
    lower case without apostrophes; `q` the query's values."""
    words = terms.words if terms else ()
    return f"""
    {_first_match_sql("n.first_name", words)} AS first_match,
    CASE WHEN n.known_as = '' THEN 0
         ELSE {_first_match_sql("n.known_as", words)} END AS known_match,
    CASE
        WHEN translate(n.last_name, ' ', '-') = q.surname_words THEN {LAST_ALL_WORDS}
        WHEN n.last_name = ANY(q.words) THEN {LAST_EXACT}
        WHEN n.last_part_2 <> '' AND (n.last_part_1 = ANY(q.words)
                                      OR n.last_part_2 = ANY(q.words)) THEN {LAST_PART}
        ELSE
            CASE
                WHEN dmetaphone(n.last_name) = ANY(q.last_codes) THEN {LAST_SOUND}
                WHEN n.last_part_2 <> '' AND (dmetaphone(n.last_part_1) = ANY(q.last_codes)
                                              OR dmetaphone(n.last_part_2) = ANY(q.last_codes))
                     THEN {LAST_PART_SOUND}
                ELSE 0
            END
            + CASE
                WHEN {_typo_sql("n.last_name", words)} THEN {LAST_TYPO}
                WHEN n.last_part_2 <> '' AND ({_typo_sql("n.last_part_1", words)}
                                              OR {_typo_sql("n.last_part_2", words)})
                     THEN {LAST_PART_TYPO}
                ELSE 0
            END
    END AS last_match,
    CASE
        WHEN p.date_of_birth = q.dob OR p.expected_date_of_birth = q.dob THEN 2
        WHEN p.date_of_birth = q.dob_swapped OR p.expected_date_of_birth = q.dob_swapped THEN 1
        ELSE 0
    END AS dob_kind,
    coalesce(p.date_of_birth IS NULL AND p.expected_date_of_birth IN (q.dob, q.dob_swapped),
             false) AS dob_is_expected,
    coalesce(p.nhs_number = q.nhs_number, false) AS nhs_match,
    coalesce(p.upn = ANY(q.upns), false) AS upn_match,
    coalesce(p.former_upn = ANY(q.upns), false) AS former_upn_match,
    coalesce(p.la_child_id = ANY(q.la_child_ids), false) AS la_child_id_match,
    q.postcode IS NOT NULL AND EXISTS (
        SELECT 1 FROM people_address AS a
        WHERE a.person_id = p.id AND upper(replace(a.postcode, ' ', '')) = q.postcode
    ) AS postcode_match
"""  # noqa: S608 - only our own SQL and word positions are interpolated.


def _name_score_sql(terms: _NameTerms | None) -> str:
    """How well the name matches, 0..1, from how the first (or known-as) name and the surname
    match: exact 1, a nickname or part of a hyphenated surname 0.9, same sound and a typing
    slip 0.85, either 0.8 (0.75 for part of a hyphenated surname); or trigram word
    similarity (as the `<%` route uses) when that is higher.

    Similarity is the costliest part of scoring, so it is skipped when the words already
    match (nearly) exactly.
    """
    if terms is None:
        return "0.0"

    def first(column: str) -> str:
        return f"""CASE WHEN {column} & {EXACT} > 0 THEN 1.0
                        WHEN {column} & {NICKNAME} > 0 THEN 0.9
                        WHEN {column} & {SOUND | TYPO} = {SOUND | TYPO} THEN 0.85
                        WHEN {column} & {SOUND | TYPO} > 0 THEN 0.8
                        ELSE 0 END"""

    whole, part = LAST_SOUND | LAST_TYPO, LAST_PART_SOUND | LAST_PART_TYPO
    last = f"""CASE WHEN c.last_match & {LAST_EXACT} > 0 THEN 1.0
                    WHEN c.last_match & {LAST_PART} > 0 THEN 0.9
                    WHEN c.last_match & {whole} = {whole} THEN 0.85
                    WHEN c.last_match & {whole} > 0 THEN 0.8
                    WHEN c.last_match & {part} = {part} THEN 0.8
                    WHEN c.last_match & {part} > 0 THEN 0.75
                    ELSE 0 END"""
    first_name = f"GREATEST({first('c.first_match')}, {first('c.known_match')})"
    # Two or more words are a first name and a surname, unless they are the whole surname
    # ("Smith Jones" for Smith-Jones); one word may be either.
    if len(terms.key_words) >= 2:
        structured = f"""CASE WHEN c.last_match & {LAST_ALL_WORDS} > 0 THEN 1.0
                              ELSE (({first_name}) + ({last})) / 2 END"""
    else:
        structured = f"GREATEST({first_name}, {last})"
    # 0.9: a name found only by trigrams never outranks one whose words all match exactly.
    return f"""CASE WHEN {structured} >= 0.95 THEN {structured}
                    ELSE GREATEST({structured},
                                  0.9 * word_similarity(q.name_text, c.search_name)) END"""


def _score_sql(*, parsed: ParsedQuery, terms: _NameTerms | None, dates: list[datetime.date]) -> str:
    """The 0..1 score: a weighted mean of what was searched for, or 1 for an identifier."""
    parts: list[tuple[float, str]] = []
    if terms is not None:
        parts.append((NAME_WEIGHT, "s.name_score"))
    if dates:
        parts.append(
            (
                DATE_OF_BIRTH_WEIGHT,
                "CASE s.dob_kind WHEN 2 THEN 1.0 WHEN 1 THEN 0.7 ELSE 0 END",
            )
        )
    if parsed.postcode:
        parts.append((POSTCODE_WEIGHT, "CASE WHEN s.postcode_match THEN 1.0 ELSE 0 END"))
    identifier = (
        "CASE WHEN s.nhs_match OR s.upn_match OR s.former_upn_match OR s.la_child_id_match "
        "THEN 1.0 ELSE 0 END"
    )
    if not parts:
        return f"({identifier})::float8"
    total = sum(weight for weight, _ in parts)
    mean = " + ".join(f"{weight / total:.4f} * ({expression})" for weight, expression in parts)
    return f"LEAST(1.0, GREATEST({identifier}, {mean}))::float8"


def _to_match(row: dict[str, Any], parsed: ParsedQuery) -> PersonMatch:
    return PersonMatch(
        person_id=row["id"],
        full_name=f"{row['first_name']} {row['last_name']}",
        known_as=row["known_as"],
        kind=row["kind"],
        date_of_birth=row["date_of_birth"],
        expected_date_of_birth=row["expected_date_of_birth"],
        postcode=row["postcode"] or "",
        score=round(float(row["score"]), 4),
        reasons=_reasons(row, parsed),
    )


def _reasons(row: dict[str, Any], parsed: ParsedQuery) -> tuple[str, ...]:
    """Why this person matched, in the words a social worker would use."""
    reasons: list[str] = []
    if row["nhs_match"]:
        reasons.append("NHS number matches")
    if row["upn_match"]:
        reasons.append("UPN matches")
    if row["former_upn_match"]:
        reasons.append("Former UPN matches")
    if row["la_child_id_match"]:
        reasons.append("LA child ID matches")
    if parsed.words:
        reasons.extend(_name_reasons(row, parsed))
    if row["dob_kind"]:
        label = "Expected date of birth" if row["dob_is_expected"] else "Date of birth"
        if row["dob_kind"] == DOB_EXACT:
            reasons.append(f"{label} matches")
        else:
            reasons.append(f"{label} matches with day and month swapped")
    if row["postcode_match"]:
        reasons.append("Postcode matches")
    return tuple(reasons)


def _name_reasons(row: dict[str, Any], parsed: ParsedQuery) -> list[str]:
    words = parsed.words
    first, last, known_as = row["first_name"], row["last_name"], row["known_as"]
    first_match, known_match, last_match = (
        row["first_match"],
        row["known_match"],
        row["last_match"],
    )
    name_score = float(row["name_score"])
    reasons: list[str] = []
    if name_score >= 0.995:
        reasons.append(f"Name matches ‘{parsed.name_text}’")
    elif name_score > 0:
        reasons.append(f"Name similar to ‘{parsed.name_text}’ ({round(name_score * 100)}%)")
    if len(words) >= 2 and _plain(last) == words[0] and _plain(first) in words[1:]:
        reasons.append("First name and surname in the other order")
    if last_match & LAST_ALL_WORDS:
        reasons.append(f"Surname {last}")
    elif last_match & LAST_PART:
        reasons.append(f"Part of the surname {last}")
    elif last_match & (LAST_SOUND | LAST_PART_SOUND):
        reasons.append(f"Sounds like {last}")
    elif last_match & (LAST_TYPO | LAST_PART_TYPO):
        reasons.append(f"Spelt like {last}")
    if first_match & NICKNAME:
        reasons.append(_nickname_reason(first, words))
    elif first_match & SOUND:
        reasons.append(f"Sounds like {first}")
    elif first_match & TYPO:
        reasons.append(f"Spelt like {first}")
    if known_match:
        reasons.append(f"Known as {known_as}")
    return reasons


def _nickname_reason(first_name: str, words: Sequence[str]) -> str:
    plain = _plain(first_name)
    for word in words:
        formal = nicknames.shared_formal_name(word, plain)
        if formal is None:
            continue
        if formal == plain:
            return f"{word.capitalize()} is short for {first_name}"
        if formal == word:
            return f"{first_name} is short for {word.capitalize()}"
        return f"{word.capitalize()} and {first_name} are both short for {formal.capitalize()}"
    return f"Another form of {first_name}"  # pragma: no cover - SQL and Python lists agree


def _plain(name: str) -> str:
    return name.lower().replace("'", "")
