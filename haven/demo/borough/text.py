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
