"""HL7 v2: person records per segment, delimiters, escapes, framing, malformed messages."""

from __future__ import annotations

import base64

import pytest
from hl7_helpers import read, records, values

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, ReadIssue, TextUnit
from phiscope.readers.hl7v2 import Hl7v2Reader
from phiscope.readers.hl7v2.delims import Delimiters


def _seg(name: str, fields: dict[int, str]) -> str:
    """A segment with the given fields (``SEG-n`` = ``fields[n]``), the others empty."""
    return "|".join([name, *(fields.get(n, "") for n in range(1, max(fields) + 1))])


ADT = (
    "\r".join(
        [
            r"MSH|^~\&|APP|FAC|RCV|RFAC|20240101120000||ADT^A01|MSG1|P|2.5.1",
            r"PID|1||4455667^^^HOSP^MR~536-22-8741^^^USSSA^SS||DOE^JANE^Q^JR||19800321|F|||"
            r"12 Elm St^Apt 4^Hartford^CT^06106"
            r"||^PRN^PH^^1^860^5550142~^NET^Internet^jane.doe@example.org|||||AC778899|536-22-8741|D1234567^CT",
            r"NK1|1|ROE^RICHARD|SPO|9 Oak Ave^^Boston^MA^02110|(617) 555-0100",
            "|".join(
                [
                    "PV1",
                    "1",
                    "I",
                    "W^1^2",
                    "",
                    "",
                    "",
                    "1234567893^SMITH^ANN^^^DR^^^NPI",
                    *[""] * 11,
                    "V123^^^^VN",
                    *[""] * 24,
                    "20240101",
                ]
            ),
            r"DG1|1||E11.9^Type 2 diabetes^I10|||A",
            r"DG1|2||250.00^Diabetes^I9C|||A",
            r"DG1|3||44054006^Diabetes^SCT|||A",
            r"OBX|1|TX|NOTE^Note||Pt called from 860-555-0199 about \T\ results\.br\see chart||||||F",
            r"OBX|2|NM|GLU^Glucose||105|mg/dL|||||F",
            r"NTE|1||Lives with daughter",
            r"GT1|1||ROE^RICHARD||9 Oak Ave^^Boston^MA^02110|||19750102|M||SEL|401-33-9012",
            _seg(
                "IN1",
                {
                    1: "1",
                    2: "PLAN1",
                    4: "ACME HEALTH",
                    16: "DOE^JANE",
                    17: "SEL",
                    18: "19800321",
                    19: "12 Elm St^^Hartford^CT^06106",
                    36: "MBR0099887",
                },
            ),
            _seg("IN2", {2: "536-22-8741", 8: "MCD4455667"}),
        ]
    )
    + "\r"
)


def test_sniff() -> None:
    r = Hl7v2Reader()
    assert r.sniff(ADT.encode(), "x.txt") == 0.95
    assert r.sniff(b"\x0b" + ADT.encode(), "x") == 0.95
    assert r.sniff(b"FHS|^~\\&|APP\rBHS|^~\\&\r" + ADT.encode(), "x") == 0.95
    assert r.sniff(b"some log line\nMSH|^~\\&|A|B\n", "x.log") == 0.7
    assert r.sniff(b"MSHA is not a header\n", "x.hl7") == 0.0
    assert r.sniff(b'{"resourceType": "Patient"}', "x.hl7") == 0.0
    assert r.sniff(b"ISA*00*          *00*", "x.edi") == 0.0


