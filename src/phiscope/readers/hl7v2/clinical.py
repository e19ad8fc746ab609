"""Clinical and provider segments: PV1, DG1, PR1, OBR, ORC, OBX, NTE, RXE, RXA, ROL, PRT, PD1, Z*."""

from __future__ import annotations

from typing import TYPE_CHECKING

from phiscope.readers.hl7v2.datatypes import ID_TYPES, Spec, apply, cx, dtm, person_name, text
from phiscope.readers.hl7v2.encapsulated import encapsulated
from phiscope.readers.hl7v2.persons import gt1, in1, in2, mrg, nk1, pid
from phiscope.readers.hl7v2.segment import Segment, comp, comp_offset

if TYPE_CHECKING:
    from phiscope.readers.hl7v2.message import Handler, MessageBuilder

_ICD10 = frozenset({"I10", "I10C", "ICD10", "ICD10CM", "2.16.840.1.113883.6.90"})
_ICD9 = frozenset({"I9", "I9C", "I9CDX", "ICD9", "ICD9CM", "2.16.840.1.113883.6.103"})
_TEXT_VALUES = frozenset({"", "TX", "ST", "FT", "RP", "XPN", "XAD", "XTN", "CX", "XCN"})
_DATE_VALUES = frozenset({"DT", "DTM", "TS"})

PV1: tuple[Spec, ...] = (
    (19, cx, None, "visit number"), (44, dtm, "date", "admit date"), (45, dtm, "date", "discharge date"),
)
PROVIDERS: dict[str, tuple[tuple[int, str], ...]] = {
    "PV1": ((7, "attending doctor"), (8, "referring doctor"), (9, "consulting doctor"),
            (17, "admitting doctor"), (52, "other healthcare provider")),
    "PD1": ((4, "primary care provider"),), "OBR": ((16, "ordering provider"),),
    "ORC": ((12, "ordering provider"),), "RXA": ((10, "administering provider"),),
    "ROL": ((4, "role person"),), "PRT": ((5, "participation person"),),
}
PATIENT_FACTS: dict[str, tuple[Spec, ...]] = {
    "PV1": PV1,
    "PR1": ((5, dtm, "date", "procedure date"),),
    "OBR": ((7, dtm, "date", "observation date"), (13, text, None, "relevant clinical information")),
    "NTE": ((3, text, None, "comment"),),
    "RXE": ((7, text, None, "administration instructions"),),
    "RXA": ((3, dtm, "date", "administration date"),),
}


def providers(b: MessageBuilder, seg: Segment) -> None:
    """XCN fields: one provider record per distinct person in the message, NPI typed."""
    for n, label in PROVIDERS[seg.name]:
        for rep, off in seg.reps(n):
            if rep in b.seen_providers:
                continue
            b.seen_providers.add(rep)
            c = seg.comps(rep)
            acc = b.new(f"{seg.name}-{n}", "provider")
            b.em.put(acc, seg, n, person_name(seg, c, 1), "person_name", f"{label} name", off, len(rep))
            kind = seg.text(comp(c, 12)).upper()
            authority = seg.text(seg.d.split(comp(c, 8), seg.d.subcomponent)[0]).upper()
            element = "npi" if "NPI" in (kind, authority) else ID_TYPES.get(kind) if kind == "DEA" else None
            if element:
                b.em.put(acc, seg, n, seg.text(comp(c, 0)), element, f"{label} ID ({kind or authority})",
                         off, len(comp(c, 0)))


def facts(b: MessageBuilder, seg: Segment) -> None:
    """Dates of care and free text of the current patient; providers of the segment."""
    specs = PATIENT_FACTS.get(seg.name)
    if specs:
        apply(specs, b.em, b.patient(), seg)
    if seg.name in PROVIDERS:
        providers(b, seg)


def dg1(b: MessageBuilder, seg: Segment) -> None:
    """DG1-3 diagnosis codes: ICD-10 typed, ICD-9 untyped, other code systems left out."""
    acc = b.patient()
    legacy = seg.text(seg.field(2)).upper().replace("-", "")
    for rep, off in seg.reps(3):
        c = seg.comps(rep)
        for i in (0, 3):
            code = seg.text(comp(c, i))
            system = seg.text(comp(c, i + 2)).upper().replace("-", "") or legacy
            if code and system in _ICD10:
                b.em.put(acc, seg, 3, code, "icd10_diagnosis", "diagnosis (ICD-10)",
                         off + comp_offset(c, i), len(comp(c, i)))
            elif code and system in _ICD9:
                b.em.put(acc, seg, 3, code, None, "diagnosis (ICD-9)", off + comp_offset(c, i),
                         len(comp(c, i)))
    dtm(b.em, acc, seg, 5, "date", "diagnosis date")


def obx(b: MessageBuilder, seg: Segment) -> None:
    """OBX-5: text values untyped (labelled with OBX-3), dates typed, ED payloads as children."""
    kind = seg.text(seg.field(2)).upper()
    if kind == "ED":
        encapsulated(b, seg)
        return
    c = seg.comps(seg.field(3))
    label = f"observation value {seg.text(comp(c, 1)) or seg.text(comp(c, 0))}".strip()[:80]
    if kind in _TEXT_VALUES:
        text(b.em, b.patient(), seg, 5, None, label)
    elif kind in _DATE_VALUES:
        dtm(b.em, b.patient(), seg, 5, "date", label)


def z_segment(b: MessageBuilder, seg: Segment) -> None:
    """Locally defined segments: every field as free text of the current patient."""
    acc = b.patient()
    for n in range(1, len(seg.fields)):
        if seg.fields[n]:
            text(b.em, acc, seg, n, None, "custom field")


HANDLERS: dict[str, Handler] = {
    **{name: facts for name in (*PROVIDERS, *PATIENT_FACTS)},
    "DG1": dg1, "OBX": obx, "PID": pid, "MRG": mrg, "NK1": nk1, "GT1": gt1, "IN1": in1, "IN2": in2,
}
