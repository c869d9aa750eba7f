"""Structured logs, request ids and no case content in logs (security reference R13, R14)."""

from __future__ import annotations

import contextvars
import copy
import datetime
import io
import json
import logging
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path, reverse

from haven.core import request_id as rid
from haven.core.logging import (
    JsonFormatter,
    PlainFormatter,
    RedactQueryStrings,
    clean_request_line,
    strip_query_strings,
)
from haven.core.models import TOTPDevice
from haven.core.request_id import HEADER, RequestIdMiddleware, current_request_id
from haven.core.tests import factories as f
from haven.core.tests.sign_in_helpers import unused_code, wrong_code
from haven.people.models import Person
from haven.workforce.models import Worker

CANARY_FIRST = "Zanzibarcanary"
CANARY_LAST = "Quixotecanary"
CANARY_NHS = "9434765919"
CANARY_PASSWORD = "canarypassword-wrong"
CANARY_USERNAME = "canaryusername.Zanzibar"
CANARIES = (
    CANARY_FIRST,
    CANARY_LAST,
    CANARY_USERNAME,
    CANARY_NHS,
    "943 476 5919",
    "canaryreferral",
    "canarywords",
    "canaryobservation",
    "canarytitle",
    "canarynote",
    CANARY_PASSWORD,
    f.PASSWORD,
)


# --- Helpers ----------------------------------------------------------------------------------


