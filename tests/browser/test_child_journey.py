"""A social worker takes one child from referral to closure in a real browser.

Sign in, find the child on My work, record the referral, assessment, strategy discussion
(section 47), initial child protection conference (with one refused weekend date), visit,
review conference that ends the plan, authorise the assessment and close the episode; then
check the Episodes and Chronology tabs. Due dates are checked against the working-day calendar.

Every date is fixed in autumn 2026, so it is in the past whenever the test runs.
"""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import Locator, Page, Response, expect

from haven.meetings.models import InitialChildProtectionConference, Section47Enquiry
from haven.people.models import Person
from haven.people.services import person_create
from haven.plans.models import ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed
from haven.statutory.calendar import build_calendar
from haven.workforce.models import Team, Worker
from haven.workforce.services import allocation_allocate

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # noqa: S105

ALLOCATED = date(2026, 9, 1)
REFERRAL = date(2026, 9, 7)  # a Monday
ASSESSMENT_START = date(2026, 9, 8)
STRATEGY_DISCUSSION = date(2026, 9, 10)  # a Thursday
ICPC_ON_A_SATURDAY = date(2026, 9, 19)
ICPC = date(2026, 9, 24)  # a Thursday
VISIT = date(2026, 9, 30)
REVIEW = date(2026, 11, 5)
AUTHORISED = date(2026, 11, 10)
CLOSED = date(2026, 11, 12)


def long_date(d: date) -> str:
    """Django's "j F Y", as the pages show dates: 9 November 2026."""
    return f"{d.day} {d:%B %Y}"


def fill_date(page: Page, name: str, d: date) -> None:
    """A GOV.UK date input: the Day, Month and Year boxes are <name>_0, _1 and _2."""
    for part, value in enumerate((d.day, d.month, d.year)):
        page.locator(f'input[name="{name}_{part}"]').fill(str(value))


def choose(page: Page, question: str, answer: str) -> None:
    """Check the radio or checkbox `answer` in the fieldset whose legend is `question`."""
    page.get_by_role("group", name=question, exact=True).get_by_label(answer, exact=True).check()


def save(page: Page) -> None:
    page.get_by_role("button", name="Save").click()


