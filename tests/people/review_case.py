"""A small case with review-band pairs for the review and stable-id tests: CSV files scanned into a
case (cheap key derivation) and resolved once; tests work on copies."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path
from typing import Any

from phiscope import api
from phiscope.store import CaseStore
from tests.people.helpers import FIRST, LAST
from tests.store.store_helpers import FAST_KDF, KEY

ENV = {"PHISCOPE_KEY": KEY.decode()}
#: the seeded person whose intake row is a review-band pair with their EHR and billing rows
SEEDED = {"First Name": "Quentin", "Last Name": "Abernathy", "DOB": "1961-04-17", "SSN": "219-09-9998",
          "Phone": "860-555-0147"}
#: the seeded person whose EHR and billing rows merge (auto band)
MERGED = {"First Name": "Wilhelmina", "Last Name": "Okonkwo", "DOB": "1979-08-23", "SSN": "301-44-5521",
          "Phone": "860-555-0178"}
#: intake rows: each seeded person again with another birth date (review-band pairs, a DOB conflict)
INTAKE = [{"First Name": "Quentin", "Last Name": "Abernathy", "DOB": "1961-01-01", "Phone": ""},
          {"First Name": "Wilhelmina", "Last Name": "Okonkwo", "DOB": "1979-02-02", "Phone": ""}]
#: thresholds of every resolution here: the seeded pairs (about 0.95) stay in the review band
AUTO_MERGE, REVIEW = 0.99, 0.3


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    """Write rows (dicts with the same keys) as a CSV file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return path


def population(n: int = 40, seed: int = 7) -> list[dict[str, str]]:
    """``n`` filler people and the two seeded ones (first)."""
    rnd = random.Random(seed)
    out = [dict(SEEDED), dict(MERGED)]
    for _ in range(n):
        out.append({"First Name": rnd.choice(FIRST).title(), "Last Name": rnd.choice(LAST).title(),
                    "DOB": f"{rnd.randint(1940, 2005)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                    "SSN": f"{rnd.randint(100, 665)}-{rnd.randint(10, 99)}-{rnd.randint(1000, 9999)}",
                    "Phone": f"860-{rnd.randint(200, 999)}-{rnd.randint(1000, 9999)}"})
    return out


def build(root: Path) -> Path:
    """Scan ehr.csv (everything), billing.csv (no SSN) and intake.csv (the seeded person with another
    birth date) into a new case and resolve it; the case directory."""
    people = population()
    write_csv(root / "in" / "ehr.csv", people)
    write_csv(root / "in" / "billing.csv", [{k: p[k] for k in ("First Name", "Last Name", "DOB", "Phone")}
                                            for p in people])
    write_csv(root / "in" / "intake.csv", INTAKE)
    CaseStore.create(root / "case", KEY, FAST_KDF).close()
    api.scan([str(root / "in")], root / "case", options=api.ScanOptions(workers=1), env=ENV)
    resolve(root / "case")
    return root / "case"


def resolve(case: Path) -> dict[str, Any]:
    """Resolve the case's people with this module's thresholds."""
    return api.resolve_people(case, auto_merge=AUTO_MERGE, review=REVIEW, env=ENV)


def copy_case(case: Path, dest: Path) -> Path:
    """A copy of a closed case (each test changes its own)."""
    shutil.copytree(case, dest)
    return dest


def owners(case: Path) -> dict[str, str]:
    """mention id -> person id of the case's resolution."""
    with api.open_case(case, env=ENV) as store:
        rows = store.notices_connection().execute("SELECT mention_id, person_id FROM person_mentions")
        return {str(m): str(p) for m, p in rows.fetchall()}


def mentions_by_path(case: Path) -> dict[str, list[str]]:
    """file name -> mention ids of that file (in id order)."""
    with api.open_case(case, env=ENV) as store:
        rows = store.notices_connection().execute(
            "SELECT path, mention_id FROM people_mentions ORDER BY path, mention_id").fetchall()
    out: dict[str, list[str]] = {}
    for path, mid in rows:
        out.setdefault(Path(str(path)).name, []).append(str(mid))
    return out


def sql(case: Path, text: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run one statement on the case's connection; its rows (for tests only)."""
    with api.open_case(case, env=ENV) as store:
        cur = store.notices_connection().execute(text, params or [])
        return cur.fetchall() if cur.description else []
