"""Parse a column of street addresses with usaddress once per *shape*, not per value.

usaddress tags a value with a CRF (crfsuite) over per-token features (see
``usaddress.tokenFeatures``): lower-cased word, length, digit class, trailing
zeros, end punctuation and a few booleans, plus the same for the previous and
next token. crfsuite ignores attributes its model does not know, and the model
knows only a few hundred words (``word:main``, ``next:word:apt``...): every
other word counts only through its length, vowels and punctuation. Two values
whose tokens give the same known attributes, in the same order, are therefore
tagged identically (the tagger gets bit-identical input). So a column is
grouped by that signature and each group is tagged once: by the numpy decoder
of ``_address_crf`` (the same CRF, decoded in batches, with a safety margin
for the rounding of the weights it reads), or by ``usaddress`` itself on one of
the group's values when the decoder cannot be sure or numpy is not installed.
Exact by construction, whatever the address shape.

The tokenizer is usaddress's own regex, run by polars; it is applied only to
printable-ASCII values with single spaces, where Rust's and Python's ``\\b``
and ``\\s`` agree (and where no token holds a line break, the one character
that makes crfsuite's dump of an attribute unreadable).
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl
import pycrfsuite
import usaddress

if TYPE_CHECKING:
    from phiscope.detectors.contact._address_crf import CrfModel

#: ``usaddress.tokenize`` (its ``&amp;`` replacement and token regex)
_AMP = r"&#38;|&amp;"
TOKEN = r"\(*\b[^\s,;#&()]+[.,;)\n]*|[#&]"
_WORD_ATTR = re.compile(r"^\s*\d+: (?:previous:|next:)?word:(\S+)$")


@dataclass(frozen=True)
class AddressModel:
    """What the column path needs from the usaddress model: its vocabulary and weights."""

    known: frozenset[str]
    crf: CrfModel | None


def load_address_model() -> AddressModel:
    """Read the usaddress model through crfsuite's text dump.

    Should the dump be unreadable, the vocabulary is empty (which only makes
    groups finer: every word then counts) and there are no weights (every group
    is then tagged by usaddress itself).
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "usaddr.dump"
        try:
            usaddress.TAGGER.dump(str(path))
            text = path.read_text(encoding="utf-8", errors="replace")
        except (OSError, AttributeError):
            return AddressModel(frozenset(), None)
    return AddressModel(known_words(text), _crf(text))


def _crf(dump: str) -> CrfModel | None:
    """The decoder's model, or None without numpy (usaddress then tags every shape)."""
    try:
        from phiscope.detectors.contact._address_crf import parse_dump
    except ImportError:
        return None
    return parse_dump(dump)


def known_words(dump: str) -> frozenset[str]:
    """Words with weights in the model (as ``word:``, ``previous:word:`` or ``next:word:``)."""
    lines = dump.splitlines()
    if "ATTRIBUTES = {" not in lines:
        return frozenset()
    words: set[str] = set()
    for line in lines[lines.index("ATTRIBUTES = {") + 1:]:
        if line.startswith("}"):
            break
        m = _WORD_ATTR.match(line)
        if m:
            words.add(m.group(1))
    return frozenset(words)


def token_attributes(token: str) -> dict[str, float]:
    """The crfsuite attributes of one token's own features, flattened by pycrfsuite itself."""
    items: list[dict[str, float]] = pycrfsuite.ItemSequence([usaddress.tokenFeatures(token)]).items()
    return items[0]


def signature(attrs: dict[str, float], known: frozenset[str]) -> str:
    """The attributes the model can see, in usaddress's order (unknown words dropped)."""
    return "\x1f".join(f"{name}={value!r}" for name, value in attrs.items()
                       if not (name.startswith("word:") and name[5:] not in known))


def tag_keys(labels: Sequence[str]) -> frozenset[str] | None:
    """The keys of ``usaddress.tag``'s dict for a label sequence (None: RepeatedLabelError)."""
    seen: set[str] = set()
    last = None
    intersection = False
    for label in labels:
        if label == "IntersectionSeparator":
            intersection = True
        if "StreetName" in label and intersection:
            label = "Second" + label
        if label != last and label in seen:
            return None
        seen.add(label)
        last = label
    return frozenset(seen)


