"""Records of one DICOM header: the patient, the mother, the institution and every named person.

The file's data set is the patient's (record ``patient``); an item of a
sequence that names a patient of its own (a DICOMDIR PATIENT record, a
worklist item) is another patient record keyed by its place
(``DirectoryRecordSequence[3]``). Every PN element elsewhere, at any depth,
is a person: providers (referring, performing, reading physician, operator…),
related persons, or ``other``. Columns are ``Keyword (gggg,eeee)``, prefixed
by the sequence path (``RequestAttributesSequence[1]/RequestingPhysician (0032,1032)``).
A value that cannot be decoded is a ReadIssue; the other elements are still read.
"""

from __future__ import annotations

from pydicom.datadict import dictionary_VR
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.valuerep import VR

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, Record, RecordField
from phiscope.readers._record_acc import Acc
from phiscope.readers.dicom import tables as t
from phiscope.readers.dicom.values import person_names, spans, split_address, strings, tag_text
from phiscope.readers.hl7v2.datatypes import ID_TYPES, medicare_element

MAX_DEPTH = 12  # sequence nesting walked
MAX_ITEMS = 100_000  # sequence items walked per file
MAX_VALUE_BYTES = 4 << 20  # a deferred value larger than this is not loaded (text units stay a few MB)
_PATIENT_ID = 0x00100020
_ISSUER = 0x00100021
_QUALIFIERS = 0x00100024
_TYPE_CODE = 0x00400035
_OTHER_IDS = 0x00101002
_INSTITUTION_TAGS = tuple(s.tag for s in t.INSTITUTION)
_KNOWN_VRS = frozenset(VR.__members__)


