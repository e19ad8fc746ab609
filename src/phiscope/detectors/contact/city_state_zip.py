"""City, state and ZIP code ("Hartford, CT 06103"), labelled ZIPs and ZIP columns.

Under Safe Harbor every geographic subdivision smaller than a state is an
identifier, the 5-digit ZIP and the city included (45 CFR 164.514(b)(2)(i)(B)).
Rules for tables: a ``zip`` / ``zip code`` / ``postal code`` column is sensitive
on its own (reported here, flagged ``zip-only``), and so is a ``city`` / ``town``
column of a person's address (each place-name cell reported, flagged
``city-only``; columns naming a provider's, facility's or employer's city are
not classified). A lone ``state`` column is not an identifier. In free text a
city is reported only inside a "City, ST 12345" string.
"""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._us_states import (
    ASSIGNED_PREFIXES,
    STATE_CODE_RX,
    STATE_NAME_RX,
    STATE_NAMES,
    ZIP_PREFIXES,
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
#: ``_CSZ`` and ``_ZIP_ONLY`` with ASCII classes (printable cells only); same lazy-group semantics
_CSZ_ASCII = (r"^(?<city>[A-Za-z][A-Za-z0-9_ .'-]*?),? +(?<state>[A-Za-z][A-Za-z. ]*?)\.? +"
              r"(?<zip>[0-9]{5}(?:-?[0-9]{4})?)$")
_ZIP_ASCII = r"^[0-9]{5}(?:-?[0-9]{4})?$"
#: a place name alone ("New Haven", "St. Louis", "Winston-Salem", "Coeur d'Alene"): letters in 1-5 words
_CITY_ONLY = re.compile(r"[^\W\d_]+(?:[ .'’-]{1,2}[^\W\d_]+){0,4}\.?")
_CITY_ASCII = r"^[A-Za-z]+(?:[ .'-]{1,2}[A-Za-z]+){0,4}\.?$"
_CITY_MAX = 40
#: what data-entry staff write in an address field that is not a place
_PLACEHOLDERS = (
    "n/a", "na", "none", "null", "nil", "unknown", "unk", "not available", "not applicable", "refused",
    "declined", "homeless", "pending", "tbd", "other", "same", "test", "blank", "missing", "see above",
)
#: a city column of someone else's address (the provider, the employer...) is not the patient's
_NOT_PERSONAL = (r"^(?!.*\b(?:provider|prov|facility|clinic|practice|pharmacy|hospital|hosp|employer|"
                 r"payer|payor|insurer|vendor|lab|site|branch|office|store|bank|school|agency|company|"
                 r"business|dept|department)\b)")
_STATE_PREFIXES = sorted(f"{code}:{p:03d}" for code, ps in ZIP_PREFIXES.items() for p in ps)
_ASSIGNED = sorted(f"{p:03d}" for p in ASSIGNED_PREFIXES)


def _is_city(value: str) -> bool:
    """A place name alone (no digits), not a placeholder such as "Unknown"."""
    return (len(value) <= _CITY_MAX and _CITY_ONLY.fullmatch(value) is not None
            and value.casefold() not in _PLACEHOLDERS)


def _city_expr(value: pl.Expr) -> pl.Expr:
    """``_is_city`` of a printable-ASCII value."""
    return (value.str.contains(_CITY_ASCII) & (value.str.len_chars() <= _CITY_MAX)
            & ~value.str.to_lowercase().is_in(_PLACEHOLDERS))


def _state_code_expr(state: pl.Expr) -> pl.Expr:
    """``state_code`` of a printable state group."""
    t = cols.squash(state.str.replace_all(".", "", literal=True))
    by_code = t.str.to_uppercase().replace_strict(list(STATE_NAMES), list(STATE_NAMES), default=None)
    names = {name.lower(): code for code, name in STATE_NAMES.items()}
    by_name = t.str.to_lowercase().replace_strict(list(names), list(names.values()), default=None)
    return pl.coalesce(by_code, by_name)


class CityStateZip(Detector):
    """US city + state (code or name) + ZIP, or a ZIP after a ZIP label or in a ZIP column."""

    id = "city_state_zip"
    description = "US city, state and ZIP code; labelled ZIP codes and ZIP columns (flag zip-only)"
    patterns = (
        # the engine looks for "two capitals, ZIP" (the 60 two-letter codes behind the
        # city words measured 15% of the whole multi-pattern scan)
        Pattern("code", rf"\b{_CITY},?[ \t]+{STATE_CODE_RX}\.?[ \t]+{ZIP_RX}\b", 0.75,
                prefilter=rf"[A-Z]{{2}}\.?[ \t]+{ZIP_RX}\b"),
        Pattern("name", rf"\b{_CITY},?[ \t]+{STATE_NAME_RX}[ \t]+{ZIP_RX}\b", 0.75),
        Pattern("zip-labelled",
                r"\b(?:zip|zip[ \t]?code|postal[ \t]+code|post[ \t]?code)(?:[ \t]+is\b)?[ \t]*[:#]?[ \t]*"
                r"(?P<v>" + ZIP_RX + r")\b", 0.6, caseless=True),
    )
    context: ClassVar[tuple[str, ...]] = ("address", "addr", "city", "zip", "resides", "lives", "home")
    context_boost = 0.1
    headers = (r"\bzip", r"\bpostal ?code\b", r"\bpost ?code\b", r"\bcsz\b", r"\bcity state zip\b",
               _NOT_PERSONAL + r".*\b(?:city|town|municipality)\b")
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
        if m is None and _is_city(v):
            return Validation.INDETERMINATE  # no gazetteer: any place name
        if m is None or state_code(m.group("state")) is None:
            return Validation.INVALID
        return Validation.VALID if zip_matches_state(m.group("zip"), m.group("state")) \
            else Validation.INDETERMINATE

    def normalize(self, value: str) -> str:
        """'city st 12345' (state as its code), the ZIP alone, or 'city' (case-folded, no . or ')."""
        v = " ".join(value.split())
        m = _CSZ.fullmatch(v)
        if m is None:
            return re.sub(r"[.']", "", v).casefold() if _is_city(v) else v.replace(" ", "")
        code = state_code(m.group("state")) or m.group("state")
        city = re.sub(r"[.']", "", m.group("city")).casefold()
        return f"{city} {code.lower()} {m.group('zip')}"

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """``zip-only`` for a ZIP code without city and state, ``city-only`` for a city alone."""
        v = value.strip()
        if _ZIP_ONLY.fullmatch(v):
            return ("zip-only",)
        return ("city-only",) if _is_city(v) else ()

    def check_cell(self, value: str) -> Validation | None:
        """A ZIP (5 or 9 digits), a full "City, ST 12345" or a city alone; None otherwise."""
        v = value.strip()
        if not v or len(v) > 80:
            return None
        if not _ZIP_ONLY.fullmatch(v) and _CSZ.fullmatch(v) is None:
            return Validation.INDETERMINATE if _is_city(v) else None
        result = self.validate(v)
        return None if result is Validation.INVALID and not _ZIP_ONLY.fullmatch(v) else result

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        v = pl.col("s")
        zip_invalid = v.str.slice(0, 5).is_in(["00000", "99999"]) | v.str.replace_all(
            "-", "", literal=True).str.contains("^(?:0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$")
        zip_result = (pl.when(zip_invalid).then(pl.lit(cols.INVALID))
                      .when(v.str.slice(0, 3).is_in(_ASSIGNED)).then(pl.lit(cols.VALID))
                      .otherwise(pl.lit(cols.INDETERMINATE)))
        code = pl.col("code")
        in_state = (code + ":" + pl.col("m").struct.field("zip").str.slice(0, 3)).is_in(_STATE_PREFIXES)
        csz_result = (pl.when(code.is_null()).then(None).when(in_state).then(pl.lit(cols.VALID))
                      .otherwise(pl.lit(cols.INDETERMINATE)))
        result = (pl.when((v == "") | (v.str.len_chars() > 80)).then(None)
                  .when(v.str.contains(_ZIP_ASCII)).then(zip_result)
                  .when(pl.col("m").struct.field("zip").is_not_null()).then(csz_result)
                  .when(_city_expr(v)).then(pl.lit(cols.INDETERMINATE)))

        def build(frame: pl.LazyFrame) -> pl.LazyFrame:
            return (frame.with_columns(pl.col("v").str.strip_chars(" ").alias("s"))
                    .with_columns(pl.col("s").str.extract_groups(_CSZ_ASCII).alias("m"))
                    .with_columns(_state_code_expr(pl.col("m").struct.field("state")).alias("code"))
                    .select(result.alias("result"), cols.printable().alias("decided")))

        return cols.run_staged(values, build, cols.cell_fallback(self.check_cell))

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column, comma-joined (null when none)."""
        v = pl.col("v").str.strip_chars(" ")
        flag = pl.when(v.str.contains(_ZIP_ASCII)).then(pl.lit("zip-only")).when(_city_expr(v)).then(
            pl.lit("city-only"))
        return cols.run(values, flag, cols.printable(),
                        cols.flags_fallback(self.flags, self.validate))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (printable-ASCII cells in polars)."""
        m = pl.col("m")
        city = m.struct.field("city").str.replace_all("[.']", "").str.to_lowercase()
        code = pl.coalesce(pl.col("code"), m.struct.field("state")).str.to_lowercase()
        zip_code = m.struct.field("zip")
        norm = (pl.when(zip_code.is_not_null()).then(city + " " + code + " " + zip_code)
                .when(_city_expr(pl.col("s")))
                .then(pl.col("s").str.replace_all("[.']", "").str.to_lowercase())
                .otherwise(pl.col("s").str.replace_all(" ", "", literal=True)))

        def build(frame: pl.LazyFrame) -> pl.LazyFrame:
            return (frame.with_columns(cols.squash(pl.col("v")).alias("s"))
                    .with_columns(pl.col("s").str.extract_groups(_CSZ_ASCII).alias("m"))
                    .with_columns(_state_code_expr(pl.col("m").struct.field("state")).alias("code"))
                    .select(norm.alias("result"), cols.printable().alias("decided")))

        return cols.run_staged(values, build, self.normalize)
