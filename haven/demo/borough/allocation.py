"""Who held each child's case, day by day, through transfers and staff turnover.

A sweep over time: each open case sits with a social worker in a team of the kind its phase
needs (referral and assessment, child protection, child in need). The least-loaded worker for
their hours takes a new case. When a worker leaves, each of their cases moves to a colleague
(change reason LEFTRL); cases also move for the other SSDA903 reasons now and then (MANAGE,
ABSENC, ORGRST, TSPROC, FCONTA, CHCHAN, OTHERS). Every case open at the as-of date ends with a
worker who is still in post.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from haven.demo.borough import rates
from haven.demo.borough.episodes import SimEpisode
from haven.demo.borough.required import required
from haven.demo.borough.workforce import Workforce

_CLOSE, _LEAVE, _START, _PHASE, _CHANGE = range(5)


@dataclass(slots=True)
class AllocationRow:
    child: int
    worker: int
    team: int
    start: date
    end: date | None
    reason: str


class Allocator:
    def __init__(self, *, rng: random.Random, workforce: Workforce, as_of: date) -> None:
        self.rng = rng
        self.wf = workforce
        self.as_of = as_of
        self.rows: list[AllocationRow] = []
        workers = workforce.workers
        self._fte = [w.fte for w in workers]
        self._load = [0] * len(workers)
        self._held: list[dict[int, None]] = [{} for _ in workers]
        self._in_post: dict[int, list[int]] = {t: [] for t in range(len(workforce.teams))}
        self._current: dict[int, int] = {}  # episode -> row
        self._kind_of_team = [team.kind for team in workforce.teams]

    def run(self, episodes: list[SimEpisode]) -> list[AllocationRow]:
        rng = self.rng
        events: list[tuple[int, int, int, int, str]] = []
        for index, worker in enumerate(self.wf.workers):
            if not worker.holds_cases:
                continue
            events.append((worker.start.toordinal(), _START, index, index, ""))
            if worker.end is not None:
                events.append((worker.end.toordinal(), _LEAVE, index, index, ""))
        for index, episode in enumerate(episodes):
            if not episode.phases:
                continue
            for on, kind in episode.phases:
                events.append((on.toordinal(), _PHASE, index, index, kind))
            end = episode.closure or self.as_of
            if episode.closure is not None:
                events.append((end.toordinal(), _CLOSE, index, index, ""))
            if episode.demo_case:
                continue
            years = (end - episode.referral).days / 365.25
            at = 0.0
            while True:
                at += rng.expovariate(rates.OTHER_WORKER_CHANGES_PER_YEAR)
                if at >= years:
                    break
                on = episode.referral + timedelta(days=max(1, int(at * 365.25)))
                if on < end:
                    events.append((on.toordinal(), _CHANGE, index, index, ""))
        events.sort()
        for ordinal, event, _, subject, team_kind in events:
            on = date.fromordinal(ordinal)
            if event == _START:
                self._in_post[self._team_of(subject)].append(subject)
            elif event == _LEAVE:
                self._leave(subject, on)
            elif event == _CLOSE:
                self._close(subject, on)
            elif event == _PHASE:
                self._phase(episodes[subject], subject, on, team_kind)
            else:
                self._change(subject, on)
        # A case closed the day it moved would leave an empty allocation: drop it.
        return [row for row in self.rows if row.end is None or row.end > row.start]

    def _team_of(self, worker: int) -> int:
        return required(self.wf.workers[worker].team, "a case-holding worker to be in a team")

    # --- choosing a worker ----------------------------------------------------------------

    def _pick(self, kind: str, *, team: int | None = None, exclude: int = -1) -> tuple[int, int]:
        """The least-loaded worker (per FTE) in ``team``, or in a random team of ``kind``."""
        rng = self.rng
        teams = [team] if team is not None else self.wf.teams_of_kind(kind)
        order = teams[:]
        rng.shuffle(order)
        for candidate_team in order + self.wf.teams_of_kind(kind):
            in_post = [w for w in self._in_post[candidate_team] if w != exclude]
            if in_post:
                worker = min(in_post, key=lambda w: (self._load[w] / self._fte[w], w))
                return worker, candidate_team
        raise RuntimeError(f"No {kind} worker in post")  # pragma: no cover

    def _assign(
        self, episode: int, child: int, worker: int, team: int, on: date, reason: str
    ) -> None:
        current = self._current.get(episode)
        if current is not None:
            row = self.rows[current]
            if row.worker == worker:
                return
            self._load[row.worker] -= 1
            del self._held[row.worker][episode]
            if row.start == on:
                # A second move the same day: correct the row rather than add an empty one.
                row.worker, row.team = worker, team
                self._load[worker] += 1
                self._held[worker][episode] = None
                return
            row.end = on
        self.rows.append(AllocationRow(child, worker, team, on, None, reason))
        self._current[episode] = len(self.rows) - 1
        self._load[worker] += 1
        self._held[worker][episode] = None

    # --- events -----------------------------------------------------------------------------

    def _phase(self, episode: SimEpisode, index: int, on: date, kind: str) -> None:
        if episode.demo_case:
            if index not in self._current:
                worker = self.wf.demo_social_worker
                self._assign(index, episode.child, worker, self._team_of(worker), on, "")
            return
        current = self._current.get(index)
        if current is not None and self._kind_of_team[self.rows[current].team] == kind:
            return
        worker, team = self._pick(kind)
        self._assign(index, episode.child, worker, team, on, "" if current is None else "TSPROC")

    def _close(self, index: int, on: date) -> None:
        current = self._current.pop(index, None)
        if current is None:
            return
        row = self.rows[current]
        self._load[row.worker] -= 1
        del self._held[row.worker][index]
        row.end = on

    def _leave(self, worker: int, on: date) -> None:
        team = self._team_of(worker)
        self._in_post[team].remove(worker)
        kind = self._kind_of_team[team]
        for index in list(self._held[worker]):
            child = self.rows[self._current[index]].child
            successor, new_team = self._pick(kind, team=team, exclude=worker)
            self._assign(index, child, successor, new_team, on, "LEFTRL")

    def _change(self, index: int, on: date) -> None:
        current = self._current.get(index)
        if current is None:
            return
        row = self.rows[current]
        reason = rates.WORKER_CHANGE_REASONS.pick(self.rng)
        kind = self._kind_of_team[row.team]
        same_team = reason not in ("ORGRST", "TSPROC") or len(self.wf.teams_of_kind(kind)) == 1
        worker, team = self._pick(kind, team=row.team if same_team else None, exclude=row.worker)
        self._assign(index, row.child, worker, team, on, reason)
