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
2. Each candidate is scored 0..1 from what matched (see `scoring`), and the best `limit` are
   returned with the reasons for each in plain English.
"""

from __future__ import annotations

import datetime
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
from haven.search import nicknames, scoring
from haven.search.parsing import ParsedQuery, parse_details, parse_query, surname_key
from haven.search.scoring import NameTerms

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
# Matching a contact's details shows weaker candidates too: the hub must see a possible twin or
# a record with a misspelt name rather than open a second record for the same child.
MATCH_MIN_SCORE = 0.4
MAX_LIMIT = 100
MAX_ADDRESS_LENGTH = 300


@dataclass(frozen=True)
class PersonMatch:
    """One person found: what to show, the 0..1 score and why they matched."""

    person_id: int
    full_name: str
    known_as: str
    kind: str
    date_of_birth: datetime.date | None
    expected_date_of_birth: datetime.date | None
    postcode: str
    score: float
    reasons: tuple[str, ...]
    # A restricted record the user may not open: shown as a stub with no details (R7).
    restricted: bool = False

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
    visible, stubs = policy.search_scope(user)
    with transaction.atomic(using=visible.db):
        found = _find(
            visible=visible,
            stubs=stubs,
            criteria=_Criteria(parsed=parsed, date_of_birth=date_of_birth),
            limit=limit,
            min_score=MIN_SCORE,
        )
        if getattr(user, "is_authenticated", False):
            audit(
                actor=user,
                action="SEARCH",
                object_type="person_search",
                detail=search_kind(parsed=parsed, date_of_birth=date_of_birth),
            )
    return found


@dataclass(frozen=True)
class PersonDetails:
    """What someone else tells us about a person (a contact, a partner system): every field
    optional, each compared with the record's own."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: datetime.date | None = None
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    # The street line, as typed ("12 Oak Road, Haven"): compared by trigram similarity with
    # the first line of each of the person's addresses.
    address: str = ""

    @property
    def given(self) -> tuple[str, ...]:
        """Which details were given (for the audit trail: the kinds, never the values)."""
        labels = {
            "first_name": "first name",
            "last_name": "surname",
            "date_of_birth": "date of birth",
            "nhs_number": "NHS number",
            "upn": "UPN",
            "postcode": "postcode",
            "address": "address",
        }
        return tuple(label for name, label in labels.items() if getattr(self, name))


def person_match(
    *,
    details: PersonDetails,
    visible: QuerySet[Person],
    stubs: QuerySet[Person],
    limit: int = 10,
    min_score: float = MATCH_MIN_SCORE,
) -> list[PersonMatch]:
    """The people in `visible` who may be the person these details describe, best first: the
    same candidates, scores and reasons as `person_search`, from structured fields. Unlike a
    search, a different first name (a twin) or identifier lowers the score and is a reason.

    The caller decides who may be found (`visible`) and which of them only as a stub, and
    writes the audit row: this is the matching engine, not a page."""
    parsed = parse_details(
        first_name=details.first_name,
        last_name=details.last_name,
        nhs_number=details.nhs_number,
        upn=details.upn,
        postcode=details.postcode,
    )
    address = " ".join(details.address.lower().split())[:MAX_ADDRESS_LENGTH]
    if parsed.is_empty and details.date_of_birth is None:
        return []
    with transaction.atomic(using=visible.db):
        return _find(
            visible=visible,
            stubs=stubs,
            criteria=_Criteria(
                parsed=parsed,
                date_of_birth=details.date_of_birth,
                address=address,
                structured=True,
                given_surname=surname_key(details.last_name),
            ),
            limit=limit,
            min_score=min_score,
        )


@dataclass(frozen=True)
class _Criteria:
    """What to look for: a parsed query and date of birth, and for structured details the
    address line and the rules that tell a twin apart."""

    parsed: ParsedQuery
    date_of_birth: datetime.date | None = None
    address: str = ""
    structured: bool = False
    given_surname: str = ""  # a surname of several parts, as "ali-khan"


def _find(
    *,
    visible: QuerySet[Person],
    stubs: QuerySet[Person],
    criteria: _Criteria,
    limit: int,
    min_score: float,
) -> list[PersonMatch]:
    """Candidates, scores and reasons, restricted records as stubs. Runs in the caller's
    transaction (the name terms set transaction-local settings)."""
    limit = max(1, min(limit, MAX_LIMIT))
    # A record merged into another is no longer a person of its own (haven.people.merging).
    visible = visible.filter(merged_into__isnull=True)
    rows, terms = (
        ([], None)
        if visible.query.is_empty()
        else _search(visible=visible, criteria=criteria, limit=limit)
    )
    found = [_to_match(row, criteria.parsed, terms) for row in rows if row["score"] >= min_score]
    if not found:
        return found
    stub_ids = set(stubs.filter(pk__in=[m.person_id for m in found]).values_list("pk", flat=True))
    return [_as_stub(m) if m.person_id in stub_ids else m for m in found]


