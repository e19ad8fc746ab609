"""DICOM headers: sniffing, person records, transfer syntaxes, pydicom's sample files, damaged files."""

from __future__ import annotations

import io
import time
import tracemalloc
from pathlib import Path

import pydicom
import pytest
from dicom_helpers import (
    PDF,
    PYDICOM_DATA,
    TEST_FILES,
    item,
    patient_study,
    pdf_document,
    read,
    read_path,
    records,
    to_bytes,
    values,
)
from pydicom.sequence import Sequence
from pydicom.uid import DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian, ImplicitVRLittleEndian

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ChildBlob, ReadIssue, Record
from phiscope.readers.base import Limits, ReadContext
from phiscope.readers.dicom import DicomReader
from phiscope.readers.dicom.values import person_names, spans, split_address
from phiscope.sources.blob import Blob

PATIENT = {
    ("PatientName (0010,0010)", "person_name", "JANE Q DOE JR"),
    ("OtherPatientNames (0010,1001)", "person_name", "JANE SMITH"),
    ("PatientID (0010,0020)", "mrn", "MRN0012345"),
    ("OtherPatientIDsSequence[1]/PatientID (0010,0020)", "ssn", "536-22-8741"),
    ("OtherPatientIDsSequence[2]/PatientID (0010,0020)", "mrn", "X99"),
    ("PatientBirthDate (0010,0030)", "dob", "19800321"),
    ("PatientAddress (0010,1040)", "street_address", "12 Oak St Apt 4B"),
    ("PatientAddress (0010,1040)", "city_state_zip", "Hartford, CT 06103"),
    ("PatientTelephoneNumbers (0010,2154)", "phone", "(860) 555-0142"),
    ("PatientTelephoneNumbers (0010,2154)", "phone", "860-555-0199"),
    ("StudyDate (0008,0020)", "date", "20240105"),
    ("SeriesDate (0008,0021)", "date", "20240105"),
    ("AccessionNumber (0008,0050)", None, "A123456789"),
    ("StudyID (0020,0010)", None, "4711"),
    ("StudyDescription (0008,1030)", None, "CT CHEST W/O CONTRAST"),
    ("ImageComments (0020,4000)", None, "Patient Jane Doe, SSN 536-22-8741"),
    ("RequestAttributesSequence[1]/RequestedProcedureID (0040,1001)", None, "RP1"),
}
OTHERS = {
    "patient/mother": ("related_person", {
        ("PatientMotherBirthName (0010,1060)", "person_name", "MARY JONES")}),
    "referring_physician": ("provider", {
        ("ReferringPhysicianName (0008,0090)", "person_name", "SARAH KIM"),
        ("ReferringPhysicianTelephoneNumbers (0008,0094)", "phone", "(860) 555-0100")}),
    "performing_physician[1]": ("provider", {
        ("PerformingPhysicianName (0008,1050)", "person_name", "DAVID LEE")}),
    "performing_physician[2]": ("provider", {
        ("PerformingPhysicianName (0008,1050)", "person_name", "ANIL PATEL")}),
    "operator": ("provider", {("OperatorsName (0008,1070)", "person_name", "KAREN LOPEZ")}),
    "institution": ("provider", {
        ("InstitutionName (0008,0080)", None, "Hartford Imaging Center"),
        ("InstitutionAddress (0008,0081)", "street_address", "100 Main St, Suite 200"),
        ("InstitutionAddress (0008,0081)", "city_state_zip", "Hartford, CT 06106")}),
    "RequestAttributesSequence[1]/requesting_physician": ("provider", {
        ("RequestAttributesSequence[1]/RequestingPhysician (0032,1032)", "person_name", "AMY WONG")}),
}


def test_sniff() -> None:
    r = DicomReader()
    assert r.sniff(to_bytes(patient_study())[:8192], "IM0001") == 0.98
    for name in ("ExplVR_LitEndNoMeta.dcm", "ExplVR_BigEndNoMeta.dcm"):
        assert r.sniff((TEST_FILES / name).read_bytes()[:8192], "IM0001") == 0.6
    bare = io.BytesIO()
    pydicom.dcmwrite(bare, patient_study(), implicit_vr=True, little_endian=True)
    assert r.sniff(bare.getvalue()[:8192], "scan.dcm") == 0.8
    assert r.sniff(b"PatientName: Jane Doe\n" * 20, "notes.dcm") == 0.3
    assert r.sniff(b"PatientName: Jane Doe\n" * 20, "notes.txt") == 0.0
    assert r.sniff(bytes(200), "zeros") == 0.0


