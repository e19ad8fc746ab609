"""Mentions that can never be one person because of where they were read.

A structured record names its patient and, beside them, people who are by definition someone
else: the next of kin of an HL7 message (NK1), the mother of PID-6, a guarantor's spouse (GT1),
a C-CDA document's guardians and participants, the mother named in a DICOM header. Whatever their
names, phones or addresses share (a father and son both called Rubén Johnson on one phone line),
the patient and such a person of the same message or document are two people: a cannot-link pair,
honoured by the clustering like a reviewer's decision. So are a table row's subject and the
emergency contact its columns name (``mentions.contact_mention``).

The group is the HL7 message (``msg3`` of the record key ``msg3/NK1``), the FHIR Patient
resource (``Patient/p1`` and its ``Patient/p1/contact[0]``) or, for other formats, the
document; a group with more than one patient (an X12 file of many claims) gives no pairs, since
there a next of kin of one patient may be another patient.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from phiscope.people.identity import CONTACT_ROLES
from phiscope.people.place import Placed

_HL7_MESSAGE = re.compile(r"^msg\d+(?=/)")
_FHIR_PATIENT = re.compile(r"^Patient/[^/]+(?=/contact\[\d+\]$|$)")


def record_group(m: Placed) -> tuple[str, str] | None:
    """(document, message) a record mention belongs to, (document, row) for a table row and the
    emergency contact it names; None for free text."""
    if m.kind == "row":
        return m.doc_sha, m.key.split("#", 1)[0]
    if m.kind != "record":
        return None
    path = m.key.split(":", 1)[-1]
    msg = _HL7_MESSAGE.match(path) or _FHIR_PATIENT.match(path)
    return m.doc_sha, msg.group(0) if msg else ""


def structural_cannot(mentions: Sequence[Placed]) -> list[tuple[str, str]]:
    """Cannot-link pairs (smaller id first): each group's one patient and its related people."""
    groups: dict[tuple[str, str], list[Placed]] = {}
    for m in mentions:
        g = record_group(m)
        if g is not None:
            groups.setdefault(g, []).append(m)
    out: list[tuple[str, str]] = []
    for ms in groups.values():
        patients = [m for m in ms if m.role == "patient" or (m.kind == "row" and m.role is None)]
        if len(patients) != 1:
            continue
        p = patients[0].mention_id
        out += [(min(p, m.mention_id), max(p, m.mention_id)) for m in ms if m.role in CONTACT_ROLES]
    return sorted(set(out))
