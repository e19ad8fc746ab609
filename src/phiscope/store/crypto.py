"""Key derivation for a case: one secret, three independent sub-keys.

The user's secret goes through scrypt (salt and cost from ``case.json``) to a
master key; HMAC-SHA256 of the master key under fixed labels then gives the
sub-keys (HKDF-expand style), so knowing one sub-key says nothing about another:

* ``db_key``    — the DuckDB database encryption key;
* ``hmac_key``  — keys the HMAC of normalised values (``findings.value_hmac``,
  computed by ``value_hmac.ValueHasher``);
* ``check_key`` — only used to compute the key-check value stored in
  ``case.json``, which tells a wrong key apart before the database is touched.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from dataclasses import dataclass, field
from typing import Any

_LABEL_DB = b"phiscope/v1/duckdb-encryption-key"
_LABEL_HMAC = b"phiscope/v1/value-hmac-key"
_LABEL_CHECK = b"phiscope/v1/key-check-key"
_CHECK_MESSAGE = b"phiscope key check"

SALT_BYTES = 16


@dataclass(frozen=True, slots=True)
class KdfParams:
    """scrypt parameters and salt, as stored in ``case.json``.

    The default cost (n=2**17, r=8, p=1: 128 MiB, a fraction of a second)
    follows current OWASP guidance for scrypt.
    """

    salt: bytes
    n: int = 2**17
    r: int = 8
    p: int = 1

    @classmethod
    def fresh(cls, n: int = 2**17, r: int = 8, p: int = 1) -> KdfParams:
        """New parameters with a random salt."""
        return cls(salt=os.urandom(SALT_BYTES), n=n, r=r, p=p)

    def to_json(self) -> dict[str, Any]:
        """JSON form for ``case.json``."""
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p,
                "salt": base64.b64encode(self.salt).decode("ascii")}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KdfParams:
        """Parse the JSON form; raises ``ValueError`` on anything unexpected."""
        if data.get("name") != "scrypt":
            raise ValueError(f"unknown key derivation function {data.get('name')!r}")
        n, r, p = (int(data[k]) for k in ("n", "r", "p"))
        if n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise ValueError("invalid scrypt parameters")
        return cls(salt=base64.b64decode(data["salt"], validate=True), n=n, r=r, p=p)


@dataclass(frozen=True, slots=True)
class SubKeys:
    """The three 32-byte sub-keys of a case (never printed: ``repr`` hides them)."""

    db_key: bytes = field(repr=False)
    hmac_key: bytes = field(repr=False)
    check_key: bytes = field(repr=False)

    def db_key_text(self) -> str:
        """The DuckDB key as text (DuckDB takes the key as a string)."""
        return base64.b64encode(self.db_key).decode("ascii")

    def key_check(self) -> str:
        """Hex key-check value stored in ``case.json``; reveals nothing about the keys."""
        return hmac.new(self.check_key, _CHECK_MESSAGE, hashlib.sha256).hexdigest()

    def matches(self, key_check: str) -> bool:
        """Whether these keys produce ``key_check`` (constant-time compare)."""
        return hmac.compare_digest(self.key_check(), key_check)

    def value_hmac(self, normalized: str) -> str:
        """Reference hex HMAC-SHA256 of a normalised value (``ValueHasher`` must match it)."""
        return hmac.new(self.hmac_key, normalized.encode("utf-8"), hashlib.sha256).hexdigest()


def derive_keys(secret: bytes, kdf: KdfParams) -> SubKeys:
    """Derive the sub-keys of a case from the user's secret."""
    maxmem = 128 * kdf.r * kdf.n * kdf.p + (16 << 20)
    master = hashlib.scrypt(secret, salt=kdf.salt, n=kdf.n, r=kdf.r, p=kdf.p, maxmem=maxmem, dklen=32)
    return SubKeys(
        db_key=hmac.new(master, _LABEL_DB, hashlib.sha256).digest(),
        hmac_key=hmac.new(master, _LABEL_HMAC, hashlib.sha256).digest(),
        check_key=hmac.new(master, _LABEL_CHECK, hashlib.sha256).digest(),
    )
