"""How a candidate's names match the query's words, scored in SQL and explained in English.

For every query word and every candidate, SQL records how the word matches the first name,
the known-as name and the surname, as bit flags (`first_1`, `known_1`, `last_1`, `first_2`,
...). The name score pairs one word with the first (or known-as) name and a different word
with the surname, so "Mohamed Ali" does not fully match Ali Ali, and "Smith John" matches
John Smith. Python turns the same flags into reasons.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from haven.search import nicknames
from haven.search.parsing import ParsedQuery

# Flags for a first or known-as name against one word.
EXACT, NICKNAME, SOUND, TYPO = 8, 4, 2, 1
# Flags for a surname against one word; the PART ones are for one part of a hyphenated surname.
LAST_EXACT, LAST_PART, LAST_PART_SOUND, LAST_PART_TYPO, LAST_SOUND, LAST_TYPO = 32, 16, 8, 4, 2, 1
DOB_EXACT, DOB_SWAPPED = 2, 1

# Weights of what was searched for; identifiers that match score 1 on their own.
NAME_WEIGHT = 0.6
DATE_OF_BIRTH_WEIGHT = 0.3
POSTCODE_WEIGHT = 0.2
ADDRESS_WEIGHT = 0.15
# Matching structured details (a contact's): the street line is the same from this similarity
# (pg_trgm word similarity, either way round), or probably the same street below it.
ADDRESS_SAME, ADDRESS_SIMILAR = 0.9, 0.6
# Matching structured details: a candidate whose first name matches none of the words, or who
# has a different NHS number or UPN, is more likely someone else (a twin, a sibling): the score
# is multiplied by this, so that the twin is a separate, weaker candidate.
DIFFERENT_PERSON_FACTOR = 0.7
# Matching structured details: a record whose surname is one part of the double-barrelled
# surname given ("Khan" for "Ali-Khan") scores this much of a full match of the words.
SURNAME_PART_FACTOR = 0.95


@dataclass(frozen=True)
class NameTerms:
    """The query's name words (two letters or more) and what each is compared with."""

    words: tuple[str, ...]
    other_forms: tuple[tuple[str, ...], ...]  # nicknames and formal names of each word
    first_codes: tuple[tuple[str, ...], ...]  # Double Metaphone of each word and its forms
    last_codes: tuple[str, ...]  # Double Metaphone of each word ("" when it has none)
    letter_sets: tuple[str, ...]  # for the name keys index
    text: str  # every word, for trigram similarity
    # Structured details (a contact's) say which words are the first name and the surname.
    structured: bool = False
    # Their surname when it has several parts ("ali-khan"): matched whole, not word by word.
    given_surname: str = ""

    @property
    def surname_words(self) -> str | None:
        """What a whole surname is compared with: the surname given in structured details,
        or every word of a search (a double-barrelled surname typed as two words)."""
        if self.structured:
            return self.given_surname or None
        return "-".join(self.words) if len(self.words) >= 2 else None

    def query_columns(self) -> list[tuple[str, str, Any]]:
        """(column, SQL type, value) for the `q` row the match SQL reads."""
        columns: list[tuple[str, str, Any]] = [
            ("name_text", "text", self.text),
            ("surname_words", "text", self.surname_words),
        ]
        for i, word in enumerate(self.words, start=1):
            columns += [
                (f"w{i}", "text", word),
                (f"nick{i}", "text[]", list(self.other_forms[i - 1])),
                (f"fc{i}", "text[]", [c for c in self.first_codes[i - 1] if c]),
                (f"lc{i}", "text", self.last_codes[i - 1] or None),
            ]
        return columns


def names_sql() -> str:
    """The candidate's names in lower case without apostrophes, and their sounds."""
    first = "replace(lower(p.first_name), '''', '')"
    known = "replace(lower(p.known_as), '''', '')"
    last = "replace(lower(p.last_name), '''', '')"
    part_1 = f"split_part(translate({last}, ' ', '-'), '-', 1)"
    part_2 = f"split_part(translate({last}, ' ', '-'), '-', 2)"
    return f"""
        SELECT {first} AS first_name, {known} AS known_as, {last} AS last_name,
               {part_1} AS last_part_1, {part_2} AS last_part_2,
               dmetaphone({first}) AS first_code, dmetaphone({known}) AS known_code,
               dmetaphone({last}) AS last_code,
               dmetaphone({part_1}) AS last_part_1_code, dmetaphone({part_2}) AS last_part_2_code
        OFFSET 0"""


