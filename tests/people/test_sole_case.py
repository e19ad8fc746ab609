"""End to end: a remittance row with a name and a member ID only joins the one patient of that name,
``phiscope review`` lists the merge, and a reviewer's "distinct" undoes it."""

from __future__ import annotations

from pathlib import Path

from phiscope import api
from phiscope.store import CaseStore
from tests.people.review_case import ENV, SEEDED, mentions_by_path, owners, population, write_csv
from tests.store.store_helpers import FAST_KDF, KEY


def _case(root: Path) -> Path:
    people = population()
    write_csv(root / "in" / "ehr.csv", people)
    write_csv(root / "in" / "billing.csv", [{k: p[k] for k in ("First Name", "Last Name", "DOB", "Phone")}
                                            for p in people])  # everyone twice: a prior like a real case's
    write_csv(root / "in" / "remit.csv", [{"Patient First Name": SEEDED["First Name"],
                                           "Patient Last Name": SEEDED["Last Name"],
                                           "Member ID": "XWV343979908"}])
    CaseStore.create(root / "case", KEY, FAST_KDF).close()
    api.scan([str(root / "in")], root / "case", options=api.ScanOptions(workers=1), env=ENV)
    return root / "case"


def test_a_name_and_member_id_join_the_only_patient_of_that_name(tmp_path: Path) -> None:
    case = _case(tmp_path)
    api.resolve_people(case, env=ENV)
    by_path = mentions_by_path(case)
    [remit] = by_path["remit.csv"]
    own = owners(case)
    partners = [m for m in by_path["ehr.csv"] + by_path["billing.csv"] if own[m] == own[remit]]
    assert len(partners) == 2  # the seeded patient's EHR and billing rows, nobody else
    [item] = [i for i in api.review_queue(case, env=ENV) if remit in (i["left_mention"], i["right_mention"])]
    assert item["merged"] is True  # listed although one person now: merged on the name alone
    api.review_decide(case, item["left_mention"], item["right_mention"], "distinct", env=ENV)
    api.resolve_people(case, env=ENV)
    after = owners(case)
    assert after[remit] != after[partners[0]]


def test_a_remittance_two_patients_could_own_is_no_person_and_waits_in_review(tmp_path: Path) -> None:
    people = population()
    namesake = {**SEEDED, "DOB": "1990-02-02", "SSN": "412-55-0199", "Phone": "860-555-0111"}
    write_csv(tmp_path / "in" / "ehr.csv", [*people, namesake])
    write_csv(tmp_path / "in" / "billing.csv", [{k: p[k] for k in ("First Name", "Last Name", "DOB", "Phone")}
                                               for p in [*people, namesake]])
    write_csv(tmp_path / "in" / "remit.csv", [{"Patient First Name": SEEDED["First Name"],
                                               "Patient Last Name": SEEDED["Last Name"],
                                               "Member ID": "XWV343979908"}])
    case = tmp_path / "case"
    CaseStore.create(case, KEY, FAST_KDF).close()
    api.scan([str(tmp_path / "in")], case, options=api.ScanOptions(workers=1), env=ENV)
    info = api.resolve_people(case, env=ENV)
    [remit] = mentions_by_path(case)["remit.csv"]
    assert remit not in owners(case) and info["unattributed_mentions"] == 1
    with api.open_case(case, env=ENV) as store:
        run = store.people_run()
        assert run is not None and run["unattributed"] == 1  # what the report states
    sides = [i for i in api.review_queue(case, env=ENV) if remit in (i["left_mention"], i["right_mention"])]
    assert len(sides) >= 2 and not any(i["merged"] for i in sides)


def test_a_row_that_fits_both_twins_is_no_person_and_a_reviewer_places_it(tmp_path: Path) -> None:
    twins = [{"First Name": first, "Last Name": "Quist", "DOB": "2011-05-05", "SSN": ssn,
              "Phone": "860-555-0101"}
             for first, ssn in (("Emma", "219-44-1820"), ("Olivia", "219-44-1821"))]
    people = [*population(), *twins]
    write_csv(tmp_path / "in" / "ehr.csv", people)
    write_csv(tmp_path / "in" / "billing.csv", [{k: p[k] for k in ("First Name", "Last Name", "DOB", "Phone")}
                                               for p in people])
    write_csv(tmp_path / "in" / "appointments.csv", [{"Patient DOB": "2011-05-05", "Phone": "860-555-0101"}])
    case = tmp_path / "case"
    CaseStore.create(case, KEY, FAST_KDF).close()
    api.scan([str(tmp_path / "in")], case, options=api.ScanOptions(workers=1), env=ENV)
    info = api.resolve_people(case, env=ENV)
    [row] = mentions_by_path(case)["appointments.csv"]
    assert row not in owners(case) and info["ambiguous"] == 1 and info["unattributed_mentions"] == 1
    sides = [i for i in api.review_queue(case, env=ENV) if row in (i["left_mention"], i["right_mention"])]
    assert len(sides) >= 2  # a pair into each twin, auto band but held as ambiguous
    pick = sides[0]
    other = pick["right_mention"] if pick["left_mention"] == row else pick["left_mention"]
    api.review_decide(case, pick["left_mention"], pick["right_mention"], "link", env=ENV)
    api.resolve_people(case, env=ENV)
    own = owners(case)
    assert own[row] == own[other]


def test_a_middle_initial_places_a_remittance_between_two_namesakes(tmp_path: Path) -> None:
    people = [{**p, "MI": "ABCDEFGHJ"[n % 9]} for n, p in enumerate(population())]
    people[0]["MI"] = "K"
    namesake = {**SEEDED, "MI": "R", "DOB": "1990-02-02", "SSN": "412-55-0199", "Phone": "860-555-0111"}
    write_csv(tmp_path / "in" / "ehr.csv", [*people, namesake])
    remit = f"{SEEDED['Last Name']}, {SEEDED['First Name']} K"  # "LAST, FIRST M": the initial K
    write_csv(tmp_path / "in" / "remit.csv", [{"Patient Name": remit, "Member ID": "XWV343979908"}])
    case = tmp_path / "case"
    CaseStore.create(case, KEY, FAST_KDF).close()
    api.scan([str(tmp_path / "in")], case, options=api.ScanOptions(workers=1), env=ENV)
    info = api.resolve_people(case, env=ENV)
    by_path = mentions_by_path(case)
    [remit] = by_path["remit.csv"]
    own = owners(case)
    assert info["unattributed_mentions"] == 0
    partners = [m for m in by_path["ehr.csv"] if own.get(m) == own[remit]]
    assert len(partners) == 1  # the seeded patient's EHR row (K), not the namesake R
