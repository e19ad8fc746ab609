"""The generated corpus: determinism, truth integrity, values really in the files."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from phiscope.errors import UsageError
from phiscope.simulate import FORMATS, CorpusTruth, TruthRecord, default_truth_path, generate
from tests.simulate.conftest import Corpus
from tests.simulate.sim_checks import CHECKS, ELEMENTS
from tests.simulate.sim_extract import member_names, open_chain, read_member, text_of


def _all_files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 25, 3)
    b = generate(tmp_path / "b", 25, 3)
    files_a, files_b = _all_files(tmp_path / "a"), _all_files(tmp_path / "b")
    assert files_a.keys() == files_b.keys()
    for name in files_a:
        assert files_a[name] == files_b[name], name
    assert (tmp_path / "a.truth.jsonl").read_bytes() == (tmp_path / "b.truth.jsonl").read_bytes()
    assert a.records == b.records


def test_other_seed_other_content(tmp_path: Path) -> None:
    generate(tmp_path / "a", 10, 1, formats=["csv"])
    generate(tmp_path / "b", 10, 2, formats=["csv"])
    path = "ehr/patients_export.csv"
    assert (tmp_path / "a" / path).read_bytes() != (tmp_path / "b" / path).read_bytes()


def test_every_element_and_format_present(corpus: Corpus) -> None:
    elements = set(corpus.truth.count_by_element())
    assert elements == ELEMENTS
    fmts = set(corpus.truth.count_by_format())
    assert {"csv", "tsv", "txt", "xlsx", "pdf", "docx", "eml", "mbox", "json", "ndjson"} <= fmts


def test_every_value_is_valid(corpus: Corpus) -> None:
    bad = [(r.element, r.value) for r in corpus.truth if not CHECKS[r.element](r.value)]
    assert bad == []


def test_truth_file_matches_returned_truth(corpus: Corpus) -> None:
    assert corpus.truth_path.exists()
    assert not corpus.truth_path.resolve().is_relative_to(corpus.root.resolve())
    loaded = CorpusTruth.read_jsonl(corpus.truth_path)
    assert loaded.records == corpus.truth.records
    first = json.loads(corpus.truth_path.read_text(encoding="utf-8").splitlines()[0])
    assert set(first) <= {"file", "element", "value", "person", "where"}


def test_listed_files_are_the_written_files(corpus: Corpus) -> None:
    assert sorted(corpus.truth.files) == sorted(_all_files(corpus.root))


def test_truth_paths_exist_including_archive_members(corpus: Corpus) -> None:
    for chain in corpus.truth.by_file():
        parts = chain.split("!/")
        assert (corpus.root / parts[0]).is_file(), chain
        name, data = parts[0], (corpus.root / parts[0]).read_bytes()
        for member in parts[1:]:
            assert member in member_names(name, data), chain
            name, data = member, read_member(name, data, member)


def test_nested_chain_through_7z(corpus: Corpus) -> None:
    chains = set(corpus.truth.by_file())
    deep = [c for c in chains if c.startswith("archives/batch1.zip!/inner.7z!/nested/records.zip!/")]
    assert len(deep) >= 2
    assert any(c.startswith("archives/backup_q1.tar.gz!/") for c in chains)
    assert any(c.startswith("mail/thread_") and c.count("!/") == 1 for c in chains)
    assert any(c.startswith("mail/archive.mbox!/msg1/") for c in chains)


def test_values_occur_in_file_text(corpus: Corpus) -> None:
    for chain, records in corpus.truth.by_file().items():
        name, data = open_chain(corpus.root, chain)
        text = text_of(name, data)
        wanted = Counter(r.value for r in records)
        for value, n in wanted.items():
            assert text.count(value) >= n, (chain, value, n)


def test_negative_documents_have_no_truth(corpus: Corpus) -> None:
    files = set(corpus.truth.by_file())
    assert "reference/lab_reference_ranges.txt" not in files
    assert "inventory/supply_orders.csv" not in files
    assert (corpus.root / "inventory/supply_orders.csv").stat().st_size > 500


def test_persons_are_known_kinds(corpus: Corpus) -> None:
    prefixes = {p.split("-")[0] for p in corpus.truth.persons()}
    assert prefixes == {"pt", "dr", "st", "org"}
    by_person: dict[str, set[str]] = defaultdict(set)
    for r in corpus.truth:
        by_person[r.person].add(r.element)
    assert all("npi" not in els for p, els in by_person.items() if p.startswith("pt-"))


def test_counts(corpus: Corpus) -> None:
    t = corpus.truth
    assert sum(t.count_by_element().values()) == len(t)
    assert t.count(element="ssn") == t.count_by_element()["ssn"]
    assert t.count(fmt="pdf") == t.count_by_format()["pdf"]
    assert t.count(element="ssn", fmt="csv") < t.count(element="ssn")
    record = TruthRecord("a.zip!/b/c.PDF", "ssn", "x", "pt-1")
    assert record.fmt == "pdf" and record.member == "b/c.PDF"


def test_accented_names_in_cp1252_file(corpus: Corpus) -> None:
    raw = (corpus.root / "ehr/legacy_import_cp1252.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    records = corpus.truth.by_file()["ehr/legacy_import_cp1252.csv"]
    names = [r.value for r in records if r.element == "person_name"]
    assert any(any(ord(c) > 127 for c in n) for n in names)


def test_formats_subset_and_default_truth_path(tmp_path: Path) -> None:
    truth = generate(tmp_path / "only", 5, 1, formats=["json"])
    assert {r.fmt for r in truth} == {"json", "ndjson"}
    assert default_truth_path(tmp_path / "only") == (tmp_path / "only.truth.jsonl").resolve()
    assert (tmp_path / "only.truth.jsonl").exists()
    assert set(FORMATS) >= {"csv", "xlsx", "pdf", "docx", "txt", "email", "json", "archives"}


@pytest.mark.parametrize("kwargs", [{"patients": 0}, {"formats": ["nope"]}])
def test_bad_arguments(tmp_path: Path, kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"patients": 3, "seed": 1, **kwargs}
    with pytest.raises(UsageError):
        generate(tmp_path / "x", **args)


def test_refuses_non_empty_folder_and_truth_inside(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("x")
    with pytest.raises(UsageError):
        generate(tmp_path / "full", 3, 1)
    with pytest.raises(UsageError):
        generate(tmp_path / "new", 3, 1, truth_path=tmp_path / "new" / "truth.jsonl")
