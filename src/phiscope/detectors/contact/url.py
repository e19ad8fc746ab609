"""Web URLs (http, https, ftp and bare ``www.`` hosts).

HIPAA lists URLs among the identifiers. URLs whose query carries an
identifier (``?patient_id=...``, ``mrn=``, ``email=``) are flagged
``has-identifier``.
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._tlds import RESERVED_TLDS, tld_known
from phiscope.detectors.contact.ip_address import parse_ip
from phiscope.model import Validation

_TAIL = r"""(?:[^\s<>"'`{}|\\^]*[^\s<>"'`{}|\\^.,;:!?)\]])?"""
_ID_KEY = re.compile(
    r"(?:^|[_\-.\[])(?:id|ids|uid|pid|mrn|patient|patientid|pt|ptid|ssn|dob|member|memberid|acct|account|"
    r"user|userid|username|email|e-mail|name|fname|lname|phone|subscriber|encounter|visit|claim)(?:$|[_\-.\]])",
    re.I)
_SCHEMES = frozenset({"http", "https", "ftp", "sftp", "ftps"})


def _split(value: str) -> tuple[str, str, str]:
    """(scheme, host, query) of a URL; a bare www. host gets http."""
    v = value.strip()
    if v.lower().startswith("www."):
        v = "http://" + v
    parts = urlsplit(v)
    return parts.scheme.lower(), (parts.hostname or ""), parts.query


class URL(Detector):
    """A URL with a scheme or a ``www.`` host, checked with ``urllib.parse``."""

    id = "url"
    description = "Web URL (http/https/ftp or www.); query identifiers flagged has-identifier"
    patterns = (
        Pattern("scheme", r"\b(?:https?|s?ftps?)://[A-Za-z0-9\[]" + _TAIL, 0.75, caseless=True),
        Pattern("www", r"\bwww\.[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]" + _TAIL + ")?", 0.7,
                caseless=True),
    )
    context: ClassVar[tuple[str, ...]] = ("url", "website", "web site", "link", "portal", "http", "site")
    context_boost = 0.1
    headers = (r"\burl\b", r"\bwebsite\b", r"\bweb ?site\b", r"\bhomepage\b", r"\bweb addr", r"\blink\b",
               r"\buri\b")
    mask = MaskRule(keep_first=8, keep_last=0)

    def validate(self, value: str) -> Validation:
        """VALID with a known TLD or an IP host; INDETERMINATE for other hosts; INVALID without one."""
        try:
            scheme, host, _ = _split(value)
        except ValueError:
            return Validation.INVALID
        if scheme not in _SCHEMES or not host:
            return Validation.INVALID
        if parse_ip(host) is not None or host == "localhost":
            return Validation.VALID
        labels = host.split(".")
        if len(labels) < 2 or not all(labels):
            return Validation.INVALID
        tld = labels[-1]
        if tld_known(tld) and tld not in RESERVED_TLDS:
            return Validation.VALID
        return Validation.INDETERMINATE if tld.isalpha() else Validation.INVALID

    def normalize(self, value: str) -> str:
        """Scheme and host lower-cased (``http://`` added to bare www. hosts), fragment dropped."""
        v = value.strip()
        if v.lower().startswith("www."):
            v = "http://" + v
        try:
            p = urlsplit(v)
        except ValueError:
            return v
        netloc = p.netloc.lower()
        out = f"{p.scheme.lower()}://{netloc}{p.path or ''}"
        return out + (f"?{p.query}" if p.query else "")

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """``has-identifier`` when a query parameter names an identifier."""
        try:
            query = _split(value)[2]
        except ValueError:
            return ()
        keys = [k for k, _ in parse_qsl(query, keep_blank_values=True)]
        return ("has-identifier",) if any(_ID_KEY.search(k) for k in keys) else ()

    def check_cell(self, value: str) -> Validation | None:
        """A URL alone in the cell."""
        v = value.strip()
        if not v or len(v) > 2048 or any(c.isspace() for c in v):
            return None
        if not (v.lower().startswith(("http://", "https://", "ftp://", "sftp://", "ftps://", "www."))):
            return None
        result = self.validate(v)
        return None if result is Validation.INVALID else result
