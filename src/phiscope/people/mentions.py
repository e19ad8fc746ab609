"""Person mentions: the findings the scanner produced, grouped by the person they are about.

The rule, in order:

1. **JSON** (a finding with a ``json_path`` inside an array): the findings
   under one element of the outermost array (``$.patients[38]``, its nested
   encounters included) are one mention; JSON lines use their row key; other
   JSON findings of a document are one mention.
2. **Table rows and structured records** (a ``row_key``; records, which carry
   a ``role``, are grouped before the JSON rule): the findings sharing it are
   one mention (``kind`` ``row``, or ``record`` with the record's ``role`` for
   HL7/X12/C-CDA/FHIR). Grouping
   confidence 1.0. Records of providers and payers are not mentions (business
   contacts, not people whose data was exposed).
3. **Free text** (no ``row_key``): the document's subject names are its
   ``person_name`` findings that are not providers; names with the same first
   and last name (or a last name alone equal to one of them) are one person.

   * one subject -> one mention holding all the document's findings
     (confidence 0.9);
   * several subjects -> each finding goes to the nearest subject name (page,
     then line distance; the preceding name wins ties) (confidence 0.6);
   * no subject: if no identity element (DOB, SSN, MRN, phone, e-mail) has two
     distinct values, one mention (confidence 0.5); else each line holding
     identity values starts a segment and other findings join the nearest
     segment (confidence 0.5; a list of patients in an e-mail).

In every mention, findings about someone else (providers, emergency contacts:
see ``identity.is_other_person``) are context, not identity.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from phiscope.people.identity import Identity, build_identity, is_other_person
from phiscope.people.normalize import split_name
from phiscope.people.shared import shared_values, value_key

Finding = Mapping[str, Any]

_TOP_RECORD = re.compile(r"^(\$[^\[]*\[\d+\])")
_IDENTITY_ELEMENTS = ("dob", "ssn", "mrn", "phone", "email")
CONF_TABLE, CONF_ONE, CONF_NEAREST, CONF_NO_NAME = 1.0, 0.9, 0.6, 0.5


@dataclass(slots=True)
class Mention:
    """One person mention: its own findings, co-located context findings and their identity."""

    mention_id: str
    doc_sha: str
    path: str
    kind: str  # row | record | json | document | nearest-name | line-segment
    role: str | None
    confidence: float
    finding_ids: list[str]
    context_ids: list[str]
    elements: list[str]
    identity: Identity
    key: str = ""  # the grouping key: row key, JSON record, text part (``record_group`` reads it)


def _position(f: Finding) -> int:
    line = f.get("line")
    pos = int(line) if line is not None else int(f.get("offset") or 0) // 80
    return int(f.get("page") or 0) * 1_000_000 + pos


def _group_key(f: Finding) -> tuple[str, str]:
    # a structured record (FHIR JSON/NDJSON, HL7, X12, C-CDA) groups by its key first: a JSON
    # path such as ``$.telecom[0]`` names a place inside one resource, not a record of the file
    if f.get("row_key") is not None and f.get("role"):
        return "record", str(f["row_key"])
    m = _TOP_RECORD.match(str(f.get("json_path") or ""))
    if m:
        return "json", m.group(1)
    if f.get("row_key") is not None:
        return "row", str(f["row_key"])
    return ("json", "") if f.get("json_path") else ("text", _message(f))


def _message(f: Finding) -> str:
    """The e-mail message a text finding is in (``msg17`` of an mbox part ``msg17/2``), else ""."""
    part = str(f.get("mime_part") or "")
    return part.split("/", 1)[0] if part.startswith("msg") and "/" in part else ""


def _is_header(f: Finding) -> bool:
    """An address header's finding (From, To, Cc...; the Subject is read with the body)."""
    return str(f.get("mime_part") or "").endswith("headers") and f.get("column") != "Subject"


def build_mentions(findings: Iterable[Finding]) -> list[Mention]:
    """Every person mention of the findings (with raw ``value``), in a stable order."""
    groups: dict[tuple[str, str, str], list[Finding]] = {}
    for f in findings:
        kind, key = _group_key(f)
        groups.setdefault((str(f["doc_sha"]), kind, key), []).append(f)
    shared = shared_values(fs for (_, kind, _), fs in groups.items() if kind == "text")
    out: list[Mention] = []
    for (doc, kind, key), fs in sorted(groups.items(), key=lambda kv: kv[0]):
        fs.sort(key=lambda f: (_position(f), str(f["finding_id"])))
        if kind == "text":
            own = [f for f in fs if value_key(f) not in shared] if shared else fs
            org = [f for f in fs if value_key(f) in shared] if shared else []
            for n, (sub_kind, conf, part) in enumerate(split_message(own)):
                mkey = f"text:{key}:{n}" if key else f"text:{n}"
                out.append(_mention(doc, sub_kind, mkey, conf, part, org if n == 0 else ()))
        elif not _business_record(fs):
            out.append(_mention(doc, kind, key, CONF_TABLE, fs))
    return [m for m in out if m.identity.has_identity()]


#: record roles whose people are the entity's business contacts (the treating provider, the
#: payer), not individuals whose data was exposed: their records are not mentions
BUSINESS_ROLES = frozenset({"provider", "payer"})


