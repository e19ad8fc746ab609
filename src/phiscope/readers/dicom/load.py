"""Parsing a DICOM file's header with pydicom: never the pixel data, as much as can be read.

``load`` reads the File Meta Information and the data set up to the pixel data
(``stop_before_pixels``); values over ``DEFER_BYTES`` are not loaded unless a
field needs them (``defer_size``). When pydicom gives up part-way, the data
elements read before the failure are kept (``data_element_generator``), and
the problem is reported as an issue. Deflated data sets are inflated here,
with a cap, not by pydicom (which inflates whole files without a bound).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO, Literal

from pydicom import dcmread
from pydicom.datadict import dictionary_has_tag
from pydicom.dataelem import DataElement, RawDataElement
from pydicom.dataset import Dataset
from pydicom.filereader import data_element_generator, read_dataset, read_partial
from pydicom.tag import BaseTag
from pydicom.valuerep import VR

from phiscope.errors import DocumentError, ErrorKind

DEFER_BYTES = 64 << 10  # values larger than this stay on disk until a field needs them
INFLATE_CAP = 64 << 20  # most bytes of a deflated data set inflated (headers are far smaller)
_PIXEL_TAGS = frozenset({0x7FE00008, 0x7FE00009, 0x7FE00010})
_DEFLATED_UID = b"1.2.840.10008.1.2.1.99"
_VRS = frozenset(VR.__members__)
_LONG_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})


def _at_pixels(tag: BaseTag, vr: str | None, length: int) -> bool:
    return int(tag) in _PIXEL_TAGS


def _at_start(tag: BaseTag, vr: str | None, length: int) -> bool:
    return True


@dataclass(slots=True)
class Loaded:
    """A parsed header: the data set and what went wrong reading it (kind, message), if anything."""

    ds: Dataset
    problem: tuple[ErrorKind, str] | None = None


def deflated_start(fp: BinaryIO) -> int | None:
    """Offset of the deflated data set when the File Meta Information names Deflated Explicit VR LE
    (reads the meta group only)."""
    head = fp.read(144)
    if head[128:132] != b"DICM" or head[132:136] != b"\x02\x00\x00\x00" or head[136:138] != b"UL":
        return None
    size = int.from_bytes(head[140:144], "little")
    return 144 + size if _DEFLATED_UID in fp.read(min(size, 1 << 16)) else None


def load(fp: BinaryIO, size: int) -> Loaded:
    """The header of the file open as ``fp`` (``size`` bytes); DocumentError when nothing is readable."""
    start = deflated_start(fp)
    fp.seek(0)
    if start is not None:
        return _load_deflated(fp, start)
    try:
        ds = dcmread(fp, defer_size=DEFER_BYTES, stop_before_pixels=True, force=True)
    except Exception as e:  # pydicom raises many types on malformed input; all mean "bad file"
        return _salvage(fp, size, type(e).__name__)
    _check_nonempty(ds)
    if _truncated(ds, fp, size):
        return Loaded(ds, (ErrorKind.TRUNCATED, "the file ends inside a data element; the header "
                                                "elements before it were read"))
    return Loaded(ds)


def _check_nonempty(ds: Dataset) -> None:
    """DocumentError unless there is File Meta Information or a standard data element."""
    if not getattr(ds, "file_meta", None) and not any(dictionary_has_tag(tag) for tag in ds.keys()):  # noqa: SIM118 (iterating a Dataset decodes values)
        raise DocumentError(ErrorKind.CORRUPT, "no DICOM data elements could be read")


def _salvage(fp: BinaryIO, size: int, why: str) -> Loaded:
    """The data elements before the one pydicom failed on (meta information read again)."""
    fp.seek(0)
    try:
        head = read_partial(fp, stop_when=_at_start, force=True)
    except Exception as e:
        message = f"not a readable DICOM file ({why}, {type(e).__name__})"
        raise DocumentError(ErrorKind.CORRUPT, message) from e
    implicit, little = head.original_encoding
    elems: dict[BaseTag, RawDataElement | DataElement] = {}
    gen = data_element_generator(fp, implicit is not False, little is not False, _at_pixels, DEFER_BYTES)
    kind = ErrorKind.CORRUPT
    try:
        for elem in gen:
            elems[elem.tag] = elem
    except Exception as e:
        why = type(e).__name__
        ran_out = isinstance(e, EOFError | OSError | struct.error) and fp.tell() >= size
        kind = ErrorKind.TRUNCATED if ran_out else ErrorKind.CORRUPT
    if not elems:
        raise DocumentError(kind, f"no DICOM data elements could be read ({why})")
    ds = Dataset(elems)
    ds.set_original_encoding(implicit is not False, little is not False, "iso8859")
    return Loaded(ds, (kind, f"malformed data element ({why}); the {len(elems)} elements before it "
                             "were read, the rest of the file skipped"))


def _load_deflated(fp: BinaryIO, start: int) -> Loaded:
    """Inflate at most INFLATE_CAP bytes (the header comes first; pixel data after it is not needed)."""
    fp.seek(start)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = bytearray()
    problem: tuple[ErrorKind, str] | None = None
    try:
        while len(out) < INFLATE_CAP and (chunk := fp.read(1 << 20)):
            out += inflater.decompress(chunk, INFLATE_CAP - len(out))
    except zlib.error:
        problem = (ErrorKind.CORRUPT, "the deflated data set is damaged; the elements before the damage "
                                      "were read")
    if problem is None and not inflater.eof and len(out) < INFLATE_CAP:
        problem = (ErrorKind.TRUNCATED, "the deflated data set ends early; the elements in it were read")
    try:
        ds = read_dataset(io.BytesIO(bytes(out)), False, True, stop_when=_at_pixels)
    except Exception as e:
        raise DocumentError(ErrorKind.CORRUPT, f"malformed deflated data set ({type(e).__name__})") from e
    _check_nonempty(ds)
    return Loaded(ds, problem)


def _truncated(ds: Dataset, fp: BinaryIO, size: int) -> bool:
    """True when a top-level value, the header of the element after the last one read, or the pixel
    data pydicom stopped at runs past the end."""
    last, end = -1, 0  # where the last element's value starts, and where it ends (0: unknown)
    for tag in ds.keys():  # noqa: SIM118 (iterating a Dataset decodes values)
        raw = ds.get_item(tag, keep_deferred=True)
        if not isinstance(raw, RawDataElement):  # a sequence of undefined length, parsed already
            tell = getattr(raw, "file_tell", None)
            last, end = (tell, 0) if tell is not None and tell > last else (last, end)
            continue
        if raw.value_tell > last:
            last, end = raw.value_tell, (raw.value_tell + raw.length if raw.length != 0xFFFFFFFF else 0)
        if raw.length == 0xFFFFFFFF:
            continue
        if raw.value is None and raw.length and raw.value_tell + raw.length > size:
            return True
        if isinstance(raw.value, bytes) and len(raw.value) < raw.length:
            return True
    if fp.tell() >= size:  # read to the end: a few bytes after the last value are a cut-off header
        return 0 < end < size
    return _pixels_truncated(ds, fp, size)


def _pixels_truncated(ds: Dataset, fp: BinaryIO, size: int) -> bool:
    pos = fp.tell()
    header = fp.read(12)
    if len(header) < 8:
        return len(header) > 0
    implicit, little = ds.original_encoding
    order: Literal["little", "big"] = "little" if little is not False else "big"
    tag = int.from_bytes(header[0:2], order) << 16 | int.from_bytes(header[2:4], order)
    if tag not in _PIXEL_TAGS:
        return False
    vr = header[4:6].decode("latin-1")
    if implicit is not False or vr not in _VRS:  # some files say explicit VR and are not
        length, at = int.from_bytes(header[4:8], order), 8
    elif vr in _LONG_VRS:
        length, at = int.from_bytes(header[8:12], order), 12
    else:
        length, at = int.from_bytes(header[6:8], order), 8
    return length != 0xFFFFFFFF and pos + at + length > size
