"""Street addresses ("4417 Old Kettle Rd, Apt 2"), PO boxes and military unit boxes.

Patterns only propose candidates (a house number, capitalised words and a
street suffix); the probabilistic parser ``usaddress`` confirms them. It costs
about 50 µs a call, so it runs on candidates only; a column is tagged once per
token-signature group, mostly by a batched numpy decoder of the same model
(``_address_groups``, ``_address_crf``), with results equal to ``check_cell``'s.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

import polars as pl
import usaddress

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.contact._address_groups import AddressModel, load_address_model, per_shape
from phiscope.model import Validation

#: street suffixes with their USPS abbreviations (used to normalise)
SUFFIXES: dict[str, str] = {
    "street": "st", "st": "st", "avenue": "ave", "ave": "ave", "road": "rd", "rd": "rd",
    "boulevard": "blvd", "blvd": "blvd", "drive": "dr", "dr": "dr", "lane": "ln", "ln": "ln",
    "way": "way", "court": "ct", "ct": "ct", "place": "pl", "pl": "pl", "terrace": "ter", "ter": "ter",
    "parkway": "pkwy", "pkwy": "pkwy", "highway": "hwy", "hwy": "hwy", "circle": "cir", "cir": "cir",
    "square": "sq", "sq": "sq", "trail": "trl", "trl": "trl", "pike": "pike", "loop": "loop",
    "alley": "aly", "aly": "aly", "plaza": "plz", "plz": "plz", "turnpike": "tpke", "tpke": "tpke",
    "expressway": "expy", "expy": "expy", "freeway": "fwy", "fwy": "fwy", "crossing": "xing",
    "xing": "xing", "row": "row", "walk": "walk", "path": "path", "run": "run",
}
_SUFFIX_RX = "(?:" + "|".join(sorted({w for s in SUFFIXES for w in (s.title(), s.upper())},
                                     key=lambda w: (-len(w), w))) + ")"
_WORD = r"(?:[A-Z][A-Za-z'-]*\.?|\d{1,3}(?:st|nd|rd|th|ST|ND|RD|TH))"
_UNIT = (r"(?:,?[ \t]+(?:Apt|APT|Apartment|APARTMENT|Unit|UNIT|Suite|SUITE|Ste|STE|Bldg|BLDG|Fl|FL|Floor"
         r"|FLOOR|Rm|RM|Room|ROOM|#)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6}\b)?")
_PO_BOX = re.compile(r"(?:P\.?\s?O\.?|Post\s+Office)\s*Box\s+\d{1,6}"
                     r"|(?:PSC|CMR|Unit)\s+\d{1,5},?\s+Box\s+\d{1,5}", re.I)
_KEEP = re.compile(r"[^\w# -]")
#: ``_PO_BOX.match`` on a printable-ASCII value with single spaces
_PO_BOX_START = (r"(?i)^(?:(?:P\.? ?O\.?|Post +Office) *Box +[0-9]{1,6}"
                 r"|(?:PSC|CMR|Unit) +[0-9]{1,5},? +Box +[0-9]{1,5})")


#: street lines of other countries, which usaddress cannot label: the street type first and the house
#: number last ("Calle Duarte #105", "Rua Augusta 274", "Via Roma 12", "Avenida Paulista, 1578"), or a
#: French line ("1200 rue Sainte-Catherine", "25 boulevard Saint-Michel"), or a German one
#: ("Hauptstraße 5a"); in an address column only (``check_cell``), whole value, INDETERMINATE
_NAME = r"[^\W\d_][\w'.-]*"
_FOREIGN_TYPE = (r"calle|c/|rua|r\.|avenida|avda\.?|av\.?|avinguda|carrer|carrera|cra\.?|calzada|paseo|"
                 r"camino|carretera|plaza|praça|praca|travessa|alameda|largo|estrada|rambla|ronda|jirón|jr\.|"
                 r"via|viale|piazza|corso|strada|rue|chemin|allée")
_HOUSE = r"(?:#|no\.?|n[º°o]\.?)?[ ]?\d{1,5}[a-z]?(?:[ ]?[-/][ ]?\d{1,4}[a-z]?)?"
FOREIGN_STREET = (
    rf"(?i)^(?:(?:{_FOREIGN_TYPE})[ ]+(?:{_NAME}[ ]+){{0,5}}{_NAME},?[ ]+{_HOUSE}"
    rf"|\d{{1,5}}[a-z]?,?[ ]+(?:rue|avenue|av\.|boulevard|boul\.|bd|chemin|place|allée|impasse|quai|route|"
    rf"rang|côte)[ ]+(?:{_NAME}[ ]+){{0,5}}{_NAME}"
    rf"|{_NAME}(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm)[ ]+\d{{1,4}}[a-z]?)"
    r"(?:,?[ ]+(?:apt|apto|piso|depto|dpto|int|bloco|esc|app|appt|bureau|suite|#)\.?[ ]?[\w-]{1,6})?$")
_FOREIGN = re.compile(FOREIGN_STREET)


def _tags(value: str) -> dict[str, str]:
    """usaddress's labels for the value ({} when it cannot label it consistently)."""
    try:
        tagged, _kind = usaddress.tag(value)
    except (usaddress.RepeatedLabelError, ValueError, TypeError):
        return {}
    return dict(tagged)


