"""Two records that turn out to be one person: merging them, and reversing the merge.

Nothing is deleted and nothing is merged automatically. A manager merges the duplicate into
the record that is kept (the survivor): every row anywhere in Haven that points at the
duplicate is re-pointed at the survivor, and each re-pointed foreign key is written down
(PersonMergeMove), so that reversing the merge moves back exactly those rows and nothing
recorded on the survivor since. The duplicate stays, marked `merged_into`, and leaves search,
matching and lists. The history triggers (core 0007) record every re-pointed row; the audit
trail records the merge and its reversal on both records (security reference 3: "merge
duplicate child records is itself a high-risk operation: keep both originals linked and
reversible").

Who may merge: roles with Capability.ALLOCATE (team and service managers, emergency duty),
for two records they may allocate. Merging decides which record is the child's record, a
decision about the case like allocation, and it is too risky for every role that records
casework (CHANGE_CASE). The access policy's relationship rules apply to both records, so no
one merges a record they cannot see, and a restricted record needs a named grant.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken, message_for_integrity_error
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.people.models import Person, PersonMerge, PersonMergeMove, Relationship
from haven.referrals.models import EpisodeOfNeed

MERGE_CAPABILITY = Capability.ALLOCATE

# Foreign keys to a person that a merge leaves where they are, and why:
NOT_MOVED = frozenset(
    {
        # The merge's own bookkeeping.
        "people.Person.merged_into",
        "people.PersonMerge.survivor",
        "people.PersonMerge.duplicate",
        # Access decisions are about one record: moving a named grant or a restriction would
        # open the kept record's whole history to whoever was granted the other (R7).
        "access.AccessGrant.child",
        "access.Restriction.child",
    }
)
# Facts that the kept record may already have (the same disability code, the same
# relationship): a repeat cannot move without breaking a uniqueness rule, and is not needed, so
# it stays with the duplicate, which is kept. Rows of any other table move or the merge fails.
REPEATABLE_FACTS = frozenset({"people.PersonDisability", "people.Relationship"})
# How far `merged_record_survivor` follows a record merged into one merged later.
MAX_MERGE_CHAIN = 20
# What the rows of each table are, as the confirmation page lists them: (one, several).
LABELS = {
    "people.Address": ("address", "addresses"),
    "people.PersonDisability": ("disability code", "disability codes"),
    "people.ProfessionalInvolvement": ("professional involved", "professionals involved"),
    "frontdoor.ContactPerson": ("contact naming them", "contacts naming them"),
}


@dataclass(frozen=True)
class PersonLink:
    """One foreign key to Person: a model and the field on it."""

    model: type[models.Model]
    field: models.ForeignKey[Any, Any]

    @property
    def key(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"

    def describe(self, count: int) -> str:
        """How many rows, in words ("1 case note", "3 visits")."""
        meta = self.model._meta
        one, several = LABELS.get(
            meta.label, (str(meta.verbose_name), str(meta.verbose_name_plural))
        )
        return f"{count} {one if count == 1 else several}"

    @property
    def label(self) -> str:
        """What the rows are, in the plural ("case notes")."""
        return self.describe(2).split(" ", 1)[1]


@functools.cache
def person_links() -> tuple[PersonLink, ...]:
    """Every foreign key to Person in every installed app (found by introspection, so a table
    added later is merged too), except those in NOT_MOVED."""
    links = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is Person
                and f"{model._meta.label}.{field.name}" not in NOT_MOVED
            ):
                links.append(PersonLink(model=model, field=field))
    return tuple(sorted(links, key=lambda link: link.key))


def _link_for(key: str) -> PersonLink:
    for link in person_links():
        if link.key == key:
            return link
    raise LookupError(key)


def record_number(person: Person) -> str:
    """How staff refer to a record: its LA child ID, or its number for an adult."""
    return person.la_child_id or f"record {person.pk}"


# --- Selectors ---------------------------------------------------------------------------------


def merge_find_record(*, user: Any, number: str) -> Person | None:
    """The record with this Haven number (an LA child ID such as HV00000123, or the record's
    number) if this user may merge it; None otherwise, the same answer for a record that does
    not exist (R6)."""
    number = number.strip()
    if not number or len(number) > 20:
        return None
    if number.isdigit():
        found = Person.objects.filter(pk=int(number)).first() if int(number) < 2**63 else None
    else:
        found = Person.objects.filter(la_child_id__in={number, number.upper()}).first()
    if found is None or not policy.can(user, MERGE_CAPABILITY, found):
        return None
    return found


@dataclass(frozen=True)
class MergeSide:
    """One record as the confirmation page compares it: who, and what is recorded on it."""

    person: Person
    number: str
    postcode: str
    has_open_episode: bool
    recorded: tuple[str, ...]  # "3 case notes": only what there is


def merge_side(person: Person) -> MergeSide:
    """What a manager needs to tell whether two records are one person."""
    counts: dict[str, int] = defaultdict(int)
    for link in person_links():
        count = link.model._base_manager.filter(**{link.field.name: person.pk}).count()
        if count:
            counts[link.model._meta.label] += count
    address = person.addresses.filter(end_date__isnull=True).order_by("-start_date").first()
    return MergeSide(
        person=person,
        number=record_number(person),
        postcode=address.postcode if address else "",
        has_open_episode=_has_open_episode(person),
        recorded=_described(counts),
    )


def _described(counts: dict[str, int]) -> tuple[str, ...]:
    """{"casework.CaseNote": 3} as ("3 case notes",), in order of the words."""
    links = {link.model._meta.label: link for link in person_links()}
    return tuple(
        sorted(
            links[label].describe(count) if label in links else f"{count} × {label}"
            for label, count in counts.items()
        )
    )


def person_merges(person: Person) -> list[PersonMerge]:
    """Merges into and out of this record, newest first, reversed ones included."""
    return list(
        PersonMerge.objects.filter(models.Q(survivor=person) | models.Q(duplicate=person))
        .select_related("survivor", "duplicate", "merged_by", "reversed_by")
        .order_by("-merged_at", "-pk")
    )


def merges_into(person: Person) -> list[PersonMerge]:
    """The merges this record kept and that still stand: for the record page."""
    return list(
        PersonMerge.objects.filter(survivor=person, reversed_at__isnull=True)
        .select_related("duplicate", "merged_by")
        .order_by("-merged_at", "-pk")
    )


def merge_to_reverse(*, survivor: Person, merge_id: str) -> PersonMerge | None:
    """A merge this record kept that still stands, by its number (from a form or the URL)."""
    if not merge_id.isdigit() or int(merge_id) >= 2**63:
        return None
    return (
        PersonMerge.objects.filter(pk=int(merge_id), survivor=survivor, reversed_at__isnull=True)
        .select_related("duplicate", "merged_by")
        .first()
    )


def merge_moves_summary(merge: PersonMerge) -> tuple[str, ...]:
    """What the merge moved ("2 case notes"): what reversing it moves back."""
    counts: dict[str, int] = defaultdict(int)
    for model in merge.moves.values_list("model", flat=True):
        counts[model] += 1
    return _described(counts)


def merged_record_survivor(user: Any, pk: int) -> Person | None:
    """For a record merged into another: the record it is part of now (after any later merge),
    if this user may see it. None for a record that was not merged, and for a user who may not
    see the survivor (who then gets the same answer as before)."""
    if not 0 < pk < 2**63:
        return None
    current, survivor_id = pk, None
    for _ in range(MAX_MERGE_CHAIN):
        next_id = Person.objects.filter(pk=current).values_list("merged_into_id", flat=True).first()
        if next_id is None:
            break
        survivor_id = current = next_id
    if survivor_id is None:
        return None
    survivor = Person.objects.get(pk=survivor_id)
    return survivor if policy.can_view_child(user, survivor) else None


def _has_open_episode(person: Person) -> bool:
    return EpisodeOfNeed.objects.filter(child=person, closure_date__isnull=True).exists()


# --- Services ----------------------------------------------------------------------------------


def _lock(*pks: int) -> dict[int, Person]:
    """Both records, locked in id order (so two merges cannot deadlock). While they are locked
    no row can be added that points at them: inserting one needs a key-share lock on them."""
    locked = Person.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    return {person.pk: person for person in locked}


def _allow_case_note_moves() -> None:
    """Let this transaction re-file case notes under the other record (people 0005)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('haven.person_merge', 'on', true)")


