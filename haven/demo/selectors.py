"""Reading the generated borough: the record of it, the demo logins, its measured rates and a
fingerprint that shows whether two generations are identical."""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Q

from haven.demo.borough.workforce import (
    DEMO_HUB_MANAGER,
    DEMO_HUB_OFFICER,
    DEMO_POLICE,
    DEMO_SCHOOL,
    DEMO_SERVICE_MANAGER,
    DEMO_SOCIAL_WORKER,
    DEMO_TEAM_MANAGER,
)
from haven.demo.models import BoroughGeneration
from haven.statutory.calendar import add_months, build_calendar
from haven.workforce.models import Worker

DEMO_USERNAMES = (
    DEMO_SOCIAL_WORKER,
    DEMO_TEAM_MANAGER,
    DEMO_SERVICE_MANAGER,
    DEMO_HUB_OFFICER,
    DEMO_HUB_MANAGER,
    DEMO_POLICE,
    DEMO_SCHOOL,
)
"""The demo accounts, in the order a newcomer should try them. Only these may sign in with the
password alone, from this computer, in the local settings (haven.core.mfa)."""


def borough_get() -> BoroughGeneration | None:
    """The borough generated into this database, if there is one."""
    return BoroughGeneration.objects.order_by("pk").first()


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    worker_name: str
    team: str
    # The page to start from: the hub's queue for hub staff, the partner pages for partners.
    start: str = "/"


_START_PAGES: dict[str, str] = {
    Worker.Role.MASH_OFFICER: "/hub/",
    Worker.Role.MASH_MANAGER: "/hub/",
    Worker.Role.PARTNER: "/partner/",
}


def demo_logins() -> list[DemoLogin]:
    """The demo accounts, in the order a newcomer should try them."""
    logins = {
        w.user.username: DemoLogin(
            username=w.user.username,
            role=(
                f"{w.get_role_display()}, {w.get_partner_agency_display()}"
                if w.partner_agency
                else w.get_role_display()
            ),
            worker_name=w.full_name,
            team=w.team.name if w.team is not None else "",
            start=_START_PAGES.get(w.role, "/"),
        )
        for w in Worker.objects.select_related("user", "team").filter(
            user__username__in=DEMO_USERNAMES
        )
        if w.user is not None
    }
    return [logins[username] for username in DEMO_USERNAMES if username in logins]


def _scalar(query: str, params: Mapping[str, date] | None = None) -> float:
    with connection.cursor() as cursor:
        cursor.execute(query, params or {})
        row = cursor.fetchone()
    return float(row[0] or 0) if row else 0.0


def _rows(query: str, params: Mapping[str, date] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or {})
        return list(cursor.fetchall())


