"""Who may see and change which children: the one access policy (security reference R3-R8).

A person's role (haven/access/roles.py, as data in `access.Role`) decides what they may do and
how far it reaches; their relationship with the child decides which children:

- the allocated worker, everyone in the allocated team, and the team's management line
  (the team's manager and everyone above the allocated worker);
- the chair of a child protection conference in an open episode;
- whoever is recording the referral: they added the child or opened the open episode, and
  nobody is allocated yet;
- a referral waiting in a team's queue: the hub referred the open episode to the team, and
  nobody is allocated yet (the team, its manager and the line above);
- a MASH enquiry in progress: the child is linked to a contact the hub has not decided, for
  everyone whose role works in the hub;
- a named grant, or emergency access of at most 60 minutes;
- and, one step out, the family and household of any child above (Relationship rows).

Roles with authority-wide scope see every child. A restricted record is seen only by a named
grant, whatever the role or relationship (R7). Everyone else gets the same answer as for a
child who does not exist (R6).

The policy answers two questions from two separate code paths: `children_visible_to()` builds
the SQL filter that every list, search, dashboard and export uses, and `access_reason()` checks
one child in Python and says why access is allowed (it goes on the audit row). A property test
(haven/access/tests/test_policy_property.py) proves they agree (R4): keeping two paths is what
lets that test catch a rule added to one and forgotten in the other.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from haven.access.models import AccessGrant, Role
from haven.access.roles import CHILD_CAPABILITIES, CONTENT, DEFAULT_ROLES, Capability, Scope
from haven.frontdoor.models import Contact, ContactPerson
from haven.meetings.models import InitialChildProtectionConference, ReviewConference
from haven.people.models import Person, Relationship
from haven.referrals.models import EpisodeOfNeed
from haven.workforce.models import Allocation, Team, Worker


class ChildNotFound(Exception):
    """The child does not exist or this user may not see them: the same answer for both."""


class AccessDenied(Exception):
    """The user may see the child but may not make this change."""


# Reasons written on audit rows (AuditEvent.reason).
ALLOCATED_WORKER = "allocated worker"
ALLOCATED_TEAM = "allocated team"
MANAGEMENT_LINE = "management line"
RECORDING_REFERRAL = "recording the referral"
REFERRED_TO_TEAM = "referral waiting in their team's queue"
CONFERENCE_CHAIR = "conference chair"
MASH_ENQUIRY = "MASH enquiry in progress"
FAMILY = "family of a child they work with"
AUTHORITY_WIDE = "authority-wide role"
NAMED_GRANT = "named grant"
EMERGENCY_ACCESS = "emergency access"


@dataclass(frozen=True)
class Principal:
    """What the policy needs to know about a user, read once per question."""

    user_id: int | None
    worker_id: int | None = None
    role: str = ""
    scope: str = Scope.NONE
    capabilities: frozenset[str] = frozenset()
    team_ids: frozenset[int] = field(default_factory=frozenset)
    # Everyone below this worker in the line, at any depth, and the teams they or those
    # people manage.
    line_worker_ids: frozenset[int] = field(default_factory=frozenset)
    managed_team_ids: frozenset[int] = field(default_factory=frozenset)


NOBODY = Principal(user_id=None)

# The conferences whose chair may see the child while the episode is open, and the path from
# each to its episode.
CONFERENCES: tuple[tuple[type[Any], str], ...] = (
    (InitialChildProtectionConference, "episode"),
    (ReviewConference, "plan__episode"),
)

LINE_SQL = """
WITH RECURSIVE line(id) AS (
    SELECT id FROM workforce_worker
     WHERE line_manager_id = %(worker)s AND (end_date IS NULL OR end_date >= %(today)s)
    UNION
    SELECT w.id FROM workforce_worker w JOIN line ON w.line_manager_id = line.id
     WHERE w.end_date IS NULL OR w.end_date >= %(today)s
)
SELECT id FROM line
"""


def role_definition(code: str) -> tuple[str, frozenset[str]]:
    """(scope, capabilities) of a role: its row in `access.Role`, or Haven's default."""
    row = Role.objects.filter(code=code).values_list("scope", "capabilities").first()
    if row is not None:
        return row[0], frozenset(row[1])
    default = DEFAULT_ROLES.get(code)
    if default is None:
        return Scope.NONE, frozenset()
    return default.scope, default.capabilities


