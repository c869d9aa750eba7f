"""A timeout never loses typed work (security reference R17), in a real browser.

A social worker types a visit record; autosave.js saves it as a draft. Her session then ends
(its row is deleted, as an expired session would be); reloading the page sends her to sign in,
and signing in again (password and authenticator code) brings her back to the form with what
she typed. (What she types after the session has ended cannot be saved: the status line says
so at the next attempt.) A second test measures how long typing can stay unsaved: continuous
typing is saved at least every 15 seconds, and leaving the page saves at once.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

from haven.casework.models import Visit
from haven.core.tests.sign_in_helpers import confirmed_device, unused_code
from haven.drafts.models import Draft
from haven.people.services import person_create
from haven.referrals.services import referral_record
from haven.workforce.models import Team, Worker
from haven.workforce.services import allocation_allocate

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # noqa: S105
TYPED = "Maya showed me her new bed and said she sleeps well now."
VISIT = date(2026, 9, 30)

# As tests/browser/test_accessibility.py runs axe-core (WCAG 2.0-2.2 A and AA).
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
RUN_AXE = """async () => {
    const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((v) => `${v.id}: ${v.help} at ${
        v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}"""


class Worker2FA:
    """A social worker who signs in with a password and an authenticator app's codes."""

    def __init__(self) -> None:
        team = Team.objects.create(name="Child Protection East", kind=Team.Kind.CHILD_PROTECTION)
        duty = get_user_model().objects.create_user(username="duty.manager", password=PASSWORD)
        Worker.objects.create(
            user=duty,
            full_name="Duty Manager",
            team=team,
            role=Worker.Role.EMERGENCY_DUTY,
            start_date=date(2024, 1, 8),
        )
        self.user = get_user_model().objects.create_user(
            username="sam.social", password=PASSWORD, first_name="Sam", last_name="Adeyemi"
        )
        worker = Worker.objects.create(
            user=self.user,
            full_name="Sam Adeyemi",
            team=team,
            role=Worker.Role.SOCIAL_WORKER,
            start_date=date(2024, 1, 8),
            registration_number="SW123456",
        )
        self.child = person_create(
            acting_user=duty,
            first_name="Maya",
            last_name="Okafor",
            sex="F",
            date_of_birth=date(2018, 5, 1),
        )
        allocation_allocate(
            acting_user=duty, child=self.child, worker=worker, start_date=date(2026, 9, 1)
        )
        referral_record(
            acting_user=duty,
            child=self.child,
            referral_date=date(2026, 9, 7),
            referral_source="6",
            primary_need="N1",
        )
        self.device = confirmed_device(self.user)

    def sign_in(self, page: Page) -> None:
        """On the sign-in page: the password, then the code if asked for one."""
        expect(page.get_by_role("heading", level=1)).to_contain_text("Sign in")
        page.get_by_label("Username").fill("sam.social")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        if "/sign-in/code/" in page.url:
            page.locator('input[name="code"]').fill(unused_code(self.device))
            page.get_by_role("button", name="Continue").click()


def watch(page: Page) -> dict[str, list[Any]]:
    """Script errors, console errors (CSP violations show there; the missing favicon and a
    refused draft save, which the test expects, do not count) and when each save was sent."""
    seen: dict[str, list[Any]] = {"errors": [], "saves": []}
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))

    def console(message: ConsoleMessage) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith(("/favicon.ico", "/drafts/save/")):
            seen["errors"].append(message.text)

    page.on("console", console)
    page.on(
        "request",
        lambda request: (
            seen["saves"].append(time.monotonic())
            if request.url.endswith("/drafts/save/")
            else None
        ),
    )
    return seen


def fill_date(page: Page, name: str, d: date) -> None:
    for part, value in enumerate((d.day, d.month, d.year)):
        page.locator(f'input[name="{name}_{part}"]').fill(str(value))


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


@pytest.mark.django_db(transaction=True)
def test_typing_survives_the_session_ending(live_server, page: Page) -> None:
    sam = Worker2FA()
    form_path = reverse("casework:visit_create", kwargs={"pk": sam.child.pk})
    seen = watch(page)

    # Straight to the form: sign in, and `next` brings her back to it.
    page.goto(f"{live_server.url}{form_path}")
    sam.sign_in(page)
    expect(page).to_have_url(f"{live_server.url}{form_path}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a visit")

    fill_date(page, "visit_date", VISIT)
    choose(page, "Was the child seen?", "Yes")
    words = page.get_by_label("What the child said, in their own words")
    words.press_sequentially(TYPED, delay=20)
    typed_at = time.monotonic()
    status = page.get_by_test_id("autosave-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Draft saved at", timeout=10_000)
    saved_after = time.monotonic() - typed_at
    assert saved_after < 5, f"the draft was saved {saved_after:.1f}s after the last keystroke"
    draft = Draft.objects.get(user=sam.user)
    assert draft.key == form_path
    assert draft.data["childs_words"] == TYPED
    assert draft.data["child_seen"] == "yes"
    assert "csrfmiddlewaretoken" not in draft.data

    # The session ends on the server (timed out and cleared away). The next autosave says so
    # (what is typed from now on cannot be saved for anyone).
    Session.objects.all().delete()
    words.press_sequentially(" After the timeout.", delay=20)
    expect(status).to_contain_text("You have been signed out", timeout=10_000)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Haven")
    assert parse_qs(urlsplit(page.url).query)["next"] == [form_path]

    sam.sign_in(page)
    expect(page).to_have_url(f"{live_server.url}{form_path}")
    banner = page.get_by_test_id("draft-restored")
    expect(banner).to_contain_text("We restored the draft you were typing, saved at")
    expect(banner).to_contain_text("Check it, then save.")
    expect(words).to_have_value(TYPED)
    expect(page.locator('input[name="visit_date_0"]')).to_have_value(str(VISIT.day))
    expect(
        page.get_by_role("group", name="Was the child seen?", exact=True).get_by_label(
            "Yes", exact=True
        )
    ).to_be_checked()

    # She checks it and saves: the visit is recorded and the draft is gone.
    choose(page, "Was the child seen alone?", "Yes")
    choose(page, "Was the child's bedroom seen?", "Yes")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Visit recorded")
    assert Visit.objects.get(child=sam.child).childs_words == TYPED
    assert not Draft.objects.exists()
    assert seen["errors"] == [], seen["errors"]


@pytest.mark.django_db(transaction=True)
def test_continuous_typing_is_saved_every_15_seconds_and_leaving_saves_at_once(
    live_server, page: Page
) -> None:
    sam = Worker2FA()
    form_path = reverse("casework:note_create", kwargs={"pk": sam.child.pk})
    seen = watch(page)
    page.goto(f"{live_server.url}{form_path}")
    sam.sign_in(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case note")

    # Typing that never pauses for the 2-second quiet time: 18 seconds, a key every 250 ms.
    body = page.get_by_label("Note")
    started = time.monotonic()
    body.press_sequentially("a" * 72, delay=250, timeout=40_000)
    stopped = time.monotonic()
    during = [t - started for t in seen["saves"] if t < stopped]
    assert during, "nothing was saved during 18 seconds of typing"
    assert during[0] <= 16, f"the first save came {during[0]:.1f}s after typing started"

    # More typing, then straight off the page (well inside the quiet time): saved on leaving.
    body.press_sequentially(" and then", delay=20)
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okafor")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        draft = Draft.objects.filter(user=sam.user, key=form_path).first()
        if draft and draft.data.get("body", "").endswith("and then"):
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"leaving the page did not save the draft: {draft and draft.data}")
    assert seen["errors"] == [], seen["errors"]


@pytest.mark.django_db(transaction=True)
def test_the_restored_draft_meets_wcag_aa_and_can_be_discarded(
    live_server, browser: Browser
) -> None:
    sam = Worker2FA()
    form_path = reverse("casework:visit_create", kwargs={"pk": sam.child.pk})
    Draft.objects.create(
        user=sam.user,
        key=form_path,
        child_id=sam.child.pk,
        data={"childs_words": TYPED},
        saved_at=timezone.now(),
    )
    # bypass_csp only so that the test can inject axe-core.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}{form_path}")
        sam.sign_in(page)
        expect(page.get_by_test_id("draft-restored")).to_be_visible()
        page.get_by_label("Observations").press_sequentially("Calm.", delay=20)
        expect(page.get_by_test_id("autosave-status")).to_contain_text("Draft saved at")

        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        assert violations == [], "\n".join(violations)

        # Discard it, straight after typing more: autosave stops, so the draft stays gone.
        page.get_by_label("Observations").press_sequentially(" Still calm.", delay=20)
        page.get_by_role("button", name="Discard the draft").click()
        expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
            "The draft was discarded"
        )
        expect(page.get_by_test_id("draft-restored")).to_have_count(0)
        expect(page.get_by_label("What the child said, in their own words")).to_have_value("")
        time.sleep(1)
        assert not Draft.objects.exists()
    finally:
        context.close()