def borough_rates() -> dict[str, float]:
    """The borough's rates, measured from the database the way the DfE measures them."""
    generation = borough_get()
    if generation is None:
        return {}
    as_of = generation.as_of
    years = {"demo": 3, "medium": 5, "large": 5}[generation.size]
    start = add_months(as_of, -12 * years)
    calendar = build_calendar()
    p = {"as_of": as_of, "start": start, "after_first_year": add_months(start, 12)}
    in_history = _scalar(
        "SELECT count(*) FROM referrals_episodeofneed WHERE referral_date > %(start)s", p
    )
    result: dict[str, float] = {"referrals_per_year": in_history / years}
    result["re_referral_rate"] = _scalar(
        """
        SELECT avg(CASE WHEN EXISTS (
            SELECT 1 FROM referrals_episodeofneed p WHERE p.child_id = e.child_id
            AND p.referral_date < e.referral_date
            AND p.referral_date > e.referral_date - interval '12 months') THEN 1.0 ELSE 0.0 END)
        FROM referrals_episodeofneed e WHERE e.referral_date > %(after_first_year)s
        """,
        p,
    )
    result["nfa_rate"] = _scalar(
        "SELECT avg(CASE WHEN referral_nfa THEN 1.0 ELSE 0.0 END) FROM referrals_episodeofneed "
        "WHERE referral_date > %(start)s",
        p,
    )
    result["not_in_need_rate"] = _scalar(
        """
        SELECT avg(CASE WHEN NOT referral_nfa AND closure_reason IN ('RC8', 'RC9')
                   THEN 1.0 ELSE 0.0 END) FROM referrals_episodeofneed
        WHERE referral_date > %(start)s
        """,
        p,
    )
    durations = [
        calendar.working_days_between(referral, authorised)
        for referral, authorised in _rows(
            """
            SELECT e.referral_date, a.authorised_date FROM assessments_assessment a
            JOIN referrals_episodeofneed e ON e.id = a.episode_id
            WHERE a.authorised_date IS NOT NULL AND e.referral_date > %(start)s
            """,
            p,
        )
    ]
    if durations:
        result["assessment_median_working_days"] = float(statistics.median(durations))
        result["assessment_within_45_wd"] = sum(d <= 45 for d in durations) / len(durations)
    result["section_47_rate"] = (
        _scalar("SELECT count(*) FROM meetings_section47enquiry WHERE start_date > %(start)s", p)
        / in_history
        if in_history
        else 0
    )
    icpc_days = [
        calendar.working_days_between(started, held)
        for started, held in _rows(
            """
            SELECT s.start_date, c.held_on FROM meetings_initialchildprotectionconference c
            JOIN meetings_section47enquiry s ON s.id = c.section_47_enquiry_id
            WHERE s.start_date > %(start)s
            """,
            p,
        )
    ]
    enquiries_done = _scalar(
        "SELECT count(*) FROM meetings_section47enquiry WHERE end_date IS NOT NULL "
        "AND start_date > %(start)s",
        p,
    )
    if icpc_days:
        result["icpc_per_section_47"] = len(icpc_days) / enquiries_done if enquiries_done else 0
        result["icpc_within_15_wd"] = sum(d <= 15 for d in icpc_days) / len(icpc_days)
    plans = _scalar(
        "SELECT count(*) FROM plans_childprotectionplan WHERE start_date > %(start)s", p
    )
    if plans:
        result["cp_plans_per_icpc"] = plans / len(icpc_days) if icpc_days else 0
        for code, share in _rows(
            """
            SELECT initial_category, count(*)::float / sum(count(*)) OVER ()
            FROM plans_childprotectionplan WHERE start_date > %(start)s
            GROUP BY initial_category ORDER BY 1
            """,
            p,
        ):
            result[f"category_{code}"] = float(share)
    ended = _rows(
        "SELECT start_date, end_date FROM plans_childprotectionplan WHERE end_date > %(start)s",
        p,
    )
    bands = {"<=3m": 3, "3-6m": 6, "6-12m": 12, "1-2y": 24}
    counts = dict.fromkeys([*bands, "2y+"], 0)
    for started, ended_on in ended:
        for band, months in bands.items():
            if ended_on <= add_months(started, months):
                counts[band] += 1
                break
        else:
            counts["2y+"] += 1
    for band, count in counts.items():
        result[f"plan_length_{band}"] = count / len(ended) if ended else 0.0
    result["reviews_on_time"] = _scalar(
        "SELECT avg(CASE WHEN held_on <= due_date THEN 1.0 ELSE 0.0 END) "
        "FROM meetings_reviewconference WHERE held_on > %(start)s",
        p,
    )
    under_18 = _scalar(
        """
        SELECT count(*) FROM people_person WHERE kind = 'CHILD' AND date_of_death IS NULL
        AND (date_of_birth IS NULL OR date_of_birth > %(as_of)s - interval '18 years')
        """,
        p,
    )
    if under_18:
        result["children_under_18"] = under_18
        result["open_cin_per_10k"] = (
            _scalar("SELECT count(*) FROM referrals_episodeofneed WHERE closure_date IS NULL")
            * 10_000
            / under_18
        )
        result["open_cp_per_10k"] = (
            _scalar("SELECT count(*) FROM plans_childprotectionplan WHERE end_date IS NULL")
            * 10_000
            / under_18
        )
    for code, share in _rows(
        """
        SELECT referral_source, count(*)::float / sum(count(*)) OVER ()
        FROM referrals_episodeofneed WHERE referral_date > %(start)s GROUP BY referral_source
        """,
        p,
    ):
        if code in ("6", "2A"):
            result[f"source_{code}"] = float(share)
    social_workers = Worker.objects.filter(role=Worker.Role.SOCIAL_WORKER)
    in_post = social_workers.filter(Q(end_date__isnull=True))
    result["agency_share"] = (
        in_post.filter(is_agency=True).count() / in_post.count() if in_post.exists() else 0
    )
    leavers = social_workers.filter(end_date__gt=start, end_date__lte=as_of).count()
    result["turnover_per_year"] = leavers / years / in_post.count() if in_post.exists() else 0
    result["caseload_per_fte"] = _scalar(
        """
        SELECT sum(cases) / sum(fte) FROM (
            SELECT w.fte, count(a.id) AS cases FROM workforce_worker w
            JOIN workforce_team t ON t.id = w.team_id AND t.kind <> 'MASH'
            LEFT JOIN workforce_allocation a ON a.worker_id = w.id AND a.end_date IS NULL
            WHERE w.role = 'SOCIAL_WORKER' AND w.end_date IS NULL GROUP BY w.id) AS loads
        """
    )
    result["icpc_child_attended"] = _scalar(
        "SELECT avg(CASE WHEN child_participation = 'ATTENDED' THEN 1.0 ELSE 0.0 END) "
        "FROM meetings_initialchildprotectionconference"
    )
    result.update(_contact_rates(p, years))
    return result


