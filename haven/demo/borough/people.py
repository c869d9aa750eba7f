"""The borough's population: children in households with the adults around them.

Names come from pools drawn once from Faker (seeded), per name tradition, so that a family's
names fit its census ethnicity; children born recently also draw from the ONS lists of popular
baby names. Identifiers are made up but pass the statutory checks in
:mod:`haven.statutory.identifiers`: NHS numbers in the 999 range the NHS keeps for test data,
with a modulus 11 check digit; UPNs with the DfE check letter; LA child IDs of letters and
digits only (census rules 1570/1580). Postcodes are well formed but in the made-up area "HV".
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from haven.demo.borough import rates, text
from haven.demo.borough.required import required
from haven.statutory.calendar import add_months
from haven.statutory.identifiers import is_valid_nhs_number, upn_check_letter

LA_NUMBER = "999"
"""A made-up DfE LA number for UPNs (characters 2-4); no English authority uses 999."""

POSTCODE_AREA = "HV"
POSTCODE_UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses in the inward code

_NAME_LOCALES = {
    "GB": "en_GB",
    "IE": "en_IE",
    "PL": "pl_PL",
    "RO": "ro_RO",
    "IN": "en_IN",
    "PK": "en_PK",
    "AF": "en_NG",
}
_CHINESE_SURNAMES = ("Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Wong", "Lee", "Lam", "Ng")

_NAME_GROUPS: dict[str, tuple[tuple[str, float], ...]] = {
    "WBRI": (("GB", 1.0),),
    "WIRI": (("IE", 1.0),),
    "WIRT": (("IE", 1.0),),
    "WOTH": (("PL", 0.5), ("RO", 0.25), ("GB", 0.25)),
    "WROM": (("RO", 1.0),),
    "MWBA": (("GB", 0.6), ("AF", 0.4)),
    "MWAS": (("GB", 0.6), ("IN", 0.4)),
    "AIND": (("IN", 1.0),),
    "APKN": (("PK", 1.0),),
    "ABAN": (("PK", 0.6), ("IN", 0.4)),
    "AOTH": (("IN", 0.7), ("PK", 0.3)),
    "BAFR": (("AF", 1.0),),
    "BOTH": (("AF", 0.5), ("GB", 0.5)),
    "OOTH": (("GB", 0.5), ("PK", 0.25), ("AF", 0.25)),
}


@dataclass(slots=True)
class PersonSpec:
    kind: str
    first_name: str
    last_name: str
    sex: str
    date_of_birth: date | None
    ethnicity: str
    nhs_number: str = ""
    known_as: str = ""
    expected_date_of_birth: date | None = None
    la_child_id: str | None = None
    upn: str = ""
    upn_unknown_reason: str = ""
    date_of_death: date | None = None
    household: int = 0
    recorded_on: date = date.min


def born_on(person: PersonSpec) -> date:
    """The child's date of birth, or expected date of birth if they are not born yet."""
    return required(
        person.date_of_birth or person.expected_date_of_birth, "a birth or expected date"
    )


@dataclass(slots=True)
class Household:
    line_1: str
    line_2: str
    town: str
    postcode: str
    since: date
    # The address the household lived at before ``since``, if it moved during the history.
    previous: tuple[str, str, str, str, date] | None = None


@dataclass
class Population:
    people: list[PersonSpec] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    # Indexes into ``people`` of the children (born and unborn), in creation order.
    children: list[int] = field(default_factory=list)
    # Children who are still unborn at the as-of date (a referral is made for each).
    unborn: list[int] = field(default_factory=list)
    # (child, adult, Relationship.Kind, parental responsibility, lives with child, start date)
    relationships: list[tuple[int, int, str, bool, bool, date | None]] = field(default_factory=list)
    # (person, code)
    disabilities: list[tuple[int, str]] = field(default_factory=list)
    # (person, household index, lives at the household's address)
    residents: list[tuple[int, int]] = field(default_factory=list)