def json_logger(name: str = "haven.tests.logging") -> tuple[logging.Logger, io.StringIO]:
    """A logger writing through the production formatter and filter to a string."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RedactQueryStrings())
    logger = logging.getLogger(name)
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    return logger, stream


def record(
    msg: str, *args: Any, name: str = "haven.tests", level: int = logging.WARNING, **attrs: Any
) -> logging.LogRecord:
    made = logging.LogRecord(name, level, __file__, 1, msg, args or None, None)
    made.__dict__.update(attrs)
    return made


def filtered(made: logging.LogRecord) -> str:
    assert RedactQueryStrings().filter(made) is True
    return made.getMessage()


def console_handler() -> logging.Handler:
    [handler] = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    return handler


# Attributes every LogRecord has; anything else on a record is an extra.
STANDARD_RECORD_ATTRIBUTES = frozenset(record("").__dict__) | {"message", "asctime", "taskName"}
# Extras that are objects, not values. Django attaches the request (whose repr holds the query
# string); no formatter writes them (JsonFormatter keeps only SAFE_EXTRAS, which are values).
OBJECT_EXTRAS = {"request": (HttpRequest, WSGIRequestHandler)}


class Captured(logging.Handler):
    """Keeps every record untouched (it runs before the console handler's filter) plus what
    the production filter and formatters make of it.

    `raw` is each record's message, arguments and extras as a logger was handed them; an extra
    that is an object must be one of OBJECT_EXTRAS. `formatted` is the JSON line and, for
    records without an exception, the local development line (PlainFormatter keeps exception
    messages, since local data is demo data)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.raw: list[str] = []
        self.formatted: list[str] = []
        self.unexpected_extras: list[tuple[str, str, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        extras = {k: v for k, v in record.__dict__.items() if k not in STANDARD_RECORD_ATTRIBUTES}
        values = {}
        for key, value in extras.items():
            if isinstance(value, str | int | float | bool | list | tuple | dict | type(None)):
                values[key] = value
            elif not isinstance(value, OBJECT_EXTRAS.get(key, ())):
                self.unexpected_extras.append((record.name, key, type(value).__name__))
        self.raw.append(f"{record.msg!s} {record.args!r} {record.getMessage()} {values!r}")
        clean = copy.copy(record)
        RedactQueryStrings().filter(clean)
        self.formatted.append(JsonFormatter().format(clean))
        if not record.exc_info:
            self.formatted.append(PlainFormatter().format(clean))


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the configured console handler writes, instead of stderr."""
    handler = console_handler()
    assert isinstance(handler, logging.StreamHandler)
    # Not setStream(): it flushes the old stream, which may be a capture file pytest has closed.
    stream = io.StringIO()
    old, handler.stream = handler.stream, stream
    yield stream
    handler.stream = old


@pytest.fixture
def captured(caplog: pytest.LogCaptureFixture) -> Iterator[Captured]:
    """Every record at DEBUG, Django's included, seen before any handler changes it."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django")
    handler = Captured()
    root = logging.getLogger()
    root.handlers.insert(0, handler)
    yield handler
    root.removeHandler(handler)


# --- R14: one JSON object per line, encoded, UTC ------------------------------------------------


def test_crlf_in_a_message_cannot_forge_a_second_log_line() -> None:
    logger, stream = json_logger()
    forged = 'search for Smith\r\n{"level": "CRITICAL", "message": "forged"}'

    logger.warning(forged)

    output = stream.getvalue()
    assert output.count("\n") == 1
    assert "\r" not in output
    [line] = output.splitlines()
    entry = json.loads(line)
    assert entry["message"] == forged
    assert entry["level"] == "WARNING"


def test_control_characters_and_line_separators_in_arguments_are_escaped() -> None:
    logger, stream = json_logger()
    text = "a\nb\rc\x00d\x1be\u2028f\u2029g\u0085h"

    logger.error("value: %s", text)

    output = stream.getvalue()
    assert len(output.splitlines()) == 1
    assert output.isascii()
    assert json.loads(output)["message"] == f"value: {text}"


def test_a_line_has_time_level_logger_message_and_request_id() -> None:
    logger, stream = json_logger("haven.tests.fields")
    token = rid._request_id.set("req-123")
    try:
        logger.info("thing happened")
    finally:
        rid._request_id.reset(token)
    logger.info("outside a request")

    inside, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert list(inside) == ["time", "level", "logger", "message", "request_id"]
    assert inside["level"] == "INFO"
    assert inside["logger"] == "haven.tests.fields"
    assert inside["message"] == "thing happened"
    assert inside["request_id"] == "req-123"
    assert outside["request_id"] is None


def test_time_is_utc_with_z_whatever_the_local_time_zone() -> None:
    assert settings.USE_TZ is True
    assert settings.TIME_ZONE == "Europe/London"
    summer_noon_utc = datetime.datetime(2026, 7, 1, 12, 0, 0, 250000, tzinfo=datetime.UTC)
    made = record("hello", created=summer_noon_utc.timestamp())
    # Django sets the process's local zone from TIME_ZONE: London is UTC+1 in July.
    assert time.strftime("%z", time.localtime(made.created)) == "+0100"

    entry = json.loads(JsonFormatter().format(made))
    plain = PlainFormatter().format(made)

    assert entry["time"] == "2026-07-01T12:00:00.250Z"
    parsed = datetime.datetime.fromisoformat(entry["time"])
    assert parsed.utcoffset() == datetime.timedelta(0)
    assert parsed == summer_noon_utc
    assert plain.startswith("2026-07-01T12:00:00.250Z WARNING haven.tests ")


def test_only_safe_extras_are_written() -> None:
    made = record(
        "Not Found: %s",
        "/people/1/",
        status_code=404,
        request=object(),
        child_name=CANARY_FIRST,
        nhs_number=int(CANARY_NHS),
        event="search",
    )

    entry = json.loads(JsonFormatter().format(made))

    assert entry["status_code"] == 404
    assert entry["event"] == "search"
    assert not {"request", "child_name", "nhs_number"} & entry.keys()
    assert CANARY_FIRST not in json.dumps(entry)


def test_an_exception_is_logged_as_types_and_code_locations_without_its_message() -> None:
    logger, stream = json_logger()

    def lookup() -> None:
        raise KeyError(CANARY_FIRST)

    try:
        try:
            lookup()
        except KeyError as error:
            raise ValueError(f"Key (nhs_number)=({CANARY_NHS}) already exists.") from error
    except ValueError:
        logger.exception("Saving the child failed")

    output = stream.getvalue()
    assert len(output.splitlines()) == 1
    entry = json.loads(output)
    assert entry["message"] == "Saving the child failed"
    assert entry["exc_type"] == "ValueError"
    trace = entry["traceback"]
    assert "KeyError: [message removed]" in trace
    assert "direct cause of the following exception" in trace
    assert trace.rstrip().endswith("ValueError: [message removed]")
    assert ", in lookup" in trace
    assert CANARY_FIRST not in output
    assert CANARY_NHS not in output


def test_plain_formatter_for_local_development_shows_the_request_id() -> None:
    formatter = PlainFormatter()
    assert re.search(r" WARNING haven\.tests \[-\] hello$", formatter.format(record("hello")))
    token = rid._request_id.set("abc-1")
    try:
        assert "[abc-1] hello" in formatter.format(record("hello"))
    finally:
        rid._request_id.reset(token)


FORGED_USERNAME = "bob\r\nINFO forged line"
ENTRY_START = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
)


def plain_entries(output: str) -> list[str]:
    """The entries in PlainFormatter output: lines that start with a time and a level. Every
    other line must be an indented continuation (a traceback) of the entry before it."""
    lines = output.splitlines()
    assert all(ENTRY_START.match(line) or line.startswith("    ") for line in lines), lines
    return [line for line in lines if ENTRY_START.match(line)]


def test_plain_formatter_escapes_control_characters_in_the_message() -> None:
    formatter = PlainFormatter()
    text = "a\nb\rc\x00d\x1be\u2028f\u2029g\u0085h\x0bi\x0cj"

    line = formatter.format(record("value: %s", text))
    forged = formatter.format(record("sign-in failed for %s", FORGED_USERNAME))

    assert line.endswith(r"value: a\nb\rc\x00d\x1be\u2028f\u2029g\x85h\x0bi\x0cj")
    assert forged.endswith(r"sign-in failed for bob\r\nINFO forged line")
    for output in (line, forged):
        assert len(output.splitlines()) == 1
        assert len(plain_entries(output)) == 1


def test_plain_formatter_indents_tracebacks_so_an_exception_message_cannot_forge_an_entry() -> None:
    try:
        raise ValueError(f"no such user {FORGED_USERNAME}")
    except ValueError:
        made = record("Signing in failed", exc_info=sys.exc_info())

    output = PlainFormatter().format(made)

    [entry] = plain_entries(output)
    assert entry.endswith("Signing in failed")
    assert "    Traceback (most recent call last):" in output.splitlines()
    assert "    INFO forged line" in output.splitlines()  # the message is kept, but indented


@pytest.mark.django_db
@pytest.mark.parametrize("formatter", [JsonFormatter(), PlainFormatter()], ids=["json", "plain"])
def test_a_username_with_crlf_at_sign_in_cannot_forge_a_log_line(
    formatter: logging.Formatter, console: io.StringIO
) -> None:
    """Through the configured console handler, with production's formatter and the local
    development one. Failing until the username is locked makes the sign-in code log."""
    handler = console_handler()
    old, handler.formatter = handler.formatter, formatter
    try:
        for _ in range(settings.HAVEN_SIGNIN_MAX_FAILURES):
            response = Client().post(
                reverse("core:sign_in"), {"username": FORGED_USERNAME, "password": "wrong"}
            )
            assert response.status_code == 200
    finally:
        handler.formatter = old

    output = console.getvalue()
    assert "signin_username_locked" in output
    lines = output.splitlines()
    assert not any(line.startswith("INFO") or "forged line" in line for line in lines)
    if isinstance(formatter, JsonFormatter):
        entries = [json.loads(line) for line in lines]
        assert all(entry["level"] == "WARNING" for entry in entries)
    else:
        assert [e.split(" ")[1] for e in plain_entries(output)] == ["WARNING"] * len(lines)


# --- R13: the query-string filter ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/search/?q=Smith", "/search/?[query removed]"),
        ("/search/?q=O'Brien&page=2 next", "/search/?[query removed] next"),
        ("GET /search/?q=A%20B HTTP/1.1", "GET /search/?[query removed] HTTP/1.1"),
        ('"GET /a/?x=1" 200', '"GET /a/?[query removed]" 200'),
        ("Is it done? Yes", "Is it done? Yes"),
        ("/people/12/", "/people/12/"),
        ("/search/?[query removed]", "/search/?[query removed]"),
    ],
)
def test_strip_query_strings(text: str, expected: str) -> None:
    assert strip_query_strings(text) == expected


