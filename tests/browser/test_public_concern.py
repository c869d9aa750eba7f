"""A member of the public reports a concern about a child on a phone, in a real browser.

No account: the start page, two children, the concern (with GOV.UK Frontend's character
count), an adult, about you, whether the family knows, check your answers (with one change),
send, and the reference on the confirmation page. The browser is a 375 px wide touch-screen
phone under Haven's strict Content Security Policy (axe-core is evaluated through the DevTools
protocol, which the policy does not govern). On every page axe-core finds no WCAG 2.x A or AA
violation, and the page does not scroll sideways at 375 px or at 320 px. Screenshots of the
start, check answers and confirmation pages go to test-results/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from haven.frontdoor.models import Contact, ContactPerson
from tests.browser.test_accessibility import (
    AXE,
    MEASURE_OVERFLOW,
    PHONE,
    RUN_AXE,
    WCAG_TAGS,
    describe_violations,
)

pytestmark = pytest.mark.browser

NARROWEST = 320
CONCERN = (
    "Lily is often left alone in the flat overnight. I hear her crying through the wall.\n"
    "Last Saturday she knocked on my door at 11pm asking for food."
)


class Checker:
    """axe-core and sideways scrolling on each page; problems are collected, not raised, so
    one run lists them all."""

    def __init__(self, page: Page, results_dir: Path) -> None:
        self.page = page
        self.results_dir = results_dir
        self.problems: list[str] = []
        self.axe_source = AXE.read_text()

    def __call__(self, name: str, screenshot: str = "") -> None:
        page = self.page
        where = f"{name} ({page.url})"
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            page.evaluate(self.axe_source)
        violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
        if violations:
            self.problems.append(f"{where}: {len(violations)} axe violation(s)")
            self.problems.extend(describe_violations(violations))
        for width in (PHONE["width"], NARROWEST):
            page.set_viewport_size({"width": width, "height": PHONE["height"]})
            size = page.evaluate(MEASURE_OVERFLOW, width)
            widest = max(size["scrollWidth"], size["innerWidth"])
            if widest > width + 1:
                self.problems.append(
                    f"{where}: the page scrolls sideways ({widest} px wide on a {width} px "
                    "screen); sticking out: " + ", ".join(size["offenders"])
                )
        page.set_viewport_size(PHONE)
        if screenshot:
            page.screenshot(
                path=str(self.results_dir / f"public-concern-{screenshot}-375.png"),
                full_page=True,
            )


def h1(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def next_page(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


@pytest.mark.django_db(transaction=True)
def test_report_a_concern_on_a_phone(live_server, browser: Browser, results_dir: Path) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a dev dependency)")
    context = browser.new_context(viewport=PHONE, locale="en-GB", is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    # A script or style the Content Security Policy refuses is reported on the console.
    page.on(
        "console",
        lambda message: (
            page_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    check = Checker(page, results_dir)
    try:
        # The start page: emergency advice first, then the phone number, then Start now.
        page.goto(f"{live_server.url}/report-a-concern/")
        h1(page, "Report a concern about a child")
        expect(page.locator("main .govuk-warning-text").first).to_contain_text(
            "If a child is in immediate danger, call 999"
        )
        expect(
            page.get_by_role("link", name="01632\N{NO-BREAK SPACE}960\N{NO-BREAK SPACE}000")
        ).to_be_visible()
        check("Start page", screenshot="start")
        page.get_by_role("button", name="Start now").click()

        # The first child: sent empty first, to see the errors.
        h1(page, "Tell us about the child")
        check("About the child")
        next_page(page)
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title(
            "Error: Tell us about the child – Report a concern about a child – "
            "Haven Borough Council"
        )
        check("About the child, with errors", screenshot="child-errors")
        page.get_by_label("First name").fill("Lily")
        page.get_by_label("Last name").fill("Evans")
        page.get_by_label("Day").fill("2")
        page.get_by_label("Month").fill("4")
        page.get_by_label("Year").fill("2017")
        page.get_by_label("Address (optional)").fill("Flat 3, 4 Mill Lane\nHaventon")
        page.get_by_label("Postcode (optional)").fill("HV1 2AB")
        page.get_by_label("School or nursery (optional)").fill("Hill Primary School")
        choose(page, "Is there another child you are worried about?", "Yes")
        next_page(page)

        # A second child, known only by a description.
        h1(page, "Tell us about another child")
        page.get_by_label("Their age, or a description of them").fill("Her brother, about 5")
        choose(page, "Is there another child you are worried about?", "No")
        check("About another child")
        next_page(page)

        # The concern, with the character count GOV.UK Frontend's JavaScript shows.
        h1(page, "What is worrying you about the child?")
        page.get_by_label("What is worrying you about the child?").fill(CONCERN)
        expect(page.locator(".govuk-character-count__status")).to_contain_text(
            f"You have {5000 - len(CONCERN):,} characters remaining"
        )
        check("What is worrying you")
        next_page(page)

        h1(page, "Is there an adult you want to tell us about?")
        page.get_by_label("First name (optional)").fill("Mark")
        page.get_by_label("Their relationship to the child (optional)").fill("Mum's partner")
        check("An adult")
        next_page(page)

        h1(page, "About you")
        choose(
            page,
            "What is your relationship to the child?",
            "A neighbour, friend, acquaintance or childminder",
        )
        page.get_by_label("Your name (optional)").fill("Pat Jones")
        page.get_by_label("Phone number (optional)").fill("01632 960 123")
        check("About you")
        next_page(page)

        h1(page, "Does the child's family know you are reporting this?")
        page.get_by_label("I do not know").check()
        check("Does the family know")
        next_page(page)

        # Check your answers, and change one.
        h1(page, "Check your answers before sending your report")
        expect(page.get_by_text("Lily Evans")).to_be_visible()
        expect(page.get_by_text("Her brother, about 5")).to_be_visible()
        check("Check your answers", screenshot="check-answers")
        page.get_by_role("link", name="Change your details").click()
        h1(page, "About you")
        page.get_by_label("Phone number (optional)").fill("07700 900 982")
        next_page(page)
        h1(page, "Check your answers before sending your report")
        expect(page.get_by_text("07700 900 982")).to_be_visible()

        page.get_by_role("button", name="Send report").click()
        expect(page.locator(".govuk-panel__title")).to_have_text("Report sent")
        contact = Contact.objects.get()
        expect(page.locator(".govuk-panel__body")).to_contain_text(contact.reference)
        expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
        check("Confirmation", screenshot="confirmation")
    finally:
        context.close()

    assert contact.channel == Contact.Channel.PUBLIC_FORM
    assert contact.source == "1B"
    assert contact.referrer_phone == "07700 900 982"
    assert contact.concern == CONCERN
    assert contact.family_aware == Contact.FamilyAware.NOT_KNOWN
    people = contact.people.order_by("pk")
    assert [(p.kind, p.first_name) for p in people] == [
        (ContactPerson.Kind.CHILD, "Lily"),
        (ContactPerson.Kind.CHILD, ""),
        (ContactPerson.Kind.ADULT, "Mark"),
    ]
    assert not page_errors, f"JavaScript or Content Security Policy errors: {page_errors}"
    assert not check.problems, "Accessibility problems:\n" + "\n".join(check.problems)