def _business_record(fs: Sequence[Finding]) -> bool:
    roles = {f.get("role") for f in fs}
    return bool(roles) and roles <= BUSINESS_ROLES


def _mention(doc: str, kind: str, key: str, conf: float, fs: Sequence[Finding],
             shared: Sequence[Finding] = ()) -> Mention:
    """One mention; ``shared``: the document's organisation values (letterhead), context only."""
    own = [f for f in fs if not is_other_person(f)]
    context = [f for f in fs if is_other_person(f)] + list(shared)
    roles = sorted({str(f["role"]) for f in fs if f.get("role")})
    mid = hashlib.sha256(f"{doc}\x1f{kind}\x1f{key}".encode()).hexdigest()[:20]
    return Mention(mid, doc, str(fs[0]["path"]), kind, roles[0] if roles else None, conf,
                   [str(f["finding_id"]) for f in own], [str(f["finding_id"]) for f in context],
                   sorted({str(f["element"]) for f in [*fs, *shared]}), build_identity(own), key)


def _subjects(fs: Sequence[Finding]) -> list[tuple[int, int]]:
    """(position, person index) of each subject name; persons by (first, last), last-only folded in."""
    names = [(f, split_name(str(f.get("value") or ""))) for f in fs
             if f["element"] == "person_name" and not is_other_person(f)]
    people: list[tuple[str | None, str | None]] = []
    for _, parts in names:
        key = (parts.first, parts.last)
        if parts.first and parts.last and key not in people:
            people.append(key)
    anchors: list[tuple[int, int]] = []
    for f, parts in names:
        idx = next((i for i, (first, last) in enumerate(people)
                    if last == parts.last and (parts.first in (None, first))), None)
        if idx is None:
            people.append((parts.first, parts.last))
            idx = len(people) - 1
        anchors.append((_position(f), idx))
    return anchors


def split_message(fs: Sequence[Finding]) -> list[tuple[str, float, list[Finding]]]:
    """``split_text`` for the body; an e-mail's header addresses (From, To, Cc) are people of their
    own (staff, correspondents), except an address whose local part holds the surname of exactly
    one of the body's people (``kandersen@`` of the signature "Kelly Andersen"): it joins that one."""
    head = [f for f in fs if _is_header(f)]
    parts = split_text([f for f in fs if not _is_header(f)]) if len(head) < len(fs) else []
    if not head:
        return parts
    surnames = [{split_name(str(f.get("value") or "")).last for f in part
                 if f["element"] == "person_name" and not is_other_person(f)} - {None}
                for _, _, part in parts]
    for seg in _header_segments(head):
        local = "".join(ch for ch in _local_part(seg) if ch.isalpha())
        owners = [i for i, names in enumerate(surnames)
                  if any(n and len(n) >= 3 and n in local for n in names)]
        if len(owners) == 1:
            parts[owners[0]][2].extend(seg)
        else:
            parts.append(("header", CONF_NEAREST, seg))
    return parts


def _header_segments(head: Sequence[Finding]) -> list[list[Finding]]:
    """One segment per address of the headers: each e-mail finding with the findings of the same
    header before it since the previous address (a display name)."""
    segs: list[list[Finding]] = []
    pending: list[Finding] = []
    for f in sorted(head, key=lambda f: (str(f.get("column") or ""), int(f.get("offset") or 0))):
        pending.append(f)
        if f["element"] == "email":
            segs.append(pending)
            pending = []
    if pending:
        segs.append(pending)
    return segs


def _local_part(seg: Sequence[Finding]) -> str:
    emails = [str(f.get("value") or "") for f in seg if f["element"] == "email"]
    return emails[0].partition("@")[0].lower() if emails else ""


def split_text(fs: Sequence[Finding]) -> list[tuple[str, float, list[Finding]]]:
    """A free-text document's findings as (kind, grouping confidence, findings) per mention."""
    anchors = _subjects(fs)
    people = {idx for _, idx in anchors}
    if len(people) == 1:
        return [("document", CONF_ONE, list(fs))]
    if len(people) > 1:
        return _nearest(fs, anchors, "nearest-name", CONF_NEAREST)
    distinct = {(f["element"], f.get("value")) for f in fs if f["element"] in _IDENTITY_ELEMENTS}
    if len({el for el, _ in distinct}) == len(distinct):
        return [("document", CONF_NO_NAME, list(fs))]
    lines = sorted({_position(f) for f in fs if f["element"] in _IDENTITY_ELEMENTS})
    return _nearest(fs, [(p, i) for i, p in enumerate(lines)], "line-segment", CONF_NO_NAME)


def _nearest(fs: Sequence[Finding], anchors: list[tuple[int, int]], kind: str,
             conf: float) -> list[tuple[str, float, list[Finding]]]:
    parts: dict[int, list[Finding]] = {}
    for f in fs:
        pos = _position(f)
        _, idx = min(anchors, key=lambda a: (abs(a[0] - pos), a[0] > pos))
        parts.setdefault(idx, []).append(f)
    return [(kind, conf, parts[i]) for i in sorted(parts)]
