"""Short, plain, made-up sentences for the free-text fields of the synthetic borough.

Nothing here describes a real child or family. Sentences stay brief and non-graphic: they
exist so that pages show realistic text, not to tell a story.
"""

from __future__ import annotations

REFERRAL_SUMMARIES: dict[str, tuple[str, ...]] = {
    "6": (
        "Police attended a domestic incident at the home; the children were present.",
        "Police found the child out late at night with older young people.",
        "Police raised concerns about the condition of the home after a welfare check.",
        "Police report that the child was reported missing overnight and has returned.",
    ),
    "2": (
        "School report that the child has arrived hungry and in unwashed clothes most days.",
        "The child told a teacher that they are frightened of going home.",
        "School report a pattern of unexplained bruising and poor attendance.",
        "The designated safeguarding lead is worried about the child's low mood.",
    ),
    "3": (
        "The health visitor is worried about the baby's weight and missed appointments.",
        "A&E saw the child with an injury that does not match the explanation given.",
        "The GP is concerned about a parent's mental health and the care of the children.",
        "Midwifery referral: concerns about substance use during pregnancy.",
    ),
    "4": (
        "Housing report the family are in overcrowded accommodation with damp and mould.",
        "The family face eviction and neighbours report frequent arguments.",
    ),
    "5": (
        "Adult social care report that a parent's needs affect their care of the child.",
        "The early help worker reports that support has not reduced the concerns.",
        "Youth justice raise concerns about exploitation of the young person.",
    ),
    "1": (
        "A relative is worried that the children are left alone in the evenings.",
        "A neighbour reports shouting and a child crying late at night.",
        "The young person asked for help because of arguments at home.",
    ),
    "7": (
        "Probation report that a parent's new partner has a history of violence.",
        "Cafcass raised welfare concerns during private law proceedings.",
    ),
    "8": (
        "A voluntary organisation is worried about the family's situation.",
        "The children's centre reports that a parent appears unable to cope.",
    ),
    "9": ("An anonymous caller is worried about the care of the children at this address.",),
    "10": ("Concerns about the child's welfare were passed on without a named source.",),
}

CHILDS_WORDS: dict[str, tuple[str, ...]] = {
    "young": (
        "I like playing with my toys.",
        "Mummy makes me toast.",
        "I want to show you my drawing.",
        "I like nursery.",
        "My teddy is called Bear.",
    ),
    "middle": (
        "I like school but I get tired.",
        "Home is better now, there's less shouting.",
        "I wish I could see my dad more.",
        "I don't like it when mum is sad.",
        "My favourite thing is football at the weekend.",
        "I share a room with my brother and it's OK.",
    ),
    "older": (
        "I just want things to be normal.",
        "I don't want to talk about it today.",
        "College is going alright, I'm trying.",
        "I feel safer when I'm at my nan's.",
        "Things at home are better than they were.",
        "I want you to stop asking me the same questions.",
        "I'd like help with my anxiety.",
    ),
}

VISIT_OBSERVATIONS: tuple[str, ...] = (
    "Home warm and tidy; food in the cupboards.",
    "Home cluttered but safe; discussed the plan with the parent.",
    "Child appeared settled and comfortable with the parent.",
    "Parent engaged well and talked about progress with the plan.",
    "No answer at the door; left a card and will return.",
    "Bedroom has a bed, bedding and some toys.",
)

UNBORN_OBSERVATIONS: tuple[str, ...] = (
    "Pre-birth visit: talked with mother about the birth plan and support.",
    "Pre-birth visit: the home is being prepared for the baby.",
)

ASSESSMENT_VIEWS: tuple[str, ...] = (
    "The child said they feel safe at home most of the time.",
    "The child said they want the arguing to stop.",
    "The child was too young to give views; observed to be well attached to the parent.",
    "The child said they would like more help at school.",
)

ASSESSMENT_ANALYSIS: tuple[str, ...] = (
    "Needs are met by the family with universal services; no role for children's social care.",
    "The parent's difficulties affect the child's care; a plan of support is needed.",
    "Concerns of significant harm; a strategy discussion is needed.",
    "Strengths in the wider family; support from early help will meet the child's needs.",
    "Cumulative neglect over time; the child needs a multi-agency plan.",
)

