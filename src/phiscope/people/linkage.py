"""Pairwise matching of mentions with Splink 5, on DuckDB (an in-memory session, never the case file)
or Spark (``engines``).

Input columns (one row per mention, normalised; None where unknown):
``unique_id, first_name, first_group (list), last_name, suffix, first_ph, last_ph (NYSIIS), dob (ISO),
ssn, mrn, member_id, phone, email, street, zip5`` and the lists ``phones, emails, member_ids`` (every
value; the scalar columns hold the first).

* Blocking (OR of rules): SSN; DOB + phonetic last name; DOB + phonetic
  first name (a married name change); MRN; any member id; any phone; any
  e-mail; the DOB with the street or the ZIP (a name changed or mistyped
  beyond its phonetic keys); both phonetic names with the birth year, or with
  the birth month or day and a DOB two edits off; both phonetic names and the
  street where a DOB is missing; both phonetic names where a DOB is missing,
  for mentions whose names can carry such a pair after training
  (``name_block``: the pairs grow linearly, not quadratically).
* Prediction in chunks (``chunks_per_side``), by row number where ``by_row``: then each distinct
  row once, identical mentions sharing its pairs (``distinct``).
* Comparisons: first name (exact with term-frequency adjustment, nickname
  group overlap, Jaro-Winkler 0.88), last name (``NameComparison``, term
  frequency), generational suffix, DOB (``DateOfBirthComparison``: one typo,
  1 month, 1 year), SSN (exact, one edit: a typo), MRN, member ids, phones
  and e-mails (any value shared), street (exact, Jaro-Winkler), ZIP5.
* Training, no labels: the prior from deterministic rules, u by random
  sampling, m by EM blocked on DOB and on the last name; every comparison
  level starts from a stated m so that a case too small for EM still scores,
  and a nickname or typo level never ends up as evidence against a match
  (``floor_partial_m``).
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people import engines
from phiscope.people.conflicts import TYPO_EDITS
from phiscope.people.distinct import predict_distinct
from phiscope.people.engines import DIALECT, LinkageEngine
from phiscope.people.name_block import NAME_KEY_BLOCK, with_name_key, without_name_key
from phiscope.people.training import bound_prior, em, floor_partial_m, training_rule

COMPARED = ("first_name", "last_name", "suffix", "dob", "ssn", "mrn", "member_id", "phone", "email",
            "street", "zip5")
#: a blocking rule: equal columns, or SQL (``l.``/``r.`` columns) where equality is not enough
Block = tuple[str, ...] | str


def _name_and(condition: str) -> str:
    """A block on both phonetic names and ``condition``."""
    return f'l."first_ph" = r."first_ph" AND l."last_ph" = r."last_ph" AND {condition}'


#: both phonetic names and the birth year; or the birth month, or the day of the month, with the
#: DOB at most two typing edits off: a mistyped year, or two digits in two places (of two ISO dates
#: at most two edits apart one of year, month and day is intact; ``cluster.conflict`` refuses pairs
#: further apart). Where a DOB is missing, ``name_block`` pairs the mentions whose names can carry
#: a pair.
NAME_YEAR_BLOCK = _name_and('substr(l."dob", 1, 4) = substr(r."dob", 1, 4)')
NAME_MONTH_BLOCK = _name_and('substr(l."dob", 6, 2) = substr(r."dob", 6, 2) AND '
                             f'damerau_levenshtein(l."dob", r."dob") <= {TYPO_EDITS}')
NAME_DAY_BLOCK = _name_and('substr(l."dob", 9, 2) = substr(r."dob", 9, 2) AND '
                           f'damerau_levenshtein(l."dob", r."dob") <= {TYPO_EDITS}')
#: both phonetic names and the street where a DOB is missing (``name_block`` leaves these to it;
#: with both DOBs known the name and year blocks decide: a father and son of one name and address
#: are years apart)
NAME_STREET_BLOCK = _name_and('l."street" = r."street" AND (l."dob" IS NULL OR r."dob" IS NULL)')
#: blocks: every pair agreeing on one of them is compared. The DOB with the street or ZIP finds a
#: name changed or mistyped beyond its phonetic keys (a phonetic name with the street as well, on
#: the benchmarks, for 10 s more of a 100,000-patient case's Splink time: left out)
BLOCKS: tuple[Block, ...] = (("ssn",), ("dob", "last_ph"), ("dob", "first_ph"), ("mrn",), ("member_ids",),
                             ("phones",), ("emails",), ("dob", "street"), ("dob", "zip5"), NAME_YEAR_BLOCK,
                             NAME_MONTH_BLOCK, NAME_DAY_BLOCK, NAME_STREET_BLOCK, NAME_KEY_BLOCK)
#: list columns (every phone, e-mail, member id of a mention): a block on one pairs mentions sharing
#: any of its values, a comparison asks whether they share one
ARRAY_COLUMNS = frozenset({"phones", "emails", "member_ids"})


_KEPT = frozenset({"unique_id_l", "unique_id_r", "match_weight", "match_probability"})
#: a pair's ends by row number (``predict``'s ``by_row``: the rows are Splink's ids)
_ENDS = {"unique_id_l": "row_l", "unique_id_r": "row_r"}


@dataclass(frozen=True)
class LinkageOptions:
    """Knobs of the Splink model (defaults: see docs in the module docstring)."""

    seed: int = 42
    max_pairs_u: float = 2e6
    prior_recall: float = 0.8
    keep_above: float = 0.01  # pairs scored below this probability are not kept
    memory_limit: str = "2GB"  # DuckDB's working memory for the pairs (it spills to disk beyond)
    engine: str = "duckdb"  # where Splink runs: duckdb or spark (``engines``)
    max_pairs_em: int = 2_000_000  # pairs one EM session sees at most (a random share beyond)
    chunk_rows: int = 2_000_000  # mentions per side of one prediction chunk (``chunks_per_side``)
    distinct_rows: bool = True  # by row: each distinct row scored once (``distinct``); else every row


def _first_name() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(output_column_name="first_name", comparison_levels=[
        cll.NullLevel("first_name"),
        cll.ExactMatchLevel("first_name", term_frequency_adjustments=True).configure(m_probability=0.85),
        cll.ArrayIntersectLevel("first_group", 1).configure(m_probability=0.06),
        cll.JaroWinklerLevel("first_name", 0.88).configure(m_probability=0.05),
        cll.ElseLevel().configure(m_probability=0.04),
    ])


def _exact(col: str, m: float = 0.9) -> Any:
    import splink.comparison_library as cl

    return cl.ExactMatch(col).configure(m_probabilities=[m, 1 - m])


def _shared(col: str, array: str, m: float = 0.9) -> Any:
    """Exact match of any value of two list columns (output named ``col``: ``mw_<col>``)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(output_column_name=col, comparison_levels=[
        cll.NullLevel(array),
        cll.ArrayIntersectLevel(array, 1).configure(m_probability=m),
        cll.ElseLevel().configure(m_probability=1 - m),
    ])


