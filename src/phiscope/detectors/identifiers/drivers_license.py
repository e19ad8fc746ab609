"""US driver's license number, found by its label (formats vary by state)."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.base import Pattern
from phiscope.detectors.identifiers._dl_formats import STATE_CODES, matches_state_format
from phiscope.detectors.identifiers._labelled import (
    ID_VALUE,
    SEP,
    LabelledIdDetector,
    alnum,
    field_pattern,
    id_shape,
    labelled_pattern,
)
from phiscope.model import Validation

_NUM = r"(?:[ \t]?(?:#|no\b\.?|nbr\b\.?|num\b\.?|number\b|id\b))"
# "driver's license", "drivers lic.", "operator's license", "CDL #", "DLN", "license no."
_LABELS = "|".join((
    r"driver'?s?'?[ \t]?lic(?:en[cs]e\b|\.|\b)" + _NUM + "?",
    r"driving[ \t]licen[cs]e\b" + _NUM + "?",
    r"operator'?s?'?[ \t]lic(?:en[cs]e\b|\.|\b)" + _NUM + "?",
    r"(?:d\.l\.|d/l|cdl)" + _NUM + "?",
    r"dln\b" + _NUM + "?",
    r"dl" + _NUM,
    r"licen[cs]e" + _NUM,
    r"lic\.?" + _NUM,
))
# an optional issuing state between label and value: "DL (TX): ...", "license no. CA ..."
_STATE = r"(?:\(?(?:" + "|".join(STATE_CODES) + r")\)?[ \t:#\-]{1,3})?"
_FILLER = r"(?:(?:is|was)[ \t]{1,3})?"


class DriversLicense(LabelledIdDetector):
    """Driver's license: a 5-15 character id (at least 4 digits) after a license
    label; VALID when it fits a known state layout. A plain "DL:" label must be
    upper case (lower-case "dL" is a unit); professional-license labels are
    excluded by the ``identifiers_license_context`` filter."""

    id = "drivers_license"
    description = "US driver's license number (labelled; state layouts checked)"
    patterns = (
        labelled_pattern(_LABELS, prefix=_FILLER + _STATE),
        Pattern("labelled", rf"\bDL[ \t]?[:#]{SEP}{_STATE}(?P<v>{ID_VALUE})\b", 0.6),
        field_pattern(),
    )
    context: ClassVar[tuple[str, ...]] = (
        "driver's license", "drivers license", "driver license", "dl#", "dln", "operator's license", "cdl",
    )
    headers = (r"driver'?s? ?lic", r"driving licen", r"^d ?l ?(#|no|num|number)?$", r"\bdln\b", r"\bcdl\b",
               r"operator'?s? lic", r"^drivers?$",  # Synthea's DRIVERS
               r"^(?!.*\b(medical|nursing|professional|pharmacy|physician|dental|business|dea|npi)\b)"
               r".*\blic(ense)? (#|no|num|number)(?!\w)")
    min_len = 5
    max_len = 15

    def validate(self, value: str) -> Validation:
        """VALID for a listed state layout, INDETERMINATE for a plausible generic id."""
        core = alnum(value)
        shape = id_shape(value, self.min_len, 19, 1)
        if shape is Validation.INVALID:
            return shape
        if matches_state_format(core) and sum(c.isdigit() for c in core) >= 3:
            return Validation.VALID
        return id_shape(value, self.min_len, self.max_len, self.min_digits)
