"""Unique identifiers from an index: a keyed pseudo-random permutation (Feistel + cycle walking).

Drawing 1,000,000 MRNs or SSNs at random collides hundreds of times; a real
provider never gives two patients one MRN, and the SSA never gives two people
one SSN. ``permute`` maps patient index ``i`` to a distinct number in
``[0, size)`` that looks random and depends only on the key.
"""

from __future__ import annotations

from hashlib import blake2b

_ROUNDS = 4


def _round(key: bytes, r: int, half: int, bits: int) -> int:
    digest = blake2b(half.to_bytes(8, "little") + bytes((r,)), key=key, digest_size=8).digest()
    return int.from_bytes(digest, "little") & ((1 << bits) - 1)


def _feistel(x: int, key: bytes, half_bits: int) -> int:
    mask = (1 << half_bits) - 1
    left, right = x >> half_bits, x & mask
    for r in range(_ROUNDS):
        left, right = right, left ^ _round(key, r, right, half_bits)
    return (left << half_bits) | right


def permute(index: int, size: int, key: str) -> int:
    """The image of ``index`` (``0 <= index < size``) under a keyed permutation of ``range(size)``."""
    if not 0 <= index < size:
        raise ValueError("index out of range")
    half_bits = max(1, ((size - 1).bit_length() + 1) // 2)
    k = key.encode("utf-8")[:64]
    x = _feistel(index, k, half_bits)
    while x >= size:  # cycle walking: stays a permutation of range(size)
        x = _feistel(x, k, half_bits)
    return x