def test_golden_adt_message() -> None:
    items = read(ADT.encode())
    recs = records(items)
    assert set(recs) == {"msg1/PID", "msg1/NK1", "msg1/PV1-7", "msg1/GT1", "msg1/IN1"}
    assert {k: r.role for k, r in recs.items()} == {
        "msg1/PID": "patient",
        "msg1/NK1": "next_of_kin",
        "msg1/PV1-7": "provider",
        "msg1/GT1": "guarantor",
        "msg1/IN1": "insured",
    }
    assert values(recs["msg1/PID"]) == {
        ("PID-3", "mrn", "4455667"),
        ("PID-3", "ssn", "536-22-8741"),
        ("PID-5", "person_name", "JANE Q DOE JR"),
        ("PID-7", "dob", "19800321"),
        ("PID-11", "street_address", "12 Elm St Apt 4"),
        ("PID-11", "city_state_zip", "Hartford, CT 06106"),
        ("PID-13", "phone", "(860) 555-0142"),
        ("PID-13", "email", "jane.doe@example.org"),
        ("PID-18", None, "AC778899"),
        ("PID-19", "ssn", "536-22-8741"),
        ("PID-20", "drivers_license", "D1234567"),
        ("PV1-19", None, "V123"),
        ("PV1-44", "date", "20240101"),
        ("DG1-3", "icd10_diagnosis", "E11.9"),
        ("DG1-3", None, "250.00"),
        ("OBX-5", None, "Pt called from 860-555-0199 about & results\nsee chart"),
        ("NTE-3", None, "Lives with daughter"),
    }
    assert values(recs["msg1/PV1-7"]) == {
        ("PV1-7", "person_name", "ANN SMITH"),
        ("PV1-7", "npi", "1234567893"),
    }
    assert values(recs["msg1/GT1"]) == {
        ("GT1-3", "person_name", "RICHARD ROE"),
        ("GT1-5", "street_address", "9 Oak Ave"),
        ("GT1-5", "city_state_zip", "Boston, MA 02110"),
        ("GT1-8", "dob", "19750102"),
        ("GT1-12", "ssn", "401-33-9012"),
    }
    assert values(recs["msg1/IN1"]) >= {
        ("IN1-16", "person_name", "JANE DOE"),
        ("IN1-18", "dob", "19800321"),
        ("IN1-36", "health_plan_member_id", "MBR0099887"),
        ("IN2-2", "ssn", "536-22-8741"),
        ("IN2-8", "medicaid_id", "MCD4455667"),
    }
    assert not [i for i in items if isinstance(i, ReadIssue)]


def test_locations_point_at_the_values() -> None:
    text = ADT
    for rec in records(read(text.encode())).values():
        for f in rec.fields:
            assert f.loc.line is not None and f.loc.offset is not None and f.loc.length is not None
            if f.element in ("dob", "ssn", "mrn", "date", "npi", "icd10_diagnosis"):
                assert text[f.loc.offset : f.loc.offset + f.loc.length] == f.value
    pid = records(read(text.encode()))["msg1/PID"]
    assert {f.loc.line for f in pid.fields if f.loc.column == "PID-7"} == {2}
    assert [f.label for f in pid.fields if f.loc.column == "PID-7"] == ["PID-7 date of birth"]


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r"])
def test_any_segment_separator_and_mllp(sep: str) -> None:
    want = {k: values(r) for k, r in records(read(ADT.encode())).items()}
    plain = ADT.replace("\r", sep).encode()
    framed = b"".join(b"\x0b" + m + b"\x1c\r" for m in (plain, plain.replace(b"MSG1", b"MSG2")))
    assert {k: values(r) for k, r in records(read(plain)).items()} == want
    got = records(read(framed))
    assert {k: values(r) for k, r in got.items() if k.startswith("msg1/")} == want
    assert len(got) == 2 * len(want)


def test_declared_delimiters_and_escapes() -> None:
    msg = "MSH#*!@%#APP\rPID#1##77001*****MR##O@F@NEIL*MARY@X41@*@.br@!ALIAS*AL\r"
    recs = records(read(msg.encode()))
    assert values(recs["msg1/PID"]) == {
        ("PID-3", "mrn", "77001"),
        ("PID-5", "person_name", "MARYA O#NEIL"),
        ("PID-5", "person_name", "AL ALIAS"),
    }
    d = Delimiters()
    assert d.unescape(r"a\F\b\S\c\T\d\R\e\E\f") == "a|b^c&d~e\\f"
    assert d.unescape(r"\H\bold\N\ \X4A4F\ \Zxy\ \C2842\ \.sp 2\end") == "bold JO   \nend"
    assert d.unescape("unterminated \\F and \\Q\\") == "unterminated \\F and \\Q\\"