MEETING_SUMMARIES: dict[str, tuple[str, ...]] = {
    "strategy": (
        "Information shared by police, health and education; threshold for section 47 met.",
        "Agencies agreed a joint visit and a single-agency section 47 enquiry.",
    ),
    "strategy_no_s47": (
        "Information shared; section 47 threshold not met, assessment to continue.",
    ),
    "icpc": (
        "Conference heard from the family and agencies and agreed the outcome by consensus.",
        "Parents attended with an advocate; the plan was explained to them.",
    ),
    "review": (
        "Progress against the plan reviewed; agencies gave updates.",
        "Some progress, but concerns remain; the plan continues.",
    ),
    "core_group": (
        "Actions reviewed; most are on track.",
        "Core group updated the plan and agreed the next actions.",
    ),
}

CASE_NOTE_TITLES: tuple[tuple[str, str], ...] = (
    ("Telephone call with parent", "Spoke with the parent about the plan and next visit."),
    ("Management oversight", "Case discussed in supervision; actions agreed and dated."),
    ("Call from school", "School gave an update on attendance and the child's presentation."),
    ("Health update", "Health visitor shared the outcome of the latest check."),
    ("Multi-agency email", "Agencies updated on progress and the date of the next meeting."),
)

PROFESSIONAL_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "SCHOOL": (
        "Havenbridge Primary School",
        "St Mary's Church of England Primary",
        "Riverside Academy",
        "Northhaven High School",
        "Castle Hill Primary",
        "Haven Park Secondary",
    ),
    "GP": ("Riverside Medical Centre", "Castle Street Surgery", "Haven Health Practice"),
    "HEALTH_VISITOR": ("Haven Community Health: health visiting",),
    "SCHOOL_NURSE": ("Haven Community Health: school nursing",),
    "HEALTH_OTHER": ("Havenbridge General Hospital", "Children and Young People's Mental Health"),
    "POLICE": ("Haven Police Public Protection Unit",),
    "PROBATION": ("Probation Service: Haven office",),
    "HOUSING": ("Haven Homes Housing Association",),
    "YOUTH_JUSTICE": ("Haven Youth Justice Service",),
    "VOLUNTARY": ("Haven Family Support Trust", "Young Carers Haven"),
    "OTHER": ("Haven Children's Centre",),
}

PROFESSIONAL_ROLES: dict[str, str] = {
    "SCHOOL": "Designated safeguarding lead",
    "GP": "General practitioner",
    "HEALTH_VISITOR": "Health visitor",
    "SCHOOL_NURSE": "School nurse",
    "HEALTH_OTHER": "Paediatrician",
    "POLICE": "Detective constable",
    "PROBATION": "Probation officer",
    "HOUSING": "Housing officer",
    "YOUTH_JUSTICE": "Youth justice worker",
    "VOLUNTARY": "Family support worker",
    "OTHER": "Family worker",
}

TOWNS: tuple[str, ...] = (
    "Havenbridge",
    "Northhaven",
    "Haven Marsh",
    "Eastfold",
    "Westmere",
    "Kingsholt",
)

NICKNAMES: dict[str, str] = {
    "Alexander": "Alex",
    "Benjamin": "Ben",
    "Charlotte": "Charlie",
    "Christopher": "Chris",
    "Daniel": "Dan",
    "Elizabeth": "Lizzie",
    "Jessica": "Jess",
    "Joshua": "Josh",
    "Katherine": "Katie",
    "Matthew": "Matt",
    "Nathaniel": "Nate",
    "Olivia": "Liv",
    "Rebecca": "Becky",
    "Samuel": "Sam",
    "Thomas": "Tom",
    "William": "Will",
}

