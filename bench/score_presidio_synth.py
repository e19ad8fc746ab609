"""Score phiscope's text scanner on Presidio's synthetic PII sentences.

Reads ``../shared/data/presidio_synth_v2/synth_dataset_v2_dev.json`` (or the
file given as the first argument), scans every ``full_text`` with ALL
registered detectors at once (as the engine does) and prints, per gold type,
recall, and per element, precision — with span-overlap matching: a prediction
is a true positive when it overlaps a gold span of a type mapped to its
element; a gold span is found when a prediction of a mapped element overlaps it.

Elements no gold type maps to are listed with their prediction counts only.
Exits 0 with a message when the data set is absent.

Usage: .venv/bin/python bench/score_presidio_synth.py [PATH]
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from phiscope.detectors.registry import load_detectors
from phiscope.model import Finding, Location, TextUnit
from phiscope.scan.text import TextScanner

DEFAULT = (Path(__file__).resolve().parents[1].parent
           / "shared/data/presidio_synth_v2/synth_dataset_v2_dev.json")

#: gold entity type -> phiscope elements that count as finding it
GOLD_TO_ELEMENTS: dict[str, frozenset[str]] = {
    "PERSON": frozenset({"person_name"}),
    "PHONE_NUMBER": frozenset({"phone"}),
    "EMAIL_ADDRESS": frozenset({"email"}),
    "STREET_ADDRESS": frozenset({"street_address", "city_state_zip"}),
    "ZIP_CODE": frozenset({"city_state_zip"}),
    "DATE_TIME": frozenset({"date", "dob"}),
    "US_SSN": frozenset({"ssn", "itin"}),
    "CREDIT_CARD": frozenset({"payment_card"}),
    "IBAN_CODE": frozenset({"bank_account", "iban"}),
    "US_DRIVER_LICENSE": frozenset({"drivers_license"}),
    "DOMAIN_NAME": frozenset({"url"}),
    "URL": frozenset({"url"}),
    "IP_ADDRESS": frozenset({"ip_address"}),
}

Span = tuple[int, int, str]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _predictions(scanner: TextScanner, text: str) -> list[Span]:
    findings: list[Finding] = scanner.scan(TextUnit(text, Location("presidio.json", offset=0)))
    return [(f.loc.offset or 0, (f.loc.offset or 0) + (f.loc.length or 0), f.element) for f in findings]


def score(records: list[dict[str, object]], scanner: TextScanner) -> tuple[Counter[str], ...]:
    """Counters: gold, gold found, predictions, true-positive predictions, any-overlap predictions."""
    gold_n: Counter[str] = Counter()
    gold_found: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    pred_tp: Counter[str] = Counter()
    pred_any: Counter[str] = Counter()
    for rec in records:
        text = str(rec["full_text"])
        gold = [(int(s["start_position"]), int(s["end_position"]), str(s["entity_type"]))
                for s in rec["spans"]]  # type: ignore[attr-defined]
        preds = _predictions(scanner, text)
        for gs, ge, gt in gold:
            gold_n[gt] += 1
            wanted = GOLD_TO_ELEMENTS.get(gt, frozenset())
            if any(el in wanted and _overlaps((ps, pe), (gs, ge)) for ps, pe, el in preds):
                gold_found[gt] += 1
        for ps, pe, el in preds:
            pred_n[el] += 1
            hits = [gt for gs, ge, gt in gold if _overlaps((ps, pe), (gs, ge))]
            pred_any[el] += bool(hits)
            pred_tp[el] += any(el in GOLD_TO_ELEMENTS.get(gt, frozenset()) for gt in hits)
    return gold_n, gold_found, pred_n, pred_tp, pred_any


def _ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "  -  "


def report(counters: tuple[Counter[str], ...], elements: list[str]) -> None:
    """Print recall per gold type and precision per element."""
    gold_n, gold_found, pred_n, pred_tp, pred_any = counters
    print(f"{'gold type':20s} {'gold':>5s} {'found':>5s} {'recall':>7s}  elements")
    for gt in sorted(gold_n):
        mapped = sorted(GOLD_TO_ELEMENTS.get(gt, frozenset()))
        rec = _ratio(gold_found[gt], gold_n[gt]) if mapped else "  n/a"
        names = ",".join(mapped) or "(no detector)"
        print(f"{gt:20s} {gold_n[gt]:5d} {gold_found[gt]:5d} {rec:>7s}  {names}")
    mapped_elements = {el for els in GOLD_TO_ELEMENTS.values() for el in els}
    print()
    print(f"{'element':22s} {'pred':>5s} {'tp':>5s} {'precision':>9s}  note")
    for el in elements:
        if el in mapped_elements:
            print(f"{el:22s} {pred_n[el]:5d} {pred_tp[el]:5d} {_ratio(pred_tp[el], pred_n[el]):>9s}")
        else:
            print(f"{el:22s} {pred_n[el]:5d} {'':5s} {'n/a':>9s}  no gold type; "
                  f"{pred_any[el]} overlap some gold span")


def main(argv: list[str]) -> int:
    """Entry point."""
    path = Path(argv[0]) if argv else DEFAULT
    if not path.is_file():
        print(f"presidio_synth_v2 not found at {path}: nothing to score (it lives in ../shared/data).",
              file=sys.stderr)
        return 0
    records = json.loads(path.read_text(encoding="utf-8"))
    detectors = load_detectors()
    scanner = TextScanner(detectors)
    start = time.perf_counter()
    counters = score(records, scanner)
    seconds = time.perf_counter() - start
    print(f"{len(records)} records scanned in {seconds:.2f} s with {len(detectors.detectors)} detectors")
    report(counters, sorted({d.element_type for d in detectors.detectors}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
