"""``phiscope notices verify``: read back every page of every batch PDF and prove it is right.

For each letter of the manifest, on its pages (text extracted with pypdfium2):

* ``addressee`` — a line of the first page is exactly the addressee line the manifest names;
* ``ref`` — every page carries the letter's ``Ref.`` line (the page belongs to this letter);
* ``elements`` — the bullet list under "What Information Was Involved" is exactly the plain names
  of this person's exposed element types;
* ``other-person`` — no other letter's name, first address line, enrollment code or reference in
  the same batch appears;
* ``required`` / ``prohibited`` — every required block's marker phrase, the title, the headings and
  the dates are present; no prohibited block's marker, prohibited text (a Massachusetts letter
  never describes the breach) or prohibited pattern (counts, SSN- or card-shaped numbers) is;
* ``font-size`` — where a law sets a minimum type size (California: 10 point), no glyph is smaller.

Failures name the letter, the check and what was wrong, never a personal value.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

WS = re.compile(r"\s+")
BULLETS = ("•", "‣", "–", "-")


def flat(text: str) -> str:
    """Whitespace collapsed to single spaces (phrases may wrap across lines)."""
    return WS.sub(" ", text).strip()


def page_texts(pdf: Path, min_font: bool) -> tuple[list[str], list[float]]:
    """Text of every page and the smallest font size on it (0 when not measured)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(pdf))
    texts, sizes = [], []
    try:
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            texts.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            if min_font:
                n = tp.count_chars()
                fs = [
                    raw.FPDFText_GetFontSize(tp.raw, j)
                    for j in range(n)
                    if not chr(raw.FPDFText_GetUnicode(tp.raw, j)).isspace()
                ]
                sizes.append(min(fs, default=0.0))
            else:
                sizes.append(0.0)
    finally:
        doc.close()
    return texts, sizes


class Identifiers:
    """Every name, first address line, code and reference of a batch, found in a page in one
    hyperscan pass (thousands of literals; a regex alternation that size exhausts re2's DFA)."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        import hyperscan

        owners: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            for s in (
                r["name"],
                r["address_lines"][0] if r["address_lines"] else "",
                r["code"],
                r["letter_id"],
            ):
                if s and len(s) >= 4:
                    owners[s].add(r["letter_id"])
        self.owners = dict(owners)
        self.literals = sorted(owners)
        self.db = None
        if self.literals:
            self.db = hyperscan.Database()
            self.db.compile(
                expressions=[re.escape(x).encode() for x in self.literals],
                ids=list(range(len(self.literals))),
                elements=len(self.literals),
                flags=[hyperscan.HS_FLAG_SOM_LEFTMOST] * len(self.literals),
            )

    def found(self, text: str) -> set[str]:
        """The literals that occur in ``text`` as whole words."""
        if self.db is None:
            return set()
        data = text.encode("utf-8")
        hits: set[str] = set()

        def on(i: int, start: int, end: int, flags: int, ctx: object) -> None:
            before = data[start - 1 : start].decode("utf-8", "ignore")
            after = data[end : end + 1].decode("utf-8", "ignore")
            if not (before.isalnum() or after.isalnum()):
                hits.add(self.literals[i])

        self.db.scan(data, match_event_handler=on)
        return hits


def check_letter(
    row: dict[str, Any], prof: dict[str, Any], pages: list[str], sizes: list[float], ids: Identifiers
) -> Iterator[tuple[str, str]]:
    """(check, problem) for every failure of one letter."""
    lid = row["letter_id"]
    if not pages:
        yield "pages", "the manifest's pages are not in the PDF"
        return
    if row["addressee"] not in (ln.strip() for ln in pages[0].split("\n")):
        yield "addressee", "the first page does not carry the manifest's addressee line"
    for k, p in enumerate(pages):
        if f"Ref. {lid}" not in p:
            yield "ref", f"page {k + 1} of the letter does not carry its reference"
    text = "\n".join(pages)
    got = _bullets(text, prof["elements_marker"], prof["after_elements"])
    if got != set(row["elements"]):
        yield (
            "elements",
            (
                f"listed {len(got)} element types, expected {len(row['elements'])} "
                f"(missing {len(set(row['elements']) - got)}, extra {len(got - set(row['elements']))})"
            ),
        )
    for hit in sorted(ids.found(text)):
        if lid not in ids.owners[hit]:
            yield "other-person", f"a value of letter {sorted(ids.owners[hit])[0]} appears"
    yield from _content(row, prof, flat(text), sizes)


def _content(
    row: dict[str, Any], prof: dict[str, Any], text: str, sizes: list[float]
) -> Iterator[tuple[str, str]]:
    scrubbed = text
    for own in (row["code"], row["name"], *row["address_lines"]):
        if own:
            scrubbed = scrubbed.replace(flat(own), " ")
    for block, mark in prof["markers"].items():
        if mark and flat(mark) not in text:
            yield "required", f"block {block} is missing"
    for what in [prof["title"], *prof["headings"], *prof["dates"]]:
        if what and flat(what) not in text:
            yield "required", f"{what!r} is missing"
    for block, mark in prof["forbidden_markers"].items():
        if mark and flat(mark) in text:
            yield "prohibited", f"prohibited block {block} is present"
    for t in prof["forbidden_text"]:
        if flat(t) in text:
            yield "prohibited", "the prohibited description of the breach is present"
    for block, rx in prof["forbidden_regex"].items():
        if re.search(rx, scrubbed, re.IGNORECASE):
            yield "prohibited", f"text prohibited by {block} is present"
    low = prof.get("min_font_pt", 0.0)
    if low and any(0 < s < low - 0.01 for s in sizes):
        yield "font-size", f"text smaller than {low:g} pt"


def _bullets(text: str, start: str, ends: list[str]) -> set[str]:
    lines = text.split("\n")
    s = flat(start)
    i = next((k for k, ln in enumerate(lines) if s and s in flat(ln)), None)
    if i is None:
        return set()
    out: set[str] = set()
    for ln in lines[i + 1 :]:
        t = ln.strip()
        if t in ends or not t:
            break
        if t[:1] in BULLETS:
            out.add(t[1:].strip())
    return out


def verify_batch(
    pdf: Path, rows: list[dict[str, Any]], profiles: list[dict[str, Any]]
) -> list[dict[str, str]]:
    """Failures of every letter of one batch PDF."""
    need_font = any(profiles[r["profile"]].get("min_font_pt") for r in rows)
    texts, sizes = page_texts(pdf, need_font)
    ids = Identifiers(rows)
    fails = []
    for r in rows:
        a, b = r["first_page"] - 1, r["first_page"] - 1 + r["pages"]
        for check, problem in check_letter(r, profiles[r["profile"]], texts[a:b], sizes[a:b], ids):
            fails.append(
                {"letter_id": r["letter_id"], "batch_file": pdf.name, "check": check, "problem": problem}
            )
    return fails


def _batches(manifest: Path) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The manifest's rows, batch by batch, streamed (a run writes each batch's rows together;
    a batch whose rows come back later is read again with those rows only)."""
    name = ""
    rows: list[dict[str, Any]] = []
    with manifest.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["batch_file"] != name and rows:
                yield name, rows
                rows = []
            name = r["batch_file"]
            rows.append(r)
    if rows:
        yield name, rows