def _contact_rates(p: Mapping[str, date], years: int) -> dict[str, float]:
    """The hub's measures: contacts a year, the share of each decision, decisions on time, the
    police's share of contacts and the open queue."""
    contacts = _scalar("SELECT count(*) FROM frontdoor_contact")
    if not contacts:
        return {}
    result = {
        "contacts_per_year": _scalar(
            "SELECT count(*) FROM frontdoor_contact WHERE received_at::date > %(start)s", p
        )
        / years,
        "contacts_open": _scalar(
            "SELECT count(*) FROM frontdoor_contact WHERE status <> 'DECIDED'"
        ),
        "contact_source_6": _scalar(
            "SELECT avg(CASE WHEN source = '6' THEN 1.0 ELSE 0.0 END) FROM frontdoor_contact"
        ),
        "contact_decided_on_time": _scalar(
            "SELECT avg(CASE WHEN decided_at <= due_at THEN 1.0 ELSE 0.0 END) "
            "FROM frontdoor_contact WHERE status = 'DECIDED'"
        ),
    }
    for decision, share in _rows(
        """
        SELECT decision, count(*)::float / sum(count(*)) OVER ()
        FROM frontdoor_contact WHERE status = 'DECIDED' GROUP BY decision
        """
    ):
        result[f"contact_decision_{decision}"] = float(share)
    return result


_NATIONAL: dict[str, tuple[str, str]] = {
    "referrals_per_year": ("Referrals a year", ""),
    "re_referral_rate": ("Re-referrals within 12 months (after the first year)", "22.6%"),
    "nfa_rate": ("Referrals with no further action", "6.5%"),
    "not_in_need_rate": ("Assessed not in need (closed RC8/RC9 after assessment)", "30.8%"),
    "assessment_median_working_days": ("Assessment median working days", "33"),
    "assessment_within_45_wd": ("Assessments authorised within 45 working days", "85.7%"),
    "section_47_rate": ("Section 47 enquiries per referral", "36.4%"),
    "icpc_per_section_47": ("ICPCs per completed section 47 enquiry", "31.3%"),
    "icpc_within_15_wd": ("ICPCs within 15 working days", "81%"),
    "cp_plans_per_icpc": ("CP plans per ICPC", "85.8%"),
    "category_NEG": ("Initial category: neglect", "about half"),
    "category_EMO": ("Initial category: emotional abuse", "about a third"),
    "category_PHY": ("Initial category: physical abuse", "about 7%"),
    "category_SAB": ("Initial category: sexual abuse", "about 4%"),
    "category_MUL": ("Initial category: multiple", "about 5%"),
    "plan_length_<=3m": ("Plans ended: 3 months or less", "15.9%"),
    "plan_length_3-6m": ("Plans ended: 3 to 6 months", "11.0%"),
    "plan_length_6-12m": ("Plans ended: 6 to 12 months", "43.5%"),
    "plan_length_1-2y": ("Plans ended: 1 to 2 years", "25.2%"),
    "plan_length_2y+": ("Plans ended: 2 years or more", "4.4%"),
    "reviews_on_time": ("Review conferences on time", "about 94%"),
    "open_cin_per_10k": ("Open episodes per 10,000 children", "about 330"),
    "open_cp_per_10k": ("On a CP plan per 10,000 children", "about 41"),
    "source_6": ("Referrals from the police", "about 28%"),
    "source_2A": ("Referrals from schools", "about 21%"),
    "agency_share": ("Agency social workers in post", "17.8%"),
    "turnover_per_year": ("Social worker turnover a year", "about 16%"),
    "caseload_per_fte": ("Open cases per case-holding social worker FTE", "about 16"),
    "icpc_child_attended": ("ICPCs the child attended", "few"),
    "contacts_per_year": ("Contacts to the hub a year", "about 5 per referral"),
    "contacts_open": ("Contacts in the hub's queue", ""),
    "contact_source_6": ("Contacts from the police", "about 29%"),
    "contact_decided_on_time": ("Contacts decided within their clock", "about 90%"),
    "contact_decision_NFA": ("Contacts decided: no further action", "about 20%"),
    "contact_decision_ADVICE": ("Contacts decided: information and advice", "about 25-30%"),
    "contact_decision_EARLY_HELP": ("Contacts decided: early help", "about 20-27%"),
    "contact_decision_REFERRAL": ("Contacts decided: referral", "about 1 in 6"),
    "contact_decision_STRATEGY": ("Contacts decided: immediate strategy discussion", "2-5%"),
}

