"""The DICOM reader: sniffing, and the header read under pydicom's warnings kept quiet."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, Record
from phiscope.readers.base import ReadContext, Reader
from phiscope.sources.blob import Blob

if TYPE_CHECKING:  # pydicom (0.1 s to import) is loaded with the first DICOM file, not with the reader
    from phiscope.readers.dicom import encapsulated

_VRS = frozenset(b"AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL "
                 b"UN UR US UT UV".split())
_LONG_VRS = frozenset(b"OB OD OF OL OV OW SQ SV UC UN UR UT UV".split())
_FIRST_GROUPS = (0x0002, 0x0008)


def _elements(head: bytes, order: Literal["little", "big"], explicit: bool) -> int:
    """How many well-formed data elements (ascending tags of groups 0002-0010, even lengths under
    1 KB) the bytes start with, up to three."""
    pos = count = 0
    last = -1
    while count < 3 and pos + 8 <= len(head):
        group = int.from_bytes(head[pos:pos + 2], order)
        tag = group << 16 | int.from_bytes(head[pos + 2:pos + 4], order)
        if tag <= last or group > 0x0010 or (count == 0 and group not in _FIRST_GROUPS):
            return 0
        vr = head[pos + 4:pos + 6]
        if not explicit:
            size, length = 8, int.from_bytes(head[pos + 4:pos + 8], order)
        elif vr not in _VRS:
            return 0
        elif vr in _LONG_VRS:
            size, length = 12, int.from_bytes(head[pos + 8:pos + 12], order)
        else:
            size, length = 8, int.from_bytes(head[pos + 6:pos + 8], order)
        if length % 2 or length >= 1024:
            return 0
        pos, last, count = pos + size + length, tag, count + 1
    return count


def bare_dataset(head: bytes) -> bool:
    """True when the bytes start with a DICOM data set written without preamble and meta header."""
    return (_elements(head, "little", False) >= 3 or _elements(head, "little", True) >= 3
            or _elements(head, "big", True) >= 3)


@dataclass(slots=True)
class _Header:
    """What the header gave: its records, its issues and an encapsulated document."""

    records: list[Record]
    issues: list[ReadIssue]
    document: encapsulated.Document | None


def _read_header(blob: Blob) -> _Header:
    """Parse and walk the header in one go: pydicom's warnings (which quote values) are caught here,
    never shown."""
    from phiscope.readers.dicom import encapsulated
    from phiscope.readers.dicom.load import load
    from phiscope.readers.dicom.persons import Walker

    loc = Location(blob.display_path)
    with warnings.catch_warnings(record=True) as caught, blob.open() as fp:
        warnings.simplefilter("always")
        loaded = load(fp, blob.size)
        walker = Walker(blob.display_path)
        walker.walk(loaded.ds)
        document = encapsulated.find(loaded.ds)
    issues = walker.issues
    problem = loaded.problem
    if problem is None and any("End of file" in str(w.message) for w in caught):
        problem = (ErrorKind.TRUNCATED, "the file ends inside a sequence; the elements before it were read")
    if problem is not None:
        issues.insert(0, ReadIssue(problem[0], problem[1], loc))
    return _Header(walker.records(), issues, document)


class DicomReader(Reader):
    """Person records of DICOM headers (patient, mother, institution, physicians); never pixel data."""

    id: ClassVar[str] = "dicom"
    extensions: ClassVar[tuple[str, ...]] = (".dcm", ".dicom", ".ima")
    priority: ClassVar[int] = 5

    def __init__(self) -> None:
        # pydicom logs (as well as warns) invalid values with the value in the message
        logging.getLogger("pydicom").setLevel(logging.CRITICAL)

    def sniff(self, head: bytes, name: str) -> float:
        """0.98 for the ``DICM`` magic at offset 128; 0.6 (0.8 with a DICOM extension) for a data set
        without preamble; 0.3 for the extension alone."""
        named = name.lower().endswith(self.extensions)
        if head[128:132] == b"DICM":
            return 0.98
        if bare_dataset(head):
            return 0.8 if named else 0.6
        return 0.3 if named else 0.0

    def read(self, blob: Blob, ctx: ReadContext) -> Iterator[ReadItem]:
        """The records of the header, its issues, then an encapsulated document as a ChildBlob."""
        header = _read_header(blob)
        yield from header.records
        yield from header.issues
        if header.document is not None:
            from phiscope.readers.dicom import encapsulated

            child = encapsulated.child(blob, header.document, ctx)
            if child is not None:
                yield child
