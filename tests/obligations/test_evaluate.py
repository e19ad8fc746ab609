"""Scenarios for HIPAA and the checked states: thresholds at their edges, encryption, minors,
deceased people, out-of-state residents, medical-only exposure and law-enforcement delay."""

from __future__ import annotations

import datetime as dt

import pytest

from phiscope.obligations.incident import LawEnforcementDelay

from .conftest import DISCOVERED, Run, group, notices

FULL = ("person_name", "ssn", "icd10_diagnosis")
MEDICAL = ("person_name", "icd10_diagnosis")


@pytest.mark.parametrize(("n", "media"), [(500, False), (501, True)])
def test_hipaa_media_notice_needs_more_than_500_residents_of_a_state(run: Run, n: int, media: bool) -> None:
    ev = run([group("CT", *FULL, count=n), group("NY", *FULL, count=400)])
    assert [x.recipient for x in notices(ev, "media notice")] == (
        ["prominent media outlets serving CT"] if media else []
    )


@pytest.mark.parametrize(
    ("n", "rule", "due"),
    [(499, "hhs_deadline_small", dt.date(2027, 3, 1)), (500, "hhs_deadline_large", dt.date(2026, 3, 3))],
)
def test_hhs_notice_500_edge(run: Run, n: int, rule: str, due: dt.date) -> None:
    (hhs,) = notices(run([group("NH", *FULL, count=n)]), "HHS notice")
    assert hhs.rule.key == rule and hhs.due == due


@pytest.mark.parametrize(("n", "owed"), [(249, False), (250, True)])
def test_texas_ag_at_250(run: Run, n: int, owed: bool) -> None:
    found = notices(run([group("TX", *FULL, count=n)]), "regulator notice", "TX")
    assert bool(found) == owed
    if owed:
        assert found[0].due == DISCOVERED + dt.timedelta(days=30)


@pytest.mark.parametrize(("n", "owed"), [(499, False), (500, False), (501, True)])
def test_california_ag_above_500_fifteen_days_after_notice(run: Run, n: int, owed: bool) -> None:
    found = notices(run([group("CA", *FULL, count=n)]), "regulator notice", "CA")
    assert bool(found) == owed
    if owed:  # CA individual notice: 30 days; AG sample 15 days after it
        assert found[0].due == DISCOVERED + dt.timedelta(days=45)


@pytest.mark.parametrize(("n", "owed"), [(499, False), (500, True), (501, True)])
def test_florida_department_at_500(run: Run, n: int, owed: bool) -> None:
    assert bool(notices(run([group("FL", *FULL, count=n)]), "regulator notice", "FL")) == owed


@pytest.mark.parametrize(("n", "owed"), [(1000, False), (1001, True)])
def test_consumer_reporting_agencies_above_1000_florida(run: Run, n: int, owed: bool) -> None:
    assert bool(notices(run([group("FL", *FULL, count=n)], entity_type="other"), "CRA notice", "FL")) == owed


@pytest.mark.parametrize(("n", "owed"), [(5000, False), (5001, True)])
def test_new_york_cra_above_5000(run: Run, n: int, owed: bool) -> None:
    assert bool(notices(run([group("NY", *FULL, count=n)]), "CRA notice", "NY")) == owed


def test_maine_cra_count_basis_unknown_uses_the_larger_count(run: Run) -> None:
    ev = run([group("ME", "person_name", "ssn", count=10), group("CT", *FULL, count=995)])
    (cra,) = notices(ev, "CRA notice", "ME")
    assert cra.people == 1005 and "count basis unknown" in cra.detail


def test_encrypted_without_key_compromise_is_a_safe_harbor(run: Run) -> None:
    ev = run([group("CT", *FULL, count=700)], encrypted=True)
    assert not ev.notices and not ev.results[0].owed


def test_encrypted_with_key_compromise_is_a_breach(run: Run) -> None:
    ev = run([group("CT", *FULL, count=700)], encrypted=True, key_compromised=True)
    assert ev.results[0].laws() == ["HIPAA", "CT"]
    assert any("safe harbor lost" in s.finding for s in ev.results[0].trace.steps)


def test_minor_letter_goes_to_parent_and_names_the_unknown_rule(run: Run) -> None:
    ev = run([group("CT", *FULL, minor=True)])
    assert ev.results[0].recipient == "parent or guardian"
    assert "CT.minors" in [r.ref for r in ev.unverified()]


def test_deceased_letter_goes_to_next_of_kin_under_hipaa(run: Run) -> None:
    ev = run([group("NY", *FULL, deceased=True, address=False)])
    r = ev.results[0]
    assert r.recipient == "next of kin or personal representative"
    assert not notices(ev, "substitute notice", "HIPAA")  # 164.404(d)(1)(ii): no substitute needed


def test_out_of_state_resident_gets_their_state_law(run: Run) -> None:
    ev = run([group("TX", *FULL)], states_doing_business=("CT",))
    r = ev.results[0]
    assert r.laws() == ["HIPAA", "TX"]
    assert any("out-of-state" in s.finding for s in r.trace.steps)


