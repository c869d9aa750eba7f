"""Creating and changing people, their addresses and their networks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core import selectors as core_selectors
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.people.models import (
    Address,
    Person,
    PersonDisability,
    ProfessionalInvolvement,
    Relationship,
)
from haven.statutory import identifiers, rules


def _raise_first(violations: Sequence[rules.RuleViolation], field: str | None = None) -> None:
    if violations:
        raise RuleBroken(violations[0].message, field=field, code=violations[0].code)


def _label(column: str) -> str:
    """The plain label of a Person column as stored in the history (e.g. `created_by_id`)."""
    for field in Person._meta.concrete_fields:
        if column in (field.name, field.attname):
            return str(field.verbose_name)
    return column


class StaleRecord(RuleBroken):
    """The record changed after the form was opened: say what changed and who changed it."""

    def __init__(self, person: Person, *, seen_version: int) -> None:
        self.current_version = person.version
        changes: list[str] = []
        for entry in core_selectors.change_history(table_name="people_person", row_id=person.pk):
            after = entry.row.after or {}
            if entry.row.operation != "UPDATE" or int(after.get("version", 0)) <= seen_version:
                continue
            fields = [
                _label(name)
                for name in entry.changed_fields
                if name not in {"version", "search_name"}
            ]
            who = (
                entry.actor.get_full_name() or entry.actor.get_username()
                if entry.actor
                else ("someone")
            )
            when = timezone.localtime(entry.row.at)
            changes.append(f"{who} changed {', '.join(fields)} at {when:%H:%M on %-d %B %Y}")
        detail = "; ".join(changes) or "the record changed"
        super().__init__(
            f"These details were changed after you opened this page ({detail}). Check them and "
            "save again if your change is still needed.",
        )


def _checked_identity(
    *,
    kind: str,
    sex: str,
    date_of_birth: date | None,
    expected_date_of_birth: date | None,
    nhs_number: str,
    upn: str,
    former_upn: str,
    disabilities: Sequence[str],
) -> dict[str, str]:
    """Check identifiers and census rules on a person's identity; return the normalised
    identifiers. Shared by creating and changing a person, so both refuse the same things."""
    nhs_number = identifiers.normalise_nhs_number(nhs_number) if nhs_number else ""
    if nhs_number and (message := identifiers.nhs_number_error(nhs_number)):
        raise RuleBroken(message, field="nhs_number")
    for field, value in (("upn", upn), ("former_upn", former_upn)):
        if value and (message := identifiers.upn_error(identifiers.normalise_upn(value))):
            raise RuleBroken(message, field=field)
    is_unborn = date_of_birth is None and expected_date_of_birth is not None
    _raise_first(rules.check_unborn_sex(is_unborn, sex), field="sex")
    if kind == Person.Kind.CHILD and date_of_birth is None and expected_date_of_birth is None:
        raise RuleBroken(
            "Enter the date of birth, or the expected date of birth for an unborn child.",
            field="date_of_birth",
        )
    _raise_first(rules.check_disabilities(list(disabilities)), field="disabilities")
    return {
        "nhs_number": nhs_number,
        "upn": identifiers.normalise_upn(upn) if upn else "",
        "former_upn": identifiers.normalise_upn(former_upn) if former_upn else "",
    }


def _free_la_child_id(pk: int) -> str:
    """`HV` and the record's number, with a letter added if someone typed that ID by hand."""
    base = f"HV{pk:08d}"
    taken: set[str] = {
        str(value)
        for value in Person.objects.filter(la_child_id__startswith=base).values_list(
            "la_child_id", flat=True
        )
    }
    for suffix in ("", *"ABCDEFGHJKLMNPQRSTUVWXYZ"):
        candidate = f"{base}{suffix}"
        if candidate not in taken:
            return candidate
    raise RuleBroken("Enter an LA child ID for this child.", field="la_child_id")


def _require_staff(user: Any) -> None:
    """Adding a person is recording casework: the role must allow it."""
    if not policy.has_capability(user, Capability.CHANGE_CASE):
        raise policy.AccessDenied


@transaction.atomic
def person_create(
    *,
    acting_user: Any,
    first_name: str,
    last_name: str,
    kind: str = Person.Kind.CHILD,
    known_as: str = "",
    sex: str = "U",
    gender_identity: str = "",
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    ethnicity: str = "",
    nhs_number: str = "",
    upn: str = "",
    former_upn: str = "",
    upn_unknown_reason: str = "",
    la_child_id: str | None = None,
    disabilities: Sequence[str] = (),
) -> Person:
    """Record a child or an adult, checking identifiers and census rules as they are entered."""
    _require_staff(acting_user)
    identity = _checked_identity(
        kind=kind,
        sex=sex,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        nhs_number=nhs_number,
        upn=upn,
        former_upn=former_upn,
        disabilities=disabilities,
    )
    if la_child_id and (message := identifiers.la_child_id_error(la_child_id)):
        raise RuleBroken(message, field="la_child_id")
    if la_child_id and Person.objects.filter(la_child_id=la_child_id).exists():
        raise RuleBroken("Another person already has this LA child ID.", field="la_child_id")
    with constraint_messages():
        person = Person.objects.create(
            kind=kind,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            known_as=known_as.strip(),
            sex=sex,
            gender_identity=gender_identity,
            date_of_birth=date_of_birth,
            expected_date_of_birth=expected_date_of_birth,
            ethnicity=ethnicity,
            upn_unknown_reason=upn_unknown_reason,
            la_child_id=la_child_id or None,
            **identity,
            created_by=acting_user,
        )
        if kind == Person.Kind.CHILD and not la_child_id:
            person.la_child_id = _free_la_child_id(person.pk)
            person.save(update_fields=["la_child_id"])
        PersonDisability.objects.bulk_create(
            PersonDisability(person=person, code=code) for code in disabilities
        )
    audit(actor=acting_user, action="CREATE", obj=person, child_id=person.pk)
    return person


