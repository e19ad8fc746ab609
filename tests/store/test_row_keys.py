"""Key cells of table rows in the store: hashed on write, forgotten with a killed run's unfinished
documents (like their findings), kept for finished ones."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from phiscope.store import CaseStore
from tests.store.store_helpers import FAST_KDF, KEY, sha_of


def _keys(doc: str, n: int) -> pa.Table:
    return pa.table({"doc_sha": [doc] * n, "row_key": [f"{doc[:16]}:csv:{i + 1}" for i in range(n)],
                     "table_id": ["csv"] * n, "table_name": ["conditions"] * n, "column": ["PATIENT"] * n,
                     "key": [f"pt-{i:06d}-xyz" for i in range(n)], "strong": [True] * n})


def test_row_keys_are_hashed_and_follow_their_documents(tmp_path: Path) -> None:
    done, killed = sha_of("done"), sha_of("killed")
    with CaseStore.create(tmp_path / "case", KEY, FAST_KDF) as store:
        run = store.start_run(["scan"])
        for doc in (done, killed):
            store.begin_document(doc, f"/{doc[:4]}.csv", 10, "csv", None, 0, run)
            store.add_row_keys(_keys(doc, 3), run)
        store.finish_document(done, "done", {})
        store.flush()
        stored = store.row_keys().to_pylist()
        assert len(stored) == 6 and all(len(r["key_hmac"]) == 32 for r in stored)
        assert stored[0]["key_hmac"] == bytes.fromhex(store.value_hmac("pt-000000-xyz"))
        store._w()._active.clear()  # as if the process died here: `killed` stays in progress
    with CaseStore.open(tmp_path / "case", KEY) as store:
        store._w()  # opening for writing recovers from the killed run
        assert {r["doc_sha"] for r in store.row_keys().to_pylist()} == {done}
