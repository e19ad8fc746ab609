"""A few mentions that say too little to be sure of, fitting exactly one known person, join that person.

An 835 remittance names "CHRISTINA M HUNTER" with a member ID found nowhere else; the case knows one
Christina Hunter, a patient with a birth date, SSN and address. Splink, seeing only two equal names,
puts the pair in the review band (a name shared by two people of a 10,000-patient case is not rare),
and clustering alone would make the remittance a person of its own: one person counted twice, a
second letter with no address to send it to, and the patient's insurance exposure missed.

The rule, in the spirit of a reviewer who looks the name up in the case: a *poor* group of mentions
(each read from a table row or a typed record about its own subject — not free text or a mail
header, where "Jeffrey Mitchell <jmitchell@clinic.org>" is a clinician named like a patient, nor a
next of kin — and none with a birth date, SSN or MRN: nothing that could confirm or contradict) whose
review-band pairs, free of conflicts, all point into one other person, a *known* one (holding one of
those identifiers; people known only as someone's next of kin or emergency contact, and other poor
groups, are no candidates), joins that person, unless a conflict or a cannot-link decision stands between
them (``name_links`` adds the pairs Splink scores too low where the name is common in the case but
held by one person only). The merged pairs keep their score and get band ``sole`` so ``phiscope
review`` still shows them, and a reviewer's cannot-link undoes them on the next run.

A poor group whose pairs point into two or more people (a payment row "Andrea Jones" where the case
holds two) is one of them, not a third person: it is *unattributed* — resolution gives it no person
and its pairs wait in ``phiscope review``, where a "link" places it. A middle initial tells namesakes
apart: "JOHN K MURPHY" is no candidate for a John Murphy whose mentions show only the initial J, so
where the case knows a John J and a John K Murphy the remittance joins John K (a group showing no
initial, or a namesake that never shows one, fits any).
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.cluster import Decision, Reviewed, clash, representatives
from phiscope.people.rowtable import RowTable
from phiscope.people.rule_links import rule_links

#: band of a review-band pair merged because its poor side had no other candidate
SOLE = "sole"
#: rule of a pair between a poor mention and a known mention with the same full name
NAME_LINK = "same-name"
#: a poor mention's name held by more distinct known identities than this is too common to look up
MAX_NAMESAKES = 64
#: identifiers that make a mention's person checkable (and a cluster *known*)
STRONG = ("dob", "ssn", "mrn")


def _known(row: Mapping[str, Any]) -> bool:
    """A mention holding a DOB, SSN or MRN."""
    return any(row.get(k) for k in STRONG)


def is_poor(row: Mapping[str, Any]) -> bool:
    """A structured mention about its own subject (not a contact person) without DOB, SSN or MRN."""
    return bool(row.get("structured")) and not row.get("contact") and not _known(row)


def name_links(rows: Mapping[str, Mapping[str, Any]], probability: float) -> pa.Table:
    """``same_name``'s links alone."""
    return same_name(rows, probability)[0]


def same_name(rows: Mapping[str, Mapping[str, Any]], probability: float) -> tuple[pa.Table, np.ndarray]:
    """Pairs (``rule_links`` rows, at ``probability``, the bottom of the review band) between each
    poor mention with a full name and the known mentions with that exact first and last name and a
    middle initial that does not differ (either side showing none, or the namesake having shown the
    poor mention's) — one per distinct DOB, SSN and MRN, i.e. about one per namesake person, not one
    per mention: Splink scores such a pair under the review band when the name is common in the case
    ("Timothy Johnson"), yet the case may hold one Timothy Johnson only — or one Timothy K Johnson
    among three — which ``sole_candidates`` then finds out. Millions of pairs on a large case: made
    and returned as columns.

    And the rows (sorted) of the poor mentions whose name (and initial) more than ``MAX_NAMESAKES``
    identities hold: such a name gets no links, and such a mention has two or more candidates
    whatever else happens, so it is unattributed as a poor mention fitting two known people is
    (``sole_candidates``' ``several``). Without that it had no same-name link at all and, Splink
    scoring a common name under the review band, became a person of its own: at a million patients
    35,698 payment rows of the billing workbooks, each named like 19 to 447 known people, were
    counted as patients."""
    poor, namesakes = _namesakes(rows)
    key = ["first_name", "last_name", "mi"]
    common = pl.col("others").list.len() > MAX_NAMESAKES
    linked = (poor.join(namesakes.filter(~common), on=key)
              .sort("k").select("row", "others").explode("others"))
    crowded = poor.join(namesakes.filter(common).select(key), on=key)["row"].to_numpy()
    return (rule_links(linked["row"].to_numpy(), linked["others"].to_numpy(), probability, 0.0, NAME_LINK,
                       "name"), np.sort(crowded.astype(np.int64)))


