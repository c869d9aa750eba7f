"""Roles and what each may do: the defaults Haven ships with.

A role decides *what* a person may do (its capabilities) and *how far* that reaches (its
scope); the relationship between the person and the child decides *which* children (security
reference 2.1, NHS Spine's role-based plus legitimate-relationship model). The rows in
`access.Role` start as these defaults (migration access 0002) and an administrator may inspect
and change them in the admin; a role with no row uses the default below.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Capability(models.TextChoices):
    VIEW_CASE = "case.view", "See children's records"
    CHANGE_CASE = "case.change", "Record work on children's records"
    ALLOCATE = "case.allocate", "Allocate workers to children"
    VIEW_ACCESS_LOG = "case.access_log", "See who has seen a child's record"
    RESTRICT = "case.restrict", "Restrict a record and grant access to it"
    BREAK_GLASS = "case.break_glass", "Use emergency access to a record outside their work"
    PARTNER_VIEW = "partner.view", "See what the hub shared with their agency"
    HUB_WORK = "hub.work", "Work on contacts in the multi-agency safeguarding hub"
    HUB_DECIDE = "hub.decide", "Make the hub's threshold decision on a contact"
    VIEW_TEAM = "team.view", "See team caseloads and overdue work"
    VIEW_REPORTS = "reports.view", "See performance measures and returns"
    MANAGE_SETTINGS = "admin.settings", "Change the authority's settings"
    MANAGE_USERS = "admin.users", "Manage user accounts"


class Scope(models.TextChoices):
    # Children the person has a relationship with: allocated worker, the allocated team, the
    # team's management line, a chaired conference, a referral they are recording, or a grant.
    RELATIONSHIP = "RELATIONSHIP", "Children they work with"
    # Every child in the authority (restricted records still need a grant).
    AUTHORITY = "AUTHORITY", "Every child in the authority"
    # No child: the role's capabilities are about the service or the system, not case records.
    NONE = "NONE", "No children's records"


# Capabilities that open case content, which a restricted record keeps to named grants.
CONTENT = frozenset({Capability.VIEW_CASE, Capability.CHANGE_CASE, Capability.ALLOCATE})
# Capabilities that are about one child (the rest are about pages for the service).
CHILD_CAPABILITIES = frozenset(
    {
        Capability.VIEW_CASE,
        Capability.CHANGE_CASE,
        Capability.ALLOCATE,
        Capability.VIEW_ACCESS_LOG,
        Capability.RESTRICT,
    }
)


@dataclass(frozen=True)
class RoleDefinition:
    code: str
    name: str
    scope: str
    capabilities: frozenset[str]
    description: str


C = Capability
_CASEWORK = frozenset({C.VIEW_CASE, C.CHANGE_CASE, C.BREAK_GLASS})
_MANAGEMENT = _CASEWORK | {C.ALLOCATE, C.VIEW_ACCESS_LOG, C.RESTRICT, C.VIEW_TEAM}

DEFAULT_ROLES: dict[str, RoleDefinition] = {
    r.code: r
    for r in (
        RoleDefinition(
            "SOCIAL_WORKER",
            "Social worker",
            Scope.RELATIONSHIP,
            _CASEWORK,
            "Works with the children allocated to them and to their team.",
        ),
        RoleDefinition(
            "TEAM_MANAGER",
            "Team manager",
            Scope.RELATIONSHIP,
            _MANAGEMENT,
            "Manages a team: its children, allocations, restrictions and who has seen them.",
        ),
        RoleDefinition(
            "SERVICE_MANAGER",
            "Service manager",
            Scope.RELATIONSHIP,
            _MANAGEMENT | {C.VIEW_REPORTS},
            "Manages team managers: every child in the teams below them.",
        ),
        RoleDefinition(
            "SENIOR_LEADER",
            "Senior leader",
            Scope.AUTHORITY,
            frozenset({C.VIEW_CASE, C.VIEW_TEAM, C.VIEW_REPORTS, C.VIEW_ACCESS_LOG}),
            "Director or head of service: reads every record, records no casework.",
        ),
        RoleDefinition(
            "MASH_OFFICER",
            "MASH officer",
            Scope.RELATIONSHIP,
            _CASEWORK | {C.HUB_WORK},
            "Works in the multi-agency safeguarding hub on the contacts in progress.",
        ),
        RoleDefinition(
            "MASH_MANAGER",
            "MASH team manager",
            Scope.RELATIONSHIP,
            _MANAGEMENT | {C.HUB_WORK, C.HUB_DECIDE},
            "Manages the hub: its contacts in progress and the threshold decision on each.",
        ),
        RoleDefinition(
            "EMERGENCY_DUTY",
            "Emergency duty social worker",
            Scope.AUTHORITY,
            frozenset(
                {C.VIEW_CASE, C.CHANGE_CASE, C.ALLOCATE, C.BREAK_GLASS, C.HUB_WORK, C.HUB_DECIDE}
            ),
            "Out-of-hours duty: any child's record at night, urgent allocations and the hub's "
            "decisions out of hours; every read is audited.",
        ),
        RoleDefinition(
            "CONFERENCE_CHAIR",
            "Conference chair",
            Scope.RELATIONSHIP,
            frozenset({C.VIEW_CASE, C.CHANGE_CASE}),
            "Independent reviewing officer: the children whose conferences they chair.",
        ),
        RoleDefinition(
            "PARTNER",
            "Partner agency practitioner",
            Scope.RELATIONSHIP,
            frozenset({C.PARTNER_VIEW}),
            "Police, health, education or probation: only what the hub shared with their agency.",
        ),
        RoleDefinition(
            "PERFORMANCE_ANALYST",
            "Performance analyst",
            Scope.NONE,
            frozenset({C.VIEW_REPORTS}),
            "Produces returns and measures; sees no case content.",
        ),
        RoleDefinition(
            "BUSINESS_SUPPORT",
            "Business support",
            Scope.RELATIONSHIP,
            frozenset({C.VIEW_CASE, C.CHANGE_CASE}),
            "Supports a team: minutes, letters and details for the team's children.",
        ),
        RoleDefinition(
            "SYSTEM_ADMIN",
            "System administrator",
            Scope.NONE,
            frozenset({C.MANAGE_USERS, C.MANAGE_SETTINGS}),
            "Manages accounts and settings; sees no case content.",
        ),
        RoleDefinition(
            "AUDITOR",
            "Auditor or data protection officer",
            Scope.AUTHORITY,
            frozenset({C.VIEW_ACCESS_LOG}),
            "Checks who has seen and changed records; sees no case content.",
        ),
    )
}
