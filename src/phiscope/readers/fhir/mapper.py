"""One FHIR resource (a dict, from JSON or converted from XML) → person records, facts of the
patient, child documents, text units and issues.

Patient records are keyed ``Patient/<id>``; a clinical resource's facts go to a record with
the key its patient reference resolves to, so that every finding about one patient shares one
row key whether or not the Patient resource is in the same file (and before or after it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, Record, RecordField, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.fhir.attachments import attachment_item, child_name
from phiscope.readers.fhir.clinical import (
    PATIENT_REFS,
    add_subscriber_id,
    clinical_fields,
    coverage_member_fields,
)
from phiscope.readers.fhir.fields import Fields, add_identifier, as_list, human_name, text_of
from phiscope.readers.fhir.people import (
    PERSON_ROLES,
    patient_records,
    person_record,
    practitioner_role_record,
)
from phiscope.readers.fhir.refs import Resolver, npi_in_reference, own_key, reference_string
from phiscope.readers.fhir.walk import Found, walk
from phiscope.readers.html.htmltext import html_text

_PERSON_REF_ROLES = {"Patient": "patient", "Practitioner": "provider", "PractitionerRole": "provider",
                     "RelatedPerson": "related_person"}
_MAX_SEEN = 100_000
_MAX_DEPTH = 8  # Bundles inside Bundles / contained resources


@dataclass(frozen=True, slots=True)
class Where:
    """Where a resource sits: base location (path, line), its JSONPath (None in XML) and a
    key prefix naming its place (``entry[3]``, ``line7``)."""

    loc: Location
    json_path: str | None
    place: str

    def child(self, rel: str) -> Where:
        """The place of a nested element (``entry[3].resource``)."""
        jp = f"{self.json_path}.{rel}" if self.json_path is not None else None
        return Where(self.loc, jp, f"{self.place}/{rel}" if self.place else rel)


class _Out:
    """Records of one resource grouped by key (same key, same person), in first-seen order."""

    def __init__(self) -> None:
        self.records: dict[str, tuple[str | None, list[RecordField]]] = {}

    def add(self, key: str, role: str | None, fields: tuple[RecordField, ...] | list[RecordField]) -> None:
        if not fields:
            return
        if key not in self.records:
            self.records[key] = (role, [])
        self.records[key][1].extend(fields)

    def take(self) -> list[Record]:
        return [Record(k, role, tuple(fs)) for k, (role, fs) in self.records.items()]


class ResourceMapper:
    """Maps the resources of one document; remembers Bundle full URLs to resolve references."""

    def __init__(self, ctx: ReadContext) -> None:
        self.ctx = ctx
        self.resolver = Resolver()
        self._seen_refs: set[tuple[str, str]] = set()
        self._names: set[str] = set()

    def entry(self, entry: Any, where: Where, depth: int = 0) -> Iterator[ReadItem]:
        """A Bundle entry: its ``fullUrl`` and ``resource``."""
        if not isinstance(entry, dict):
            yield ReadIssue(ErrorKind.CORRUPT, "Bundle entry is not an object", where.loc.with_(
                json_path=where.json_path))
            return
        res = entry.get("resource")
        if res is not None:
            yield from self.resource(res, where.child("resource"), text_of(entry.get("fullUrl")), depth)

    def resource(self, res: Any, where: Where, full_url: str = "", depth: int = 0) -> Iterator[ReadItem]:
        """Items of one resource (Bundles: of each entry's resource)."""
        rtype = res.get("resourceType") if isinstance(res, dict) else None
        if isinstance(res, dict) and not (isinstance(rtype, str) and rtype):
            yield from self._plain(res, where)  # FHIR-shaped data that is not a resource
            return
        if not isinstance(rtype, str) or not rtype:
            yield ReadIssue(ErrorKind.CORRUPT, "FHIR resource is not an object", where.loc.with_(
                json_path=where.json_path))
            return
        assert isinstance(res, dict)
        if rtype == "Bundle" and depth < _MAX_DEPTH:
            for i, entry in enumerate(as_list(res.get("entry"))):
                yield from self.entry(entry, where.child(f"entry[{i}]"), depth + 1)
            return
        key = own_key(res, rtype, where.place or "$")
        self.resolver.register(full_url, key)
        yield from self._one(res, rtype, key, where)
        if depth < _MAX_DEPTH:
            for i, inner in enumerate(as_list(res.get("contained"))):
                yield from self.resource(inner, where.child(f"contained[{i}]"), f"#{text_of(inner.get('id'))}"
                                         if isinstance(inner, dict) else "", depth + 1)

    def _plain(self, obj: dict[str, Any], where: Where) -> Iterator[ReadItem]:
        found = walk(obj, all_leaves=True)
        for value, rel, name in found.free:
            jp = f"{where.json_path}.{rel}" if where.json_path is not None else None
            yield TextUnit(value, where.loc.with_(json_path=jp), name)
        yield from self._attachments(obj, found, "Attachment", where)

    def _one(self, res: dict[str, Any], rtype: str, key: str, where: Where) -> Iterator[ReadItem]:
        out = _Out()

        def new_fields(rt: str) -> Fields:
            return Fields(where.loc, where.json_path, rt)

        patient_key, member = self._patient_of(res, rtype, key)
        mapped = True
        if rtype == "Patient":
            for rec in patient_records(res, key, new_fields):
                out.add(rec.key, rec.role, rec.fields)
        elif rtype in PERSON_ROLES:
            rec = person_record(res, rtype, key, new_fields)
            out.add(rec.key, rec.role, rec.fields)
        elif rtype == "PractitionerRole":
            self._practitioner_role(res, key, new_fields, out)
        elif rtype == "Coverage":
            self._coverage(res, key, patient_key, new_fields, out)
        elif patient_key is not None:
            f = new_fields(rtype)
            clinical_fields(res, f, member)
            out.add(patient_key, "patient", f.take())
        else:
            mapped = False
        found = walk(res, all_leaves=not mapped)
        self._references(found, new_fields(rtype), out, rtype, member)
        free = self._facts(found, new_fields(rtype), out, patient_key, rtype in PERSON_ROLES)
        narrative = self._narrative(res, rtype, where)
        owner = key if rtype in PERSON_ROLES else patient_key
        if narrative is not None and owner is not None:
            out.add(owner, PERSON_ROLES.get(rtype, "patient"), (narrative,))
        yield from out.take()
        for value, rel, name in free:
            jp = f"{where.json_path}.{rel}" if where.json_path is not None else None
            yield TextUnit(value, where.loc.with_(json_path=jp, column=f"{rtype}.{rel}"), name)
        if narrative is not None and owner is None:
            yield TextUnit(narrative.value, narrative.loc, narrative.label)
        yield from self._attachments(res, found, rtype, where)

    def _patient_of(self, res: dict[str, Any], rtype: str, key: str) -> tuple[str | None, str]:
        """Key of the patient the resource is about, and the member that says so."""
        if rtype == "Patient":
            return key, ""
        for member in PATIENT_REFS:
            ref = res.get(member)
            if not isinstance(ref, dict):
                continue
            reference = reference_string(ref)
            if not reference:
                return (f"{key}/{member}" if ref.get("display") or ref.get("identifier") else None), member
            kind, ref_key = self.resolver.resolve(reference)
            if kind in (None, "Patient"):
                return ref_key, member
        return None, ""

    def _practitioner_role(self, res: dict[str, Any], key: str, new_fields: Any, out: _Out) -> None:
        reference = reference_string(res.get("practitioner"))
        target = self.resolver.resolve(reference)[1] if reference else key
        rec = practitioner_role_record(res, target, new_fields)
        if rec is not None:
            self._seen_refs.add((target, human_name(res["practitioner"].get("display"))
                                 if isinstance(res.get("practitioner"), dict) else ""))
            out.add(rec.key, rec.role, rec.fields)

    def _coverage(self, res: dict[str, Any], key: str, patient_key: str | None, new_fields: Any,
                  out: _Out) -> None:
        sub_ref = reference_string(res.get("subscriber"))
        sub_key = self.resolver.resolve(sub_ref)[1] if sub_ref else None
        self_insured = sub_key is None or sub_key == patient_key
        f = new_fields("Coverage")
        coverage_member_fields(res, f, with_subscriber_id=self_insured)
        out.add(patient_key or key, "patient" if patient_key else "subscriber", f.take())
        if not self_insured and sub_key is not None:
            add_subscriber_id(f, res)
            out.add(sub_key, "subscriber", f.take())

    def _references(self, found: Found, f: Fields, out: _Out, rtype: str, member: str) -> None:
        """Names, identifiers and NPIs carried by references to patients, practitioners, relatives."""
        for ref, rel in found.references:
            kind, key = self.resolver.resolve(ref["reference"].strip())
            if rel == member:
                kind = "Patient"
            role = _PERSON_REF_ROLES.get(kind or "")
            if role is None:
                continue
            if rtype == "Coverage" and rel == "subscriber":
                role = "subscriber"
            name = human_name(ref.get("display"))
            if role == "provider":
                if (key, name) in self._seen_refs:
                    continue
                if len(self._seen_refs) >= _MAX_SEEN:
                    self._seen_refs.clear()
                self._seen_refs.add((key, name))
                f.add(npi_in_reference(key), f"{rel}.reference", "npi", f"{rtype}.{rel} NPI")
            f.add(name, f"{rel}.display", "person_name", f"{rtype}.{rel}")
            add_identifier(f, ref.get("identifier"), f"{rel}.identifier")
            out.add(key, role, f.take())

    def _facts(self, found: Found, f: Fields, out: _Out, patient_key: str | None,
               person: bool) -> list[tuple[str, str, str]]:
        """ICD-10 codes and free text on the patient's record; the text left over (no patient)."""
        if patient_key is None:
            return [] if person else found.free
        for code, rel in found.icd10:
            f.add(code, rel, "icd10_diagnosis", f"{f.rtype}.{rel.split('.')[0].split('[')[0]} ICD-10-CM")
        if not person:
            for value, rel, _name in found.free:
                f.add(value, rel, None)
        out.add(patient_key, "patient", f.take())
        return []

    @staticmethod
    def _narrative(res: dict[str, Any], rtype: str, where: Where) -> RecordField | None:
        """The resource's XHTML narrative as text (an untyped field)."""
        narrative = res.get("text")
        div = narrative.get("div") if isinstance(narrative, dict) else None
        if not isinstance(div, str) or not div.strip():
            return None
        text = html_text(div.encode("utf-8", "surrogatepass")).strip()
        if not text:
            return None
        jp = f"{where.json_path}.text.div" if where.json_path is not None else None
        return RecordField(text, where.loc.with_(json_path=jp, column=f"{rtype}.text"), None,
                           f"{rtype} narrative")

    def _attachments(self, res: dict[str, Any], found: Found, rtype: str, where: Where) -> Iterator[ReadItem]:
        payloads = [(a["data"], text_of(a.get("contentType")), rel) for a, rel in found.attachments]
        if rtype == "Binary" and not payloads and isinstance(res.get("content"), str):  # STU3 Binary
            payloads.append((res["content"], text_of(res.get("contentType")), "content"))
        rid = text_of(res.get("id"))
        for n, (data, content_type, rel) in enumerate(payloads, start=1):
            name = child_name(rtype, rid, content_type, n)
            while name in self._names:
                name = f"_{name}"
            if len(self._names) < _MAX_SEEN:
                self._names.add(name)
            jp = f"{where.json_path}.{rel}.data" if where.json_path is not None and rel else where.json_path
            here = where.loc.with_(json_path=jp, column=f"{rtype}.{rel}")
            yield attachment_item(data, name, here, self.ctx)