@pytest.mark.parametrize(
    ("state", "applies"),
    [
        ("CT", True),
        ("CA", True),
        ("NY", True),
        ("TX", True),
        ("FL", True),
        ("MA", False),
        ("ME", False),
        ("NH", False),
    ],
)
def test_medical_only_exposure(run: Run, state: str, applies: bool) -> None:
    r = run([group(state, *MEDICAL)]).results[0]
    assert r.hipaa.applies
    assert bool(r.state and r.state.applies) == applies


def test_no_name_no_state_pi_but_credentials_count(run: Run) -> None:
    r = run(
        [group("CA", "ssn", name=False), group("CA", "username_password", name=False)], entity_type="other"
    ).results
    assert [x.owed for x in r] == [False, True]


def test_earliest_deadline_wins(run: Run) -> None:
    r = run([group("ME", *FULL)]).results[0]
    assert r.due == DISCOVERED + dt.timedelta(days=30) and r.due_law == "ME"


def test_written_law_enforcement_delay_tolls_hipaa_and_maine_resumes(run: Run) -> None:
    delay = LawEnforcementDelay("written", dt.date(2026, 1, 10), dt.date(2026, 2, 9))
    ev = run([group("ME", *FULL), group("CT", *FULL)], le_delay=delay)
    by = {r.group.state: r for r in ev.results}
    me, ct = by["ME"], by["CT"]
    assert ct.due == dt.date(2026, 3, 3) + dt.timedelta(days=30)
    assert me.due == dt.date(2026, 2, 18)  # 7 business days after 2026-02-09


def test_oral_delay_is_capped_at_30_days_under_hipaa(run: Run) -> None:
    delay = LawEnforcementDelay("oral", dt.date(2026, 1, 10), dt.date(2026, 4, 1))
    (hhs,) = notices(run([group("NH", *FULL, count=600)], le_delay=delay), "HHS notice")
    assert hhs.due == dt.date(2026, 3, 3) + dt.timedelta(days=30)


def test_business_associate_notifies_the_covered_entity(run: Run) -> None:
    ev = run([group("CT", *FULL, count=3)], entity_type="business_associate")
    (ba,) = notices(ev, "notice to covered entity")
    assert ba.due == DISCOVERED + dt.timedelta(days=60)


def test_low_probability_risk_assessment_removes_hipaa_only(run: Run) -> None:
    from phiscope.obligations.incident import RiskAssessment

    r = run([group("CT", *FULL)], risk=RiskAssessment(low_probability_of_compromise=True)).results[0]
    assert r.laws() == ["CT"]


def test_no_harm_determination_honoured_only_where_the_law_has_the_exception(run: Run) -> None:
    r = run([group("CT", *FULL), group("CA", *FULL)], entity_type="other", no_harm_determination=True).results
    assert {x.group.state: x.owed for x in r} == {"CT": False, "CA": True}


def test_ssn_offers_ct_24_months_ma_18_and_ca_only_if_entity_caused(run: Run) -> None:
    ev = run([group("CT", *FULL), group("MA", *FULL), group("CA", *FULL)])
    assert {(o.law, o.detail) for o in notices(ev, "identity-protection offer")} == {
        ("CT", "24 months at no cost"),
        ("MA", "18 months at no cost"),
        ("CA", "12 months at no cost"),
    }
    ev2 = run([group("CA", *FULL)], entity_caused=False)
    assert not notices(ev2, "identity-protection offer")


def test_massachusetts_letter_prohibitions(run: Run) -> None:
    r = run([group("MA", *FULL)]).results[0]
    assert "the nature of the breach" in r.state.prohibited


def test_substitute_notice_hipaa_10_edge(run: Run) -> None:
    small = notices(run([group("CT", *FULL, count=9, address=False)]), "substitute notice", "HIPAA")[0]
    big = notices(run([group("CT", *FULL, count=10, address=False)]), "substitute notice", "HIPAA")[0]
    assert small.recipient.startswith("alternative") and "toll-free" in big.recipient


def test_ny_and_ca_extra_filings(run: Run) -> None:
    ev = run([group("NY", *FULL, count=600), group("CA", *FULL)], licensed_health_facility=True)
    (ny,) = notices(ev, "ny_ag_hhs_copy")
    (ca,) = notices(ev, "ca_cdph_1280_15")
    assert ca.due == dt.date(2026, 1, 23)  # 15 business days after Friday 2 January
    assert ny.due is not None


def test_unknown_residence_gets_hipaa_only(run: Run) -> None:
    r = run([group(None, *FULL)]).results[0]
    assert r.laws() == ["HIPAA"]


def test_banner_names_unverified_rules(run: Run) -> None:
    ev = run([group("AL", *FULL)])
    assert "not legal advice" in ev.banner() and "AL.individual_deadline" in ev.banner()
