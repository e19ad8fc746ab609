"""Five+ table-driven scenarios for every state and territory, each checked against that file's data.

The entity is "other" (no HIPAA) so each scenario isolates the state's own rule.
"""

from __future__ import annotations

import datetime as dt

import pytest

from phiscope.obligations.loader import RuleBook, load_rulebook
from phiscope.obligations.schema import threshold

from .conftest import DISCOVERED, Run, group, notices

CODES = sorted(load_rulebook().states)
NAMED = ("person_name", "ssn")


@pytest.mark.parametrize("code", CODES)
def test_ssn_with_name_triggers_notice(run: Run, code: str) -> None:
    r = run([group(code, *NAMED)], entity_type="other").results[0]
    assert r.laws() == [code]


@pytest.mark.parametrize("code", CODES)
def test_individual_deadline_from_data(run: Run, book: RuleBook, code: str) -> None:
    days = book.states[code].rule("individual_deadline").value.get("days")
    r = run([group(code, *NAMED)], entity_type="other").results[0]
    assert r.due == (DISCOVERED + dt.timedelta(days=days) if days is not None else None)


@pytest.mark.parametrize("code", CODES)
def test_regulator_threshold_edge(run: Run, book: RuleBook, code: str) -> None:
    j = book.states[code]
    if not j.rule("regulator_required").value:
        assert not notices(run([group(code, *NAMED, count=20000)], entity_type="other"), "regulator notice")
        return
    t = threshold(j.rule("regulator_threshold").value)
    first = t.n + 1 if t.op == ">" else t.n
    at = notices(run([group(code, *NAMED, count=first)], entity_type="other"), "regulator notice", code)
    assert len(at) == 1 and at[0].people == first
    if first > 1:
        assert not notices(
            run([group(code, *NAMED, count=first - 1)], entity_type="other"), "regulator notice"
        )


@pytest.mark.parametrize("code", CODES)
def test_cra_threshold_edge(run: Run, book: RuleBook, code: str) -> None:
    j = book.states[code]
    req, thr = j.rule("cra_required"), j.rule("cra_threshold")
    ev_big = run([group(code, *NAMED, count=20000)], entity_type="other")
    if req.known and not req.value:
        assert not notices(ev_big, "CRA notice", code)
        return
    if not (req.known and thr.known):
        assert notices(ev_big, "CRA notice (check)", code)
        return
    t = threshold(thr.value)
    first = t.n + 1 if t.op == ">" else t.n
    assert notices(run([group(code, *NAMED, count=first)], entity_type="other"), "CRA notice", code)
    if first > 1:
        assert not notices(
            run([group(code, *NAMED, count=first - 1)], entity_type="other"), "CRA notice", code
        )


@pytest.mark.parametrize("code", CODES)
def test_encryption_and_key_compromise(run: Run, book: RuleBook, code: str) -> None:
    j = book.states[code]
    safe = run([group(code, *NAMED)], entity_type="other", encrypted=True).results[0]
    assert safe.owed == (not j.rule("encryption_safe_harbor").value)
    broken = run([group(code, *NAMED)], entity_type="other", encrypted=True, key_compromised=True).results[0]
    voids = j.rule("key_compromise_voids_safe_harbor")
    assert broken.owed == (not voids.known or bool(voids.value))


@pytest.mark.parametrize("code", CODES)
def test_medical_only_exposure_follows_the_pi_list(run: Run, book: RuleBook, code: str) -> None:
    r = run([group(code, "person_name", "icd10_diagnosis")], entity_type="other").results[0]
    assert r.owed == ("medical_info" in book.states[code].rule("pi_elements").value)


@pytest.mark.parametrize("code", CODES)
def test_minor_and_deceased_defaults_are_flagged(run: Run, code: str) -> None:
    ev = run([group(code, *NAMED, minor=True), group(code, *NAMED, deceased=True)], entity_type="other")
    assert sorted(r.recipient for r in ev.results) == [
        "next of kin or personal representative",
        "parent or guardian",
    ]
    refs = [r.ref for r in ev.unverified()]
    assert f"{code}.minors" in refs and f"{code}.deceased" in refs
