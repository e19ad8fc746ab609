"""Fixtures of the people tests: one small resolved case with review-band pairs, built once."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.people.review_case import build, copy_case


@pytest.fixture(scope="session")
def review_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The resolved case (read it, or copy it with ``review_case`` to change it)."""
    return build(tmp_path_factory.mktemp("review-base"))


@pytest.fixture
def review_case(review_base: Path, tmp_path: Path) -> Path:
    """A copy of the resolved case for one test."""
    return copy_case(review_base, tmp_path / "case")
