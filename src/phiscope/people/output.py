"""The people tables of a resolution, made from the mentions waiting in a ``spill.MentionSpill``.

``people`` is summarised by one query over the spill (``summary_sql``: ``summary.summarize``'s
rules), in person id order; ``person_mentions`` says whose each mention is; ``person_links``
holds the kept pairs (``links``, made while they are decided). ``people_mentions`` is filled
straight from the spill by the store (``MentionSpill.mentions_sql``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.people.links import review_counts
from phiscope.people.spill import MentionSpill
from phiscope.people.summary_sql import SQL, people_rows

PEOPLE_SCHEMA = pa.schema([
    ("person_id", pa.string()), ("full_name", pa.string()), ("address", pa.string()), ("state", pa.string()),
    ("dob", pa.string()), ("minor", pa.bool_()), ("deceased", pa.bool_()), ("deceased_date", pa.string()),
    ("phones", pa.list_(pa.string())), ("emails", pa.list_(pa.string())),
    ("element_types", pa.list_(pa.string())), ("mention_count", pa.int32()), ("review_links", pa.int32())])


def people_tables(spill: MentionSpill, clusters: Mapping[str, list[str]], kept: pa.Table, notice: dt.date,
                  ids: Mapping[str, str], links: pa.Table | None) -> dict[str, pa.Table]:
    """``people`` and ``person_mentions`` of ``clusters`` (root -> mention ids, every mention in
    ``spill``) and ``ids`` (root -> person id), given the kept pairs (``kept``: their ends, band
    and conflict, for each person's review count), and ``person_links`` when ``links`` holds them
    (else they wait in the case session: ``links.LinkRows``)."""
    owner = {mid: ids[root] for root, members in clusters.items() for mid in members}
    reviews = review_counts(kept, owner)
    people = people_rows(spill.owned(owner, SQL), notice, reviews, PEOPLE_SCHEMA)
    out = {
        "people": people,
        "person_mentions": pa.table({"mention_id": pa.array(list(owner), pa.string()),
                                     "person_id": pa.array(list(owner.values()), pa.string())}),
    }
    return out if links is None else {**out, "person_links": links}
