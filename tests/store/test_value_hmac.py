"""``ValueHasher`` equals Python's ``hmac`` on every path (per row, per distinct value)."""

from __future__ import annotations

import hashlib
import hmac

import pyarrow as pa
import pytest

from phiscope.store import value_hmac
from phiscope.store.value_hmac import ValueHasher

_VALUES = ["219099998", None, "", "Núñez", "219099998", "😀", "a" * 200, None, "", "x"]


def _expected(key: bytes, values: list[str | None]) -> list[bytes | None]:
    return [None if v is None else hmac.new(key, v.encode("utf-8"), hashlib.sha256).digest() for v in values]


@pytest.mark.parametrize("ratio", [1.0, -1.0], ids=["per-value", "per-row"])
@pytest.mark.parametrize("key", [b"k" * 32, b"short", b"L" * 100], ids=["32", "short", "long"])
def test_column_equals_hmac(monkeypatch: pytest.MonkeyPatch, ratio: float, key: bytes) -> None:
    monkeypatch.setattr(value_hmac, "PER_VALUE_RATIO", ratio)
    chunked = pa.chunked_array([pa.array(_VALUES[:4]), pa.array(_VALUES[4:])])
    out = ValueHasher(key).column(chunked)
    assert out.type == pa.binary(32)
    assert out.to_pylist() == _expected(key, _VALUES)


def test_repeated_values_take_the_per_value_path(monkeypatch: pytest.MonkeyPatch) -> None:
    hasher = ValueHasher(b"k" * 32)
    hashed: list[int] = []
    digests = hasher.digests
    monkeypatch.setattr(hasher, "digests", lambda vals: hashed.append(len(vals)) or digests(vals))
    values = ["a", "b", "c"] * 1000
    assert hasher.column(pa.array(values)).to_pylist() == _expected(b"k" * 32, values)
    assert hashed == [3]
    hashed.clear()
    unique = [str(i) for i in range(3000)]
    assert hasher.column(pa.array(unique)).to_pylist() == _expected(b"k" * 32, unique)
    assert hashed == [3000]


def test_empty_column() -> None:
    assert ValueHasher(b"k" * 32).column(pa.array([], pa.string())).to_pylist() == []