def test_bad_encoding_characters_are_an_issue_and_the_rest_is_read() -> None:
    bad = "MSH|^^\\&|APP\rPID|1||999^^^^MR||BAD^NAME\r"
    data = (ADT + bad + ADT.replace("MSG1", "MSG3")).encode()
    items = read(data)
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [(i.kind, i.loc.line if i.loc else None) for i in issues] == [
        (ErrorKind.CORRUPT, ADT.count("\r") + 1)
    ]
    assert "message 2" in issues[0].message and "BAD" not in issues[0].message
    assert "msg1/PID" in records(items) and "msg3/PID" in records(items)
    assert not any(k.startswith("msg2/") for k in records(items))
    assert [u.text for u in items if isinstance(u, TextUnit)] == [bad.strip("\r").replace("\r", "\n")]


def test_text_before_the_first_message_and_continuation_lines() -> None:
    data = (
        "garbage line with SSN 536-22-8741\n" + ADT.replace("about \\T\\ results", "about\nresults continued")
    ).encode()
    items = read(data)
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert len(issues) == 1 and issues[0].kind == ErrorKind.CORRUPT
    units = [i for i in items if isinstance(i, TextUnit)]
    assert units[0].text == "garbage line with SSN 536-22-8741" and units[0].loc.line == 1
    obx = [f.value for f in records(items)["msg1/PID"].fields if f.loc.column == "OBX-5"]
    assert obx == ["Pt called from 860-555-0199 about\nresults continued\nsee chart"]


def test_truncated_mllp_frame() -> None:
    data = b"\x0b" + ADT.encode() + b"\x1c\r\x0b" + ADT.encode()[:200]
    items = read(data)
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.TRUNCATED]
    assert "message 2" in issues[0].message
    assert "msg1/GT1" in records(items) and "msg2/PID" in records(items)


def test_batch_envelope() -> None:
    data = ("FHS|^~\\&|APP\rBHS|^~\\&|APP\r" + ADT + ADT + "BTS|2\rFTS|1\r").encode()
    items = read(data)
    assert not [i for i in items if isinstance(i, ReadIssue | TextUnit)]
    assert {"msg1/PID", "msg2/PID"} <= set(records(items))


def test_encapsulated_documents() -> None:
    payload = base64.b64encode(b"%PDF-1.4 report for JANE DOE").decode()
    ed = f"OBX|3|ED|PDF^Report||APP^Application^PDF^Base64^{payload}||||||F\r"
    bad = "OBX|4|ED|PDF^Report||APP^Application^PDF^Base64^@@not base64@@||||||F\r"
    items = read((ADT + ed + bad).encode())
    children = [i for i in items if isinstance(i, ChildBlob)]
    assert [(c.name, c.data) for c in children] == [("msg1-OBX-ED1.pdf", b"%PDF-1.4 report for JANE DOE")]
    issues = [i for i in items if isinstance(i, ReadIssue)]
    assert [i.kind for i in issues] == [ErrorKind.CORRUPT] and "not base64" not in issues[0].message
    assert "msg1/IN1" in records(items)


def test_multiple_patients_and_mother() -> None:
    msg = (
        "MSH|^~\\&|A\rPID|1||1111^^^^MR||ONE^ANN||||||||||||||||||||||||||||||||\r"
        "PID|2||2222^^^^MR||TWO^BEN|SMITH^MOM\rNTE|1||note about ben\r"
    )
    recs = records(read(msg.encode()))
    assert set(recs) == {"msg1/PID", "msg1/PID[2]", "msg1/PID/mother"}
    assert ("NTE-3", None, "note about ben") in values(recs["msg1/PID[2]"])
    assert recs["msg1/PID/mother"].role == "related_person"
