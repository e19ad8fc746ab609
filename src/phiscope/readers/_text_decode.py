"""Encoding detection and robust, streaming decoding of text bytes.

Order of evidence: a byte-order mark; strict UTF-8; NUL patterns of BOM-less
UTF-16; charset_normalizer (trusted only for multi-byte or non-Latin results,
because on short Western samples it guesses exotic code pages); finally
cp1252. Decoding never raises: invalid UTF-8 sequences inside a UTF-8 stream
are decoded as cp1252 (mixed-encoding logs are common), other codecs replace.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

import charset_normalizer

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_FALLBACK = "cp1252"
_LATIN_ALPHABETS = frozenset(
    {"Basic Latin", "Latin-1 Supplement", "Latin Extended-A", "Latin Extended-B",
     "Latin Extended Additional", "General Punctuation", "Control character"}
)
#: Bytes that do not occur in text: C0 controls except TAB LF VT FF CR ESC, and DEL.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
#: After this many invalid sequences a "UTF-8" stream is decoded as cp1252 wholesale.
_MAX_UTF8_REPAIRS = 64
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Encoding:
    """A detected encoding: Python codec name, BOM length to skip, and how sure we are."""

    name: str
    bom_len: int = 0
    guessed: bool = False

    @property
    def is_utf8(self) -> bool:
        """True for UTF-8 (with or without BOM)."""
        return codecs.lookup(self.name).name == "utf-8"


def bom_encoding(head: bytes) -> Encoding | None:
    """The encoding announced by a byte-order mark, if any."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return Encoding(name, len(bom))
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit at every other byte (ASCII-range UTF-16)."""
    sample = head[:4096]
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.7 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.7 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def is_utf8(data: bytes, final: bool = False) -> bool:
    """Whether ``data`` is valid UTF-8 (a sequence cut at the end is fine unless ``final``)."""
    try:
        codecs.utf_8_decode(data, "strict", final)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(head: bytes, final: bool) -> bool:
    """UTF-8 with a few stray bytes (a log with some cp1252 lines): valid multi-byte
    sequences clearly outnumber invalid ones."""
    dec = StreamDecoder(Encoding("utf-8"))
    dec.decode(head, final)
    valid = sum(1 for c in head.decode("utf-8", "ignore") if ord(c) > 127)
    return valid >= 3 * dec.repairs and dec.repairs < _MAX_UTF8_REPAIRS


def _is_single_byte(name: str) -> bool:
    return len(bytes(range(0x80, 0x100)).decode(name, "replace")) == 128


def _charset_normalizer_guess(head: bytes) -> str | None:
    best = charset_normalizer.from_bytes(head).best()
    if best is None:
        return None
    name = best.encoding
    if not _is_single_byte(name):
        return name
    non_latin = set(best.alphabets) - _LATIN_ALPHABETS
    if non_latin and best.coherence >= 0.2:
        return name
    return None


def detect_encoding(head: bytes, final: bool = False) -> Encoding:
    """Best encoding for text starting with ``head`` (``final``: head is the whole text)."""
    bom = bom_encoding(head)
    if bom is not None:
        return bom
    if is_utf8(head, final):
        return Encoding("utf-8")
    if _mostly_utf8(head, final):
        return Encoding("utf-8", guessed=True)
    utf16 = _utf16_without_bom(head)
    if utf16 is not None:
        return Encoding(utf16, guessed=True)
    guess = _charset_normalizer_guess(head)
    return Encoding(guess or _FALLBACK, guessed=True)


def sniff_text(head: bytes, limit: int = 4096) -> str:
    """Cheap decoding of the first bytes for content sniffing (no charset guessing): BOM or
    BOM-less UTF-16 honoured, else UTF-8 with replacement (markup and delimiters are ASCII)."""
    head = head[:limit]
    bom = bom_encoding(head)
    name = bom.name if bom else _utf16_without_bom(head) or "utf-8"
    return head[bom.bom_len if bom else 0 :].decode(name, "replace").lstrip("\ufeff")


def looks_like_text(head: bytes) -> bool:
    """Whether the first bytes look like text in some encoding (cheap; for sniffing)."""
    if not head or bom_encoding(head) is not None:
        return True
    if b"\x00" in head:
        return _utf16_without_bom(head) is not None
    controls = len(head.translate(None, _NOT_CONTROL))
    return controls <= max(1, len(head) // 200)


class StreamDecoder:
    """Incremental decoder that never raises.

    ``repairs`` counts invalid UTF-8 sequences decoded as cp1252 instead.
    """

    def __init__(self, encoding: Encoding) -> None:
        self._utf8 = encoding.is_utf8
        self._pending = b""
        self.repairs = 0
        name = encoding.name if not self._utf8 else _FALLBACK
        self._other = codecs.getincrementaldecoder(name)(errors="replace")

    def decode(self, data: bytes, final: bool = False) -> str:
        """Decode the next piece of the stream."""
        if not self._utf8:
            return str(self._other.decode(data, final))
        data = self._pending + data if self._pending else data
        self._pending = b""
        parts: list[str] = []
        while data:
            try:
                text, used = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError as exc:
                parts.append(data[: exc.start].decode("utf-8"))
                parts.append(data[exc.start : exc.end].decode(_FALLBACK, "replace"))
                data = data[exc.end :]
                self.repairs += 1
                if self.repairs >= _MAX_UTF8_REPAIRS:
                    self._utf8 = False
                    parts.append(str(self._other.decode(data, final)))
                    break
                continue
            parts.append(text)
            self._pending = data[used:]
            break
        return "".join(parts)

    def passthrough_utf8(self, data: bytes, final: bool = False) -> bytes:
        """The next piece as UTF-8 bytes, returning valid UTF-8 input unchanged (no copy)."""
        if self._utf8 and not self._pending:
            try:
                _, used = codecs.utf_8_decode(data, "strict", final)
            except UnicodeDecodeError:
                pass
            else:
                self._pending = data[used:]
                return data[:used] if used < len(data) else data
        return self.decode(data, final).encode("utf-8", "surrogatepass")


def skip_bom(stream: BinaryIO, encoding: Encoding) -> None:
    """Position ``stream`` after the BOM (at 0 if none)."""
    stream.seek(encoding.bom_len)


def iter_decoded(stream: BinaryIO, encoding: Encoding, decoder: StreamDecoder | None = None,
                 chunk_bytes: int = CHUNK_BYTES) -> Iterator[str]:
    """Decoded pieces of ``stream`` from its current position (BOM already skipped)."""
    dec = decoder or StreamDecoder(encoding)
    while chunk := stream.read(chunk_bytes):
        text = dec.decode(chunk)
        if text:
            yield text
    tail = dec.decode(b"", final=True)
    if tail:
        yield tail


def decode_bytes(data: bytes) -> str:
    """All of ``data`` decoded with the detected encoding (never raises)."""
    enc = detect_encoding(data[:65536], final=len(data) <= 65536)
    return StreamDecoder(enc).decode(data[enc.bom_len :], final=True)


class Utf8Stream(io.RawIOBase):
    """A read-only raw stream that yields the UTF-8 transcoding of another stream.

    Lets C parsers (pyarrow CSV, yajl) read any encoding; valid UTF-8 input
    passes through unchanged. ``decoder.repairs`` tells whether bytes were repaired.
    """

    def __init__(self, source: BinaryIO, encoding: Encoding, chunk_bytes: int = CHUNK_BYTES) -> None:
        super().__init__()
        self._src = source
        self._src.seek(encoding.bom_len)
        self.decoder = StreamDecoder(encoding)
        self._chunk = chunk_bytes
        self._buf = b""
        self._pos = 0
        self._eof = False

    def readable(self) -> bool:
        """Always readable."""
        return True

    def _fill(self) -> None:
        while self._pos >= len(self._buf) and not self._eof:
            data = self._src.read(self._chunk)
            self._eof = not data
            self._buf = self.decoder.passthrough_utf8(data, final=self._eof)
            self._pos = 0

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` with the next transcoded bytes; 0 at the end."""
        self._fill()
        n = min(len(buffer), len(self._buf) - self._pos)
        buffer[:n] = self._buf[self._pos : self._pos + n]
        self._pos += n
        return n