def principal_for(user: Any) -> Principal:
    """The user's principal, worked out once per user object: a request loads the user afresh,
    so a change of role, team or line takes effect at the next request (ASVS 5 8.3.2)."""
    cached = getattr(user, "_haven_principal", None)
    if isinstance(cached, Principal):
        return cached
    principal = _principal_for(user)
    if getattr(user, "pk", None) is not None:
        user._haven_principal = principal
    return principal


def _principal_for(user: Any) -> Principal:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOBODY
    worker = getattr(user, "worker", None)
    today = timezone.localdate()
    if worker is None or (worker.end_date is not None and worker.end_date < today):
        if user.is_superuser:
            # A superuser without a worker profile administers the system and sees no case.
            scope, capabilities = role_definition("SYSTEM_ADMIN")
            return Principal(user_id=user.pk, scope=scope, capabilities=capabilities)
        return Principal(user_id=user.pk)
    scope, capabilities = role_definition(worker.role)
    line: frozenset[int] = frozenset()
    managed: frozenset[int] = frozenset()
    if scope == Scope.RELATIONSHIP:
        with connection.cursor() as cursor:
            cursor.execute(LINE_SQL, {"worker": worker.pk, "today": today})
            line = frozenset(row[0] for row in cursor.fetchall())
        managed = frozenset(
            Team.objects.filter(manager_id__in=line | {worker.pk}).values_list("pk", flat=True)
        )
    return Principal(
        user_id=user.pk,
        worker_id=worker.pk,
        role=worker.role,
        scope=scope,
        capabilities=capabilities,
        team_ids=frozenset({worker.team_id}) if worker.team_id else frozenset(),
        line_worker_ids=line,
        managed_team_ids=managed,
    )


def has_capability(user: Any, capability: str) -> bool:
    """Whether the user's role allows this at all (for pages about the service, not a child)."""
    return capability in principal_for(user).capabilities


def is_authority_staff(user: Any) -> bool:
    """Staff who work with children's records: their role may see case records."""
    return has_capability(user, Capability.VIEW_CASE)


# --- The SQL path: which children -------------------------------------------------------------