class Walker:
    """Collects the records and issues of one data set tree."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.issues: list[ReadIssue] = []
        self._accs: dict[str, Acc] = {}
        self._items = 0

    def records(self) -> list[Record]:
        """The records that got at least one field, in the order they were started."""
        return [a.record() for a in self._accs.values() if a.fields]

    def walk(self, ds: Dataset, prefix: str = "", depth: int = 0, patient: Acc | None = None) -> Acc | None:
        """Read one data set (the file's, or a sequence item at ``prefix``) and the sequences in it;
        returns the patient record its facts went to."""
        if depth == 0 or any(tag in ds for tag in t.IDENTITY_TAGS):
            key = prefix.rstrip("/") or "patient"
            patient = self._acc(key, "patient")
            self.apply(patient, ds, t.PATIENT_IDENTITY, prefix)
            self._other_ids(patient, ds, prefix)
            self.apply(self._acc(f"{key}/mother", "related_person"), ds, t.MOTHER, prefix)
        if patient is not None:
            self.apply(patient, ds, t.PATIENT_FACTS, prefix)
        if any(tag in ds for tag in _INSTITUTION_TAGS):
            self.apply(self._acc(f"{prefix}institution", "provider"), ds, t.INSTITUTION, prefix)
        for tag in list(ds.keys()):
            if tag in t.TABLE_NAME_TAGS:
                continue
            vr = self._vr(ds, tag)
            if vr == "PN":
                self._person(ds, tag, prefix)
            elif vr == "SQ" and tag not in t.SKIP_SEQUENCES:
                self._sequence(ds, tag, prefix, depth, patient)
        return patient

    def apply(self, acc: Acc, ds: Dataset, specs: tuple[t.Spec, ...], prefix: str) -> None:
        """Add the fields a table names (elements present in ``ds``)."""
        for spec in specs:
            if spec.tag in ds and (elem := self.element(ds, spec.tag, prefix)) is not None:
                self._take(acc, ds, spec, elem, prefix)

    def element(self, ds: Dataset, tag: int, prefix: str) -> DataElement | None:
        """The decoded element, or None (with an issue) when it is too large or cannot be decoded."""
        raw = ds.get_item(tag, keep_deferred=True)
        if raw is None:
            return None
        size = raw.length if isinstance(raw, RawDataElement) and raw.value is None else 0
        if MAX_VALUE_BYTES < size != 0xFFFFFFFF:
            self.issue(ErrorKind.OVERSIZED, f"{prefix}{tag_text(tag)}: value over "
                       f"{MAX_VALUE_BYTES >> 20} MB not read")
            return None
        try:
            elem = ds[tag]
        except Exception as e:  # pydicom's value conversion raises many types on malformed values
            self.issue(ErrorKind.CORRUPT, f"{prefix}{tag_text(tag)}: value cannot be decoded "
                       f"({type(e).__name__}); skipped")
            return None
        return elem if isinstance(elem, DataElement) else None

    def issue(self, kind: ErrorKind, message: str) -> None:
        """Record a problem with part of the header."""
        self.issues.append(ReadIssue(kind, message, Location(self.path)))

    def _acc(self, key: str, role: str) -> Acc:
        acc = self._accs.get(key)
        if acc is None:
            acc = self._accs[key] = Acc(key, role)
        return acc

    def _put(self, acc: Acc, value: str, element: str | None, column: str, name: str,
             at: tuple[int, int]) -> None:
        """A field at ``at`` (offset, length) of the element's text: the values of a multi-valued
        element (and the groups of a name) are told apart by their offsets."""
        if element == "medicare":
            element = medicare_element(value)
        loc = Location(self.path, column=column, offset=at[0], length=at[1])
        acc.fields.append(RecordField(value, loc, element, f"{column} {name}"))

    def _take(self, acc: Acc, ds: Dataset, spec: t.Spec, elem: DataElement, prefix: str) -> None:
        column = f"{prefix}{spec.keyword} {tag_text(spec.tag)}"
        name = elem.name
        element = spec.element
        if spec.kind == "id":
            element, qualifier = self._id_type(ds, prefix, element)
            name += qualifier
        for value, at in spans(elem.value):
            if spec.kind == "name":
                for person, start, size in person_names(value):
                    self._put(acc, person, element, column, name, (at + start, size))
            elif spec.kind == "address" and (parts := split_address(value)) is not None:
                self._put(acc, parts[0], "street_address", column, f"{name} street", (at, len(value)))
                self._put(acc, parts[1], "city_state_zip", column, f"{name} city/state/ZIP", (at, len(value)))
            else:
                self._put(acc, value, element, column, name, (at, len(value)))

    def _first(self, ds: Dataset, tag: int, prefix: str) -> str:
        elem = self.element(ds, tag, prefix) if tag in ds else None
        values = strings(elem.value) if elem is not None else []
        return values[0] if values else ""

    def _id_type(self, ds: Dataset, prefix: str, default: str | None) -> tuple[str | None, str]:
        """The element of a Patient ID (by its IdentifierTypeCode, HL7 table 0203) and a label suffix
        naming its issuer and type."""
        issuer = self._first(ds, _ISSUER, prefix)[:64]
        qualifier = f", issuer {issuer}" if issuer else ""
        code = ""
        quals = self.element(ds, _QUALIFIERS, prefix) if _QUALIFIERS in ds else None
        if quals is not None and quals.VR == "SQ" and len(quals.value):
            code = self._first(quals.value[0], _TYPE_CODE, f"{prefix}IssuerOfPatientIDQualifiersSequence[1]/")
        if not code:
            return default, qualifier
        return ID_TYPES.get(code.upper()), f"{qualifier}, type {code[:16]}"

    def _other_ids(self, patient: Acc, ds: Dataset, prefix: str) -> None:
        """OtherPatientIDsSequence: more identifiers of the same patient, each typed by its qualifiers."""
        seq = self.element(ds, _OTHER_IDS, prefix) if _OTHER_IDS in ds else None
        if seq is None or seq.VR != "SQ":
            return
        for i, item in enumerate(seq.value, 1):
            self.apply(patient, item, t.PATIENT_ID, f"{prefix}OtherPatientIDsSequence[{i}]/")

    def _vr(self, ds: Dataset, tag: int) -> str | None:
        """The element's VR; the dictionary's for implicit VR, UN and unknown VRs."""
        raw = ds.get_item(tag, keep_deferred=True)
        vr = raw.VR if raw is not None else None
        if vr is None or vr not in _KNOWN_VRS or vr == "UN":
            try:
                return str(dictionary_VR(tag))
            except KeyError:
                return vr
        return str(vr)

    def _person(self, ds: Dataset, tag: int, prefix: str) -> None:
        """A PN element: one record per value (``performing_physician[2]`` for the second)."""
        elem = self.element(ds, tag, prefix)
        if elem is None:
            return
        keyword = elem.keyword
        values = spans(elem.value)
        base = prefix + t.person_key(keyword, tag)
        column = f"{prefix}{keyword or 'Private'} {tag_text(tag)}"
        for n, (value, at) in enumerate(values, 1):
            acc = self._acc(base if len(values) == 1 else f"{base}[{n}]", t.person_role(keyword))
            for person, start, size in person_names(value):
                self._put(acc, person, "person_name", column, elem.name, (at + start, size))
            if n == 1:
                self.apply(acc, ds, t.PERSON_EXTRAS.get(keyword, ()), prefix)

    def _sequence(self, ds: Dataset, tag: int, prefix: str, depth: int, patient: Acc | None) -> None:
        """The items of a sequence; an item naming a patient is theirs, and so are the items after it
        that name none (DICOMDIR: a PATIENT record, then its STUDY and SERIES records)."""
        elem = self.element(ds, tag, prefix)
        if elem is None or elem.VR != "SQ":
            return
        if depth >= MAX_DEPTH:
            self.issue(ErrorKind.NESTING_TOO_DEEP, f"{prefix}{tag_text(tag)}: sequences nested over "
                       f"{MAX_DEPTH} deep not read")
            return
        keyword = elem.keyword or f"Private{tag:08X}"
        for i, item in enumerate(elem.value, 1):
            self._items += 1
            if self._items > MAX_ITEMS:
                if self._items == MAX_ITEMS + 1:
                    self.issue(ErrorKind.OVERSIZED, f"over {MAX_ITEMS} sequence items; the rest not read")
                return
            if isinstance(item, Dataset):
                patient = self.walk(item, f"{prefix}{keyword}[{i}]/", depth + 1, patient)