def _cell_from_tags(keys: frozenset[str] | None) -> Validation | None:
    """``check_cell``'s verdict on the labels usaddress found (None: it could not label)."""
    if keys is None or not {"AddressNumber", "StreetName"} <= keys:
        return None
    return Validation.VALID if "StreetNamePostType" in keys else Validation.INDETERMINATE


class StreetAddress(Detector):
    """House number + street name + suffix (+ unit), confirmed by usaddress; PO boxes."""

    id = "street_address"
    description = "US-style street address or PO box, confirmed by the usaddress parser"
    patterns = (
        Pattern("street", rf"\b\d{{1,6}}(?:-?[A-Z])?[ \t]+(?:{_WORD}[ \t]+){{1,4}}{_SUFFIX_RX}\b\.?{_UNIT}",
                0.6),
        Pattern("po-box", r"\b(?:P\.?[ \t]?O\.?|Post[ \t]+Office)[ \t]*Box[ \t]+\d{1,6}\b", 0.6,
                caseless=True),
        Pattern("military", r"\b(?:PSC|CMR|Unit|UNIT)[ \t]+\d{1,5},?[ \t]+(?:Box|BOX)[ \t]+\d{1,5}\b", 0.6),
    )
    context: ClassVar[tuple[str, ...]] = (
        "address", "addr", "street", "lives at", "resides at", "residing at", "home", "mailing",
        "mail to", "ship to", "located at",
    )
    context_boost = 0.2
    context_after = 40  # the filters look for a "CITY, ST" line after an all-caps street
    headers = (r"^(?!.*(?:e ?mail|\bip\b|web|url|mac\b)).*\b(?:addr|address|street|address ?[12]|addr ?[12]"
               r"|address line ?[12]?|residence)\b", r"^(?:str|street|home|mailing|residential) addr")
    value_classify_ratio = None  # address columns are found by header; free text by pattern
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """VALID when usaddress labels a number, a street name and a street type (or a PO/unit box)."""
        if _PO_BOX.fullmatch(value.strip()):
            return Validation.VALID
        tags = _tags(value)
        if {"AddressNumber", "StreetName", "StreetNamePostType"} <= tags.keys():
            return Validation.VALID
        return Validation.INVALID

    def normalize(self, value: str) -> str:
        """Lower-case, punctuation removed, street types as USPS abbreviations."""
        words = _KEEP.sub(" ", value.casefold()).split()
        return " ".join(SUFFIXES.get(w, w) for w in words)

    def check_cell(self, value: str) -> Validation | None:
        """A street address or PO box (possibly followed by city/state/ZIP) in an address column."""
        v = " ".join(value.split())
        if not v or len(v) > 200 or not any(c.isdigit() for c in v):
            return None
        if _PO_BOX.match(v):
            return Validation.VALID
        found = _cell_from_tags(frozenset(_tags(v)))
        if found is None and _FOREIGN.match(v):
            return Validation.INDETERMINATE
        return found

    @cached_property
    def _model(self) -> AddressModel:
        """The usaddress model's vocabulary and weights (read once per detector instance)."""
        return load_address_model()

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: usaddress runs once per token-signature group
        (see ``_address_groups``); cells that are not printable ASCII go per value."""
        v = cols.strings(values)
        f = pl.LazyFrame({"v": v}).select(
            cols.printable().alias("ok"), cols.squash(pl.col("v")).alias("s")).collect()
        s = f["s"]
        blank = (s == "") | (s.str.len_chars() > 200) | ~s.str.contains("[0-9]")
        po_box = s.str.contains(_PO_BOX_START)
        parse = f["ok"] & ~blank & ~po_box
        todo = s.filter(parse.fill_null(False)).unique()
        by_shape = per_shape(todo, self._model, lambda keys: cols.as_text(_cell_from_tags(keys)),
                             cols.cell_fallback(self.check_cell))
        parsed = s.replace_strict(todo, by_shape, default=None, return_dtype=pl.String)
        foreign = s.str.contains(FOREIGN_STREET)
        fast = pl.select(pl.when(blank).then(None).when(po_box).then(pl.lit(cols.VALID))
                         .when(parsed.is_null() & foreign).then(pl.lit(cols.INDETERMINATE))
                         .otherwise(parsed)).to_series()
        return cols.merge(v, fast, f["ok"], cols.cell_fallback(self.check_cell)).alias(values.name)

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (printable-ASCII cells in polars)."""
        kept = pl.col("v").str.to_lowercase().str.replace_all("[^a-z0-9_# -]", " ")
        words = cols.squash(kept).str.split(" ")
        norm = words.list.eval(pl.element().replace(list(SUFFIXES), list(SUFFIXES.values()))).list.join(" ")
        return cols.run(values, norm, cols.printable(), self.normalize)
