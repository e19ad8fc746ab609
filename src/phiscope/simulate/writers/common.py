"""Values and text blocks shared by several writers."""

from __future__ import annotations

import random

from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import fmt_date
from phiscope.simulate.documents import Part
from phiscope.simulate.people import Facility, Patient, Provider, Staff
from phiscope.simulate.truth import Val


def name(p: Patient, style: str = "full") -> Val:
    """The patient's name: ``full`` Jane Doe, ``last_first`` DOE, JANE, ``mi`` Jane A. Doe."""
    forms = {
        "full": p.full,
        "last_first": p.last_first,
        "mi": f"{p.first} {p.middle}. {p.last}",
        "last_first_mixed": f"{p.last}, {p.first}",
    }
    return Val("person_name", forms[style], p.id)


def dob(p: Patient, style: str) -> Val:
    """Date of birth in a date style."""
    return Val("dob", fmt_date(p.dob, style), p.id)


def phone(person: str, digits: str, style: str) -> Val:
    """A phone value in a phone style."""
    return Val("phone", fmt_phone(digits, style), person)


def tax_id(p: Patient, dashed: bool = True) -> Val:
    """The SSN (or ITIN), dashed or as 9 bare digits."""
    element, value = p.tax_id()
    return Val(element, value if dashed else value.replace("-", ""), p.id)


def street(p: Patient, sep: str = " ") -> Val:
    """Street line with unit."""
    return Val("street_address", p.address.line1(sep), p.id)


def city_line(p: Patient, upper: bool = False) -> Val:
    """``Hartford, CT 06103``."""
    text = p.address.last_line()
    return Val("city_state_zip", text.upper() if upper else text, p.id)


def mrn(p: Patient) -> Val:
    """Medical record number."""
    return Val("mrn", p.mrn, p.id)


def dx_parts(p: Patient, code: str, description: str) -> tuple[Part, ...]:
    """``E11.9 Type 2 diabetes ...``: the code is the value, the description context."""
    return (Val("icd10_diagnosis", code, p.id), f" {description}")


def provider_name(dr: Provider) -> Val:
    """``Sarah Kim, MD`` -> the name part only is the value."""
    return Val("person_name", f"{dr.first} {dr.last}", dr.id)


def staff_name(s: Staff) -> Val:
    """A staff member's full name."""
    return Val("person_name", s.full, s.id)


def letterhead(fac: Facility, rng: random.Random) -> list[tuple[Part, ...]]:
    """Organisation name, address, phone and fax lines."""
    style = rng.choice(("paren", "dash", "dot"))
    return [
        (fac.name,),
        (Val("street_address", fac.address.line1(", "), fac.id), ", ",
         Val("city_state_zip", fac.address.last_line(), fac.id)),
        ("Tel ", phone(fac.id, fac.phone, style), "   Fax ", phone(fac.id, fac.fax, style)),
    ]