@dataclass
class Shapes:
    """Token-signature sequences of a column: a key per address and each signature's attributes."""

    keys: pl.Series
    attrs: list[dict[str, float]]


def shapes(addresses: pl.Series, model: AddressModel) -> Shapes:
    """One key per address (printable ASCII, single spaces): equal keys, equal usaddress input."""
    digits_run = pl.element().str.contains(r"^[0-9]+$")
    tokens = addresses.str.replace_all(_AMP, "&").str.extract_all(TOKEN).list.eval(
        # the features of a run of digits depend only on its length and trailing zeros
        pl.when(digits_run).then(pl.element().str.replace_all("[1-9]", "1")).otherwise(pl.element()))
    distinct = tokens.explode().drop_nulls().unique().to_list()
    ids: dict[str, int] = {}
    attrs: list[dict[str, float]] = []
    sig_of = []
    for tok in distinct:
        a = token_attributes(tok)
        sid = ids.setdefault(signature(a, model.known), len(ids))
        if sid == len(attrs):
            attrs.append(a)
        sig_of.append(str(sid))
    mapping = pl.element().replace_strict(distinct, sig_of, default=None, return_dtype=pl.String)
    keys = pl.select(tokens.list.eval(mapping).list.join(",")).to_series()
    return Shapes(keys, attrs)


def per_shape(addresses: pl.Series, model: AddressModel,
              from_keys: Callable[[frozenset[str] | None], str | None],
              fallback: Callable[[str], str | None]) -> pl.Series:
    """A result per address, computed once per shape: ``from_keys`` of the tag keys the numpy
    decoder finds, or ``fallback`` on one of the shape's addresses when the decoder cannot tell."""
    found = shapes(addresses, model)
    reps = pl.DataFrame({"key": found.keys, "a": addresses}).unique("key", keep="first", maintain_order=True)
    keys, rep_values = reps["key"].to_list(), reps["a"].to_list()
    results: list[str | None] = [None] * len(keys)
    todo = list(range(len(keys)))
    if model.crf is not None:
        todo = _decode(model.crf, found.attrs, keys, results, from_keys)
    for i in todo:
        results[i] = fallback(rep_values[i])
    return found.keys.replace_strict(keys, pl.Series(results, dtype=pl.String), default=None,
                                     return_dtype=pl.String)


def _decode(crf: CrfModel, attrs: list[dict[str, float]], keys: list[str], results: list[str | None],
            from_keys: Callable[[frozenset[str] | None], str | None]) -> list[int]:
    """Fill ``results`` for the shapes the numpy decoder settles; return the others' indexes."""
    import numpy as np

    from phiscope.detectors.contact._address_crf import state_scores, viterbi

    own = np.array([crf.vector(a) for a in attrs]).reshape(len(attrs), len(crf.labels))
    as_prev = np.array([crf.vector(a, "previous:") for a in attrs]).reshape(own.shape)
    as_next = np.array([crf.vector(a, "next:") for a in attrs]).reshape(own.shape)
    by_length: dict[int, list[int]] = {}
    sequences: list[list[int]] = []
    for i, key in enumerate(keys):
        seq = [int(x) for x in key.split(",")] if key else []
        sequences.append(seq)
        by_length.setdefault(len(seq), []).append(i)
    undecided = by_length.pop(0, [])
    by_path: dict[tuple[int, ...], str | None] = {}
    for members in by_length.values():
        # chunks of 128 keep the (chunk x labels x labels) arrays in cache
        for chunk in (members[k:k + 128] for k in range(0, len(members), 128)):
            states = state_scores(crf, own, as_prev, as_next, [sequences[i] for i in chunk])
            paths, sure = viterbi(crf, states)
            for i, path, ok in zip(chunk, map(tuple, paths.tolist()), sure.tolist(), strict=True):
                if not ok:
                    undecided.append(i)
                    continue
                if path not in by_path:
                    by_path[path] = from_keys(tag_keys([crf.labels[j] for j in path]))
                results[i] = by_path[path]
    return undecided