@transaction.atomic
def person_update(
    *,
    acting_user: Any,
    person: Person,
    first_name: str,
    last_name: str,
    sex: str,
    known_as: str = "",
    gender_identity: str = "",
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    ethnicity: str = "",
    nhs_number: str = "",
    upn: str = "",
    upn_unknown_reason: str = "",
    disabilities: Sequence[str] = (),
    expected_version: int | None = None,
) -> Person:
    """Change a person's details, for example recording the birth of an unborn child, with the
    same checks as when the person was added. With `expected_version` (the version the form was
    opened on), a change made by someone else in between is refused, never overwritten."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    policy.require_change(acting_user, person)
    if expected_version is not None and person.version != expected_version:
        raise StaleRecord(person, seen_version=expected_version)
    identity = _checked_identity(
        kind=person.kind,
        sex=sex,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        nhs_number=nhs_number,
        upn=upn,
        former_upn=person.former_upn,
        disabilities=disabilities,
    )
    birth = date_of_birth or expected_date_of_birth
    first_referral = person.episodes.order_by("referral_date").first()
    if birth is not None and first_referral is not None:
        violations = rules.check_referral_after_birth_window(first_referral.referral_date, birth)
        _raise_first(violations, field="date_of_birth")
    person.version += 1
    for name, value in {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "known_as": known_as.strip(),
        "sex": sex,
        "gender_identity": gender_identity,
        "date_of_birth": date_of_birth,
        "expected_date_of_birth": expected_date_of_birth,
        "ethnicity": ethnicity,
        "upn_unknown_reason": upn_unknown_reason,
        **identity,
    }.items():
        setattr(person, name, value)
    with constraint_messages():
        person.save()
        _disabilities_set(person, disabilities)
    audit(actor=acting_user, action="UPDATE", obj=person, child_id=person.pk)
    return person


def _disabilities_set(person: Person, disabilities: Sequence[str]) -> None:
    """Make `disabilities` the person's current codes. A code no longer given is marked
    removed, never deleted (security R29); a new code, or one given again after it was
    removed, gets a new row."""
    current = person.disabilities.current()
    current.exclude(code__in=set(disabilities)).update(removed_at=timezone.now())
    existing = set(current.values_list("code", flat=True))
    PersonDisability.objects.bulk_create(
        PersonDisability(person=person, code=code)
        for code in dict.fromkeys(disabilities)
        if code not in existing
    )


@transaction.atomic
def relationship_add(
    *,
    acting_user: Any,
    person: Person,
    related_person: Person,
    kind: str,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
    start_date: date | None = None,
) -> Relationship:
    """Record that `related_person` is the `kind` of `person` (e.g. the child's mother)."""
    policy.require_change(acting_user, person)
    if related_person.pk == person.pk:
        raise RuleBroken("A person cannot be related to themselves.", field="related_person")
    with constraint_messages():
        relationship = Relationship.objects.create(
            person=person,
            related_person=related_person,
            kind=kind,
            has_parental_responsibility=has_parental_responsibility,
            lives_with_child=lives_with_child,
            start_date=start_date,
        )
    audit(actor=acting_user, action="CREATE", obj=relationship, child_id=person.pk)
    return relationship


@transaction.atomic
def address_move(
    *,
    acting_user: Any,
    person: Person,
    line_1: str,
    town: str,
    postcode: str,
    start_date: date,
    line_2: str = "",
) -> Address:
    """Record a new address; the current one ends the day the new one starts."""
    policy.require_change(acting_user, person)
    current = person.addresses.filter(end_date__isnull=True).first()
    if current is not None:
        if start_date < current.start_date:
            raise RuleBroken(
                "The new address cannot start before the current one did.", field="start_date"
            )
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    address = Address.objects.create(
        person=person,
        line_1=line_1,
        line_2=line_2,
        town=town,
        postcode=" ".join(postcode.upper().split()),
        start_date=start_date,
    )
    audit(actor=acting_user, action="CREATE", obj=address, child_id=person.pk)
    return address


@transaction.atomic
def family_member_add(
    *,
    acting_user: Any,
    child: Person,
    first_name: str,
    last_name: str,
    kind: str,
    date_of_birth: date | None = None,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
) -> Relationship:
    """Record an adult in the child's network and how they are related, in one step."""
    policy.require_change(acting_user, child)
    adult = person_create(
        acting_user=acting_user,
        kind=Person.Kind.ADULT,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
    )
    return relationship_add(
        acting_user=acting_user,
        person=child,
        related_person=adult,
        kind=kind,
        has_parental_responsibility=has_parental_responsibility,
        lives_with_child=lives_with_child,
    )


@transaction.atomic
def involvement_add(
    *,
    acting_user: Any,
    child: Person,
    agency: str,
    name: str,
    start_date: date,
    role: str = "",
    organisation: str = "",
    phone: str = "",
    email: str = "",
) -> ProfessionalInvolvement:
    """Record a professional from another agency who works with the child."""
    policy.require_change(acting_user, child)
    with constraint_messages():
        involvement = ProfessionalInvolvement.objects.create(
            child=child,
            agency=agency,
            name=name.strip(),
            role=role,
            organisation=organisation,
            phone=phone,
            email=email,
            start_date=start_date,
        )
    audit(actor=acting_user, action="CREATE", obj=involvement, child_id=child.pk)
    return involvement
