"""Small OOXML/OpenDocument files written member by member, to control every part."""

from __future__ import annotations

from pathlib import Path

from docreader_helpers import write_zip

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_OFFICE = "application/vnd.openxmlformats-officedocument"
_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       'content-types"><Default Extension="xml" ContentType="application/xml"/>'
       f'<Default Extension="xlsx" ContentType="{_OFFICE}.spreadsheetml.sheet"/>'
       f'<Override PartName="/{{main}}" ContentType="{_OFFICE}.{{kind}}.main+xml"/>'
       "</Types>")


def _p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def _r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _row(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{_p(_r(c))}</w:tc>" for c in cells) + "</w:tr>"


def docx(path: Path, embedded: bytes | None = None) -> Path:
    """A DOCX with paragraphs, tabs/breaks, a deletion, a content control, two tables and notes."""
    body = "".join([
        _p(_r("Patient: Jane Doe")),
        _p('<w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>', _r("SSN"),
           "<w:r><w:tab/></w:r>", _r("123-45-6789"), "<w:r><w:br/></w:r>", _r("second line")),
        _p(_r("Old MRN "), '<w:del w:id="1" w:author="x"><w:r><w:delText>A-77</w:delText></w:r></w:del>'),
        f"<w:sdt><w:sdtContent>{_p(_r('In a content control'))}</w:sdtContent></w:sdt>",
        "<w:tbl>" + _row("Name", "DOB", "Phone") + _row("Jane Doe", "1980-01-02", "555-0100")
        + _row("John Roe", "1990-03-04", "555-0101") + "</w:tbl>",
        "<w:tbl>" + _row("Name:", "Jane Doe") + _row("Phone:", "555-0100") + "</w:tbl>",
        _p(_r("Closing paragraph")),
        "<w:sectPr/>",
    ])
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": _CT.format(main="word/document.xml", kind="wordprocessingml.document"),
        "word/document.xml": f"<w:document {W_NS}><w:body>{body}</w:body></w:document>",
        "word/header1.xml": f"<w:hdr {W_NS}>{_p(_r('Header MRN 555'))}</w:hdr>",
        "word/footer1.xml": f"<w:ftr {W_NS}>{_p(_r('Page footer'))}</w:ftr>",
        "word/footnotes.xml": f"<w:footnotes {W_NS}><w:footnote w:id='1'>{_p(_r('See chart 42'))}"
                              "</w:footnote></w:footnotes>",
        "word/comments.xml": f"<w:comments {W_NS}><w:comment w:id='0'>{_p(_r('Verify DOB'))}"
                             "</w:comment></w:comments>",
    }
    if embedded is not None:
        members["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = embedded
    return write_zip(path, members)


_P_NS = ('xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
         'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_RELS_NS = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
_NOTES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"


def _slide(*paragraphs: str) -> str:
    ps = "".join(f"<a:p><a:r><a:t>{t}</a:t></a:r></a:p>" for t in paragraphs)
    tree = f"<p:spTree><p:sp><p:txBody>{ps}</p:txBody></p:sp></p:spTree>"
    return f"<p:sld {_P_NS}><p:cSld>{tree}</p:cSld></p:sld>"


def pptx(path: Path) -> Path:
    """Two slides stored as slide1/slide2 but shown in the order slide2, slide1; notes on one."""
    rel = '<Relationship Id="{id}" Type="x/slide" Target="{target}"/>'
    return write_zip(path, {
        "[Content_Types].xml": _CT.format(main="ppt/presentation.xml", kind="presentationml.presentation"),
        "ppt/presentation.xml": f'<p:presentation {_P_NS}><p:sldIdLst><p:sldId id="256" r:id="rId3"/>'
                                '<p:sldId id="257" r:id="rId2"/></p:sldIdLst></p:presentation>',
        "ppt/_rels/presentation.xml.rels": f"<Relationships {_RELS_NS}>"
        + rel.format(id="rId2", target="slides/slide1.xml")
        + rel.format(id="rId3", target="/ppt/slides/slide2.xml")
        + "</Relationships>",
        "ppt/slides/slide1.xml": _slide("Second shown", "MRN 12345"),
        "ppt/slides/slide2.xml": _slide("Title: Case review", "Patient Jane Doe"),
        "ppt/slides/_rels/slide2.xml.rels": f'<Relationships {_RELS_NS}><Relationship Id="rId1" '
        f'Type="{_NOTES_TYPE}" Target="../notesSlides/notesSlide1.xml"/></Relationships>',
        "ppt/notesSlides/notesSlide1.xml": _slide("Speaker note: DOB 1980-01-02"),
    })


_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def odf(path: Path, mime: str, body: str) -> Path:
    """An OpenDocument file with the given ``office:body`` content."""
    content = f"<office:document-content {_ODF_NS}><office:body>{body}</office:body>"
    content += "</office:document-content>"
    return write_zip(path, {"mimetype": mime, "content.xml": content}, stored_first="mimetype")
