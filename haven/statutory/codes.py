"""Code lists of the DfE Children in Need (CIN) census, census year 2025-26.

Each list is an :class:`enum.Enum` whose member value is the census code (so
``ReferralSource("2A")`` works) with a plain-English ``label``. Sources: the DfE "Children in
need census 2025 to 2026" guide and its code sets (also in the CIN census XSDs published in
``SocialFinanceDigitalLabs/liia-tools``, ``liiatools/spec/cin_census/``). The worker change
reasons come from the SSDA903 (children looked after) return, as used by the Standard
Safeguarding Dataset (``data-to-insight/ssd-data-model``, ``ssd_involvements``).

Code lists change between census years (e.g. 5D and RC9 from 2023-24, Sex from 2024-25,
18A/19A retired from 2020-21); keep this module per census year when they change again.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Self

__all__ = [
    "AssessmentFactor",
    "CENSUS_YEAR",
    "CategoryOfAbuse",
    "CensusCode",
    "Disability",
    "Ethnicity",
    "PrimaryNeed",
    "RETIRED_ASSESSMENT_FACTORS",
    "ReasonForClosure",
    "ReferralSource",
    "Sex",
    "SocialWorkerChangeReason",
    "UPNUnknownReason",
    "choices",
]

CENSUS_YEAR = "2025-26"
"""The census year these code lists are for."""


class CensusCode(StrEnum):
    """Base for census code lists: value is the code, ``label`` the plain-English meaning.

    Members are declared as ``NAME = "CODE", "Label"``.
    """

    _value_: str
    label: str

    if TYPE_CHECKING:
        # Type checkers see the member values as the ("CODE", "Label") tuples they are written
        # as; tell them the value is the code string, as it is at runtime.
        @property
        def value(self) -> str: ...

    else:
        # Hidden from type checkers so that ``ReferralSource("2A")`` (a look-up by value) type
        # checks; at runtime each member is built from its ``("CODE", "Label")`` tuple.
        def __new__(cls, code: str, label: str) -> Self:
            obj = str.__new__(cls, code)
            obj._value_ = code
            obj.label = label
            return obj

    @property
    def code(self) -> str:
        """The census code, e.g. ``"N1"``."""
        return self._value_


def choices(enum_cls: type[CensusCode]) -> list[tuple[str, str]]:
    """Return ``[(code, label), ...]`` in declaration order, for Django ``choices``."""
    return [(member.code, member.label) for member in enum_cls]


class ReferralSource(CensusCode):
    """Who made the referral (``ReferralSource``, CBDS N00152). 5D added in 2023-24."""

    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance (including neighbours and childminders)"
    SELF = "1C", "Individual: the child themselves"
    OTHER_INDIVIDUAL = "1D", "Individual: other (including strangers and MPs)"
    SCHOOL = "2A", "School"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    OTHER_PRIMARY_HEALTH = "3D", "Health: other primary health services"
    A_AND_E = "3E", "Health: A&E (accident and emergency)"
    OTHER_HEALTH = "3F", "Health: other (for example a hospice)"
    HOUSING = "4", "Housing (council housing or housing association)"
    LA_SOCIAL_CARE = "5A", "Council services: social care (for example adult social care)"
    LA_OTHER_INTERNAL = "5B", "Council services: other internal (for example youth justice)"
    LA_EXTERNAL = "5C", "Council services: external (for example another council's services)"
    LA_EARLY_HELP = "5D", "Council services: early help"
    POLICE = "6", "Police"
    OTHER_LEGAL_AGENCY = "7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"
    OTHER = "8", "Other (children's centres, independent providers, voluntary organisations)"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class PrimaryNeed(CensusCode):
    """Main reason the child needs services (``PrimaryNeedCode``, CBDS N00101)."""

    NOT_STATED = "N0", "Not stated"
    ABUSE_OR_NEGLECT = "N1", "Abuse or neglect"
    CHILD_DISABILITY = "N2", "Child's disability or illness"
    PARENT_DISABILITY = "N3", "Parent's disability or illness"
    FAMILY_ACUTE_STRESS = "N4", "Family in acute stress"
    FAMILY_DYSFUNCTION = "N5", "Family dysfunction"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "N6", "Socially unacceptable behaviour"
    LOW_INCOME = "N7", "Low income"
    ABSENT_PARENTING = "N8", "Absent parenting"
    NOT_IN_NEED = "N9", "Cases other than children in need"


class ReasonForClosure(CensusCode):
    """Why the episode of need ended (``ReasonForClosure``, CBDS N00103). RC9 from 2023-24."""

    ADOPTED = "RC1", "Adopted"
    DIED = "RC2", "Died"
    CHILD_ARRANGEMENTS_ORDER = "RC3", "Child arrangements order"
    SPECIAL_GUARDIANSHIP_ORDER = "RC4", "Special guardianship order"
    TRANSFERRED_TO_OTHER_LA = "RC5", "Moved to another local authority"
    TRANSFERRED_TO_ADULT_SERVICES = "RC6", "Moved to adult social care"
    SERVICES_CEASED = "RC7", "Services stopped for another reason, including no longer in need"
    NFA_AFTER_ASSESSMENT = "RC8", "Closed after assessment: no further action"
    EARLY_HELP_AFTER_ASSESSMENT = "RC9", "Closed after assessment: referred to early help"


class CategoryOfAbuse(CensusCode):
    """Category of abuse on a CP plan (``InitialCategoryOfAbuse``, ``LatestCategoryOfAbuse``)."""

    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple (no longer recommended)"


class AssessmentFactor(CensusCode):
    """Factors identified at the end of an assessment (``AssessmentFactors``, CBDS N00181).

    Suffix A is about the child, B a parent or carer, C another person in the household.
    18A and 19A were split into 18B/18C and 19B/19C in the 2020-21 census; they are not members
    here (see :data:`RETIRED_ASSESSMENT_FACTORS`). 21 "no factors identified" must be used alone
    (rule 8869).
    """

    ALCOHOL_CHILD = "1A", "Alcohol misuse: the child"
    ALCOHOL_PARENT = "1B", "Alcohol misuse: a parent or carer"
    ALCOHOL_OTHER = "1C", "Alcohol misuse: another person in the household"
    DRUGS_CHILD = "2A", "Drug misuse: the child"
    DRUGS_PARENT = "2B", "Drug misuse: a parent or carer"
    DRUGS_OTHER = "2C", "Drug misuse: another person in the household"
    DOMESTIC_ABUSE_CHILD = "3A", "Domestic abuse: the child is the subject"
    DOMESTIC_ABUSE_PARENT = "3B", "Domestic abuse: a parent or carer is the subject"
    DOMESTIC_ABUSE_OTHER = "3C", "Domestic abuse: another person in the household is the subject"
    MENTAL_HEALTH_CHILD = "4A", "Mental health: the child"
    MENTAL_HEALTH_PARENT = "4B", "Mental health: a parent or carer"
    MENTAL_HEALTH_OTHER = "4C", "Mental health: another person in the household"
    LEARNING_DISABILITY_CHILD = "5A", "Learning disability: the child"
    LEARNING_DISABILITY_PARENT = "5B", "Learning disability: a parent or carer"
    LEARNING_DISABILITY_OTHER = "5C", "Learning disability: another person in the household"
    PHYSICAL_DISABILITY_CHILD = "6A", "Physical disability or illness: the child"
    PHYSICAL_DISABILITY_PARENT = "6B", "Physical disability or illness: a parent or carer"
    PHYSICAL_DISABILITY_OTHER = "6C", "Physical disability or illness: another household member"
    YOUNG_CARER = "7A", "Young carer"
    PF_OVERSEAS_RETURNING = "8B", "Privately fostered: child from overseas who will return home"
    PF_OVERSEAS_STAYING = "8C", "Privately fostered: child from overseas who intends to stay"
    PF_UK_EDUCATION = "8D", "Privately fostered: UK child in an educational placement"
    PF_UK_FAMILY_ARRANGEMENT = "8E", "Privately fostered: UK child in another family arrangement"
    PF_OTHER = "8F", "Privately fostered: other"
    UASC = "9A", "Unaccompanied asylum-seeking child"
    MISSING = "10A", "Going or being missing"
    CSE = "11A", "Child sexual exploitation"
    TRAFFICKING = "12A", "Trafficking"
    GANGS = "13A", "Gangs"
    SOCIALLY_UNACCEPTABLE_BEHAVIOUR = "14A", "Socially unacceptable behaviour"
    SELF_HARM = "15A", "Self-harm"
    NEGLECT = "16A", "Neglect"
    EMOTIONAL_ABUSE = "17A", "Emotional abuse"
    PHYSICAL_ABUSE_CHILD_ON_CHILD = "18B", "Physical abuse: by another child"
    PHYSICAL_ABUSE_ADULT_ON_CHILD = "18C", "Physical abuse: by an adult"
    SEXUAL_ABUSE_CHILD_ON_CHILD = "19B", "Sexual abuse: by another child"
    SEXUAL_ABUSE_ADULT_ON_CHILD = "19C", "Sexual abuse: by an adult"
    OTHER = "20", "Other"
    NO_FACTORS = "21", "No factors identified"
    FGM = "22A", "Female genital mutilation"
    FAITH_OR_BELIEF = "23A", "Abuse linked to faith or belief"
    CCE = "24A", "Child criminal exploitation"


RETIRED_ASSESSMENT_FACTORS: dict[str, str] = {
    "18A": "Physical abuse (retired in 2020-21: use 18B or 18C)",
    "19A": "Sexual abuse (retired in 2020-21: use 19B or 19C)",
}
"""Retired assessment factor codes; queried by 8945Q/8950Q from the 2024-25 census."""


class Ethnicity(CensusCode):
    """Ethnicity (``Ethnicity``, CBDS N00177): the 20 DfE codes."""

    WHITE_BRITISH = "WBRI", "White British"
    WHITE_IRISH = "WIRI", "White Irish"
    TRAVELLER_IRISH_HERITAGE = "WIRT", "Traveller of Irish heritage"
    WHITE_OTHER = "WOTH", "Any other White background"
    GYPSY_ROMA = "WROM", "Gypsy or Roma"
    WHITE_BLACK_CARIBBEAN = "MWBC", "White and Black Caribbean"
    WHITE_BLACK_AFRICAN = "MWBA", "White and Black African"
    WHITE_ASIAN = "MWAS", "White and Asian"
    MIXED_OTHER = "MOTH", "Any other mixed background"
    INDIAN = "AIND", "Indian"
    PAKISTANI = "APKN", "Pakistani"
    BANGLADESHI = "ABAN", "Bangladeshi"
    ASIAN_OTHER = "AOTH", "Any other Asian background"
    CARIBBEAN = "BCRB", "Caribbean"
    AFRICAN = "BAFR", "African"
    BLACK_OTHER = "BOTH", "Any other Black background"
    CHINESE = "CHNE", "Chinese"
    OTHER = "OOTH", "Any other ethnic group"
    REFUSED = "REFU", "Refused"
    NOT_OBTAINED = "NOBT", "Information not yet obtained"


class Disability(CensusCode):
    """Disability (``Disability``, CBDS N00099): 13 codes. NONE must be used alone (8790)."""

    NONE = "NONE", "No disability"
    MOBILITY = "MOB", "Mobility"
    HAND_FUNCTION = "HAND", "Hand function"
    PERSONAL_CARE = "PC", "Personal care"
    INCONTINENCE = "INC", "Incontinence"
    COMMUNICATION = "COMM", "Communication"
    LEARNING = "LD", "Learning"
    HEARING = "HEAR", "Hearing"
    VISION = "VIS", "Vision"
    BEHAVIOUR = "BEH", "Behaviour"
    CONSCIOUSNESS = "CON", "Consciousness"
    AUTISM = "AUT", "Autism or Asperger syndrome"
    OTHER = "DDA", "Other disability"


class UPNUnknownReason(CensusCode):
    """Why a child has no UPN (``UPNunknown``, CBDS N00135).

    UN1-UN5 wording follows the SSD code list ``upn_unknown.yml``. The official wording of UN6
    was not found in the sources read; check it against the DfE CIN census guide. UN7 is only
    valid if every episode was a referral with no further action (rule 8772).
    """

    NOT_SCHOOL_AGE = "UN1", "Not yet of school age, or no UPN issued yet"
    NEVER_IN_ENGLISH_STATE_SCHOOL = "UN2", "Never attended a state school in England"
    EDUCATED_OUTSIDE_ENGLAND = "UN3", "Educated outside England"
    NEWLY_IN_SCOPE = "UN4", "Newly known to us; UPN not yet found out"
    SOURCES_DISAGREE = "UN5", "Records disagree (name or date of birth mismatch, or duplicate UPN)"
    UN6 = "UN6", "Other reason (code UN6)"
    REFERRAL_NFA = "UN7", "Referral with no further action"


class Sex(CensusCode):
    """Sex (``Sex``, CBDS N00783), from the 2024-25 census. U is required for an unborn child."""

    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown or not recorded (always U for an unborn child)"


class SocialWorkerChangeReason(CensusCode):
    """Why a child's social worker changed (SSDA903 return; SSD ``ssd_involvements``)."""

    MANAGER_DECISION = "MANAGE", "Manager decided to change the worker"
    FAMILY_REQUEST = "FCONTA", "Family or child asked for a change"
    WORKER_LEFT_ROLE = "LEFTRL", "Worker left their role"
    RESTRUCTURE = "ORGRST", "Team or service restructure"
    TEAM_TRANSFER = "TSPROC", "Case moved to another team as part of the usual process"
    WORKER_ABSENCE = "ABSENC", "Worker absent (for example sickness or leave)"
    CHILD_CIRCUMSTANCES = "CHCHAN", "Child's circumstances changed or child moved"
    PLACEMENT_CHANGE = "PCCHAN", "Child's placement changed"
    WORKER_DIED = "SWDIED", "Worker died"
    OTHER = "OTHERS", "Other reason"