def word_matches_sql(terms: NameTerms | None) -> str:
    """Columns of flags: how each word matches the first, known-as and surname (`n`)."""
    if terms is None or not terms.words:
        return "SELECT false AS surname_all_words OFFSET 0"
    columns = [
        "coalesce(translate(n.last_name, ' ', '-') = q.surname_words, false) AS surname_all_words"
    ]
    for i, word in enumerate(terms.words, start=1):
        w = f"q.w{i}"
        columns.append(f"{_first_flags_sql('n.first_name', 'n.first_code', i, word)} AS first_{i}")
        columns.append(
            f"CASE WHEN n.known_as = '' THEN 0 ELSE "
            f"{_first_flags_sql('n.known_as', 'n.known_code', i, word)} END AS known_{i}"
        )
        has_parts = "n.last_part_2 <> ''"
        columns.append(f"""CASE
            WHEN n.last_name = {w} THEN {LAST_EXACT}
            WHEN {has_parts} AND {w} IN (n.last_part_1, n.last_part_2) THEN {LAST_PART}
            ELSE CASE WHEN n.last_code = q.lc{i} THEN {LAST_SOUND}
                      WHEN {has_parts} AND q.lc{i} IN (n.last_part_1_code, n.last_part_2_code)
                           THEN {LAST_PART_SOUND}
                      ELSE 0 END
               + CASE WHEN {_typo_sql("n.last_name", w, word)} THEN {LAST_TYPO}
                      WHEN {has_parts} AND ({_typo_sql("n.last_part_1", w, word)}
                                            OR {_typo_sql("n.last_part_2", w, word)})
                           THEN {LAST_PART_TYPO}
                      ELSE 0 END
        END AS last_{i}""")
    return "SELECT " + ",\n".join(columns) + "\nOFFSET 0"


def _first_flags_sql(name: str, code: str, i: int, word: str) -> str:
    return f"""CASE
        WHEN {name} = q.w{i} THEN {EXACT}
        WHEN {name} = ANY(q.nick{i}) THEN {NICKNAME}
        ELSE CASE WHEN {code} = ANY(q.fc{i}) THEN {SOUND} ELSE 0 END
             + CASE WHEN {_typo_sql(name, f"q.w{i}", word)} THEN {TYPO} ELSE 0 END
    END"""


def _typo_sql(name: str, word_sql: str, word: str) -> str:
    """True when the name is a typing slip away from a word of 4 letters or more: two edits
    (Levenshtein) from 5 letters ("Smtih", "Wiliams"); one edit, or two letters swapped
    ("Jonh"), for 4 letters. Three-letter words only match by sound, so Jen is not Jon.

    The candidates were already found by sound, letters or trigrams; this only grades them.
    """
    if len(word) >= 5:
        return f"levenshtein_less_equal({name}, {word_sql}, 2) <= 2"
    if len(word) == 4:
        return (
            f"(levenshtein_less_equal({name}, {word_sql}, 1) <= 1"
            f" OR (length({name}) = 4 AND translate({name}, {word_sql}, '') = ''"
            f" AND levenshtein_less_equal({name}, {word_sql}, 2) <= 2))"
        )
    return "false"


def word_evidence_sql(terms: NameTerms | None) -> str:
    """Per word, 0..1: how well it matches the first (or known-as) name, and the surname.

    Exact 1; a nickname or part of a hyphenated surname 0.9; same sound and a typing slip
    0.85; either 0.8 (0.75 for part of a hyphenated surname).
    """
    if terms is None or not terms.words:
        return "SELECT 0 AS unused OFFSET 0"

    def first(flags: str) -> str:
        return f"""CASE WHEN {flags} & {EXACT} > 0 THEN 1.0
                        WHEN {flags} & {NICKNAME} > 0 THEN 0.9
                        WHEN {flags} & {SOUND | TYPO} = {SOUND | TYPO} THEN 0.85
                        WHEN {flags} & {SOUND | TYPO} > 0 THEN 0.8
                        ELSE 0 END"""

    def last(flags: str) -> str:
        whole, part = LAST_SOUND | LAST_TYPO, LAST_PART_SOUND | LAST_PART_TYPO
        return f"""CASE WHEN {flags} & {LAST_EXACT} > 0 THEN 1.0
                        WHEN {flags} & {LAST_PART} > 0 THEN 0.9
                        WHEN {flags} & {whole} = {whole} THEN 0.85
                        WHEN {flags} & {whole} > 0 THEN 0.8
                        WHEN {flags} & {part} = {part} THEN 0.8
                        WHEN {flags} & {part} > 0 THEN 0.75
                        ELSE 0 END"""

    columns = []
    for i in range(1, len(terms.words) + 1):
        columns.append(f"GREATEST({first(f'c.first_{i}')}, {first(f'c.known_{i}')}) AS f{i}")
        columns.append(f"{last(f'c.last_{i}')} AS l{i}")
    return "SELECT " + ",\n".join(columns) + "\nOFFSET 0"