def _as_stub(match: PersonMatch) -> PersonMatch:
    """Nothing about a restricted record but that it exists and its number."""
    return PersonMatch(
        person_id=match.person_id,
        full_name="Restricted record",
        known_as="",
        kind=match.kind,
        date_of_birth=None,
        expected_date_of_birth=None,
        postcode="",
        score=match.score,
        reasons=(),
        restricted=True,
    )


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


def _search(
    *, visible: QuerySet[Person], criteria: _Criteria, limit: int
) -> tuple[list[dict[str, Any]], NameTerms | None]:
    parsed, date_of_birth = criteria.parsed, criteria.date_of_birth
    dates = [
        d
        for d in (date_of_birth, date_of_birth and swapped_day_and_month(date_of_birth))
        if d is not None
    ]
    terms = (
        _prepare_name_terms(
            parsed,
            using=visible.db,
            structured=criteria.structured,
            given_surname=criteria.given_surname,
        )
        if parsed.words
        else None
    )
    routes = _candidate_routes(visible=visible, parsed=parsed, terms=terms, dates=dates)
    candidates = routes[0].union(*routes[1:], all=True) if len(routes) > 1 else routes[0]
    try:
        visible_sql, visible_params = visible.query.get_compiler(using=visible.db).as_sql()
        candidate_sql, candidate_params = candidates.query.get_compiler(using=visible.db).as_sql()
    except EmptyResultSet:  # the user may see no one
        return [], terms
    query_columns: list[tuple[str, str, Any]] = [
        ("dob", "date", dates[0] if dates else None),
        ("dob_swapped", "date", dates[1] if len(dates) > 1 else None),
        ("nhs_number", "text", parsed.nhs_number or None),
        ("upns", "text[]", list(parsed.upns)),
        ("la_child_ids", "text[]", list(parsed.la_child_ids)),
        ("postcode", "text", parsed.postcode or None),
        ("address", "text", criteria.address or None),
        *(terms.query_columns() if terms else []),
    ]
    q_sql = ", ".join(f"%s::{kind} AS {name}" for name, kind, _ in query_columns)
    first_name_differs = scoring.first_name_differs_sql(terms, structured=criteria.structured)
    score = scoring.score_sql(
        parsed=parsed,
        has_name=terms is not None,
        dates=dates,
        has_address=bool(criteria.address),
        structured=criteria.structured,
    )
    sql = f"""
        WITH q AS (SELECT {q_sql}),
        candidate AS MATERIALIZED (
            SELECT p.id, p.first_name, p.last_name, p.known_as, p.kind, p.date_of_birth,
                   p.expected_date_of_birth, p.search_name, m.*,
                   CASE
                       WHEN p.date_of_birth = q.dob OR p.expected_date_of_birth = q.dob THEN 2
                       WHEN p.date_of_birth = q.dob_swapped
                         OR p.expected_date_of_birth = q.dob_swapped THEN 1
                       ELSE 0
                   END AS dob_kind,
                   coalesce(p.date_of_birth IS NULL
                            AND p.expected_date_of_birth IN (q.dob, q.dob_swapped),
                            false) AS dob_is_expected,
                   coalesce(p.nhs_number = q.nhs_number, false) AS nhs_match,
                   coalesce(p.upn = ANY(q.upns), false) AS upn_match,
                   coalesce(p.former_upn = ANY(q.upns), false) AS former_upn_match,
                   coalesce(p.la_child_id = ANY(q.la_child_ids), false) AS la_child_id_match,
                   q.postcode IS NOT NULL AND EXISTS (
                       SELECT 1 FROM people_address AS a
                       WHERE a.person_id = p.id AND upper(replace(a.postcode, ' ', '')) = q.postcode
                   ) AS postcode_match,
                   {_differences_sql(criteria)}
            FROM ({visible_sql}) AS p
            CROSS JOIN q
            CROSS JOIN LATERAL ({scoring.names_sql()}) AS n
            CROSS JOIN LATERAL ({scoring.word_matches_sql(terms)}) AS m
            WHERE p.id = ANY(ARRAY({candidate_sql}))
        ),
        scored AS MATERIALIZED (
            SELECT c.*, ({scoring.name_score_sql(terms)})::float8 AS name_score,
                   {first_name_differs} AS first_name_differs
            FROM candidate AS c
            CROSS JOIN q
            CROSS JOIN LATERAL ({scoring.word_evidence_sql(terms)}) AS e
        ),
        ranked AS (
            SELECT s.*,
                   {score} AS score
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
    """  # nosec B608 # noqa: S608 - interpolated parts are our own SQL; values are parameters
    params = [
        *(value for _, _, value in query_columns),
        *visible_params,
        *candidate_params,
        limit,
    ]
    with connections[visible.db].cursor() as cursor:
        cursor.execute(sql, params)
        columns = [column.name for column in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()], terms


