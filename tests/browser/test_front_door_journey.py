"""The front door end to end in Chromium: a member of the public reports a concern, a MASH
officer rates it, links the child to her record and asks the police, the police answer in their
own section, the MASH team manager refers the child, and the referral waits in the assessment
team's queue. Each person has their own browser context (their own signed-in session)."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from haven.core.tests import factories as f
from haven.frontdoor.models import Contact, InformationRequest
from haven.referrals.models import EpisodeOfNeed

pytestmark = pytest.mark.browser


def context_for(browser: Browser, live_server, user) -> BrowserContext:
    """A browser signed in as `user` (the session Django's test client made for them)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context


def h1(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def choose(page: Page, question: str, answer: str) -> None:
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


@pytest.mark.django_db(transaction=True)
def test_a_public_concern_to_the_assessment_team_queue(live_server, browser: Browser) -> None:
    mash = f.TeamFactory(name="MASH", kind="MASH")
    officer = f.staff_user(role="MASH_OFFICER", team=mash, full_name="Olu Officer")
    manager = f.staff_user(role="MASH_MANAGER", team=mash, full_name="Mo Manager")
    assessment = f.TeamFactory(name="Assessment East", kind="ASSESSMENT")
    team_manager = f.staff_user(role="TEAM_MANAGER", team=assessment, full_name="Tia Manager")
    assessment.manager = team_manager.worker
    assessment.save()
    police = f.staff_user(role="PARTNER", partner_agency="POLICE", team=None)
    lily = f.ChildFactory(
        first_name="Lily", last_name="Evans", date_of_birth=datetime.date(2017, 4, 2)
    )

    # 1. A neighbour reports a concern: no account.
    public = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-GB")
    public.set_default_timeout(10_000)
    page = public.new_page()
    page.goto(f"{live_server.url}/report-a-concern/")
    page.get_by_role("button", name="Start now").click()
    h1(page, "Tell us about the child")
    page.get_by_label("First name").fill("Lily")
    page.get_by_label("Last name").fill("Evans")
    page.get_by_label("Day").fill("2")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2017")
    choose(page, "Is there another child you are worried about?", "No")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is worrying you about the child?").fill(
        "Lily is left alone in the flat overnight and knocks on my door asking for food."
    )
    page.get_by_role("button", name="Continue").click()
    h1(page, "Is there an adult you want to tell us about?")
    page.get_by_role("button", name="Continue").click()
    h1(page, "About you")
    choose(
        page,
        "What is your relationship to the child?",
        "A neighbour, friend, acquaintance or childminder",
    )
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("I do not know").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Send report").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Report sent")
    contact = Contact.objects.get()
    public.close()

    # 2. The MASH officer rates it, links Lily to her record and asks the police.
    hub = context_for(browser, live_server, officer)
    page = hub.new_page()
    page.goto(f"{live_server.url}/hub/")
    page.get_by_role("link", name=contact.reference).click()
    h1(page, f"Contact {contact.reference}")
    page.get_by_role("link", name="Rate this contact").click()
    page.get_by_label("Amber").check()
    page.get_by_label("Why this rating?").fill("A young child left alone at night.")
    page.get_by_role("button", name="Save the rating").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Rating saved")
    page.get_by_role("link", name="Find or add the records of the people named").click()
    h1(page, "Records of the people named")
    page.get_by_role("group", name="Which record is Lily Evans?").get_by_label(
        lily.full_name
    ).check()
    page.get_by_role("button", name="Link this record").click()
    expect(page.get_by_text(f"Linked to {lily.full_name}")).to_be_visible()
    page.goto(f"{live_server.url}/hub/contacts/{contact.pk}/")
    page.get_by_role("link", name="Ask a partner agency").click()
    page.get_by_label("Police").check()
    page.get_by_label("What should they check?").fill("Any call-outs to Lily's address?")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Request sent to Police")
    hub.close()

    # 3. The police answer in their own section.
    partner = context_for(browser, live_server, police)
    page = partner.new_page()
    page.goto(f"{live_server.url}/partner/")
    h1(page, "Referrals and requests")
    page.get_by_role("link", name=contact.reference).click()
    h1(page, "Answer the hub's request")
    expect(page.get_by_text("Lily Evans")).to_be_visible()
    page.get_by_label("What does your agency know?").fill("Two calls this year: child alone.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Answer sent to the hub")
    partner.close()
    assert InformationRequest.objects.get().status == InformationRequest.Status.ANSWERED

    # 4. The MASH team manager reads the answer and refers Lily.
    deciding = context_for(browser, live_server, manager)
    page = deciding.new_page()
    page.goto(f"{live_server.url}/hub/contacts/{contact.pk}/")
    expect(page.get_by_text("Two calls this year: child alone.")).to_be_visible()
    page.get_by_role("link", name="Decide what happens next").click()
    page.get_by_label("Referral to children's social care").check()
    page.get_by_label("Reasons for the decision").fill("Neglect at night, confirmed by police.")
    page.get_by_label("Primary need (for a referral)").select_option("N2")
    page.get_by_label("Assessment team (for a referral)").select_option(str(assessment.pk))
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Decision recorded: Referral to children's social care"
    )
    deciding.close()

    # 5. The referral waits in the assessment team's queue.
    team = context_for(browser, live_server, team_manager)
    page = team.new_page()
    page.goto(f"{live_server.url}/team/")
    waiting = page.get_by_role("region", name="Referrals waiting for a worker")
    expect(waiting.get_by_role("link", name=lily.full_name, exact=True)).to_be_visible()
    expect(waiting.get_by_role("link", name=f"Allocate {lily.full_name}")).to_be_visible()
    team.close()

    episode = EpisodeOfNeed.objects.get(child=lily)
    contact.refresh_from_db()
    assert episode.referral_date == timezone.localdate(contact.decided_at)
    assert episode.referred_to_team == assessment
    assert contact.source == "1B"
