"""Fixtures for the store tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phiscope.store import CaseStore, StoreTuning
from tests.store.store_helpers import FAST_KDF, KEY


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """Where a test's case lives."""
    return tmp_path / "case"


@pytest.fixture
def store(case_dir: Path) -> Iterator[CaseStore]:
    """A new, open case (cheap KDF); closed after the test."""
    with CaseStore.create(case_dir, KEY, FAST_KDF, StoreTuning(flush_seconds=60.0)) as s:
        yield s
