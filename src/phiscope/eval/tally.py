"""An evaluation a bucket of files at a time: what ``phiscope eval`` keeps between buckets.

Matching pairs a finding with an occurrence of the same file only (``match``), so a corpus can be
scored in buckets of whole files (``eval.stream``): a million-patient truth (60 million occurrences)
and its case (100 million findings) never sit in memory as Python objects at once. Between buckets
only counts, the sets of files, the distinct (element, value) pairs of each side (for the distinct-
value units, as polars frames compacted as they grow) and the person columns (integers) stay.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from phiscope.eval.case import Predicted
from phiscope.eval.columns import COMPACT, Distinct, column, extend_sorted
from phiscope.eval.match import Matching, match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.people import Frames, kind_scores, not_available, scores_of
from phiscope.eval.score import COUNTS, ElementScore, ratio, total
from phiscope.eval.truth import Occurrence, TruthSet

#: person kinds that are not people whose data is exposed (letterheads)
NOT_PEOPLE = frozenset({"organisation"})


class Tally:
    """Counts over buckets of whole files (``add``), then the report's sections (``elements``,
    ``labels``, ``documents``, ``people``). ``truth`` gives the kind, files, people and labelling
    (its occurrences come in the buckets); ``people``: score people (the case holds clusters)."""

    def __init__(self, truth: TruthSet, norm: Normalizer, people: bool) -> None:
        self.truth, self.norm, self.people = truth, norm, people
        self.occurrences = 0
        self.findings = 0
        self._rows: dict[str, ElementScore] = {}
        self._values = Distinct()  # (element, normalised value) of the truth -> found anywhere
        self._predicted = Distinct()  # of the findings -> right by value anywhere
        self._labels: Counter[str] = Counter()
        self._label_hits: Counter[str] = Counter()
        self._label_element: dict[str, str | None] = {}
        self._label_accepts: dict[str, frozenset[str]] = {}
        self._flagged: set[str] = set()
        self._right: set[str] = set()
        self._phi_docs: set[str] = set()
        # people: mention numbers, person and cluster codes as integer columns
        self._person_code: dict[str, int] = {}
        self._cluster_code: dict[str, int] = {}
        self._owned = (array("i"), array("i"))  # (o, person)
        self._true_types = (array("i"), array("i"))  # (person, element code), distinct per bucket
        self._placed = (array("i"), array("i"))  # (o, cluster)
        self._pred_types: set[tuple[int, int]] = set()  # (cluster, element code), then in columns:
        self._pred_type_cols = (array("i"), array("i"))
        self._elements: dict[str, int] = {}
        self._names: list[str] = []

    def add(self, occs: Sequence[Occurrence], preds: Sequence[Predicted],
            owners: Mapping[str, Sequence[str]] | None = None) -> None:
        """One bucket: every occurrence and every finding (at one path each) of some whole files;
        ``owners``: finding id -> the predicted people (clusters) holding it."""
        bucket = TruthSet(self.truth.kind, list(occs), [], self.truth.match_by)
        m = match(bucket, preds, self.norm)
        self._count_truth(occs, m)
        self._count_findings(preds, m)
        if self.people:
            self._count_people(occs, preds, m, owners or {})
        self.occurrences += len(occs)
        self.findings += len(preds)

    def _row(self, element: str) -> ElementScore:
        row = self._rows.get(element)
        if row is None:
            row = self._rows[element] = ElementScore(element, self.truth.is_labelled(element))
        return row

    def _count_truth(self, occs: Sequence[Occurrence], m: Matching) -> None:
        doc_vals: dict[tuple[str, str, str], bool] = {}
        vals: dict[tuple[str, str], bool] = {}
        for o in occs:
            hit = o.id in m.found
            if o.label is not None:
                self._labels[o.label] += 1
                self._label_hits[o.label] += hit
                self._label_element[o.label] = o.element
                self._label_accepts.setdefault(o.label, o.accepted())
            if o.phi:
                self._phi_docs.add(o.file)
            if o.element is None:
                continue
            r = self._row(o.element)
            r.truth += 1
            r.found += hit
            v = self.norm(o.element, o.value)
            doc_vals[(o.file, o.element, v)] = doc_vals.get((o.file, o.element, v), False) or hit
            vals[(o.element, v)] = vals.get((o.element, v), False) or hit
        for (_, element, _), hit in doc_vals.items():  # a file is in one bucket: these are final
            self._row(element).doc_values += 1
            self._row(element).doc_values_found += hit
        self._values.add(vals)

    def _count_findings(self, preds: Sequence[Predicted], m: Matching) -> None:
        vals: dict[tuple[str, str], bool] = {}
        for p in preds:
            r = self._row(p.element)
            paired, right = p.id in m.pairs, p.id in m.right_by_value
            r.findings += 1
            r.correct += paired
            r.right_by_value += right
            key = (p.element, self.norm(p.element, p.value))
            vals[key] = vals.get(key, False) or right
            if r.labelled:
                self._flagged.add(p.file)
                if paired:
                    self._right.add(p.file)
        self._predicted.add(vals)

    def _count_people(self, occs: Sequence[Occurrence], preds: Sequence[Predicted], m: Matching,
                      owners: Mapping[str, Sequence[str]]) -> None:
        number = {o.id: self.occurrences + i for i, o in enumerate(occs)}  # every mention's number
        kinds = self.truth.persons
        types: set[tuple[int, int]] = set()
        for o in occs:
            if o.person_id is None or kinds.get(o.person_id) in NOT_PEOPLE:
                continue
            person = self._person_code.setdefault(o.person_id, len(self._person_code))
            self._owned[0].append(number[o.id])
            self._owned[1].append(person)
            if o.element is not None:
                types.add((person, self._element(o.element)))
        placed: set[tuple[int, int]] = set()
        for p in preds:
            clusters = owners.get(p.finding_id, ())
            oid = m.pairs.get(p.id)
            for c in clusters:
                code = self._cluster_code.setdefault(c, len(self._cluster_code))
                self._pred_types.add((code, self._element(p.element)))
                if oid is not None:
                    placed.add((number[oid], code))
        extend_sorted(self._true_types, types)
        extend_sorted(self._placed, placed)
        if len(self._pred_types) >= COMPACT:
            self._fold_pred_types()

    def _fold_pred_types(self) -> None:
        for c, e in self._pred_types:
            self._pred_type_cols[0].append(c)
            self._pred_type_cols[1].append(e)
        self._pred_types.clear()

    def _element(self, element: str) -> int:
        return self._elements.setdefault(element, len(self._elements))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the truth and the normaliser (a worker's tally goes back to the process
        that holds them: ``merge``)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("truth", "norm")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def merge(self, other: Tally) -> None:
        """Add the tally of other buckets, scored apart (``eval.stream``'s workers): counts summed,
        sets joined, person, cluster and element codes renumbered into this tally's, and the other's
        mention numbers moved past this one's."""
        for name, r in other._rows.items():
            row = self._row(name)
            for count in COUNTS:
                setattr(row, count, getattr(row, count) + getattr(r, count))
        self._values.merge(other._values)
        self._predicted.merge(other._predicted)
        self._labels.update(other._labels)
        self._label_hits.update(other._label_hits)
        self._label_element.update(other._label_element)
        for label, accepts in other._label_accepts.items():
            self._label_accepts.setdefault(label, accepts)
        self._flagged |= other._flagged
        self._right |= other._right
        self._phi_docs |= other._phi_docs
        person = _renumbered(other._person_code, self._person_code)
        cluster = _renumbered(other._cluster_code, self._cluster_code)
        element = _renumbered(other._elements, self._elements)
        other._fold_pred_types()
        self._fold_pred_types()
        # (columns, theirs, renumbering of the first and of the second; None: a mention number)
        moves: tuple[tuple[tuple[array[int], array[int]], tuple[array[int], array[int]], np.ndarray | None,
                           np.ndarray], ...] = (
            (self._owned, other._owned, None, person), (self._true_types, other._true_types, person, element),
            (self._placed, other._placed, None, cluster),
            (self._pred_type_cols, other._pred_type_cols, cluster, element))
        for into, src, first, second in moves:
            a, b = column(src[0]), column(src[1])
            a = a + self.occurrences if first is None else first[a]
            into[0].frombytes(a.astype(np.int32).tobytes())
            into[1].frombytes(second[b].astype(np.int32).tobytes())
        self.occurrences += other.occurrences
        self.findings += other.findings

    # -- the report's sections ----------------------------------------------------------------

    def elements(self) -> list[dict[str, Any]]:
        """One row per element (sorted), then the ``all`` row (``score.element_scores``' units)."""
        for element, n, hit in self._values.counts():
            self._row(element).values += n
            self._row(element).values_found += hit
        for element, n, hit in self._predicted.counts():
            self._row(element).predicted_values += n
            self._row(element).predicted_values_right += hit
        ordered = [self._rows[k] for k in sorted(self._rows)]
        return [r.as_dict() for r in [*ordered, total(ordered)]]

    def labels(self) -> list[dict[str, Any]]:
        """Recall per source type (external corpora), with the element each is scored under."""
        n, hit = self._labels, self._label_hits
        return [{"label": k, "element": self._label_element[k],
                 "accepts": ",".join(sorted(self._label_accepts[k])), "truth": n[k], "found": hit[k],
                 "recall": ratio(hit[k], n[k])} for k in sorted(n)]

    def documents(self) -> dict[str, Any]:
        """Recall of PHI-bearing documents and files; PHI-free files flagged (``score.document_scores``)."""
        flagged_files = {f.split("!/", 1)[0] for f in self._flagged}
        files = self.truth.files
        phi_files = {f.file for f in files if f.top_level and f.has_phi}
        free_files = {f.file for f in files if f.top_level and not f.has_phi}
        phi = self._phi_docs
        return {
            "phi_documents": len(phi), "phi_documents_flagged": len(phi & self._flagged),
            "phi_documents_with_a_true_finding": len(phi & self._right),
            "document_recall": ratio(len(phi & self._flagged), len(phi)),
            "phi_files": len(phi_files), "phi_files_flagged": len(phi_files & flagged_files),
            "file_recall": ratio(len(phi_files & flagged_files), len(phi_files)),
            "phi_free_files": len(free_files), "phi_free_files_flagged": len(free_files & flagged_files),
            "flagged_documents_without_phi": len(self._flagged - phi),
        }

    def person_frames(self, clusters: int) -> Frames:
        """The person columns gathered (person codes renumbered in the order of the people's ids)."""
        self._fold_pred_types()
        self._names = sorted(self._person_code, key=self._person_code.__getitem__)
        rank = np.empty(len(self._names), np.int64)
        rank[np.argsort(np.array(self._names, dtype=object), kind="stable")] = np.arange(len(self._names))
        element = np.array(sorted(self._elements, key=self._elements.__getitem__) or [""], dtype=object)
        col = column
        owned = pl.DataFrame({"o": col(self._owned[0]), "person": rank[col(self._owned[1])]})
        true_types = pl.DataFrame({"person": rank[col(self._true_types[0])],
                                   "element": element[col(self._true_types[1])].astype(str)},
                                  schema={"person": pl.Int64, "element": pl.String}).unique()
        placed = pl.DataFrame({"o": col(self._placed[0]), "cluster": col(self._placed[1])})
        pred_types = pl.DataFrame({"cluster": col(self._pred_type_cols[0]),
                                   "element": element[col(self._pred_type_cols[1])].astype(str)},
                                  schema={"cluster": pl.Int64, "element": pl.String}).unique()
        return Frames(owned, placed, true_types, pred_types, clusters)

    def people_section(self, clusters: int) -> dict[str, Any]:
        """The person-level section (``clusters``: how many predicted people the case holds)."""
        f = self.person_frames(clusters)
        if not f.owned.height:
            return not_available(f"the {self.truth.kind} truth does not say whose each value is")
        report = scores_of(f).as_dict()
        rank = {name: r for r, name in enumerate(sorted(self._names))}
        kinds: dict[str, list[int]] = {}
        for name in self._names:
            kind = self.truth.persons.get(name, "")
            if kind:
                kinds.setdefault(kind, []).append(rank[name])
        by_kind = {k: kind_scores(f, pl.DataFrame({"person": pl.Series(v, dtype=pl.Int64)}))
                   for k, v in sorted(kinds.items())}
        if len(by_kind) > 1:
            report["by_kind"] = by_kind
        return report


def _renumbered(theirs: Mapping[str, int], mine: dict[str, int]) -> np.ndarray:
    """Another tally's codes (name -> code) as this one's (added where new), indexed by theirs."""
    out = np.zeros(len(theirs), np.int64)
    for name, code in theirs.items():
        out[code] = mine.setdefault(name, len(mine))
    return out