def _current_allocations(today: datetime.date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def _worker_match(p: Principal, worker_field: str, team_field: str) -> Q:
    """The worker at `worker_field` is this principal or below them in the line, or the team
    at `team_field` is theirs or managed in their line."""
    return Q(**{f"{team_field}__in": p.team_ids | p.managed_team_ids}) | Q(
        **{f"{worker_field}__in": p.line_worker_ids | ({p.worker_id} if p.worker_id else set())}
    )


def _direct_ids(p: Principal, today: datetime.date) -> set[int]:
    """Children this principal has a working relationship with (before restrictions).

    Each part is a small indexed query driven from the principal (their teams, line, chairs,
    recorders), so the cost follows the size of their work, not of the authority: a single SQL
    filter with all of these OR-ed together makes PostgreSQL scan every person."""
    direct = set(
        _current_allocations(today)
        .filter(_worker_match(p, "worker_id", "team_id"))
        .values_list("child_id", flat=True)
    )
    # Nobody is allocated yet: the person recording the referral (who added the child or
    # opened the open episode), their team and their management line.
    recorders = {p.user_id or 0} | set(
        Worker.objects.filter(_worker_match(p, "id", "team_id"))
        .filter(user_id__isnull=False)
        .values_list("user_id", flat=True)
    )
    recorded = set(
        Person.objects.filter(created_by_id__any=recorders).values_list("pk", flat=True)
    ) | set(
        EpisodeOfNeed.objects.filter(
            created_by_id__any=recorders, closure_date__isnull=True
        ).values_list("child_id", flat=True)
    )
    # A referral from the hub waiting in a team's queue, nobody allocated yet.
    teams = p.team_ids | p.managed_team_ids
    if teams:
        recorded |= set(
            EpisodeOfNeed.objects.filter(
                referred_to_team_id__any=sorted(teams), closure_date__isnull=True
            ).values_list("child_id", flat=True)
        )
    recorded -= direct
    if recorded:
        allocated = set(
            _current_allocations(today)
            .filter(child_id__any=recorded)
            .values_list("child_id", flat=True)
        )
        direct |= recorded - allocated
    if p.worker_id is not None:
        for model, episode in CONFERENCES:
            direct |= set(
                model.objects.filter(
                    chair_id=p.worker_id, **{f"{episode}__closure_date__isnull": True}
                ).values_list(f"{episode}__child_id", flat=True)
            )
    if Capability.HUB_WORK in p.capabilities:
        direct |= set(_open_enquiries().values_list("person_id", flat=True))
    return direct


def _open_enquiries() -> QuerySet[ContactPerson]:
    """People linked to a contact the hub has not decided yet: the MASH enquiry in progress,
    open to everyone who works in the hub."""
    return ContactPerson.objects.filter(person__isnull=False).exclude(
        contact__status=Contact.Status.DECIDED
    )


def _restricted_among(ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(Person.objects.filter(pk__any=ids, is_restricted=True).values_list("pk", flat=True))


def children_visible_to(
    user_or_principal: Any, capability: str = Capability.VIEW_CASE
) -> QuerySet[Person]:
    """Every person record on which this user may do `capability` (default: see it). Takes a
    user, or the `Principal` of one when the caller asks several questions at once."""
    return _visible(_principal(user_or_principal), capability)


def _principal(user_or_principal: Any) -> Principal:
    if isinstance(user_or_principal, Principal):
        return user_or_principal
    return principal_for(user_or_principal)


def restricted_stubs_for(user_or_principal: Any) -> QuerySet[Person]:
    """Restricted records this user would see but for the restriction: search shows them as a
    stub with no details, so that nobody opens a second record for the same child (R7)."""
    return search_scope(user_or_principal)[1]


def search_scope(user_or_principal: Any) -> tuple[QuerySet[Person], QuerySet[Person]]:
    """(everyone a search may return: the people this user may see and the restricted stubs,
    the stubs alone), worked out together so that a search pays for the relationship once. For
    a relationship scope both are plain id lists, which lets PostgreSQL drive the search from
    them rather than from every person whose name matches."""
    p = _principal(user_or_principal)
    if Capability.VIEW_CASE not in p.capabilities or p.scope == Scope.NONE:
        return Person.objects.none(), Person.objects.none()
    grants = AccessGrant.objects.active().filter(user_id=p.user_id or 0)
    if p.scope == Scope.AUTHORITY:
        stubs = Person.objects.filter(is_restricted=True).exclude(pk__in=grants.values("child_id"))
        return Person.objects.all(), stubs
    visible, unrestricted = _relationship_ids(p, restricted_applies=True, with_unrestricted=True)
    granted = set(grants.values_list("child_id", flat=True))
    stub_ids = _restricted_among(unrestricted - visible) - granted
    return _as_queryset(visible | stub_ids), _as_queryset(stub_ids)


def _as_queryset(ids: set[int]) -> QuerySet[Person]:
    return Person.objects.filter(pk__any=sorted(ids)) if ids else Person.objects.none()


def _relatives(ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(
        Relationship.objects.filter(person_id__any=ids).values_list("related_person_id", flat=True)
    ) | set(
        Relationship.objects.filter(related_person_id__any=ids).values_list("person_id", flat=True)
    )


def _relationship_ids(
    p: Principal, restricted_applies: bool, with_unrestricted: bool = False
) -> tuple[set[int], set[int]]:
    """The ids a relationship-scoped principal may see, and (if asked) the ids they would see
    if no record were restricted."""
    granted = set(
        AccessGrant.objects.active()
        .filter(user_id=p.user_id or 0)
        .values_list("child_id", flat=True)
    )
    direct = _direct_ids(p, timezone.localdate())
    restricted_direct = _restricted_among(direct) if restricted_applies else set()
    children = (direct - restricted_direct) | granted
    family = _relatives(children) - children
    if restricted_applies:
        family -= _restricted_among(family)
    visible = children | family
    if not with_unrestricted:
        return visible, visible
    hidden = restricted_direct - granted
    unrestricted = visible | hidden | _relatives(hidden)
    return visible, unrestricted


def _visible(p: Principal, capability: str, respect_restriction: bool = True) -> QuerySet[Person]:
    if capability not in p.capabilities or capability not in CHILD_CAPABILITIES:
        return Person.objects.none()
    if p.scope == Scope.NONE:
        return Person.objects.none()
    restricted_applies = capability in CONTENT and respect_restriction
    if p.scope == Scope.AUTHORITY:
        if not restricted_applies:
            return Person.objects.all()
        grants = AccessGrant.objects.active().filter(user_id=p.user_id or 0)
        return Person.objects.filter(Q(is_restricted=False) | Q(pk__in=grants.values("child_id")))
    visible, _ = _relationship_ids(p, restricted_applies)
    return _as_queryset(visible)


# --- The Python path: one child, and why ------------------------------------------------------


def _line_reason(p: Principal, worker_id: int | None, team_id: int | None) -> str | None:
    if p.worker_id is not None and worker_id == p.worker_id:
        return ALLOCATED_WORKER
    if team_id is not None and team_id in p.team_ids:
        return ALLOCATED_TEAM
    if worker_id in p.line_worker_ids or team_id in p.managed_team_ids:
        return MANAGEMENT_LINE
    return None


def _direct_reason(p: Principal, child_id: int, today: datetime.date) -> str | None:
    allocations = list(
        _current_allocations(today).filter(child_id=child_id).values_list("worker_id", "team_id")
    )
    for worker_id, team_id in allocations:
        reason = _line_reason(p, worker_id, team_id)
        if reason is not None:
            return reason
    if not allocations:
        recorders = list(
            Person.objects.filter(pk=child_id).values_list(
                "created_by_id", "created_by__worker__id", "created_by__worker__team_id"
            )
        ) + list(
            EpisodeOfNeed.objects.filter(child_id=child_id, closure_date__isnull=True).values_list(
                "created_by_id", "created_by__worker__id", "created_by__worker__team_id"
            )
        )
        for user_id, worker_id, team_id in recorders:
            if (user_id is not None and user_id == p.user_id) or _line_reason(
                p, worker_id, team_id
            ):
                return RECORDING_REFERRAL
        waiting_in = set(
            EpisodeOfNeed.objects.filter(
                child_id=child_id, closure_date__isnull=True, referred_to_team__isnull=False
            ).values_list("referred_to_team_id", flat=True)
        )
        if waiting_in & (p.team_ids | p.managed_team_ids):
            return REFERRED_TO_TEAM
    if p.worker_id is not None:
        for model, episode in CONFERENCES:
            if model.objects.filter(
                chair_id=p.worker_id,
                **{f"{episode}__child_id": child_id, f"{episode}__closure_date__isnull": True},
            ).exists():
                return CONFERENCE_CHAIR
    if (
        Capability.HUB_WORK in p.capabilities
        and _open_enquiries().filter(person_id=child_id).exists()
    ):
        return MASH_ENQUIRY
    return None


def _grant_reason(p: Principal, child_id: int) -> str | None:
    kinds = set(
        AccessGrant.objects.active()
        .filter(user_id=p.user_id or 0, child_id=child_id)
        .values_list("kind", flat=True)
    )
    if AccessGrant.Kind.EXPLICIT in kinds:
        return NAMED_GRANT
    if AccessGrant.Kind.EMERGENCY in kinds:
        return EMERGENCY_ACCESS
    return None


def _family_reason(p: Principal, child_id: int, today: datetime.date, content: bool) -> str | None:
    relatives = set(
        Relationship.objects.filter(person_id=child_id).values_list("related_person_id", flat=True)
    ) | set(
        Relationship.objects.filter(related_person_id=child_id).values_list("person_id", flat=True)
    )
    for relative in sorted(relatives):
        if _grant_reason(p, relative) is not None:
            return FAMILY
        relative_restricted = (
            Person.objects.filter(pk=relative).values_list("is_restricted", flat=True).first()
        )
        if relative_restricted and content:
            continue
        if _direct_reason(p, relative, today) is not None:
            return FAMILY
    return None


def _reasons(p: Principal, child_id: int, capabilities: Iterable[str]) -> dict[str, str | None]:
    """For each capability, why this principal may do it to this person, or None."""
    reasons: dict[str, str | None] = dict.fromkeys(capabilities)
    wanted = [c for c in reasons if c in p.capabilities and c in CHILD_CAPABILITIES]
    if not wanted or p.scope == Scope.NONE:
        return reasons
    grant = _grant_reason(p, child_id)
    if grant is not None:
        return {c: (grant if c in wanted else None) for c in reasons}
    restricted = Person.objects.filter(pk=child_id).values_list("is_restricted", flat=True).first()
    if restricted is None:
        return reasons
    wanted = [c for c in wanted if not (restricted and c in CONTENT)]
    if not wanted:
        return reasons
    if p.scope == Scope.AUTHORITY:
        return {c: (AUTHORITY_WIDE if c in wanted else None) for c in reasons}
    today = timezone.localdate()
    direct = _direct_reason(p, child_id, today)
    family: dict[bool, str | None] = {}
    for c in wanted:
        if direct is not None:
            reasons[c] = direct
            continue
        content = c in CONTENT
        if content not in family:
            family[content] = _family_reason(p, child_id, today, content)
        reasons[c] = family[content]
    return reasons


def access_reason(user: Any, child: Person, capability: str = Capability.VIEW_CASE) -> str | None:
    """Why this user may do `capability` on this person's record, or None if they may not."""
    if child.pk is None:
        return None
    return _reasons(principal_for(user), child.pk, [capability])[capability]


def access_reasons(user: Any, child: Person) -> dict[str, str | None]:
    """`access_reason` for every capability about one child, worked out together (a record
    page asks several questions about the same child)."""
    capabilities = sorted(CHILD_CAPABILITIES)
    if child.pk is None:
        return dict.fromkeys(capabilities)
    return _reasons(principal_for(user), child.pk, capabilities)


def can(user: Any, capability: str, child: Person) -> bool:
    return access_reason(user, child, capability) is not None


def can_view_child(user: Any, child: Person) -> bool:
    return can(user, Capability.VIEW_CASE, child)


def can_change_child(user: Any, child: Person) -> bool:
    return can(user, Capability.CHANGE_CASE, child)


def get_child_for_user(user: Any, pk: int | str, capability: str = Capability.VIEW_CASE) -> Person:
    """The person with this id if the user may do `capability` on them; ChildNotFound otherwise.
    The reason access was allowed is kept on the person as `access_reason` for the audit row."""
    try:
        child_id = int(pk)
        if not 0 < child_id < 2**63:
            raise ChildNotFound
        child = Person.objects.get(pk=child_id)
    except (Person.DoesNotExist, ValueError, TypeError) as error:
        raise ChildNotFound from error
    reason = access_reason(user, child, capability)
    if reason is None:
        raise ChildNotFound
    child.access_reason = reason  # type: ignore[attr-defined]
    return child


def require(user: Any, capability: str, child: Person) -> None:
    """Raise AccessDenied unless the user may do `capability` on this child's record."""
    if not can(user, capability, child):
        raise AccessDenied


def require_change(user: Any, child: Person) -> None:
    """Raise AccessDenied unless the user may change this child's record."""
    require(user, Capability.CHANGE_CASE, child)
