"""How a corpus scales: shards of patients, and document counts that grow sublinearly.

Patients are cut into shards of ``SHARD_SIZE``; each shard gets its own part
of every large export (``ehr/patients_export_part03.csv``), as real systems
split big extracts, and can be written by another process. Up to ``KNEE``
patients, document counts are a share of the patients (a lab report for one
in eight); beyond it they grow with the square root, so that a million-patient
breach holds thousands of PDFs, not a hundred thousand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SHARD_SIZE = 50_000
KNEE = 5_000


@dataclass(frozen=True, slots=True)
class Shard:
    """Patients ``start`` to ``stop - 1``, shard ``index`` of ``count``."""

    index: int
    start: int
    stop: int
    count: int

    @property
    def suffix(self) -> str:
        """File-name suffix of this shard's parts: empty when there is only one shard."""
        return "" if self.count == 1 else f"_part{self.index + 1:02d}"

    @property
    def size(self) -> int:
        """Number of patients."""
        return self.stop - self.start


def shards(n: int) -> list[Shard]:
    """The shards of ``n`` patients (equal sizes, the last one smaller)."""
    count = max(1, math.ceil(n / SHARD_SIZE))
    return [Shard(i, i * SHARD_SIZE, min(n, (i + 1) * SHARD_SIZE), count) for i in range(count)]


def doc_total(n: int, share: float, minimum: int) -> int:
    """How many documents of a kind a corpus of ``n`` patients holds."""
    if n <= KNEE:
        return max(minimum, int(n * share))
    return int(KNEE * share * math.sqrt(n / KNEE))


def quota(n: int, shard: Shard, total: int) -> tuple[int, int]:
    """(first number, count) of a shard's documents when ``total`` are spread in proportion to patients."""
    first = total * shard.start // n if shard.count > 1 else 0
    last = total * shard.stop // n if shard.count > 1 else total
    return first, last - first
