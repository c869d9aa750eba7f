"""Children, the adults around them and how they are connected.

Field names follow the DfE CIN census (ChildIdentifiers, ChildCharacteristics) and the Standard
Safeguarding Dataset (`ssd_person`, `ssd_family`, `ssd_address`, `ssd_involvements`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Concat, Lower

from haven.statutory import codes


class Person(models.Model):
    class Kind(models.TextChoices):
        CHILD = "CHILD", "Child"
        ADULT = "ADULT", "Adult"

    kind = models.CharField(max_length=5, choices=Kind.choices, default=Kind.CHILD)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    sex = models.CharField(max_length=1, choices=codes.choices(codes.Sex), default="U")
    gender_identity = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    ethnicity = models.CharField(max_length=4, blank=True, choices=codes.choices(codes.Ethnicity))
    la_child_id = models.CharField("LA child ID", max_length=20, null=True, blank=True, unique=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(
        "reason the UPN is unknown",
        max_length=3,
        blank=True,
        choices=codes.choices(codes.UPNUnknownReason),
    )
    # Restricted records (adoption, a staff member's family) are deepened by the access issue.
    is_restricted = models.BooleanField(default=False)
    # Optimistic concurrency: a change based on an older version is refused (security R23).
    version = models.PositiveIntegerField(default=1, db_default=1)
    # Lower-cased "first last known-as" kept by PostgreSQL for trigram search.
    search_name = models.GeneratedField(
        expression=Lower(
            Concat(
                F("first_name"),
                models.Value(" "),
                F("last_name"),
                models.Value(" "),
                F("known_as"),
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    # A duplicate merged into another record: kept, never deleted, but no longer shown in
    # search, matching or lists, and its pages lead to the record it was merged into
    # (PersonMerge says who merged it, why, and what moved).
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        db_index=False,  # the partial index below: an index of the NULLs would tempt the
        # planner away from the search indexes for `merged_into IS NULL`
    )

    class Meta:
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="person_not_merged_into_itself",
                violation_error_message="A record cannot be merged into itself.",
            ),
            models.CheckConstraint(
                condition=Q(la_child_id__isnull=True)
                | Q(la_child_id__regex=r"^[A-Za-z0-9]{1,20}$"),
                name="person_la_child_id_format",
                violation_error_message=(
                    "The LA child ID must be 1 to 20 letters or digits (census rules 1570/1580)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(nhs_number="") | Q(nhs_number__regex=r"^[0-9]{10}$"),
                name="person_nhs_number_ten_digits",
                violation_error_message="The NHS number must be 10 digits.",
            ),
            models.CheckConstraint(
                condition=~Q(date_of_birth__isnull=True, expected_date_of_birth__isnull=False)
                | Q(sex="U"),
                name="person_unborn_sex_u",
                violation_error_message="An unborn child must have sex U (census rule 8750).",
            ),
            models.CheckConstraint(
                condition=~Q(kind="CHILD")
                | Q(date_of_birth__isnull=False)
                | Q(expected_date_of_birth__isnull=False),
                name="person_child_has_birth_date",
                violation_error_message=(
                    "A child needs a date of birth or an expected date of birth (census 8525Q)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=F("date_of_birth")),
                name="person_death_after_birth",
                violation_error_message="The date of death cannot be before the date of birth.",
            ),
        ]
        indexes = [
            # The few restricted records: the access policy takes them out of lists.
            models.Index(fields=["id"], condition=Q(is_restricted=True), name="person_restricted"),
            GinIndex(
                name="person_search_name_trgm",
                fields=["search_name"],
                opclasses=["gin_trgm_ops"],
            ),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            # The few merged records, by the record they were merged into.
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="person_merged_into",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.pk})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None and self.expected_date_of_birth is not None


class PersonDisabilityQuerySet(models.QuerySet["PersonDisability"]):
    def current(self) -> PersonDisabilityQuerySet:
        """The disabilities recorded now: not removed."""
        return self.filter(removed_at__isnull=True)


class PersonDisability(models.Model):
    """A disability code recorded for a person. Rows are never deleted (security R29): a code
    that no longer applies gets `removed_at`, and the row stays as part of the record (the
    change history says when it was added). `person.disabilities.current()` is what applies
    now; a code removed and later recorded again is a new row."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.choices(codes.Disability))
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = PersonDisabilityQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "code"],
                condition=Q(removed_at__isnull=True),
                name="person_disability_unique",
                violation_error_message="A disability code is recorded once (census rule 8794).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.code}"


