"""A bare ``NAME`` column names a person in a table of people and an organisation in a table of
payers, organisations or facilities (Synthea's payers.csv / organizations.csv)."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope import api
from phiscope.scan.tables import _stem

ENV = {"PHISCOPE_KEY": "org-tables-test-key-0123"}
ROWS = "Id,NAME,CITY\n1,Harvard Pilgrim,Boston\n2,Anthem Blue,Hartford\n3,Aetna,Hartford\n"


@pytest.mark.parametrize(("table", "names"), [("payers", 0), ("organizations", 0), ("dim_facility", 0),
                                              ("people", 3), ("patients", 3)])
def test_bare_name_column_in_org_tables_is_not_person_names(tmp_path: Path, table: str, names: int) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / f"{table}.csv").write_text(ROWS)
    api.scan([str(tmp_path / "in")], tmp_path / "case", options=api.ScanOptions(workers=1), env=ENV)
    found = list(api.findings(tmp_path / "case", element="person_name", env=ENV))
    assert len(found) == names


def test_table_stems() -> None:
    assert [_stem(n) for n in ("payers", "facilities", "dim_payer", "payers_2024", "")] == [
        "payer", "facility", "payer", "payer", ""]
