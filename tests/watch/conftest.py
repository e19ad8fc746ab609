"""Shared helpers of the watch tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.watch.events import AccessEvent, IngestStats, ParseError
from phiscope.watch.ingest import open_lines, parse_source

SAMPLES = Path(__file__).parent / "samples"


def parse_sample(name: str, fmt: str | None = None) -> tuple[list[AccessEvent], IngestStats]:
    """Events and stats of one sample file (parser sniffed unless ``fmt``)."""
    stats = IngestStats()
    events = list(parse_source(open_lines(str(SAMPLES / name)), stats, name, fmt))
    return events, stats


def errors_of(stats: IngestStats) -> list[ParseError]:
    """The kept parse errors."""
    return stats.first_errors


@pytest.fixture
def samples() -> Path:
    """The folder of real-format samples."""
    return SAMPLES
