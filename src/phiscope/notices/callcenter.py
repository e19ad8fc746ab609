"""The call-center kit: an FAQ and a lookup file that answers "was I affected?" from name, date of
birth and ZIP code without holding them.

Each affected person becomes one HMAC-SHA256 of ``normalize(name)|dob|zip5`` under a lookup key
derived from the case key (``CaseStore.value_hmac`` of a fixed label, so holding it reveals
nothing about the case's own keys). The call center gets the lookup file and that key (in
``lookup_key.txt``, to be handed over separately); it hashes what the caller says the same way
(``lookup_hash``) and looks the hash up. No name, date of birth or ZIP code is written.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import re
import unicodedata
from pathlib import Path

from phiscope.notices.config import LetterConfig
from phiscope.notices.recipients import Recipient
from phiscope.obligations.incident import Incident

LOOKUP_LABEL = "phiscope/v1/call-center-lookup-key"


def normalize_name(name: str) -> str:
    """Upper case, accents and punctuation removed, single spaces: ``José  O'Neil`` -> ``JOSE ONEIL``."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).upper()
    text = re.sub(r"[^A-Z ]+", "", text)
    return " ".join(text.split())


def lookup_hash(key: bytes, name: str, dob: str, zip_code: str) -> str:
    """The hex HMAC the lookup file holds for a person (dob ``YYYY-MM-DD``, ZIP's first five digits)."""
    msg = f"{normalize_name(name)}|{dob.strip()}|{zip_code.strip()[:5]}"
    return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).hexdigest()


def write_callcenter(
    folder: Path, people: list[Recipient], inc: Incident, cfg: LetterConfig, key: bytes
) -> list[str]:
    """Write ``faq.md``, ``lookup.csv`` and ``lookup_key.txt``; returns the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    hashes = sorted(
        {
            lookup_hash(key, p.full_name, p.dob or "", p.zip5)
            for p in people
            if p.full_name and p.dob and p.zip5
        }
    )
    with (folder / "lookup.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["lookup_hash"])
        w.writerows([h] for h in hashes)
    (folder / "lookup_key.txt").write_text(key.hex() + "\n", encoding="utf-8")
    (folder / "faq.md").write_text(_faq(inc, cfg, len(hashes)), encoding="utf-8")
    return ["callcenter/faq.md", "callcenter/lookup.csv", "callcenter/lookup_key.txt"]


def _faq(inc: Incident, cfg: LetterConfig, n: int) -> str:
    return f"""# Call-center FAQ: {inc.entity_name} data security incident

**Was I affected?** Ask for the caller's full name, date of birth and ZIP code. Compute
`lookup_hash(key, name, dob, zip)` (phiscope.notices.callcenter; key in lookup_key.txt) and look it
up in lookup.csv ({n:,} entries). Found: yes, a letter was or will be mailed. Not found: we have no
record matching those details; offer to escalate.

**What happened?** {inc.description or "See the letter."}

**What are you doing?** {cfg.doing}

**What can I do?** Review account statements and free credit reports (www.annualcreditreport.com),
consider a fraud alert or a free security freeze, and enroll in the identity protection offered
in the letter, if any ({cfg.provider or "no provider configured"}, {cfg.enroll_url}).

**How do I reach you?** Toll-free {cfg.phone}, {cfg.email}, {cfg.website}, {cfg.postal}.
"""
