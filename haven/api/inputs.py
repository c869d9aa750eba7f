"""What a partner system may send, declared once: the same declarations check each request and
write the request schemas of the OpenAPI description (haven/api/openapi.py), so the two cannot
drift apart.

Every check here is at least as strict as the JSON Schema it publishes: whatever the schema
refuses, the API refuses with a 422 naming the field by JSON pointer (RFC 6901). Some rules
the schema cannot say (a date of birth in the future, a name that is only spaces) are refused
too. Text that PostgreSQL cannot store (U+0000, lone surrogates) is refused here, before it can
reach the database and fail there as a server error (security reference R20, 4.8).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from haven.frontdoor import partner
from haven.frontdoor.models import Contact
from haven.statutory import codes, identifiers


@dataclass(frozen=True)
class FieldError:
    """One invalid field: where it is (a JSON pointer into the request body) and what to do."""

    pointer: str
    detail: str


Errors = list[FieldError]

# RFC 3339 full-date and date-time, the JSON Schema "date" and "date-time" formats. Python's
# fromisoformat accepts much more (week dates, "+00:60"), so the shape is checked first.
FULL_DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))[Tt]"
    r"(?P<time>([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?)"
    r"(?P<offset>[Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)
EARLIEST_BIRTH_YEAR = 1900
# A field name is repeated in an error's pointer only if it is short and plain.
PLAIN_NAME = re.compile(r"[A-Za-z0-9_ -]{1,40}")


def _sentence(label: str) -> str:
    return label[:1].upper() + label[1:]


def _storable(value: str) -> bool:
    """PostgreSQL text holds neither NUL nor a lone surrogate (it cannot be UTF-8 encoded)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Spec(Protocol):
    def parse(self, value: object, pointer: str, errors: Errors) -> Any: ...

    def schema(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class Text:
    """A string of at most `max_length` characters, trimmed of surrounding spaces."""

    label: str
    max_length: int
    description: str = ""
    non_blank: bool = False
    check: Callable[[str], str | None] | None = None
    tidy: Callable[[str], str] = str.strip
    extra_schema: Mapping[str, Any] = field(default_factory=dict)

    def parse(self, value: object, pointer: str, errors: Errors) -> str:
        if not isinstance(value, str):
            errors.append(FieldError(pointer, f"{_sentence(self.label)} must be text."))
            return ""
        if not _storable(value):
            errors.append(
                FieldError(pointer, f"{_sentence(self.label)} has characters that are not text.")
            )
            return ""
        # The length is checked before trimming, as the published maxLength counts it.
        if len(value) > self.max_length:
            errors.append(
                FieldError(
                    pointer,
                    f"{_sentence(self.label)} must be {self.max_length:,} characters or fewer.",
                )
            )
            return ""
        tidied = self.tidy(value)
        if len(tidied) > self.max_length:
            # Upper-casing can lengthen text ("ß" becomes "SS"): the column must still hold it.
            errors.append(
                FieldError(
                    pointer,
                    f"{_sentence(self.label)} must be {self.max_length:,} characters or fewer.",
                )
            )
            return ""
        if self.non_blank and not tidied:
            errors.append(FieldError(pointer, f"Enter {self.label}."))
            return ""
        if tidied and self.check is not None:
            problem = self.check(tidied)
            if problem:
                errors.append(FieldError(pointer, problem))
                return ""
        return tidied

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.non_blank:
            schema["minLength"] = 1
        if self.description:
            schema["description"] = self.description
        schema.update(self.extra_schema)
        return schema


@dataclass(frozen=True)
class Choice:
    label: str
    values: tuple[str, ...]
    description: str = ""

    def parse(self, value: object, pointer: str, errors: Errors) -> str:
        if not isinstance(value, str) or value not in self.values:
            errors.append(
                FieldError(
                    pointer, f"{_sentence(self.label)} must be one of {', '.join(self.values)}."
                )
            )
            return ""
        return value

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "enum": list(self.values)}
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class Date:
    """A past date (RFC 3339 full-date), such as a date of birth."""

    label: str
    description: str = ""

    def parse(self, value: object, pointer: str, errors: Errors) -> datetime.date | None:
        if not isinstance(value, str) or not FULL_DATE.fullmatch(value):
            errors.append(
                FieldError(pointer, f"{_sentence(self.label)} must be a date like 2017-04-02.")
            )
            return None
        try:
            parsed = datetime.date.fromisoformat(value)
        except ValueError:
            errors.append(FieldError(pointer, f"{_sentence(self.label)} must be a real date."))
            return None
        if parsed > timezone.localdate():
            errors.append(FieldError(pointer, f"{_sentence(self.label)} cannot be in the future."))
            return None
        if parsed.year < EARLIEST_BIRTH_YEAR:
            errors.append(
                FieldError(pointer, f"{_sentence(self.label)} must be after {EARLIEST_BIRTH_YEAR}.")
            )
            return None
        return parsed

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "format": "date"}
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class DateTime:
    """A moment with its offset from UTC (RFC 3339 date-time)."""

    label: str
    description: str = ""

    def parse(self, value: object, pointer: str, errors: Errors) -> datetime.datetime | None:
        message = (
            f"{_sentence(self.label)} must be a date and time with an offset, "
            "like 2026-03-02T14:30:00Z or 2026-03-02T15:30:00+01:00."
        )
        match = DATE_TIME.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            errors.append(FieldError(pointer, message))
            return None
        offset = match["offset"].upper().replace("Z", "+00:00")
        try:
            parsed = datetime.datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
            # Out-of-range moments (year 1 in a positive offset) fail here, not in the database.
            return parsed.astimezone(datetime.UTC)
        except (ValueError, OverflowError):
            errors.append(FieldError(pointer, message))
            return None

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "format": "date-time"}
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class Field:
    name: str
    spec: Spec
    required: bool = False
    default: Any = ""


