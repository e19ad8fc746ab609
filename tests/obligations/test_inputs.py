"""Incident facts, the template, and per-person facts from files or the case's people rows."""

from __future__ import annotations

import datetime as dt
import json
import time
import tomllib
from pathlib import Path

import pytest

from phiscope.errors import ConfigError, UsageError
from phiscope.obligations.elements import ElementMap
from phiscope.obligations.engine import evaluate
from phiscope.obligations.incident import load_incident, parse_incident
from phiscope.obligations.people_file import from_case_people, parse_people, read_people
from phiscope.obligations.seeds import ca_clinic_network, ct_health_center
from phiscope.obligations.template import TEMPLATE, write_template


def test_template_parses_to_a_valid_incident(tmp_path: Path) -> None:
    inc = load_incident(write_template(tmp_path / "incident.toml"))
    assert inc.entity_type == "covered_entity" and inc.discovered == dt.date(2026, 1, 2)
    assert inc.le_delay is None and inc.states_doing_business == ("CT",)
    with pytest.raises(UsageError):
        write_template(tmp_path / "incident.toml")


def test_incident_problems_are_reported_together() -> None:
    data = tomllib.loads(TEMPLATE)
    data["entity"]["type"] = "hospital"
    data["breach"]["locations"] = ["Cloud"]
    del data["breach"]["discovered"]
    data["law_enforcement_delay"] = {"kind": "written", "requested": dt.date(2026, 1, 5)}
    with pytest.raises(ConfigError) as e:
        parse_incident(data)
    msg = str(e.value)
    assert "type must be one of" in msg and "locations" in msg and "discovered is required" in msg
    assert "until is required" in msg


def test_missing_incident_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="phiscope incident init"):
        load_incident(tmp_path / "nope.toml")


def test_people_csv_groups_and_counts(tmp_path: Path, emap: ElementMap) -> None:
    p = tmp_path / "people.csv"
    p.write_text(
        "person_id,state,is_minor,elements,count\na,ct,true,ssn;person_name,\nb,CT,1,ssn;person_name,4\n"
    )
    groups, people = read_people(p, emap)
    assert len(groups) == 1 and groups[0].count == 5 and groups[0].state == "CT"
    assert people["a"].is_minor and people["a"].has_usable_address


def test_people_json_and_unknown_elements(tmp_path: Path, emap: ElementMap) -> None:
    p = tmp_path / "people.json"
    p.write_text(json.dumps([{"person_id": "x", "state": "NY", "elements": ["ssn"]}]))
    assert read_people(p, emap)[1]["x"].state == "NY"
    with pytest.raises(ConfigError, match="unknown element id"):
        parse_people([{"person_id": "y", "elements": "ssn;shoe_size"}], emap)
    with pytest.raises(ConfigError, match="is_minor must be true or false"):
        parse_people([{"person_id": "z", "is_minor": "perhaps"}], emap)


def test_case_people_rows(emap: ElementMap) -> None:
    rows = [
        {
            "person_id": "p1",
            "state": "CA",
            "minor": None,
            "deceased": True,
            "address": "1** M*** St",
            "full_name": "J*** D**",
            "element_types": ["person_name", "ssn"],
        }
    ]
    groups, people = from_case_people(rows, emap)
    assert (
        people["p1"].is_deceased
        and people["p1"].name_exposed
        and groups[0].elements == {"person_name", "ssn"}
    )


def test_element_combos(emap: ElementMap) -> None:
    assert "card_number_with_code" in emap.categories_for({"payment_card", "account_access_code"})
    assert "card_number_with_code" not in emap.categories_for({"payment_card"})
    assert emap.categories_for({"medicare_mbi"}) == {"health_insurance_info"}


def test_seed_breaches_evaluate_a_million_people_in_seconds() -> None:
    t0 = time.perf_counter()
    inc, groups = ct_health_center()
    ev = evaluate(inc, groups)
    assert time.perf_counter() - t0 < 5
    assert sum(r.group.count for r in ev.results) == 1_060_936
    ob = {(n.obligation, n.law) for n in ev.notices}
    assert {
        ("HHS notice", "HIPAA"),
        ("media notice", "HIPAA"),
        ("regulator notice", "CT"),
        ("identity-protection offer", "CT"),
        ("regulator notice", "TX"),
        ("CRA notice", "ME"),
    } <= ob
    inc2, groups2 = ca_clinic_network()
    ev2 = evaluate(inc2, groups2)
    assert sum(r.group.count for r in ev2.results) == 656_047
    (cdph,) = [n for n in ev2.notices if n.obligation == "ca_cdph_1280_15"]
    assert cdph.due == min(n.due for n in ev2.notices if n.due)  # the tightest clock (reference §5)
