"""Kept decisions held as columns give back exactly what was added."""

from __future__ import annotations

from phiscope.people.cluster import Decision
from phiscope.people.worth import Worth


def test_decisions_come_back_as_added_and_in_the_order_of_their_pairs() -> None:
    first: list[Decision] = [(7, "auto", None, True), (2, "review", "dob", False)]
    second: list[Decision] = [(5, "sole", None, True), (0, "auto", "ambiguous", False),
                              (9, "review", None, False)]
    worth = Worth()
    worth.extend(first)
    worth.extend([])
    worth.extend(second)
    assert len(worth) == 5 and list(worth) == first + second
    slices = list(worth.in_order(2))
    assert [len(s) for s in slices] == [2, 2, 1]
    assert [d for s in slices for d in s] == sorted(first + second)
    assert list(Worth().in_order(3)) == [] and list(Worth()) == []
