"""Header detection and column naming shared by the table readers."""

from __future__ import annotations

import pytest

from phiscope.readers._tabular import Row, column_names, find_header_row, is_header


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["Name", "DOB"], ["Jane", "1980-01-02"]], True),
        ([["Phone", "Phone", "Name"], ["555", "556", "Jane"]], True),
        ([["Alpha", "Beta"], ["12", "13"], ["14", "15"]], True),
        ([["Jane", "Doe"], ["John", "Roe"]], False),
        ([["Name:", "Jane Doe"], ["Phone:", "555-0100"]], False),
        ([["Name", "Jane Doe"], ["Phone", "555-0100"], ["Email", "a@b.org"]], False),
        ([["2021", "2022"], ["5", "6"]], False),
        ([["Name", None, None, None], ["Jane", "Doe", "x", "y"]], False),
    ],
)
def test_is_header(rows: list[Row], expected: bool) -> None:
    assert is_header(rows[0], rows[1:]) is expected


def test_find_header_row_skips_titles_and_prefers_field_row_under_group_labels() -> None:
    rows: list[Row] = [
        ["Quarterly export", None, None, None],
        [],
        ["Patient", None, "Insurance", None],
        ["Name", "SSN", "Plan", "Member ID"],
        ["Jane", "123456789", "Acme", "X1"],
    ]
    assert find_header_row(rows) == 3
    assert find_header_row([["1", "2"], ["3", "4"]]) is None


def test_column_names() -> None:
    assert column_names(["a", None, "a", " b  c "], 5) == ["a", "column_2", "a_2", "b c", "column_5"]
    assert column_names(None, 2) == ["column_1", "column_2"]
    assert column_names(["x", "y", "z"], 2) == ["x", "y"]