def name_score_sql(terms: NameTerms | None) -> str:
    """How well the name matches, 0..1: the best pairing of one word with the first name and
    another with the surname (one word may match either), or the whole query as the surname;
    or trigram word similarity (as the `<%` route uses) when that is higher.

    Similarity is the costliest part of scoring, so it is skipped for (nearly) exact names.
    """
    if terms is None:
        return "0.0"
    count = len(terms.words)
    if count == 0:
        paired = "0.0"
    elif count == 1:
        paired = "GREATEST(e.f1, e.l1)"
    else:
        pairs = ", ".join(
            f"(e.f{i} + e.l{j}) / 2"
            for i in range(1, count + 1)
            for j in range(1, count + 1)
            if i != j
        )
        if terms.structured:
            # The whole surname given ("Ali-Khan") with the best first-name word; a record
            # whose surname is only a part of it ("Khan") is close, but not the same name.
            best_first = "GREATEST(" + ", ".join(f"e.f{i}" for i in range(1, count + 1)) + ")"
            part_only = SURNAME_PART_FACTOR if terms.given_surname else 1
            paired = (
                f"CASE WHEN c.surname_all_words THEN (1.0 + {best_first}) / 2 "
                f"ELSE GREATEST({pairs}) * {part_only} END"
            )
        else:
            paired = f"CASE WHEN c.surname_all_words THEN 1.0 ELSE GREATEST({pairs}) END"
    # 0.9: a name found only by trigrams never outranks one whose words all match exactly.
    return f"""CASE WHEN {paired} >= 0.95 THEN {paired}
                    ELSE GREATEST({paired},
                                  0.9 * word_similarity(q.name_text, c.search_name)) END"""


def first_name_differs_sql(terms: NameTerms | None, *, structured: bool) -> str:
    """True when structured details gave a first name and a surname and no word matches the
    candidate's first or known-as name in any way: same surname, different child."""
    if not structured or terms is None or len(terms.words) < 2:
        return "false"
    unmatched = " AND ".join(
        f"c.first_{i} = 0 AND c.known_{i} = 0" for i in range(1, len(terms.words) + 1)
    )
    return f"({unmatched})"


def score_sql(
    *,
    parsed: ParsedQuery,
    has_name: bool,
    dates: Sequence[datetime.date],
    has_address: bool = False,
    structured: bool = False,
) -> str:
    """The 0..1 score: a weighted mean of what was searched for, or 1 for an identifier. For
    structured details, a different first name or identifier lowers it (DIFFERENT_PERSON_FACTOR)."""
    parts: list[tuple[float, str]] = []
    if has_name:
        parts.append((NAME_WEIGHT, "s.name_score"))
    if dates:
        parts.append(
            (DATE_OF_BIRTH_WEIGHT, "CASE s.dob_kind WHEN 2 THEN 1.0 WHEN 1 THEN 0.7 ELSE 0 END")
        )
    if parsed.postcode:
        parts.append((POSTCODE_WEIGHT, "CASE WHEN s.postcode_match THEN 1.0 ELSE 0 END"))
    if has_address:
        parts.append(
            (
                ADDRESS_WEIGHT,
                f"CASE WHEN s.address_similarity >= {ADDRESS_SAME} THEN 1.0 "
                f"WHEN s.address_similarity >= {ADDRESS_SIMILAR} THEN 0.5 ELSE 0 END",
            )
        )
    identifier = (
        "CASE WHEN s.nhs_match OR s.upn_match OR s.former_upn_match OR s.la_child_id_match "
        "THEN 1.0 ELSE 0 END"
    )
    if not parts:
        return f"({identifier})::float8"
    total = sum(weight for weight, _ in parts)
    mean = " + ".join(f"{weight / total:.4f} * ({expression})" for weight, expression in parts)
    if structured:
        mean = (
            f"({mean}) * CASE WHEN s.first_name_differs OR s.nhs_differs OR s.upn_differs "
            f"THEN {DIFFERENT_PERSON_FACTOR} ELSE 1 END"
        )
    return f"LEAST(1.0, GREATEST({identifier}, {mean}))::float8"


