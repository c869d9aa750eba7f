"""A child as the CIN census sees it: plain frozen records, read from the database once.

The XML writer (``haven.census.xml``) and the census rules (``haven.census.rules``) both work on
these records, never on models, so the rules are pure functions testable without a database and
the export and the checks can never disagree about what a child's return says.

Field names follow the census items (reference 2.2); dates are ``datetime.date``. Everything the
census does not carry (names, addresses) stays out, except ``person_id`` so a failing child can
be linked to their record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

__all__ = [
    "CensusAssessment",
    "CensusCINPlan",
    "CensusCPPlan",
    "CensusChild",
    "CensusEpisode",
    "CensusPreProceedings",
    "CensusSection47",
]


@dataclass(frozen=True)
class CensusAssessment:
    start_date: datetime.date  # AssessmentActualStartDate
    authorisation_date: datetime.date | None  # AssessmentAuthorisationDate (None: ongoing)
    factors: tuple[str, ...] = ()  # FactorsIdentifiedAtAssessment/AssessmentFactors
    internal_review_date: datetime.date | None = None  # AssessmentInternalReviewDate


@dataclass(frozen=True)
class CensusCINPlan:
    start_date: datetime.date  # CINPlanStartDate
    end_date: datetime.date | None  # CINPlanEndDate


@dataclass(frozen=True)
class CensusSection47:
    start_date: datetime.date  # S47ActualStartDate
    icpc_target_date: datetime.date | None  # InitialCPCtarget
    icpc_date: datetime.date | None  # DateOfInitialCPC (the ICPC that followed this enquiry)
    icpc_not_required: bool  # ICPCnotRequired


@dataclass(frozen=True)
class CensusCPPlan:
    start_date: datetime.date  # CPPstartDate
    end_date: datetime.date | None  # CPPendDate
    initial_category: str  # InitialCategoryOfAbuse
    latest_category: str  # LatestCategoryOfAbuse
    previous_plans: int  # NumberOfPreviousCPP
    review_dates: tuple[datetime.date, ...] = ()  # Reviews/CPPreviewDate


@dataclass(frozen=True)
class CensusPreProceedings:
    """PreProceedingsandFGDM (from 2026-27, reference 2.2)."""

    start_date: datetime.date  # PPStartDate
    letter_before_proceedings_date: datetime.date | None = None  # LBPSentDate
    fgdm_offered: bool | None = None  # FGDMMeetingOffer
    fgdm_facilitated: bool | None = None  # FGDMMeetingFac
    initial_meeting_date: datetime.date | None = None  # InitialPPMeetingDate
    review_meetings_count: int | None = None  # ReviewMeetingsCount
    step_decision_date: datetime.date | None = None  # StepDecisionDate
    outcome: str = ""  # PPOutcome
    court_application_date: datetime.date | None = None  # CourtAppDate
    letter_initiating_cp_date: datetime.date | None = None  # LetterInitCPDate


@dataclass(frozen=True)
class CensusEpisode:
    """One CINdetails module: an episode of need, from referral to closure."""

    episode_id: int
    referral_date: datetime.date  # CINreferralDate
    referral_source: str  # ReferralSource
    primary_need: str  # PrimaryNeedCode ("" when NFA)
    closure_date: datetime.date | None  # CINclosureDate
    closure_reason: str  # ReasonForClosure ("" while open)
    referral_nfa: bool  # ReferralNFA
    # DateOfInitialCPC at episode level: an ICPC with no section 47 in this episode (rule 2884).
    icpc_date: datetime.date | None = None
    assessments: tuple[CensusAssessment, ...] = ()
    cin_plans: tuple[CensusCINPlan, ...] = ()
    section47s: tuple[CensusSection47, ...] = ()
    cp_plans: tuple[CensusCPPlan, ...] = ()
    pre_proceedings: tuple[CensusPreProceedings, ...] = ()


@dataclass(frozen=True)
class CensusChild:
    person_id: int
    la_child_id: str  # LAchildID
    upn: str = ""  # UPN
    former_upn: str = ""  # FormerUPN
    upn_unknown: str = ""  # UPNunknown (UN1..UN7)
    birth_date: datetime.date | None = None  # PersonBirthDate
    expected_birth_date: datetime.date | None = None  # ExpectedPersonBirthDate
    sex: str = "U"  # Sex (M/F/U); GenderCurrent is derived for years before 2024-25
    death_date: datetime.date | None = None  # PersonDeathDate
    ethnicity: str = ""  # Ethnicity
    disabilities: tuple[str, ...] = ()  # Disabilities/Disability
    episodes: tuple[CensusEpisode, ...] = field(default_factory=tuple)  # CINdetails
