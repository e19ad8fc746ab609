"""Credential labels followed by something that is not a credential.

"Password: ********", "Password: [REDACTED]", "password: {{password}}",
"Password: reset by IT" — masked, redacted, templated or prose values are not
exposed credentials.
"""

from __future__ import annotations

from phiscope.detectors.financial._credentials import is_placeholder

APPLIES_TO = ("username_password", "account_username")


def excluded(value: str, before: str, after: str) -> bool:
    """True for masked, redacted, templated or prose values."""
    return is_placeholder(value)
