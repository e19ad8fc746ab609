"""The synthetic population, deterministic from a seed and buildable piece by piece.

``World`` holds the organisation (facilities, providers, staff) and rebuilds
any patient from (seed, index): households come from their block's random
source (see ``households``), everything else from the patient's own. MRNs and
SSNs are distinct across the population (keyed permutations of the index).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from phiscope.simulate import contact, values
from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.households import BLOCK, REFERENCE_DAY, Household, Member, block_households
from phiscope.simulate.names import ACCENTED_FIRST, ACCENTED_LAST, NameBook, nickname
from phiscope.simulate.people import Facility, Patient, Population, Provider, Staff, make_address
from phiscope.simulate.places import PLACES, Place
from phiscope.simulate.uniq import permute

__all__ = ["ACCENTED_FIRST", "ACCENTED_LAST", "REFERENCE_DAY", "World", "make_population"]

PAYERS = ("Anthem BCBS", "Aetna", "Cigna", "UnitedHealthcare", "ConnectiCare", "Harvard Pilgrim")
RELATIONS = {"child": ("mother", "father", "grandmother"), "adult": ("spouse", "mother", "father", "sister",
             "brother", "partner"), "older": ("spouse", "daughter", "son", "sister", "brother")}
SPECIALTIES = ("Family Medicine", "Internal Medicine", "Endocrinology", "Cardiology", "Psychiatry",
               "Infectious Disease", "Pulmonology", "Pediatrics", "Nephrology")
PLACEHOLDER_SSNS = ("000-00-0000", "123-45-6789", "999-99-9999", "111-11-1111")
FEMALE_RELATIONS = ("mother", "grandmother", "daughter", "sister")


def _place(city: str) -> Place:
    return next(p for p, _ in PLACES if p.city == city)


class World:
    """Organisation and patients of one simulated breach (``n`` patients, ``seed``)."""

    def __init__(self, n: int, seed: int, dx: DxCatalog | None = None) -> None:
        self.n, self.seed = n, seed
        self.dx = dx or DxCatalog()
        self.names = NameBook()
        self.width = max(5, len(str(n)))
        rng = random.Random(f"{seed}:people")
        self.facilities = _facilities(rng)
        self.providers = tuple(_provider(i + 1, rng, self.names) for i in range(max(4, min(400, n // 25))))
        self.staff = _staff(rng, self.names, self.facilities[0], 5 + min(45, n // 20_000))

    def pid(self, index: int) -> str:
        """Person id of the patient with 0-based ``index``."""
        return f"pt-{index + 1:0{self.width}d}"

    def population(self, patients: tuple[Patient, ...] = ()) -> Population:
        """The organisation with these patients."""
        return Population(self.facilities, self.providers, self.staff, patients)

    def households(self, block: int) -> list[Household]:
        """Households of one block of indices."""
        return block_households(self.seed, block, self.n, self.names)

    def patients(self, start: int, stop: int) -> Iterator[Patient]:
        """Patients with indices ``start`` to ``stop - 1``, in index order."""
        for block in range(start // BLOCK, (stop + BLOCK - 1) // BLOCK):
            for hh in self.households(block):
                for m in hh.members:
                    if start <= m.index < stop:
                        yield self._patient(hh, m)

    def patient(self, index: int) -> Patient:
        """One patient, rebuilt from (seed, index)."""
        return next(self.patients(index, index + 1))

    def _patient(self, hh: Household, m: Member) -> Patient:
        rng = random.Random(f"{self.seed}:pt:{m.index}")
        day = REFERENCE_DAY
        age = day.year - m.dob.year - ((day.month, day.day) < (m.dob.month, m.dob.day))
        fac = self.facilities[rng.randrange(2)]
        ssn, itin, placeholder = self._tax(rng, m.index, age)
        ids = _ids(rng, "CT" if hh.address.foreign else hh.address.state, age, ssn)
        pay = _payment(rng) if age >= 18 else (None, None, None, None)
        ec_person, ec_name, ec_relation, ec_phone = self._contact(rng, hh, m, age)
        middle = rng.choice("ABCDEFGHJKLMNPRSTW")
        email = contact.email(rng, m.first, m.last, m.dob.year) if age >= 13 else hh.family_email
        return Patient(
            id=self.pid(m.index), first=m.first, middle=middle, last=m.last, sex=m.sex, dob=m.dob, ssn=ssn,
            itin=itin, address=hh.address, phone=hh.home_phone,
            mobile=_mobile(rng, hh, age),
            email=email, facility=fac.id, mrn=self._mrn(fac.mrn_style, m.index),
            payer="Medicare" if ids["mbi"] else rng.choice(PAYERS), member_id=values.member_id(rng),
            medicaid_id=ids["medicaid"], mbi=ids["mbi"], hicn=ids["hicn"], dl_state=ids["dl_state"],
            dl=ids["dl"], passport=ids["passport"], card_brand=pay[0], card=pay[1], routing=pay[2],
            account=pay[3], username=contact.username(rng, m.first, m.last, m.dob.year),
            password=contact.password(rng), portal_id=rng.randint(100000, 999999),
            dx=self.dx.pick(rng, m.sex, age, rng.randint(1, 3)), pcp=rng.choice(self.providers).id,
            ec_person=ec_person, ec_name=ec_name, ec_relation=ec_relation, ec_phone=ec_phone,
            suffix=m.suffix, nickname=nickname(rng, m.first) if age >= 12 else None, maiden_name=m.maiden,
            household_id=hh.id, household_role=m.role,
            twin_of=self.pid(m.twin_of) if m.twin_of is not None else None,
            deceased=_deceased(rng, age), previous_address=hh.previous, ssn_placeholder=placeholder,
        )

    def _tax(self, rng: random.Random, index: int, age: int) -> tuple[str | None, str | None, str | None]:
        """(SSN, ITIN, placeholder): children's SSNs are often not collected."""
        roll = rng.random()
        missing = 0.25 if age < 18 else 0.10
        if roll >= missing:
            return values.ssn_number(permute(index, values.SSN_SPACE, f"{self.seed}:ssn")), None, None
        if age >= 18 and roll < 0.02:
            return None, values.itin(rng), None
        return None, None, rng.choice(PLACEHOLDER_SSNS) if rng.random() < 0.5 else None

    def _mrn(self, style: str, index: int) -> str:
        size = values.MRN_SPACE[style][1]
        return values.mrn_number(style, permute(index, size, f"{self.seed}:mrn:{style}"))

    def _contact(self, rng: random.Random, hh: Household, m: Member, age: int) -> tuple[str, str, str, str]:
        # most name the spouse or a parent in the household; some a relative living elsewhere
        if m.ec_of is not None and rng.random() < (0.75 if m.role != "child" else 0.9):
            other = next(x for x in hh.members if x.index == m.ec_of[0])
            return self.pid(other.index), f"{other.first} {other.last}", m.ec_of[1], hh.home_phone
        relation = rng.choice(RELATIONS["child" if age < 18 else "adult" if age < 45 else "older"])
        sex = "F" if relation in FEMALE_RELATIONS else "M" if relation in ("father", "son", "brother") else ""
        first = self.names.first(rng, sex) if sex else self.names.any_first(rng)
        return f"{self.pid(m.index)}-ec", f"{first} {m.last}", relation, contact.phone(rng, hh.area_codes[0])


