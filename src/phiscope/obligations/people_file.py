"""Read per-person facts from a CSV or JSON file (the interim input until the case holds people).

Columns / keys: person_id, state, is_minor, is_deceased, has_usable_address, name_exposed,
elements (``;``-separated in CSV, a list in JSON) and an optional count (rows standing for
several people with the same facts).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError, UsageError
from phiscope.obligations.elements import ElementMap
from phiscope.obligations.facts import Group, PersonFacts, merge_groups

TRUE = {"1", "true", "yes", "y", "t"}
FALSE = {"0", "false", "no", "n", "f", ""}


def read_people(path: str | Path, emap: ElementMap) -> tuple[list[Group], dict[str, PersonFacts]]:
    """Groups for evaluation and each person's facts by id (for ``--explain``)."""
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"people file not found: {p}")
    try:
        rows = _json_rows(p) if p.suffix.lower() in (".json", ".ndjson", ".jsonl") else _csv_rows(p)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error) as e:
        raise ConfigError(f"{p}: cannot read people ({type(e).__name__})") from None
    return parse_people(rows, emap, source=str(p))


def parse_people(
    rows: Iterable[dict[str, Any]], emap: ElementMap, source: str = "people"
) -> tuple[list[Group], dict[str, PersonFacts]]:
    """Parse rows; every problem (bad flags, unknown elements) is reported at once."""
    problems: list[str] = []
    people: dict[str, PersonFacts] = {}
    groups: list[Group] = []
    for i, row in enumerate(rows, start=1):
        try:
            person, count = _person(row, i)
        except ValueError as e:
            problems.append(f"row {i}: {e}")
            continue
        bad = emap.unknown(person.elements)
        if bad:
            problems.append(f"row {i}: unknown element id(s) {', '.join(bad)}")
            continue
        people[person.person_id] = person
        groups.append(Group.of(person, count))
    if problems:
        more = f" (and {len(problems) - 20} more)" if len(problems) > 20 else ""
        raise ConfigError(f"{source}: " + "; ".join(problems[:20]) + more)
    return merge_groups(groups), people


def _person(row: dict[str, Any], i: int) -> tuple[PersonFacts, int]:
    els = row.get("elements") or []
    elements = [e.strip() for e in els.split(";")] if isinstance(els, str) else [str(e) for e in els]
    count = int(row.get("count") or 1)
    if count < 1:
        raise ValueError("count must be at least 1")
    state = str(row.get("state") or "").strip().upper() or None
    return PersonFacts(
        person_id=str(row.get("person_id") or f"row-{i}"),
        state=state,
        is_minor=_flag(row, "is_minor", False),
        is_deceased=_flag(row, "is_deceased", False),
        has_usable_address=_flag(row, "has_usable_address", True),
        name_exposed=_flag(row, "name_exposed", True),
        elements=frozenset(e for e in elements if e),
    ), count


def _flag(row: dict[str, Any], key: str, default: bool) -> bool:
    v = row.get(key)
    if v is None or isinstance(v, bool):
        return default if v is None else v
    s = str(v).strip().lower()
    if s in TRUE:
        return True
    if s in FALSE:
        return default if s == "" else False
    raise ValueError(f"{key} must be true or false")


def _csv_rows(p: Path) -> list[dict[str, Any]]:
    with p.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _json_rows(p: Path) -> list[dict[str, Any]]:
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() in (".ndjson", ".jsonl"):
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    data = json.loads(text)
    rows = data.get("people", []) if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ConfigError(f"{p}: expected a list of people objects")
    return rows


def from_case_people(
    rows: Iterable[dict[str, Any]], emap: ElementMap
) -> tuple[list[Group], dict[str, PersonFacts]]:
    """Facts from ``api.people`` rows: state, minor, deceased, element_types, masked name and address.

    Element types the obligations map does not know (none today) are ignored rather than refused.
    """
    known = emap.known()
    converted = [
        {
            "person_id": r.get("person_id"),
            "state": r.get("state"),
            "is_minor": bool(r.get("minor")),
            "is_deceased": bool(r.get("deceased")),
            "has_usable_address": bool(r.get("address")),
            "name_exposed": bool(r.get("full_name")) or "person_name" in (r.get("element_types") or []),
            "elements": [e for e in (r.get("element_types") or []) if e in known],
        }
        for r in rows
    ]
    return parse_people(converted, emap, source="case people")
