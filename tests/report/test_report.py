"""The case report: every section, counts from the case, no raw value, a reproducible QC sample."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.errors import UsageError
from phiscope.report.qc import wilson

SECTIONS = ("Headline", "What was exposed", "Where the affected people live", "Notification duties",
            "Top files by number of people exposed", "Which file types held what",
            "Methodology and reliability", "Accuracy on the simulator", "QC sample for human review",
            "Detectors and thresholds", "Input hashes")


@pytest.fixture(scope="module")
def report(case: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("out")
    info = api.report(case["case"], out_dir=out, pdf=False, env=case["env"])
    return {"info": info, "html": Path(info["html"]).read_text(encoding="utf-8")}


def test_every_section_and_chart_is_there(report: dict[str, Any]) -> None:
    html = report["html"]
    for title in SECTIONS:
        assert title in html, title
    assert html.count('<svg role="img"') == 4  # two bar charts, the state map, the timeline
    assert "HHS notice" in html and "breach discovered (day 0)" in html
    assert not re.search(r'<(script|link|img)[^>]+(src|href)="https?:', html)  # self-contained


def test_headline_numbers_come_from_the_case(case: dict[str, Any], report: dict[str, Any]) -> None:
    people = api.people(case["case"], env=case["env"], resolve=False)
    summary = api.summary(case["case"], env=case["env"])
    html = report["html"]
    assert f'<div class="n">{len(people):,}</div><div class="l">unique people</div>' in html
    total = sum(f["findings"] for f in summary["findings"])
    assert f'<div class="n">{total:,}</div><div class="l">findings</div>' in html
    assert report["info"]["people"] == len(people)


def test_no_raw_value_and_names_only_with_reveal(case: dict[str, Any], report: dict[str, Any],
                                                 tmp_path: Path) -> None:
    truth = [json.loads(x) for x in (case["root"] / "corpus.truth.jsonl").read_text().splitlines() if x]
    values = {t["value"] for t in truth if len(t["value"]) >= 6 and t["element"] in (
        "ssn", "phone", "email", "street_address", "person_name", "mrn", "health_plan_member_id")}
    assert values
    leaked = [v for v in values if v in report["html"]]
    assert not leaked, f"{len(leaked)} raw values in the report"
    revealed = api.report(case["case"], out_dir=tmp_path, pdf=False, reveal=True, env=case["env"])
    assert Path(revealed["html"]).name == "report-revealed.html"
    names = {p["full_name"] for p in api.people(case["case"], env=case["env"], reveal=True, resolve=False)}
    assert any(n and n in Path(revealed["html"]).read_text() for n in names)


def test_qc_sample_is_reproducible_and_answers_give_estimates(case: dict[str, Any]) -> None:
    a = api.qc_sample(case["case"], env=case["env"], seed=7, people=5, documents=5)
    b = api.qc_sample(case["case"], env=case["env"], seed=7, people=5, documents=5)
    c = api.qc_sample(case["case"], env=case["env"], seed=8, people=5, documents=50)
    assert [p["id"] for p in a["people"]] == [p["id"] for p in b["people"]]
    assert len(a["people"]) == 5 and a["estimates"]["recall"] is None
    assert [p["id"] for p in a["people"]] != [p["id"] for p in c["people"]] or len(a["people"]) < 5
    answers = [(p["id"], "correct") for p in a["people"][:4]] + [(a["people"][4]["id"], "merged")]
    answers += [(d["id"], "no-phi") for d in a["documents"]]
    est = api.qc_record(case["case"], answers, env=case["env"], reviewer="qa", seed=7, people=5, documents=5)
    assert est["people_reviewed"] == 5 and est["person_precision"] == pytest.approx(0.8)
    if a["documents"]:
        assert est["recall"] == 1.0 and est["recall_low"] < 1.0 <= est["recall_high"]
    with pytest.raises(UsageError, match="unknown answer"):
        api.qc_record(case["case"], [(a["people"][0]["id"], "maybe")], env=case["env"])
    with pytest.raises(UsageError, match="no person"):
        api.qc_record(case["case"], [("P0000000000000000", "correct")], env=case["env"])


def test_wilson_interval_known_values() -> None:
    lo, hi = wilson(0, 30)
    assert lo == 0.0 and hi == pytest.approx(0.1135, abs=1e-4)
    lo, hi = wilson(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)


def test_typst_pdf_fallback(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("phiscope.report.pdf.find_chromium", lambda: None)
    info = api.report(case["case"], out_dir=tmp_path, env=case["env"])
    assert info["pdf_engine"] == "typst"
    data = Path(info["pdf"]).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