def test_django_request_messages_lose_their_query_string() -> None:
    made = record("Not Found: %s", f"/search/?q={CANARY_FIRST}", name="django.request")

    assert filtered(made) == "Not Found: /search/?[query removed]"
    assert made.args == ()


def test_django_server_request_lines_lose_their_query_string() -> None:
    made = record(
        '"%s" %s %s',
        f"GET /search/?q={CANARY_FIRST}+{CANARY_LAST} HTTP/1.1",
        "200",
        "5120",
        name="django.server",
        level=logging.INFO,
    )

    assert filtered(made) == '"GET /search/?[query removed] HTTP/1.1" 200 5120'


def test_django_server_drops_malformed_request_lines_and_quoted_bad_requests() -> None:
    line = f"GET /search/?q={CANARY_FIRST} {CANARY_LAST} HTTP/1.1"
    assert clean_request_line(line) == "[malformed request line removed]"
    assert clean_request_line("GET /people/1/ HTTP/1.1") == "GET /people/1/ HTTP/1.1"

    bad = record(
        "code %d, message %s",
        400,
        f"Bad request syntax ('{line}')",
        name="django.server",
    )
    assert filtered(bad) == "code 400, message Bad request syntax ([removed])"


def test_a_message_that_cannot_be_formatted_is_replaced_not_dumped() -> None:
    made = record("%s and %s", CANARY_FIRST)  # one argument short

    assert filtered(made) == "[unformattable log message removed]"


