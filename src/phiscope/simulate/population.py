"""Build the synthetic population deterministically from a seed."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from phiscope.simulate import contact, values
from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.dates import birth_date
from phiscope.simulate.people import Facility, Patient, Population, Provider, Staff, make_address
from phiscope.simulate.places import PLACES, Place

REFERENCE_DAY = date(2024, 4, 1)

# Some patients carry accented names, as real registration data does (all in cp1252).
ACCENTED_FIRST = {"F": ("María", "Sofía", "Zoë", "Renée", "Chloé", "Inés", "Lucía", "Noémie"),
                  "M": ("José", "Héctor", "Andrés", "Joël", "Rubén", "Ramón", "Íñigo", "François")}
ACCENTED_LAST = ("Peña", "Muñoz", "Núñez", "Báez", "Ibáñez", "Gómez", "Sánchez", "Lefèvre", "Côté",
                 "Brontë", "Hernández", "Martínez")
PAYERS = ("Anthem BCBS", "Aetna", "Cigna", "UnitedHealthcare", "ConnectiCare", "Harvard Pilgrim")
RELATIONS = {"child": ("mother", "father", "grandmother"), "adult": ("spouse", "mother", "father", "sister",
             "brother", "partner"), "older": ("spouse", "daughter", "son", "sister", "brother")}
SPECIALTIES = ("Family Medicine", "Internal Medicine", "Endocrinology", "Cardiology", "Psychiatry",
               "Infectious Disease", "Pulmonology", "Pediatrics", "Nephrology")


def _place(city: str) -> Place:
    return next(p for p, _ in PLACES if p.city == city)


def make_population(n_patients: int, seed: int, dx: DxCatalog | None = None) -> Population:
    """Facilities, providers, staff and ``n_patients`` patients for ``seed``."""
    from faker import Faker

    rng = random.Random(f"{seed}:people")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    facilities = _facilities(rng)
    providers = tuple(_provider(i + 1, rng, fake) for i in range(max(4, min(40, n_patients // 20))))
    staff = _staff(rng, fake, facilities[0])
    dx = dx or DxCatalog()
    patients = tuple(_patient(i + 1, rng, fake, facilities, providers, dx) for i in range(n_patients))
    return Population(facilities, providers, staff, patients)


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


def _provider(i: int, rng: random.Random, fake: Any) -> Provider:
    sex = rng.choice("FM")
    first = fake.first_name_female() if sex == "F" else fake.first_name_male()
    last = fake.last_name()
    credential = rng.choice(("MD", "MD", "MD", "DO", "NP", "PA-C"))
    midlevel = credential in ("NP", "PA-C")
    dea = values.dea(rng, last, midlevel) if not midlevel or rng.random() < 0.6 else None
    area = rng.choice(("860", "203"))
    return Provider(f"dr-{i:03d}", first, last, credential, rng.choice(SPECIALTIES), values.npi(rng), dea,
                    contact.phone(rng, area), contact.phone(rng, area),
                    contact.work_email(first, last, "ctvalleyhealth.org"))


def _staff(rng: random.Random, fake: Any, fac: Facility) -> tuple[Staff, ...]:
    titles = ("Billing Specialist", "Practice Manager", "IT Systems Analyst", "Patient Access Representative",
              "Health Information Management Coordinator")
    out = []
    for i, title in enumerate(titles, 1):
        first, last = fake.first_name(), fake.last_name()
        out.append(Staff(f"st-{i:02d}", first, last, title, contact.work_email(first, last, fac.domain),
                         contact.phone(rng, "860")))
    return tuple(out)


def _names(rng: random.Random, fake: Any, sex: str) -> tuple[str, str, str]:
    if rng.random() < 0.1:
        return rng.choice(ACCENTED_FIRST[sex]), rng.choice("ABCDEFGHJKLMNPRSTW"), rng.choice(ACCENTED_LAST)
    first = fake.first_name_female() if sex == "F" else fake.first_name_male()
    return first, rng.choice("ABCDEFGHJKLMNPRSTW"), fake.last_name()


def _patient(i: int, rng: random.Random, fake: Any, facilities: tuple[Facility, ...],
             providers: tuple[Provider, ...], dx: DxCatalog) -> Patient:
    sex = rng.choice("FM")
    first, middle, last = _names(rng, fake, sex)
    dob = birth_date(rng)
    age = REFERENCE_DAY.year - dob.year
    address = make_address(rng)
    area = next(p for p, _ in PLACES if p.city == address.city).area_codes
    fac = rng.choice(facilities[:2])
    ssn = values.ssn(rng) if rng.random() < 0.95 else None
    ids = _ids(rng, address.state, age, ssn)
    pay = _payment(rng)
    relation = rng.choice(RELATIONS["child" if age < 18 else "adult" if age < 45 else "older"])
    return Patient(
        id=f"pt-{i:05d}", first=first, middle=middle, last=last, sex=sex, dob=dob, ssn=ssn,
        itin=None if ssn else values.itin(rng), address=address,
        phone=contact.phone(rng, rng.choice(area)),
        mobile=contact.phone(rng, rng.choice(area)) if rng.random() < 0.6 else None,
        email=contact.email(rng, first, last, dob.year), facility=fac.id, mrn=values.mrn(rng, fac.mrn_style),
        payer="Medicare" if ids["mbi"] else rng.choice(PAYERS), member_id=values.member_id(rng),
        medicaid_id=ids["medicaid"], mbi=ids["mbi"], hicn=ids["hicn"], dl_state=ids["dl_state"],
        dl=ids["dl"], passport=ids["passport"], card_brand=pay[0], card=pay[1], routing=pay[2],
        account=pay[3], username=contact.username(rng, first, last, dob.year),
        password=contact.password(rng), portal_id=rng.randint(100000, 999999),
        dx=dx.pick(rng, sex, age, rng.randint(1, 3)), pcp=rng.choice(providers).id,
        ec_name=f"{_relative_first(fake, relation)} {last}", ec_relation=relation,
        ec_phone=contact.phone(rng, rng.choice(area)),
    )


def _relative_first(fake: Any, relation: str) -> str:
    if relation in ("mother", "grandmother", "daughter", "sister"):
        return str(fake.first_name_female())
    if relation in ("father", "son", "brother"):
        return str(fake.first_name_male())
    return str(fake.first_name())


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
