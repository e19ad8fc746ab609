"""One ``phiscope notices`` run: select who is owed a letter and not yet notified, standardize their
addresses, assign enrollment codes, render the print batches in parallel, write the manifest and
the mail file, record the mailing in the case (a rolling batch), then the filings.
"""

from __future__ import annotations

import json
import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from phiscope.notices import texts
from phiscope.notices.batches import Ctx, Progress, render_all
from phiscope.notices.compose import LetterJob
from phiscope.notices.config import LetterConfig
from phiscope.notices.ledger import Ledger
from phiscope.notices.mailfile import MailFile, address_lines, standardize_many
from phiscope.notices.plan import Plan, index_results, plan_for
from phiscope.notices.recipients import Recipient
from phiscope.obligations.engine import Evaluation, evaluate
from phiscope.obligations.facts import group_people
from phiscope.obligations.incident import Incident
from phiscope.obligations.loader import load_rulebook

_CHUNK = 2000
WORKER_BATCHES = 4


@dataclass(frozen=True)
class NoticeOptions:
    """Options of a run."""

    out_dir: Path
    batch_size: int = 1000
    workers: int = 0  # 0 = all cores
    templates: Path | None = None
    codes: Path | None = None
    per_person: bool = False
    duplex: bool = False
    corrections: tuple[str, ...] = ()
    filings: bool = True


@dataclass
class Selection:
    """Who gets a letter in this mailing, and who does not and why (counts)."""

    send: list[tuple[Recipient, Plan, str]] = field(default_factory=list)  # (person, plan, corrects)
    no_address: list[tuple[Recipient, str]] = field(default_factory=list)
    not_owed: int = 0
    already: int = 0


def select(
    people: list[Recipient],
    ev: Evaluation,
    notified: dict[str, tuple[str, str]],
    corrections: tuple[str, ...],
    cfg: LetterConfig,
) -> Selection:
    """Owed and not yet notified (or asked to be corrected), split by mailable address."""
    book, idx, cmap = load_rulebook(), index_results(ev), texts.load_content_map()
    sel, fix = Selection(), set(corrections)
    for r in people:
        p = plan_for(r, idx, book, cmap, cfg)
        if not p.owed:
            sel.not_owed += 1
        elif r.person_id in notified and r.person_id not in fix:
            sel.already += 1
        elif not r.mailable:
            sel.no_address.append((r, "no usable mailing address"))
        else:
            sel.send.append(
                (r, p, notified[r.person_id][0] if r.person_id in fix and r.person_id in notified else "")
            )
    return sel


def _pool(workers: int) -> Executor | None:
    n = workers or os.cpu_count() or 1
    # Typst memoizes layout across compiles and never evicts: a worker is replaced after
    # WORKER_BATCHES batches, which bounds its memory (measured: 4.5 GB after 10 batches without).
    return (
        None
        if n <= 1
        else ProcessPoolExecutor(n, mp_context=get_context("spawn"), max_tasks_per_child=WORKER_BATCHES)
    )


def _standardize(pool: Executor | None, people: list[Recipient]) -> list[dict[str, str] | None]:
    # few large chunks: each is one task of a worker that is recycled after WORKER_BATCHES tasks
    size = max(_CHUNK, -(-len(people) // (2 * (os.cpu_count() or 1))))
    chunks = [[r.address for r in people[i : i + size]] for i in range(0, len(people), size)]
    results = pool.map(standardize_many, chunks) if pool else map(standardize_many, chunks)
    return [x for chunk in results for x in chunk]


def run_notices(
    ledger: Ledger,
    people: list[Recipient],
    inc: Incident,
    cfg: LetterConfig,
    opts: NoticeOptions,
    lookup_key: bytes,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Generate one mailing; returns counts and paths (no personal values)."""
    t0 = time.perf_counter()
    tdir = texts.materialize(opts.out_dir, opts.templates)
    ev = evaluate(inc, group_people(r.facts() for r in people))
    if opts.codes is not None:
        ledger.load_codes(opts.codes)
    notified = ledger.notified()
    sel = select(people, ev, notified, opts.corrections, cfg)
    mailing = ledger.next_mailing()
    folder = opts.out_dir / f"mailing-{mailing:03d}"
    pool = _pool(opts.workers)
    try:
        out = _mailing(ledger, pool, sel, notified, inc, cfg, opts, tdir, folder, mailing, progress)
    finally:
        if pool is not None:
            pool.shutdown()
    if opts.filings:
        from phiscope.notices.filings import write_filings

        out["filings"] = write_filings(opts.out_dir / "filings", ev, people, inc, cfg, lookup_key)
    out.update(
        not_owed=sel.not_owed, already_notified=sel.already, seconds=round(time.perf_counter() - t0, 2)
    )
    (folder / "summary.json").write_text(json.dumps(out, indent=1, default=str), encoding="utf-8")
    return out


def _mailing(
    ledger: Ledger,
    pool: Executor | None,
    sel: Selection,
    notified: dict[str, tuple[str, str]],
    inc: Incident,
    cfg: LetterConfig,
    opts: NoticeOptions,
    tdir: Path,
    folder: Path,
    mailing: int,
    progress: Progress | None,
) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    mail = MailFile(folder)
    std = _standardize(pool, [r for r, _, _ in sel.send])
    send = []
    for (r, p, corrects), parts in zip(sel.send, std, strict=True):
        if parts is None:
            sel.no_address.append((r, "address could not be standardized"))
        else:
            send.append((r, p, corrects, address_lines(parts), parts))
    for r, why in sel.no_address:
        mail.unmailable(r.person_id, r.state, why)
    send.sort(
        key=lambda x: (x[4]["postal_code"], x[4]["address_line_1"], x[0].person_id)
    )  # mail-house presort
    codes = ledger.assign_codes([r.person_id for r, p, *_ in send if p.offer_months > 0])
    total = len(sel.send) + len(sel.no_address) + sel.already
    ctx = Ctx(
        inc, cfg, tdir, folder, mailing, total, opts.batch_size, opts.workers, opts.per_person, opts.duplex
    )
    letters: list[LetterJob] = [
        LetterJob(r, p, "", codes.get(r.person_id, ""), notified.get(r.person_id, ("", ""))[1] if c else "")
        for r, p, c, _, _ in send
    ]
    rows = render_all(pool, ctx, letters, [x[3] for x in send], [x[2] for x in send], mail, progress)
    mail.close()
    ledger.record_mailing(mailing, rows, len(sel.no_address), str(folder))
    return {
        "mailing": mailing,
        "letters": len(rows),
        "batches": -(-len(rows) // opts.batch_size) if rows else 0,
        "no_address": len(sel.no_address),
        "out": str(folder),
    }