_COUNTS = {
    "referrals_per_year",
    "assessment_median_working_days",
    "open_cin_per_10k",
    "open_cp_per_10k",
    "caseload_per_fte",
    "children_under_18",
    "contacts_per_year",
    "contacts_open",
}


def borough_rates_report(measured: dict[str, float]) -> list[str]:
    """One line per measure: what it is, the borough's figure, and the national figure."""
    lines = []
    for key, (label, national) in _NATIONAL.items():
        if key not in measured:
            continue
        value = measured[key]
        shown = f"{value:,.1f}" if key in _COUNTS else f"{value:.1%}"
        lines.append(f"{label}: {shown}" + (f" ({national})" if national else ""))
    return lines


_FINGERPRINT_QUERIES = {
    "people": """
        SELECT concat_ws('|', kind, first_name, last_name, known_as, sex, date_of_birth,
            expected_date_of_birth, date_of_death, ethnicity, la_child_id, nhs_number, upn,
            upn_unknown_reason) AS line FROM people_person""",
    "workers": """
        SELECT concat_ws('|', w.full_name, w.role, w.registration_number, w.is_agency, w.fte,
            t.name, w.start_date, w.end_date) AS line
        FROM workforce_worker w LEFT JOIN workforce_team t ON t.id = w.team_id""",
    "episodes": """
        SELECT concat_ws('|', c.la_child_id, e.referral_date, e.referral_source, e.primary_need,
            e.referral_nfa, e.closure_date, e.closure_reason, e.referral_summary) AS line
        FROM referrals_episodeofneed e JOIN people_person c ON c.id = e.child_id""",
    "assessments": """
        SELECT concat_ws('|', c.la_child_id, a.start_date, a.child_seen_date, a.authorised_date,
            a.outcome, m.full_name, (SELECT string_agg(code, ',' ORDER BY code)
            FROM assessments_assessmentfactor f WHERE f.assessment_id = a.id)) AS line
        FROM assessments_assessment a JOIN referrals_episodeofneed e ON e.id = a.episode_id
        JOIN people_person c ON c.id = e.child_id
        LEFT JOIN workforce_worker m ON m.id = a.authorised_by_id""",
    "section_47": """
        SELECT concat_ws('|', c.la_child_id, s.start_date, s.icpc_target_date, s.end_date,
            s.outcome, i.held_on, i.outcome, i.category_of_abuse) AS line
        FROM meetings_section47enquiry s JOIN referrals_episodeofneed e ON e.id = s.episode_id
        JOIN people_person c ON c.id = e.child_id
        LEFT JOIN meetings_initialchildprotectionconference i ON i.section_47_enquiry_id = s.id""",
    "plans": """
        SELECT concat_ws('|', c.la_child_id, p.start_date, p.end_date, p.initial_category,
            p.latest_category, (SELECT string_agg(concat_ws(',', r.held_on, r.outcome), ';'
            ORDER BY r.held_on) FROM meetings_reviewconference r WHERE r.plan_id = p.id)) AS line
        FROM plans_childprotectionplan p JOIN people_person c ON c.id = p.child_id""",
    "visits": """
        SELECT concat_ws('|', c.la_child_id, v.visit_date, v.child_seen, v.seen_alone,
            v.bedroom_seen, v.childs_words, w.full_name) AS line
        FROM casework_visit v JOIN people_person c ON c.id = v.child_id
        LEFT JOIN workforce_worker w ON w.id = v.visited_by_id""",
    "allocations": """
        SELECT concat_ws('|', c.la_child_id, w.full_name, t.name, a.start_date, a.end_date,
            a.change_reason) AS line
        FROM workforce_allocation a JOIN people_person c ON c.id = a.child_id
        JOIN workforce_worker w ON w.id = a.worker_id JOIN workforce_team t ON t.id = a.team_id""",
    "contacts": """
        SELECT concat_ws('|', c.received_at, c.channel, c.source, c.status,
            c.decision, c.decided_at, c.rag, c.due_at, c.referrer_name, (
                SELECT string_agg(concat_ws(',', p.kind, p.first_name, p.last_name,
                    p.date_of_birth, x.la_child_id, e.referral_date), ';' ORDER BY p.id)
                FROM frontdoor_contactperson p LEFT JOIN people_person x ON x.id = p.person_id
                LEFT JOIN referrals_episodeofneed e ON e.id = p.episode_id
                WHERE p.contact_id = c.id), (
                SELECT string_agg(concat_ws(',', r.agency, r.status, r.requested_at), ';'
                    ORDER BY r.id)
                FROM frontdoor_informationrequest r WHERE r.contact_id = c.id)) AS line
        FROM frontdoor_contact c""",
}


