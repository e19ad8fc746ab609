"""A relational key joins the table of its own database (issue 5, must 5): two billing dumps or two
exports whose counters both start at 1 hold different people under the same ``guarantor_id``.
The reference's own document is preferred, then its folder, even where another database's table
holds more of its keys (a guarantor deleted from the first dump, but present in the second)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from phiscope import api

ENV = {"PHISCOPE_KEY": "key-scope-test-key-0123"}
CARDS = ["4111111111111111", "5500005555555559", "4012888888881881", "378282246310005",
         "6011111111111117", "5105105105105100", "4222222222222", "3530111333300000"]
FIRST = [("Harriet", "Quimby", "1961-04-11", "219-44-1820"), ("Bartholomew", "Ostrander", "1958-09-23",
         "318-52-7719"), ("Philippa", "Vandermeer", "1990-02-14", "407-63-2291"),
         ("Cornelius", "Wexford", "1977-12-30", "529-71-4418")]
SECOND = [("Ottoline", "Brackenbury", "1949-06-02", "612-30-5587"), ("Leopold", "Fairweather", "1983-11-19",
          "233-81-0045"), ("Georgiana", "Pemberton", "1971-08-08", "145-27-9936")]


def _dump(people: list[tuple[str, str, str, str]], cards: list[str]) -> str:
    """A mysqldump of one billing database: guarantors, and payment methods keyed by guarantor_id
    (the last payment's guarantor was deleted from this database)."""
    guarantors = ",".join(f"({i + 1},'{f}','{la}','{d}','{s}')" for i, (f, la, d, s) in enumerate(people))
    payments = ",".join(f"({i + 1},{i + 1},'{c}')" for i, c in enumerate(cards))
    return ("CREATE TABLE `guarantors` (\n  `guarantor_id` int NOT NULL,\n  `first_name` varchar(255),\n"
            "  `last_name` varchar(255),\n  `dob` varchar(255),\n  `ssn` varchar(255)\n);\n"
            f"INSERT INTO `guarantors` VALUES {guarantors};\n"
            "CREATE TABLE `payment_methods` (\n  `payment_id` int NOT NULL,\n  `guarantor_id` int NOT NULL,\n"
            "  `card_number` varchar(255)\n);\n"
            f"INSERT INTO `payment_methods` VALUES {payments};\n")


def _csvs(folder: Path, people: list[tuple[str, str, str, str]], cards: list[str]) -> None:
    folder.mkdir()
    (folder / "guarantors.csv").write_text("guarantor_id,first_name,last_name,dob,ssn\n" + "".join(
        f"{i + 1},{f},{la},{d},{s}\n" for i, (f, la, d, s) in enumerate(people)))
    (folder / "payment_methods.csv").write_text("payment_id,guarantor_id,card_number\n" + "".join(
        f"{i + 1},{i + 1},{c}\n" for i, c in enumerate(cards)))


@pytest.fixture(scope="module")
def cards_by_last(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    base = tmp_path_factory.mktemp("scope")
    dumps = base / "in" / "dumps"
    dumps.mkdir(parents=True)
    (dumps / "billing_east.sql").write_text(_dump(FIRST, CARDS[:4]))
    (dumps / "billing_west.sql").write_text(_dump(SECOND, CARDS[4:8]))  # guarantor 4 deleted here
    _csvs(base / "in" / "clinic_a", FIRST, CARDS[:4])
    _csvs(base / "in" / "clinic_b", SECOND, CARDS[4:8])
    api.scan([str(base / "in")], base / "case", options=api.ScanOptions(workers=1), env=ENV)
    api.resolve_people(base / "case", env=ENV)
    out: dict[str, set[str]] = {}
    for p in api.people(base / "case", reveal=True, env=ENV):
        last = next((la for _, la, _, _ in FIRST + SECOND if la.lower() in str(p["full_name"]).lower()), None)
        if last:
            found = api.explain(base / "case", p["person_id"], reveal=True, env=ENV)
            out[last] = {_last4(e["preview"]) for e in found["evidence"] if e["element"] == "payment_card"}
    return out


def _last4(preview: Any) -> str:
    """The digits a masked card shows (its last four; the cards here differ in them)."""
    return "".join(ch for ch in str(preview) if ch.isdigit())[-4:]


def test_each_payment_goes_to_the_guarantor_of_its_own_database(cards_by_last: dict[str, set[str]]) -> None:
    for i, (_, last, _, _) in enumerate(FIRST):
        assert cards_by_last[last] == {CARDS[i][-4:]}, last
    for i, (_, last, _, _) in enumerate(SECOND):
        assert cards_by_last[last] == {CARDS[4 + i][-4:]}, last


def test_a_payment_whose_guarantor_was_deleted_joins_nobody(cards_by_last: dict[str, set[str]]) -> None:
    # the other database's guarantor 4 (Wexford) holds only the card of their own database
    assert CARDS[7][-4:] not in set().union(*cards_by_last.values())
