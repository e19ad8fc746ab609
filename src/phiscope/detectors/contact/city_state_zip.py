"""City, state and ZIP code ("Hartford, CT 06103"), labelled ZIPs and ZIP columns.

Under Safe Harbor every geographic subdivision smaller than a state is an
identifier, the 5-digit ZIP included. Rule for tables: a ``zip`` / ``zip code``
/ ``postal code`` column is sensitive on its own (reported here, flagged
``zip-only``); a lone ``city`` or ``state`` column is not classified (a city
without a street or ZIP is reported only inside a "City, ST 12345" string).
"""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._us_states import (
    STATE_CODE_RX,
    STATE_NAME_RX,
    ZIP_RX,
    state_code,
    zip_assigned,
    zip_matches_state,
)
from phiscope.model import Validation

_CITY = r"[A-Z][A-Za-z.'-]+(?:[ \t][A-Z][A-Za-z.'-]+){0,2}"
_CSZ = re.compile(r"(?P<city>[^\W\d_][\w .'-]*?),?\s+(?P<state>[A-Za-z][A-Za-z. ]*?)\.?\s+"
                  r"(?P<zip>\d{5}(?:-?\d{4})?)")
_ZIP_ONLY = re.compile(r"\d{5}(?:-?\d{4})?")


class CityStateZip(Detector):
    """US city + state (code or name) + ZIP, or a ZIP after a ZIP label or in a ZIP column."""

    id = "city_state_zip"
    description = "US city, state and ZIP code; labelled ZIP codes and ZIP columns (flag zip-only)"
    patterns = (
        Pattern("code", rf"\b{_CITY},?[ \t]+{STATE_CODE_RX}\.?[ \t]+{ZIP_RX}\b", 0.75),
        Pattern("name", rf"\b{_CITY},?[ \t]+{STATE_NAME_RX}[ \t]+{ZIP_RX}\b", 0.75),
        Pattern("zip-labelled",
                r"\b(?:zip|zip[ \t]?code|postal[ \t]+code|post[ \t]?code)[ \t]*[:#]?[ \t]*(?P<v>"
                + ZIP_RX + r")\b", 0.6, caseless=True),
    )
    context: ClassVar[tuple[str, ...]] = ("address", "addr", "city", "zip", "resides", "lives", "home")
    context_boost = 0.1
    headers = (r"\bzip", r"\bpostal ?code\b", r"\bpost ?code\b", r"\bcsz\b", r"\bcity state zip\b")
    #: five-digit numbers alone are too common: a ZIP column needs its header
    value_classify_ratio = None
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """VALID when the ZIP prefix belongs to the state (or, for a lone ZIP, is assigned)."""
        v = value.strip()
        if _ZIP_ONLY.fullmatch(v):
            if v[:5] in ("00000", "99999") or len(set(v.replace("-", ""))) == 1:
                return Validation.INVALID
            return Validation.VALID if zip_assigned(v) else Validation.INDETERMINATE
        m = _CSZ.fullmatch(v)
        if m is None or state_code(m.group("state")) is None:
            return Validation.INVALID
        return Validation.VALID if zip_matches_state(m.group("zip"), m.group("state")) \
            else Validation.INDETERMINATE

    def normalize(self, value: str) -> str:
        """'city st 12345' (state as its code) or the ZIP alone."""
        v = " ".join(value.split())
        m = _CSZ.fullmatch(v)
        if m is None:
            return v.replace(" ", "")
        code = state_code(m.group("state")) or m.group("state")
        city = re.sub(r"[.']", "", m.group("city")).casefold()
        return f"{city} {code.lower()} {m.group('zip')}"

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """``zip-only`` for a ZIP code without city and state."""
        return ("zip-only",) if _ZIP_ONLY.fullmatch(value.strip()) else ()

    def check_cell(self, value: str) -> Validation | None:
        """A ZIP (5 or 9 digits) or a full "City, ST 12345"; None otherwise."""
        v = value.strip()
        if not v or len(v) > 80:
            return None
        if not _ZIP_ONLY.fullmatch(v) and _CSZ.fullmatch(v) is None:
            return None
        result = self.validate(v)
        return None if result is Validation.INVALID and not _ZIP_ONLY.fullmatch(v) else result
