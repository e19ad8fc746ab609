"""The ``[letters]`` section of incident.toml: what every letter says about the entity.

```toml
[letters]
signer = "Jane Roe, Privacy Officer"
entity_address = "1 Main Street, Hartford, CT 06103"
phone = "1-800-555-0100"          # toll-free (HIPAA contact procedures)
email = "privacy@example.org"
website = "www.example.org/incident"
postal = "Privacy Office, 1 Main Street, Hartford, CT 06103"
doing = "We secured the server, reset passwords and notified law enforcement."
affiliate = ""                    # parent or affiliate named in the letter, if any
offer_all = false                 # offer identity protection to everyone, not only where required
offer_months = 24                 # months offered where no law sets more
provider = "Example ID Protect"
enroll_url = "www.example-idprotect.com"
enroll_by = 2026-05-31
notice_date = 2026-02-15          # printed date (default: today)
```
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError

REQUIRED = ("phone", "postal")


@dataclass(frozen=True)
class LetterConfig:
    """Entity facts every letter prints."""

    signer: str = ""
    entity_address: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    postal: str = ""
    doing: str = ""
    affiliate: str = ""
    offer_all: bool = False
    offer_months: int = 24
    provider: str = ""
    enroll_url: str = ""
    enroll_by: dt.date | None = None
    notice_date: dt.date | None = None

    def printed_date(self) -> dt.date:
        """The date printed on the letters."""
        return self.notice_date or dt.date.today()


def load_letter_config(incident_path: str | Path) -> LetterConfig:
    """Read ``[letters]`` (ConfigError names every problem at once)."""
    try:
        data = tomllib.loads(Path(incident_path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{incident_path}: cannot read [letters] ({type(e).__name__})") from None
    return parse_letter_config(data.get("letters", {}), str(incident_path))


def parse_letter_config(sec: dict[str, Any], source: str = "incident") -> LetterConfig:
    """A LetterConfig from the parsed section."""
    problems = [f"letters.{k} is required" for k in REQUIRED if not str(sec.get(k, "")).strip()]
    kwargs: dict[str, Any] = {}
    for f in LetterConfig.__dataclass_fields__.values():
        if f.name not in sec:
            continue
        v = sec[f.name]
        if f.name in ("enroll_by", "notice_date"):
            v = _date(v, f.name, problems)
        elif f.name == "offer_all" and not isinstance(v, bool):
            problems.append("letters.offer_all must be true or false")
        elif f.name == "offer_months" and (not isinstance(v, int) or v < 1):
            problems.append("letters.offer_months must be a positive whole number")
        elif f.name not in ("offer_all", "offer_months"):
            v = str(v)
        kwargs[f.name] = v
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))
    return LetterConfig(**kwargs)


def _date(v: Any, key: str, problems: list[str]) -> dt.date | None:
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v))
    except ValueError:
        problems.append(f"letters.{key} must be a date such as 2026-01-02")
        return None
