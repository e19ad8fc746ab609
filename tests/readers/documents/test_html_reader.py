"""HTML page text and streamed generic XML."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from docreader_helpers import blob_of, read_items

from phiscope.errors import DocumentError, ErrorKind
from phiscope.model import ReadIssue, TextUnit
from phiscope.readers.html import HtmlReader, XmlReader

PAGE = b"""<!DOCTYPE html><html><head><title>Portal</title><style>p{color:red}</style>
<script>var ssn = "000-00-0000";</script></head><body>
<h1>Patient   Summary</h1><!-- internal note 999-99-9999 -->
<p>Name: <b>Jane</b>
   Doe</p><table><tr><th>SSN</th><td>123-45-6789</td></tr><tr><th>DOB</th><td>01/02/1980</td></tr></table>
<div>Phone<br>555-0100</div><form><input name="mrn" value="A1001"></form></body></html>"""


def test_golden_html() -> None:
    (unit,) = read_items(HtmlReader(), blob_of(PAGE, "p.html"))
    assert isinstance(unit, TextUnit)
    assert unit.text == ("Portal\nPatient Summary\nName: Jane Doe\nSSN\t123-45-6789\nDOB\t01/02/1980\n"
                         "Phone\n555-0100\nA1001\n")
    assert "000-00-0000" not in unit.text and "999-99-9999" not in unit.text
    assert (unit.loc.line, unit.loc.offset) == (1, 0)


def test_html_charset_from_meta() -> None:
    data = '<html><head><meta charset="windows-1252"></head><body><p>Renée “Doe”</p></body></html>'
    (unit,) = read_items(HtmlReader(), blob_of(data.encode("cp1252"), "p.htm"))
    assert isinstance(unit, TextUnit) and unit.text == "Renée “Doe”\n"


def test_xhtml_with_xml_declaration() -> None:
    data = b'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>'
    assert HtmlReader().sniff(data, "a") == 0.9
    (unit,) = read_items(HtmlReader(), blob_of(data, "a.xhtml"))
    assert isinstance(unit, TextUnit) and unit.text == "x\n"


def test_empty_html_yields_nothing() -> None:
    assert read_items(HtmlReader(), blob_of(b"", "e.html")) == []


XML = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<export xmlns="urn:example">
  <patient id="p1" ssn="123-45-6789">
    <name>Jane <i>Q</i> Doe</name>
    <dob>1980-01-02</dob>
    <leak>&xxe;</leak>
  </patient>
  loose text
  <patient><name>John Roe</name></patient>
</export>"""


def test_golden_xml() -> None:
    items = read_items(XmlReader(), blob_of(XML, "e.xml"))
    got = [(i.text, i.label, i.loc.line) for i in items if isinstance(i, TextUnit)]
    assert got == [
        ("p1", "id", 4), ("123-45-6789", "ssn", 4),
        ("Jane", "name", 5), ("Q", "i", 5), ("Doe", "name", 5),
        ("1980-01-02", "dob", 6),
        ("loose text", "export", 3),
        ("John Roe", "name", 10),
    ]
    assert not any("root:" in t for t, _, _ in got)  # the external entity was not resolved


def test_malformed_xml() -> None:
    with pytest.raises(DocumentError) as err:
        read_items(XmlReader(), blob_of(b"<a><b></a>", "m.xml"))
    assert err.value.kind == ErrorKind.CORRUPT
    items = read_items(XmlReader(), blob_of(b"<a><b>Jane</b><c>", "m.xml"))
    assert isinstance(items[0], TextUnit) and items[0].text == "Jane"
    assert isinstance(items[-1], ReadIssue) and items[-1].kind == ErrorKind.CORRUPT


_CHILD = """
import sys
from phiscope.readers.base import ReadContext
from phiscope.readers.html import XmlReader
from phiscope.sources.blob import Blob
n = sum(1 for _ in XmlReader().read(Blob(sys.argv[1], "x.xml", fs_path=sys.argv[1]), ReadContext()))
# VmHWM: this process's peak RSS (ru_maxrss would include the forking pytest process)
peak = next(int(ln.split()[1]) for ln in open("/proc/self/status") if ln.startswith("VmHWM:"))
print(n, peak // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_large_xml_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    record = b"".join(b"<r><ssn>123-45-%04d</ssn><name>Jane Doe</name></r>\n" % i for i in range(10_000))
    with path.open("wb") as f:
        f.write(b"<export>")
        for _ in range(20):
            f.write(record)
        f.write(b"</export>")
    cmd = [sys.executable, "-c", _CHILD, str(path)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True)
    count, peak_mb = map(int, out.stdout.split())
    assert count == 400_000
    assert peak_mb < 100  # ~35 MB streamed; parsing the whole 10 MB file into a tree peaks at ~160 MB


@pytest.mark.parametrize(
    ("reader", "head", "score"),
    [
        (HtmlReader(), b"<!doctype html><p>x", 0.9),
        (HtmlReader(), b"  <html lang=en>", 0.9),
        (HtmlReader(), b"<?xml version='1.0'?><note/>", 0.0),
        (XmlReader(), b"<?xml version='1.0'?><note/>", 0.5),
        (XmlReader(), b"<note><to>x</to></note>", 0.4),
        (XmlReader(), b"\xff\xfe" + "<?xml version='1.0'?><a/>".encode("utf-16-le"), 0.5),
        (XmlReader(), b"a < b and c > d", 0.0),
    ],
)
def test_sniff(reader: HtmlReader | XmlReader, head: bytes, score: float) -> None:
    assert reader.sniff(head, "file") == score


def test_stream_helper_accepts_file_objects() -> None:
    from phiscope.model import Location
    from phiscope.readers.html.xmltext import xml_items

    items = xml_items(io.BytesIO(b"<a>x</a>"), Location("p"))
    assert [i.text for i in items if isinstance(i, TextUnit)] == ["x"]