def test_patient_and_people_records() -> None:
    items = read(to_bytes(patient_study()))
    recs = records(items)
    assert not [i for i in items if isinstance(i, ReadIssue)]
    assert recs["patient"].role == "patient"
    assert values(recs["patient"]) == PATIENT
    assert set(recs) == {"patient", *OTHERS}
    for key, (role, expected) in OTHERS.items():
        assert (recs[key].role, values(recs[key])) == (role, expected), key
    label = {f.loc.column: f.label for f in recs["patient"].fields}
    assert label["PatientID (0010,0020)"] == "PatientID (0010,0020) Patient ID, issuer HARTFORD HOSPITAL"
    ssn = "OtherPatientIDsSequence[1]/PatientID (0010,0020)"
    assert label[ssn] == f"{ssn} Patient ID, type SS"
    assert {f.loc.path for r in recs.values() for f in r.fields} == {"case/IM_0001.dcm"}
    phones = [(f.loc.offset, f.loc.length) for f in recs["patient"].fields if f.element == "phone"]
    assert phones == [(0, 14), (15, 12)]  # values of one element told apart by their offsets


def test_deep_sequences_stop_with_an_issue() -> None:
    inner = item(PersonName="DEEP^DORA")
    for _ in range(14):
        inner = item(ContentSequence=Sequence([inner]))
    ds = item(PatientName="DOE^JANE", ContentSequence=inner.ContentSequence)
    items = read(to_bytes(ds, pixels=None))
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.NESTING_TOO_DEEP]
    assert set(records(items)) == {"patient"}


@pytest.mark.parametrize("syntax", [ImplicitVRLittleEndian, ExplicitVRBigEndian,
                                    DeflatedExplicitVRLittleEndian])
def test_transfer_syntaxes(syntax: pydicom.uid.UID) -> None:
    recs = records(read(to_bytes(patient_study(), syntax=syntax)))
    assert values(recs["patient"]) == PATIENT
    assert set(recs) == {"patient", *OTHERS}


def test_data_set_without_preamble_or_meta() -> None:
    bare = io.BytesIO()
    pydicom.dcmwrite(bare, patient_study(), implicit_vr=True, little_endian=True)
    assert bare.getvalue()[128:132] != b"DICM"
    assert values(records(read(bare.getvalue(), "IM0001"))["patient"]) == PATIENT


def test_names_and_addresses() -> None:
    assert person_names("DOE^JANE^Q") == [("JANE Q DOE", 0, 10)]
    assert person_names("Doe^John^^Dr.^III") == [("John Doe III", 0, 17)]
    assert person_names("Jane Doe") == [("Jane Doe", 0, 8)]
    assert person_names("Yamada^Tarou=山田^太郎=やまだ^たろう") == [
        ("Tarou Yamada", 0, 12), ("太郎 山田", 13, 5), ("たろう やまだ", 19, 7)]
    assert person_names("----") == [] and person_names("^^") == [] and person_names("DOE^J=DOE^J") == [
        ("J DOE", 0, 5)]
    assert spans(["A", " ", " B ", "CD"]) == [("A", 0), ("B", 5), ("CD", 8)]
    assert split_address("12 Oak St^^Hartford^CT^06103^USA") == ("12 Oak St", "Hartford, CT 06103")
    assert split_address("12 Oak St, Apt 4B, Hartford, CT 06103") == (
        "12 Oak St, Apt 4B", "Hartford, CT 06103")
    assert split_address("12 Oak St\r\nWest Hartford CT 06107-1234 USA") == (
        "12 Oak St", "West Hartford, CT 06107-1234")
    assert split_address("Hartford, CT 06103") is None
    assert split_address("Oak Street, Hartford, CT 06103") is None  # no house number: not split
    assert split_address("somewhere in Connecticut") is None
    assert split_address(" " * 100_000 + "12 Oak St, Hartford, CT 06103") is None  # too long: free text


def test_unsplit_address_is_free_text() -> None:
    recs = records(read(to_bytes(item(PatientName="DOE^JANE", PatientAddress="12 Oak St Hartford"))))
    assert ("PatientAddress (0010,1040)", None, "12 Oak St Hartford") in values(recs["patient"])


