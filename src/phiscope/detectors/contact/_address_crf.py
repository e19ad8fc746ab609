"""usaddress's CRF decoded with numpy, for many token sequences at once.

crfsuite labels a sequence by Viterbi over state scores (the sum of the
weights of each token's attributes) and label-to-label transition weights.
The weights are read from crfsuite's text dump of the usaddress model, which
prints them with six decimals: a score computed here is within
``ERROR_PER_TOKEN`` per token of crfsuite's. Every argmax on the decoded path
is therefore checked for a margin of twice the worst-case error; a sequence
with a closer call is reported undecided, and the caller asks usaddress.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

#: weights are printed as ``%f``: each is off by at most 5e-7; a token's state score sums at
#: most ~40 attributes (own, previous, next, start/end) and one transition
ERROR_PER_TOKEN = 41 * 5e-7
_LABEL = re.compile(r"^\s*(\d+): (\w+)$")
_TRANSITION = re.compile(r"^\s*\(1\) (\w+) --> (\w+): (-?\d+\.\d+)$")
_STATE = re.compile(r"^\s*\(0\) (.*) --> (\w+): (-?\d+\.\d+)$")

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class CrfModel:
    """Labels, transition matrix (from, to) and state weights per attribute."""

    labels: tuple[str, ...]
    transitions: Floats
    weights: Mapping[str, Floats]

    def vector(self, attrs: Mapping[str, float], prefix: str = "") -> Floats:
        """Sum of the label weights of ``prefix + attribute`` times its value."""
        out = np.zeros(len(self.labels))
        for name, value in attrs.items():
            w = self.weights.get(prefix + name)
            if w is not None and value:
                out += value * w
        return out


def parse_dump(text: str) -> CrfModel | None:
    """The model from ``Tagger.dump`` text (None when the format is not recognised)."""
    labels: dict[int, str] = {}
    trans: list[tuple[str, str, float]] = []
    state: list[tuple[str, str, float]] = []
    section = ""
    for line in text.splitlines():
        if line.endswith("= {"):
            section = line.split()[0]
            continue
        if section == "LABELS" and (m := _LABEL.match(line)):
            labels[int(m.group(1))] = m.group(2)
        elif section == "TRANSITIONS" and (m := _TRANSITION.match(line)):
            trans.append((m.group(1), m.group(2), float(m.group(3))))
        elif section == "STATE_FEATURES" and (m := _STATE.match(line)):
            state.append((m.group(1), m.group(2), float(m.group(3))))
    names = tuple(labels[i] for i in sorted(labels))
    if not names or not state or sorted(labels) != list(range(len(names))):
        return None
    index = {n: i for i, n in enumerate(names)}
    matrix = np.zeros((len(names), len(names)))
    for a, b, w in trans:
        matrix[index[a], index[b]] = w
    weights: dict[str, Floats] = {}
    for attr, label, w in state:
        weights.setdefault(attr, np.zeros(len(names)))[index[label]] = w
    return CrfModel(names, matrix, weights)


def viterbi(model: CrfModel, states: Floats) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.bool_]]:
    """Best label paths of ``states`` (G sequences x T tokens x L labels) and whether
    every argmax on each path won by more than the weights' rounding could change."""
    g, t_len, n = states.shape
    trans_to = np.ascontiguousarray(model.transitions.T)  # (to, from): reduce over the last axis
    score = states[:, 0, :].copy()
    back = np.zeros((g, t_len, n), dtype=np.int64)
    history = [score]
    for t in range(1, t_len):
        cand = score[:, None, :] + trans_to[None, :, :]  # (G, to, from)
        arg = cand.argmax(axis=2)
        back[:, t, :] = arg
        score = np.take_along_axis(cand, arg[:, :, None], axis=2)[:, :, 0] + states[:, t, :]
        history.append(score)
    path = np.zeros((g, t_len), dtype=np.int64)
    path[:, -1] = score.argmax(axis=1)
    margin = _margin(score)
    rows = np.arange(g)
    for t in range(t_len - 1, 0, -1):
        to = path[:, t]
        path[:, t - 1] = back[rows, t, to]
        margin = np.minimum(margin, _margin(history[t - 1] + trans_to[to]))
    return path, margin > 2 * ERROR_PER_TOKEN * t_len + 1e-9


def _margin(scores: Floats) -> Floats:
    """Best minus second-best score per row."""
    top2 = np.partition(scores, -2, axis=1)[:, -2:]
    return np.asarray(top2[:, 1] - top2[:, 0], dtype=np.float64)


def state_scores(model: CrfModel, own: Floats, as_prev: Floats, as_next: Floats,
                 sequences: Sequence[Sequence[int]]) -> Floats:
    """State scores (G x T x L) of token-signature sequences of one length T, built as
    ``usaddress.tokens2features`` lays out the attributes (own, previous:, next:, start/end)."""
    seq = np.asarray(sequences, dtype=np.int64)
    t_len = seq.shape[1]
    s = own[seq].copy()
    if t_len > 1:
        s[:, 1:, :] += as_prev[seq[:, :-1]]
        s[:, :-1, :] += as_next[seq[:, 1:]]
    zero = np.zeros(len(model.labels))
    w = model.weights
    s[:, 0, :] += w.get("address.start", zero)
    s[:, -1, :] += w.get("address.end", zero)
    if t_len > 1:
        s[:, 1, :] += w.get("previous:address.start", zero)
        s[:, -2, :] += w.get("next:address.end", zero)
    return s