class Address(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    line_1 = models.CharField(max_length=100)
    line_2 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60)
    postcode = models.CharField(max_length=8, db_index=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="address_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.line_1}, {self.postcode} (from {self.start_date})"


class Relationship(models.Model):
    """`related_person` is the `kind` of `person` (for example: Jo is the MOTHER of Sam)."""

    class Kind(models.TextChoices):
        MOTHER = "MOTHER", "Mother"
        FATHER = "FATHER", "Father"
        STEP_PARENT = "STEP_PARENT", "Step-parent"
        CARER = "CARER", "Carer"
        SIBLING = "SIBLING", "Sibling"
        HALF_SIBLING = "HALF_SIBLING", "Half-sibling"
        GRANDPARENT = "GRANDPARENT", "Grandparent"
        OTHER_RELATIVE = "OTHER_RELATIVE", "Other relative"
        HOUSEHOLD_MEMBER = "HOUSEHOLD_MEMBER", "Household member"
        PARENTS_PARTNER = "PARENTS_PARTNER", "Parent's partner"
        FRIEND = "FRIEND", "Family friend"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    related_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="related_to")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    has_parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(person=F("related_person")), name="relationship_not_self"
            ),
            models.UniqueConstraint(
                fields=["person", "related_person", "kind"], name="relationship_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.related_person_id} is {self.kind} of {self.person_id}"


class ProfessionalInvolvement(models.Model):
    """A professional from another agency working with the child (SSD ssd_involvements)."""

    class Agency(models.TextChoices):
        SCHOOL = "SCHOOL", "School"
        GP = "GP", "GP"
        HEALTH_VISITOR = "HEALTH_VISITOR", "Health visitor"
        SCHOOL_NURSE = "SCHOOL_NURSE", "School nurse"
        HEALTH_OTHER = "HEALTH_OTHER", "Health (other)"
        POLICE = "POLICE", "Police"
        PROBATION = "PROBATION", "Probation"
        HOUSING = "HOUSING", "Housing"
        YOUTH_JUSTICE = "YOUTH_JUSTICE", "Youth justice"
        VOLUNTARY = "VOLUNTARY", "Voluntary organisation"
        OTHER = "OTHER", "Other"

    child = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="involvements")
    agency = models.CharField(max_length=20, choices=Agency.choices)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=100, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="involvement_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_agency_display()}) for child {self.child_id}"


class PersonMerge(models.Model):
    """Two records found to be one person: the duplicate merged into the survivor. Both are
    kept. Each row that was moved from the duplicate is a PersonMergeMove, so that reversing
    the merge moves back exactly those rows (security reference 3: "keep both originals linked
    and reversible")."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_kept")
    duplicate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_ended")
    reason = models.TextField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    merged_at = models.DateTimeField()
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reversed_at = models.DateTimeField(null=True, blank=True)
    reversal_reason = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(survivor=F("duplicate")),
                name="person_merge_two_records",
                violation_error_message="A record cannot be merged into itself.",
            ),
            models.UniqueConstraint(
                fields=["duplicate"],
                condition=Q(reversed_at__isnull=True),
                name="person_merge_once",
                violation_error_message="This record has already been merged into another.",
            ),
            models.CheckConstraint(
                condition=Q(reversed_at__isnull=True, reversed_by__isnull=True)
                | Q(reversed_at__isnull=False, reversed_by__isnull=False),
                name="person_merge_reversed_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Merge {self.pk}: {self.duplicate_id} into {self.survivor_id}"

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class PersonMergeMove(models.Model):
    """One foreign key that a merge re-pointed from the duplicate to the survivor: which model,
    which row and which field (for example casework.CaseNote 42 child)."""

    merge = models.ForeignKey(PersonMerge, on_delete=models.PROTECT, related_name="moves")
    model = models.CharField(max_length=100)
    row_id = models.CharField(max_length=40)
    field = models.CharField(max_length=63)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["merge", "model", "row_id", "field"], name="person_merge_move_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.row_id}.{self.field} (merge {self.merge_id})"