# Popular names for babies in England and Wales in recent years (ONS baby names lists); Faker's
# en_GB first names are an adult generation's names, so children draw from these as well.
RECENT_BOYS_NAMES: tuple[str, ...] = (
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Harry",
    "Leo",
    "Muhammad",
    "Jack",
    "Charlie",
    "Oscar",
    "Jacob",
    "Henry",
    "Freddie",
    "Alfie",
    "Theo",
    "William",
    "Theodore",
    "Archie",
    "Joshua",
    "Alexander",
    "James",
    "Isaac",
    "Edward",
    "Lucas",
    "Tommy",
    "Finley",
    "Max",
    "Logan",
    "Ethan",
    "Mohammed",
    "Teddy",
    "Benjamin",
    "Arlo",
    "Joseph",
    "Sebastian",
    "Samuel",
)
RECENT_GIRLS_NAMES: tuple[str, ...] = (
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Ivy",
    "Freya",
    "Lily",
    "Florence",
    "Mia",
    "Willow",
    "Rosie",
    "Sophia",
    "Isabella",
    "Grace",
    "Daisy",
    "Sienna",
    "Poppy",
    "Elsie",
    "Emily",
    "Ella",
    "Evelyn",
    "Phoebe",
    "Sofia",
    "Evie",
    "Charlotte",
    "Harper",
    "Millie",
    "Matilda",
    "Maya",
    "Sophie",
    "Alice",
    "Emilia",
    "Isabelle",
    "Ruby",
    "Luna",
    "Maisie",
)

# --- The hub: contacts, triage, decisions and requests to partner agencies ---------------------

# Lower-level worries, by referral-source group (as REFERRAL_SUMMARIES): most contacts do not
# become referrals.
CONTACT_CONCERNS: dict[str, tuple[str, ...]] = {
    "6": (
        "Police were called to an argument between the parents; no injuries, children asleep.",
        "Police notification: the young person was found with friends after curfew and taken home.",
        "Police attended a noise complaint at the address; the home was cluttered but warm.",
    ),
    "2": (
        "School are worried about the child's attendance, which has dropped this term.",
        "The child has seemed withdrawn in class and the parent asked the school for help.",
        "School report that the child often arrives late and without lunch.",
    ),
    "3": (
        "The health visitor reports a parent struggling with low mood after the birth.",
        "The GP is worried that the family keep missing the child's appointments.",
        "The school nurse reports that the young person disclosed self-harm, now healing.",
    ),
    "4": ("Housing report rent arrears and a family living in one room.",),
    "5": (
        "The early help worker asks for advice about a family who stopped engaging.",
        "Adult services are supporting a parent and ask whether the children need help.",
    ),
    "1": (
        "A grandparent is worried that the parent is not coping since the separation.",
        "A neighbour says the children seem to be out on their own a lot.",
    ),
    "7": ("Probation ask whether the children are known before a parent's release.",),
    "8": ("A youth club worker is worried about the young person's new older friends.",),
    "9": ("An anonymous caller says the children are left alone in the evenings.",),
    "10": ("A concern about the children's care passed on by another service.",),
}

PROFESSIONAL_TITLES: dict[str, tuple[str, ...]] = {
    "6": ("Police constable", "Detective constable", "Sergeant, public protection"),
    "2": ("Designated safeguarding lead", "Deputy headteacher", "Pastoral lead"),
    "3": ("Health visitor", "General practitioner", "Midwife", "School nurse", "Paediatrician"),
    "4": ("Housing officer", "Tenancy support officer"),
    "5": ("Early help practitioner", "Adult social worker", "Youth justice worker"),
    "7": ("Probation officer", "Family court adviser"),
    "8": ("Family support worker", "Youth worker", "Children's centre worker"),
}
SOURCE_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "6": PROFESSIONAL_ORGANISATIONS["POLICE"],
    "2": PROFESSIONAL_ORGANISATIONS["SCHOOL"],
    "3": PROFESSIONAL_ORGANISATIONS["GP"]
    + PROFESSIONAL_ORGANISATIONS["HEALTH_VISITOR"]
    + PROFESSIONAL_ORGANISATIONS["HEALTH_OTHER"],
    "4": PROFESSIONAL_ORGANISATIONS["HOUSING"],
    "5": (
        "Haven Council: adult social care",
        "Haven Council: early help",
        "Haven Youth Justice Service",
    ),
    "7": PROFESSIONAL_ORGANISATIONS["PROBATION"] + ("Cafcass",),
    "8": PROFESSIONAL_ORGANISATIONS["VOLUNTARY"] + PROFESSIONAL_ORGANISATIONS["OTHER"],
}
# How a member of the public who phones knows the child, by referral source.
CALLER_RELATIONSHIPS: dict[str, tuple[str, ...]] = {
    "1A": ("Grandmother", "Aunt", "Uncle", "Older sibling", "Father (lives apart)"),
    "1B": ("Neighbour", "Family friend", "Childminder"),
    "1C": ("The child themselves",),
    "1D": ("Member of the public", "Local councillor"),
    "9": ("Did not say",),
}