def test_pydicom_sample_ct() -> None:
    path = TEST_FILES / "CT_small.dcm"
    ds = pydicom.dcmread(path)
    recs = records(read_path(path))
    pid = str(ds.PatientID)
    assert str(ds.PatientName) == "CompressedSamples^CT1" and pid == "1CT1"
    assert {("PatientName (0010,0010)", "person_name", "CT1 CompressedSamples"),
            ("PatientID (0010,0020)", "mrn", pid),
            ("OtherPatientIDsSequence[1]/PatientID (0010,0020)", "mrn", "ABCD1234"),
            ("StudyDate (0008,0020)", "date", str(ds.StudyDate))} <= values(recs["patient"])
    assert values(recs["institution"]) == {("InstitutionName (0008,0080)", None, str(ds.InstitutionName))}


def test_pydicom_sample_rtplan_and_sr() -> None:
    plan = records(read_path(TEST_FILES / "rtplan.dcm"))
    assert ("PatientName (0010,0010)", "person_name", "First mid Last") in values(plan["patient"])
    assert plan["operator"].role == "provider"
    sr = records(read_path(TEST_FILES / "test-SR.dcm"))
    observers = [r for k, r in sr.items() if k.startswith("VerifyingObserverSequence")]
    assert observers and {r.role for r in observers} == {"provider"}
    texts = [f for f in sr["patient"].fields if str(f.loc.column).endswith("TextValue (0040,A160)")]
    assert texts and all(f.element is None for f in texts)
    assert texts[0].loc.column == "ContentSequence[2]/ContentSequence[1]/TextValue (0040,A160)"


def test_dicomdir_patients_and_their_studies() -> None:
    recs = records(read_path(TEST_FILES / "dicomdirtests" / "DICOMDIR"))
    patients = {k: r for k, r in recs.items() if k.startswith("DirectoryRecordSequence")}
    names = {f.value for r in patients.values() for f in r.fields if f.element == "person_name"}
    assert {"Archibald Doe", "Peter Doe"} <= names
    first = patients["DirectoryRecordSequence[1]"]
    assert first.role == "patient"
    assert ("DirectoryRecordSequence[2]/StudyDate (0008,0020)", "date", "20010101") in values(first)
    assert "patient" not in recs  # the DICOMDIR's own data set names nobody


def test_encapsulated_pdf_becomes_a_child() -> None:
    items = read(pdf_document())
    child = next(i for i in items if isinstance(i, ChildBlob))
    assert (child.name, child.data) == ("EncapsulatedDocument.pdf", PDF)
    rec = records(items)["patient"]
    assert ("DocumentTitle (0042,0010)", None, "Discharge summary") in values(rec)


def test_large_encapsulated_pdf_read_from_disk_and_spooled(tmp_path: Path) -> None:
    big = PDF + b"%" + bytes(200_000)  # over the defer size: copied out of the file afterwards
    path = tmp_path / "doc.dcm"
    path.write_bytes(pdf_document(big))
    child = next(i for i in read_path(path) if isinstance(i, ChildBlob))
    assert child.data == big
    ctx = ReadContext(limits=Limits(spool_over_bytes=1000), tmp_dir=str(tmp_path))
    items = list(DicomReader().read(Blob(str(path), path.name, fs_path=str(path)), ctx))
    spooled = next(i for i in items if isinstance(i, ChildBlob))
    assert spooled.spool_path is not None and Path(spooled.spool_path).read_bytes() == big


def test_pixel_data_is_never_loaded(tmp_path: Path) -> None:
    path = tmp_path / "big.dcm"
    path.write_bytes(to_bytes(patient_study(), pixels=bytes(8 << 20)))
    tracemalloc.start()
    t0 = time.perf_counter()
    recs = records(read_path(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert values(recs["patient"]) == PATIENT
    assert peak < 2_000_000 and time.perf_counter() - t0 < 2.0


def test_truncated_pixel_data_sample() -> None:
    items = read_path(TEST_FILES / "MR_truncated.dcm")
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.TRUNCATED]
    assert ("PatientID (0010,0020)", "mrn", "4MR1") in values(records(items)["patient"])


def test_truncated_header_keeps_what_was_read() -> None:
    data = to_bytes(patient_study())
    cut = data.index(b"19800321") + 4  # inside the birth date
    items = read(data[:cut])
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.TRUNCATED]
    got = values(records(items)["patient"])
    assert ("PatientName (0010,0010)", "person_name", "JANE Q DOE JR") in got
    assert ("PatientID (0010,0020)", "mrn", "MRN0012345") in got


