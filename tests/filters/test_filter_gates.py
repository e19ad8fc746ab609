"""Cheap gates in front of expensive filter regexes decide exactly as the regexes alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import phiscope.filters.clinical_icd10_clinical_tokens as tokens
import phiscope.filters.clinical_icd10_lookalikes as lookalikes
import phiscope.filters.names_not_a_name as not_a_name

_PIECES = [*sorted(lookalikes._NOUNS), "Rooms", "ROOM", "bed#", "BEDS", "rooms2", "_bed", "bed_", "Fig.",
           "vitamins", "the", "patient", "E11.9", "C50", "B20,", "K12", "no.", "#", "and", "or", "x"]
_SEPS = [" ", ", ", ": ", " #", "\n", " and ", "-", "", ".", "\t"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPS)), max_size=10))
def test_the_noun_gate_never_changes_the_lookalike_decision(parts: list[tuple[str, str]]) -> None:
    before = "".join(p + s for p, s in parts)
    full = lookalikes._NOUN_BEFORE.search(before[-60:]) is not None
    assert lookalikes.excluded("C50", before, "") == full


def test_the_gate_passes_what_the_filter_drops() -> None:
    assert lookalikes.excluded("B20", "moved to Room ", "")
    assert lookalikes.excluded("E11", "rooms B20, C12 and ", "")
    assert not lookalikes.excluded("E11", "Assessment: diabetes ", "")


_TOKEN_PIECES = ["HLA", "B27", "-", "14 cm", "5 mm of", "Centimeters", "MILLIMETER", "of", " ", "\n", "cm",
                 "D50", "given", "x", "T98.2", "temp", "3", "A57", "year", "Xmm", "cmm"]


def _tokens_ungated(value: str, before: str, after: str) -> bool:
    """``clinical_icd10_clinical_tokens.excluded`` as it was before its gates."""
    t = tokens
    if t._HYPHEN_BEFORE.search(before) or t._HYPHEN_AFTER.match(after):
        return True
    if value in t._TYPOS or t._UNIT_BEFORE.search(before) or t._WORD_AFTER.match(after):
        return True
    near = before[-30:] + " " + after[:30]
    if t._SPINE_LEVEL.fullmatch(value) and t._SPINE_WORDS.search(before + " " + after):
        return True
    if t._TEMPERATURE.fullmatch(value) and ("." in value or t._VITALS.search(near)):
        return True
    if t._RATE.fullmatch(value) and t._VITALS.search(near):
        return True
    if t._GRAVIDA.fullmatch(value) and t._PARA_AFTER.match(after):
        return True
    return bool(t._DEXTROSE.fullmatch(value) and t._DRUG_WORDS.search(near))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_TOKEN_PIECES), max_size=12),
       st.sampled_from(["B27", "H20", "D50", "E11", "L45"]),
       st.lists(st.sampled_from(_TOKEN_PIECES), max_size=4))
def test_the_clinical_token_gates_never_change_the_decision(parts: list[str], value: str,
                                                            later: list[str]) -> None:
    before, after = "".join(parts), "".join(later)
    assert tokens.excluded(value, before, after) == _tokens_ungated(value, before, after)


_NAME_PIECES = ["Drug", "Facility", "Pharmacy's", "name", "Name", "NAME", ":", "#", " ", "\t", "1737",
                "Cheriton", "Dr", "DR", "Dr.", "Jane", "Doe", "from", "Middle River", ",", "Patient"]


def _not_a_name_ungated(value: str, before: str, after: str) -> bool:
    """``names_not_a_name.excluded`` as it was before its gates."""
    n = not_a_name
    if n._ORG_LABEL.search(before) or n._STATE_ZIP_AFTER.match(after) or n._STREET_BEFORE.search(before):
        return True
    if n._MD_AFTER.match(after) and n._PLACE_MD.search(before):
        return True
    return any(t.strip(".'").casefold() in n._NOT_NAME_WORDS for t in n._TOKEN.findall(value))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_NAME_PIECES), max_size=12), st.sampled_from(["Jane Doe", "Unknown Male"]),
       st.sampled_from(["", ", MD 20910", ", MD", " was seen"]))
def test_the_not_a_name_gates_never_change_the_decision(parts: list[str], value: str, after: str) -> None:
    before = "".join(parts)
    assert not_a_name.excluded(value, before, after) == _not_a_name_ungated(value, before, after)
