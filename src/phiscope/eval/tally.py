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
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl

from phiscope.eval.case import Predicted
from phiscope.eval.match import Matching, match
from phiscope.eval.normalize import Normalizer
from phiscope.eval.people import Frames, kind_scores, not_available, scores_of
from phiscope.eval.score import ElementScore, ratio, total
from phiscope.eval.truth import Occurrence, TruthSet

#: person kinds that are not people whose data is exposed (letterheads)
NOT_PEOPLE = frozenset({"organisation"})
#: distinct-value rows gathered before they are folded into one frame
_COMPACT = 2_000_000


class Tally:
    """Counts over buckets of whole files (``add``), then the report's sections (``elements``,
    ``labels``, ``documents``, ``people``). ``truth`` gives the kind, files, people and labelling
    (its occurrences come in the buckets); ``people``: score people (the case holds clusters)."""

    def __init__(self, truth: TruthSet, norm: Normalizer, people: bool) -> None:
        self.truth, self.norm, self.people = truth, norm, people
        self.occurrences = 0
        self.findings = 0
        self._rows: dict[str, ElementScore] = {}
        self._values = _Distinct()  # (element, normalised value) of the truth -> found anywhere
        self._predicted = _Distinct()  # of the findings -> right by value anywhere
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
        _extend_sorted(self._true_types, types)
        _extend_sorted(self._placed, placed)
        if len(self._pred_types) >= _COMPACT:
            self._fold_pred_types()

    def _fold_pred_types(self) -> None:
        for c, e in self._pred_types:
            self._pred_type_cols[0].append(c)
            self._pred_type_cols[1].append(e)
        self._pred_types.clear()

    def _element(self, element: str) -> int:
        return self._elements.setdefault(element, len(self._elements))

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

        def col(values: array[int]) -> np.ndarray:
            return np.frombuffer(values, np.int32).astype(np.int64) if len(values) else np.empty(0, np.int64)

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


def _extend_sorted(columns: tuple[array[int], array[int]], pairs: set[tuple[int, int]]) -> None:
    """Append ``sorted(pairs)`` (two non-negative 32-bit numbers each) to two integer columns, sorted
    as one 64-bit key in numpy (a bucket's half a million pairs: no Python sort of tuples)."""
    if not pairs:
        return
    both = np.fromiter((x for pair in pairs for x in pair), np.int64, 2 * len(pairs)).reshape(-1, 2)
    keys = np.sort((both[:, 0] << 32) | both[:, 1])
    columns[0].frombytes((keys >> 32).astype(np.int32).tobytes())
    columns[1].frombytes((keys & 0xFFFFFFFF).astype(np.int32).tobytes())


class _Distinct:
    """Distinct (element, value) pairs with a flag (True if any occurrence of the pair had it), as a
    polars frame folded every ``_COMPACT`` rows."""

    def __init__(self) -> None:
        self._frame = pl.DataFrame(schema={"element": pl.String, "value": pl.String, "flag": pl.Boolean})
        self._pending: list[pl.DataFrame] = []
        self._held = 0

    def add(self, vals: Mapping[tuple[str, str], bool]) -> None:
        if not vals:
            return
        self._pending.append(pl.DataFrame({"element": [k[0] for k in vals], "value": [k[1] for k in vals],
                                           "flag": list(vals.values())},
                                          schema={"element": pl.String, "value": pl.String,
                                                  "flag": pl.Boolean}))
        self._held += len(vals)
        if self._held >= _COMPACT:
            self._fold()

    def _fold(self) -> None:
        self._frame = (pl.concat([self._frame, *self._pending])
                       .group_by("element", "value").agg(pl.col("flag").any()))
        self._pending, self._held = [], 0

    def counts(self) -> Iterable[tuple[str, int, int]]:
        """(element, distinct values, of which flagged) per element."""
        self._fold()
        per = self._frame.group_by("element").agg(pl.len().alias("n"), pl.col("flag").sum().alias("hit"))
        return [(str(e), int(n), int(h)) for e, n, h in per.iter_rows()]
