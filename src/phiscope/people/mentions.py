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
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from phiscope.people.identity import IDENTITY_ELEMENTS, Identity, build_identity, is_other_person
from phiscope.people.shared import shared_values, value_key
from phiscope.people.text_split import (
    CONF_NEAREST,
    CONF_NO_NAME,
    CONF_ONE,
    organisation_addresses,
    position,
    split_message,
)

__all__ = ["CONF_NEAREST", "CONF_NO_NAME", "CONF_ONE", "CONF_TABLE", "ID_SEP", "Handed", "Mention",
           "MentionBuilder", "build_mentions", "new_mention", "pack_ids", "unpack_ids"]

Finding = Mapping[str, Any]

_TOP_RECORD = re.compile(r"^(\$[^\[]*\[\d+\])")
CONF_TABLE = 1.0


#: separator of the finding ids packed into one string (ids are hex digests or other printable text)
ID_SEP = "\x1f"


@dataclass(slots=True)
class Mention:
    """One person mention: its own findings, co-located context findings and their identity.

    A large case has millions of mentions, so a mention is kept small: its finding ids are packed
    into one string each (``finding_ids``/``context_ids`` unpack them), its element list is a tuple
    shared by every mention with the same elements, and the strings many mentions repeat (document,
    path, kind, role) are interned. Build one with ``new_mention``."""

    mention_id: str
    doc_sha: str
    path: str
    kind: str  # row | record | json | document | nearest-name | line-segment
    role: str | None
    confidence: float
    packed_findings: str  # the ids of its own findings, ``ID_SEP``-joined
    packed_context: str  # the ids of its context findings, ``ID_SEP``-joined
    elements: tuple[str, ...]
    identity: Identity
    key: str = ""  # the grouping key: row key, JSON record, text part (``record_group`` reads it)
    rows: tuple[str, ...] = ()  # the row keys of its own findings (key joins: which rows are whose)

    @property
    def finding_ids(self) -> list[str]:
        """The ids of the mention's own findings."""
        return unpack_ids(self.packed_findings)

    @property
    def context_ids(self) -> list[str]:
        """The ids of its context findings (someone else's: a provider, a contact)."""
        return unpack_ids(self.packed_context)


def pack_ids(ids: Iterable[str]) -> str:
    """Finding ids as one string (``unpack_ids`` reverses it)."""
    return ID_SEP.join(ids)


def unpack_ids(packed: str) -> list[str]:
    """The finding ids ``pack_ids`` packed."""
    return packed.split(ID_SEP) if packed else []


@lru_cache(maxsize=4096)
def _elements(names: frozenset[str]) -> tuple[str, ...]:
    """One shared, sorted tuple per set of element names."""
    return tuple(sorted(sys.intern(n) for n in names))


def interned(text: str | None) -> str | None:
    """One shared object per distinct string (documents, paths, kinds, roles held by millions)."""
    return None if text is None else sys.intern(text)


def new_mention(mention_id: str, doc: str, path: str, kind: str, role: str | None, confidence: float,
                finding_ids: Iterable[str], context_ids: Iterable[str], elements: Iterable[str],
                identity: Identity, key: str = "", rows: tuple[str, ...] = ()) -> Mention:
    """A compact ``Mention`` (ids packed, element tuple shared, repeated strings interned)."""
    return Mention(mention_id, sys.intern(doc), sys.intern(path), sys.intern(kind), interned(role),
                   confidence, pack_ids(finding_ids), pack_ids(context_ids),
                   _elements(frozenset(elements)), identity, key, (key,) if rows == (key,) else rows)


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


#: a finding of a row that became no mention, as key joins need it: (finding id, element, path)
Loose = tuple[str, str, str]
GroupKey = tuple[str, str, str]  # (document, kind, key)
#: where a finished mention goes: its place in the final order ((document, kind, key), part) and itself
Sink = Callable[[tuple[GroupKey, int], "Mention"], None]
#: grouping kinds complete when the row key changes
_ROW_KINDS = frozenset({"row", "record"})


@dataclass
class Handed:
    """What a ``MentionBuilder`` hands over (``hand_over``): its free-text groups, which wait for the
    values shared across all documents, the loose findings of its rows and the findings it saw."""

    text: dict[GroupKey, list[Finding]]
    loose: dict[tuple[str, str], list[Loose]]
    findings: int


