"""Generate src/phiscope/obligations/rules/<state>.toml from the reference CSV (run once).

    .venv/bin/python scripts/state_laws_to_toml.py /work/shared/reference/state_breach_laws.csv

The TOML files are the source of truth after hand-editing: re-running this script overwrites them
(it refuses unless --force is given). Every rule carries the CSV cell it came from (``source``), a
citation and ``verified``; cells the reference marks unknown become ``known = false``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from state_laws_overrides import ALL_DUTIES, EXTRA_NOTICES, OVERRIDES
from toml_emit import table, value

OUT = Path(__file__).resolve().parents[1] / "src" / "phiscope" / "obligations" / "rules"
KINDS = {"DC": "district", "PR": "territory", "GU": "territory", "VI": "territory"}
Parsed = dict[str, Any]


def _unknown(note: str) -> Parsed:
    return {"known": False, "note": note}


def _threshold(text: str) -> Parsed:
    t = text.split("|")[0].strip().lower()
    if t.startswith("any"):
        return {"value": {"op": ">=", "n": 1}}
    m = re.match(r"(>=|>)\s*([\d,]+)", t)
    if m:
        return {"value": {"op": m.group(1), "n": int(m.group(2).replace(",", ""))}}
    return _unknown("no numeric threshold in the reference")


def _days(text: str) -> Parsed:
    m = re.match(r"(\d+) (calendar )?days", text.split("|")[0].strip())
    if m:
        return {"value": {"anchor": "discovery", "days": int(m.group(1)), "unit": "calendar_days"}}
    return {"value": {"anchor": "discovery"}, "note": "no fixed day count: without unreasonable delay"}


_REG_DEADLINES: list[tuple[str, dict[str, Any]]] = [
    (r"prior to", {"anchor": "before_individual_notice"}),
    (
        r"(\d+) (business )?days of giving notice|(\d+) (calendar )?days of notifying|(\d+) days of distrib"
        r"|(\d+) days after providing notice",
        {"anchor": "individual_notice"},
    ),
    (
        r"(\d+)(?:th)? day after determin|(\d+) days after (?:the )?determin|(\d+) days once it is determined"
        r"|(\d+) days of the determination|(\d+) days after determining"
        r"|(\d+) calendar days following discovery"
        r"|(\d+) days after breach is detected",
        {"anchor": "discovery"},
    ),
    (
        r"not later than the time|no later than when|when residents are notified|simultaneously|concurrent"
        r"|same tim|with individual notification|no event later than when",
        {"anchor": "individual_notice", "days": 0},
    ),
]


def _reg_deadline(text: str) -> Parsed:
    t = text.split("|")[0].lower()
    for pattern, base in _REG_DEADLINES:
        m = re.search(pattern, t)
        if m:
            v = dict(base)
            nums = [g for g in m.groups() if g and g.strip().isdigit()]
            if nums and "days" not in v:
                v["days"] = int(nums[0])
                v["unit"] = "business_days" if "business" in m.group(0) else "calendar_days"
            return {"value": v}
    return {"value": {"anchor": "discovery"}, "note": "no fixed day count"}


def _recipients(text: str) -> Parsed:
    m = re.search(r"recipients?: ([^|;]+)", text)
    return {"value": m.group(1).strip() if m else "Attorney General"}


def _cra(row: dict[str, str]) -> tuple[Parsed, Parsed]:
    t = row["cra_notice_threshold"].lower()
    if t.startswith("none"):
        return {"value": False}, _unknown("not applicable")
    if t.startswith("unknown"):
        return _unknown("unknown in the reference"), _unknown("unknown in the reference")
    return {"value": True}, _threshold(t)


def _monitoring(text: str) -> Parsed:
    t = text.lower()
    if t.startswith(("none", "no statutory")):
        return {"value": {}, "note": "no mandate found in the source"}
    if t.startswith("unknown"):
        return _unknown(text)
    months = int(m.group(1)) if (m := re.search(r"(\d+) months", t)) else 12 if "1 year" in t else 0
    trigger = [
        e
        for e, words in (
            ("ssn", ("ssn", "social security")),
            ("taxpayer_id", ("itin", "taxpayer")),
            ("drivers_license", ("driver", "dl/")),
            ("state_id", ("state id", "ca id")),
            ("account_number_alone", ("bank account",)),
        )
        if any(w in t for w in words)
    ]
    return {"value": {"months": months, "trigger": trigger, "condition": "always"}}


def _deemed(text: str) -> Parsed:
    t = text.lower()
    if t.startswith("yes"):
        return {"value": list(ALL_DUTIES)}
    if t.startswith("no"):
        return {"value": []}
    if t.startswith("partial (regulator"):
        return {"value": [d for d in ALL_DUTIES if d != "regulator_notice"]}
    if t.startswith("partial: only the cra"):
        return {"value": ["cra_notice"]}
    return _unknown(text)


def _substitute(text: str) -> Parsed:
    m = re.search(r"cost>\$([\d,]+) or affected(?: class)?>([\d,]+)", text)
    if m:
        return {
            "value": {
                "cost_over": int(m.group(1).replace(",", "")),
                "affected_over": int(m.group(2).replace(",", "")),
                "insufficient_contact": True,
            }
        }
    if "mailing address" in text.lower():
        return {"value": {"insufficient_contact": True}}
    return _unknown(text or "unknown")


def _pi(text: str) -> Parsed:
    elems = [m.group(0) for part in text.split(";") if (m := re.match(r"[a-z_]+", part.strip()))]
    return {"value": [e for e in elems if e != "any"]}


def _no_name(row: dict[str, str], pi: list[str]) -> Parsed:
    t = row["name_required_with_element"].lower()
    if "username" in t:
        return {"value": ["username_password"]}
    if "without name" in t:
        return {
            "value": pi,
            "note": "only if sufficient to permit identity theft without the name "
            "(conditional; phiscope treats it as met)",
        }
    return {"value": []}


def _encryption(text: str) -> tuple[Parsed, Parsed]:
    t = text.lower()
    harbor = {"value": t.startswith("yes")}
    if "caveat unknown" in t:
        return harbor, _unknown(text)
    return harbor, {"value": "key" in t and "not if" in t}


def _harm(text: str) -> Parsed:
    t = text.lower()
    for prefix, slug in (
        ("built-in", "built_in"),
        ("limited", "limited"),
        ("yes", "exception"),
        ("no", "none"),
    ):
        if t.startswith(prefix):
            return {"value": slug}
    return _unknown(text)


def _le_delay(text: str) -> Parsed:
    if not text or text.lower().startswith("unknown"):
        return _unknown("unknown in the reference")
    v: dict[str, Any] = {"allowed": "law enforcement" in text.lower()}
    m = re.search(r"(\d+) (business )?days after law enforcement", text)
    if m:
        v.update(resume_days=int(m.group(1)), unit="business_days" if m.group(2) else "calendar_days")
    return {"value": v}


def _content(text: str) -> tuple[Parsed, Parsed]:
    if not text or text.lower().startswith("unknown"):
        return _unknown(text or "unknown"), _unknown("not recorded in the reference")
    required, _, prohibited = text.partition("| MUST NOT include")
    items = [s.strip().removeprefix("must include: ") for s in re.split(r";\s*", required) if s.strip()]
    if prohibited:
        return {"value": items}, {"value": [prohibited.strip()]}
    return {"value": items}, _unknown("not recorded in the reference")


def rules_for(row: dict[str, str]) -> dict[str, Parsed]:
    """Every rule of one CSV row, parsed, before overrides."""
    pi = _pi(row["pi_elements_triggering"])
    harbor, key = _encryption(row["encryption_safe_harbor"])
    cra_req, cra_thr = _cra(row)
    content, prohibited = _content(row["content_requirements"])
    reg = row["ag_notice_required"].strip().lower() == "yes"
    default_note = "not recorded in the reference; phiscope default applies"
    rules: dict[str, Parsed] = {
        "statute": {"value": row["statute_citation"], "_cell": "statute_citation"},
        "pi_elements": {**pi, "_cell": "pi_elements_triggering"},
        "no_name_elements": {**_no_name(row, pi["value"]), "_cell": "name_required_with_element"},
        "encryption_safe_harbor": {**harbor, "_cell": "encryption_safe_harbor"},
        "key_compromise_voids_safe_harbor": {**key, "_cell": "encryption_safe_harbor"},
        "risk_of_harm": {**_harm(row["risk_of_harm_exception"]), "_cell": "risk_of_harm_exception"},
        "hipaa_deemed_compliance": {
            **_deemed(row["hipaa_deemed_compliance"]),
            "_cell": "hipaa_deemed_compliance",
        },
        "individual_deadline": {**_days(row["individual_deadline"]), "_cell": "individual_deadline"},
        "regulator_required": {"value": reg, "_cell": "ag_notice_required"},
        "cra_required": {**cra_req, "_cell": "cra_notice_threshold"},
        "cra_threshold": {**cra_thr, "_cell": "cra_notice_threshold"},
        "cra_count_basis": {"value": "residents", "_cell": "cra_notice_threshold"},
        "credit_monitoring": {
            **_monitoring(row["credit_monitoring_required"]),
            "_cell": "credit_monitoring_required",
        },
        "substitute_notice": {
            **_substitute(row["substitute_notice_triggers"]),
            "_cell": "substitute_notice_triggers",
        },
        "le_delay": {**_le_delay(row["law_enforcement_delay"]), "_cell": "law_enforcement_delay"},
        "content_required": {**content, "_cell": "content_requirements"},
        "content_prohibited": {**prohibited, "_cell": "content_requirements"},
        "minors": _unknown(default_note + " (letter to the parent or guardian)"),
        "deceased": _unknown(default_note + " (letter to the next of kin or personal representative)"),
    }
    if reg:
        rules |= {
            "regulator_threshold": {**_threshold(row["ag_threshold"]), "_cell": "ag_threshold"},
            "regulator_deadline": {**_reg_deadline(row["ag_deadline"]), "_cell": "ag_deadline"},
            "regulator_recipients": {**_recipients(row["ag_deadline"]), "_cell": "ag_deadline"},
            "regulator_form": {
                "known": False,
                "note": "filing form not recorded in the reference",
                "_cell": "ag_deadline",
            },
        }
    return rules


def _finish(code: str, key: str, rule: Parsed, row: dict[str, str]) -> Parsed:
    """Apply overrides, then fill citation, verified and the source cell."""
    override = OVERRIDES.get(code, {}).get(key, {})
    if "value" in override:
        rule = {k: v for k, v in rule.items() if k != "known"}
    rule = {**rule, **override}
    cell = rule.pop("_cell", None)
    out: Parsed = {}
    if rule.get("known", True) and "value" in rule:
        out["value"] = rule["value"]
    else:
        out["known"] = False
    out["citation"] = rule.get("citation") or f"{row['statute_citation']} (as encoded in the reference CSV)"
    out["verified"] = bool(rule.get("verified", False))
    if rule.get("note"):
        out["note"] = rule["note"]
    if cell and row.get(cell):
        out["source"] = row[cell]
    return out


def render(row: dict[str, str]) -> str:
    """The TOML text of one jurisdiction."""
    code = row["state_code"]
    meta = {
        "code": code,
        "name": row["jurisdiction"],
        "kind": KINDS.get(code, "state"),
        "reference_verification": row["verification"],
        "sources": [u.strip() for u in row["source_urls"].split(" ; ") if u.strip()],
        "conflicts": row["notes_conflicts"],
        "generated_from": "shared/reference/state_breach_laws.csv by scripts/state_laws_to_toml.py; "
        "this file is the source of truth after hand-editing",
    }
    parts = [
        f"# {row['jurisdiction']}: breach-notification rules as data. Decision support, not legal advice.\n",
        table("meta", meta),
    ]
    for key, rule in rules_for(row).items():
        parts.append(table(f"rules.{key}", _finish(code, key, rule, row)))
    for extra in EXTRA_NOTICES.get(code, []):
        parts.append(
            table(
                "extra_notices",
                {k: extra[k] for k in ("value", "citation", "verified", "note") if k in extra},
                array=True,
            )
        )
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Write one TOML file per CSV row."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("csv", type=Path)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--force", action="store_true", help="overwrite hand-edited files")
    args = ap.parse_args(argv)
    rows = list(csv.DictReader(args.csv.open(encoding="utf-8")))
    for row in rows:
        path = args.out / f"{row['state_code'].lower()}.toml"
        if path.exists() and not args.force:
            print(f"refusing to overwrite {path} (the TOML files are the source of truth); use --force")
            return 2
        path.write_text(render(row), encoding="utf-8")
    print(f"wrote {len(rows)} files to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["main", "render", "rules_for", "value"]
