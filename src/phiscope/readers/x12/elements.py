"""Fields of the segments that describe a person: NM1/N1, N3, N4, DMG, REF, PER, HI, DTP/DTM."""

from __future__ import annotations

from phiscope.readers._record_acc import Acc
from phiscope.readers.hl7v2.datatypes import city_state_zip
from phiscope.readers.x12.segment import Emitter, Segment
from phiscope.readers.x12.tables import CARE_DATES, ICD9_DIAGNOSIS, ICD10_DIAGNOSIS, PERSON_IDS, PERSON_REFS

_PERSON_ROLES = frozenset({"patient", "subscriber", "dependent", "insured", "related_person"})
_PER_KINDS = {"TE": ("phone", "phone"), "EM": ("email", "e-mail"), "FX": ("phone", "fax"),
              "CP": ("phone", "cell phone"), "HP": ("phone", "home phone"), "WP": ("phone", "work phone")}


def is_person(acc: Acc) -> bool:
    """Whether the record is a patient/member-side person (not a provider or payer)."""
    return acc.role in _PERSON_ROLES


def name(em: Emitter, acc: Acc, seg: Segment, tag: str) -> None:
    """NM103-NM107 as ``first middle last suffix`` for a person (NM102 = 1); organisations left out."""
    if seg.el(2) != "1":
        return
    parts = (seg.el(4), seg.el(5), seg.el(3), seg.el(7))
    value = " ".join(p for p in parts if p)
    em.put(acc, seg, 3, value, "person_name", f"{tag} name", seg.start(3), seg.start(8) - seg.start(3) - 1)


def ident(em: Emitter, acc: Acc, seg: Segment, q: int, tag: str) -> None:
    """An identification code (NM108/NM109, N103/N104) typed by its qualifier."""
    qual = seg.el(q)
    value = seg.el(q + 1)
    if not value:
        return
    if qual in PERSON_IDS and (is_person(acc) or qual == "XX"):
        em.put(acc, seg, q + 1, value, PERSON_IDS[qual], f"{tag} ID ({qual})")
    elif is_person(acc) and qual:
        em.put(acc, seg, q + 1, value, None, f"{tag} ID ({qual})")


def n3(em: Emitter, acc: Acc, seg: Segment) -> None:
    """N301/N302: the street lines as one street address."""
    street = " ".join(p for p in (seg.el(1), seg.el(2)) if p)
    em.put(acc, seg, 1, street, "street_address", "address", seg.start(1), seg.start(3) - seg.start(1) - 1)


def n4(em: Emitter, acc: Acc, seg: Segment) -> None:
    """N401-N403: ``City, ST ZIP``."""
    value = city_state_zip(seg.el(1), seg.el(2), seg.el(3))
    size = seg.start(4) - seg.start(1) - 1
    em.put(acc, seg, 1, value, "city_state_zip", "city/state/ZIP", seg.start(1), size)


def dmg(em: Emitter, acc: Acc, seg: Segment) -> None:
    """DMG02: date of birth (format D8)."""
    if seg.el(1) in ("D8", ""):
        em.put(acc, seg, 2, seg.el(2), "dob", "date of birth")


def ref(em: Emitter, acc: Acc, seg: Segment) -> bool:
    """REF02 of a person identifier qualifier; False when the qualifier is not one."""
    kind = PERSON_REFS.get(seg.el(1))
    if kind is None:
        return False
    em.put(acc, seg, 2, seg.el(2), kind[0], f"{kind[1]} ({seg.el(1)})")
    return True


def per(em: Emitter, acc: Acc, seg: Segment) -> None:
    """PER03-PER08: telephone, e-mail and fax numbers."""
    for q in (3, 5, 7):
        kind = _PER_KINDS.get(seg.el(q))
        if kind:
            em.put(acc, seg, q + 1, seg.el(q + 1), kind[0], kind[1])


def hi(em: Emitter, acc: Acc, seg: Segment) -> None:
    """HI01-HI12 diagnosis codes: ICD-10-CM typed, ICD-9-CM untyped, other code lists left out."""
    for n in range(1, min(len(seg.els), 13)):
        parts = seg.comps(n)
        if len(parts) < 2 or not parts[1]:
            continue
        qual = parts[0]
        at = seg.start(n) + len(parts[0]) + 1
        if qual in ICD10_DIAGNOSIS:
            em.put(acc, seg, n, parts[1], "icd10_diagnosis", f"diagnosis ICD-10 ({qual})", at)
        elif qual in ICD9_DIAGNOSIS:
            em.put(acc, seg, n, parts[1], None, f"diagnosis ICD-9 ({qual})", at)


def care_date(em: Emitter, acc: Acc, seg: Segment) -> None:
    """DTP (qualifier, format, value) or DTM (qualifier, date) dates of care; ranges give two dates."""
    if seg.el(1) not in CARE_DATES:
        return
    n = 3 if seg.name == "DTP" else 2
    value = seg.el(n)
    label = f"date ({seg.el(1)})"
    if seg.name == "DTP" and seg.el(2) == "RD8" and "-" in value:
        first, second = value.split("-", 1)
        em.put(acc, seg, n, first, "date", label, seg.start(n), len(first))
        em.put(acc, seg, n, second, "date", label, seg.start(n) + len(first) + 1, len(second))
    else:
        em.put(acc, seg, n, value, "date", label)
