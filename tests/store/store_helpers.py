"""Shared helpers for the store tests: findings tables and a deterministic workload."""

from __future__ import annotations

import hashlib
import random
from pathlib import Path
from typing import Any

import pyarrow as pa

from phiscope.model import FINDING_COLUMNS
from phiscope.store import CaseStore, KdfParams, StoreTuning

KEY = b"correct horse battery staple"
OTHER_KEY = b"incorrect donkey battery stapler"
#: cheap scrypt cost so tests stay fast (the default cost is tested once)
FAST_KDF = KdfParams(salt=b"0123456789abcdef", n=2**10, r=8, p=1)

SEEDED_SSN = "219-09-9998"
SEEDED_NAME = "Quentin Abernathy-Vollstedt"
SEEDED_ADDRESS = "742 Evergreen Terrace"
SEEDED = (SEEDED_SSN, SEEDED_NAME, SEEDED_ADDRESS, "219099998")

SCHEMA = pa.schema([(name, pa.type_for_alias(t)) for name, t in FINDING_COLUMNS])


def sha_of(text: str) -> str:
    """A document SHA-256 for a label."""
    return hashlib.sha256(text.encode()).hexdigest()


def finding(doc_sha: str, value: str, **extra: Any) -> dict[str, Any]:
    """One finding row with defaults for every column."""
    row: dict[str, Any] = {name: None for name, _ in FINDING_COLUMNS}
    row.update(doc_sha=doc_sha, element="ssn", detector_id="ssn", value=value,
               normalized="".join(ch for ch in value if ch.isalnum()), confidence=0.9,
               validation="valid", path="/data/a.txt", line=1, offset=0, length=len(value),
               flags="", mask_first=0, mask_last=4)
    row.update(extra)
    return row


def table(rows: list[dict[str, Any]]) -> pa.Table:
    """A findings table with exactly ``FINDING_COLUMNS``."""
    return pa.table({name: pa.array([r[name] for r in rows], type=SCHEMA.field(name).type)
                     for name in SCHEMA.names})


def doc_findings(doc_sha: str, n: int, seed: int, path: str) -> pa.Table:
    """``n`` deterministic findings of several element types for one document."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        kind = rng.choice(("ssn", "name", "address", "mrn"))
        if kind == "ssn":
            value = f"{rng.randrange(100, 899):03d}-{rng.randrange(1, 99):02d}-{rng.randrange(1, 9999):04d}"
        elif kind == "name":
            value = rng.choice(("Ana María Núñez", "Jürgen Groß", "O'Brien, Pat", "李 小龙", "Bo Li"))
        elif kind == "address":
            value = f"{rng.randrange(1, 9999)} {rng.choice(('Oak', 'Elm', 'Main'))} St., Apt #{i}"
        else:
            value = f"MRN-{rng.randrange(10**7):07d}"
        rows.append(finding(doc_sha, value, element=kind, detector_id=kind, path=path, line=i + 1,
                            offset=i * 40, confidence=round(rng.uniform(0.5, 1.0), 3),
                            row_key=f"r{i // 3}", mask_first=rng.choice((0, 1)),
                            mask_last=rng.choice((2, 4))))
    return table(rows)


def run_workload(case_dir: Path, docs: int, seed: int = 7, tuning: StoreTuning | None = None,
                 progress: Any = None, checkpoint_every: int = 0) -> None:
    """Scan ``docs`` synthetic documents through the begin/finish protocol.

    Every 5th document is a duplicate of the one before (same content, other
    path); every 7th has an error; every 11th fails as a whole.
    """
    tuning = tuning or StoreTuning(flush_rows=400, flush_seconds=60.0)
    with CaseStore.open_or_create(case_dir, KEY, FAST_KDF, tuning) as store:
        run_id = store.start_run(["scan", "synthetic"])
        for i in range(docs):
            content = i - 1 if i % 5 == 4 else i
            sha, path = sha_of(f"doc{content}"), f"/data/d{i}.txt"
            if progress is not None:
                progress(i)
            if checkpoint_every and i % checkpoint_every == 0:
                store._live().execute("CHECKPOINT")
            if not store.begin_document(sha, path, 1000 + content, "text", None, 0, run_id):
                continue
            if content % 11 == 10:
                store.add_error(sha, path, "corrupt", "cannot parse", None, run_id)
                store.finish_document(sha, "failed", {})
                continue
            tbl = doc_findings(sha, 1 + (content * 37) % 120, content, path)
            half = tbl.num_rows // 2
            store.add_findings(tbl.slice(0, half), run_id)
            if content % 7 == 3:
                store.add_error(sha, path, "decode-error", "undecodable bytes", {"line": 3}, run_id)
            store.add_findings(tbl.slice(half), run_id)
            store.finish_document(sha, "done", {"findings": tbl.num_rows})
        store.finish_run(run_id, "done", {"documents": docs})


def snapshot(case_dir: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Everything stored, minus run ids and timings (which differ between runs)."""
    with CaseStore.open(case_dir, KEY, read_only=True) as store:
        con = store._live()
        return {
            "findings": con.execute(
                "SELECT * EXCLUDE (run_id) FROM findings ORDER BY ALL").fetchall(),
            "documents": con.execute(
                "SELECT sha, size, reader_id, status, first_path, parent_sha, depth, counts "
                "FROM documents ORDER BY sha").fetchall(),
            "paths": con.execute(
                "SELECT sha, path, parent_sha FROM document_paths ORDER BY sha, path").fetchall(),
            "errors": con.execute(
                "SELECT * EXCLUDE (run_id, recorded_at) FROM errors ORDER BY error_id").fetchall(),
        }
