"""Table-driven tests for the relative_name detector (person_name flagged relative)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.names._name_parts import is_given_name
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding

POSITIVE = [
    ("social: son bill called for update;", ["bill"]),
    ("dtr Frances Baker- 212- 476- 8356.", ["Frances Baker"]),
    ("LIVES W/ DAUGHTER VERONICA WHO IS PROXY.", ["VERONICA"]),
    ("his wife, Carol Buckley (201/324/1423) confirms", ["Carol Buckley"]),
    ("visited by significant other charlie,updated", ["charlie"]),
    ("Spouse Angela Villanueva-Warren present.", ["Angela Villanueva-Warren"]),
    ("Dr. O'Connell spoke with pt's son Michael. Decision", ["Michael"]),
    ("SOCIAL: SPOKE WITH DAUGHTER PHILOMENA ON PHONE", ["PHILOMENA"]),
    ("her sister Chloé Brontë visited", ["Chloé Brontë"]),  # accents aside, a listed given name
    # two Title Case words need no listed given name; a surname that is a common word stays
    ("proxy is grandaughter: Irene Czyzewicz- 204-943-1045", ["Irene Czyzewicz"]),
    ("pt's mother and daughter (Marcela Carlson) called", ["Marcela Carlson"]),
    ("his wife, Carol Green, visited", ["Carol Green"]),
    # the relation after the name; the last of a list after a plural relation
    ("ask to page Suzette \n\nHank Przybylo (son) cell# 450", ["Hank Przybylo"]),
    ("Social- Sons David and Theodore talk with attending", ["David", "Theodore"]),
    ("social: daughters sarah and margie in to visit", ["sarah", "margie"]),
    ("VIA SW DEPARTMENT AT VA. CONTACT PERSON CAROLE HAYES (135-442-9738)", ["CAROLE"]),
    ("Wife and lawyer (Wil Laberbera) aware of plan", ["Wil Laberbera"]),
    ("The patient's legal guardian, Janet Sanchez in Albuquerque", ["Janet Sanchez"]),
]

NEGATIVE = [
    "son in to visit, supportive to pt",  # "in" is no name
    "wife called twice today",
    "her husband left her 10 days ago",  # a given name that is an ordinary word here
    "son will call in the morning",
    "She has had two sons one who died",
    "responsible for the husbandry and care of animals",  # a relationship word inside a word
    "wife, Will Call later",  # Title Case, but the first word is a common word
    "Sons in to visit and left",  # no name in the list
    "Follow Up (son) tomorrow",  # no name before the relation
    "he has been taking his wife's Lasix tablets",  # one unknown Title Case word is no name
    "His sister is Epstein-Barr virus positive",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    found = [f for f in find(text) if f.detector_id == "relative_name"]
    assert [f.value for f in found] == expected
    assert all(f.element == "person_name" and f.flags == ("relative",) for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.element == "person_name"] == []


def test_an_organisation_is_no_relative(find: Callable[..., list[Finding]]) -> None:
    assert [f.value for f in find("I work for Aunt Bertha Inc") if f.detector_id == "relative_name"] == []


def test_given_names_exclude_common_words() -> None:
    assert is_given_name("Veronica") and is_given_name("BILL") and is_given_name("charlie")
    assert not is_given_name("left") and not is_given_name("will") and not is_given_name("in")


def test_never_a_column_detector(detectors: DetectorSet) -> None:
    det = detectors.by_id("relative_name")
    assert not det.matches_header("son") and not det.matches_header("spouse name")