def reasons(row: dict[str, Any], parsed: ParsedQuery, terms: NameTerms | None) -> tuple[str, ...]:
    """Why this person matched, in the words a social worker would use."""
    found: list[str] = []
    if row["nhs_match"]:
        found.append("NHS number matches")
    if row["upn_match"]:
        found.append("UPN matches")
    if row["former_upn_match"]:
        found.append("Former UPN matches")
    if row["la_child_id_match"]:
        found.append("LA child ID matches")
    if terms is not None:
        found.extend(_name_reasons(row, terms))
    if row["dob_kind"]:
        label = "Expected date of birth" if row["dob_is_expected"] else "Date of birth"
        if row["dob_kind"] == DOB_EXACT:
            found.append(f"{label} matches")
        else:
            found.append(f"{label} matches with day and month swapped")
    if row["postcode_match"]:
        found.append("Postcode matches")
    similarity = float(row.get("address_similarity") or 0)
    if similarity >= ADDRESS_SAME:
        found.append("Address matches")
    elif similarity >= ADDRESS_SIMILAR:
        found.append("Address similar: perhaps the same street")
    found.extend(_difference_reasons(row))
    return tuple(found)


def _difference_reasons(row: dict[str, Any]) -> list[str]:
    """What suggests a different person, for structured details (twins, siblings)."""
    found: list[str] = []
    if row.get("first_name_differs"):
        found.append(f"Different first name: {row['first_name']}")
        same_surname = any(
            value & LAST_EXACT
            for key, value in row.items()
            if key.startswith("last_") and key[5:].isdigit()
        )
        if same_surname and row["dob_kind"] == DOB_EXACT:
            found.append("Same surname and date of birth: may be a twin or sibling")
    if row.get("nhs_differs"):
        found.append("Different NHS number")
    if row.get("upn_differs"):
        found.append("Different UPN")
    return found


def _name_reasons(row: dict[str, Any], terms: NameTerms) -> list[str]:
    first, last, known_as = row["first_name"], row["last_name"], row["known_as"]
    count = len(terms.words)
    first_flags = [row[f"first_{i}"] for i in range(1, count + 1)]
    known_flags = [row[f"known_{i}"] for i in range(1, count + 1)]
    last_flags = [row[f"last_{i}"] for i in range(1, count + 1)]
    all_first, all_last = _union(first_flags), _union(last_flags)
    name_score = float(row["name_score"])
    found: list[str] = []
    if name_score >= 0.995:
        found.append(f"Name matches ‘{terms.text}’")
    elif name_score > 0:
        found.append(f"Name similar to ‘{terms.text}’ ({round(name_score * 100)}%)")
    exact_first = [i for i, f in enumerate(first_flags) if f & EXACT]
    exact_last = [i for i, f in enumerate(last_flags) if f & LAST_EXACT]
    if exact_first and exact_last and min(exact_last) < min(exact_first):
        found.append("First name and surname in the other order")
    if row["surname_all_words"]:
        found.append(f"Surname {last}")
    elif terms.given_surname and all_last & LAST_EXACT:
        found.append(f"Surname {last} is part of the surname given")
    elif not all_last & LAST_EXACT:
        if all_last & LAST_PART:
            found.append(f"Part of the surname {last}")
        elif all_last & (LAST_SOUND | LAST_PART_SOUND):
            found.append(f"Sounds like {last}")
        elif all_last & (LAST_TYPO | LAST_PART_TYPO):
            found.append(f"Spelt like {last}")
    if not all_first & EXACT:
        nickname_words = [w for w, f in zip(terms.words, first_flags, strict=True) if f & NICKNAME]
        if nickname_words:
            found.append(_nickname_reason(first, nickname_words[0]))
        elif all_first & SOUND:
            found.append(f"Sounds like {first}")
        elif all_first & TYPO:
            found.append(f"Spelt like {first}")
    if any(_first_rank(k) > _first_rank(f) for f, k in zip(first_flags, known_flags, strict=True)):
        found.append(f"Known as {known_as}")
    return found


def _first_rank(flags: int) -> int:
    """The order `word_evidence_sql` gives first-name flags: exact, nickname, both, either."""
    if flags & EXACT:
        return 4
    if flags & NICKNAME:
        return 3
    return {SOUND | TYPO: 2, SOUND: 1, TYPO: 1}.get(flags & (SOUND | TYPO), 0)


def _union(flags: Sequence[int]) -> int:
    result = 0
    for flag in flags:
        result |= flag
    return result


def _nickname_reason(first_name: str, word: str) -> str:
    plain = first_name.lower().replace("'", "")
    formal = nicknames.shared_formal_name(word, plain) or plain
    if formal == plain:
        return f"{word.capitalize()} is short for {first_name}"
    if formal == word:
        return f"{first_name} is short for {word.capitalize()}"
    return f"{word.capitalize()} and {first_name} are both short for {formal.capitalize()}"
