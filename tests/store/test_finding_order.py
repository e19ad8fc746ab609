"""Findings for people resolution come sorted by document and row key, in SHA-256 ranges of
bounded size: the same rows in the order one sort of them all gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from phiscope import api
from phiscope.store.queries import sha_ranges

ENV = {"PHISCOPE_KEY": "finding-order-test-key"}


def _rows(case: Path, sort_rows: int) -> list[dict[str, Any]]:
    with api.open_case(case, env=ENV) as store:
        return [r for b in store.people_finding_batches(sort_rows=sort_rows) for r in b.to_pylist()]


def test_ranges_sort_like_one_sort(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(12):
        (src / f"p{i}.csv").write_text("name,ssn,dob\n" + "".join(
            f"Pat{i}x{j} Lee,{100 + i:03d}-{10 + j:02d}-{1000 + i * 7 + j:04d},19{50 + j}-01-0{1 + j % 9}\n"
            for j in range(5)))
        note = f"Patient: LEE, PAT{i}  DOB: 01/02/19{60 + i}  SSN: 212-{40 + i}-1234\n"
        (src / f"n{i}.txt").write_text(note)
    api.scan([str(src)], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    whole = _rows(tmp_path / "case", 1 << 30)
    ranged = _rows(tmp_path / "case", 7)
    assert len(whole) > 60
    key = [(r["doc_sha"], r["row_key"] is None, r["row_key"] or "") for r in ranged]
    assert key == sorted(key)  # by document, then row key, rows without one last

    def canon(rows: list[dict[str, Any]]) -> list[str]:
        return sorted(repr(sorted(r.items())) for r in rows)

    assert canon(ranged) == canon(whole)


def test_sha_ranges_cover_every_value_once() -> None:
    assert sha_ranges(1) == []
    assert sha_ranges(2) == ["80"]
    assert len(sha_ranges(1000)) == 255
    bounds = sha_ranges(10)
    assert bounds == sorted(bounds) and len(set(bounds)) == 9