def _differences_sql(criteria: _Criteria) -> str:
    """Columns for structured details: how alike the address line is (0..1), and whether the
    record has another NHS number or UPN than the one given. Only the candidates pay for them."""
    if not criteria.structured:
        return "0.0::float8 AS address_similarity, false AS nhs_differs, false AS upn_differs"
    address = "0.0::float8"
    if criteria.address:
        address = """coalesce((
            SELECT max(GREATEST(word_similarity(lower(a.line_1), q.address),
                                word_similarity(q.address, lower(a.line_1))))
            FROM people_address AS a WHERE a.person_id = p.id), 0)::float8"""
    return f"""{address} AS address_similarity,
        coalesce(q.nhs_number IS NOT NULL AND p.nhs_number <> ''
                 AND p.nhs_number <> q.nhs_number, false) AS nhs_differs,
        coalesce(cardinality(q.upns) > 0 AND p.upn <> '' AND NOT p.upn = ANY(q.upns)
                 AND NOT p.former_upn = ANY(q.upns), false) AS upn_differs"""


def _prepare_name_terms(
    parsed: ParsedQuery, *, using: str, structured: bool = False, given_surname: str = ""
) -> NameTerms:
    """Set the transaction's trigram threshold and planner setting; get the words' codes."""
    words = tuple(w for w in parsed.words if len(w) >= 2)
    other_forms = [tuple(sorted(nicknames.other_forms(w))) for w in words]
    to_code = sorted({*words, *(form for forms in other_forms for form in forms)})
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            SELECT set_config('pg_trgm.word_similarity_threshold', %s, true),
                   set_config('enable_seqscan', 'off', true),
                   ARRAY(SELECT coalesce(dmetaphone(w), '')
                         FROM unnest(%s::text[]) WITH ORDINALITY AS t(w, i) ORDER BY i)
            """,
            [str(WORD_SIMILARITY_THRESHOLD), to_code],
        )
        row = cursor.fetchone()
    codes = dict(zip(to_code, row[2] if row else [], strict=False))
    return NameTerms(
        words=words,
        other_forms=tuple(other_forms),
        first_codes=tuple(
            tuple(sorted({codes.get(w, "")} | {codes.get(f, "") for f in forms}))
            for w, forms in zip(words, other_forms, strict=True)
        ),
        last_codes=tuple(codes.get(w, "") for w in words),
        letter_sets=tuple(sorted({letter_set(w) for w in words if len(set(w)) >= 3})),
        text=parsed.name_text,
        structured=structured,
        given_surname=given_surname,
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
    terms: NameTerms | None,
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


def _name_conditions(terms: NameTerms) -> list[Q]:
    """Index-backed conditions for the name: the same keys, or trigram word similarity."""
    conditions: list[Q] = []
    first_keys = sorted(
        {f"f{code}" for codes in terms.first_codes for code in codes if len(code) >= 2}
        | {f"f{letters}" for letters in terms.letter_sets}
    )
    last_keys = sorted(
        {f"l{code}" for code in terms.last_codes if len(code) >= 2}
        | {f"l{letters}" for letters in terms.letter_sets}
    )
    if len(terms.words) >= 2 and first_keys and last_keys:
        # One word must match a surname and another a first name, in either order.
        conditions.append(Q(name_keys__overlap=last_keys) & Q(name_keys__overlap=first_keys))
    elif first_keys or last_keys:
        conditions.append(Q(name_keys__overlap=sorted({*first_keys, *last_keys})))
    # Nicknames are left to the keys: a trigram scan per formal name costs 5 to 25 ms each.
    if len(terms.text) >= 3:
        conditions.append(Q(search_name__trigram_word_similar=terms.text))
    return conditions


def _to_match(row: dict[str, Any], parsed: ParsedQuery, terms: NameTerms | None) -> PersonMatch:
    return PersonMatch(
        person_id=row["id"],
        full_name=f"{row['first_name']} {row['last_name']}",
        known_as=row["known_as"],
        kind=row["kind"],
        date_of_birth=row["date_of_birth"],
        expected_date_of_birth=row["expected_date_of_birth"],
        postcode=row["postcode"] or "",
        score=round(float(row["score"]), 4),
        reasons=scoring.reasons(row, parsed, terms),
    )
