"""Structured, encoded, UTC logs that carry no case content (security reference R13, R14).

`JsonFormatter` writes one JSON object per line: `time` (UTC, ISO 8601 with "Z"), `level`,
`logger`, `message`, `request_id` and the extras named in `SAFE_EXTRAS`. JSON encoding escapes
newlines and every other control character (and, with ASCII output, U+2028/U+2029), so text
that came from a user cannot start a second, forged log line. `PlainFormatter`, for local
development, writes the same UTC time and escapes the message's control characters itself.

An exception is logged as its type and the code locations of its traceback, never its message
or local variables: a database error's message quotes the row ("Key (nhs_number)=(...)") and a
template lookup error quotes the object it was looking in.

`RedactQueryStrings` removes query strings from messages before any handler formats them. The
search page takes a name in `?q=`, and the development server logs the whole request line.

Haven's own code must still never put names, identifiers or case text in a log message: log
what kind of thing happened and the record's numeric id, as the audit trail does.
"""

from __future__ import annotations

import copy
import datetime
import json
import logging
import math
import re
import traceback
from collections.abc import Iterable
from typing import Any

from haven.core.request_id import current_request_id, safe_request_id

# Extras (logger.info(..., extra={...})) that may appear in a JSON log line. Anything else a
# caller or library attaches (Django attaches the whole request) is left out.
SAFE_EXTRAS = frozenset(
    {"status_code", "method", "duration_ms", "event", "action", "object_type", "count"}
)
MAX_EXTRA_LENGTH = 200

QUERY_REMOVED = "?[query removed]"
QUERY_STRING = re.compile(r"\?(?!\[query removed\])[^\s\"]+")
PARENTHESISED = re.compile(r"\(.*\)", re.S)
SERVER_REQUEST_FORMAT = '"%s" %s %s'  # django.core.servers.basehttp's request line format
UNFORMATTABLE = "[unformattable log message removed]"
CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"
# C0 and C1 controls (CR, LF, VT, FF, NEL, ...) and U+2028/U+2029: whatever str.splitlines()
# or a log viewer could treat as the end of a line.
CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTINUATION_INDENT = "    "


def utc_timestamp(created: float) -> str:
    """A record's creation time as UTC ISO 8601 with milliseconds and "Z"."""
    moment = datetime.datetime.fromtimestamp(created, tz=datetime.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def request_id_of(record: logging.LogRecord) -> str | None:
    return safe_request_id(getattr(record, "request_id", None)) or current_request_id()


def exception_type_name(error: BaseException) -> str:
    cls = type(error)
    if cls.__module__ == "builtins":
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def safe_traceback(error: BaseException) -> str:
    """Like `traceback.format_exception`, chained exceptions included, but every exception's
    message replaced: only types, files, lines, functions and source code remain."""
    chain: list[BaseException] = []
    links: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        if current.__cause__ is not None:
            links.append(CAUSE)
            current = current.__cause__
        elif current.__context__ is not None and not current.__suppress_context__:
            links.append(CONTEXT)
            current = current.__context__
        else:
            current = None
    parts: list[str] = []
    for index in range(len(chain) - 1, -1, -1):
        exc = chain[index]
        if exc.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.extract_tb(exc.__traceback__).format())
        parts.append(f"{exception_type_name(exc)}: [message removed]\n")
        if index > 0:
            parts.append(links[index - 1])
    return "".join(parts)


def escape_control_characters(text: str) -> str:
    """`text` on one line: control characters and Unicode line and paragraph separators
    written as Python escapes ("\\r", "\\n", "\\x1b", "\\u2028")."""
    return CONTROL_CHARACTERS.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def _safe_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, str):
        return value[:MAX_EXTRA_LENGTH]
    return None


class JsonFormatter(logging.Formatter):
    """One JSON object per line (see the module docstring)."""

    def __init__(self, safe_extras: Iterable[str] = SAFE_EXTRAS) -> None:
        super().__init__()
        self.safe_extras = frozenset(safe_extras)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_of(record),
        }
        for key in sorted(self.safe_extras & record.__dict__.keys()):
            if key not in entry:
                entry[key] = _safe_value(record.__dict__[key])
        if record.exc_info and record.exc_info[1] is not None:
            entry["exc_type"] = exception_type_name(record.exc_info[1])
            entry["traceback"] = safe_traceback(record.exc_info[1])
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=True)


class PlainFormatter(logging.Formatter):
    """Readable lines for local development: time (UTC, with "Z"), level, logger, [request id]
    and message. Tracebacks are Django's usual ones, messages included (local data is demo
    data), but indented.

    The message's control characters and line separators are escaped ("\\r", "\\n",
    "\\u2028"), and every line after an entry's first (a traceback or stack) is indented, so
    each entry starts on exactly one line that begins with its time: text from a user cannot
    start a forged entry (R14).
    """

    FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

    def __init__(self, fmt: str | None = None, datefmt: str | None = None) -> None:
        super().__init__(fmt or self.FORMAT, datefmt)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return utc_timestamp(record.created)

    def format(self, record: logging.LogRecord) -> str:
        record = copy.copy(record)
        record.request_id = request_id_of(record) or "-"
        record.msg = escape_control_characters(record.getMessage())
        record.args = None
        first, *rest = super().format(record).splitlines() or [""]
        return "\n".join([first, *(CONTINUATION_INDENT + line for line in rest)])


def strip_query_strings(text: str) -> str:
    """Replace every `?...` query string in `text` (up to whitespace or a double quote)."""
    return QUERY_STRING.sub(QUERY_REMOVED, text)


def clean_request_line(line: str) -> str:
    """`GET /search/?q=Smith HTTP/1.1` -> `GET /search/?[query removed] HTTP/1.1`. A line that
    is not method, target and protocol is removed whole: it is malformed and could hold
    anything."""
    parts = line.split()
    if len(parts) != 3:
        return "[malformed request line removed]"
    method, target, protocol = parts
    path, has_query, _ = target.partition("?")
    return f"{method} {path}{QUERY_REMOVED if has_query else ''} {protocol}"


class RedactQueryStrings(logging.Filter):
    """Removes query strings from every message (a handler filter, so it sees records that
    propagate from any logger). `django.server`'s request line is rebuilt from its parts, and
    the quoted request text in its "Bad request" messages is removed.

    The record is changed in place, so every handler after this one sees the cleaned message.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            if record.name == "django.server":
                message = self._server_message(record)
            else:
                message = record.getMessage()
        except Exception:  # a broken message must not reach handleError, which prints its args
            message = UNFORMATTABLE
        cleaned = strip_query_strings(message)
        if record.name == "django.server" or message == UNFORMATTABLE or cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True

    @staticmethod
    def _server_message(record: logging.LogRecord) -> str:
        args = record.args
        if record.msg == SERVER_REQUEST_FORMAT and isinstance(args, tuple) and len(args) == 3:
            return SERVER_REQUEST_FORMAT % (clean_request_line(str(args[0])), args[1], args[2])
        # http.server's errors quote the raw request: "Bad request syntax ('...')".
        return PARENTHESISED.sub("([removed])", record.getMessage())