def _refusal(survivor: Person, duplicate: Person) -> str | None:
    """Why these two records may not be merged, or None."""
    if duplicate.merged_into_id is not None:
        return f"{record_number(duplicate).capitalize()} has already been merged into another."
    if survivor.merged_into_id is not None:
        return (
            f"{record_number(survivor).capitalize()} has been merged into another record: "
            "merge into that record instead."
        )
    if survivor.kind == Person.Kind.ADULT and duplicate.kind == Person.Kind.CHILD:
        return (
            "A child's record cannot be merged into an adult's: keep the child's record, so "
            "that the child's history stays on a child's record."
        )
    if survivor.is_restricted != duplicate.is_restricted:
        return (
            "One record is restricted and the other is not. Merging would show the restricted "
            "history to everyone who can see the other record: ask the manager who restricted "
            "it."
        )
    related = (
        Relationship.objects.filter(
            models.Q(person=survivor, related_person=duplicate)
            | models.Q(person=duplicate, related_person=survivor)
        )
        .values_list("kind", flat=True)
        .first()
    )
    if related is not None:
        kind = Relationship.Kind(related).label.lower()
        return (
            f"These records are recorded as related to each other ({kind}), so they are two "
            "people, for example twins. They cannot be merged."
        )
    if _has_open_episode(survivor) and _has_open_episode(duplicate):
        return (
            "Both records have an open episode of need. Close one first: with two referrals "
            "open, two teams could be working with the child without knowing it, and the "
            "census would count the child twice."
        )
    return None


