"""What a search box query contains: identifiers, a postcode and name words.

Pure Python, no database: `parse_query("Smith 943 476 5919")` splits out the NHS number and
leaves the name word "smith".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 200
MAX_WORDS = 6

NHS_NUMBER = re.compile(r"(?<![0-9])([0-9]{3})[ -]?([0-9]{3})[ -]?([0-9]{4})(?![0-9])")
# A UPN is 13 characters: a letter, 11 digits and a check digit or letter (DfE UPN guidance).
UPN = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][0-9]{11}[A-Za-z0-9])(?![A-Za-z0-9])")
POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{1,2}[0-9][A-Za-z0-9]?) ?([0-9][A-Za-z]{2})(?![A-Za-z0-9])"
)
LA_CHILD_ID = re.compile(r"^[A-Za-z0-9]{1,20}$")
LETTERS = re.compile(r"[^\W\d_]+")
APOSTROPHES = re.compile(r"['\u2019\u2018`]")


@dataclass(frozen=True)
class ParsedQuery:
    """`words` are lower-case letters only, with apostrophes dropped and hyphens splitting."""

    words: tuple[str, ...] = ()
    nhs_number: str = ""
    upns: tuple[str, ...] = ()
    postcode: str = ""
    la_child_ids: tuple[str, ...] = field(default=())

    @property
    def name_text(self) -> str:
        return " ".join(self.words)

    @property
    def has_identifier(self) -> bool:
        """True when the query held something shaped like an identifier or a postcode."""
        return bool(self.nhs_number or self.upns or self.postcode or self._coded_ids)

    @property
    def _coded_ids(self) -> tuple[str, ...]:
        return tuple(i for i in self.la_child_ids if any(ch.isdigit() for ch in i))

    @property
    def is_empty(self) -> bool:
        return not (
            self.words or self.nhs_number or self.upns or self.postcode or self.la_child_ids
        )


def normalise_postcode(postcode: str) -> str:
    """ "hv1 2ab" -> "HV12AB": the form the postcode index holds."""
    return re.sub(r"\s+", "", postcode).upper()


def parse_query(query: str) -> ParsedQuery:
    """Split a search box query into identifiers, a postcode and name words."""
    text = " ".join(query[:MAX_QUERY_LENGTH].split())
    if not text:
        return ParsedQuery()
    la_child_ids = _la_child_id_candidates(text)

    nhs_number = ""
    if match := NHS_NUMBER.search(text):
        nhs_number = "".join(match.groups())
        text = text[: match.start()] + " " + text[match.end() :]
    upns = tuple(dict.fromkeys(upn.upper() for upn in UPN.findall(text)))
    text = UPN.sub(" ", text)
    postcode = ""
    if match := POSTCODE.search(text):
        postcode = normalise_postcode("".join(match.groups()))
        text = text[: match.start()] + " " + text[match.end() :]

    name_tokens = [token for token in text.split() if not any(ch.isdigit() for ch in token)]
    words = LETTERS.findall(APOSTROPHES.sub("", " ".join(name_tokens)).lower())
    return ParsedQuery(
        words=tuple(dict.fromkeys(words))[:MAX_WORDS],
        nhs_number=nhs_number,
        upns=upns,
        postcode=postcode,
        la_child_ids=la_child_ids,
    )


def parse_details(
    *,
    first_name: str = "",
    last_name: str = "",
    nhs_number: str = "",
    upn: str = "",
    postcode: str = "",
) -> ParsedQuery:
    """Structured details (a contact's, a partner system's) as the query a search box would
    make of them: the name words, first name first, and each identifier only if well formed.
    No LA child ID: a person described by someone else never comes with Haven's own number."""
    words = LETTERS.findall(
        APOSTROPHES.sub("", f"{first_name} {last_name}"[:MAX_QUERY_LENGTH]).lower()
    )
    nhs_match = NHS_NUMBER.fullmatch(nhs_number.strip())
    upn_match = UPN.fullmatch(upn.strip())
    postcode_match = POSTCODE.fullmatch(postcode.strip())
    return ParsedQuery(
        words=tuple(dict.fromkeys(words))[:MAX_WORDS],
        nhs_number="".join(nhs_match.groups()) if nhs_match else "",
        upns=(upn_match.group(1).upper(),) if upn_match else (),
        postcode=normalise_postcode("".join(postcode_match.groups())) if postcode_match else "",
    )


def surname_key(last_name: str) -> str:
    """A surname of several parts as the match SQL compares it ("Ali Khan" and "Ali-Khan" ->
    "ali-khan"); "" for a surname of one part, which is matched word by word."""
    parts = LETTERS.findall(APOSTROPHES.sub("", last_name[:MAX_QUERY_LENGTH]).lower())
    return "-".join(parts) if len(parts) >= 2 else ""


def _la_child_id_candidates(text: str) -> tuple[str, ...]:
    """Every token, and the whole query without spaces, that could be an LA child ID."""
    tokens = [*text.split(), text.replace(" ", "")]
    found: dict[str, None] = {}
    for token in tokens:
        if LA_CHILD_ID.match(token):
            found[token] = None
            found[token.upper()] = None
    return tuple(found)
