"""Streaming generation: shards, parts, processes -- and a truth that records every variation as written."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from phiscope.simulate import generate, shards
from phiscope.simulate.truth import SEP
from tests.simulate.conftest import Corpus
from tests.simulate.sim_extract import delimited_rows


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_shards_in_two_processes_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shards, "SHARD_SIZE", 30)
    one = generate(tmp_path / "one", 70, 9, formats=["csv", "json", "pdf", "email"], workers=1)
    two = generate(tmp_path / "two", 70, 9, formats=["csv", "json", "pdf", "email"], workers=2)
    a, b = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert a == b
    for name in ("occurrences.parquet", "files.parquet", "persons.parquet"):
        assert (tmp_path / "one.truth" / name).read_bytes() == (tmp_path / "two.truth" / name).read_bytes()
    assert (tmp_path / "one.truth.jsonl").read_bytes() == (tmp_path / "two.truth.jsonl").read_bytes()
    assert one.records == two.records and len(one) == len(two)
    parts = sorted(f for f in a if f.startswith("ehr/patients_export"))
    assert parts == [f"ehr/patients_export_part0{i}.csv" for i in (1, 2, 3)]
    mrns = [r.person for r in one if r.element == "mrn" and r.file in parts]
    assert len(mrns) == len(set(mrns)) == 70  # everyone once in the main export, across the parts
    ids = pq.read_table(tmp_path / "one.truth" / "occurrences.parquet", columns=["occurrence_id"]).column(0)
    assert ids.to_pylist() == list(range(len(one)))
    patients = [p for p in pq.read_table(tmp_path / "one.truth" / "persons.parquet").to_pylist()
                if p["kind"] == "patient"]
    assert len(patients) == 70
    assert one.count_by_element() == two.count_by_element()
    assert sum(one.count_by_element().values()) == len(one)


def test_document_counts_grow_sublinearly() -> None:
    assert shards.doc_total(120, 1 / 8, 2) == 15
    assert shards.doc_total(1, 1 / 8, 2) == 2
    big = shards.doc_total(1_000_000, 1 / 8, 2)
    assert 5_000 < big < 20_000
    parts = shards.shards(1_000_000)
    assert len(parts) == 20 and parts[-1].stop == 1_000_000
    counts = [shards.quota(1_000_000, s, big) for s in parts]
    assert sum(c for _, c in counts) == big and counts[1][0] == counts[0][1]


_KNOWN = ("first", "last", "middle", "suffix", "nickname", "maiden_name")


def _near(token: str, known: set[str]) -> bool:
    """Equal, or one slip away (a letter dropped, doubled or two swapped)."""
    if token in known:
        return True
    for k in known:
        if abs(len(k) - len(token)) == 1:
            short, long_ = sorted((k, token), key=len)
            if any(long_[:i] + long_[i + 1:] == short for i in range(len(long_))):
                return True
        elif len(k) == len(token) and sorted(k) == sorted(token):
            diff = [i for i in range(len(k)) if k[i] != token[i]]
            if len(diff) == 2 and diff[1] == diff[0] + 1:
                return True
    return False


def test_names_as_written_belong_to_the_true_person(corpus: Corpus) -> None:
    persons = pq.read_table(corpus.root.with_name("corpus.truth") / "persons.parquet").to_pylist()
    known = {p["person_id"]: {t.lower() for c in _KNOWN if p.get(c) for t in re.split(r"[ -]", p[c])}
             for p in persons if p["kind"] == "patient"}
    names = [r for r in corpus.truth if r.element == "person_name" and r.person in known]
    assert len(names) > 500
    for r in names:
        tokens = [t for t in re.split(r"[ ,.-]+", r.value.lower()) if t]
        assert all(_near(t, known[r.person]) for t in tokens), r


def test_older_files_show_previous_addresses_and_maiden_names(corpus: Corpus) -> None:
    persons = {p["person_id"]: p for p in
               pq.read_table(corpus.root.with_name("corpus.truth") / "persons.parquet").to_pylist()}
    legacy = [r for r in corpus.truth if r.file == "ehr/legacy_import_cp1252.csv"]
    streets = [(r.value, persons[r.person]) for r in legacy if r.element == "street_address"]
    assert streets
    for value, p in streets:
        assert value.startswith(p["previous_address_street"] or p["address_street"])
    lasts = [(r, persons[r.person]) for r in legacy
             if r.element == "person_name" and r.where["column"] == "LastName"]
    assert all(r.value == (p["maiden_name"] or p["last"]) for r, p in lasts)


def test_truth_columns_and_claims_headers(corpus: Corpus) -> None:
    names = set(pq.read_schema(corpus.root.with_name("corpus.truth") / "persons.parquet").names)
    assert {"household_id", "household_role", "twin_of", "deceased", "previous_address_street", "nickname",
            "maiden_name", "aliases", "suffix", "ssn_placeholder", "address_country", "ec_person"} <= names
    rows = delimited_rows((corpus.root / "ehr/claims_dx.tsv").read_text(encoding="utf-8"))
    assert "Med Rec #" in rows[0] and "Acct" not in rows[0]
    claims = [r for r in corpus.truth if r.file == "ehr/claims_dx.tsv"]
    assert {r.element for r in claims if r.where["column"] == "Med Rec #"} == {"mrn"}
    mbox = {r.file for r in corpus.truth if r.file.startswith("mail/archive.mbox" + SEP)}
    assert mbox and all(re.fullmatch(r"mail/archive\.mbox!/msg[1-9]\d*/[^/]+(!/.+)?", f) for f in mbox)