class MentionBuilder:
    """Mentions built while findings stream in ordered by document, then row key (``add``), so a
    case's findings are never all in memory: a table row or record is complete when the row key
    changes, JSON records when the document does. Free-text groups wait for ``finish``, where the
    values shared across documents (``shared``) are known. ``loose`` keeps the findings of rows that
    made no mention (a ``conditions.csv`` row: codes and dates, no identity) for the key joins.
    With a ``sink`` each finished mention goes there (with its place in the order ``finish`` would
    give) instead of staying in memory."""

    def __init__(self, sink: Sink | None = None) -> None:
        self.findings = 0
        self.worker_peak_kib = 0  # set by ``build.build_into`` when worker processes built parts
        self._sink = sink
        self.loose: dict[tuple[str, str], list[Loose]] = {}
        self._done: list[tuple[GroupKey, int, Mention]] = []
        self._text: dict[GroupKey, list[Finding]] = {}
        self._rows: dict[GroupKey, list[Finding]] = {}  # open table rows and records
        self._open: dict[GroupKey, list[Finding]] = {}  # other open groups of the document (JSON)
        self._doc: str | None = None
        self._row: str | None = None

    def add(self, f: Finding) -> None:
        """One more finding (with raw ``value``), in (document, row key) order."""
        self.findings += 1
        doc, row = str(f["doc_sha"]), f.get("row_key")
        if doc != self._doc:
            self._close(rows_only=False)
            self._doc = doc
        elif row != self._row:
            self._close(rows_only=True)
        self._row = row
        kind, key = _group_key(f)
        groups = self._text if kind == "text" else self._rows if kind in _ROW_KINDS else self._open
        groups.setdefault((doc, kind, key), []).append(f)

    def hand_over(self) -> Handed:
        """Close every open table row, record and JSON group (their mentions go out as usual) and hand
        over what waits for ``finish``: the free-text groups, the loose findings and the count of
        findings seen. A builder fed a part of a case's documents (in another process) hands them to
        the builder that finishes the case (``adopt``)."""
        self._close(rows_only=False)
        self._doc = self._row = None
        handed = Handed(self._text, self.loose, self.findings)
        self._text, self.loose, self.findings = {}, {}, 0
        return handed

    def adopt(self, handed: Handed) -> None:
        """Take over what a builder fed other documents handed over (``hand_over``)."""
        self._text.update(handed.text)
        self.loose.update(handed.loose)
        self.findings += handed.findings

    def finish(self) -> list[Mention]:
        """Every mention with identity, in (document, kind, key) order (none when a sink took them)."""
        self._close(rows_only=False)
        shared = shared_values(self._text.values())
        for (doc, kind, key), fs in self._text.items():
            fs.sort(key=_order)
            org = _organisation_values(fs, shared) if shared else []
            taken = {id(g) for g in org}
            own = [f for f in fs if id(f) not in taken] if org else fs
            for n, (sub_kind, conf, part) in enumerate(split_message(own)):
                mkey = f"text:{key}:{n}" if key else f"text:{n}"
                m = _mention(doc, sub_kind, mkey, conf, part, org if n == 0 else ())
                if m.identity.has_identity():
                    self._emit((doc, kind, key), n, m)
        self._text.clear()
        self._done.sort(key=lambda d: (d[0], d[1]))
        return [m for _, _, m in self._done]

    def _emit(self, gk: GroupKey, n: int, m: Mention) -> None:
        if self._sink is None:
            self._done.append((gk, n, m))
        else:
            self._sink((gk, n), m)

    def _close(self, rows_only: bool) -> None:
        for groups in (self._rows,) if rows_only else (self._rows, self._open):
            for gk, fs in groups.items():
                self._group(gk, fs)
            groups.clear()

    def _group(self, gk: GroupKey, fs: list[Finding]) -> None:
        doc, kind, key = gk
        fs.sort(key=_order)
        # a row of codes and dates (``conditions.csv``): no identity, whoever's findings they are
        skip = _business_record(fs) or not _may_identify(fs)
        m = None if skip else _mention(doc, kind, key, CONF_TABLE, fs)
        if m is not None and m.identity.has_identity():
            self._emit(gk, 0, m)
            contact = contact_mention(doc, key, fs) if kind == "row" else None
            if contact is not None:
                self._emit(gk, 1, contact)
            return
        # kept until the key joins, millions of them: a document's sha and path and the element
        # names are one string object each, not one per finding
        for f in fs:
            if f.get("row_key") is not None:
                self.loose.setdefault((sys.intern(doc), str(f["row_key"])), []).append(
                    (str(f["finding_id"]), sys.intern(str(f["element"])), sys.intern(str(f["path"]))))


