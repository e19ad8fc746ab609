"""DICOM images (headers with ground truth, a tiny 8x8 pixel array), one study per file.

``imaging/study_NNNN/IM_0001.dcm`` for about one patient in 20: a CT, MR or CR
image written with pydicom (Part 10 file: preamble, File Meta Information;
explicit VR little endian, one in five implicit VR), UTF-8 (ISO_IR 192).
The patient module holds the name (``FAMILY^GIVEN^MIDDLE^^SUFFIX``, the
maiden name as OtherPatientNames), the MRN with its issuer, the birth date,
often the address (``street^unit^city^state^zip^country`` or ``street, City,
ST ZIP``) and phones, now and then the SSN in OtherPatientIDsSequence (type
SS); the study its dates, accession number and description, the referring
and performing physicians, the operator (a staff member) and the
institution with its address. Truth values take the form the DICOM reader
reports (``GIVEN MIDDLE FAMILY SUFFIX``, ``City, ST ZIP``) and are located by
the column it reports: ``PatientName (0010,0010)``,
``OtherPatientIDsSequence[1]/PatientID (0010,0020)``.
"""

from __future__ import annotations

import io
import random
from typing import Any

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import (
    UID,
    ComputedRadiographyImageStorage,
    CTImageStorage,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    MRImageStorage,
)

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import service_date
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Address, Patient, Population
from phiscope.simulate.truth import Insert, Val
from phiscope.simulate.writers.hl7_fields import csz

#: modality -> (SOP class, study descriptions)
STUDIES = {
    "CT": (CTImageStorage, ("CT CHEST W/O CONTRAST", "CT HEAD W/O CONTRAST", "CT ABD/PELVIS W CONTRAST")),
    "MR": (MRImageStorage, ("MRI BRAIN W/WO CONTRAST", "MRI LUMBAR SPINE W/O", "MRI KNEE RIGHT W/O")),
    "CR": (ComputedRadiographyImageStorage, ("XR CHEST 2 VIEWS", "XR HAND LEFT 3 VIEWS", "XR ANKLE 2 VIEWS")),
}
MAX_LO = 64  # the longest LO value (PatientAddress)


class _Header:
    """A data set being filled, and the truth values written into it, by column."""

    def __init__(self) -> None:
        self.ds = Dataset()
        self.inserts: list[Insert] = []

    def set(self, keyword: str, value: Any, *vals: Val, prefix: str = "",
            target: Dataset | None = None) -> None:
        """Set ``keyword`` on the data set (or ``target``); ``vals`` are located at its column."""
        ds = self.ds if target is None else target
        setattr(ds, keyword, value)
        tag = ds.data_element(keyword).tag  # type: ignore[union-attr]
        column = f"{prefix}{keyword} ({tag.group:04X},{tag.element:04X})"
        self.inserts.extend(Insert(v, {"column": column}) for v in vals)


def pn(person: str, family: str, given: str, middle: str = "", suffix: str = "") -> tuple[str, Val]:
    """``FAMILY^GIVEN^MIDDLE^^SUFFIX`` upper-cased and its truth ``GIVEN MIDDLE FAMILY SUFFIX``."""
    parts = [family.upper(), given.upper(), middle.upper(), "", (suffix or "").upper()]
    shown = " ".join(p for p in (parts[1], parts[2], parts[0], parts[4]) if p)
    return "^".join(parts).rstrip("^"), Val("person_name", shown, person)


def address_value(addr: Address, person: str, rng: random.Random) -> tuple[str, list[Val]] | None:
    """An address in one of the two forms the reader splits (None when over the LO length)."""
    if addr.foreign or rng.random() < 0.5:
        country = "USA" if addr.country == "US" else addr.country
        text = "^".join((addr.street, addr.unit or "", addr.city, addr.state, addr.zip, country))
        street = addr.line1(" ")
    else:
        street = addr.line1(", ")
        text = f"{street}, {addr.last_line()}"
    vals = [Val("street_address", street, person), Val("city_state_zip", csz(addr), person)]
    return (text, vals) if len(text) <= MAX_LO else None


