"""The synthetic population: facilities, providers, staff and patients.

Person ids say whose data a value is: ``pt-00001`` patients, ``pt-00001-ec``
their emergency contacts, ``dr-001`` providers, ``st-01`` staff, ``org-1``
organisations (letterheads).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from phiscope.simulate.places import Place, pick_place, street_line


@dataclass(frozen=True, slots=True)
class Address:
    """A US postal address."""

    street: str
    unit: str | None
    city: str
    state: str
    zip: str

    def line1(self, sep: str = " ") -> str:
        """Street and unit: ``12 Oak St Apt 4B`` (``sep=", "`` for ``12 Oak St, Apt 4B``)."""
        return f"{self.street}{sep}{self.unit}" if self.unit else self.street

    def last_line(self) -> str:
        """``Hartford, CT 06103``."""
        return f"{self.city}, {self.state} {self.zip}"


def make_address(rng: random.Random, place: Place | None = None, business: bool = False) -> Address:
    """A random street address in ``place`` (or a random place); businesses get suites."""
    pl = place or pick_place(rng)
    street, unit = street_line(rng)
    if business:
        unit = f"Suite {rng.randint(1, 4)}{rng.randint(0, 3)}0" if unit else None
    return Address(street, unit, pl.city, pl.state, pl.zip)


@dataclass(frozen=True, slots=True)
class Facility:
    """A clinic, hospital or lab: appears in letterheads and owns an MRN style."""

    id: str
    name: str
    domain: str
    address: Address
    phone: str
    fax: str
    mrn_style: str

    @property
    def portal_host(self) -> str:
        """Host name of the patient portal."""
        return f"mychart.{self.domain}"


@dataclass(frozen=True, slots=True)
class Provider:
    """A clinician with NPI and (for prescribers) a DEA number."""

    id: str
    first: str
    last: str
    credential: str
    specialty: str
    npi: str
    dea: str | None
    phone: str
    fax: str
    email: str

    @property
    def display(self) -> str:
        """``Sarah Kim, MD``."""
        return f"{self.first} {self.last}, {self.credential}"


@dataclass(frozen=True, slots=True)
class Staff:
    """An employee who sends e-mails and handles records."""

    id: str
    first: str
    last: str
    title: str
    email: str
    phone: str

    @property
    def full(self) -> str:
        """``Karen Lopez``."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True, slots=True)
class Patient:
    """One synthetic patient with every identifier the corpus may show."""

    id: str
    first: str
    middle: str
    last: str
    sex: str
    dob: date
    ssn: str | None  # dashed
    itin: str | None  # dashed; set when the patient has no SSN
    address: Address
    phone: str  # ten digits
    mobile: str | None
    email: str
    facility: str
    mrn: str
    payer: str
    member_id: str
    medicaid_id: str | None
    mbi: str | None  # 11 characters, no dashes
    hicn: str | None
    dl_state: str | None
    dl: str | None
    passport: str | None
    card_brand: str | None
    card: str | None  # digits only
    routing: str | None
    account: str | None
    username: str
    password: str
    portal_id: int
    dx: tuple[str, ...]
    pcp: str  # provider id
    ec_name: str
    ec_relation: str
    ec_phone: str

    @property
    def full(self) -> str:
        """``Jane Doe``."""
        return f"{self.first} {self.last}"

    @property
    def last_first(self) -> str:
        """``DOE, JANE`` as EHR reports print it."""
        return f"{self.last.upper()}, {self.first.upper()}"

    @property
    def ec_id(self) -> str:
        """Person id of the emergency contact."""
        return f"{self.id}-ec"

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))

    def tax_id(self) -> tuple[str, str]:
        """(element, value): the SSN, or the ITIN for patients without one."""
        if self.ssn:
            return "ssn", self.ssn
        assert self.itin is not None
        return "itin", self.itin


@dataclass(frozen=True, slots=True)
class Population:
    """Everyone in the simulated breach."""

    facilities: tuple[Facility, ...]
    providers: tuple[Provider, ...]
    staff: tuple[Staff, ...]
    patients: tuple[Patient, ...]

    def provider(self, provider_id: str) -> Provider:
        """The provider with this id."""
        return next(p for p in self.providers if p.id == provider_id)

    def facility(self, facility_id: str) -> Facility:
        """The facility with this id."""
        return next(f for f in self.facilities if f.id == facility_id)
