"""The rules' pairs as columns of row numbers."""

from __future__ import annotations

import pyarrow as pa
import pytest

from phiscope.people.rule_links import RULE_LINK_SCHEMA, by_id, joined, no_rule_links, rule_links


def test_rule_pairs_name_their_mentions_by_row_and_read_back_by_id() -> None:
    links = joined(rule_links([2, 0], [1, 2], 1.0, 30.0, "bare-contact", ["email", "mrn"]),
                   no_rule_links(), rule_links([1], [0], 0.5, 0.0, "same-name", "name"))
    assert links.schema == RULE_LINK_SCHEMA and links.num_rows == 3
    assert by_id(links, pa.array(["x", "y", "z"])) == [
        {"unique_id_l": "z", "unique_id_r": "y", "match_probability": 1.0, "match_weight": 30.0,
         "rule": "bare-contact", "key": "email"},
        {"unique_id_l": "x", "unique_id_r": "z", "match_probability": 1.0, "match_weight": 30.0,
         "rule": "bare-contact", "key": "mrn"},
        {"unique_id_l": "y", "unique_id_r": "x", "match_probability": 0.5, "match_weight": 0.0,
         "rule": "same-name", "key": "name"}]


@pytest.mark.parametrize("left, right, key", [([0, -1], [1, 1], "k"), ([0], [1, 2], "k"),
                                              ([0], [1], ["a", "b"])])
def test_a_pair_without_its_mention_or_key_is_refused(left: list[int], right: list[int], key: object) -> None:
    with pytest.raises(ValueError):
        rule_links(left, right, 1.0, 1.0, "r", key)  # type: ignore[arg-type]
