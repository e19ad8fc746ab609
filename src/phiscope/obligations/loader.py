"""Load and check the rule files: every problem in every file is reported at once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError
from phiscope.obligations.schema import (
    EXTRA_CHECK,
    HIPAA_RULES,
    REGULATOR_RULES,
    STATE_RULES,
    Check,
    Jurisdiction,
    Rule,
)

RULES_DIR = "rules"


@dataclass(frozen=True)
class RuleBook:
    """HIPAA and every state/territory, keyed by postal code."""

    hipaa: Jurisdiction
    states: dict[str, Jurisdiction]

    def state(self, code: str | None) -> Jurisdiction | None:
        """The jurisdiction of a residence code, or None (unknown or outside the US)."""
        return self.states.get((code or "").upper())

    def all(self) -> list[Jurisdiction]:
        """HIPAA first, then the states in code order."""
        return [self.hipaa, *(self.states[c] for c in sorted(self.states))]


def default_rules_dir() -> Path:
    """The rule files shipped with the package."""
    return Path(str(resources.files("phiscope.obligations") / RULES_DIR))


def load_rulebook(directory: str | Path | None = None) -> RuleBook:
    """Read ``hipaa.toml`` and every state file; raise ConfigError listing every problem."""
    folder = Path(directory) if directory else default_rules_dir()
    problems: list[str] = []
    states: dict[str, Jurisdiction] = {}
    hipaa: Jurisdiction | None = None
    for path in sorted(folder.glob("*.toml")):
        j = _load_file(path, problems)
        if j is None:
            continue
        if j.code == "HIPAA":
            hipaa = j
        else:
            states[j.code] = j
    if hipaa is None:
        problems.append(f"{folder}: hipaa.toml is missing")
    if problems:
        raise ConfigError("rule files have problems:\n  " + "\n  ".join(problems))
    assert hipaa is not None
    return RuleBook(hipaa=hipaa, states=states)


def _load_file(path: Path, problems: list[str]) -> Jurisdiction | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        problems.append(f"{path.name}: cannot read ({e})")
        return None
    meta = data.get("meta", {})
    code = str(meta.get("code", "")).upper()
    if not code or not meta.get("name"):
        problems.append(f"{path.name}: [meta] needs code and name")
        return None
    raw = data.get("rules", {})
    checks = _checks_for(code, raw)
    rules = {
        k: r
        for k, r in ((k, _rule(code, k, raw.get(k), c, problems, path.name)) for k, c in checks.items())
        if r is not None
    }
    extra = tuple(
        r
        for i, x in enumerate(data.get("extra_notices", []))
        if (r := _rule(code, f"extra_notices[{i}]", x, EXTRA_CHECK, problems, path.name))
    )
    for unknown_key in sorted(set(raw) - set(checks)):
        problems.append(f"{path.name}: unknown rule {unknown_key!r}")
    return Jurisdiction(code, str(meta["name"]), str(meta.get("kind", "state")), rules, extra, dict(meta))


def _checks_for(code: str, raw: dict[str, Any]) -> dict[str, Check]:
    if code == "HIPAA":
        return HIPAA_RULES
    required = raw.get("regulator_required", {})
    if isinstance(required, dict) and required.get("value") is True:
        return {**STATE_RULES, **REGULATOR_RULES}
    return {**STATE_RULES, **{k: v for k, v in REGULATOR_RULES.items() if k in raw}}


def _rule(code: str, key: str, raw: Any, check: Check, problems: list[str], name: str) -> Rule | None:
    where = f"{name}: {key}"
    if not isinstance(raw, dict):
        problems.append(f"{where}: missing (every rule is a table with value, citation, verified)")
        return None
    bad = [
        m
        for m, ok in (
            (
                "citation must be a non-empty string",
                isinstance(raw.get("citation"), str) and raw.get("citation", "").strip(),
            ),
            ("verified must be true or false", isinstance(raw.get("verified"), bool)),
        )
        if not ok
    ]
    known = raw.get("known", True) is not False
    if known and "value" not in raw:
        bad.append("needs a value, or known = false when the value is unknown")
    elif known and not check(raw["value"]):
        bad.append(f"value has the wrong shape: {raw['value']!r}")
    elif not known and "value" in raw:
        bad.append("an unknown rule (known = false) must not carry a value")
    if not known and raw.get("verified") is True:
        bad.append("an unknown rule cannot be verified")
    problems.extend(f"{where}: {m}" for m in bad)
    if bad:
        return None
    return Rule(
        code,
        key,
        raw.get("value") if known else None,
        known,
        str(raw["citation"]),
        bool(raw["verified"]),
        str(raw.get("note", "")),
    )