def test_truncated_inside_an_undefined_length_sequence() -> None:
    ds = patient_study()
    for elem in ds.iterall():
        elem.is_undefined_length = elem.VR == "SQ"
    data = to_bytes(ds, pixels=None)
    items = read(data[:data.index(b"536-22-8741") + 3])
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.TRUNCATED]
    got = values(records(items)["patient"])
    assert {("PatientName (0010,0010)", "person_name", "JANE Q DOE JR"),
            ("PatientID (0010,0020)", "mrn", "MRN0012345")} <= got


def test_malformed_element_keeps_the_elements_before_it() -> None:
    data = to_bytes(item(PatientName="DOE^JANE", PatientID="MRN1"), pixels=None)
    items = read(data + b"\x08\x00\x05\x00CS\x04\x00A\x00B ")  # a character set pydicom cannot look up
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.CORRUPT]
    assert "A\x00B" not in issues[0].message
    assert values(records(items)["patient"]) == {("PatientName (0010,0010)", "person_name", "JANE DOE"),
                                                 ("PatientID (0010,0020)", "mrn", "MRN1")}


def test_undecodable_sequence_is_an_issue_and_the_rest_is_read() -> None:
    ds = item(PatientName="DOE^JANE", PatientID="MRN1")
    ds.RequestAttributesSequence = Sequence([item(RequestingPhysician="WONG^AMY")])
    data = to_bytes(ds, pixels=None)
    at = data.index(b"\x32\x00\x32\x10PN")
    items = read(data[:at + 4] + b"ZZ" + data[at + 6:])  # a VR pydicom cannot decode, inside the item
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [(i.kind, i.message) for i in issues] == [
        (ErrorKind.CORRUPT, "RequestAttributesSequence[1]/(0032,1032): value cannot be decoded "
                            "(NotImplementedError); skipped")]
    assert set(records(items)) == {"patient"}
    assert ("PatientName (0010,0010)", "person_name", "JANE DOE") in values(records(items)["patient"])


def test_not_dicom_and_empty_files() -> None:
    for data in (b"PatientName: Jane Doe\n" * 20, b"", bytes(128) + b"DICM"):
        with pytest.raises(DocumentError) as err:
            read(data, "notes.dcm")
        assert err.value.kind in (ErrorKind.CORRUPT, ErrorKind.TRUNCATED)


def test_messages_never_quote_values() -> None:
    data = to_bytes(patient_study())
    for cut in range(140, len(data), 7):
        try:
            items = read(data[:cut])
        except DocumentError as e:
            assert "DOE" not in e.message and "MRN0012345" not in e.message
            continue
        for i in items:
            if isinstance(i, ReadIssue):
                assert "DOE" not in i.message and "MRN0012345" not in i.message
            else:
                assert isinstance(i, Record)


def test_damaged_deflated_data_set() -> None:
    data = to_bytes(patient_study(), syntax=DeflatedExplicitVRLittleEndian)
    items = read(data[:-40])
    assert [i.kind for i in items if isinstance(i, ReadIssue)] == [ErrorKind.TRUNCATED]
    assert ("PatientID (0010,0020)", "mrn", "MRN0012345") in values(records(items)["patient"])
    meta_end = data.index(b"1.2.840.10008.1.2.1.99") + 24
    with pytest.raises(DocumentError) as err:
        read(data[:meta_end] + b"\xff" * 64)  # not a deflate stream at all
    assert err.value.kind == ErrorKind.CORRUPT


def test_every_pydicom_sample_reads_cleanly_but_the_truncated_ones() -> None:
    skip = (".py", ".pyc", ".txt", ".json", ".dump", ".icc", ".gz", ".md")
    flagged = {}
    for path in sorted(PYDICOM_DATA.rglob("*")):
        if not path.is_file() or path.suffix in skip or path.name == "README":
            continue
        try:
            kinds = [i.kind for i in read_path(path) if isinstance(i, ReadIssue)]
        except DocumentError as e:
            kinds = [e.kind]
        if kinds:
            flagged[path.name] = kinds
    assert flagged == {  # no_meta.dcm starts in the middle of an element: pydicom reads one junk tag
        "MR_truncated.dcm": [ErrorKind.TRUNCATED], "rtplan_truncated.dcm": [ErrorKind.TRUNCATED],
        "no_meta.dcm": [ErrorKind.CORRUPT]}
