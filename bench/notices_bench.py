"""Letters per second for N synthetic people on W cores (issue 7: 1,000,000 letters in 30 minutes on 2).

    .venv/bin/python bench/notices_bench.py --people 20000 --workers 2 [--verify]

Builds N invented recipients (states, minors, deceased, Spanish, credentials, a few without an
address), runs one full mailing (addresses, codes, batch PDFs, manifest, mail file, filings) into a
throw-away case, and reports wall time, letters/s, CPU seconds per letter (all processes) and peak
memory. CPU per letter is what a loaded machine cannot distort: 2 cores / CPU-per-letter is the
rate an idle 2-core machine reaches if the pool keeps both busy.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from phiscope.notices.config import parse_letter_config  # noqa: E402
from phiscope.notices.ledger import Ledger  # noqa: E402
from phiscope.notices.recipients import Recipient  # noqa: E402
from phiscope.notices.run import NoticeOptions, run_notices  # noqa: E402
from phiscope.obligations.incident import parse_incident  # noqa: E402
from phiscope.store import CaseStore  # noqa: E402
from phiscope.store.crypto import KdfParams  # noqa: E402

STATES = [
    ("CA", "Los Angeles", "900"),
    ("MA", "Boston", "021"),
    ("CT", "Hartford", "061"),
    ("ME", "Portland", "041"),
    ("TX", "Austin", "787"),
    ("FL", "Miami", "331"),
    ("NY", "Albany", "122"),
    ("IL", "Chicago", "606"),
]
FIRST = ["Ana", "Robert", "Carl", "Dana", "José", "Mei", "Olu", "Priya", "Sam", "Zoë", "Liam", "Noor"]
LAST = ["Núñez", "Smith", "Jones", "Lee", "García", "Chen", "Adeyemi", "Patel", "O'Neil", "Brown"]
ELEMENTS = [
    "ssn",
    "dob",
    "icd10_diagnosis",
    "drivers_license",
    "health_plan_member_id",
    "medication",
    "street_address",
    "username_password",
    "payment_card",
    "medicare_mbi",
]
STREETS = ["Main St", "Oak Avenue", "Elm Street", "Pine Road", "Cedar Lane", "Birch Court"]


def people(n: int, seed: int = 7) -> list[Recipient]:
    """N invented recipients."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        st, city, z = rnd.choice(STATES)
        addr = (
            ""
            if rnd.random() < 0.01
            else (
                f"{rnd.randint(1, 9999)} {rnd.choice(STREETS)}"
                f"{' Apt ' + str(rnd.randint(1, 99)) if rnd.random() < 0.2 else ''}"
                f", {city}, {st} {z}{rnd.randint(0, 99):02d}"
            )
        )
        els = ("person_name", *sorted(rnd.sample(ELEMENTS, rnd.randint(1, 4))))
        out.append(
            Recipient(
                f"P{i:08d}",
                f"{rnd.choice(FIRST)} {rnd.choice(LAST)}-{i}",
                addr,
                st,
                f"{rnd.randint(1930, 2020)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                minor=rnd.random() < 0.08,
                deceased=rnd.random() < 0.02,
                elements=els,
                language="es" if rnd.random() < 0.05 else "en",
            )
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=20000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--verify", action="store_true", help="also time `notices verify`")
    a = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="notices-bench-"))
    inc = parse_incident(
        {
            "entity": {"name": "Bench Health", "type": "covered_entity"},
            "breach": {
                "discovered": "2026-01-02",
                "started": "2025-12-20",
                "ended": "2025-12-28",
                "description": "An unauthorized person copied files from a server.",
            },
        }
    )
    cfg = parse_letter_config(
        {
            "phone": "1-800-555-0100",
            "postal": "PO Box 1, Hartford, CT 06103",
            "email": "privacy@example.org",
            "website": "www.example.org",
            "signer": "Privacy Office",
            "provider": "ID Protect",
            "enroll_url": "www.idp.example",
            "notice_date": "2026-02-15",
            "enroll_by": "2026-05-31",
            "entity_address": "1 Main St, Hartford, CT 06103",
        }
    )
    codes = work / "codes.csv"
    codes.write_text("code\n" + "".join(f"C{i:09d}\n" for i in range(a.people)))
    recips = people(a.people)
    t0, c0 = time.perf_counter(), _cpu()
    with CaseStore.create(work / "case", b"bench-key-not-secret", KdfParams.fresh(n=2**10)) as store:
        res = run_notices(
            Ledger(store.notices_connection()),
            recips,
            inc,
            cfg,
            NoticeOptions(work / "out", a.batch, a.workers, codes=codes),
            b"k" * 32,
        )
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    report = {
        "people": a.people,
        "workers": a.workers,
        "letters": res["letters"],
        "seconds": round(wall, 1),
        "letters_per_s": round(res["letters"] / wall, 1),
        "cpu_s_per_letter": round(cpu / res["letters"], 5),
        "peak_rss_mb_parent": _rss(resource.RUSAGE_SELF),
        "peak_rss_mb_worker": _rss(resource.RUSAGE_CHILDREN),
        "projected_1M_minutes_wall": round(1e6 / (res["letters"] / wall) / 60, 1),
        "projected_1M_minutes_idle_2_cores": round(1e6 * cpu / res["letters"] / 2 / 60, 1),
    }
    if a.verify:
        from phiscope.notices.verify import verify_out

        t1 = time.perf_counter()
        v = verify_out(work / "out", a.workers)
        report.update(verify_seconds=round(time.perf_counter() - t1, 1), verify_failures=len(v["failures"]))
    print(json.dumps(report, indent=1))
    shutil.rmtree(work, ignore_errors=True)


def _cpu() -> float:
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def _rss(who: int) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


if __name__ == "__main__":
    main()