class NamePools:
    """First names and surnames per name tradition, drawn once from a seeded Faker."""

    def __init__(self, seed: int) -> None:
        self.male: dict[str, list[str]] = {}
        self.female: dict[str, list[str]] = {}
        self.surnames: dict[str, list[str]] = {}
        for offset, (group, locale) in enumerate(sorted(_NAME_LOCALES.items())):
            fake = Faker(locale)
            fake.seed_instance(seed * 101 + offset)
            self.male[group] = _unique(fake.first_name_male() for _ in range(400))
            self.female[group] = _unique(fake.first_name_female() for _ in range(400))
            self.surnames[group] = _unique(fake.last_name() for _ in range(600))
        fake = Faker("en_GB")
        fake.seed_instance(seed * 101 + 97)
        self.streets = _unique(fake.street_name() for _ in range(1500))


def _unique(names: Iterable[object]) -> list[str]:
    return list(dict.fromkeys(str(n) for n in names))


class PopulationBuilder:
    """Builds households of children and adults for the borough's whole history."""

    def __init__(
        self,
        *,
        rng: random.Random,
        pools: NamePools,
        history_start: date,
        records_from: date,
        as_of: date,
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.history_start = history_start
        self.records_from = records_from
        self.as_of = as_of
        self.population = Population()
        # NHS numbers come from the 999 range the NHS keeps for test data, 999000000C to
        # 999999999C, visited in a scrambled order: k -> (step * k + offset) mod 1,000,000 runs
        # through every number once because step shares no factor with 1,000,000.
        self._nhs_step = rng.randrange(100_001, 999_999, 2)
        while self._nhs_step % 5 == 0:
            self._nhs_step += 2
        self._nhs_offset = rng.randrange(1_000_000)
        self._nhs_next = 0
        self._upn_serials: dict[tuple[int, int], int] = {}

    # --- the whole population -------------------------------------------------------------

    def build(self, *, children: int, unborn: int) -> Population:
        rng = self.rng
        # Every child is under 18 for at least part of the history.
        oldest = add_months(self.history_start, -18 * 12) + timedelta(days=30)
        youngest = self.as_of - timedelta(days=7)
        # Younger siblings follow the first child, so first children start up to 3 years before
        # the oldest date and those born too early are left out: birth dates come out even.
        lead = 3 * 365
        span = (youngest - oldest).days + lead
        made = 0
        while made < children:
            size = min(rates.FAMILY_SIZES.pick(rng), children - made)
            dob = oldest + timedelta(days=rng.randrange(span) - lead)
            dobs: list[date] = []
            for _ in range(size):
                if dob > youngest:
                    break
                if dob >= oldest:
                    dobs.append(dob)
                dob += timedelta(days=rng.randint(330, 1800))
            if dobs:
                self._family(dobs)
                made += len(dobs)
        self._add_unborn(unborn)
        return self.population

    def _family(self, dobs: list[date], unborn_edd: date | None = None) -> int:
        """Add one household; return its index. ``unborn_edd`` adds an unborn child."""
        rng = self.rng
        pop = self.population
        ethnicity = rates.ETHNICITIES.pick(rng)
        group = self._name_group(ethnicity)
        surname = self._surname(group, ethnicity)
        first_birth = required(dobs[0] if dobs else unborn_edd, "a birth or expected date")
        mother_age = rng.triangular(17, 42, 28)
        mother_dob = first_birth - timedelta(days=int(mother_age * 365.25))
        household = self._household(first_birth)
        adults: list[tuple[int, str, bool, bool, date | None]] = []
        mother_absent = rng.random() < 0.03
        mother = self._adult(
            "F", group, ethnicity, surname, mother_dob, household, resident=not mother_absent
        )
        adults.append((mother, "MOTHER", True, not mother_absent, None))
        father_resident = rng.random() < 0.55
        if rng.random() < 0.62:
            father_dob = mother_dob - timedelta(days=rng.randint(-900, 3000))
            father = self._adult(
                "M", group, ethnicity, surname, father_dob, household, resident=father_resident
            )
            adults.append((father, "FATHER", rng.random() < 0.85, father_resident, None))
        if not father_resident and rng.random() < 0.22:
            partner_dob = mother_dob - timedelta(days=rng.randint(-2000, 3000))
            partner = self._adult(
                "M", group, ethnicity, self._surname(group, ethnicity), partner_dob, household
            )
            since = first_birth + timedelta(days=rng.randint(200, 3000))
            kind = "STEP_PARENT" if rng.random() < 0.4 else "PARENTS_PARTNER"
            adults.append((partner, kind, False, True, min(since, self.as_of)))
        if mother_absent or rng.random() < 0.08:
            nan_dob = mother_dob - timedelta(days=int(rng.triangular(18, 35, 25) * 365.25))
            nan = self._adult(
                "F", group, ethnicity, surname, nan_dob, household, resident=mother_absent
            )
            kind = "CARER" if mother_absent else "GRANDPARENT"
            adults.append((nan, kind, mother_absent, mother_absent, None))
        for dob in dobs:
            child = self._child(dob, None, group, ethnicity, surname, household)
            for adult, kind, pr, lives, started in adults:
                pop.relationships.append((child, adult, kind, pr, lives, started or dob))
        if unborn_edd is not None:
            child = self._child(None, unborn_edd, group, ethnicity, surname, household)
            pop.unborn.append(child)
            for adult, kind, pr, lives, _since in adults:
                pop.relationships.append((child, adult, kind, pr, lives, None))
        return len(pop.households) - 1

    def _add_unborn(self, count: int) -> None:
        """Unborn children, each due within 20 weeks of the as-of date (referred pre-birth)."""
        for _ in range(count):
            edd = self.as_of + timedelta(days=self.rng.randint(21, 140))
            self._family([], unborn_edd=edd)

    # --- people -----------------------------------------------------------------------------

    def _name_group(self, ethnicity: str) -> str:
        options = _NAME_GROUPS.get(ethnicity, (("GB", 1.0),))
        u = self.rng.random()
        for group, share in options:
            u -= share
            if u <= 0:
                return group
        return options[-1][0]

    def _surname(self, group: str, ethnicity: str) -> str:
        if ethnicity == "CHNE":
            return self.rng.choice(_CHINESE_SURNAMES)
        return self.rng.choice(self.pools.surnames[group])

    def _first_name(self, sex: str, group: str, dob: date | None) -> str:
        rng = self.rng
        recent = dob is None or dob.year >= 2005
        if group == "GB" and recent and rng.random() < 0.6:
            return rng.choice(text.RECENT_BOYS_NAMES if sex == "M" else text.RECENT_GIRLS_NAMES)
        pool = self.pools.male[group] if sex == "M" else self.pools.female[group]
        return rng.choice(pool)

    def _next_nhs_number(self) -> str:
        """The next unused NHS number with a valid modulus 11 check digit (about 1 in 11 bodies
        has none: its check digit would be 10)."""
        while self._nhs_next < 1_000_000:
            body = (self._nhs_step * self._nhs_next + self._nhs_offset) % 1_000_000
            self._nhs_next += 1
            nine = f"999{body:06d}"
            total = sum(int(ch) * w for ch, w in zip(nine, range(10, 1, -1), strict=True))
            check = (11 - total % 11) % 11
            if check == 10:
                continue
            number = f"{nine}{check}"
            if not is_valid_nhs_number(number):  # the statutory check is the authority
                raise ValueError(f"Generated an invalid NHS number {number}")
            return number
        raise RuntimeError("Ran out of synthetic NHS numbers")

    def _adult(
        self,
        sex: str,
        group: str,
        ethnicity: str,
        surname: str,
        dob: date,
        household: int,
        *,
        resident: bool = True,
    ) -> int:
        rng = self.rng
        pop = self.population
        if sex == "F" and rng.random() < 0.3:
            surname = self._surname(group, ethnicity)
        person = PersonSpec(
            kind="ADULT",
            first_name=rng.choice(
                self.pools.male[group] if sex == "M" else self.pools.female[group]
            ),
            last_name=surname,
            sex=sex,
            date_of_birth=dob,
            ethnicity=ethnicity if ethnicity not in ("REFU", "NOBT") else "",
            nhs_number=self._next_nhs_number() if rng.random() < 0.55 else "",
            household=household,
            recorded_on=self.records_from,
        )
        pop.people.append(person)
        index = len(pop.people) - 1
        if resident:
            pop.residents.append((index, household))
        else:
            pop.residents.append((index, self._household(dob + timedelta(days=18 * 365))))
        return index

    def _child(
        self,
        dob: date | None,
        edd: date | None,
        group: str,
        ethnicity: str,
        surname: str,
        household: int,
    ) -> int:
        rng = self.rng
        pop = self.population
        sex = "U" if dob is None else ("M" if rng.random() < 0.51 else "F")
        first_name = self._first_name(sex if sex != "U" else rng.choice("MF"), group, dob)
        if dob is None:
            first_name = "Unborn"  # recorded as "Unborn <surname>" until the child is named
        born = required(dob if dob is not None else edd, "a birth or expected date")
        number = len(pop.children) + 1
        person = PersonSpec(
            kind="CHILD",
            first_name=first_name,
            last_name=surname,
            sex=sex,
            date_of_birth=dob,
            expected_date_of_birth=edd,
            ethnicity=ethnicity,
            la_child_id=f"HB{number:07d}",
            nhs_number=self._next_nhs_number() if dob is not None else "",
            known_as=text.NICKNAMES.get(first_name, "") if rng.random() < 0.3 else "",
            household=household,
            recorded_on=max(self.records_from, born - timedelta(days=200)),
        )
        self._school_record(person)
        pop.people.append(person)
        index = len(pop.people) - 1
        pop.children.append(index)
        pop.residents.append((index, household))
        if dob is not None:
            if rng.random() < rates.DISABLED_RATE:
                codes = {rates.DISABILITIES.pick(rng) for _ in range(rng.choice((1, 1, 2)))}
                pop.disabilities.extend((index, code) for code in sorted(codes))
            else:
                pop.disabilities.append((index, "NONE"))
        return index

    def _school_record(self, person: PersonSpec) -> None:
        """Give a school-age child a UPN; otherwise record why there is none (census UN1-UN4)."""
        rng = self.rng
        dob = person.date_of_birth
        if dob is None or (self.as_of - dob).days < int(4.5 * 365.25):
            person.upn_unknown_reason = "UN1"
            return
        if rng.random() < 0.02:
            person.upn_unknown_reason = rng.choice(("UN2", "UN3", "UN4"))
            return
        year_of_issue = (dob.year + 4) % 100
        school = rng.randrange(150)
        while self._upn_serials.get((school, year_of_issue), 0) >= 1000:
            school = (school + 1) % 150
        serial = self._upn_serials.get((school, year_of_issue), 0)
        self._upn_serials[(school, year_of_issue)] = serial + 1
        body = f"{LA_NUMBER}{2000 + school:04d}{year_of_issue:02d}{serial:03d}"
        person.upn = upn_check_letter(body) + body

    # --- addresses --------------------------------------------------------------------------

    def _household(self, first_birth: date) -> int:
        rng = self.rng
        pop = self.population
        district = rng.randint(1, 24)
        line_2 = f"Flat {rng.randint(1, 40)}" if rng.random() < 0.15 else ""
        since = max(first_birth - timedelta(days=rng.randint(0, 2000)), date(1990, 1, 1))
        previous = None
        if rng.random() < 0.12:
            moved = self.history_start + timedelta(
                days=rng.randrange(max(1, (self.as_of - self.history_start).days))
            )
            if moved > since:
                previous = (
                    f"{rng.randint(1, 220)} {rng.choice(self.pools.streets)}",
                    "",
                    text.TOWNS[(district + 3) % len(text.TOWNS)],
                    self._postcode(rng.randint(1, 24)),
                    since,
                )
                since = moved
        pop.households.append(
            Household(
                line_1=f"{rng.randint(1, 220)} {rng.choice(self.pools.streets)}",
                line_2=line_2,
                town=text.TOWNS[district % len(text.TOWNS)],
                postcode=self._postcode(district),
                since=since,
                previous=previous,
            )
        )
        return len(pop.households) - 1

    def _postcode(self, district: int) -> str:
        rng = self.rng
        unit = rng.choice(POSTCODE_UNIT_LETTERS) + rng.choice(POSTCODE_UNIT_LETTERS)
        return f"{POSTCODE_AREA}{district} {rng.randint(0, 9)}{unit}"
