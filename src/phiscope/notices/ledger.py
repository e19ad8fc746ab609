"""The notices ledger in the case store (schema v4): mailings, letters and enrollment codes.

Rolling batches: a person with an ``initial`` letter is never sent another initial letter; a
correction letter records the letter it corrects. Enrollment codes come from the vendor's CSV;
each is assigned to at most one person, ever (primary key and assignment in one statement).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

from phiscope.errors import ConfigError
from phiscope.store.sql import utc_now


@dataclass(frozen=True)
class LetterRow:
    """One letter as the ledger records it."""

    letter_id: str
    person_id: str
    batch_no: int
    first_page: int
    pages: int
    language: str
    kind: str = "initial"
    corrects: str = ""
    enrollment_code: str = ""


class Ledger:
    """SQL over the case's notice tables (the connection comes from ``CaseStore``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def notified(self) -> dict[str, tuple[str, str]]:
        """Person id -> (latest letter id, date it was sent) for everyone already notified."""
        rows = self.con.execute(
            "SELECT person_id, arg_max(letter_id, notified_at), max(notified_at)::DATE::VARCHAR "
            "FROM notice_letters GROUP BY person_id"
        ).fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def next_mailing(self) -> int:
        """The number the next mailing gets."""
        row = self.con.execute("SELECT coalesce(max(mailing_no), 0) + 1 FROM notice_mailings").fetchone()
        return int(row[0]) if row else 1

    def load_codes(self, path: Path) -> int:
        """Add the codes of a vendor CSV (first column, or a ``code`` column); returns how many are new."""
        codes = read_codes(path)
        before = self._count("SELECT count(*) FROM enrollment_codes")
        tbl = pa.table({"code": codes})
        self.con.register("_phi_codes", tbl)
        try:
            self.con.execute(
                "INSERT INTO enrollment_codes SELECT DISTINCT code, ?, ?, NULL, NULL "
                "FROM _phi_codes WHERE code NOT IN (SELECT code FROM enrollment_codes)",
                [path.name, utc_now()],
            )
        finally:
            self.con.unregister("_phi_codes")
        return self._count("SELECT count(*) FROM enrollment_codes") - before

    def assign_codes(self, person_ids: Sequence[str]) -> dict[str, str]:
        """A code for each person: the one they already hold, else a fresh one (ConfigError if short)."""
        want = pa.table({"person_id": list(dict.fromkeys(person_ids))})
        self.con.register("_phi_want", want)
        try:
            self.con.execute("BEGIN")
            need = self._count(
                "SELECT count(*) FROM _phi_want WHERE person_id NOT IN "
                "(SELECT person_id FROM enrollment_codes WHERE person_id IS NOT NULL)"
            )
            free = self._count("SELECT count(*) FROM enrollment_codes WHERE person_id IS NULL")
            if need > free:
                self.con.execute("ROLLBACK")
                raise ConfigError(
                    f"{need:,} people need an enrollment code but only {free:,} unused codes "
                    "are loaded: add the vendor's code list with --codes FILE"
                )
            self.con.execute(
                "WITH held AS (SELECT person_id FROM enrollment_codes WHERE person_id IS NOT NULL), "
                "w AS (SELECT person_id, row_number() OVER (ORDER BY person_id) AS n FROM _phi_want "
                "  WHERE person_id NOT IN (SELECT person_id FROM held)),"
                " f AS (SELECT code, row_number() OVER (ORDER BY code) AS n FROM enrollment_codes "
                "  WHERE person_id IS NULL) "
                "UPDATE enrollment_codes e SET person_id = w.person_id, assigned_at = ? "
                "FROM f JOIN w USING (n) WHERE e.code = f.code",
                [utc_now()],
            )
            rows = self.con.execute(
                "SELECT person_id, code FROM enrollment_codes WHERE person_id IN "
                "(SELECT person_id FROM _phi_want)"
            ).fetchall()
            self.con.execute("COMMIT")
        finally:
            self.con.unregister("_phi_want")
        return {r[0]: r[1] for r in rows}

    def record_mailing(
        self, mailing_no: int, letters: Iterable[LetterRow], no_address: int, out_dir: str
    ) -> int:
        """Record a mailing and its letters in one transaction; returns the number of letters."""
        rows = list(letters)
        cols: dict[str, list[Any]] = {
            f: [getattr(r, f) for r in rows] for f in LetterRow.__dataclass_fields__
        }
        now = utc_now()
        tbl = pa.table({**cols, "mailing_no": [mailing_no] * len(rows), "notified_at": [now] * len(rows)})
        self.con.register("_phi_letters", tbl)
        try:
            self.con.execute("BEGIN")
            self.con.execute(
                "INSERT INTO notice_mailings VALUES (?, ?, ?, ?, ?)",
                [mailing_no, now, len(rows), no_address, out_dir],
            )
            self.con.execute("INSERT INTO notice_letters BY NAME SELECT * FROM _phi_letters")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.unregister("_phi_letters")
        return len(rows)

    def mailings(self) -> list[dict[str, Any]]:
        """Every mailing, oldest first (counts only)."""
        cur = self.con.execute(
            "SELECT mailing_no, created_at, letters, no_address FROM notice_mailings ORDER BY mailing_no"
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]

    def _count(self, sql: str) -> int:
        row = self.con.execute(sql).fetchone()
        return int(row[0]) if row else 0


def read_codes(path: Path) -> list[str]:
    """Codes from a vendor CSV: the ``code`` column when there is a header naming it, else column 1."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [r for r in csv.reader(f) if r and r[0].strip()]
    except (OSError, UnicodeDecodeError, csv.Error) as e:
        raise ConfigError(f"{path}: cannot read the code list ({type(e).__name__})") from None
    col = 0
    if rows and any(c.strip().lower() in ("code", "enrollment_code", "activation_code") for c in rows[0]):
        col = next(
            i
            for i, c in enumerate(rows[0])
            if c.strip().lower() in ("code", "enrollment_code", "activation_code")
        )
        rows = rows[1:]
    codes = [r[col].strip() for r in rows if len(r) > col and r[col].strip()]
    if len(set(codes)) != len(codes):
        raise ConfigError(f"{path}: the code list repeats codes; a code must be given to one person only")
    return codes
