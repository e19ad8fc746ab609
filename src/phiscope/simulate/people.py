"""The synthetic population: facilities, providers, staff and patients.

Person ids say whose data a value is: ``pt-00001`` patients, ``pt-00001-ec``
their emergency contacts when these are not patients themselves, ``dr-001``
providers, ``st-01`` staff, ``org-1`` organisations (letterheads).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from phiscope.simulate.places import STREET_NAMES, ForeignPlace, Place, pick_place, street_line


@dataclass(frozen=True, slots=True)
class Address:
    """A US postal address."""

    street: str
    unit: str | None
    city: str
    state: str  # two-letter code; abroad the region (province), possibly empty
    zip: str  # abroad the local postal code
    country: str = "US"

    @property
    def foreign(self) -> bool:
        """True for an address outside the US."""
        return self.country != "US"

    def line1(self, sep: str = " ") -> str:
        """Street and unit: ``12 Oak St Apt 4B`` (``sep=", "`` for ``12 Oak St, Apt 4B``)."""
        return f"{self.street}{sep}{self.unit}" if self.unit else self.street

    def last_line(self) -> str:
        """``Hartford, CT 06103``; abroad ``Toronto ON M5V 2T6, Canada``."""
        if self.foreign:
            return f"{' '.join(x for x in (self.city, self.state, self.zip) if x)}, {self.country}"
        return f"{self.city}, {self.state} {self.zip}"


def make_address(rng: random.Random, place: Place | None = None, business: bool = False) -> Address:
    """A random street address in ``place`` (or a random place); businesses get suites."""
    pl = place or pick_place(rng)
    street, unit = street_line(rng)
    if business:
        unit = f"Suite {rng.randint(1, 4)}{rng.randint(0, 3)}0" if unit else None
    return Address(street, unit, pl.city, pl.state, pl.zip)


def foreign_address(rng: random.Random, place: ForeignPlace) -> Address:
    """A street address abroad, in the local form."""
    street = place.street_form.format(n=rng.randint(2, 480), s=rng.choice(STREET_NAMES))
    return Address(street, None, place.city, place.region, place.postcode, place.country)


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
    ec_person: str  # the emergency contact: a household member's patient id, or ``<id>-ec``
    ec_name: str
    ec_relation: str
    ec_phone: str
    suffix: str | None = None  # Jr, Sr, II
    nickname: str | None = None  # the name they go by (Bill for William)
    maiden_name: str | None = None  # surname before marriage (older records carry it)
    household_id: str = ""
    household_role: str = "self"  # head, spouse, child
    twin_of: str | None = None  # patient id of the twin (same date of birth)
    deceased: date | None = None  # date of death
    previous_address: Address | None = None  # before the move; older files still show it
    ssn_placeholder: str | None = None  # what the EHR holds instead of a missing SSN (000-00-0000)

    @property
    def full(self) -> str:
        """``Jane Doe``."""
        return f"{self.first} {self.last}"

    @property
    def full_suffixed(self) -> str:
        """``John Smith Jr`` (the suffix when there is one)."""
        return f"{self.first} {self.last} {self.suffix}" if self.suffix else self.full

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other full names this person is known by (nickname, maiden name)."""
        out = []
        if self.nickname:
            out.append(f"{self.nickname} {self.last}")
        if self.maiden_name:
            out.append(f"{self.first} {self.maiden_name}")
        return tuple(out)

    @property
    def last_first(self) -> str:
        """``DOE, JANE`` as EHR reports print it."""
        return f"{self.last.upper()}, {self.first.upper()}"

    @property
    def ec_id(self) -> str:
        """Person id of the emergency contact."""
        return self.ec_person

    @property
    def ec_external(self) -> bool:
        """True when the emergency contact is not a patient (a person of their own in the truth)."""
        return self.ec_person.endswith("-ec")

    def age_on(self, day: date) -> int:
        """Age in whole years on ``day``."""
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))

    def tax_id(self) -> tuple[str, str] | None:
        """(element, value): the SSN, the ITIN for patients without one, or None (not on file)."""
        if self.ssn:
            return "ssn", self.ssn
        if self.itin:
            return "itin", self.itin
        return None


@dataclass(frozen=True, slots=True)
class Population:
    """Everyone in the simulated breach."""

    facilities: tuple[Facility, ...]
    providers: tuple[Provider, ...]
    staff: tuple[Staff, ...]
    patients: tuple[Patient, ...]

    def provider(self, provider_id: str) -> Provider:
        """The provider with this id (``dr-007`` is the seventh)."""
        return self.providers[int(provider_id[3:]) - 1]

    def facility(self, facility_id: str) -> Facility:
        """The facility with this id (``org-2`` is the second)."""
        return self.facilities[int(facility_id[4:]) - 1]

    def with_patients(self, patients: tuple[Patient, ...]) -> Population:
        """The same organisation and staff with other patients (a chunk of a large population)."""
        return Population(self.facilities, self.providers, self.staff, patients)
