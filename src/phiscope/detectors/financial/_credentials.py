"""Shared pieces of the account-credential detectors (``username_password`` and
``account_username``): labels, value shapes and the placeholder test.

State breach laws name "a user name or e-mail address, in combination with a
password or security question and answer that would permit access to an online
account"; both detectors report that element, told apart by a flag.
"""

from __future__ import annotations

import re

#: labels that introduce a password on their own ("Password: ...", "pwd=...")
PASSWORD_LABEL = r"(?:password|passwd|passwort|pass ?word|passcode|pwd)"
#: shorter labels trusted only right after a username ("login: x pass: y")
PAIRED_PASSWORD_LABEL = r"(?:password|passwd|pass ?word|passcode|pwd|pw|pass|pin)"
#: labels that introduce a username
USER_LABEL = r"(?:user ?name|user ?id|userid|user|login(?: ?(?:id|name))?|logon(?: ?id)?|uname)"
#: label-value separator: "Password: ", "pwd=", '"password": "', or the value on the
#: next line (form layouts extracted from PDF/DOCX)
SEP = r"[\"']?[ \t]{0,3}[:=][ \t]{0,3}(?:\r?\n[ \t]{0,3})?[\"']?"
#: a password token (no spaces, quotes, angle brackets or list separators); unbounded
#: because bounded repeats make hyperscan's start-of-match tracking too large —
#: the detectors check the length
SECRET = r"[^\s\"'<>,;&|]+"
#: a username token (length checked by the detector)
USERNAME = r"[A-Za-z0-9][A-Za-z0-9._@+\\\-]+"

_MASK_ONLY = re.compile(r"[*\u2022\u25cf#xX._\-]+")
_BRACKETED = re.compile(r"[\[({<].*[\])}>]|\$\{.*\}|%\(?\w*\)?s|\{\{.*")
_HASH = re.compile(
    r"\$(?:2[abxy]?|5|6|argon2(?:id|i|d)|pbkdf2[-\w]*|scrypt)\$.{8,}|[0-9a-fA-F]{32}|[0-9a-fA-F]{40}"
    r"|[0-9a-fA-F]{64}|[0-9a-fA-F]{128}|\{(?:SSHA|SHA|MD5|SMD5|SSHA256|SSHA512)\}.+"
)
_SECRET_LIKE = re.compile(r"[^A-Za-z]")
_DATE_OR_TIME = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[T ]\S*)?|\d{1,2}:\d{2}(?::\d{2})?")

#: words that follow "password:" in prose or forms but are not a password
PLACEHOLDER_WORDS = frozenset({
    "n/a", "na", "none", "null", "nil", "unknown", "tbd", "blank", "empty", "hidden", "redacted",
    "removed", "masked", "protected", "omitted", "withheld", "confidential", "private", "password",
    "passwd", "pwd", "username", "user", "login", "same", "reset", "changed",
    "expired", "required", "optional", "not", "no", "yes", "is", "was", "must", "should", "will",
    "can", "cannot", "to", "for", "and", "or", "the", "a", "an", "of", "on", "in", "at", "by", "see",
    "please", "provided", "sent", "set", "prompt", "field", "policy", "forgot", "enter", "your",
    "new", "old", "temporary", "invalid", "incorrect", "wrong", "locked", "unchanged", "default",
    "true", "false", "undefined", "value", "string", "text",
    "patient", "declined", "refused", "given", "verified", "via", "with", "from", "pending",
})


def is_placeholder(value: str) -> bool:
    """A masked, redacted, templated or prose value rather than a real credential."""
    v = value.strip().strip("\"'").rstrip(".,:;!")
    if not v:
        return True
    if value.rstrip().endswith(":"):  # the next label of a form, not a value
        return True
    if v.casefold() in PLACEHOLDER_WORDS or _MASK_ONLY.fullmatch(v):
        return True
    return _BRACKETED.fullmatch(v) is not None


def looks_hashed(value: str) -> bool:
    """A stored password hash (bcrypt, sha-crypt, argon2, LDAP, hex digest)."""
    return _HASH.fullmatch(value.strip()) is not None


def looks_secret(value: str) -> bool:
    """Has a digit or a symbol (used where the label alone is weak: "password is X")."""
    return _SECRET_LIKE.search(value) is not None


def looks_like_date_or_time(value: str) -> bool:
    """A date or a clock time (cells of "last login"-like columns)."""
    return _DATE_OR_TIME.fullmatch(value.strip()) is not None
