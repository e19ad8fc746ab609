"""Spanish street addresses ("Calle Carmen Romero, 23, 1D", "c/ del Abedul 5-7, 2º dcha.",
"Avda. de la Constitución nº 12").

Spanish records reach US breaches (Puerto Rico's providers, Spanish-speaking patients' forms), and
the US parser (``usaddress``) cannot read them: the street type comes first and the number last.
A candidate is a street-type word, up to six name words and a house number (optionally "nº" before
it, a second number or a floor and door after it); the shape is the whole check (INDETERMINATE:
no parser confirms it). Reported as element ``street_address``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.names._name_parts import _ALPHA, _UPPER
from phiscope.model import Candidate, Validation

#: street-type words (accented letters as alternatives: the multi-pattern engine reads bytes)
#: ("C/" only before a blank: in all-caps English notes "C/O" and "CC/HR" are no streets)
_TYPE = (r"(?:(?:Calle|CALLE|calle|Avda|AVDA|Avenida|AVENIDA|avenida|Plaza|PLAZA|plaza|Pza|Pz|Paseo|PASEO|"
         r"paseo|Camino|CAMINO|camino|Carretera|CARRETERA|carretera|Ctra|Ronda|RONDA|ronda|Traves(?:i|í)a|"
         r"TRAVES(?:I|Í)A|Urbanizaci(?:o|ó)n|Urb|Glorieta|Pasaje|Rambla|Callej(?:o|ó)n)\b\.?"
         r"|[Cc]/[ \t]|Av\.|P(?:º|°))")
#: a name word: capitalised (any letters after the first), or a joining word ("de", "del", "la")
_NAME_WORD = rf"(?:[{_UPPER}][{_ALPHA}'.ªº-]*|de|del|la|las|los|el|y|d')"
_NUMBER = r"(?:n(?:º|°|o\.)?[ \t]*)?\d{1,4}(?:[ \t]?[-–][ \t]?\d{1,4})?(?:[ \t]?[A-Za-z])?\b"
#: floor and door after the number: ", 2º dcha.", ", 1D", " 3º B", ", bajo"
_FLOOR = r"(?:,?[ \t]+\d{1,2}(?:º|°|ª)?[ \t]*(?:[A-Za-z]{1,5}\.?)?|,[ \t]*(?:bajo|Bajo|BAJO))?"
#: no number: "s/n" (sin número)
_NO_NUMBER = r"(?:s/n|S/N|sn|SN)\b"
STREET_ES = (rf"{_TYPE}[ \t]*(?:{_NAME_WORD}[ \t]+){{0,6}}{_NAME_WORD}(?:,[ \t]*|[ \t]+)"
             rf"(?:{_NUMBER}{_FLOOR}|{_NO_NUMBER})")
_SHAPE = re.compile(STREET_ES)


class SpanishStreetAddress(Detector):
    """A Spanish street line: type word, name, house number (floor and door)."""

    id = "street_address_es"
    element = "street_address"
    description = "Spanish street address (Calle/Avda./Plaza … name, number, floor and door)"
    patterns = (Pattern("street-es", STREET_ES, 0.6),)
    context: ClassVar[tuple[str, ...]] = ("domicilio", "dirección", "direccion", "vive en", "reside en")
    context_boost = 0.2
    headers = ()  # address columns are ``street_address``'s (usaddress reads many Spanish lines too)
    value_classify_ratio = None
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """INDETERMINATE for a whole street line of the Spanish shape, else INVALID."""
        return Validation.INDETERMINATE if _SHAPE.fullmatch(value.strip()) else Validation.INVALID

    def normalize(self, value: str) -> str:
        """Lower-case, punctuation apart from the house number's dash removed, single spaces."""
        return " ".join(re.sub(r"[^\w\s-]", " ", value.casefold()).split())

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """The base score; the shape itself is the evidence, a context word raises it."""
        return super().score(cand, has_context, validation)
