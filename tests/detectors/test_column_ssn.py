"""``Ssn.check_column``/``normalize_column`` equal ``check_cell``/``normalize`` per value."""

from __future__ import annotations

import random

from phiscope.detectors.registry import DetectorSet
from phiscope.simulate import values
from tests.detectors.column_checks import EDGE_CASES, assert_column_equivalent, cases, mutations


def _generated(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        v = rng.choice((values.ssn, values.itin))(rng)
        out.append(rng.choice((v, v.replace("-", ""), v.replace("-", " "), v.replace("-", "."))))
    return out


HAND = [
    "000-12-3456", "666-12-3456", "123-00-4567", "123-45-0000", "111-11-1111", "123-45-6789",
    "987-65-4321", "078-05-1120", "219-09-9999", "999-12-3456", "900-00-0000", " 123-45-6780 ",
    "123-45-67801", "12-345-6780", "123 45 6780", "123.45.6780", "123456780", "1234567800",
    "123-45 6780", "123--45-6780", "١٢٣-٤٥-٦٧٨٠", "１２３-４５-６７８０", "123-45-6780\n", "\t123456780",
]


def test_ssn_column_equals_per_cell(detectors: DetectorSet) -> None:
    rng = random.Random(7)
    gen = _generated(rng, 3000)
    det = detectors.by_id("ssn")
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, gen, mutations(gen + HAND, rng)))


def test_classified_column_with_leading_non_ssn_cells(detectors: DetectorSet) -> None:
    """Regression: cells that are not SSNs before the first SSN used to leave an empty
    string-view chunk after filtering, and polars panicked while storing the findings."""
    import polars as pl

    from phiscope.model import Location, TableBatch
    from phiscope.scan.columns import FindingColumns
    from phiscope.scan.tables import TableScanner
    from phiscope.scan.text import TextScanner

    det = detectors.by_id("ssn")
    cells = ["N/A", "N/A", "234-56-7890", "345-67-8901"]
    assert det.check_column(pl.Series("c", cells)).n_chunks() == 1
    batch = TableBatch("t", ["SSN"], pl.DataFrame({"SSN": cells}), Location("x.csv"))
    out = FindingColumns("d" * 64, {})
    TableScanner(detectors, TextScanner(detectors)).scan("k", batch, out)
    table = out.take_arrow()
    assert table is not None
    assert [r["value"] for r in table.to_pylist() if r["element"] == "ssn"] == ["234-56-7890", "345-67-8901"]
