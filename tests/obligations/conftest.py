"""Shared fixtures: the shipped rule book and a small evaluation helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

import pytest

from phiscope.obligations.elements import ElementMap, load_element_map
from phiscope.obligations.engine import Evaluation, evaluate
from phiscope.obligations.facts import Group
from phiscope.obligations.incident import Incident
from phiscope.obligations.loader import RuleBook, load_rulebook

DISCOVERED = dt.date(2026, 1, 2)  # a Friday


@pytest.fixture(scope="session")
def book() -> RuleBook:
    return load_rulebook()


@pytest.fixture(scope="session")
def emap() -> ElementMap:
    return load_element_map()


def incident(**kw: object) -> Incident:
    base = Incident(entity_name="Test", entity_type="covered_entity", discovered=DISCOVERED)
    return replace(base, **kw)  # type: ignore[arg-type]


def group(
    state: str | None,
    *elements: str,
    count: int = 1,
    minor: bool = False,
    deceased: bool = False,
    address: bool = True,
    name: bool = True,
) -> Group:
    return Group(state, minor, deceased, address, name, frozenset(elements), count)


Run = Callable[..., Evaluation]


@pytest.fixture(scope="session")
def run(book: RuleBook, emap: ElementMap) -> Run:
    def _run(groups: list[Group], **kw: object) -> Evaluation:
        return evaluate(incident(**kw), groups, book=book, emap=emap)

    return _run


def notices(ev: Evaluation, obligation: str, law: str | None = None) -> list[object]:
    return [n for n in ev.notices if n.obligation == obligation and (law is None or n.law == law)]
