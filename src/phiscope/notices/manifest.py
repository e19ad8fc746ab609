"""The manifest: which letter (person) is on which pages of which batch, and what each page must say.

``manifest.jsonl`` has one row per letter; what a letter must and must not contain is the same for
every letter with the same plan and language, so it is stored once per *profile* in
``profiles.json`` and rows name their profile. The verifier reads only these files, the batch PDFs
and the templates copied beside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from phiscope.notices.compose import SECTIONS, STRUCTURAL, LetterJob, element_names, marker, values
from phiscope.notices.config import LetterConfig
from phiscope.notices.texts import ContentMap, Strings
from phiscope.obligations.incident import Incident

HEADINGS_CHECKED = ("what_happened", "information", "doing", "you_can_do", "more")


@dataclass
class Profiles:
    """Distinct letter expectations, numbered in order of first use."""

    by_key: dict[tuple[object, ...], int] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)

    def id_for(
        self, job: LetterJob, s: Strings, inc: Incident, cfg: LetterConfig, cmap: ContentMap, total: int
    ) -> int:
        """The profile number of a letter (created on first use)."""
        p = job.plan
        key = (
            s.lang,
            p.recipient,
            p.required,
            p.prohibited,
            p.offer_months,
            p.state_name,
            bool(job.corrects_date),
        )
        if key not in self.by_key:
            self.by_key[key] = len(self.items)
            self.items.append(expectations(job, s, inc, cfg, cmap, total))
        return self.by_key[key]

    def write(self, path: Path) -> None:
        """Write ``profiles.json``."""
        path.write_text(json.dumps(self.items, ensure_ascii=False, indent=1), encoding="utf-8")


def expectations(
    job: LetterJob, s: Strings, inc: Incident, cfg: LetterConfig, cmap: ContentMap, total: int
) -> dict[str, Any]:
    """What every page of such a letter must and must not say (no personal values)."""
    v = values(job, inc, cfg, s, total)
    v.update(code="", name="", ref="")
    req, bad = job.plan.required, job.plan.prohibited
    must = {b: marker(s, b, v) for b in sorted(req) if b not in STRUCTURAL}
    must_not = {b: marker(s, b, v) for b in sorted(bad) if b not in STRUCTURAL and s.block(b)}
    absent = [inc.description.strip()] if "what_happened" in bad and inc.description.strip() else []
    return {
        "language": s.lang,
        "laws": list(job.plan.laws),
        "recipient": job.plan.recipient,
        "required": sorted(req),
        "prohibited": sorted(bad),
        "markers": must,
        "forbidden_markers": must_not,
        "forbidden_text": absent,
        "forbidden_regex": {b: cmap.forbidden[b].pattern for b in sorted(bad) if b in cmap.forbidden},
        "title": s.get("title") if "title" in req else "",
        "headings": [s.get(f"headings.{h}") for h in HEADINGS_CHECKED] if "headings" in req else [],
        "elements_heading": s.get("headings.information"),
        "after_elements": [s.get(f"headings.{h}") for h, _ in SECTIONS[2:]],
        "elements_marker": marker(s, "elements", v),
        "dates": [v["discovered"]] * ("discovery_date" in req) + [v["notice_date"]] * ("notice_date" in req),
        "min_font_pt": 10.0 if "min_type_10pt" in req else 0.0,
    }


def manifest_row(
    job: LetterJob,
    profile: int,
    batch_file: str,
    first_page: int,
    pages: int,
    lines: list[str],
    addressee_line: str,
    names: dict[str, str],
    kind: str,
) -> dict[str, Any]:
    """One manifest row (raw name, address and code: the manifest is as sensitive as the letters)."""
    r = job.recipient
    return {
        "letter_id": job.letter_id,
        "person_id": r.person_id,
        "batch_file": batch_file,
        "first_page": first_page,
        "pages": pages,
        "profile": profile,
        "kind": kind,
        "addressee": addressee_line,
        "name": r.full_name,
        "address_lines": lines,
        "code": job.code,
        "elements": element_names(r.elements, names),
        "state": r.state or "",
    }
