"""Equivalence checks for vectorised column overrides: ``check_column`` must equal
``check_cell`` per value and ``normalize_column`` must equal ``normalize`` per value."""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import Any
from unittest.mock import patch

import polars as pl

from phiscope.detectors.base import Detector

#: values every column override must agree on (blank, whitespace, Unicode, junk)
EDGE_CASES: list[str | None] = [
    None, "", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\x1c", "\x1f", "\x0b", "\x0c", "\x85",
    "N/A", "n/a", "NULL", "none", "unknown", "-", "--", ".", ",", "#", "0", "00", "000000000", "?",
    "😀", "é", "ß", "İ", "ǅ", "ﬁ", "Ⅻ", "①", "１２３", "٣", "²", "\u200b", "\ufeff", "x" * 300, "1" * 300,
    "Zoë Brontë", "José Núñez", "MÜLLER, JÜRGEN", "O'Brien", "D’Angelo", "Smith-Jones",
    "12 Main St", "123-45-6789", "(860) 555-0123", "a@b.co", "01/02/1980", "E11.9", "06103",
]

#: characters the mutations insert or substitute
_ALPHABET = ("0123456789 -./,()#+:;'’_@abcxyzABCXYZ" + "\t\n\u00a0\u2009\x1c" + "١２é ßİ😀\ufeff")


def cases(*groups: Iterable[str | None]) -> list[str | None]:
    """All values of the groups, in order."""
    return [v for group in groups for v in group]


def mutations(values: Iterable[str], rng: random.Random, per_value: int = 2) -> list[str]:
    """Small random edits of each value (insert, delete, substitute, case, padding)."""
    out: list[str] = []
    for v in values:
        for _ in range(per_value):
            out.append(_mutate(v, rng))
    return out


def _mutate(v: str, rng: random.Random) -> str:
    op = rng.randrange(7)
    i = rng.randrange(len(v) + 1)
    c = rng.choice(_ALPHABET)
    if op == 0:
        return v[:i] + c + v[i:]
    if op == 1 and v:
        i = min(i, len(v) - 1)
        return v[:i] + v[i + 1:]
    if op == 2 and v:
        i = min(i, len(v) - 1)
        return v[:i] + c + v[i + 1:]
    if op == 3:
        return v.upper() if rng.random() < 0.5 else v.lower()
    if op == 4:
        return rng.choice((" ", "  ", "\t", "\u00a0", "")) + v + rng.choice((" ", "", ".", ",", "\n"))
    if op == 5:
        return v.replace(" ", rng.choice(("  ", "", "\t", ", ")))
    return v.replace("-", rng.choice(("", " ", ".", "/", "--")))


def assert_column_equivalent(det: Detector, values: list[str | None]) -> None:
    """``check_column``/``normalize_column`` equal the per-value methods on ``values``."""
    series = pl.Series("col", values, dtype=pl.String)
    got = det.check_column(series)
    assert got.dtype == pl.String and len(got) == len(values)
    expected = [None if v is None else _text(det, v) for v in values]
    _assert_same("check_column", values, got.to_list(), expected)
    fast = getattr(det, "normalize_column", None)
    if fast is not None:
        norm = fast(series)
        assert norm.dtype == pl.String and len(norm) == len(values)
        expected_norm = [None if v is None else det.normalize(v) for v in values]
        _assert_same("normalize_column", values, norm.to_list(), expected_norm)
    flags = getattr(det, "flags_column", None)
    if flags is not None:
        got_flags = flags(series)
        assert got_flags.dtype == pl.String and len(got_flags) == len(values)
        expected_flags = [None if v is None else ",".join(det.flags(v, det.validate(v))) or None
                          for v in values]
        _assert_same("flags_column", values, got_flags.to_list(), expected_flags)


def _text(det: Detector, value: str) -> str | None:
    result = det.check_cell(value)
    return None if result is None else result.value


def _assert_same(what: str, values: list[str | None], got: list[str | None],
                 expected: list[str | None]) -> None:
    bad = [(v, g, e) for v, g, e in zip(values, got, expected, strict=True) if g != e]
    assert not bad, f"{what}: {len(bad)} of {len(values)} differ, e.g. {bad[:5]!r}"


def fallback_share(det: Detector, values: list[str]) -> float:
    """Share of distinct values sent to the per-value Python methods (check and normalize)."""
    calls = 0
    cell, norm = det.check_cell, det.normalize

    def counted(fn: Any) -> Any:
        def wrapper(value: str) -> Any:
            nonlocal calls
            calls += 1
            return fn(value)
        return wrapper

    series = pl.Series("col", values, dtype=pl.String)
    with patch.object(det, "check_cell", counted(cell)), patch.object(det, "normalize", counted(norm)):
        det.check_column(series)
        fast = getattr(det, "normalize_column", None)
        if fast is not None:
            fast(series)
    return calls / (2 * series.n_unique())
