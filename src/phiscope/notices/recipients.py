"""Who gets a letter: one ``Recipient`` per resolved person, from the case or a people file.

A people file (CSV or JSON) has the columns of ``phiscope obligations --people`` plus the values a
letter prints: ``person_id, full_name, address, state, dob, zip, is_minor, is_deceased, elements,
language``. ``address`` is one line (``12 Main St, Apt 4, Hartford, CT 06103``).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError, UsageError
from phiscope.obligations.facts import PersonFacts
from phiscope.obligations.people_file import TRUE

ZIP_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\s*$")
STATE_ZIP_RE = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\s*$")


@dataclass(frozen=True)
class Recipient:
    """One affected person, with the raw values a letter needs (PHI: keep in memory only)."""

    person_id: str
    full_name: str
    address: str
    state: str | None
    dob: str | None = None
    minor: bool = False
    deceased: bool = False
    elements: tuple[str, ...] = ()
    language: str = "en"

    @property
    def zip5(self) -> str:
        """ZIP code at the end of the address ('' when none)."""
        m = ZIP_RE.search(self.address or "")
        return m.group(1) if m else ""

    @property
    def mailable(self) -> bool:
        """An address a letter can be sent to: a street line and a state and ZIP at the end."""
        return bool(self.address and "," in self.address and STATE_ZIP_RE.search(self.address.upper()))

    def facts(self) -> PersonFacts:
        """The facts the obligations engine evaluates."""
        return PersonFacts(
            self.person_id,
            self.state,
            self.minor,
            self.deceased,
            self.mailable,
            bool(self.full_name) or "person_name" in self.elements,
            frozenset(self.elements),
        )


def from_people_rows(rows: Iterable[dict[str, Any]], language: str = "en") -> list[Recipient]:
    """Recipients from ``api.people(reveal=True)`` rows (or people-file rows)."""
    out = []
    for i, r in enumerate(rows, start=1):
        els = r.get("element_types", r.get("elements")) or []
        if isinstance(els, str):
            els = [e.strip() for e in els.split(";") if e.strip()]
        out.append(
            Recipient(
                person_id=str(r.get("person_id") or f"row-{i}"),
                full_name=str(r.get("full_name") or "").strip(),
                address=str(r.get("address") or "").strip(),
                state=(str(r.get("state") or "").strip().upper() or None),
                dob=str(r.get("dob")) if r.get("dob") else None,
                minor=_flag(r.get("minor", r.get("is_minor"))),
                deceased=_flag(r.get("deceased", r.get("is_deceased"))),
                elements=tuple(sorted({str(e) for e in els})),
                language=str(r.get("language") or language).strip().lower() or language,
            )
        )
    return out


def read_recipients(path: str | Path, language: str = "en") -> list[Recipient]:
    """Recipients from a CSV or JSON people file."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"people file not found: {p}")
    try:
        if p.suffix.lower() == ".json":
            data = json.loads(p.read_text(encoding="utf-8"))
            rows = data.get("people", []) if isinstance(data, dict) else data
        elif p.suffix.lower() in (".jsonl", ".ndjson"):
            rows = [json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip()]
        else:
            with p.open(encoding="utf-8-sig", newline="") as f:
                rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as e:
        raise ConfigError(f"{p}: cannot read people ({type(e).__name__})") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError(f"{p}: expected a list of people objects")
    return from_people_rows(rows, language)


def _flag(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    return str(v or "").strip().lower() in TRUE