def open_tab(page: Page, tab: str) -> None:
    page.get_by_role("navigation", name="Child's record").get_by_role(
        "link", name=tab, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okafor")


def next_step(page: Page, label: str) -> None:
    """Follow one of the episode's "Next steps" links on the Episodes tab."""
    page.get_by_role("link", name=label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(label.split(" ", 1)[1])


def expect_saved(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)


def summary_value(page: Page, key: str) -> Locator:
    """The value cell of the summary list row whose key is `key`."""
    row = page.locator(".govuk-summary-list__row").filter(has=page.locator("dt", has_text=key))
    return row.locator("dd")


def check_styles(page: Page, static_responses: list[Response]) -> None:
    """Soft check that the GOV.UK and MOJ stylesheets arrived and apply; the journey itself
    does not depend on them (run `make assets` if they are missing)."""
    failed = [r.url for r in static_responses if r.url.endswith(".css") and not r.ok]
    applied = page.evaluate(
        """() => {
            const sheets = [...document.styleSheets].filter(s => s.href);
            const govuk = sheets.find(s => s.href.includes("govuk-frontend.min.css"));
            const heading = document.querySelector(".govuk-heading-l");
            return {
                govukRules: govuk ? govuk.cssRules.length : 0,
                headingWeight: heading ? getComputedStyle(heading).fontWeight : "",
                bodyFont: getComputedStyle(document.body).fontFamily,
            };
        }"""
    )
    if failed or applied["govukRules"] < 100 or applied["headingWeight"] != "700":
        warnings.warn(
            f"GOV.UK styles did not load (failed: {failed}, applied: {applied}); "
            "run `make assets`.",
            stacklevel=2,
        )


@pytest.mark.django_db(transaction=True)
def test_child_journey_from_referral_to_closure(live_server, page: Page, results_dir: Path) -> None:
    for d in (REFERRAL, ASSESSMENT_START, STRATEGY_DISCUSSION, ICPC, VISIT, REVIEW, AUTHORISED):
        assert d.weekday() < 5, d
    assert timezone.localdate() > CLOSED, "every step must be in the past"
    calendar = build_calendar()
    assessment_due = calendar.add_working_days(REFERRAL, 45)
    icpc_due = calendar.add_working_days(STRATEGY_DISCUSSION, 15)
    assert STRATEGY_DISCUSSION < ICPC <= icpc_due

    # Set up: a team, a social worker who can sign in, and a child allocated to her.
    team = Team.objects.create(name="Child Protection East", kind=Team.Kind.CHILD_PROTECTION)
    user = get_user_model().objects.create_user(
        username="sam.social", password=PASSWORD, first_name="Sam", last_name="Adeyemi"
    )
    worker = Worker.objects.create(
        user=user,
        full_name="Sam Adeyemi",
        team=team,
        start_date=date(2024, 1, 8),
        registration_number="SW123456",
    )
    child = person_create(
        acting_user=user,
        first_name="Maya",
        last_name="Okafor",
        sex="F",
        date_of_birth=date(2018, 5, 1),
    )
    # Her team manager allocates the child (a social worker may not allocate; the manager may
    # see the child because someone in the team recorded it).
    manager = Worker.objects.create(
        user=get_user_model().objects.create_user(username="tia.manager", password=PASSWORD),
        full_name="Tia Manager",
        role=Worker.Role.TEAM_MANAGER,
        team=team,
        start_date=date(2020, 1, 6),
    )
    team.manager = manager
    team.save(update_fields=["manager"])
    allocation_allocate(acting_user=manager.user, child=child, worker=worker, start_date=ALLOCATED)

    page_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    static_responses: list[Response] = []
    page.on("response", lambda r: static_responses.append(r) if "/static/" in r.url else None)

    # Sign in: the password, then setting up an authenticator app with the key the page shows
    # (security reference R15; the QR code holds the same key), then My work, which lists the
    # child.
    page.goto(f"{live_server.url}/")
    expect(page).to_have_title("Sign in – Haven")
    page.get_by_label("Username").fill("sam.social")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/sign-in/set-up/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    qr_code = page.get_by_role("img", name="QR code to set up your authenticator app", exact=False)
    expect(qr_code).to_be_visible()
    # The image loads after the page: wait for it (it failed once when checked at once).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=qr_code.element_handle()
    )
    secret = page.locator("#secret-key").inner_text().replace(" ", "")
    page.get_by_label("Enter the 6-digit code from your authenticator app").fill(
        pyotp.TOTP(secret).now()
    )
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{live_server.url}/my-work/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    check_styles(page, static_responses)
    page.get_by_role("link", name="Maya Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okafor")
    expect(summary_value(page, "Allocated worker")).to_have_text("Sam Adeyemi")

    # Referral from the police: the assessment is due 45 working days later.
    open_tab(page, "Episodes")
    expect(page.get_by_text("No referrals recorded.")).to_be_visible()
    page.get_by_role("link", name="Record a referral").click()
    fill_date(page, "referral_date", REFERRAL)
    page.get_by_label("Who made the referral?").select_option("6")
    page.get_by_label("Primary need").select_option("N1")
    page.get_by_label("What is the worry about the child?").fill("Police found Maya home alone.")
    save(page)
    expect_saved(page, "Referral recorded")
    expect(
        page.get_by_role("heading", name=f"Referral of {long_date(REFERRAL)} – open")
    ).to_be_visible()
    expect(summary_value(page, "Referral source")).to_have_text("Police")
    expect(summary_value(page, "Assessment due by")).to_have_text(long_date(assessment_due))

    next_step(page, "Start an assessment")
    fill_date(page, "start_date", ASSESSMENT_START)
    save(page)
    expect_saved(page, "Assessment started")
    expect(page.get_by_test_id("assessment-due")).to_have_text(long_date(assessment_due))

    # Strategy discussion starts a section 47 enquiry: ICPC due in 15 working days.
    page.get_by_role("link", name="Record a strategy discussion", exact=True).click()
    fill_date(page, "held_on", STRATEGY_DISCUSSION)
    choose(page, "Did the discussion decide to start a section 47 enquiry?", "Yes")
    choose(page, "How did the child take part?", "Not invited")
    for agency in ("Police", "Health", "Education"):
        choose(page, "Agencies invited", agency)
    for agency in ("Police", "Health"):
        choose(page, "Agencies that attended", agency)
    save(page)
    expect_saved(page, "Strategy discussion recorded")
    expect(page.get_by_text("Started a section 47 enquiry.")).to_be_visible()
    expect(page.get_by_test_id("icpc-due")).to_have_text(long_date(icpc_due))

    # The ICPC: a Saturday is refused (census rule 8875) and nothing is saved.
    page.get_by_role("link", name="Record the initial child protection conference").click()
    fill_date(page, "held_on", ICPC_ON_A_SATURDAY)
    choose(page, "Decision", "Child protection plan")
    page.get_by_label("Category of abuse (for a child protection plan)").select_option("NEG")
    choose(page, "How did the child take part?", "Views shared another way (advocate, in writing)")
    choose(page, "Agencies invited", "Police")
    choose(page, "Agencies that attended", "Police")
    save(page)
    error_summary = page.locator(".govuk-error-summary")
    expect(error_summary).to_be_visible()
    expect(error_summary).to_contain_text("There is a problem")
    expect(error_summary).to_contain_text("census rule 8875")
    expect(error_summary.get_by_role("link")).to_have_attribute("href", "#id_held_on_0")
    expect(page.locator("#id_held_on-error")).to_contain_text("Saturday")
    expect(page).to_have_title("Error: Record the initial child protection conference – Haven")
    assert not InitialChildProtectionConference.objects.exists()
    assert not ChildProtectionPlan.objects.exists()
    assert Section47Enquiry.objects.get().end_date is None

    fill_date(page, "held_on", ICPC)  # the other answers are kept
    save(page)
    expect_saved(page, "Initial child protection conference recorded")
    expect(page.get_by_text("Held within 15 working days.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Child protection plan from {long_date(ICPC)}")
    ).to_be_visible()
    expect(page.get_by_text("Category: Neglect. Previous plans: 0.")).to_be_visible()
    expect(summary_value(page, "Alerts")).to_contain_text("Child protection plan")

    # A statutory visit.
    open_tab(page, "Visits")
    page.get_by_role("link", name="Record a visit").click()
    fill_date(page, "visit_date", VISIT)
    choose(page, "Was the child seen?", "Yes")
    choose(page, "Was the child seen alone?", "Yes")
    choose(page, "Was the child's bedroom seen?", "Yes")
    page.get_by_label("What the child said, in their own words").fill("I like my new bed.")
    save(page)
    expect_saved(page, "Visit recorded")
    visit_row = page.locator("tbody tr").filter(has_text=long_date(VISIT))
    expect(visit_row).to_contain_text("I like my new bed.")
    expect(visit_row.locator("td").nth(1)).to_have_text("Yes")

    # The review conference ends the plan.
    open_tab(page, "Episodes")
    page.get_by_role("link", name="Record a review conference").click()
    fill_date(page, "held_on", REVIEW)
    choose(page, "How did the child take part?", "Attended")
    choose(page, "Decision", "Plan ends")
    page.get_by_label("Category of abuse after the review").select_option("NEG")
    save(page)
    expect_saved(page, "Review conference recorded")
    expect(
        page.get_by_role(
            "heading", name=f"Child protection plan from {long_date(ICPC)} to {long_date(REVIEW)}"
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Record a review conference")).to_have_count(0)

    next_step(page, "Authorise the assessment")
    fill_date(page, "child_seen_date", VISIT)
    page.get_by_label("The child's views, in their words where possible").fill(
        "Maya says she feels safe now."
    )
    choose(page, "Factors identified at assessment", "Neglect")
    choose(
        page, "Factors identified at assessment", "Domestic abuse: a parent or carer is the subject"
    )
    choose(page, "Outcome", "No further social care involvement")
    fill_date(page, "authorised_date", AUTHORISED)
    save(page)
    expect_saved(page, "Assessment authorised")
    expect(page.get_by_text(f"Authorised {long_date(AUTHORISED)}")).to_be_visible()

    # The ICPC completed the section 47 enquiry; record its outcome only if it is still open.
    outcome_link = page.get_by_role("link", name="Record the section 47 outcome")
    if outcome_link.count():
        outcome_link.click()
        fill_date(page, "end_date", ICPC)
        choose(page, "Outcome", "Concerns substantiated: initial child protection conference")
        save(page)
        expect_saved(page, "Section 47 enquiry outcome recorded")
    expect(page.get_by_text(f"Completed {long_date(ICPC)}")).to_be_visible()

    page.get_by_role("link", name="Close the episode").click()
    fill_date(page, "closure_date", CLOSED)
    page.get_by_label("Reason for closure").select_option("RC7")
    save(page)
    expect_saved(page, "Episode closed")
    expect(
        page.get_by_role(
            "heading", name=f"Referral of {long_date(REFERRAL)} – closed {long_date(CLOSED)}"
        )
    ).to_be_visible()
    expect(summary_value(page, "Reason for closure")).to_contain_text("Services stopped")
    expect(page.get_by_role("heading", name="Next steps")).to_have_count(0)
    expect(page.get_by_role("link", name="Record a referral")).to_be_visible()
    expect(summary_value(page, "Status")).to_have_text("No open episode")

    episode = EpisodeOfNeed.objects.get(child=child)
    assert (episode.closure_date, episode.closure_reason) == (CLOSED, "RC7")
    assert episode.assessment_due_date == assessment_due

    page.screenshot(path=str(results_dir / "child-record.png"), full_page=True)

    # The chronology tells the story, newest first.
    open_tab(page, "Chronology")
    titles = page.locator(".moj-timeline__title").all_inner_texts()
    assert titles == [
        "Episode closed",
        "Assessment authorised",
        "Review conference",
        "Child protection plan ended",
        "Statutory visit",
        "Section 47 enquiry completed",
        "Initial child protection conference",
        "Child protection plan started",
        "Strategy discussion",
        "Assessment started",
        "Referral received",
        "Allocated to Sam Adeyemi",
    ], titles
    expect(page.locator(".moj-timeline")).to_contain_text("Source: Police.")

    assert Person.objects.get(pk=child.pk).episodes.count() == 1
    assert page_errors == []
