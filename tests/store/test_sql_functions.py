"""What the store computes (HMAC at insert time, preview and id when read) equals its Python reference."""

from __future__ import annotations

import hashlib
import hmac
import random

import pytest

from phiscope.detectors.base import MaskRule, mask_value
from phiscope.store import CaseStore, sql, value_hmac
from tests.store.store_helpers import finding, sha_of, table

_ALPHABET = ("abcXYZ019" "-./ ,#()'" "éßÑøЖж中文😀🏥" "\u0301\u200b\t")
_FIXED = ["", "a", "ab", "1234", "12345", "123-45-6789", "219-09-9998", "Ana María Núñez", "李小龙",
          "😀😀😀😀😀😀😀😀😀😀", "e\u0301e\u0301e\u0301e\u0301e\u0301", "----------", "A1-B2_C3!d4?",
          "ｆｕｌｌｗｉｄｔｈ１２３", "٣٤٥٦٧٨٩", "x" * 300]
_RULES = [(0, 4), (0, 0), (1, 1), (2, 2), (3, 0), (4, 4), (0, 6)]


@pytest.fixture(autouse=True, params=["per-row", "per-value"])
def _sql_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test through both ways of computing the HMACs of a column."""
    monkeypatch.setattr(value_hmac, "PER_VALUE_RATIO", 1.0 if request.param == "per-value" else -1.0)


def _values() -> list[str]:
    rng = random.Random(5)
    out = list(_FIXED)
    for _ in range(1500):
        out.append("".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(0, 28))))
    return out + out[:300]  # repeated values share one computation on the per-value path


def _store_rows(store: CaseStore, rows: list[dict[str, object]]) -> list[dict[str, object]]:
    run = store.start_run(["test"])
    store.begin_document(sha_of("doc"), "/d", 1, "text", None, 0, run)
    store.add_findings(table(rows), run)
    store.finish_document(sha_of("doc"), "done", {})
    return sorted(store.iter_findings(reveal=True), key=lambda r: r["offset"])


def test_preview_equals_mask_value(store: CaseStore) -> None:
    values = _values()
    rows = []
    for i, value in enumerate(values):
        first, last = _RULES[i % len(_RULES)]
        rows.append(finding(sha_of("doc"), value, offset=i, mask_first=first, mask_last=last))
    stored = _store_rows(store, rows)
    assert len(stored) == len(values)
    for row, value in zip(stored, values, strict=True):
        first, last = _RULES[row["offset"] % len(_RULES)]  # type: ignore[operator]
        assert row["value"] == value
        assert row["preview"] == mask_value(value, MaskRule(first, last)), (first, last)


def test_value_hmac_equals_python_hmac(store: CaseStore) -> None:
    values = _values()
    rows = [finding(sha_of("doc"), "v", normalized=v, offset=i) for i, v in enumerate(values)]
    rows.append(finding(sha_of("doc"), "v", normalized=None, offset=len(values)))
    stored = _store_rows(store, rows)
    key = store._keys.hmac_key
    for row, value in zip(stored, values, strict=False):
        expected = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
        assert row["value_hmac"] == expected
        assert store.value_hmac(value) == expected
    assert stored[-1]["value_hmac"] is None


@pytest.mark.parametrize("change", [{"offset": 9}, {"length": 3}, {"line": 2}, {"sheet": ""},
                                    {"detector_id": "other"}, {"element": "mrn"}, {"path": "/e"},
                                    {"page": 1}, {"json_path": "$.a"}, {"col_index": 0}])
def test_finding_id_depends_on_identity_fields(store: CaseStore, change: dict[str, object]) -> None:
    base = finding(sha_of("doc"), "123-45-6789")
    stored = _store_rows(store, [base, {**base, **change}])
    assert len({r["finding_id"] for r in stored}) == 2


def test_finding_id_ignores_non_identity_fields(store: CaseStore) -> None:
    base = finding(sha_of("doc"), "123-45-6789")
    other = {**base, "confidence": 0.2, "value": "123456789", "row_key": "k", "flags": "x"}
    assert len(_store_rows(store, [base, other])) == 1


def test_finding_id_is_md5_of_the_key(store: CaseStore) -> None:
    """The id is computed when read: pin its formula so that it never silently changes."""
    row = finding(sha_of("doc"), "123-45-6789", page=2, sheet="S", json_path=None, column="SSN")
    (stored,) = _store_rows(store, [row])
    text = "\x1f".join("\x1e" if row[n] is None else str(row[n]) for n in sql.FINDING_KEY)
    expected = int.from_bytes(hashlib.md5(text.encode("utf-8")).digest(), "little")
    assert stored["finding_id"] == f"{expected:032x}"


def test_hex_ids_are_32_lower_case_hex_digits_of_the_number() -> None:
    import duckdb

    con = duckdb.connect()
    for macro in sql.MACROS:
        con.execute(macro)
    rng = random.Random(9)
    numbers = [0, 1, 15, 16, 2**64 - 1, 2**64, 2**127, 2**128 - 1]
    numbers += [rng.getrandbits(128) for _ in range(500)]
    for n in numbers:
        (hex_id,) = con.execute(f"SELECT phi_hex_id({n}::UHUGEINT)").fetchone() or ("",)
        assert hex_id == f"{n:032x}"
    con.close()
