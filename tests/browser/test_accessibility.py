"""WCAG 2.2 AA basics and phone usability, checked by axe-core in a real browser.

Each page a social worker or manager uses most is opened at desktop width (1280 px) and at
phone width (375 x 812, as a touch-screen phone browser). On every page axe-core (an npm dev
dependency that `npm ci` installs) runs the WCAG 2.0, 2.1 and 2.2 A and AA rules and must find
no violations. At phone width the page itself must not scroll sideways: a wide table may
scroll inside its own wrapper (`.haven-table-wrapper`), the page body may not.

Screenshots of My work and the child's record at 375 px go to test-results/ for a person to
look at.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from haven.casework import services as casework_services
from haven.core.models import SignInAttempt, TOTPDevice
from haven.core.tests.factories import (
    PASSWORD,
    REFERRAL_DATE,
    ChildFactory,
    TeamFactory,
    WorkerFactory,
    allocate,
    hold_icpc,
    open_episode,
    staff_user,
    start_assessment,
    start_section_47,
)
from haven.core.tests.sign_in_helpers import unused_code, wrong_code
from haven.people import services as people_services
from haven.people.models import Person, ProfessionalInvolvement, Relationship

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""

# How wide the page is, and the elements that stick out past the right edge of a `width` px
# screen (ignoring those inside an element that scrolls or clips sideways, such as a table
# wrapper, which may scroll on its own). A phone browser zooms out to fit a page that is too
# wide, so window.innerWidth grows with the page: measure against the phone's width too.
MEASURE_OVERFLOW = """(width) => {
    const clips = (el) => ["auto", "scroll", "hidden", "clip"].includes(
        getComputedStyle(el).overflowX);
    const describe = (el) => el.tagName.toLowerCase()
        + (el.id ? "#" + el.id : "")
        + (typeof el.className === "string" && el.className.trim()
            ? "." + el.className.trim().split(/\\s+/).join(".") : "");
    const offenders = [], seen = [];
    for (const el of document.body.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.right <= width + 1) continue;
        let parent = el.parentElement, clipped = false;
        while (parent && parent !== document.body) {
            if (clips(parent)) { clipped = true; break; }
            parent = parent.parentElement;
        }
        if (clipped || seen.some((outer) => outer.contains(el))) continue;
        seen.push(el);
        offenders.push(`${describe(el)} (right edge ${Math.round(box.right)} px)`);
    }
    return {
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
        offenders: offenders.slice(0, 6),
    };
}"""


@dataclass
class Screen:
    """One page to check: `open` gets there (from a signed-in or signed-out browser) and
    checks it is the page meant."""

    name: str
    open: Callable[[Page], None]
    screenshot: str = ""


def run_axe(page: Page) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(RUN_AXE, WCAG_TAGS)
    return violations


def describe_violations(violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            summary = "; ".join(line.strip() for line in node["summary"].splitlines()[1:])
            lines.append(f"      {node['target']}: {summary}")
        if len(v["nodes"]) > 5:
            lines.append(f"      ... and {len(v['nodes']) - 5} more")
    return lines


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    """The password step; the code from the authenticator app comes next (enter_code)."""
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page: Page, code: str) -> None:
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()


def device_of(username: str) -> TOTPDevice:
    return TOTPDevice.objects.get(user__username=username)


def h1(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def build_case(username: str) -> dict[str, Any]:
    """A manager-and-social-worker who manages a team with a colleague, and a child with a
    full record: allocations, an open episode (assessment, section 47, plan), a visit, a note,
    family, an address, a professional and a sibling."""
    team = TeamFactory(name="Child Protection East")
    user = staff_user(
        team=team,
        role="TEAM_MANAGER",
        full_name="Sam Adeyemi",
        user__username=username,
        user__first_name="Sam",
        user__last_name="Adeyemi",
    )
    worker = user.worker
    team.manager = worker
    team.save(update_fields=["manager"])
    colleague = WorkerFactory(team=team, full_name="Priya Shah", user__first_name="Priya")

    child = ChildFactory(
        first_name="Maya", last_name="Okafor", date_of_birth=datetime.date(2018, 5, 1)
    )
    sibling = ChildFactory(first_name="Tobi", last_name="Okafor", sex="M")
    other = ChildFactory(first_name="Leon", last_name="Marsh", sex="M")
    allocate(child, user, colleague, start_date=datetime.date(2026, 2, 23))
    allocate(child, user, worker, start_date=datetime.date(2026, 4, 1), change_reason="MANAGE")
    allocate(sibling, user, worker)
    allocate(other, user, colleague)

    episode = open_episode(
        child, user, referral_summary="Police found Maya at home alone late at night."
    )
    start_assessment(episode, user)
    enquiry = start_section_47(episode, user, REFERRAL_DATE + datetime.timedelta(days=1))
    hold_icpc(enquiry, user, datetime.date(2026, 3, 17))
    open_episode(other, user)

    casework_services.visit_record(
        acting_user=user,
        child=child,
        visit_date=datetime.date(2026, 3, 20),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=True,
        childs_words="I like my new bed. Mum is nicer when her friend is not here.",
        observations="The flat was warm and there was food in the fridge.",
    )
    casework_services.case_note_add(
        acting_user=user,
        child=child,
        title="Call from school",
        body="The school nurse says Maya has been tired and hungry on Mondays.",
    )
    people_services.family_member_add(
        acting_user=user,
        child=child,
        first_name="Grace",
        last_name="Okafor",
        kind=Relationship.Kind.MOTHER,
        date_of_birth=datetime.date(1990, 2, 1),
        has_parental_responsibility=True,
        lives_with_child=True,
    )
    people_services.relationship_add(
        acting_user=user,
        person=sibling,
        related_person=child,
        kind=Relationship.Kind.SIBLING,
        lives_with_child=True,
    )
    people_services.address_move(
        acting_user=user,
        person=child,
        line_1="Flat 12, Riverside Court",
        town="Haventon",
        postcode="hv1 2ab",
        start_date=datetime.date(2024, 6, 1),
    )
    people_services.involvement_add(
        acting_user=user,
        child=child,
        agency=ProfessionalInvolvement.Agency.SCHOOL_NURSE,
        name="Ruth Bell",
        role="School nurse",
        organisation="St Anne's Primary School",
        start_date=datetime.date(2025, 9, 1),
    )
    assert Person.objects.filter(last_name="Okafor").count() == 3
    return {"child": child, "sibling": sibling, "episode": episode}


def screens(base: str, username: str, case: dict[str, Any]) -> list[Screen]:
    child, sibling, episode = case["child"], case["sibling"], case["episode"]

    def sign_in_page(page: Page) -> None:
        # Each width starts afresh: no failures counted (the wrong password and codes below
        # would otherwise lock the account on the second pass) and no authenticator app.
        SignInAttempt.objects.all().delete()
        TOTPDevice.objects.filter(user__username=username).delete()
        page.goto(f"{base}/sign-in/")
        h1(page, "Sign in to Haven")

    def wrong_password(page: Page) -> None:
        sign_in(page, base, username, "not the password")
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title("Error: Sign in – Haven")

    def set_up(page: Page) -> None:
        sign_in(page, base, username, PASSWORD)
        expect(page).to_have_url(f"{base}/sign-in/set-up/")
        h1(page, "Set up your authenticator app")
        expect(page.get_by_role("img", name="QR code", exact=False)).to_be_visible()

    def set_up_wrong_code(page: Page) -> None:
        enter_code(page, wrong_code(device_of(username)))
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title("Error: Set up your authenticator app – Haven")

    def code_page(page: Page) -> None:
        # Finish setting up, sign out, and sign in again: now the app's code is asked for.
        enter_code(page, unused_code(device_of(username)))
        expect(page).to_have_url(f"{base}/my-work/")
        page.get_by_role("button", name="Sign out").click()
        sign_in(page, base, username, PASSWORD)
        expect(page).to_have_url(f"{base}/sign-in/code/")
        h1(page, "Enter the 6-digit code from your authenticator app")

    def wrong_code_page(page: Page) -> None:
        enter_code(page, wrong_code(device_of(username)))
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title("Error: Enter the code from your authenticator app – Haven")

    def signed_in(page: Page) -> None:
        enter_code(page, unused_code(device_of(username)))
        expect(page).to_have_url(f"{base}/my-work/")

    def goto(path: str, heading: str) -> Callable[[Page], None]:
        def open_page(page: Page) -> None:
            page.goto(f"{base}{path}")
            h1(page, heading)

        return open_page

    def tab(path: str) -> Callable[[Page], None]:
        return goto(f"/people/{child.pk}/{path}", child.full_name)

    def empty_referral(page: Page) -> None:
        page.goto(f"{base}/people/{sibling.pk}/referrals/new/")
        h1(page, "Record a referral")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        expect(page).to_have_title("Error: Record a referral – Haven")

    def not_found(page: Page) -> None:
        response = page.goto(f"{base}/people/99999999/")
        assert response is not None
        assert response.status == 404
        h1(page, "Page not found")

    return [
        Screen("Sign in", sign_in_page),
        Screen("Sign in with a wrong password", wrong_password),
        Screen("Set up an authenticator app", set_up),
        Screen("Set up an authenticator app with a wrong code", set_up_wrong_code),
        Screen("Enter the code from the authenticator app", code_page),
        Screen("Enter the code, wrong", wrong_code_page),
        Screen("My work (after signing in)", signed_in, screenshot="my-work"),
        Screen("Team", goto("/team/", "Child Protection East")),
        Screen("Record: chronology", tab(""), screenshot="child-record-chronology"),
        Screen("Record: family", tab("family/")),
        Screen("Record: episodes", tab("episodes/"), screenshot="child-record-episodes"),
        Screen("Record: visits", tab("visits/")),
        Screen("Record: notes", tab("notes/")),
        Screen("Record: allocations", tab("allocations/")),
        Screen("Record a referral, submitted empty", empty_referral),
        Screen(
            "Strategy discussion form",
            goto(
                f"/people/{child.pk}/episodes/{episode.pk}/strategy-discussion/",
                "Record a strategy discussion",
            ),
        ),
        Screen("Visit form", goto(f"/people/{child.pk}/visits/new/", "Record a visit")),
        Screen("Person search results", goto("/search/?q=Okafor", "Find a child or adult")),
        Screen("Page not found", not_found),
    ]


@pytest.mark.django_db(transaction=True)
def test_pages_meet_wcag_aa_and_fit_a_phone(
    live_server, browser: Browser, results_dir: Path
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (axe-core is a dev dependency)")
    username = "sam.social"
    case = build_case(username)
    pages = screens(live_server.url, username, case)

    problems: list[str] = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        phone = viewport is PHONE
        # bypass_csp lets the test inject axe-core; Haven's own pages run under the strict CSP
        # in the journey test, which fails on any JavaScript error.
        context = browser.new_context(
            viewport=viewport, locale="en-GB", is_mobile=phone, has_touch=phone, bypass_csp=True
        )
        context.set_default_timeout(10_000)
        page = context.new_page()
        page_errors: list[str] = []
        page.on("pageerror", lambda error, errors=page_errors: errors.append(str(error)))
        try:
            for screen in pages:
                screen.open(page)
                where = f"{screen.name} at {label} width ({page.url})"
                violations = run_axe(page)
                if violations:
                    problems.append(f"{where}: {len(violations)} axe violation(s)")
                    problems.extend(describe_violations(violations))
                if phone:
                    # scrollWidth <= innerWidth + 1, and the viewport still 375 px (not
                    # zoomed out by the phone browser to fit a page that is too wide).
                    size = page.evaluate(MEASURE_OVERFLOW, PHONE["width"])
                    widest = max(size["scrollWidth"], size["innerWidth"])
                    if widest > PHONE["width"] + 1:
                        problems.append(
                            f"{where}: the page scrolls sideways ({widest} px wide on a "
                            f"{PHONE['width']} px screen); sticking out: "
                            + ", ".join(size["offenders"])
                        )
                    if screen.screenshot:
                        page.screenshot(
                            path=str(results_dir / f"a11y-{screen.screenshot}-375.png"),
                            full_page=True,
                        )
        finally:
            context.close()
        if page_errors:
            problems.append(f"JavaScript errors at {label} width: {page_errors}")

    assert not problems, "Accessibility problems:\n" + "\n".join(problems)