def borough_fingerprint() -> dict[str, str]:
    """An md5 per area of the borough over its rows' natural keys (not ids), plus row counts.

    Two generations with the same fingerprint hold the same data.
    """
    fingerprint: dict[str, str] = {}
    with connection.cursor() as cursor:
        for name, query in _FINGERPRINT_QUERIES.items():
            cursor.execute(
                f"SELECT count(*), md5(string_agg(line, E'\\n' ORDER BY line)) FROM ({query}) q"  # nosec B608 # noqa: S608 - fixed queries
            )
            count, digest = cursor.fetchone()
            fingerprint[name] = f"{count}:{digest}"
    generation = borough_get()
    if generation is not None:
        fingerprint["counts"] = ",".join(f"{k}={v}" for k, v in sorted(generation.counts.items()))
    return fingerprint


def borough_overdue(as_of: date) -> dict[str, int]:
    """Work overdue on ``as_of``, by kind, as "My work" would count it (default timescales)."""
    calendar = build_calendar()
    result = {
        "assessments": int(
            _scalar(
                "SELECT count(*) FROM assessments_assessment "
                "WHERE authorised_date IS NULL AND due_date < %(as_of)s",
                {"as_of": as_of},
            )
        ),
        "icpcs": int(
            _scalar(
                """
                SELECT count(*) FROM meetings_section47enquiry s WHERE s.end_date IS NULL
                AND s.icpc_target_date < %(as_of)s AND NOT EXISTS (
                    SELECT 1 FROM meetings_initialchildprotectionconference c
                    WHERE c.section_47_enquiry_id = s.id)
                """,
                {"as_of": as_of},
            )
        ),
    }
    cp_rows = _rows(
        """
        SELECT p.start_date,
            (SELECT max(v.visit_date) FROM casework_visit v
             WHERE v.child_id = p.child_id AND v.visit_date >= p.start_date),
            (SELECT max(r.held_on) FROM meetings_reviewconference r WHERE r.plan_id = p.id),
            (SELECT max(g.held_on) FROM meetings_coregroupmeeting g WHERE g.plan_id = p.id)
        FROM plans_childprotectionplan p WHERE p.end_date IS NULL
        """
    )
    result["cp_visits"] = sum(
        calendar.add_working_days(visit or start, 10) < as_of for start, visit, _, _ in cp_rows
    )
    result["reviews"] = sum(
        (add_months(review, 6) if review else add_months(start, 3)) < as_of
        for start, _, review, _ in cp_rows
    )
    result["core_groups"] = sum(
        calendar.add_working_days(core or start, 20 if core else 10) < as_of
        for start, _, _, core in cp_rows
    )
    cin_rows = _rows(
        """
        SELECT n.start_date, (SELECT max(v.visit_date) FROM casework_visit v
            WHERE v.child_id = n.child_id AND v.visit_date >= n.start_date)
        FROM plans_childinneedplan n WHERE n.end_date IS NULL
        """
    )
    result["cin_visits"] = sum(
        calendar.add_working_days(visit or start, 20) < as_of for start, visit in cin_rows
    )
    return result