def comparisons() -> list[Any]:
    """The Splink comparisons of the people model."""
    import splink.comparison_library as cl

    return [
        _first_name(),
        cl.NameComparison("last_name").configure(term_frequency_adjustments=True,
                                                 m_probabilities=[0.85, 0.05, 0.03, 0.03, 0.04]),
        _exact("suffix", 0.95),
        cl.DateOfBirthComparison("dob", input_is_string=True).configure(
            m_probabilities=[0.88, 0.05, 0.02, 0.02, 0.02, 0.01]),
        cl.DamerauLevenshteinAtThresholds("ssn", [1]).configure(m_probabilities=[0.93, 0.05, 0.02]),
        _exact("mrn"), _shared("member_id", "member_ids"), _shared("phone", "phones", 0.7),
        _shared("email", "emails", 0.7),
        cl.JaroWinklerAtThresholds("street", [0.9]).configure(m_probabilities=[0.7, 0.1, 0.2]),
        _exact("zip5", 0.8),
    ]


def settings(cmp: Sequence[Any] | None = None, blocks: Sequence[Block] = BLOCKS) -> Any:
    """Splink settings for deduplicating one table of mentions."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=list(cmp if cmp is not None else comparisons()),
        blocking_rules_to_generate_predictions=[_block(b) for b in blocks],
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,  # the values compared: not used, and wide (lists)
    )


def _block(cols: Block) -> Any:
    from splink import block_on
    from splink.blocking_rule_library import CustomRule

    if isinstance(cols, str):
        return CustomRule(cols, sql_dialect=DIALECT)
    arrays = [c for c in cols if c in ARRAY_COLUMNS]
    return block_on(*cols, arrays_to_explode=arrays) if arrays else block_on(*cols)


#: EM sessions: pairs sharing a DOB estimate the name, SSN, address... levels; pairs sharing first and
#: last name estimate the DOB's. Blocking on the last name alone was quadratic in a surname's
#: frequency (228 of 239 s of Splink on a 10,000-patient case, 110,961 mentions).
TRAINING_BLOCKS: tuple[tuple[str, ...], ...] = (("dob",), ("first_name", "last_name"))


def predict(table: pa.Table, cmp: Sequence[Any] | None = None, blocks: Sequence[Block] = BLOCKS,
            training_blocks: Sequence[Sequence[str]] = TRAINING_BLOCKS,
            deterministic: Sequence[Sequence[str]] = (("ssn", "dob"), ("first_name", "last_name", "dob")),
            options: LinkageOptions | None = None, tmp_dir: str | None = None, by_row: bool = False,
            sink: Callable[[pa.RecordBatch], None] | None = None,
            engine: LinkageEngine | None = None) -> pa.Table:
    """Scored pairs (``unique_id_l/_r``, ``match_weight``, ``match_probability``, ``mw_*``) above
    ``options.keep_above``; an empty table when fewer than two mentions. ``by_row``: ``table`` has
    a ``row`` column (its row numbers) and each pair names its mentions by those (``row_l/_r``),
    not by their ids: millions of pairs as two integer columns. With a ``sink``, the pairs go there
    as Splink streams them out, a batch at a time, and only their two ends and probability come
    back (the per-field weights of millions of pairs stay out of this process's memory). Runs on
    ``engine`` (left open) or on a new engine of ``options.engine`` (closed at the end)."""
    opts = options or LinkageOptions()
    ends = ("row_l", "row_r") if by_row else ("unique_id_l", "unique_id_r")
    if table.num_rows < 2:
        kind = pa.int64() if by_row else pa.string()
        empty = pa.table({ends[0]: pa.array([], kind), ends[1]: pa.array([], kind),
                          "match_weight": pa.array([], pa.float64()),
                          "match_probability": pa.array([], pa.float64())})
        return _streamed([pa.RecordBatchReader.from_batches(empty.schema, [])], sink) if sink else empty
    # beyond its memory limit an engine spills the rows (names, DOBs, SSNs) under ``tmp_dir``, encrypted
    eng = engine or engines.engine(opts.engine, tmp_dir, opts.memory_limit)
    try:
        parts = _predict(eng, table, cmp, blocks, training_blocks, deterministic, opts, by_row)
        if sink:
            return _streamed(parts, sink)
        return pa.concat_tables([reader.read_all() for reader in parts])
    finally:
        if engine is None:
            eng.close()


def _predict(eng: LinkageEngine, table: pa.Table, cmp: Sequence[Any] | None,
             blocks: Sequence[Block], training_blocks: Sequence[Sequence[str]],
             deterministic: Sequence[Sequence[str]], opts: LinkageOptions, by_row: bool,
             ) -> Iterator[pa.RecordBatchReader]:
    """The scored pairs a chunk at a time (each read before the next is asked for: its table is
    dropped then)."""
    from splink import Linker, block_on

    # trained without the name key (the model does not depend on it), then each mention's key set
    # from the trained weights, and the pairs predicted on that table by the same model
    unkeyed = without_name_key(table.drop_columns(["row"]) if by_row else table)
    train = eng.register(unkeyed, "phiscope_train")
    linker = Linker(train, settings(cmp, blocks), log_level=None)
    _quiet()
    linker.training.estimate_probability_two_random_records_match(
        [block_on(*d) for d in deterministic], recall=opts.prior_recall)
    bound_prior(linker)
    linker.training.estimate_u_using_random_sampling(max_pairs=opts.max_pairs_u, seed=opts.seed)
    for cols in training_blocks:
        em(linker, training_rule(table, cols, opts.max_pairs_em))
    floor_partial_m(linker)
    model = linker.misc.save_model_to_json()
    keyed = with_name_key(table, linker._settings_obj, opts.keep_above)
    tf_columns = [c.unquote().name for c in linker._settings_obj._term_frequency_columns]
    train.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
    if by_row and opts.distinct_rows:
        yield from predict_distinct(eng, keyed, model, tf_columns,
                                    lambda linker, rows: _chunks(eng, linker, rows, opts, True))
        return
    if by_row:  # the row numbers as Splink's ids (trained on the ids: EM's and u's samples hash them)
        keyed = keyed.drop_columns(["unique_id"])
        keyed = keyed.rename_columns(["unique_id" if c == "row" else c for c in keyed.column_names])
    scored_input = eng.register(keyed, "phiscope_predict")
    linker = Linker(scored_input, model, log_level=None)
    yield from _chunks(eng, linker, keyed.num_rows, opts, by_row)
    scored_input.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)


def _chunks(eng: LinkageEngine, linker: Any, rows: int, opts: LinkageOptions, by_row: bool,
            ) -> Iterator[pa.RecordBatchReader]:
    """``linker``'s scored pairs above ``opts.keep_above``, a chunk of each side at a time."""
    k = chunks_per_side(rows, opts.chunk_rows)
    for left, right in itertools.product(range(1, k + 1), repeat=2):
        # Splink's own chunked ``predict`` keeps every chunk's pairs until the end and then copies
        # them into one table; one chunk at a time, each is read and dropped
        out = linker.inference._predict_chunk(left_chunk=(left, k), right_chunk=(right, k),
                                              threshold_match_probability=opts.keep_above,
                                              warning_mode="never")
        # only the ids, weights and probabilities leave the engine
        names = [c.unquote().name for c in out.columns]
        keep = [c for c in names if c in _KEPT or c.startswith("mw_")]
        yield eng.pairs(out, [(c, _ENDS.get(c, c) if by_row else c) for c in keep], STREAM_BATCH)
        out.drop_table_from_database_and_remove_from_cache()


def chunks_per_side(rows: int, chunk_rows: int) -> int:
    """How many parts each side of the prediction is cut into: Splink gathers a chunk's blocked
    pairs and drops repeats in one aggregate, which at a million patients (about 11 million
    mentions, a few hundred million pairs) spilled tens of gigabytes; the pairs of one chunk are
    about ``1 / k**2`` of them, and grow linearly with the mentions."""
    return max(1, math.ceil(math.sqrt(rows / chunk_rows)))


#: scored pairs per batch handed to a ``predict`` sink
STREAM_BATCH = 500_000


def _streamed(readers: Iterable[pa.RecordBatchReader], sink: Callable[[pa.RecordBatch], None]) -> pa.Table:
    """Each batch of each reader to ``sink`` (at least one, maybe empty); the pairs' two ends and
    probability kept here."""
    kept: list[pa.RecordBatch] = []
    schema: pa.Schema | None = None
    few: list[str] = []
    sent = False
    for reader in readers:
        if schema is None:
            schema = reader.schema
            few = [c for c in schema.names
                   if c.startswith(("unique_id_", "row_")) or c == "match_probability"]
        for batch in reader:
            sink(batch)
            sent = True
            kept.append(batch.select(few))
        if not sent:
            sink(pa.RecordBatch.from_pylist([], reader.schema))
            sent = True
    assert schema is not None
    return pa.Table.from_batches(kept, pa.schema([schema.field(c) for c in few]))


def _quiet() -> None:
    for name in ("splink", "splink.internals"):
        logging.getLogger(name).setLevel(logging.ERROR)
