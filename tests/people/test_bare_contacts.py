"""Mentions that are only an e-mail address or only a phone number join the person holding it."""

from __future__ import annotations

from typing import Any

from phiscope.people.resolve import ADDRESS_LINK, address_links
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import by_id


def _row(mid: str, **values: str) -> dict[str, Any]:
    cols = ("first_name", "last_name", "dob", "ssn", "mrn", "member_id", "phone", "email", "street", "zip5",
            "suffix")
    return {"unique_id": mid, **{c: values.get(c) for c in cols}}


def _links(rows: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return by_id(address_links(rows), RowTable.from_rows(rows).ids)


def test_a_bare_address_joins_the_one_person_holding_it() -> None:
    rows = {r["unique_id"]: r for r in [
        _row("a", first_name="ana", last_name="lind", dob="1990-01-01", email="ana@x.example"),
        _row("b", first_name="anna", last_name="lind", email="ana@x.example"),  # a nickname: same person
        _row("h1", email="ana@x.example"), _row("h2", email="ana@x.example"),
        _row("z", email="zed@x.example")]}
    links = _links(rows)
    assert {(p["unique_id_l"], p["unique_id_r"]) for p in links} == {("a", "h1"), ("a", "h2")}
    assert all(p["rule"] == ADDRESS_LINK and p["match_probability"] == 1.0 for p in links)


def test_a_family_address_or_a_household_phone_never_picks_a_person() -> None:
    rows = {r["unique_id"]: r for r in [
        _row("m", first_name="maria", last_name="cruz", dob="1970-02-02", email="cruz@x.example",
             phone="+12035550100"),
        _row("s", first_name="diego", last_name="cruz", dob="2001-05-05", email="cruz@x.example",
             phone="+12035550100"),
        _row("h1", email="cruz@x.example"), _row("h2", email="cruz@x.example"),
        _row("p1", phone="+12035550100"), _row("p2", phone="+12035550100")]}
    links = {(p["unique_id_l"], p["unique_id_r"]) for p in _links(rows)}
    assert links == {("h1", "h2"), ("p1", "p2")}


def test_rows_of_a_table_keyed_by_mrn_join_the_patient() -> None:
    rows = {r["unique_id"]: r for r in [
        _row("p", first_name="ana", last_name="lind", dob="1990-01-01", mrn="01043320"),
        _row("e1", mrn="01043320"), _row("e2", mrn="01043320"), _row("x", mrn="99999999")]}
    assert {(p["unique_id_l"], p["unique_id_r"], p["key"]) for p in _links(rows)} == {
        ("p", "e1", "mrn"), ("p", "e2", "mrn")}