@dataclass(frozen=True)
class Record:
    """A JSON object with known fields only (an unknown one is more likely a typo than not)."""

    label: str
    fields: tuple[Field, ...]
    # At least one of these fields must be given and not blank, with this message.
    one_of_given: tuple[str, ...] = ()
    one_of_message: str = ""
    description: str = ""

    def parse(self, value: object, pointer: str, errors: Errors) -> dict[str, Any]:
        if not isinstance(value, dict):
            errors.append(FieldError(pointer, f"{_sentence(self.label)} must be a JSON object."))
            return {}
        known = {f.name for f in self.fields}
        for name in value:
            if name not in known:
                where = f"{pointer}/{_escape(name)}" if PLAIN_NAME.fullmatch(name) else pointer
                errors.append(
                    FieldError(where, f"{_sentence(self.label)} has a field Haven does not know.")
                )
        parsed: dict[str, Any] = {}
        for f in self.fields:
            if f.name in value:
                parsed[f.name] = f.spec.parse(value[f.name], f"{pointer}/{f.name}", errors)
            else:
                if f.required:
                    message = f'{_sentence(self.label)} needs the field "{f.name}".'
                    errors.append(FieldError(f"{pointer}/{f.name}", message))
                parsed[f.name] = f.default
        # Only when the fields themselves were valid, so one mistake gets one message.
        if (
            self.one_of_given
            and not any(parsed.get(name) for name in self.one_of_given)
            and not any(e.pointer.startswith(pointer + "/") for e in errors)
        ):
            errors.append(FieldError(pointer, self.one_of_message))
        return parsed

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {f.name: f.spec.schema() for f in self.fields},
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        if self.one_of_given:
            schema["anyOf"] = [
                {"required": [name], "properties": {name: {"minLength": 1}}}
                for name in self.one_of_given
            ]
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass(frozen=True)
class Items:
    label: str
    item: Spec
    min_items: int
    max_items: int
    description: str = ""

    def parse(self, value: object, pointer: str, errors: Errors) -> list[Any]:
        if not isinstance(value, list):
            errors.append(FieldError(pointer, f"{_sentence(self.label)} must be a JSON array."))
            return []
        if not self.min_items <= len(value) <= self.max_items:
            if self.min_items:
                message = f"Give between {self.min_items} and {self.max_items} {self.label}."
            else:
                message = f"Give at most {self.max_items} {self.label}."
            errors.append(FieldError(pointer, message))
            return []
        return [self.item.parse(v, f"{pointer}/{i}", errors) for i, v in enumerate(value)]

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "array",
            "items": self.item.schema(),
            "minItems": self.min_items,
            "maxItems": self.max_items,
        }
        if self.description:
            schema["description"] = self.description
        return schema


def _escape(name: str) -> str:
    """A name as a JSON pointer reference token (RFC 6901 section 3)."""
    return name.replace("~", "~0").replace("/", "~1")


