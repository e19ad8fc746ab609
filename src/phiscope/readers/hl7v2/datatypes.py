"""HL7 data types (XPN, XCN, XAD, XTN, CX, DLN, DTM) turned into typed record fields."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from phiscope.model import Location, RecordField
from phiscope.readers._record_acc import Acc, Labels
from phiscope.readers.hl7v2.segment import Segment, comp, comp_offset

#: HL7 table 0203 identifier type → phiscope element ("medicare": MBI or HICN by shape)
ID_TYPES: dict[str, str | None] = {
    "MR": "mrn", "MRN": "mrn", "PI": "mrn", "PT": "mrn", "PN": "mrn",
    "SS": "ssn", "SSN": "ssn", "DL": "drivers_license", "PPN": "passport",
    "MA": "medicaid_id", "MC": "medicare", "MCN": None, "MB": "health_plan_member_id",
    "SN": "health_plan_member_id", "NPI": "npi", "DEA": "dea", "BA": "bank_account", "BC": "payment_card",
}
_HICN = re.compile(r"\d{9}[A-Z][A-Z0-9]?")
_EMAIL_EQUIPMENT = {"INTERNET", "X.400"}


def medicare_element(value: str) -> str:
    """``medicare_hicn`` for the legacy SSN-based layout, else ``medicare_mbi``."""
    compact = value.replace("-", "").replace(" ", "").upper()
    return "medicare_hicn" if _HICN.fullmatch(compact) else "medicare_mbi"


@dataclass(frozen=True, slots=True)
class Emitter:
    """Makes the RecordFields of one document (all share its display path)."""

    path: str
    #: the (column, full label) of each field kind, built once per document
    _labels: Labels = field(default_factory=Labels, compare=False, repr=False)

    def put(self, acc: Acc, seg: Segment, n: int, value: str, element: str | None, label: str,
            offset: int, length: int) -> None:
        """Add one field to ``acc`` (blank values are left out)."""
        value = value.strip()
        if not value:
            return
        if element == "medicare":
            element = medicare_element(value)
        names = self._labels.get(seg.name, n, label, f"{seg.name}-{n}")
        loc = Location(self.path, line=seg.line, column=names[0], offset=offset, length=length)
        acc.fields.append(RecordField(value, loc, element, names[1]))


def person_name(seg: Segment, comps: list[str], first: int) -> str:
    """``given middle family suffix`` from XPN (first=0) or XCN (first=1) components."""
    d = seg.d
    fam_parts = d.split(comp(comps, first), d.subcomponent)
    family = fam_parts[0] or " ".join(p for p in fam_parts[1:] if p)
    parts = (comp(comps, first + 1), comp(comps, first + 2), family, comp(comps, first + 3))
    return " ".join(t for t in (d.flat(p) for p in parts) if t)


def xpn(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """Names: one field per repetition."""
    for rep, off in seg.reps(n):
        name = person_name(seg, seg.comps(rep), 0)
        em.put(acc, seg, n, name, element or "person_name", label, off, len(rep))


def _street(seg: Segment, comps: list[str]) -> str:
    parts = seg.d.split(comp(comps, 0), seg.d.subcomponent)
    street = seg.d.unescape(parts[0]).strip()
    for p in (seg.d.unescape(x).strip() for x in parts[1:]):
        if p and p not in street:
            street = f"{street} {p}".strip()
    other = seg.text(comp(comps, 1))
    return f"{street} {other}".strip() if other else street


def city_state_zip(city: str, state: str, zip_code: str) -> str:
    """``City, ST 12345`` from whichever parts are present ("" without a city or ZIP)."""
    if not city and not zip_code:
        return ""
    tail = " ".join(p for p in (state, zip_code) if p)
    return f"{city}, {tail}" if city and tail else city or tail


def xad(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """Addresses: street line(s) and ``City, ST ZIP`` as two fields per repetition."""
    for rep, off in seg.reps(n):
        c = seg.comps(rep)
        em.put(acc, seg, n, _street(seg, c), "street_address", f"{label} street", off,
               len(comp(c, 0)) + (len(comp(c, 1)) + 1 if comp(c, 1) else 0))
        csz = city_state_zip(*(seg.text(comp(c, i)) for i in (2, 3, 4)))
        start = comp_offset(c, 2)
        em.put(acc, seg, n, csz, "city_state_zip", f"{label} city/state/ZIP", off + start,
               max(0, comp_offset(c, 5) - start - 1))


def _phone(seg: Segment, c: list[str]) -> str:
    number = seg.text(comp(c, 0)) or seg.text(comp(c, 11))
    if number:
        return number
    area, local, ext = (seg.text(comp(c, i)) for i in (5, 6, 7))
    if len(local) == 7 and local.isdigit():
        local = f"{local[:3]}-{local[3:]}"
    if not local:
        return ""
    country = seg.text(comp(c, 4))
    text = f"({area}) {local}" if area else local
    text = f"+{country.lstrip('+')} {text}" if country and country not in ("1", "+1") else text
    return f"{text} x{ext}" if ext else text


def xtn(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """Telecoms: e-mail for ``NET``/``Internet`` entries (or an address with @), else phone."""
    for rep, off in seg.reps(n):
        c = seg.comps(rep)
        use, equip, email = comp(c, 1).upper(), comp(c, 2).upper(), seg.text(comp(c, 3))
        if use == "NET" or equip in _EMAIL_EQUIPMENT:
            address = email or seg.text(comp(c, 0))
            at = comp_offset(c, 3) if email else 0
            size = len(comp(c, 3 if email else 0))
            em.put(acc, seg, n, address, "email", f"{label} e-mail", off + at, size)
            continue
        kind = "fax" if equip == "FX" else "phone"
        em.put(acc, seg, n, _phone(seg, c), "phone", f"{label} {kind}", off, len(rep))
        if "@" in email:
            em.put(acc, seg, n, email, "email", f"{label} e-mail", off + comp_offset(c, 3), len(comp(c, 3)))


def cx(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """Identifiers typed by CX.5 (``element`` when CX.5 is empty; unknown types untyped)."""
    for rep, off in seg.reps(n):
        c = seg.comps(rep)
        kind = seg.text(comp(c, 4)).upper()
        typed = ID_TYPES.get(kind) if kind else element
        name = f"{label} ({kind})" if kind else label
        em.put(acc, seg, n, seg.text(comp(c, 0)), typed, name, off, len(comp(c, 0)))


def dtm(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """A date/time: the date part (``YYYYMMDD``) of the first repetition's first component."""
    for rep, off in seg.reps(n):
        value = seg.text(comp(seg.comps(rep), 0))
        if len(value) > 8 and value[:8].isdigit():
            value = value[:8]
        em.put(acc, seg, n, value, element or "date", label, off, len(value))
        return


def st(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """A simple value (first component of each repetition) of a known element."""
    for rep, off in seg.reps(n):
        first = comp(seg.comps(rep), 0)
        em.put(acc, seg, n, seg.text(first), element, label, off, len(first))


def text(em: Emitter, acc: Acc, seg: Segment, n: int, element: str | None, label: str) -> None:
    """Free text: each repetition flattened, scanned by every detector."""
    for rep, off in seg.reps(n):
        em.put(acc, seg, n, seg.text(rep), element, label, off, len(rep))


Kind = Callable[[Emitter, Acc, Segment, int, "str | None", str], None]
#: a segment's field table: (field number, data type, element, label)
Spec = tuple[int, Kind, "str | None", str]


def apply(specs: tuple[Spec, ...], em: Emitter, acc: Acc, seg: Segment) -> None:
    """Add the fields a table names."""
    nf = len(seg.fields)
    for n, kind, element, label in specs:
        if n < nf and seg.fields[n]:
            kind(em, acc, seg, n, element, label)
