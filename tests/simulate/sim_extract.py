"""Independent readers for simulator tests: open ``!/`` path chains, extract text.

Deliberately written with standard libraries (zipfile, tarfile, email, csv,
json) plus pypdfium2, python-calamine and py7zr -- not phiscope's readers.
"""

from __future__ import annotations

import csv
import email
import io
import json
import re
import tarfile
import zipfile
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import py7zr
import pypdfium2 as pdfium
from lxml import etree
from py7zr.io import BytesIOFactory
from python_calamine import CalamineWorkbook

from tests.simulate.sim_dicom import dicom_text
from tests.simulate.sim_interchange import cda_text, hl7_text, ndjson_text, x12_text

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def member_names(name: str, data: bytes) -> list[str]:
    """Names of the members of a container (zip, 7z, tar.gz, eml attachments)."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    if name.endswith(".7z"):
        with py7zr.SevenZipFile(io.BytesIO(data)) as sz:
            return list(sz.getnames())
    if name.endswith(".tar.gz"):
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tf:
            return tf.getnames()
    if name.endswith(".eml"):
        return [str(p.get_filename()) for p in parse_mail(data).iter_attachments()]
    if name.endswith(".mbox"):
        return [f"msg{n}/{p.get_filename()}" for n, msg in enumerate(mbox_messages(data), 1)
                for p in msg.iter_attachments()]
    raise AssertionError(f"not a container: {name}")


def read_member(name: str, data: bytes, member: str) -> bytes:
    """Bytes of one member of a container."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.read(member)
    if name.endswith(".7z"):
        factory = BytesIOFactory(1 << 26)
        with py7zr.SevenZipFile(io.BytesIO(data)) as sz:
            sz.extract(targets=[member], factory=factory)
        product = factory.get(member)
        product.seek(0)
        return bytes(product.read())
    if name.endswith(".tar.gz"):
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tf:
            f = tf.extractfile(member)
            assert f is not None
            return f.read()
    if name.endswith(".mbox"):
        number, _, member = member.partition("/")
        msg = mbox_messages(data)[int(number.removeprefix("msg")) - 1]
        return read_member("x.eml", msg.as_bytes(), member)
    if name.endswith(".eml"):
        for part in parse_mail(data).iter_attachments():
            if part.get_filename() == member:
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                return payload
    raise AssertionError(f"no member {member} in {name}")


def open_chain(root: Path, chain: str) -> tuple[str, bytes]:
    """(innermost name, bytes) of ``a.zip!/b.7z!/c.csv`` under ``root``."""
    first, *members = chain.split("!/")
    name, data = first, (root / first).read_bytes()
    for member in members:
        data = read_member(name, data, member)
        name = member
    return name, data


def parse_mail(data: bytes) -> EmailMessage:
    """Parse an RFC 5322 message."""
    msg = email.message_from_bytes(data, policy=policy.default)
    assert isinstance(msg, EmailMessage)
    return msg


def mbox_messages(data: bytes) -> list[EmailMessage]:
    """Messages of an mbox: split at envelope lines, undo ``>From`` quoting."""
    out = []
    for chunk in re.split(rb"(?:^|\n)From [^\n]*\n", data)[1:]:
        out.append(parse_mail(re.sub(rb"(?m)^>From ", b"From ", chunk)))
    return out


def mail_text(msg: EmailMessage) -> str:
    """Headers plus decoded text parts (attachments excluded)."""
    lines = [f"{k}: {v}" for k, v in msg.items()]
    body = msg.get_body(preferencelist=("plain",))
    if body is not None:
        lines.append(body.get_content())
    return "\n".join(lines)


def decode(name: str, data: bytes) -> str:
    """Text files: UTF-8, or cp1252 for the legacy export."""
    return data.decode("cp1252" if "cp1252" in name else "utf-8")


def pdf_pages(data: bytes) -> list[str]:
    """Text of each page."""
    doc = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def docx_paragraphs(data: bytes) -> tuple[list[str], list[str]]:
    """(body paragraphs, every paragraph incl. table cells) of word/document.xml."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    body = root.find(f"{W_NS}body")
    assert body is not None

    def text(p: Any) -> str:
        return "".join(t.text or "" for t in p.iter(f"{W_NS}t"))

    return [text(p) for p in body.findall(f"{W_NS}p")], [text(p) for p in body.iter(f"{W_NS}p")]


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the simulator records it: integral floats as digits, dates ISO."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_sheets(data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet as rows of cell texts."""
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {n: [[cell_text(c) for c in row] for row in wb.get_sheet_by_name(n).to_python()]
            for n in wb.sheet_names}


def delimited_rows(text: str) -> list[dict[str, str]]:
    """Data rows of a delimited file; the delimiter is the header line's commonest of , | tab ;."""
    header = text.splitlines()[0]
    delim = max(",|\t;", key=header.count)
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delim))


def json_at(doc: Any, path: str) -> Any:
    """Value at a simple JSON path like ``$.patients[3].name.given[0]``."""
    node = doc
    for token in path.removeprefix("$").replace("[", ".[").split("."):
        if not token:
            continue
        node = node[int(token[1:-1])] if token.startswith("[") else node[token]
    return node


def text_of(name: str, data: bytes) -> str:
    """All extractable text of a non-container file, for substring checks."""
    if name.endswith(".pdf"):
        return "\n".join(pdf_pages(data))
    if name.endswith(".docx"):
        return "\n".join(docx_paragraphs(data)[1])
    if name.endswith(".xlsx"):
        return "\n".join("\t".join(r) for rows in xlsx_sheets(data).values() for r in rows)
    if name.endswith(".eml"):
        return mail_text(parse_mail(data))
    if name.endswith(".mbox"):
        return "\n".join(mail_text(m) for m in mbox_messages(data))
    if name.endswith(".json"):
        json.loads(data)  # must be valid JSON
    if name.endswith(".hl7"):
        return hl7_text(decode(name, data))
    if name.startswith("exports/fhir/"):
        return ndjson_text(decode(name, data))
    if name.endswith(".x12"):
        return x12_text(decode(name, data))
    if name.startswith("letters/ccd/"):
        return cda_text(data)
    if name.endswith(".dcm"):
        return dicom_text(data)
    return decode(name, data)
