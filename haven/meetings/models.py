"""Strategy discussions, section 47 enquiries, child protection conferences and core groups,
with who attended from each agency and how the child took part.

Sources: Working Together to Safeguard Children 2023, chapter 4; DfE CIN census Section47 and
ChildProtectionPlans blocks; SSD ssd_s47_enquiry, ssd_initial_cp_conference, ssd_cp_reviews.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q

from haven.statutory import codes


class ChildParticipation(models.TextChoices):
    ATTENDED = "ATTENDED", "Attended"
    VIEWS_SHARED = "VIEWS_SHARED", "Views shared another way (advocate, in writing)"
    NOT_INVITED = "NOT_INVITED", "Not invited"
    DECLINED = "DECLINED", "Invited but declined"


class Meeting(models.Model):
    """Fields every meeting about a child has."""

    held_on = models.DateField()
    child_participation = models.CharField(max_length=12, choices=ChildParticipation.choices)
    chair = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class StrategyDiscussion(Meeting):
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    starts_section_47 = models.BooleanField("decided to start a section 47 enquiry")

    def __str__(self) -> str:
        return f"Strategy discussion {self.pk} on {self.held_on}"


class Section47Enquiry(models.Model):
    """A section 47 enquiry. Its start date is the date of the strategy discussion that
    initiated it (census S47ActualStartDate; Annex A list 5)."""

    class Outcome(models.TextChoices):
        ICPC = "ICPC", "Concerns substantiated: initial child protection conference"
        CHILD_IN_NEED = "CHILD_IN_NEED", "Concerns substantiated: child in need plan"
        NOT_SUBSTANTIATED = "NOT_SUBSTANTIATED", "Concerns not substantiated"
        NO_FURTHER_ACTION = "NO_FURTHER_ACTION", "No further action"

    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="section_47_enquiries"
    )
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="section_47_enquiry"
    )
    start_date = models.DateField()
    # 15 WD from the strategy discussion (Working Together 2023; census InitialCPCtarget).
    icpc_target_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, blank=True, choices=Outcome.choices)
    icpc_not_required = models.BooleanField("ICPC not required", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="s47_end_after_start",
                violation_error_message="A section 47 enquiry cannot end before it started.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(outcome=""),
                name="s47_ended_has_outcome",
                violation_error_message="A completed section 47 enquiry needs an outcome.",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(end_date__isnull=True),
                name="s47_one_open_per_episode",
                violation_error_message=(
                    "This episode already has a section 47 enquiry in progress (census 8839)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry {self.pk} from {self.start_date}"


class InitialChildProtectionConference(Meeting):
    class Outcome(models.TextChoices):
        CHILD_PROTECTION_PLAN = "CHILD_PROTECTION_PLAN", "Child protection plan"
        CHILD_IN_NEED_PLAN = "CHILD_IN_NEED_PLAN", "No plan: child in need support"
        NO_FURTHER_ACTION = "NO_FURTHER_ACTION", "No further action"

    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="initial_conferences"
    )
    section_47_enquiry = models.OneToOneField(
        Section47Enquiry, on_delete=models.PROTECT, related_name="initial_conference"
    )
    target_date = models.DateField()
    outcome = models.CharField(max_length=21, choices=Outcome.choices)
    category_of_abuse = models.CharField(
        max_length=3, blank=True, choices=codes.choices(codes.CategoryOfAbuse)
    )

    class Meta:
        verbose_name = "initial child protection conference"
        constraints = [
            models.CheckConstraint(
                condition=Q(held_on__iso_week_day__lt=6),
                name="icpc_not_on_weekend",
                violation_error_message=(
                    "An initial child protection conference cannot be held on a Saturday or "
                    "Sunday (census rule 8875)."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="CHILD_PROTECTION_PLAN") | ~Q(category_of_abuse=""),
                name="icpc_plan_has_category",
                violation_error_message="A child protection plan needs a category of abuse.",
            ),
        ]

    def __str__(self) -> str:
        return f"ICPC {self.pk} on {self.held_on}"


class ReviewConference(Meeting):
    class Outcome(models.TextChoices):
        CONTINUE = "CONTINUE", "Plan continues"
        END = "END", "Plan ends"

    plan = models.ForeignKey(
        "plans.ChildProtectionPlan", on_delete=models.PROTECT, related_name="reviews"
    )
    due_date = models.DateField()
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    category_of_abuse = models.CharField(
        "category of abuse after the review",
        max_length=3,
        choices=codes.choices(codes.CategoryOfAbuse),
    )

    def __str__(self) -> str:
        return f"Review conference {self.pk} on {self.held_on}"


class CoreGroupMeeting(Meeting):
    plan = models.ForeignKey(
        "plans.ChildProtectionPlan", on_delete=models.PROTECT, related_name="core_groups"
    )
    due_date = models.DateField()

    def __str__(self) -> str:
        return f"Core group {self.pk} on {self.held_on}"


class ChildInNeedReview(Meeting):
    """A review of the child in need plan (frequency set locally: CIN_PLAN_REVIEW)."""

    plan = models.ForeignKey(
        "plans.ChildInNeedPlan", on_delete=models.PROTECT, related_name="reviews"
    )
    due_date = models.DateField()

    def __str__(self) -> str:
        return f"Child in need review {self.pk} on {self.held_on}"


class MeetingAttendance(models.Model):
    """One agency's invitation to one meeting, and whether someone came."""

    class Agency(models.TextChoices):
        SOCIAL_CARE = "SOCIAL_CARE", "Children's social care"
        POLICE = "POLICE", "Police"
        HEALTH = "HEALTH", "Health"
        EDUCATION = "EDUCATION", "Education"
        PROBATION = "PROBATION", "Probation"
        HOUSING = "HOUSING", "Housing"
        PARENT_CARER = "PARENT_CARER", "Parent or carer"
        OTHER = "OTHER", "Other"

    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, on_delete=models.PROTECT, related_name="attendance"
    )
    initial_conference = models.ForeignKey(
        InitialChildProtectionConference,
        null=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    review_conference = models.ForeignKey(
        ReviewConference, null=True, on_delete=models.PROTECT, related_name="attendance"
    )
    core_group = models.ForeignKey(
        CoreGroupMeeting, null=True, on_delete=models.PROTECT, related_name="attendance"
    )
    cin_review = models.ForeignKey(
        ChildInNeedReview, null=True, on_delete=models.PROTECT, related_name="attendance"
    )
    agency = models.CharField(max_length=12, choices=Agency.choices)
    attended = models.BooleanField()

    class Meta:
        verbose_name_plural = "meeting attendance"
        constraints = [
            models.CheckConstraint(
                condition=models.lookups.Exact(
                    Func(
                        F("strategy_discussion"),
                        F("initial_conference"),
                        F("review_conference"),
                        F("core_group"),
                        F("cin_review"),
                        function="num_nonnulls",
                        output_field=models.IntegerField(),
                    ),
                    1,
                ),
                name="attendance_belongs_to_one_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()}: {'attended' if self.attended else 'did not attend'}"
