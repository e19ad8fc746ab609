"""EML reader: PII headers, bodies (text, HTML, charsets), attachments, malformed messages."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage
from pathlib import Path

from container_helpers import child_bytes, ctx_for, run

from phiscope.errors import ErrorKind
from phiscope.readers.eml import EmlReader
from phiscope.readers.eml.decode import clean, decode_bytes, split_text
from phiscope.readers.eml.html import html_to_text
from phiscope.readers.zip import ZipReader

CSV = b"name,ssn\nJohn Smith,123-45-6789\n"


def inner_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("labs/result.txt", "MRN 0012345")
    return buf.getvalue()


def message_with_attachments() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Dr. José Alvarez <jose@clinic.example>"
    msg["To"] = "patient@example.com, Jane Roe <jane@example.com>"
    msg["Cc"] = "billing@clinic.example"
    msg["Subject"] = "Résultats for John Smith"
    msg["Message-ID"] = "<1@clinic.example>"
    msg["Date"] = "Mon, 1 Jan 2024 10:00:00 +0000"
    msg.set_content("Patient John Smith, DOB 01/02/1960\n")
    msg.add_alternative("<html><body><p>Patient <b>John</b> Smith</p><table><tr><td>SSN</td>"
                        "<td>123-45-6789</td></tr></table></body></html>", subtype="html")
    msg.add_attachment(CSV, maintype="text", subtype="csv", filename="patients.csv")
    msg.add_attachment(inner_zip(), maintype="application", subtype="zip", filename="labs.zip")
    forwarded = EmailMessage()
    forwarded["From"] = "lab@example.com"
    forwarded["Subject"] = "fwd"
    forwarded.set_content("inner body")
    msg.add_attachment(forwarded)
    msg.add_attachment(b"\x89PNG\r\n\x1a\n0000", maintype="image", subtype="png")
    return msg.as_bytes()


def test_headers_bodies_and_attachments(tmp_path: Path) -> None:
    result = run(EmlReader(), message_with_attachments(), "mail.eml", ctx_for(tmp_path))
    headers = {(t.label, t.text) for t in result.texts if t.loc.mime_part == "headers"}
    assert headers == {
        ("From", '"Dr. José Alvarez" <jose@clinic.example>'),
        ("To", "patient@example.com, Jane Roe <jane@example.com>"),
        ("Cc", "billing@clinic.example"),
        ("Subject", "Résultats for John Smith"),
    }
    bodies = {t.loc.mime_part: t.text for t in result.texts if t.loc.mime_part != "headers"}
    assert bodies == {"1.1": "Patient John Smith, DOB 01/02/1960\n",
                      "1.2": "Patient John Smith\nSSN\t123-45-6789"}
    names = {c.name: c.mime_part for c in result.children}
    assert names == {"patients.csv": "2", "labs.zip": "3", "part-4.eml": "4", "part-5.png": "5"}
    data = {c.name: child_bytes(c) for c in result.children}
    assert data["patients.csv"] == CSV
    assert ZipReader().sniff(data["labs.zip"][:8192], "labs.zip") == 0.9
    assert b"inner body" in data["part-4.eml"]
    assert EmlReader().sniff(data["part-4.eml"], "part-4.eml") >= 0.9
    assert result.issues == []


def test_single_part_message_is_part_1(tmp_path: Path) -> None:
    raw = b"From: a@example.com\r\nTo: b@example.com\r\nSubject: hi\r\n\r\nSSN 123-45-6789\r\n"
    result = run(EmlReader(), raw, "m.eml", ctx_for(tmp_path))
    assert [(t.loc.mime_part, t.text.strip()) for t in result.texts if t.label is None] == [
        ("1", "SSN 123-45-6789")]


def test_charsets(tmp_path: Path) -> None:
    raw = (b"From: a@example.com\nSubject: =?iso-8859-1?q?Ren=E9e?=\nMIME-Version: 1.0\n"
           b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n") \
        + "Renée Müller, née à Genève, vit à Zürich depuis longtemps.\n".encode("latin-1")
    result = run(EmlReader(), raw, "m.eml", ctx_for(tmp_path))
    assert ("Subject", "Renée") in {(t.label, t.text) for t in result.texts}
    body = next(t.text for t in result.texts if t.label is None)
    assert "Müller" in body and "Zürich" in body  # declared charset wrong: detected instead


def test_raw_8bit_header_bytes_do_not_leak_surrogates(tmp_path: Path) -> None:
    raw = "From: Zoë <z@example.com>\nTo: x@example.com\nSubject: Zoë\n\nbody\n".encode()
    result = run(EmlReader(), raw, "m.eml", ctx_for(tmp_path))
    for unit in result.texts:
        unit.text.encode("utf-8")  # would raise on a lone surrogate
    assert ("Subject", "Zoë") in {(t.label, t.text) for t in result.texts}


def test_malformed_multipart_is_corrupt_but_text_is_kept(tmp_path: Path) -> None:
    raw = (b"From: a@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=XYZ\n\n"
           b"no boundary ever appears; SSN 123-45-6789\n")
    result = run(EmlReader(), raw, "m.eml", ctx_for(tmp_path))
    assert result.kinds == [ErrorKind.CORRUPT]
    assert any("123-45-6789" in t.text for t in result.texts)


def test_bad_base64_is_reported(tmp_path: Path) -> None:
    raw = (b"From: a@example.com\nMIME-Version: 1.0\nContent-Type: application/pdf; name=a.pdf\n"
           b"Content-Transfer-Encoding: base64\n\nJVBER!!!i0xLjQK=\n")
    result = run(EmlReader(), raw, "m.eml", ctx_for(tmp_path))
    assert ErrorKind.DECODE in result.kinds
    assert [c.name for c in result.children] == ["a.pdf"]


def test_deep_nesting_is_stopped(tmp_path: Path) -> None:
    depth = 200
    parts = [f"Content-Type: multipart/mixed; boundary=b{i}\n\n--b{i}\n" for i in range(depth)]
    closing = [f"\n--b{i}--\n" for i in reversed(range(depth))]
    raw = ("From: a@example.com\nMIME-Version: 1.0\n" + "".join(parts)
           + "Content-Type: text/plain\n\ndeep text\n" + "".join(closing)).encode()
    result = run(EmlReader(), raw, "deep.eml", ctx_for(tmp_path))
    assert ErrorKind.NESTING_TOO_DEEP in result.kinds


def test_sniff() -> None:
    reader = EmlReader()
    raw = message_with_attachments()
    assert reader.sniff(raw[:8192], "x.bin") == 0.9
    assert reader.sniff(b"Received: from mx\nFrom: a@b\n\nbody", "x") == 0.9
    assert reader.sniff(b"From: a@b\nTo: c@d\nSubject: s\n\nbody", "x") == 0.9
    assert reader.sniff(b"name,ssn\nJohn,123-45-6789\n", "x.csv") == 0.0
    assert reader.sniff(b"Subject: notes\nplain text follows\n", "notes.txt") == 0.0
    assert reader.sniff(b"From a@b Sat Jan  3 01:05:34 1996\nFrom: a@b\n", "x") == 0.0  # mbox
    assert reader.sniff(b"anything", "mail.eml") == 0.4


def test_unparseable_is_never_a_crash(tmp_path: Path) -> None:
    result = run(EmlReader(), b"\x00\xff" * 100, "junk.eml", ctx_for(tmp_path))
    assert ErrorKind.CORRUPT in result.kinds


def test_helpers() -> None:
    assert decode_bytes("é".encode(), None) == ("é", False)
    assert decode_bytes(b"abc", "no-such-charset") == ("abc", False)
    assert decode_bytes(b"abc", "idna")[0] == "abc"
    assert clean("a\udce9b") == "a\ufffdb"
    assert clean("ok") == "ok"
    text = "word " * 100
    pieces = list(split_text(text, 64))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= 64 and p.endswith(" ") for _, p in pieces[:-1])
    assert [o for o, _ in pieces][1] == len(pieces[0][1])
    assert html_to_text("<script>x=1</script><p>a</p><p>b</p>") == "a\nb"
    assert html_to_text("") == ""


def test_empty_file_is_a_corrupt_message(tmp_path: Path) -> None:
    result = run(EmlReader(), b"", "e.eml", ctx_for(tmp_path))
    assert result.texts == [] and result.children == []
    assert result.kinds == [ErrorKind.CORRUPT]
