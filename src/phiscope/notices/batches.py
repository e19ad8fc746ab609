"""Print batches of one mailing: letter ids, rendering in order, manifest and mail-file rows."""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from phiscope.notices import texts
from phiscope.notices.compose import LetterJob, addressee
from phiscope.notices.config import LetterConfig
from phiscope.notices.ledger import LetterRow
from phiscope.notices.mailfile import MailFile
from phiscope.notices.manifest import Profiles, manifest_row
from phiscope.notices.render import BatchJob, BatchResult, render_batch, texts_for
from phiscope.obligations.incident import Incident

Progress = Callable[[int, int], None]  # (letters done, letters in all)


@dataclass(frozen=True)
class Ctx:
    """What every batch of a mailing shares."""

    inc: Incident
    cfg: LetterConfig
    tdir: Path
    folder: Path
    mailing: int
    total: int
    batch_size: int
    workers: int
    per_person: bool
    duplex: bool


def _ordered(
    pool: Executor | None, jobs: Iterator[BatchJob], limit: int
) -> Iterator[tuple[BatchJob, BatchResult]]:
    """Each job with its result, in job order, with at most ``limit`` batches in flight (jobs are
    built as they are submitted, so memory does not grow with the mailing)."""
    if pool is None:
        for job in jobs:
            yield job, render_batch(job)
        return
    pending: deque[tuple[BatchJob, Future[BatchResult]]] = deque()
    for job in jobs:
        pending.append((job, pool.submit(render_batch, job)))
        if len(pending) >= limit:
            done, fut = pending.popleft()
            yield done, fut.result()
    for done, fut in pending:
        yield done, fut.result()


def _jobs(ctx: Ctx, letters: list[LetterJob], lines: list[list[str]]) -> Iterator[BatchJob]:
    size = ctx.batch_size
    for b, start in enumerate(range(0, len(letters), size), start=1):
        chunk = [
            (replace(lj, letter_id=f"M{ctx.mailing:03d}-B{b:04d}-{i + 1:04d}"), ln)
            for i, (lj, ln) in enumerate(
                zip(letters[start : start + size], lines[start : start + size], strict=True)
            )
        ]
        per = ctx.folder / "letters" if ctx.per_person else None
        yield BatchJob(
            b,
            ctx.folder / "batches" / f"batch-{b:04d}.pdf",
            ctx.tdir,
            chunk,
            ctx.inc,
            ctx.cfg,
            ctx.total,
            ctx.duplex,
            per,
        )


def render_all(
    pool: Executor | None,
    ctx: Ctx,
    letters: list[LetterJob],
    lines: list[list[str]],
    corrects: list[str],
    mail: MailFile,
    progress: Progress | None,
) -> list[LetterRow]:
    profiles, cmap = Profiles(), texts.load_content_map()
    rows: list[LetterRow] = []
    done = 0
    jobs = _jobs(ctx, letters, lines)
    with (ctx.folder / "manifest.jsonl").open("w", encoding="utf-8") as man:
        for job, res in _ordered(pool, jobs, 2 * (ctx.workers or os.cpu_count() or 1)):
            man.writelines(_manifest_lines(ctx, job, res, profiles, cmap, corrects, done))
            mail.letters(_mail_rows(ctx, job, res, done))
            for (lj, _), (_, first, pages) in zip(job.letters, res.pages, strict=True):
                rows.append(
                    LetterRow(
                        lj.letter_id,
                        lj.recipient.person_id,
                        job.batch_no,
                        first,
                        pages,
                        lj.recipient.language,
                        "correction" if corrects[done] else "initial",
                        corrects[done],
                        lj.code,
                    )
                )
                done += 1
            if progress:
                progress(done, len(letters))
    profiles.write(ctx.folder / "profiles.json")
    return rows


def _manifest_lines(
    ctx: Ctx,
    job: BatchJob,
    res: BatchResult,
    profiles: Profiles,
    cmap: texts.ContentMap,
    corrects: list[str],
    offset: int,
) -> Iterator[str]:
    for i, ((lj, lines), (_, first, pages)) in enumerate(zip(job.letters, res.pages, strict=True)):
        s, names = texts_for(ctx.tdir, lj.recipient.language)
        pid = profiles.id_for(lj, s, ctx.inc, ctx.cfg, cmap, ctx.total)
        row = manifest_row(
            lj,
            pid,
            job.pdf_path.name,
            first,
            pages,
            lines,
            addressee(s, lj.plan.recipient, lj.recipient.full_name),
            names,
            "correction" if corrects[offset + i] else "initial",
        )
        yield json.dumps(row, ensure_ascii=False) + "\n"


def _mail_rows(ctx: Ctx, job: BatchJob, res: BatchResult, offset: int) -> Iterator[dict[str, Any]]:
    for i, ((lj, lines), (_, first, pages)) in enumerate(zip(job.letters, res.pages, strict=True)):
        s, _ = texts_for(ctx.tdir, lj.recipient.language)
        *street, last = lines
        city_state, _, zip_code = last.rpartition(" ")
        city, _, state = city_state.rpartition(" ")
        yield {
            "letter_id": lj.letter_id,
            "mailing": ctx.mailing,
            "batch": job.batch_no,
            "batch_file": job.pdf_path.name,
            "first_page": first,
            "pages": pages,
            "sequence": offset + i + 1,
            "addressee": addressee(s, lj.plan.recipient, lj.recipient.full_name),
            "address_line_1": street[0] if street else "",
            "address_line_2": street[1] if len(street) > 1 else "",
            "city": city,
            "state": state,
            "zip": zip_code,
            "language": lj.recipient.language,
            "recipient": lj.plan.recipient,
        }