def _integrity_message(error: IntegrityError, link: PersonLink) -> str:
    rule = message_for_integrity_error(error) or "they break a rule about this record"
    return f"These records cannot be merged because of their {link.label}: {rule}"


def _move(link: PersonLink, source: Person, target: Person) -> list[Any]:
    """Re-point the link's rows from `source` to `target`; return the ids moved."""
    rows = link.model._base_manager.filter(**{link.field.name: source.pk})
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        return []
    try:
        with transaction.atomic():
            rows.update(**{link.field.name: target.pk})
        return ids
    except IntegrityError as error:
        if link.model._meta.label not in REPEATABLE_FACTS:
            raise RuleBroken(_integrity_message(error, link)) from error
    moved = []
    for pk in ids:
        try:
            with transaction.atomic():
                link.model._base_manager.filter(pk=pk).update(**{link.field.name: target.pk})
        except IntegrityError:
            continue  # the kept record already has this fact; the duplicate keeps its copy
        moved.append(pk)
    return moved


@transaction.atomic
def person_merge(
    *, acting_user: Any, survivor: Person, duplicate: Person, reason: str
) -> PersonMerge:
    """Merge the duplicate into the survivor: everything recorded on the duplicate moves to the
    survivor, the duplicate is kept and marked merged, and the merge can be reversed."""
    if survivor.pk == duplicate.pk:
        raise RuleBroken("A record cannot be merged into itself.", field="keep")
    locked = _lock(survivor.pk, duplicate.pk)
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    for person in (survivor, duplicate):
        policy.require(acting_user, MERGE_CAPABILITY, person)
    if (refusal := _refusal(survivor, duplicate)) is not None:
        raise RuleBroken(refusal, field="keep")
    if not reason.strip():
        raise RuleBroken("Say how you know these records are the same person.", field="reason")
    _allow_case_note_moves()
    merge = PersonMerge.objects.create(
        survivor=survivor,
        duplicate=duplicate,
        reason=reason.strip(),
        merged_by=acting_user,
        merged_at=timezone.now(),
    )
    moves = [
        PersonMergeMove(
            merge=merge, model=link.model._meta.label, row_id=str(pk), field=link.field.name
        )
        for link in person_links()
        for pk in _move(link, duplicate, survivor)
    ]
    PersonMergeMove.objects.bulk_create(moves)
    duplicate.merged_into = survivor
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=merge,
        child_id=survivor.pk,
        detail=f"record {duplicate.pk} merged into this record",
    )
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=merge,
        child_id=duplicate.pk,
        detail=f"merged into record {survivor.pk}",
    )
    return merge


@transaction.atomic
def person_merge_reverse(*, acting_user: Any, merge: PersonMerge, reason: str) -> PersonMerge:
    """Undo a merge: the rows it moved go back to the duplicate, which is a record of its own
    again. What was recorded on the kept record after the merge stays there.

    The manager needs the capability on the kept record only: after the merge the duplicate
    has no history of its own, so no relationship with it would remain to check."""
    merge = PersonMerge.objects.select_for_update().get(pk=merge.pk)
    locked = _lock(merge.survivor_id, merge.duplicate_id)
    survivor, duplicate = locked[merge.survivor_id], locked[merge.duplicate_id]
    policy.require(acting_user, MERGE_CAPABILITY, survivor)
    if merge.is_reversed:
        raise RuleBroken("This merge has already been reversed.")
    if survivor.merged_into_id is not None:
        raise RuleBroken(
            f"{record_number(survivor).capitalize()} has since been merged into another "
            "record: reverse that merge first."
        )
    if not reason.strip():
        raise RuleBroken("Say why the merge is being reversed.", field="reason")
    _allow_case_note_moves()
    by_link: dict[str, list[str]] = defaultdict(list)
    for key_model, field, row_id in merge.moves.values_list("model", "field", "row_id"):
        by_link[f"{key_model}.{field}"].append(row_id)
    for key, row_ids in sorted(by_link.items()):
        link = _link_for(key)
        rows = link.model._base_manager.filter(pk__in=row_ids, **{link.field.name: survivor.pk})
        try:
            with transaction.atomic():
                moved_back = rows.update(**{link.field.name: duplicate.pk})
        except IntegrityError as error:
            raise RuleBroken(_integrity_message(error, link)) from error
        if moved_back != len(row_ids):
            raise RuleBroken(
                f"Some of the {link.label} moved by the merge are no longer on this record, so "
                "the merge cannot be reversed automatically. Ask the system administrator."
            )
    duplicate.merged_into = None
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version"])
    merge.reversed_by = acting_user
    merge.reversed_at = timezone.now()
    merge.reversal_reason = reason.strip()
    merge.save(update_fields=["reversed_by", "reversed_at", "reversal_reason"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=merge,
        child_id=survivor.pk,
        detail=f"merge of record {duplicate.pk} into this record reversed",
    )
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=merge,
        child_id=duplicate.pk,
        detail=f"merge into record {survivor.pk} reversed",
    )
    return merge
