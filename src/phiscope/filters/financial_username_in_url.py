"""A ``user=`` query parameter is a username only beside a password parameter.

``https://portal/login?user=123456`` carries a portal id, not a credential;
``...?user=jdoe&pwd=S3cret`` does. Other labels are left to the detector's
context rule.
"""

from __future__ import annotations

import re

APPLIES_TO = ("account_username",)

_QUERY_LABEL = re.compile(r"[?&;]\w*(?:user|login|logon|uname|uid)\w*=$", re.IGNORECASE)
_PASSWORD_PARAM = re.compile(r"^[^\s]*?[&;]\w*(?:pass|pwd|pw|passwd|password)\w*=", re.IGNORECASE)


def excluded(value: str, before: str, after: str) -> bool:
    """True for a URL ``user=`` parameter without a password parameter after it."""
    return _QUERY_LABEL.search(before) is not None and _PASSWORD_PARAM.search(after) is None
