"""Free-text findings of one document (or one e-mail message) as person mentions: the rules of
``mentions`` step 3 (subject names, nearest name, line segments, e-mail header addresses)."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from phiscope.people.identity import is_other_person
from phiscope.people.normalize import split_name

Finding = Mapping[str, Any]

_IDENTITY_ELEMENTS = ("dob", "ssn", "mrn", "phone", "email")
CONF_ONE, CONF_NEAREST, CONF_NO_NAME = 0.9, 0.6, 0.5
#: a document naming this many subjects is a list (a log of tickets, a roster): see ``_runs``
LIST_SUBJECTS = 3


def position(f: Finding) -> int:
    """Where a finding is: page, then line (or offset / 80)."""
    line = f.get("line")
    pos = int(line) if line is not None else int(f.get("offset") or 0) // 80
    return int(f.get("page") or 0) * 1_000_000 + pos


def is_header(f: Finding) -> bool:
    """An address header's finding (From, To, Cc...; the Subject is read with the body)."""
    return str(f.get("mime_part") or "").endswith("headers") and f.get("column") != "Subject"


def _subjects(fs: Sequence[Finding]) -> list[tuple[int, int]]:
    """(position, person index) of each subject name; persons by (first, last), last-only folded in."""
    names = [(f, split_name(str(f.get("value") or ""))) for f in fs
             if f["element"] == "person_name" and not is_other_person(f)]
    people: list[tuple[str | None, str | None]] = []
    for _, parts in names:
        key = (parts.first, parts.last)
        if parts.first and parts.last and key not in people:
            people.append(key)
    anchors: list[tuple[int, int]] = []
    for f, parts in names:
        idx = next((i for i, (first, last) in enumerate(people)
                    if last == parts.last and (parts.first in (None, first))), None)
        if idx is None:
            people.append((parts.first, parts.last))
            idx = len(people) - 1
        anchors.append((position(f), idx))
    return _runs(anchors) if len(people) >= LIST_SUBJECTS else anchors


def _runs(anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A list's anchors, one person per run: a name coming back after another subject's name is
    another entry of the list ("Requester: José Thompson" of two tickets far apart: two patients
    named alike, or one person twice, which linkage tells by the values each entry holds)."""
    out: list[tuple[int, int]] = []
    last, run = None, -1
    for at, idx in sorted(anchors):
        if idx != last:
            last, run = idx, run + 1
        out.append((at, run))
    return out


def split_message(fs: Sequence[Finding]) -> list[tuple[str, float, list[Finding]]]:
    """``split_text`` for the body; an e-mail's header addresses (From, To, Cc) are people of their
    own (staff, correspondents), except an address whose local part holds the surname of exactly
    one of the body's people (``kandersen@`` of the signature "Kelly Andersen"): it joins that one."""
    head = [f for f in fs if is_header(f)]
    parts = split_text([f for f in fs if not is_header(f)]) if len(head) < len(fs) else []
    if not head:
        return parts
    surnames = [{split_name(str(f.get("value") or "")).last for f in part
                 if f["element"] == "person_name" and not is_other_person(f)} - {None}
                for _, _, part in parts]
    for seg in _header_segments(head):
        local = "".join(ch for ch in _local_part(seg) if ch.isalpha())
        owners = [i for i, names in enumerate(surnames)
                  if any(n and len(n) >= 3 and n in local for n in names)]
        if len(owners) == 1:
            parts[owners[0]][2].extend(seg)
        else:
            parts.append(("header", CONF_NEAREST, seg))
    return parts


def _header_segments(head: Sequence[Finding]) -> list[list[Finding]]:
    """One segment per address of the headers: each e-mail finding with the findings of the same
    header before it since the previous address (a display name); what a header holds after its
    last address is a segment of its own (never the next header's)."""
    segs: list[list[Finding]] = []
    pending: list[Finding] = []
    column: str | None = None
    for f in sorted(head, key=lambda f: (str(f.get("column") or ""), int(f.get("offset") or 0))):
        if pending and f.get("column") != column:
            segs.append(pending)
            pending = []
        column = f.get("column")
        pending.append(f)
        if f["element"] == "email":
            segs.append(pending)
            pending = []
    if pending:
        segs.append(pending)
    return segs


def organisation_addresses(fs: Sequence[Finding], is_shared: Callable[[Finding], bool]) -> list[Finding]:
    """The header findings of addresses that are an organisation's (``is_shared``: a value seen
    beside many people, ``shared``), display names included: "Geoffrey Johnson <gjohnson@clinic>"
    writes for the clinic; he is context of the message, not a person it exposes."""
    return [f for seg in _header_segments([f for f in fs if is_header(f)])
            if any(g["element"] == "email" and is_shared(g) for g in seg) for f in seg]


def _local_part(seg: Sequence[Finding]) -> str:
    emails = [str(f.get("value") or "") for f in seg if f["element"] == "email"]
    return emails[0].partition("@")[0].lower() if emails else ""


def split_text(fs: Sequence[Finding]) -> list[tuple[str, float, list[Finding]]]:
    """A free-text document's findings as (kind, grouping confidence, findings) per mention."""
    anchors = _subjects(fs)
    people = {idx for _, idx in anchors}
    if len(people) == 1:
        return [("document", CONF_ONE, list(fs))]
    if len(people) > 1:
        return _nearest(fs, anchors, "nearest-name", CONF_NEAREST)
    distinct = {(f["element"], f.get("value")) for f in fs if f["element"] in _IDENTITY_ELEMENTS}
    if len({el for el, _ in distinct}) == len(distinct):
        return [("document", CONF_NO_NAME, list(fs))]
    lines = sorted({position(f) for f in fs if f["element"] in _IDENTITY_ELEMENTS})
    return _nearest(fs, [(p, i) for i, p in enumerate(lines)], "line-segment", CONF_NO_NAME)


def _nearest(fs: Sequence[Finding], anchors: list[tuple[int, int]], kind: str,
             conf: float) -> list[tuple[str, float, list[Finding]]]:
    """Each finding to the nearest anchor ((position, subject)): the closer one, the preceding one on
    a tie, the first listed of anchors at one position (found by bisection, not by a scan of every
    anchor for every finding: a long list of patients has thousands of each)."""
    if not anchors:
        return [(kind, conf, list(fs))]
    first: dict[int, int] = {}
    for at, idx in anchors:
        first.setdefault(at, idx)
    places = sorted(first)
    parts: dict[int, list[Finding]] = {}
    for f in fs:
        pos = position(f)
        k = bisect.bisect_right(places, pos)  # places[k - 1] <= pos < places[k]
        preceding = k > 0 and (k == len(places) or pos - places[k - 1] <= places[k] - pos)
        parts.setdefault(first[places[k - 1] if preceding else places[k]], []).append(f)
    return [(kind, conf, parts[i]) for i in sorted(parts)]