def test_other_messages_are_left_alone() -> None:
    made = record("Opened %s records for child %s", 3, 41)

    assert filtered(made) == "Opened 3 records for child 41"
    assert made.args == (3, 41)


# --- Settings -----------------------------------------------------------------------------------


def test_logging_is_configured_for_json_without_query_strings() -> None:
    handler = console_handler()
    assert isinstance(handler.formatter, JsonFormatter)
    assert any(isinstance(flt, RedactQueryStrings) for flt in handler.filters)
    assert logging.getLogger().handlers[0] is handler
    # Django's own plain handlers (request lines, emailed tracebacks) are gone: everything
    # reaches the one handler above.
    for name in ("django", "django.server", "django.request", "django.security"):
        logger = logging.getLogger(name)
        assert logger.handlers == [], name
        assert logger.propagate, name
    # SQL with its parameters is never logged, even when the root logger is at DEBUG.
    assert logging.getLogger("django.db.backends").level >= logging.INFO


def test_request_id_middleware_comes_first() -> None:
    assert settings.MIDDLEWARE[0] == "haven.core.request_id.RequestIdMiddleware"


# --- Request ids --------------------------------------------------------------------------------


@pytest.mark.django_db
class TestRequestIdMiddleware:
    def test_a_new_id_is_made_for_each_request(self, client: Client) -> None:
        first = client.get("/sign-in/")[HEADER]
        second = client.get("/sign-in/")[HEADER]

        assert re.fullmatch(r"[0-9a-f]{32}", first)
        assert first != second
        assert current_request_id() is None

    def test_a_safe_incoming_id_is_kept(self, client: Client) -> None:
        incoming = "edge-" + "A1b2" * 14 + "x"  # 62 characters
        assert client.get("/sign-in/", headers={HEADER: incoming})[HEADER] == incoming

    @pytest.mark.parametrize(
        "incoming",
        [
            "",
            "a" * 65,
            "abc\r\nSet-Cookie: x=1",
            'abc"}',
            "abc_def",
            "abc def",
            "caf\u00e9",
            "١٢٣",  # Arabic-Indic digits: \d would accept them
            "abc\n",
        ],
    )
    def test_an_unsafe_incoming_id_is_replaced(self, incoming: str) -> None:
        request = HttpRequest()
        request.META["HTTP_X_REQUEST_ID"] = incoming
        seen: list[str | None] = []

        def view(req: HttpRequest) -> HttpResponse:
            seen.append(current_request_id())
            return HttpResponse("ok")

        response = contextvars.copy_context().run(RequestIdMiddleware(view), request)

        assert re.fullmatch(r"[0-9a-f]{32}", response[HEADER])
        assert seen == [response[HEADER]] == [request.request_id]  # type: ignore[attr-defined]

    def test_log_lines_written_during_a_request_carry_its_id(
        self, client: Client, console: io.StringIO
    ) -> None:
        f.signed_in(client, f.staff_user())

        response = client.get("/people/999999/", headers={HEADER: "trace-42"})

        assert response.status_code == 404
        assert response[HEADER] == "trace-42"
        entries = [json.loads(line) for line in console.getvalue().splitlines()]
        [not_found] = [e for e in entries if e["logger"] == "django.request"]
        assert not_found["message"] == "Not Found: /people/999999/"
        assert not_found["request_id"] == "trace-42"
        assert not_found["status_code"] == 404