def _patient(h: _Header, p: Patient, pop: Population, rng: random.Random) -> None:
    name, val = pn(p.id, p.last, p.first, p.middle, p.suffix or "")
    h.set("PatientName", name, val)
    if p.maiden_name and rng.random() < 0.5:
        other, other_val = pn(p.id, p.maiden_name, p.first, p.middle)
        h.set("OtherPatientNames", other, other_val)
    h.set("PatientID", p.mrn, Val("mrn", p.mrn, p.id))
    h.set("IssuerOfPatientID", pop.facility(p.facility).id.upper().replace("-", ""))
    dob = p.dob.strftime("%Y%m%d")
    h.set("PatientBirthDate", dob, Val("dob", dob, p.id))
    h.set("PatientSex", p.sex)
    addr = address_value(p.address, p.id, rng) if rng.random() < 0.6 else None
    if addr is not None:
        h.set("PatientAddress", addr[0], *addr[1])
    if rng.random() < 0.5:
        phones = [fmt_phone(d, "paren") for d in (p.phone, p.mobile) if d]
        h.set("PatientTelephoneNumbers", phones, *(Val("phone", x, p.id) for x in phones))
    if p.ssn and rng.random() < 0.15:
        qualifiers = Dataset()
        qualifiers.IdentifierTypeCode = "SS"
        item = Dataset()
        prefix = "OtherPatientIDsSequence[1]/"
        h.set("PatientID", p.ssn, Val("ssn", p.ssn, p.id), prefix=prefix, target=item)
        item.TypeOfPatientID = "TEXT"
        item.IssuerOfPatientIDQualifiersSequence = Sequence([qualifiers])
        h.ds.OtherPatientIDsSequence = Sequence([item])


def _study(h: _Header, p: Patient, pop: Population, rng: random.Random, modality: str) -> None:
    day = service_date(rng).strftime("%Y%m%d")
    for keyword in ("StudyDate", "SeriesDate", "AcquisitionDate", "ContentDate"):
        h.set(keyword, day, Val("date", day, p.id))
    h.set("StudyTime", f"{rng.randint(7, 18):02d}{rng.randint(0, 59):02d}00")
    h.set("AccessionNumber", f"A{rng.randint(10**8, 10**9 - 1)}")
    h.set("StudyID", str(rng.randint(1000, 99999)))
    h.set("Modality", modality)
    h.set("StudyDescription", rng.choice(STUDIES[modality][1]))
    ref = pop.provider(p.pcp)
    name, val = pn(ref.id, ref.last, ref.first)
    h.set("ReferringPhysicianName", name, val)
    if rng.random() < 0.5:
        reader = rng.choice(pop.providers)
        name, val = pn(reader.id, reader.last, reader.first)
        h.set("PerformingPhysicianName", name, val)
    if pop.staff and rng.random() < 0.5:
        tech = rng.choice(pop.staff)
        name, val = pn(tech.id, tech.last, tech.first)
        h.set("OperatorsName", name, val)
    fac = pop.facility(p.facility)
    h.set("InstitutionName", fac.name)
    street = fac.address.line1(", ")
    h.set("InstitutionAddress", f"{street}, {fac.address.last_line()}", Val("street_address", street, fac.id),
          Val("city_state_zip", csz(fac.address), fac.id))


def _uid(rng: random.Random) -> str:
    return f"2.25.{rng.getrandbits(100)}"


def _image(ds: Dataset, sop_class: UID, rng: random.Random) -> FileMetaDataset:
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = _uid(rng)
    ds.StudyInstanceUID = _uid(rng)
    ds.SeriesInstanceUID = _uid(rng)
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = 8
    ds.BitsAllocated = ds.BitsStored = 8
    ds.HighBit, ds.PixelRepresentation = 7, 0
    ds.PixelData = bytes(rng.randrange(256) for _ in range(64))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    meta.TransferSyntaxUID = ImplicitVRLittleEndian if rng.random() < 0.2 else ExplicitVRLittleEndian
    return meta


def dicom_image(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random, path: str) -> GeneratedFile:
    """One image of a study of ``p`` written at ``path``."""
    h = _Header()
    modality = rng.choice(sorted(STUDIES))
    _patient(h, p, pop, rng)
    _study(h, p, pop, rng, modality)
    h.ds.file_meta = _image(h.ds, STUDIES[modality][0], rng)
    buf = io.BytesIO()
    h.ds.save_as(buf, enforce_file_format=True)
    return GeneratedFile(path, buf.getvalue(), h.inserts)