def _email_error(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return "Enter the referrer's email address, like name@example.org."
    return None


def _nhs_number_error(value: str) -> str | None:
    return identifiers.nhs_number_error(value)


def _upn_error(value: str) -> str | None:
    return identifiers.upn_error(value)


# --- The contact a partner system sends -------------------------------------------------------

MAX_CHILDREN = partner.MAX_CHILDREN
MAX_ADULTS = partner.MAX_ADULTS
CONCERN_MAX_LENGTH = partner.CONCERN_MAX_LENGTH
NAME = 100
DESCRIBED = ("first_name", "last_name", "age_description")
DESCRIBE_PERSON = "Give a first name, a last name or an age description for each person."

CHILD = Record(
    "a child",
    (
        Field("first_name", Text("the child's first name", NAME)),
        Field("last_name", Text("the child's last name", NAME)),
        Field("date_of_birth", Date("the child's date of birth"), default=None),
        Field(
            "age_description",
            Text(
                "the child's age description",
                60,
                "When the date of birth is not known, e.g. 'about 8', 'unborn, due in May'.",
            ),
        ),
        Field("address", Text("the child's address", 300)),
        Field("postcode", Text("the child's postcode", 10, tidy=lambda s: s.strip().upper())),
        Field("school", Text("the child's school", 150)),
        Field(
            "nhs_number",
            Text(
                "the child's NHS number",
                12,
                "10 digits with a valid check digit; the hub's matching compares it with "
                "the records.",
                check=_nhs_number_error,
                tidy=lambda s: identifiers.normalise_nhs_number(s),
            ),
        ),
        Field(
            "upn",
            Text(
                "the child's unique pupil number",
                13,
                "Checked as census rules 1510-1550 do; the hub's matching compares it.",
                check=_upn_error,
                tidy=lambda s: identifiers.normalise_upn(s),
            ),
        ),
    ),
    one_of_given=DESCRIBED,
    one_of_message=DESCRIBE_PERSON,
)
ADULT = Record(
    "an adult",
    (
        Field("first_name", Text("the adult's first name", NAME)),
        Field("last_name", Text("the adult's last name", NAME)),
        Field("date_of_birth", Date("the adult's date of birth"), default=None),
        Field("age_description", Text("the adult's age description", 60)),
        Field("address", Text("the adult's address", 300)),
        Field("postcode", Text("the adult's postcode", 10, tidy=lambda s: s.strip().upper())),
        Field(
            "relationship_to_child",
            Text("the adult's relationship to the child", 100, "For example 'mother'."),
        ),
    ),
    one_of_given=DESCRIBED,
    one_of_message=DESCRIBE_PERSON,
)
REFERRER = Record(
    "the referrer",
    (
        Field("name", Text("the referrer's name", 150, non_blank=True), required=True),
        Field("role", Text("the referrer's role", 150, "For example 'Detective constable'.")),
        Field(
            "organisation",
            Text(
                "the referrer's organisation",
                150,
                "Defaults to the organisation the API key was issued to.",
            ),
        ),
        Field("email", Text("the referrer's email address", 254, check=_email_error)),
        Field("phone", Text("the referrer's phone number", 30)),
    ),
    one_of_given=("email", "phone"),
    one_of_message="Give the referrer's email address or phone number, so the hub can call back.",
    description="The professional the hub should talk to about this contact.",
)
SOURCES = tuple(member.code for member in codes.ReferralSource)

CONTACT = Record(
    "the contact",
    (
        Field(
            "received_at",
            DateTime('the field "received_at"'),
            default=None,
        ),
        Field(
            "source",
            Choice(
                'the field "source"',
                SOURCES,
                "Census referral source (CBDS N00152). Only the codes of the client's own "
                "agency are accepted; the default is the first: "
                + "; ".join(
                    f"{agency.lower()} {', '.join(code.code for code in sources)}"
                    for agency, sources in partner.SOURCES_BY_AGENCY.items()
                )
                + ".",
            ),
        ),
        Field("referrer", REFERRER, required=True),
        Field(
            "concern",
            Text(
                "the concern",
                CONCERN_MAX_LENGTH,
                "What the referrer is worried about, in their words.",
                non_blank=True,
            ),
            required=True,
        ),
        Field(
            "family_aware",
            Choice(
                'the field "family_aware"',
                tuple(Contact.FamilyAware.values),
                "Whether the family knows about this contact.",
            ),
            default=Contact.FamilyAware.NOT_KNOWN,
        ),
        Field("tried_so_far", Text("what has been tried", 5000)),
        Field(
            "consent",
            Choice(
                'the field "consent"',
                tuple(Contact.Consent.values),
                "Whether the family agrees to the referral. With NO or NOT_ASKED, give "
                "consent_reason.",
            ),
        ),
        Field("consent_reason", Text("why the referral goes ahead without consent", 2000)),
        Field(
            "lawful_basis",
            Choice(
                'the field "lawful_basis"',
                tuple(Contact.LawfulBasis.values),
                "The UK GDPR basis for sharing this information with children's services.",
            ),
        ),
        Field("children", Items("children", CHILD, 1, MAX_CHILDREN), required=True),
        Field("adults", Items("adults", ADULT, 0, MAX_ADULTS), default=[]),
    ),
    description=(
        "A concern about one or more children, sent by a partner agency's system to the "
        "multi-agency safeguarding hub."
    ),
)
# received_at is described with the service's own limits.
CONTACT_DESCRIPTIONS = {
    "received_at": (
        "When the concern reached the partner agency (RFC 3339, with an offset). Defaults to "
        f"now; at most {partner.MAX_RECEIVED_AGE.days} days ago and not in the future."
    )
}


def parse_contact(payload: object) -> tuple[dict[str, Any], Errors]:
    """The contact's fields, tidied, and every problem found (empty when it is valid)."""
    errors: Errors = []
    data = CONTACT.parse(payload, "", errors)
    return data, errors


def contact_schema() -> dict[str, Any]:
    schema = CONTACT.schema()
    for name, text in CONTACT_DESCRIPTIONS.items():
        schema["properties"][name]["description"] = text
    return schema
