"""The ``where`` hints of the truth point at the right row, cell, page, paragraph, path or line."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from phiscope.simulate import TruthRecord
from tests.simulate.conftest import Corpus
from tests.simulate.sim_dicom import dicom_columns
from tests.simulate.sim_extract import (
    decode,
    delimited_rows,
    docx_paragraphs,
    json_at,
    mail_text,
    mbox_messages,
    open_chain,
    parse_mail,
    pdf_pages,
    xlsx_sheets,
)
from tests.simulate.sim_interchange import cda_text, hl7_text, ndjson_text, x12_text
from tests.simulate.sim_sql import sql_tables

Check = Callable[[str, bytes, list[TruthRecord]], None]


def _check_delimited(name: str, data: bytes, records: list[TruthRecord]) -> None:
    rows = delimited_rows(decode(name, data))
    for r in records:
        assert rows[r.where["row"] - 1][r.where["column"]] == r.value, (name, r)


def _check_lines(name: str, data: bytes, records: list[TruthRecord]) -> None:
    lines = decode(name, data).split("\n")
    for r in records:
        assert r.value in lines[r.where["line"] - 1], (name, r)


def _check_xlsx(name: str, data: bytes, records: list[TruthRecord]) -> None:
    sheets = xlsx_sheets(data)
    for r in records:
        ref = r.where["cell"]
        col = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(ref.rstrip("0123456789")))) - 1
        row = int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
        assert sheets[r.where["sheet"]][row][col] == r.value, (name, r)


def _check_pdf(name: str, data: bytes, records: list[TruthRecord]) -> None:
    pages = pdf_pages(data)
    for r in records:
        assert r.value in pages[r.where["page"] - 1], (name, r)


def _check_docx(name: str, data: bytes, records: list[TruthRecord]) -> None:
    body, _ = docx_paragraphs(data)
    for r in records:
        if "paragraph" in r.where:
            assert r.value in body[r.where["paragraph"] - 1], (name, r)
        else:
            assert {"table", "row", "column"} <= set(r.where)


def _check_json(name: str, data: bytes, records: list[TruthRecord]) -> None:
    text = data.decode("utf-8")
    if name.endswith(".ndjson"):
        docs: list[Any] = [json.loads(ln) for ln in text.splitlines()]
    else:
        docs = [json.loads(text)]
    for r in records:
        doc = docs[r.where["line"] - 1] if "line" in r.where else docs[0]
        node = json_at(doc, r.where["json_path"])
        if name.startswith("exports/fhir/"):  # names and addresses as a reader joins them
            assert r.value in ndjson_text(json.dumps(node, ensure_ascii=False)), (name, r)
        else:
            assert node == r.value, (name, r)


def _check_hl7(name: str, data: bytes, records: list[TruthRecord]) -> None:
    segments = decode(name, data).split("\r")
    for r in records:
        seg, _, n = r.where["column"].partition("-")
        fields = segments[r.where["line"] - 1].split("|")
        assert fields[0] == seg and r.value in hl7_text(fields[int(n)]), (name, r)


def _check_x12(name: str, data: bytes, records: list[TruthRecord]) -> None:
    lines = decode(name, data).split("\n")
    for r in records:
        seg = lines[r.where["line"] - 1]
        assert seg.startswith(r.where["column"][:-2] + "*") and r.value in x12_text(seg), (name, r)


def _check_cda(name: str, data: bytes, records: list[TruthRecord]) -> None:
    root = etree.fromstring(data)
    for r in records:
        at = [el for el in root.iter() if isinstance(el.tag, str) and el.sourceline == r.where["line"]]
        assert at and r.value in cda_text(etree.tostring(at[0])), (name, r)


def _check_eml(name: str, data: bytes, records: list[TruthRecord]) -> None:
    msg = parse_mail(data)
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    for r in records:
        if "header" in r.where:
            assert r.value in str(msg[r.where["header"]]), (name, r)
        else:
            assert r.where["part"] == "body" and r.value in body.get_content(), (name, r)


def _check_mbox(name: str, data: bytes, records: list[TruthRecord]) -> None:
    messages = mbox_messages(data)
    for r in records:
        assert r.value in mail_text(messages[r.where["message"] - 1]), (name, r)


def _check_dicom(name: str, data: bytes, records: list[TruthRecord]) -> None:
    columns = dicom_columns(data)
    for r in records:
        assert any(r.value in form for form in columns[r.where["column"]]), (name, r)


def _check_sql(name: str, data: bytes, records: list[TruthRecord]) -> None:
    tables = sql_tables(data.decode("utf-8"))
    for r in records:
        assert tables[r.where["sheet"]][r.where["row"] - 1][r.where["column"]] == r.value, (name, r)


CHECKS: dict[str, Check] = {
    "csv": _check_delimited, "tsv": _check_delimited, "xlsx": _check_xlsx, "pdf": _check_pdf,
    "docx": _check_docx, "json": _check_json, "ndjson": _check_json, "eml": _check_eml, "mbox": _check_mbox,
    "hl7": _check_hl7, "x12": _check_x12, "xml": _check_cda, "dcm": _check_dicom, "sql": _check_sql,
}


def test_where_hints(corpus: Corpus) -> None:
    seen = set()
    for chain, records in corpus.truth.by_file().items():
        name, data = open_chain(corpus.root, chain)
        fmt = records[0].fmt
        check: Check = CHECKS[fmt] if fmt != "txt" else (
            _check_delimited if "row" in records[0].where else _check_lines)
        check(name, data, records)
        seen.add(fmt)
    assert seen == {*CHECKS, "txt"}


def test_lab_reports_are_multi_page_with_patient_on_each_page(corpus: Corpus) -> None:
    labs = {c: rs for c, rs in corpus.truth.by_file().items() if c.startswith("labs/")}
    assert labs
    for chain, records in labs.items():
        pages = {r.where["page"] for r in records}
        assert len(pages) >= 2, chain
        mrn_pages = {r.where["page"] for r in records if r.element == "mrn"}
        assert mrn_pages == pages, chain