def test_the_development_server_logs_request_lines_without_query_strings(
    captured: Captured, console: io.StringIO
) -> None:
    """runserver's access log (django.server) through a real socket: the search page's `?q=`
    is removed, and the line carries the request id."""
    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.handle_request)
    thread.start()
    try:
        host, port = server.server_address[:2]
        url = f"http://{host}:{port}/search/?q={CANARY_FIRST}+{CANARY_LAST}"
        request = urllib.request.Request(url, headers={HEADER: "dev-server-1"})  # noqa: S310
        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:  # signed out: to sign-in
            opener.open(request, timeout=10)
        assert redirect.value.code == 302
    finally:
        thread.join(timeout=10)
        server.server_close()

    [access] = [json.loads(line) for line in console.getvalue().splitlines()]
    assert access["logger"] == "django.server"
    assert access["message"] == '"GET /search/?[query removed] HTTP/1.1" 302 0'
    assert access["request_id"] == "dev-server-1"
    assert access["status_code"] == 302
    assert CANARY_FIRST in captured.raw[-1]  # what Django handed to logging
    assert not any(CANARY_FIRST in line for line in captured.formatted)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# --- R13: the canary run ------------------------------------------------------------------------


def raise_with_case_data(request: HttpRequest, pk: int) -> HttpResponse:
    """Fails the way a database constraint does: the error's text quotes the row."""
    person = Person.objects.get(pk=pk)
    raise RuntimeError(
        f"Key (nhs_number)=({person.nhs_number}) already exists for {person.full_name}"
    )


