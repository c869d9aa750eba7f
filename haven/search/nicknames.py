"""Common English short and familiar forms of first names, as data.

Each group starts with the formal name, followed by the forms people are often called or
recorded under. A short form can belong to several groups ("Sam" is short for Samuel and for
Samantha): a search for it tries every formal name it can stand for.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

NICKNAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("abigail", "abby", "abbie", "gail"),
    ("alexander", "alex", "alec", "sandy", "xander"),
    ("alexandra", "alex", "alexa", "lexi", "sandra", "sandy"),
    ("andrew", "andy", "drew"),
    ("anthony", "tony", "ant"),
    ("benjamin", "ben", "benji", "benny"),
    ("catherine", "cath", "cathy", "kate", "katie", "kat"),
    ("charles", "charlie", "chas", "chaz"),
    ("charlotte", "charlie", "lottie", "lotte"),
    ("christine", "chris", "chrissie", "tina"),
    ("christopher", "chris", "kit", "topher"),
    ("daniel", "dan", "danny"),
    ("david", "dave", "davey", "davy"),
    ("deborah", "debbie", "debs", "deb"),
    ("edward", "ed", "eddie", "ted", "teddy", "ned"),
    ("elizabeth", "liz", "lizzie", "beth", "betty", "eliza", "libby", "lisa"),
    ("frederick", "fred", "freddie", "freddy"),
    ("gregory", "greg"),
    ("henry", "harry", "hal", "hank"),
    ("isabella", "bella", "izzy", "issy"),
    ("isabelle", "belle", "izzy", "issy"),
    ("jacob", "jake", "jack"),
    ("james", "jim", "jimmy", "jamie", "jem"),
    ("jennifer", "jen", "jenny", "jenna"),
    ("joanne", "jo", "jojo", "joanna"),
    ("john", "jack", "johnny", "jon"),
    ("jonathan", "jon", "jonny", "johnny", "nathan"),
    ("joseph", "jo", "joe", "joey"),
    ("josephine", "jo", "josie", "jojo"),
    ("joshua", "josh"),
    ("katherine", "kate", "kath", "kathy", "katie", "kay", "kitty"),
    ("kimberley", "kim"),
    ("lawrence", "larry", "laurie"),
    ("leonard", "leo", "len", "lenny"),
    ("margaret", "maggie", "meg", "peggy", "marge", "molly"),
    ("matthew", "matt", "matty"),
    ("michael", "mike", "mick", "micky", "mikey"),
    ("nathaniel", "nat", "nathan", "nate"),
    ("nicholas", "nick", "nicky", "nico"),
    ("nicola", "nicky", "nikki"),
    ("oliver", "ollie", "olly"),
    ("patricia", "pat", "patty", "trish", "tricia"),
    ("patrick", "pat", "paddy"),
    ("peter", "pete"),
    ("rebecca", "becky", "becca", "bex"),
    ("richard", "rich", "richie", "rick", "dick"),
    ("robert", "bob", "bobby", "rob", "robbie", "bert"),
    ("samantha", "sam", "sammy"),
    ("samuel", "sam", "sammy"),
    ("stephen", "steve", "stevie"),
    ("steven", "steve", "stevie"),
    ("susan", "sue", "susie", "suzy"),
    ("theodore", "theo", "ted", "teddy"),
    ("thomas", "tom", "tommy"),
    ("timothy", "tim", "timmy"),
    ("victoria", "vicky", "vicki", "tori"),
    ("william", "bill", "billy", "will", "willie", "liam"),
    ("zachary", "zach", "zack"),
)


@cache
def _groups_by_name() -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for group in NICKNAME_GROUPS:
        for name in group:
            index.setdefault(name, []).append(group)
    return {name: tuple(groups) for name, groups in index.items()}


def other_forms(name: str) -> frozenset[str]:
    """Every other form of this first name: "bob" -> {"robert", "bobby", "rob", ...}.

    A formal name gives all its short forms; a short form gives every formal name it can stand
    for and those names' other short forms.
    """
    name = name.lower()
    return frozenset(
        other for group in _groups_by_name().get(name, ()) for other in group if other != name
    )


def shared_formal_name(first: str, second: str) -> str | None:
    """The formal name both are forms of ("bob", "robert" -> "robert"), or None."""
    first, second = first.lower(), second.lower()
    for group in _groups_by_name().get(first, ()):
        if second in group and second != first:
            return group[0]
    return None


def names_in_groups(names: Iterable[str]) -> frozenset[str]:
    """The union of `other_forms` for each name."""
    return frozenset(other for name in names for other in other_forms(name))