def _namesakes(rows: Mapping[str, Mapping[str, Any]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The poor mentions with a full name (``row``, ``k`` in id order; ``mi``: the middle initial,
    "" for none) and, per full name and initial a poor mention shows, one known mention's row per
    distinct (DOB, SSN, MRN) whose mentions show no other initial (``others``, in id order)."""
    table = rows if isinstance(rows, RowTable) else RowTable.from_rows(rows)
    frame = pl.from_arrow(table.table.select(["first_name", "last_name", "middle_initial", *STRONG, "contact",
                                              "structured"]))
    assert isinstance(frame, pl.DataFrame)
    # rows as numbers, in the order of their ids by rank: no id strings copied (millions of rows)
    frame = frame.with_columns(row=pl.Series(np.arange(len(table), dtype=np.int64)),
                               rank=pl.Series(table.id_ranks()), mi=pl.col("middle_initial").fill_null(""))
    truthy = {c: pl.col(c).is_not_null() & (pl.col(c) != "") for c in ("first_name", "last_name", *STRONG)}
    known = pl.any_horizontal([truthy[k] for k in STRONG])
    contact = pl.col("contact").fill_null(False)
    named = frame.filter(truthy["first_name"] & truthy["last_name"]).sort("rank")
    name = ["first_name", "last_name"]
    poor = named.filter(pl.col("structured").fill_null(False) & ~contact & ~known).with_row_index("k")
    # one known mention per name and distinct (DOB, SSN, MRN), the first in id order, with the
    # initials shown by the mentions of that name sharing its DOB, SSN or MRN (a billing row with a
    # DOB and an MRN is the person whose EHR row has them and the initial)
    holders = named.filter(known & ~contact)
    identities = (holders.group_by([*name, *STRONG], maintain_order=True).agg(pl.col("row").first())
                  .with_row_index("seq"))
    shown = holders.filter(pl.col("middle_initial").is_not_null())
    initials = [identities.join(shown.filter(truthy[k]).group_by([*name, k]).agg(pl.col("middle_initial")),
                                on=[*name, k]).select("seq", "middle_initial") for k in STRONG]
    mis = (pl.concat(initials).explode("middle_initial").group_by("seq")
           .agg(pl.col("middle_initial").unique().alias("mis")))
    identities = identities.join(mis, on="seq", how="left").with_columns(pl.col("mis").fill_null([]))
    fits = (pl.col("mi") == "") | (pl.col("mis").list.len() == 0) | pl.col("mis").list.contains(pl.col("mi"))
    namesakes = (poor.select(*name, "mi").unique().join(identities, on=name).filter(fits)
                 .group_by([*name, "mi"]).agg(pl.col("row").sort_by("seq").alias("others")))
    return poor, namesakes


def sole_candidates(rows: Mapping[str, Mapping[str, Any]], left: Sequence[str], right: Sequence[str],
                    decisions: Sequence[Decision], clusters: Mapping[str, list[str]],
                    reviewed: Reviewed, held: set[str], several: Container[str] = frozenset(),
                    ) -> tuple[dict[str, list[str]], list[Decision], set[str]]:
    """Clusters and decisions after poor clusters with one known candidate joined it (see the module
    docstring; ``held``: ambiguous mentions, ``ambiguity``, never moved), and the mentions of poor
    clusters with two or more candidates (*unattributed*; their clusters are still returned).
    ``several``: mentions known to have namesakes in two or more people (``name_split``), whose
    same-name pairs were left out: a poor cluster holding one has two candidates."""
    poor = {r for r, members in clusters.items()
            if all(is_poor(rows[m]) for m in members) and not held.intersection(members)}
    marked = {r for r in poor if any(m in several for m in clusters[r])}
    if not poor:
        return dict(clusters), list(decisions), set()
    root = {m: r for r, members in clusters.items() for m in members}
    known = {r for r, members in clusters.items() if any(_known(rows[m]) for m in members)}
    # someone known only as another patient's contact is no candidate for a patient's own record
    contacts = {r for r, members in clusters.items() if all(rows[m].get("contact") for m in members)}
    candidates: dict[str, set[str]] = {}
    pair_of: dict[tuple[str, str], list[int]] = {}  # (poor root, other root) -> decision positions
    n = len(left)
    for k, (i, band, why, merged) in enumerate(decisions):
        if i >= n or band != "review" or merged:
            continue
        ra, rb = root[left[i]], root[right[i]]
        if ra == rb:
            continue
        for x, y in ((ra, rb), (rb, ra)):
            if x in poor and y not in poor and y not in contacts:  # poor groups say nothing of each other
                candidates.setdefault(x, set()).add(y)
                if why is None:
                    pair_of.setdefault((x, y), []).append(k)
    cannot: dict[str, set[str]] = {}
    for a, b in reviewed.cannot:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    for c in list(candidates):  # "John K Murphy" is not the John J Murphy the case knows
        mine = _initials(clusters[c], rows)
        if mine:
            candidates[c] = {d for d in candidates[c] if _fits(mine, _initials(clusters[d], rows))}
            if not candidates[c]:
                del candidates[c]
    out = {r: list(ms) for r, ms in clusters.items()}
    new_decisions = list(decisions)
    unattributed: set[str] = set()
    for c in sorted(marked - candidates.keys()):
        unattributed.update(out[c])
    for c in sorted(candidates):
        if len(candidates[c]) > 1 or c in marked:
            unattributed.update(out[c])
            continue
        (d,) = candidates[c]
        if d not in known or (c, d) not in pair_of:
            continue
        if _blocked(out[c], out[d], rows, cannot):
            continue
        out[d] = sorted(out[d] + out.pop(c))
        for k in pair_of[(c, d)]:
            i, _, why, _ = new_decisions[k]
            new_decisions[k] = (i, SOLE, why, True)
    return out, new_decisions, unattributed


def _initials(members: Sequence[str], rows: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The middle initials a group's mentions show."""
    return {i for m in members if (i := rows[m].get("middle_initial"))}


def _fits(mine: set[str], theirs: set[str]) -> bool:
    """Whether two groups' middle initials do not differ (one shows none, or they share one)."""
    return not mine or not theirs or not mine.isdisjoint(theirs)


def _blocked(members: list[str], others: list[str], rows: Mapping[str, Mapping[str, Any]],
             cannot: Mapping[str, set[str]]) -> bool:
    """Whether a conflict or a cannot-link decision stands between two groups of mentions."""
    theirs = set(others)
    if any(cannot.get(m, set()) & theirs for m in members):
        return True
    return clash(members, representatives(others, rows), rows)