TRIED_SO_FAR: tuple[str, ...] = (
    "Spoke with the parent, who agreed to an early help assessment but did not attend.",
    "Offered a referral to the school counsellor and weekly check-ins.",
    "Talked through the worry with the family and signposted them to support services.",
    "Nothing yet: the concern was raised today.",
)
CONSENT_REASONS: tuple[str, ...] = (
    "Asking the family could put the child at greater risk.",
    "The parent refused; the concern is serious enough to share without agreement.",
    "Out of hours; the family could not be reached before referring.",
)

RAG_REASONS: dict[str, tuple[str, ...]] = {
    "RED": (
        "Possible risk of significant harm today: the child may not be safe at home tonight.",
        "Injury to a young child with no clear explanation.",
    ),
    "AMBER": (
        "Concerns about the child's care that need a decision today, but no immediate danger.",
        "Repeated contacts about the same family within a few months.",
    ),
    "GREEN": (
        "Low-level worry; the family are engaging with universal services.",
        "Request for advice; no indication of harm.",
    ),
}

DECISION_REASONS: dict[str, tuple[str, ...]] = {
    "NFA": (
        "Checks show no concerns known to agencies; the worry has been resolved.",
        "The information does not indicate a need for services; referrer thanked.",
    ),
    "ADVICE": (
        "Advice given to the referrer about supporting the family through universal services.",
        "Parent given information about local support and how to contact us again.",
    ),
    "EARLY_HELP": (
        "Needs can be met with early help; the family agreed to an early help assessment.",
        "Stepped across to the early help team for targeted family support.",
    ),
    "REFERRAL": (
        "Threshold for a child and family assessment is met (Working Together 2023, 3.1).",
        "Cumulative concerns; the child may be in need and an assessment is needed.",
    ),
    "STRATEGY": (
        "Reasonable cause to suspect significant harm: strategy discussion today (section 47).",
        "Police and children's social care agree a strategy discussion is needed at once.",
    ),
}

INFORMATION_QUESTIONS: dict[str, tuple[str, ...]] = {
    "POLICE": (
        "Please check for domestic abuse incidents and any offences by the adults named.",
        "Are the adults at this address known to you? Any call-outs in the last 12 months?",
    ),
    "HEALTH": (
        "Please share the children's health visiting and GP involvement, and any missed care.",
        "Are there A&E attendances for the children in the last year?",
    ),
    "EDUCATION": (
        "Please share attendance, presentation and any safeguarding records for the children.",
        "How is the child presenting at school, and has the family engaged with you?",
    ),
    "PROBATION": ("Is any adult named under your supervision, and what is their risk level?",),
    "HOUSING": ("Please share the tenancy history and any complaints about the household.",),
}
INFORMATION_ANSWERS: dict[str, tuple[str, ...]] = {
    "POLICE": (
        "Two domestic incidents recorded at this address in the last year; no charges.",
        "No records held for the adults named.",
        "The mother's partner has a conviction for assault (2019); intelligence not to be shared.",
    ),
    "HEALTH": (
        "Immunisations up to date; two missed health visitor contacts since the summer.",
        "No concerns recorded by the GP; last seen for a routine review.",
    ),
    "EDUCATION": (
        "Attendance 84% this term; the child is often tired and hungry on Mondays.",
        "Good attendance; no concerns recorded by the school.",
    ),
    "PROBATION": ("Not known to the Probation Service.",),
    "HOUSING": ("Tenancy since 2021; one complaint of noise, now resolved.",),
}
