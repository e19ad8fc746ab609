"""Values and text blocks shared by several writers."""

from __future__ import annotations

import random

from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import fmt_date
from phiscope.simulate.documents import Part
from phiscope.simulate.names import transpose_digits, typo
from phiscope.simulate.people import Address, Facility, Patient, Provider, Staff
from phiscope.simulate.truth import Val


def name(p: Patient, style: str = "full", rng: random.Random | None = None, slip: float = 0.0) -> Val:
    """The patient's name as a document writes it.

    ``full`` Jane Doe, ``last_first`` DOE, JANE, ``mi`` Jane A. Doe,
    ``last_first_mixed`` Doe, Jane, ``suffixed`` John Smith Jr, ``preferred``
    Bill Smith (the nickname they go by). With ``rng`` and ``slip`` > 0 the
    surname is mistyped that often; the truth keeps the value as written.
    """
    last = typo(rng, p.last) if rng is not None and slip and rng.random() < slip else p.last
    sfx = f" {p.suffix}" if p.suffix else ""
    forms = {
        "full": f"{p.first} {last}",
        "last_first": f"{last.upper()}{sfx.upper()}, {p.first.upper()}",
        "mi": f"{p.first} {p.middle}. {last}{sfx}",
        "last_first_mixed": f"{last}{sfx}, {p.first}",
        "suffixed": f"{p.first} {last}{sfx}",
        "preferred": f"{p.nickname or p.first} {last}",
    }
    return Val("person_name", forms[style], p.id)


def part(p: Patient, which: str, rng: random.Random | None = None, slip: float = 0.0) -> Val:
    """One name part in its own column: ``first``, ``last``, ``maiden`` (the surname before marriage)."""
    text = {"first": p.first, "last": p.last, "maiden": p.maiden_name or p.last}[which]
    if rng is not None and slip and rng.random() < slip:
        text = typo(rng, text)
    return Val("person_name", text, p.id)


def address_of(p: Patient, old: bool) -> Address:
    """The current address, or the one before the move for files written before it."""
    return p.previous_address if old and p.previous_address else p.address


def dob(p: Patient, style: str, rng: random.Random | None = None, slip: float = 0.0) -> Val:
    """Date of birth in a date style; with ``slip``, day and month swapped that often (when both fit)."""
    d = p.dob
    if rng is not None and slip and d.day <= 12 and d.day != d.month and rng.random() < slip:
        d = d.replace(month=d.day, day=d.month)
    return Val("dob", fmt_date(d, style), p.id)


def phone(person: str, digits: str, style: str, rng: random.Random | None = None, slip: float = 0.0) -> Val:
    """A phone value in a phone style; with ``slip``, two digits of the line number swapped that often."""
    if rng is not None and slip and rng.random() < slip:
        digits = digits[:6] + transpose_digits(rng, digits[6:])
    return Val("phone", fmt_phone(digits, style), person)


def tax_id(p: Patient, dashed: bool = True, rng: random.Random | None = None,
           slip: float = 0.0) -> Part | None:
    """The SSN (or ITIN), dashed or as 9 bare digits; the placeholder the EHR holds instead; or None.

    With ``slip``, two digits of the serial are swapped that often (a keying error).
    """
    tax = p.tax_id()
    if tax is None:
        return p.ssn_placeholder
    element, value = tax
    if rng is not None and slip and rng.random() < slip:
        value = value[:7] + transpose_digits(rng, value[7:])
    return Val(element, value if dashed else value.replace("-", ""), p.id)


def street(p: Patient, sep: str = " ", old: bool = False) -> Val:
    """Street line with unit (``old``: before the move)."""
    return Val("street_address", address_of(p, old).line1(sep), p.id)


def city_line(p: Patient, upper: bool = False, old: bool = False) -> Val:
    """``Hartford, CT 06103``."""
    text = address_of(p, old).last_line()
    return Val("city_state_zip", text.upper() if upper else text, p.id)


def extension(rng: random.Random) -> str:
    """A phone extension after a work number: a number that is no identifier."""
    return rng.choice((f" x{rng.randint(100, 999)}", f" ext. {rng.randint(10, 9999)}",
                       f" x{rng.randint(1, 99)}"))


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