urlpatterns = [
    path("test/fail/<int:pk>/", raise_with_case_data),
    path("", include("config.urls")),
]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_no_canary_reaches_the_logs(captured: Captured, console: io.StringIO) -> None:
    staff = f.staff_user()
    client = Client(raise_request_exception=False)

    # Sign in: an unknown username until it is locked (which is logged), a wrong password,
    # then the right one.
    for _ in range(settings.HAVEN_SIGNIN_MAX_FAILURES):
        response = client.post(
            reverse("core:sign_in"), {"username": CANARY_USERNAME, "password": CANARY_PASSWORD}
        )
        assert response.status_code == 200
    client.post(reverse("core:sign_in"), {"username": staff.username, "password": CANARY_PASSWORD})
    client.post(reverse("core:sign_in"), {"username": staff.username, "password": f.PASSWORD})
    # The second step (R15): a wrong code, then the right one sets up the authenticator app.
    assert client.get(reverse("core:sign_in_set_up")).status_code == 200
    device = TOTPDevice.objects.get(user=staff)
    client.post(reverse("core:sign_in_set_up"), {"code": wrong_code(device)})
    client.post(reverse("core:sign_in_set_up"), {"code": unused_code(device)})
    assert "_auth_user_id" in client.session

    # Add a child: once with a mistake (the form comes back), then properly.
    child_form = {
        "first_name": CANARY_FIRST,
        "last_name": CANARY_LAST,
        "known_as": "",
        "sex": "F",
        "gender_identity": "",
        "ethnicity": "WBRI",
        "nhs_number": "943 476 5919",
        "upn": "",
        "upn_unknown_reason": "UN1",
        "disabilities": ["NONE"],
        **f.date_fields("date_of_birth", datetime.date(2019, 6, 1)),
        **f.date_fields("expected_date_of_birth", None),
    }
    assert (
        client.post(reverse("people:child_create"), {**child_form, "ethnicity": ""}).status_code
        == 200
    )
    assert client.post(reverse("people:child_create"), child_form).status_code == 302
    child = Person.objects.get(last_name=CANARY_LAST)
    assert child.nhs_number == CANARY_NHS
    pk = {"pk": child.pk}

    referral = {
        "referral_source": "2A",
        "primary_need": "N1",
        "referral_summary": "canaryreferral: school worried",
        **f.date_fields("referral_date", datetime.date(2026, 3, 2)),
    }
    assert client.post(reverse("referrals:referral_create", kwargs=pk), referral).status_code == 302
    visit = {
        "child_seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": "no",
        "childs_words": "canarywords about home",
        "observations": "canaryobservation in the kitchen",
        **f.date_fields("visit_date", datetime.date(2026, 3, 10)),
    }
    assert client.post(reverse("casework:visit_create", kwargs=pk), visit).status_code == 302
    note = {"note_title": "canarytitle", "body": "canarynote: attendance is 80%"}
    assert client.post(reverse("casework:note_create", kwargs=pk), note).status_code == 302

    # Read the record, search by name and NHS number.
    for name in ("child_chronology", "child_visits", "child_notes", "child_details"):
        assert client.get(reverse(f"people:{name}", kwargs=pk)).status_code == 200
    search = reverse("search:person_search")
    for term in (f"{CANARY_FIRST} {CANARY_LAST}", CANARY_NHS):
        response = client.get(search, {"q": term})
        assert response.status_code == 200
        assert CANARY_LAST in response.content.decode()

    # Things that Django logs: 404s, a 403 and a 500, each with case data in the URL or error.
    assert client.get(f"/people/999999/?q={CANARY_FIRST}").status_code == 404
    no_child = reverse("people:child_notes", kwargs={"pk": 999999})
    assert client.get(f"{no_child}?q={CANARY_NHS}").status_code == 404
    assert client.get(f"/people/{child.pk}/notes/999999/?q={CANARY_LAST}").status_code == 404
    outsider = Client()
    outsider.force_login(f.non_staff_user())
    assert outsider.get(search, {"q": CANARY_FIRST}).status_code == 403
    assert client.get(f"/test/fail/{child.pk}/?q={CANARY_LAST}").status_code == 500

    # The run did log: Django's warnings and the error, with the traceback.
    messages = [r.getMessage() for r in captured.records]
    assert "Not Found: /people/999999/" in messages
    assert f"Not Found: /people/{child.pk}/notes/999999/" in messages
    assert any(getattr(r, "event", "") == "signin_username_locked" for r in captured.records)
    assert "Forbidden (Permission denied): /search/" in messages
    assert f"Internal Server Error: /test/fail/{child.pk}/" in messages
    [error] = [r for r in captured.records if r.exc_info and r.levelno >= logging.ERROR]
    assert CANARY_FIRST in str(error.exc_info[1])  # type: ignore[index]  # the risk is real

    # A member of staff with no part in the child's case is told it does not exist.
    stranger = Client(raise_request_exception=False)
    stranger.force_login(f.staff_user(role=Worker.Role.SOCIAL_WORKER))
    chronology = reverse("people:child_chronology", kwargs=pk)
    assert stranger.get(f"{chronology}?q={CANARY_FIRST}").status_code == 404
    assert f"Not Found: {chronology}" in [r.getMessage() for r in captured.records]

    leaks = [
        (canary, text)
        for text in captured.raw + captured.formatted + console.getvalue().splitlines()
        for canary in CANARIES
        if canary.lower() in text.lower()
    ]
    assert leaks == []
    assert captured.unexpected_extras == []

    # Everything the handler wrote is one JSON object per line, in UTC, with a request id.
    lines = console.getvalue().splitlines()
    assert len(lines) >= len(captured.records)
    for line in lines:
        entry = json.loads(line)
        assert datetime.datetime.fromisoformat(entry["time"]).utcoffset() == datetime.timedelta(0)
    error_line = next(json.loads(line) for line in lines if "Internal Server Error" in line)
    assert error_line["exc_type"] == "RuntimeError"
    assert "in raise_with_case_data" in error_line["traceback"]
    assert re.fullmatch(r"[0-9a-f]{32}", error_line["request_id"])
