"""Teams and workers, with turnover over the borough's history (reference 4.3).

Each case-holding post is a chain of workers: when one leaves (about 16% a year), a successor
starts a few weeks later, so at the as-of date the borough has the size's headcount less a few
vacancies. Managers, conference chairs and the demo accounts' workers stay throughout.

The hub (MASH) team is led by a MASH team manager, who makes the threshold decisions; its MASH
officers work on the contacts. Partner agency practitioners (police, health, education,
probation, housing) are not council staff: they have no team and sign in to refer and to answer
the hub's requests (Working Together 2023, chapter 2). Hub staff and partners each have a user,
whatever the size, because the contacts record who triaged, decided, referred and answered.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from haven.demo.borough import rates
from haven.demo.borough.people import NamePools
from haven.demo.borough.required import required
from haven.demo.borough.sizes import SizeConfig

_TEAM_TITLES = {
    "MASH": "MASH",
    "ASSESSMENT": "Referral and Assessment",
    "CHILD_PROTECTION": "Child Protection",
    "CHILD_IN_NEED": "Child in Need",
}
_NAME_GROUPS = rates.Weighted(
    [("GB", 70.0), ("IE", 4.0), ("PL", 4.0), ("IN", 8.0), ("PK", 6.0), ("AF", 8.0)]
)

DEMO_SOCIAL_WORKER = "sw.demo"
DEMO_TEAM_MANAGER = "tm.demo"
DEMO_SERVICE_MANAGER = "sm.demo"
DEMO_HUB_OFFICER = "hub.demo"
DEMO_HUB_MANAGER = "hubmanager.demo"
DEMO_POLICE = "police.demo"
DEMO_SCHOOL = "school.demo"
# Partner agencies (Worker.PartnerAgency codes), and the demo practitioner of two of them.
PARTNER_AGENCIES = ("POLICE", "HEALTH", "EDUCATION", "PROBATION", "HOUSING")
_DEMO_PARTNERS = {"POLICE": DEMO_POLICE, "EDUCATION": DEMO_SCHOOL}


@dataclass(slots=True)
class TeamSpec:
    name: str
    kind: str
    manager: int | None = None


@dataclass(slots=True)
class WorkerSpec:
    full_name: str
    role: str
    team: int | None
    start: date
    end: date | None = None
    is_agency: bool = False
    fte: float = 1.0
    registration_number: str = ""
    line_manager: int | None = None
    username: str = ""
    holds_cases: bool = False
    partner_agency: str = ""
    # Hub staff and partners: a user whatever the size (contacts name them).
    needs_user: bool = False


@dataclass
class Workforce:
    teams: list[TeamSpec] = field(default_factory=list)
    workers: list[WorkerSpec] = field(default_factory=list)
    demo_social_worker: int = -1
    demo_team_manager: int = -1
    demo_service_manager: int = -1
    demo_hub_officer: int = -1
    demo_hub_manager: int = -1
    # Partner agency practitioners by agency code.
    partners: dict[str, list[int]] = field(default_factory=dict)

    def teams_of_kind(self, kind: str) -> list[int]:
        return [i for i, team in enumerate(self.teams) if team.kind == kind]


class WorkforceBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        pools: NamePools,
        history_start: date,
        as_of: date,
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.history_start = history_start
        self.as_of = as_of
        self.workforce = Workforce()
        self._registrations: set[int] = set()

    def build(self, size: SizeConfig) -> Workforce:
        wf = self.workforce
        managers = [
            self._worker("SERVICE_MANAGER", None, registered=True, stays=True)
            for _ in range(size.service_managers)
        ]
        wf.demo_service_manager = managers[0]
        wf.workers[managers[0]].username = DEMO_SERVICE_MANAGER
        kinds = (
            [("MASH", size.mash_teams)]
            + [("ASSESSMENT", size.assessment_teams)]
            + [("CHILD_PROTECTION", size.child_protection_teams)]
            + [("CHILD_IN_NEED", size.child_in_need_teams)]
        )
        for kind, count in kinds:
            for number in range(1, count + 1):
                title = _TEAM_TITLES[kind]
                wf.teams.append(
                    TeamSpec(name=title if count == 1 else f"{title} {number}", kind=kind)
                )
        for team_index, team in enumerate(wf.teams):
            role = "MASH_MANAGER" if team.kind == "MASH" else "TEAM_MANAGER"
            manager = self._worker(role, team_index, registered=True, stays=True)
            team.manager = manager
            wf.workers[manager].line_manager = managers[team_index % len(managers)]
        hub = wf.teams_of_kind("MASH")[0]
        wf.demo_hub_manager = self._manager(hub)
        wf.workers[wf.demo_hub_manager].username = DEMO_HUB_MANAGER
        demo_team = wf.teams_of_kind("CHILD_PROTECTION")[0]
        wf.demo_team_manager = self._manager(demo_team)
        wf.workers[wf.demo_team_manager].username = DEMO_TEAM_MANAGER
        wf.workers[wf.demo_team_manager].line_manager = managers[0]
        for _ in range(size.conference_chairs):
            chair = self._worker("CONFERENCE_CHAIR", None, registered=True, stays=True)
            wf.workers[chair].line_manager = managers[0]
        for index in range(size.business_support):
            team_index = index % len(wf.teams)
            support = self._worker("BUSINESS_SUPPORT", team_index, registered=False, stays=True)
            wf.workers[support].line_manager = self._manager(team_index)
        for team_index, team in enumerate(wf.teams):
            if team.kind == "MASH":
                wf.workers[self._manager(team_index)].needs_user = True
                for slot in range(size.mash_officers_per_team):
                    if team_index == hub and slot == 0:
                        officer = self._worker(
                            "MASH_OFFICER", team_index, registered=False, stays=True, fte=1.0
                        )
                        wf.workers[officer].username = DEMO_HUB_OFFICER
                        wf.workers[officer].needs_user = True
                        wf.demo_hub_officer = officer
                    else:
                        self._post(team_index, "MASH_OFFICER", holds_cases=False)
                for _ in range(size.mash_social_workers_per_team):
                    self._post(team_index, "SOCIAL_WORKER", holds_cases=False)
                continue
            for slot in range(size.social_workers_per_team):
                if team_index == demo_team and slot == 0:
                    demo = self._worker(
                        "SOCIAL_WORKER",
                        team_index,
                        registered=True,
                        stays=True,
                        holds_cases=True,
                        agency=False,
                        fte=1.0,
                    )
                    wf.workers[demo].username = DEMO_SOCIAL_WORKER
                    wf.demo_social_worker = demo
                else:
                    self._post(team_index, "SOCIAL_WORKER", holds_cases=True)
        for agency in PARTNER_AGENCIES:
            for slot in range(size.partners_per_agency):
                partner = self._worker("PARTNER", None, registered=False, stays=True, fte=1.0)
                spec = wf.workers[partner]
                spec.partner_agency = agency
                spec.needs_user = True
                if slot == 0 and agency in _DEMO_PARTNERS:
                    spec.username = _DEMO_PARTNERS[agency]
                wf.partners.setdefault(agency, []).append(partner)
        return wf

    def _manager(self, team_index: int) -> int:
        return required(self.workforce.teams[team_index].manager, "every team to have a manager")

    def _post(self, team_index: int, role: str, *, holds_cases: bool) -> None:
        """One post over the history: a worker, and a successor each time one leaves."""
        rng = self.rng
        worker = self._worker(role, team_index, registered=role == "SOCIAL_WORKER", stays=False)
        self.workforce.workers[worker].holds_cases = holds_cases
        self.workforce.workers[worker].needs_user = self._in_hub(team_index)
        while True:
            spec = self.workforce.workers[worker]
            tenure = timedelta(days=int(rng.expovariate(rates.TURNOVER_PER_YEAR) * 365.25) + 1)
            leaves = max(spec.start, self.history_start) + tenure
            if leaves > self.as_of:
                return
            spec.end = leaves
            successor_starts = leaves + timedelta(days=rng.randint(0, 28))
            if successor_starts > self.as_of:
                return
            worker = self._worker(
                role,
                team_index,
                registered=role == "SOCIAL_WORKER",
                stays=False,
                start=successor_starts,
            )
            self.workforce.workers[worker].holds_cases = holds_cases
            self.workforce.workers[worker].needs_user = self._in_hub(team_index)

    def _in_hub(self, team_index: int) -> bool:
        return self.workforce.teams[team_index].kind == "MASH"

    def _worker(
        self,
        role: str,
        team: int | None,
        *,
        registered: bool,
        stays: bool,
        start: date | None = None,
        holds_cases: bool = False,
        agency: bool | None = None,
        fte: float | None = None,
    ) -> int:
        rng = self.rng
        wf = self.workforce
        group = _NAME_GROUPS.pick(rng)
        female = rng.random() < 0.82  # most children's social workers are women
        first = rng.choice(self.pools.female[group] if female else self.pools.male[group])
        last = rng.choice(self.pools.surnames[group])
        if start is None:
            start = self.history_start - timedelta(days=rng.randint(60, 4000 if stays else 2500))
        is_agency = (
            agency
            if agency is not None
            else (role == "SOCIAL_WORKER" and rng.random() < rates.AGENCY_RATE)
        )
        spec = WorkerSpec(
            full_name=f"{first} {last}",
            role=role,
            team=team,
            start=start,
            is_agency=is_agency,
            fte=fte if fte is not None else (1.0 if is_agency else rates.FTE.pick(rng)),
            registration_number=self._registration() if registered else "",
            holds_cases=holds_cases,
        )
        if team is not None and role not in ("TEAM_MANAGER", "MASH_MANAGER", "SERVICE_MANAGER"):
            spec.line_manager = wf.teams[team].manager
        wf.workers.append(spec)
        return len(wf.workers) - 1

    def _registration(self) -> str:
        """A made-up Social Work England registration number: "SW" and six digits."""
        while True:
            number = self.rng.randint(100_000, 999_999)
            if number not in self._registrations:
                self._registrations.add(number)
                return f"SW{number}"
