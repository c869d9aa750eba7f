"""How big each borough is.

``large`` is a little bigger than the largest English authority (reference 4.2: roughly
250,000-330,000 children, about 20,000 referrals and 100,000+ contacts a year): 390,000 children
so that, with the adults around them, it holds over 1,000,000 people (issue 4), and its 20,000
referrals a year are the national rate of about 520 per 10,000 children (reference 4.1).
``medium`` is a mid-size county; ``demo`` a borough small enough to load in seconds. Referral
volumes are set per size rather than per child: the demo borough refers children at about twice
the national rate so that three years hold enough cases to show.

Contacts to the hub are five times the referrals, as the issue's 100,000 contacts a year for
20,000 referrals (reference 4.2 "100k+ contacts a year for one tenant").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SizeConfig:
    name: str
    # Children under 18 at the as-of date: the borough's child population, which the rates
    # per 10,000 children are about.
    children: int
    referrals_per_year: int
    years: int
    # Teams of each kind, and the social workers each case-holding team has in post.
    mash_teams: int
    assessment_teams: int
    child_protection_teams: int
    child_in_need_teams: int
    social_workers_per_team: int
    mash_officers_per_team: int
    mash_social_workers_per_team: int
    conference_chairs: int
    service_managers: int
    business_support: int
    # Unborn children referred shortly before the as-of date (sex U, expected date of birth).
    unborn_children: int
    # Give every worker a Django user (unusable password) so every caseload can be viewed.
    users_for_all_workers: bool
    # Contacts to the hub a year (each may name several children), over the whole history.
    contacts_per_year: int
    # Referrals the hub made in the last working days still waiting in an assessment team's
    # queue, nobody allocated yet.
    waiting_referrals: int
    # Older contacts still undecided at the as-of date (overdue in the hub's queue).
    stuck_contacts: int
    # Partner agency practitioners per agency (police, health, education, probation, housing).
    partners_per_agency: int

    @property
    def child_records(self) -> int:
        """Child records to create: ``children`` under 18 at the as-of date, plus those who
        turned 18 during the history (birth dates spread evenly over 18 years + the history)."""
        return self.children * (18 + self.years) // 18


SIZES: dict[str, SizeConfig] = {
    "demo": SizeConfig(
        name="demo",
        children=3_000,
        referrals_per_year=300,
        years=3,
        mash_teams=1,
        assessment_teams=1,
        child_protection_teams=1,
        child_in_need_teams=1,
        social_workers_per_team=5,
        mash_officers_per_team=2,
        mash_social_workers_per_team=1,
        conference_chairs=2,
        service_managers=1,
        business_support=0,
        unborn_children=4,
        users_for_all_workers=True,
        contacts_per_year=1_500,
        waiting_referrals=3,
        stuck_contacts=5,
        partners_per_agency=2,
    ),
    "medium": SizeConfig(
        name="medium",
        children=30_000,
        referrals_per_year=2_000,
        years=5,
        mash_teams=1,
        assessment_teams=2,
        child_protection_teams=2,
        child_in_need_teams=2,
        social_workers_per_team=8,
        mash_officers_per_team=2,
        mash_social_workers_per_team=1,
        conference_chairs=2,
        service_managers=1,
        business_support=0,
        unborn_children=15,
        users_for_all_workers=True,
        contacts_per_year=10_000,
        waiting_referrals=5,
        stuck_contacts=10,
        partners_per_agency=3,
    ),
    "large": SizeConfig(
        name="large",
        children=390_000,
        referrals_per_year=20_000,
        years=5,
        mash_teams=3,
        assessment_teams=12,
        child_protection_teams=14,
        child_in_need_teams=16,
        social_workers_per_team=12,
        mash_officers_per_team=6,
        mash_social_workers_per_team=2,
        conference_chairs=14,
        service_managers=5,
        business_support=8,
        unborn_children=120,
        users_for_all_workers=False,
        contacts_per_year=100_000,
        waiting_referrals=12,
        stuck_contacts=30,
        partners_per_agency=8,
    ),
}
