"""Encoding detection and never-failing decoding."""

from __future__ import annotations

import io
import random

import pytest

from phiscope.readers._text_decode import (
    Encoding,
    StreamDecoder,
    Utf8Stream,
    decode_bytes,
    detect_encoding,
    iter_decoded,
    looks_like_text,
)

SAMPLE = "Patient: Zoë O’Brien — café “quoted” naïve\nSSN 123-45-6789\n"


@pytest.mark.parametrize(
    ("data", "name", "bom"),
    [
        (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), "utf-8", 3),
        (b"\xff\xfe" + SAMPLE.encode("utf-16-le"), "utf-16-le", 2),
        (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), "utf-16-be", 2),
        (b"\xff\xfe\x00\x00" + SAMPLE.encode("utf-32-le"), "utf-32-le", 4),
        (b"\x00\x00\xfe\xff" + SAMPLE.encode("utf-32-be"), "utf-32-be", 4),
        (SAMPLE.encode("utf-8"), "utf-8", 0),
        (SAMPLE.encode("utf-16-le"), "utf-16-le", 0),
        (SAMPLE.encode("cp1252"), "cp1252", 0),
    ],
)
def test_detect_and_decode(data: bytes, name: str, bom: int) -> None:
    enc = detect_encoding(data, final=True)
    assert (enc.name, enc.bom_len) == (name, bom)
    assert decode_bytes(data) == SAMPLE


def test_latin1_reads_as_western_text() -> None:
    data = "José Müller, Señora Peña\n".encode("latin-1")
    assert decode_bytes(data) == "José Müller, Señora Peña\n"


def test_cyrillic_single_byte_is_recognised() -> None:
    text = "Пациент Иванов Иван Петрович, дата рождения, адрес: Москва\n" * 3
    assert decode_bytes(text.encode("cp1251")) == text


def test_invalid_utf8_inside_utf8_stream_falls_back_per_sequence() -> None:
    data = "naïve ".encode() + "café".encode("cp1252") + b" done"
    dec = StreamDecoder(Encoding("utf-8"))
    assert dec.decode(data, final=True) == "naïve café done"
    assert dec.repairs == 1


def test_multibyte_sequence_split_across_chunks() -> None:
    data = ("é" * 5000).encode()
    pieces = list(iter_decoded(io.BytesIO(data), Encoding("utf-8"), chunk_bytes=7))
    assert "".join(pieces) == "é" * 5000


def test_many_invalid_sequences_switch_to_cp1252() -> None:
    data = bytes(range(0x80, 0x100)) * 10
    dec = StreamDecoder(Encoding("utf-8"))
    assert len(dec.decode(data, final=True)) == len(data)


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_never_raise(seed: int) -> None:
    data = random.Random(seed).randbytes(5000)
    assert isinstance(decode_bytes(data), str)
    out = Utf8Stream(io.BytesIO(data), detect_encoding(data)).read()
    out.decode("utf-8")  # always valid UTF-8


def test_utf8_stream_passes_valid_utf8_through_and_transcodes_others() -> None:
    assert Utf8Stream(io.BytesIO(SAMPLE.encode()), Encoding("utf-8")).read() == SAMPLE.encode()
    data = b"\xff\xfe" + SAMPLE.encode("utf-16-le")
    assert Utf8Stream(io.BytesIO(data), detect_encoding(data)).read() == SAMPLE.encode()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"plain text\n", True),
        (SAMPLE.encode("utf-16-le"), True),
        (SAMPLE.encode("cp1252"), True),
        (b"", True),
        (bytes(range(256)) * 8, False),
        (b"\x00\x01\x02\x03binary\x00\x00\x10", False),
    ],
)
def test_looks_like_text(head: bytes, expected: bool) -> None:
    assert looks_like_text(head) is expected
