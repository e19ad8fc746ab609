"""E-mail addresses (plus-addressing and subdomains included)."""

from __future__ import annotations

import re
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._tlds import COMMON_TLDS, tld_known
from phiscope.model import Validation

_LOCAL = r"[A-Za-z0-9._%+-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL_RX = rf"{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}\b"
_EMAIL = re.compile(rf"(?P<local>{_LOCAL})@(?P<host>(?:{_LABEL}\.)+(?P<tld>[A-Za-z]{{2,24}}))")
_EMAIL_FULL = rf"^{_LOCAL}@(?:{_LABEL}\.)+[A-Za-z]{{2,24}}$"


class Email(Detector):
    """RFC 5321-ish address; VALID when the TLD is a known one."""

    id = "email"
    description = "E-mail address; VALID when the top-level domain is a known one"
    patterns = (Pattern("address", EMAIL_RX, 0.7),)
    context: ClassVar[tuple[str, ...]] = ("email", "e-mail", "mail", "mailto", "contact", "reach")
    context_boost = 0.1
    headers = (r"\be ?mail\b", r"\bemail ?addr", r"\bmail\b")
    mask = MaskRule(keep_first=1, keep_last=0)

    def validate(self, value: str) -> Validation:
        """Structure (lengths, dots) and TLD: INVALID / INDETERMINATE (unknown TLD) / VALID."""
        m = _EMAIL.fullmatch(value.strip())
        if m is None:
            return Validation.INVALID
        local, host = m.group("local"), m.group("host")
        if len(local) > 64 or len(value) > 254 or ".." in local or local[0] == "." or local[-1] == ".":
            return Validation.INVALID
        if any(len(label) > 63 for label in host.split(".")):
            return Validation.INVALID
        return Validation.VALID if tld_known(m.group("tld")) else Validation.INDETERMINATE

    def normalize(self, value: str) -> str:
        """Lower-case, without a ``mailto:`` prefix."""
        v = value.strip().lower()
        return v[7:] if v.startswith("mailto:") else v

    def check_cell(self, value: str) -> Validation | None:
        """An address alone in the cell (a ``mailto:`` prefix is allowed)."""
        v = value.strip()
        if v.lower().startswith("mailto:"):
            v = v[7:]
        if not v or len(v) > 254 or _EMAIL.fullmatch(v) is None:
            return None
        return self.validate(v)

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        s = pl.col("v").str.strip_chars(" ")
        v = pl.when(s.str.to_lowercase().str.starts_with("mailto:")).then(s.str.slice(7)).otherwise(s)
        local = v.str.extract(r"^([^@]*)@", 1)
        host = v.str.extract(r"@(.*)$", 1)
        tld = v.str.extract(r"\.([A-Za-z]+)$", 1).str.to_lowercase()
        invalid = ((local.str.len_chars() > 64) | local.str.contains(r"\.\.|^\.|\.$")
                   | host.str.contains(r"[^.]{64,}"))
        known = tld.is_in(list(COMMON_TLDS)) | (tld.str.len_chars() == 2)
        result = (pl.when((v == "") | (v.str.len_chars() > 254) | ~v.str.contains(_EMAIL_FULL)).then(None)
                  .when(invalid).then(pl.lit(cols.INVALID))
                  .when(known).then(pl.lit(cols.VALID)).otherwise(pl.lit(cols.INDETERMINATE)))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (printable-ASCII cells in polars)."""
        v = pl.col("v").str.strip_chars(" ").str.to_lowercase()
        norm = pl.when(v.str.starts_with("mailto:")).then(v.str.slice(7)).otherwise(v)
        return cols.run(values, norm, cols.printable(), self.normalize)
