"""The evaluation report as tables for the terminal (the JSON form is the report dict itself)."""

from __future__ import annotations

from typing import Any

ELEMENT_COLUMNS = ["element", "truth", "found", "findings", "recall", "precision", "doc_value_recall",
                   "doc_value_precision", "values", "value_recall", "value_precision"]
#: short headers for the terminal: occurrence, value in document, distinct value
ELEMENT_HEADERS = ["element", "truth", "found", "findings", "occ_R", "occ_P", "doc_R", "doc_P", "values",
                   "val_R", "val_P"]
LABEL_COLUMNS = ["label", "element", "accepts", "truth", "found", "recall"]


def _cell(v: Any) -> Any:
    return "n/a" if v is None else v


def sections(report: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], list[str]]]:
    """``(title, rows, columns)`` for each table of the report, in display order."""
    out = [("elements (occurrence; value in document; distinct value)",
            [{h: _cell(r[c]) for h, c in zip(ELEMENT_HEADERS, ELEMENT_COLUMNS, strict=True)}
             for r in report["elements"]], ELEMENT_HEADERS)]
    if report["labels"]:
        out.append(("recall by source type", report["labels"], LABEL_COLUMNS))
    docs = report["documents"]
    out.append(("documents", [{"measure": k, "value": _cell(v)} for k, v in docs.items()],
                ["measure", "value"]))
    people = dict(report["people"])
    by_kind = people.pop("by_kind", None)
    out.append(("people", [{"measure": k, "value": _cell(v)} for k, v in people.items()],
                ["measure", "value"]))
    if by_kind:
        kinds = sorted(by_kind)
        measures = list(by_kind[kinds[0]])
        out.append(("people by kind", [{"measure": k, **{kind: _cell(by_kind[kind].get(k)) for kind in kinds}}
                                       for k in measures], ["measure", *kinds]))
    return out


def headline(report: dict[str, Any]) -> str:
    """One line for stderr: what was scored against what."""
    t, c = report["truth"], report["case"]
    return (f"scored {c['findings']} findings against {t['occurrences']} true occurrences "
            f"({t['kind']}, matched by {t['match_by']}); corpus root: {c['corpus_root']}; "
            f"{c['findings_outside_corpus']} findings outside the corpus ignored")
