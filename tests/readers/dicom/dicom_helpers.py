"""Helpers for the DICOM reader tests (imported by name): hand-made files and reading them."""

from __future__ import annotations

import io
from pathlib import Path

import pydicom.data
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import UID, CTImageStorage, EncapsulatedPDFStorage, ExplicitVRLittleEndian

from phiscope.model import ReadItem, Record
from phiscope.readers.base import ReadContext
from phiscope.readers.dicom import DicomReader
from phiscope.sources.blob import Blob

PYDICOM_DATA = Path(pydicom.data.__file__).parent
TEST_FILES = PYDICOM_DATA / "test_files"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def read(data: bytes, name: str = "IM_0001.dcm", ctx: ReadContext | None = None) -> list[ReadItem]:
    """Every item the reader yields for in-memory bytes."""
    blob = Blob(display_path=f"case/{name}", name=name, data=data)
    return list(DicomReader().read(blob, ctx or ReadContext()))


def read_path(path: Path) -> list[ReadItem]:
    """Every item the reader yields for a file on disk."""
    return list(DicomReader().read(Blob(str(path), path.name, fs_path=str(path)), ReadContext()))


def records(items: list[ReadItem]) -> dict[str, Record]:
    """Records by key."""
    return {i.key: i for i in items if isinstance(i, Record)}


def values(rec: Record) -> set[tuple[str | None, str | None, str]]:
    """(column, element, value) of each field."""
    return {(f.loc.column, f.element, f.value) for f in rec.fields}


def item(**elements: object) -> Dataset:
    """A data set (a sequence item) with these elements."""
    ds = Dataset()
    for keyword, value in elements.items():
        setattr(ds, keyword, value)
    return ds


def patient_study() -> Dataset:
    """A CT header with every patient, study, physician and institution element the reader takes."""
    ds = item(
        SpecificCharacterSet="ISO_IR 192", PatientName="DOE^JANE^Q^^JR", PatientID="MRN0012345",
        IssuerOfPatientID="HARTFORD HOSPITAL", PatientBirthDate="19800321", PatientSex="F",
        PatientAddress="12 Oak St^Apt 4B^Hartford^CT^06103^USA",
        PatientTelephoneNumbers=["(860) 555-0142", "860-555-0199"], OtherPatientNames="SMITH^JANE",
        PatientMotherBirthName="JONES^MARY", EthnicGroup="Hispanic", Occupation="Teacher",
        StudyDate="20240105", SeriesDate="20240105", AccessionNumber="A123456789", StudyID="4711",
        StudyDescription="CT CHEST W/O CONTRAST", ImageComments="Patient Jane Doe, SSN 536-22-8741",
        ReferringPhysicianName="KIM^SARAH", ReferringPhysicianTelephoneNumbers="(860) 555-0100",
        PerformingPhysicianName=["LEE^DAVID", "PATEL^ANIL"], OperatorsName="LOPEZ^KAREN",
        InstitutionName="Hartford Imaging Center",
        InstitutionAddress="100 Main St, Suite 200, Hartford, CT 06106",
        Modality="CT", SOPClassUID=CTImageStorage, SOPInstanceUID="2.25.1",
    )
    ds.OtherPatientIDsSequence = Sequence([
        item(PatientID="536-22-8741", TypeOfPatientID="TEXT",
             IssuerOfPatientIDQualifiersSequence=Sequence([item(IdentifierTypeCode="SS")])),
        item(PatientID="X99", TypeOfPatientID="TEXT"),
    ])
    request = item(RequestedProcedureID="RP1", RequestingPhysician="WONG^AMY")
    ds.RequestAttributesSequence = Sequence([request])
    return ds


def to_bytes(ds: Dataset, sop_class: UID = CTImageStorage, syntax: UID = ExplicitVRLittleEndian,
             pixels: bytes | None = bytes(64)) -> bytes:
    """A Part 10 file of ``ds`` (preamble, File Meta Information), with an 8x8 image by default."""
    ds = ds.copy()
    if pixels is not None:
        ds.Rows = ds.Columns = 8
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit, ds.PixelRepresentation = 7, 0
        ds.PixelData = pixels
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = UID("2.25.1")
    meta.TransferSyntaxUID = syntax
    ds.file_meta = meta
    buf = io.BytesIO()
    ds.save_as(buf, enforce_file_format=True)
    return buf.getvalue()


def pdf_document(pdf: bytes = PDF) -> bytes:
    """An Encapsulated PDF object of Jane Doe."""
    ds = item(PatientName="DOE^JANE", PatientID="MRN0012345",
              MIMETypeOfEncapsulatedDocument="application/pdf", DocumentTitle="Discharge summary",
              SOPClassUID=EncapsulatedPDFStorage, SOPInstanceUID="2.25.2")
    ds.EncapsulatedDocument = pdf + (b"\0" if len(pdf) % 2 else b"")
    ds.EncapsulatedDocumentLength = len(pdf)
    return to_bytes(ds, EncapsulatedPDFStorage, pixels=None)
