"""Fuzz tests (hypothesis): damaged DICOM files never crash the reader or hang it."""

from __future__ import annotations

import time

from dicom_helpers import patient_study, pdf_document, read, to_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope.errors import DocumentError
from phiscope.model import ChildBlob, ReadIssue, Record

VALID = to_bytes(patient_study())
DOCUMENT = pdf_document()
Mutation = tuple[int, bytes]


def _read_quietly(data: bytes) -> None:
    """Read; only DocumentError may escape, and items are of the expected types."""
    t0 = time.perf_counter()
    try:
        items = read(data)
    except DocumentError:
        return
    finally:
        assert time.perf_counter() - t0 < 2.0
    assert all(isinstance(i, Record | ReadIssue | ChildBlob) for i in items)


def _mutate(data: bytes, mutations: list[Mutation], cut: int | None) -> bytes:
    out = bytearray(data)
    for at, patch in mutations:
        pos = 128 + at % (len(out) - 128)
        out[pos:pos + len(patch)] = patch
    return bytes(out[:cut] if cut is not None else out)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 5000), st.binary(min_size=1, max_size=6)), min_size=1, max_size=6),
       st.none() | st.integers(0, len(VALID)), st.booleans())
def test_mutated_files(mutations: list[Mutation], cut: int | None, document: bool) -> None:
    _read_quietly(_mutate(DOCUMENT if document else VALID, mutations, cut))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes_after_the_magic(data: bytes) -> None:
    _read_quietly(bytes(128) + b"DICM" + data)
    _read_quietly(data)
