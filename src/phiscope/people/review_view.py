"""What a reviewer sees of a mention: where it is, what it is, and its identity fields — masked
unless revealed.

Masks: a name as initials and length (``J*** D**``), a date of birth as its year
(``1980-**-**``), an SSN, phone, MRN or member id by its last four characters, an e-mail address
with its local part hidden but the first character (``j***@example.org``), a street and city as
initials and lengths; the state and the ZIP code's first three digits are shown.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from phiscope.detectors.base import MaskRule, mask_value

#: the identity fields shown, in order (``address`` joins street, unit, city, state and ZIP)
FIELDS = ("name", "dob", "ssn", "mrn", "member_id", "phone", "email", "address")
_WORD = re.compile(r"[^\W_]+")
_LAST4 = MaskRule(keep_first=0, keep_last=4)


def mask_words(text: str) -> str:
    """Each word as its first character and a star per other character (``J*** D**``)."""
    return _WORD.sub(lambda m: m.group(0)[0] + "*" * (len(m.group(0)) - 1), text)


def mask_dob(dob: str) -> str:
    """The year of an ISO date (``1980-**-**``); anything else fully starred."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", dob):
        return dob[:4] + "-**-**"
    return mask_value(dob, MaskRule())


def mask_ssn(ssn: str) -> str:
    """``***-**-6789`` for nine digits, else the last four characters."""
    digits = re.sub(r"\D", "", ssn)
    return f"***-**-{digits[5:]}" if len(digits) == 9 else mask_value(ssn, _LAST4)


def mask_email(email: str) -> str:
    """The local part hidden but its first character; the domain shown."""
    local, at, domain = email.partition("@")
    return mask_value(local, MaskRule(keep_first=1)) + at + domain


def _address(i: Mapping[str, Any], reveal: bool) -> str | None:
    street = " ".join(str(i[k]) for k in ("street", "unit") if i.get(k))
    city, state, zip5 = i.get("city"), i.get("state"), i.get("zip5")
    if not reveal:
        street, city = mask_words(street), mask_words(str(city)) if city else None
        zip5 = str(zip5)[:3] + "**" if zip5 else None
    parts = [p for p in (street, city, " ".join(str(x) for x in (state, zip5) if x)) if p]
    return ", ".join(parts) or None


def identity_fields(identity: Mapping[str, Any], reveal: bool = False) -> dict[str, str | None]:
    """The shown identity fields of a mention's stored identity (raw with ``reveal``)."""
    i = identity
    name = i.get("display_name") or " ".join(str(i[k]) for k in ("first", "last") if i.get(k)) or None
    shown: dict[str, tuple[Any, Any]] = {
        "name": (name, mask_words), "dob": (i.get("dob"), mask_dob), "ssn": (i.get("ssn"), mask_ssn),
        "mrn": (i.get("mrn"), lambda v: mask_value(v, _LAST4)),
        "member_id": (i.get("member_id"), lambda v: mask_value(v, _LAST4)),
        "phone": (i.get("phones") or None, lambda v: mask_value(v, _LAST4)),
        "email": (i.get("emails") or None, mask_email)}
    out: dict[str, str | None] = {}
    for key, (value, mask) in shown.items():
        values = value if isinstance(value, list) else [value] if value else []
        out[key] = ", ".join(str(v) if reveal else mask(str(v)) for v in values) or None
    out["address"] = _address(i, reveal)
    return out


def describe_where(loc: Mapping[str, Any] | None) -> str:
    """A compact location of a mention's first finding: ``p2 line 14``, ``sheet=Bills r4``..."""
    if not loc:
        return ""
    parts = []
    for key, fmt in (("page", "p{}"), ("sheet", "sheet={}"), ("row", "r{}"), ("json_path", "{}"),
                     ("mime_part", "part {}"), ("line", "line {}")):
        if loc.get(key) not in (None, ""):
            parts.append(fmt.format(loc[key]))
    return " ".join(parts) or f"@{loc.get('offset') or 0}"


def mention_view(details: Mapping[str, Any], reveal: bool = False) -> dict[str, Any]:
    """A mention as a reviewer sees it (no raw value unless ``reveal``)."""
    identity = json.loads(details["identity"]) if details.get("identity") else {}
    return {"mention_id": details["mention_id"], "person_id": details.get("person_id"),
            "path": details.get("path"), "where": describe_where(details.get("location")),
            "kind": details.get("kind"), "role": details.get("role"),
            **identity_fields(identity, reveal)}


def weights_text(weights: Mapping[str, Any]) -> str:
    """``first_name=+3.2 dob=-1.0`` (the non-zero per-field match weights)."""
    return " ".join(f"{k}={float(v):+.1f}" for k, v in weights.items() if v)


def flat(item: Mapping[str, Any]) -> dict[str, Any]:
    """One queue item as a flat row (CSV, tables): the pair, then each side's fields."""
    row = {k: item[k] for k in ("left_mention", "right_mention", "match_probability", "match_weight")}
    row["weights"] = weights_text(item["field_weights"])
    for side in ("left", "right"):
        for key, value in item[side].items():
            if key != "mention_id":
                row[f"{side}_{key}"] = value
    return row


def side_by_side(item: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Rows ``field, left, right`` of one pair (the interactive review's table)."""
    keys: Iterable[str] = ("mention_id", "person_id", "path", "where", "kind", "role", *FIELDS)
    rows = [{"field": k, "left": item["left"].get(k), "right": item["right"].get(k)} for k in keys]
    return [r for r in rows if r["left"] is not None or r["right"] is not None]