def make_population(n_patients: int, seed: int, dx: DxCatalog | None = None) -> Population:
    """Facilities, providers, staff and ``n_patients`` patients for ``seed`` (all in memory)."""
    world = World(n_patients, seed, dx)
    return world.population(tuple(world.patients(0, n_patients)))


def _mobile(rng: random.Random, hh: Household, age: int) -> str | None:
    return contact.phone(rng, rng.choice(hh.area_codes)) if age >= 13 and rng.random() < 0.7 else None


def _deceased(rng: random.Random, age: int) -> date | None:
    """About 1.5% of a panel has died since: mostly the old."""
    if rng.random() >= (0.09 if age >= 65 else 0.01 if age >= 45 else 0.002):
        return None
    return REFERENCE_DAY - timedelta(days=rng.randint(20, 900))


def _facilities(rng: random.Random) -> tuple[Facility, ...]:
    specs = (("Connecticut Valley Health Partners", "ctvalleyhealth.org", "Hartford", "prefixed"),
             ("Shoreline Family Medicine", "shorelinefm.org", "New Haven", "numeric8"),
             ("Quinebaug Regional Laboratory", "qrlab.org", "Norwich", "epic"))
    out = []
    for i, (name, domain, city, style) in enumerate(specs, 1):
        pl = _place(city)
        area = pl.area_codes[0]
        out.append(Facility(f"org-{i}", name, domain, make_address(rng, pl, business=True),
                            contact.phone(rng, area), contact.phone(rng, area), style))
    return tuple(out)


def _provider(i: int, rng: random.Random, book: NameBook) -> Provider:
    sex = rng.choice("FM")
    first, last = book.first(rng, sex), book.last(rng)
    credential = rng.choice(("MD", "MD", "MD", "DO", "NP", "PA-C"))
    midlevel = credential in ("NP", "PA-C")
    dea = values.dea(rng, last, midlevel) if not midlevel or rng.random() < 0.6 else None
    area = rng.choice(("860", "203"))
    return Provider(f"dr-{i:03d}", first, last, credential, rng.choice(SPECIALTIES), values.npi(rng), dea,
                    contact.phone(rng, area), contact.phone(rng, area),
                    contact.work_email(first, last, "ctvalleyhealth.org"))


def _staff(rng: random.Random, book: NameBook, fac: Facility, count: int) -> tuple[Staff, ...]:
    titles = ("Billing Specialist", "Practice Manager", "IT Systems Analyst", "Patient Access Representative",
              "Health Information Management Coordinator")
    out = []
    for i in range(1, count + 1):
        first, last = book.any_first(rng), book.last(rng)
        title = titles[i - 1] if i <= len(titles) else rng.choice(titles)
        out.append(Staff(f"st-{i:02d}", first, last, title, contact.work_email(first, last, fac.domain),
                         contact.phone(rng, "860")))
    return tuple(out)


def _ids(rng: random.Random, state: str, age: int, ssn: str | None) -> dict[str, str | None]:
    mbi = values.mbi(rng) if age >= 65 else None
    dl_state, dl = values.drivers_license(rng, state) if age >= 17 and rng.random() < 0.7 else (None, None)
    return {
        "mbi": mbi,
        "hicn": values.hicn(rng, ssn) if mbi and ssn and rng.random() < 0.5 else None,
        "medicaid": values.medicaid_id(rng, state) if rng.random() < 0.2 else None,
        "dl_state": dl_state,
        "dl": dl,
        "passport": values.passport(rng) if rng.random() < 0.15 else None,
    }


def _payment(rng: random.Random) -> tuple[str | None, str | None, str | None, str | None]:
    brand = card = routing = account = None
    if rng.random() < 0.4:
        brand = rng.choices(("visa", "mastercard", "amex", "discover"), weights=(5, 3, 1, 1))[0]
        card = values.payment_card(rng, brand)
    if rng.random() < 0.2:
        routing, account = values.aba_routing(rng), values.bank_account(rng)
    return brand, card, routing, account
