"""One evaluation: truth + a case's findings (+ people, once the case has them) -> a report dict."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from phiscope.eval.case import Predicted, load_predictions
from phiscope.eval.match import Matching, match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.people import majority_map, not_available, person_scores, split_rate
from phiscope.eval.score import document_scores, element_scores, label_scores
from phiscope.eval.truth import TruthSet

#: person kinds that are not people whose data is exposed (letterheads)
NOT_PEOPLE = frozenset({"organisation"})
NO_PEOPLE_YET = "the case holds no people yet: run people resolution first (issue 5)"


def truth_people(truth: TruthSet) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Person -> their occurrence ids, person -> their element types (organisations left out)."""
    mentions: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for o in truth.occurrences:
        if o.person_id is None or truth.persons.get(o.person_id) in NOT_PEOPLE:
            continue
        mentions.setdefault(o.person_id, set()).add(o.id)
        if o.element is not None:
            types.setdefault(o.person_id, set()).add(o.element)
    return mentions, types


def clusters_to_mentions(clusters: Mapping[str, Iterable[str]], preds: Sequence[Predicted],
                         m: Matching) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Cluster -> occurrence ids its findings were paired with, cluster -> its findings' element types.

    ``clusters`` maps a predicted person to finding ids (every path of a
    finding's content belongs to it).
    """
    by_finding: dict[str, list[Predicted]] = {}
    for p in preds:
        by_finding.setdefault(p.finding_id, []).append(p)
    mentions: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    for cid, finding_ids in clusters.items():
        ps = [p for f in finding_ids for p in by_finding.get(f, ())]
        mentions[cid] = {m.pairs[p.id] for p in ps if p.id in m.pairs}
        types[cid] = {p.element for p in ps}
    return mentions, types


def score_people(truth: TruthSet, preds: Sequence[Predicted], m: Matching,
                 clusters: Mapping[str, Iterable[str]] | None) -> dict[str, Any]:
    """The person-level section: metrics when ``clusters`` are given and the truth knows people."""
    if clusters is None:
        return not_available(NO_PEOPLE_YET)
    true_mentions, true_types = truth_people(truth)
    if not true_mentions:
        return not_available(f"the {truth.kind} truth does not say whose each value is")
    pred_mentions, pred_types = clusters_to_mentions(clusters, preds, m)
    report = person_scores(true_mentions, pred_mentions, true_types, pred_types).as_dict()
    by_kind: dict[str, Any] = {}
    for kind in sorted({truth.persons.get(pid, "") for pid in true_mentions} - {""}):
        by_kind[kind] = _scores_for_kind(truth, kind, true_mentions, true_types, pred_mentions, pred_types)
    if len(by_kind) > 1:
        report["by_kind"] = by_kind
    return report


def _scores_for_kind(truth: TruthSet, kind: str, true_mentions: dict[str, set[str]],
                     true_types: dict[str, set[str]], pred_mentions: dict[str, set[str]],
                     pred_types: dict[str, set[str]]) -> dict[str, Any]:
    """Person metrics for the true people of one kind (patients, emergency contacts...), judged
    on the whole clustering: a person is found when some predicted person is mostly theirs."""
    people = {pid for pid in true_mentions if truth.persons.get(pid) == kind}
    owners = majority_map(true_mentions, pred_mentions)
    theirs = {cid: p for cid, p in owners.items() if p in people}
    found = set(theirs.values())
    owner = {m: p for p, ms in true_mentions.items() for m in ms}
    merged = [cid for cid in theirs if len({owner[m] for m in pred_mentions[cid] if m in owner}) > 1]
    got: dict[str, set[str]] = {p: set() for p in people}
    for cid, p in theirs.items():
        got[p] |= pred_types.get(cid, set())
    n = len(people)
    return {
        "true_people": n, "found_people": len(theirs),
        "person_recall": round(len(found) / n, 4) if n else None,
        "false_merge_rate": round(len(merged) / len(theirs), 4) if theirs else None,
        "split_rate": split_rate({p: true_mentions[p] for p in people}, pred_mentions),
        "types_exact": round(sum(got[p] == true_types.get(p, set()) for p in people) / n, 4) if n else None,
    }


def evaluate_case(truth: TruthSet, findings: Iterable[Mapping[str, Any]], doc_paths: Mapping[str, list[str]],
                  norm: Normalizer | None = None,
                  clusters: Mapping[str, Iterable[str]] | None = None) -> dict[str, Any]:
    """Score findings (with raw values) against ``truth``; a JSON-ready report without raw values."""
    norm = norm or Normalizer()
    preds = load_predictions(findings, doc_paths, truth.top_level_files())
    m = match(truth, preds.items, norm)
    return {
        "truth": {"kind": truth.kind, "match_by": truth.match_by, "occurrences": len(truth.occurrences),
                  "files": len(truth.files), **{k: v for k, v in truth.meta.items()}},
        "case": {"corpus_root": preds.root, "findings": len(preds.items),
                 "findings_outside_corpus": preds.outside, "documents": len(preds.documents)},
        "elements": [r.as_dict() for r in element_scores(truth, preds.items, m, norm)],
        "labels": label_scores(truth, m),
        "documents": document_scores(truth, preds.items, m),
        "people": score_people(truth, preds.items, m, clusters),
    }