def _verify_task(args: tuple[Path, list[dict[str, Any]], list[dict[str, Any]]]) -> list[dict[str, str]]:
    return verify_batch(*args)


def verify_mailing(folder: Path, workers: int = 0) -> dict[str, Any]:
    """Verify one ``mailing-NNN`` folder, its batch PDFs read by ``workers`` processes
    (0: all cores) with a bounded number in flight, so memory does not grow with the mailing."""
    profiles = json.loads((folder / "profiles.json").read_text(encoding="utf-8"))
    n = workers or os.cpu_count() or 1
    fails: list[dict[str, str]] = []
    letters = batches = 0
    batch_rows = _batches(folder / "manifest.jsonl")
    tasks = ((folder / "batches" / name, rows, profiles) for name, rows in batch_rows)
    if n <= 1:
        for task in tasks:
            letters, batches, fails = letters + len(task[1]), batches + 1, fails + _verify_task(task)
        return {"mailing": folder.name, "letters": letters, "batches": batches, "failures": fails}
    with ProcessPoolExecutor(n, mp_context=get_context("spawn")) as pool:
        pending: deque[tuple[int, Future[list[dict[str, str]]]]] = deque()
        for task in tasks:
            pending.append((len(task[1]), pool.submit(_verify_task, task)))
            while len(pending) > 2 * n:
                letters, batches, fails = _collect(pending, letters, batches, fails)
        while pending:
            letters, batches, fails = _collect(pending, letters, batches, fails)
    return {"mailing": folder.name, "letters": letters, "batches": batches, "failures": fails}


def _collect(pending: deque[tuple[int, Future[list[dict[str, str]]]]], letters: int, batches: int,
             fails: list[dict[str, str]]) -> tuple[int, int, list[dict[str, str]]]:
    count, fut = pending.popleft()
    fails += fut.result()
    return letters + count, batches + 1, fails


def verify_out(out_dir: Path, workers: int = 0) -> dict[str, Any]:
    """Verify every mailing under a notices output folder (``workers`` processes, 0: all cores)."""
    results = [
        verify_mailing(m, workers)
        for m in sorted(out_dir.glob("mailing-*"))
        if (m / "manifest.jsonl").is_file()
    ]
    return {
        "mailings": results,
        "letters": sum(r["letters"] for r in results),
        "failures": [f for r in results for f in r["failures"]],
    }
