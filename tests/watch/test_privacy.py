"""Privacy detectors (same surname, same address, deceased patients) on hand-made directories,
and the directories themselves: column mapping, hashing, bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope.errors import ConfigError
from phiscope.watch.config import load_config
from phiscope.watch.detectors.base import Mode
from phiscope.watch.directories import load_directories, parse_day, surname_key
from phiscope.watch.engine import WatchEngine
from phiscope.watch.events import READ, AccessEvent

DAY = 86400.0
T0 = 1_709_510_400.0  # Monday 2024-03-04 00:00 UTC
STAFF = """user_id,role,first_name,last_name,street,unit,city,state,zip,household_id
nur1,nurse,Ann,Quizenbury,12 Oak Street,,Hartford,CT,06103,H1
nur2,nurse,Bea,Smith,40 Elm St,Apt 3B,Hartford,CT,06103,H2
cle1,clerk,Cy,O'Brien Jr,7 Pine Rd,,Bristol,CT,06010,H3
bil1,billing,Di,Ng,1 Main St,,Hartford,CT,06103,H4
"""


def _patients(extra: list[str]) -> str:
    rows = ["mrn,last_name,street,unit,city,state,zip,household_id,death_date"]
    rows += [f"P{i},Smith,{100 + i} Maple Ave,,Stamford,CT,06901,X{i}," for i in range(40)]  # Smith: common
    rows += [f"F{i},Filler{i},{i} Cedar Ct,,Stamford,CT,06901,Y{i}," for i in range(960)]
    return "\n".join(rows + extra) + "\n"


PATIENT_ROWS = [
    "REL1,QUIZENBURY,9 Birch Ln,,Waterbury,CT,06702,Z1,",  # rare surname, elsewhere: a relative
    "SMI1,smith,77 Walnut St,,Hartford,CT,06103,Z2,",  # common surname, but nur2's ZIP
    "HOME1,Lee,12 Oak St.,,Hartford,CT,06103,Z3,",  # nur1's home address (street written differently)
    "HH1,Lee,1 Somewhere Else,,Hartford,CT,06103,H4,",  # bil1's household id
    "NEIGH1,Park,40 Elm Street,Apt 9A,Hartford,CT,06103,Z4,",  # nur2's building, another unit
    "OBR1,OBrien,5 Spruce Rd,,Hartford,CT,06103,Z5,",  # cle1: O'Brien Jr folds to obrien
    "DEAD1,Gone,3 Ash St,,Hartford,CT,06103,Z6,2023-01-15",
    "DEAD2,Late,4 Ash St,,Hartford,CT,06103,Z7,03/01/2024",
    "DEAD3,Old,6 Ash St,,Hartford,CT,06103,Z9,2022-06-30",
    "BADDATE,Odd,5 Ash St,,Hartford,CT,06103,Z8,yesterday",
]


@pytest.fixture
def cfg_dir(tmp_path: Path) -> Path:
    (tmp_path / "staff.csv").write_text(STAFF)
    (tmp_path / "patients.csv").write_text(_patients(PATIENT_ROWS))
    (tmp_path / "watch.toml").write_text('[general]\nstaff_directory = "staff.csv"\n'
                                         'patient_directory = "patients.csv"\n')
    return tmp_path


def _view(actor: str, patient: str, ts: float, role: str = "") -> AccessEvent:
    return AccessEvent(ts=ts, actor=actor, action=READ, role=role, patients=(patient,), rows=1,
                       source="csv-access", line=7)


def _alerts(eng: WatchEngine, actor: str, patient: str, ts: float = T0 + 10 * DAY,
            role: str = "") -> list[str]:
    return [a.detector for a in eng.observe(_view(actor, patient, ts, role))]


def test_directories_keep_hashes_not_names(cfg_dir: Path) -> None:
    people = load_config(cfg_dir / "watch.toml").people
    assert people.patients_total == 1010
    assert people.surname_matches["REL1"] == {"nur1"} and people.surname_matches["OBR1"] == {"cle1"}
    assert "P3" in people.surname_matches and people.surname_share["nur2"] == pytest.approx(41 / 1010)
    assert people.same_zip["SMI1"] == {"nur2"}
    assert {p: {a: m.kind for a, m in v.items()} for p, v in people.address_matches.items()} == {
        "HOME1": {"nur1": "home"}, "HH1": {"bil1": "household"}, "NEIGH1": {"nur2": "building"}}
    assert set(people.deaths) == {"DEAD1", "DEAD2", "DEAD3"}
    assert people.problems == {"unreadable date of death": 1}
    text = repr(people)
    for name in ("Quizenbury", "quizenbury", "Smith", "smith", "Oak", "OAK", "Maple", "Elm"):
        assert name not in text  # names and addresses are only held as keyed hashes


def test_same_surname_rare_and_weighed(cfg_dir: Path) -> None:
    eng = WatchEngine(load_config(cfg_dir / "watch.toml"))
    got = eng.observe(_view("nur1", "REL1", T0 + 10 * DAY, "nurse"))
    assert [a.detector for a in got] == ["same-surname"] and got[0].severity == "medium"
    text = json.dumps(got[0].to_dict())
    assert "surname matches the user's surname" in text and "1 of 1,010 patients" in text
    assert "REL1" not in text and "quizenbury" not in text.lower()
    assert got[0].evidence["patient_ref"] == eng.config.patient_ref("REL1")
    assert _alerts(eng, "nur1", "REL1", T0 + 10 * DAY + 60) == []  # once per account and patient
    assert _alerts(eng, "nur2", "P3") == []  # Smith is common: 41 patients, and P3 lives elsewhere
    weighed = eng.observe(_view("nur2", "SMI1", T0 + 10 * DAY))  # common, but in nur2's ZIP
    assert [a.severity for a in weighed] == ["low"] and "common (41 of 1,010" in weighed[0].explanation
    assert _alerts(eng, "cle1", "OBR1") == ["same-surname"]
    notes = [n for d in eng.detectors for n in d.notes()]
    assert any("1 accesses to patients with a staff member's common surname" in n for n in notes)


def test_known_relationship_from_learning_is_not_alerted(cfg_dir: Path) -> None:
    eng = WatchEngine(load_config(cfg_dir / "watch.toml"))
    eng.observe(_view("nur1", "REL1", T0), Mode.LEARN)
    assert _alerts(eng, "nur1", "REL1") == []
    off = WatchEngine(load_config(cfg_dir / "watch.toml", {"detectors": {"same-surname": {"learn": False}}}))
    off.observe(_view("nur1", "REL1", T0), Mode.LEARN)
    assert _alerts(off, "nur1", "REL1") == ["same-surname"]


def test_same_address_relations(cfg_dir: Path) -> None:
    eng = WatchEngine(load_config(cfg_dir / "watch.toml"))
    assert _alerts(eng, "nur1", "HOME1") == ["same-address:home"]
    assert _alerts(eng, "bil1", "HH1") == ["same-address:household"]
    got = eng.observe(_view("nur2", "NEIGH1", T0 + 10 * DAY))
    assert [a.detector for a in got] == ["same-address:building"] and "neighbour" in got[0].explanation
    assert _alerts(eng, "cle1", "HOME1") == []  # not cle1's address
    only = WatchEngine(load_config(cfg_dir / "watch.toml",
                                   {"detectors": {"same-address": {"relations": ["household"]}}}))
    assert _alerts(only, "nur2", "NEIGH1") == []
    assert _alerts(only, "bil1", "HH1") == ["same-address:household"]


def test_deceased_access_grace_roles_and_daily_cap(cfg_dir: Path) -> None:
    eng = WatchEngine(load_config(cfg_dir / "watch.toml", {"detectors": {"deceased-access":
                                                                         {"max_alerts_per_day": 1}}}))
    died = parse_day("03/01/2024")
    assert died is not None
    assert _alerts(eng, "cle1", "DEAD2", died * DAY + 20 * DAY, "clerk") == []  # within the grace period
    got = eng.observe(_view("cle1", "DEAD1", T0 + 10 * DAY, "clerk"))
    assert [a.detector for a in got] == ["deceased-access"] and "more than a year" in got[0].explanation
    assert "DEAD1" not in got[0].explanation and got[0].evidence["deceased_today"] == 1
    assert _alerts(eng, "cle1", "DEAD3", T0 + 10 * DAY + 60, "clerk") == []  # second that day: over the cap
    assert _alerts(eng, "cle1", "DEAD3", T0 + 11 * DAY, "clerk") == ["deceased-access"]  # a new day
    assert _alerts(eng, "him1", "DEAD1", T0 + 10 * DAY, "him") == []  # HIM may always


def test_billing_limit_is_a_number_of_days(cfg_dir: Path) -> None:
    eng = WatchEngine(load_config(cfg_dir / "watch.toml"))
    died = parse_day("2023-01-15")
    assert died is not None
    assert _alerts(eng, "bil1", "DEAD1", died * DAY + 200 * DAY, "billing") == []
    assert _alerts(eng, "bil1", "DEAD1", died * DAY + 400 * DAY, "billing") == ["deceased-access"]


def test_column_mapping_and_missing_columns(tmp_path: Path) -> None:
    (tmp_path / "hr.csv").write_text("Login,Family Name,Home Street,Postal\nu1,Zyx,1 A St,06103\n")
    (tmp_path / "mpi.csv").write_text("Chart,Surname,DOD\nC1,ZYX,2020-01-01\n")
    staff_cols = {"actor": "Login", "surname": "Family Name", "address": "Home Street", "zip": "Postal"}
    people = load_directories(tmp_path / "hr.csv", tmp_path / "mpi.csv", staff_cols,
                              {"patient": "Chart", "death": "DOD"})
    assert people.surname_matches == {"C1": frozenset({"u1"})} and "C1" in people.deaths
    with pytest.raises(ConfigError, match="no actor column"):
        load_directories(tmp_path / "mpi.csv", None, {}, {})
    with pytest.raises(ConfigError, match="cannot read the patient directory"):
        load_directories(None, tmp_path / "missing.csv", {}, {})


def test_surname_key_folds() -> None:
    assert surname_key("O'Brien") == surname_key("OBRIEN") == "obrien"
    assert surname_key("Núñez Jr.") == "nunez" and surname_key("") == ""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30), max_size=12),
                     max_size=20))
def test_garbage_directory_rows_never_crash(tmp_path: Path, rows: list[list[str]]) -> None:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["mrn", "last_name", "street", "unit", "city", "zip", "household_id", "death_date"])
    w.writerows(rows)
    (tmp_path / "p.csv").write_text(buf.getvalue())
    (tmp_path / "s.csv").write_text(STAFF)
    people = load_directories(tmp_path / "s.csv", tmp_path / "p.csv", {}, {})
    assert people.patients_total <= len(rows)
