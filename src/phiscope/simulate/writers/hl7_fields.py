"""HL7 v2 field values (XPN, XAD, XTN, CX, XCN) and the truth values a v2 reader makes of them.

A field is a ``Fld``: the text written between the bars and the values it
holds. Truth values take the form an HL7 reader reports: ``DOE^JANE^A`` is
the name ``JANE A DOE``, an XAD is a street line and a ``City, ST ZIP`` line,
an XTN without a number in component 1 is ``(860) 247-1234``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.names import typo
from phiscope.simulate.people import Address, Patient, Provider
from phiscope.simulate.truth import Val

_ESCAPES = (("\\", "\\E\\"), ("|", "\\F\\"), ("^", "\\S\\"), ("&", "\\T\\"), ("~", "\\R\\"))
#: emergency contact relation -> HL7 table 0063 code
RELATION_CODES = {"spouse": "SPO", "husband": "SPO", "wife": "SPO", "mother": "MTH", "father": "FTH",
                  "parent": "PAR", "daughter": "DAU", "son": "SON", "sister": "SIS", "brother": "BRO",
                  "friend": "FND", "child": "CHD", "grandmother": "GRP", "grandfather": "GRP"}


@dataclass(slots=True)
class Fld:
    """One field's text and the truth values in it."""

    text: str
    vals: list[Val] = field(default_factory=list)


def esc(text: str) -> str:
    """Escape the HL7 delimiters in free text."""
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def ts(d: date, rng: random.Random | None = None) -> str:
    """``YYYYMMDD`` and, with ``rng``, a time of day ``HHMM``."""
    day = d.strftime("%Y%m%d")
    return f"{day}{rng.randint(7, 18):02d}{rng.choice(('00', '15', '30', '45'))}" if rng else day


def date_field(d: date, person: str, element: str = "date", rng: random.Random | None = None) -> Fld:
    """A DT/DTM field; the truth value is the date part."""
    return Fld(ts(d, rng), [Val(element, ts(d), person)])


def xpn(person: str, family: str, given: str, middle: str = "", suffix: str = "", kind: str = "L") -> Fld:
    """``FAMILY^GIVEN^M^SUFFIX^^^L`` upper-cased; truth ``GIVEN M FAMILY SUFFIX``."""
    parts = [family.upper(), given.upper(), middle.upper(), suffix.upper()]
    shown = " ".join(p for p in (parts[1], parts[2], parts[0], parts[3]) if p)
    return Fld("^".join(parts) + f"^^^{kind}", [Val("person_name", shown, person)])


def patient_name(p: Patient, rng: random.Random, slip: float = 0.004) -> Fld:
    """PID-5: the legal name (a mistyped surname now and then) and the maiden name as a repetition."""
    last = typo(rng, p.last) if rng.random() < slip else p.last
    name = xpn(p.id, last, p.first, p.middle, p.suffix or "")
    if p.maiden_name:
        maiden = xpn(p.id, p.maiden_name, p.first, p.middle, "", "M")
        name = Fld(f"{name.text}~{maiden.text}", name.vals + maiden.vals)
    return name


def split_name(person: str, full: str) -> Fld:
    """A full name ``Jane Doe`` as XPN (the last word the family name)."""
    given, _, family = full.rpartition(" ")
    return xpn(person, family, given)


def csz(addr: Address) -> str:
    """``City, ST ZIP`` as a reader joins XAD components 3 to 5."""
    tail = " ".join(x for x in (addr.state, addr.zip) if x)
    return f"{addr.city}, {tail}" if addr.city and tail else addr.city or tail


def xad(person: str, addr: Address, kind: str = "H") -> Fld:
    """``street^unit^city^state^zip^country^type``."""
    country = "USA" if addr.country == "US" else addr.country
    parts = (addr.street, addr.unit or "", addr.city, addr.state, addr.zip, country, kind)
    return Fld("^".join(esc(x) for x in parts), [Val("street_address", addr.line1(" "), person),
                                                 Val("city_state_zip", csz(addr), person)])


def xtn(person: str, digits: str, rng: random.Random, equipment: str = "PH") -> Fld:
    """A phone: v2.5 components (area code, local number) or, in older feeds, ``(860)247-1234``."""
    if rng.random() < 0.3:
        text = f"({digits[:3]}){digits[3:6]}-{digits[6:]}"
        return Fld(f"{text}^PRN^{equipment}", [Val("phone", text, person)])
    return Fld(f"^PRN^{equipment}^^1^{digits[:3]}^{digits[3:]}",
               [Val("phone", fmt_phone(digits, "paren"), person)])


def email(person: str, address: str) -> Fld:
    """An e-mail address as XTN (use NET, equipment Internet)."""
    return Fld(f"^NET^Internet^{address}", [Val("email", address, person)])


def reps(*fields: Fld) -> Fld:
    """Repetitions of one field."""
    return Fld("~".join(f.text for f in fields), [v for f in fields for v in f.vals])


def cx(person: str, element: str, value: str, authority: str, kind: str) -> Fld:
    """``value^^^authority^type``."""
    return Fld(f"{value}^^^{authority}^{kind}", [Val(element, value, person)])


def xcn(dr: Provider) -> Fld:
    """A provider with NPI: ``npi^FAMILY^GIVEN^^^^^^NPI^L^^^NPI``."""
    return Fld(f"{dr.npi}^{dr.last.upper()}^{dr.first.upper()}^^^^{dr.credential}^^NPI^L^^^NPI",
               [Val("person_name", f"{dr.first.upper()} {dr.last.upper()}", dr.id),
                Val("npi", dr.npi, dr.id)])


def relation(p: Patient) -> str:
    """NK1-3: ``SPO^Spouse^HL70063``."""
    code = RELATION_CODES.get(p.ec_relation.lower(), "OTH")
    return f"{code}^{esc(p.ec_relation.title())}^HL70063"