#: columns of a row that name the subject's emergency contact or relative (a person of their own)
CONTACT_COLUMN = re.compile(r"(?i)(emerg|contact|\bec\b|^ec[ _]|kin\b|\bnok\b|guardian|spouse|parent|"
                            r"mother|father|relative|caregiver)")
CONTACT_ELEMENTS = frozenset({"person_name", "phone", "email", "street_address", "city_state_zip"})


def contact_mention(doc: str, key: str, fs: Sequence[Finding]) -> Mention | None:
    """The emergency contact a table row names ("Emergency Contact", "EC Phone"): a mention of its
    own (role ``emergency_contact``) holding those findings, when it has a name. The row's subject
    keeps them as context; ``constraints`` keeps the two apart."""
    own = [f for f in fs if f["element"] in CONTACT_ELEMENTS and contact_column(f.get("column"))]
    if not any(f["element"] == "person_name" for f in own):
        return None
    mkey = f"{key}#contact"
    return new_mention(mention_id(doc, "row", mkey), doc, str(own[0]["path"]), "row", "emergency_contact",
                       CONF_TABLE, [str(f["finding_id"]) for f in own], [],
                       {str(f["element"]) for f in own}, build_identity(own), mkey, ())


@lru_cache(maxsize=4096)
def contact_column(column: str | None) -> bool:
    """Whether a column header names an emergency contact or relative (a table's few headers recur
    in every row)."""
    return CONTACT_COLUMN.search(str(column or "")) is not None


def mention_id(doc: str, kind: str, key: str) -> str:
    """The stable id of a mention: its document, kind and grouping key hashed (interned: the
    millions of pairs that name it share this one string)."""
    return sys.intern(hashlib.sha256(f"{doc}\x1f{kind}\x1f{key}".encode()).hexdigest()[:20])


def _order(f: Finding) -> tuple[int, str]:
    return position(f), str(f["finding_id"])


def stream_order(f: Finding) -> tuple[str, bool, str]:
    """The order ``MentionBuilder.add`` wants: document, then row key (rows without one last)."""
    return str(f["doc_sha"]), f.get("row_key") is None, str(f.get("row_key") or "")


def build_mentions(findings: Iterable[Finding]) -> list[Mention]:
    """Every person mention of the findings (with raw ``value``, any order), in a stable order."""
    return builder_of(findings).finish()


def builder_of(findings: Iterable[Finding]) -> MentionBuilder:
    """A builder fed with ``findings`` (sorted here into the order it wants)."""
    b = MentionBuilder()
    for f in sorted(findings, key=stream_order):
        b.add(f)
    return b


#: record roles whose people are the entity's business contacts (the treating provider, the
#: payer), not individuals whose data was exposed: their records are not mentions
BUSINESS_ROLES = frozenset({"provider", "payer"})


def _organisation_values(fs: Sequence[Finding], shared: frozenset[tuple[str, str]]) -> list[Finding]:
    """A free-text unit's organisation values: shared contact values and the header addresses
    (display names included) they are in."""
    heads = {id(f) for f in organisation_addresses(fs, lambda f: value_key(f) in shared)}
    return [f for f in fs if id(f) in heads or value_key(f) in shared]


def _may_identify(fs: Sequence[Finding]) -> bool:
    """Whether a mention of ``fs`` can have an identity (``Identity.has_identity``): only a finding of
    an identity element with a value gives one; most rows of a clinical export hold none."""
    return any(f["element"] in IDENTITY_ELEMENTS and f.get("value") for f in fs)


def _business_record(fs: Sequence[Finding]) -> bool:
    roles = {f.get("role") for f in fs}
    return bool(roles) and roles <= BUSINESS_ROLES


def _mention(doc: str, kind: str, key: str, conf: float, fs: Sequence[Finding],
             shared: Sequence[Finding] = ()) -> Mention:
    """One mention; ``shared``: the document's organisation values (letterhead), context only."""
    other = [is_other_person(f) for f in fs]
    own = [f for f, o in zip(fs, other, strict=True) if not o]
    context = [f for f, o in zip(fs, other, strict=True) if o] + list(shared)
    roles = sorted({str(f["role"]) for f in fs if f.get("role")})
    return new_mention(mention_id(doc, kind, key), doc, str(fs[0]["path"]), kind, roles[0] if roles else None,
                       conf, [str(f["finding_id"]) for f in own], [str(f["finding_id"]) for f in context],
                       {str(f["element"]) for f in [*fs, *shared]}, build_identity(own), key,
                       tuple(sorted({str(f["row_key"]) for f in own if f.get("row_key") is not None})))
