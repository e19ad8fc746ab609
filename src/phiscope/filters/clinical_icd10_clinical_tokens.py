"""Clinical shorthand that is spelled like an ICD-10 code.

Measured on real transcriptions (MTSamples), every code-shaped token that is
also a valid ICD-10-CM code was one of these:

* vitals: "T36.6" / "T98.2" (temperature), "P95 R20" (pulse, respirations);
* hyphenated names: "HLA-B27", "Isovue-M200", "GIF-Q180", "A57-year-old";
* obstetric shorthand: "G10, P7" (gravida/para);
* dextrose and water: "D50 given", "IV fluids of D10", "14 cm H20";
* lab and device words right after: "C02 laser", "S100 antibody", "P53 stain";
* spine levels near spine words: "decompression at L45", "C56 disc";
* the typos "C02" (CO2) and "H20" (H2O) written bare (dotted codes such as
  "C02.9" are not affected).
"""

from __future__ import annotations

import re

APPLIES_TO = ("icd10_diagnosis",)

_TEMPERATURE = re.compile(r"T(?:3[3-9]|4[0-3]|9[3-9]|10[0-8])(?:\.\d)?")
_RATE = re.compile(r"[PRT]\d{2,3}")
_VITALS = re.compile(
    r"\b(?:bp|b/p|hr|rr|temp|tmax|spo2|sao2|o2|sats?|pulse|resp|vitals?|vs|wt|ht|bmi|mmhg|bpm)\b"
    r"|\b[PRT] ?\d{2,3}\b|\b\d{2,3}/\d{2,3}\b",
    re.IGNORECASE,
)
_HYPHEN_BEFORE = re.compile(r"[A-Za-z0-9]-$")
_HYPHEN_AFTER = re.compile(r"^-[A-Za-z0-9]")
_GRAVIDA = re.compile(r"G\d{1,2}")
_PARA_AFTER = re.compile(r"^[,;\s]*P\s?\d")
_DEXTROSE = re.compile(r"D(?:5|10|25|50|70)W?")
_DRUG_WORDS = re.compile(
    r"\b(?:dextrose|iv|fluids?|amps?|ampule|bolus|drip|infusion|given|ml|cc|rate|push|gtt)\b", re.IGNORECASE
)
_UNIT_BEFORE = re.compile(r"(?:\d|\b)(?:cm|mm|centimeters?|millimeters?)\s*(?:of\s+)?$", re.IGNORECASE)
_UNIT_LETTERS = ("cm", "mm", "centimeter", "millimeter")  # what ``_UNIT_BEFORE`` cannot match without
_TYPOS = frozenset({"C02", "H20"})
_SPINE_LEVEL = re.compile(r"C[1-7][1-7]|T(?:[1-9]|1[0-2])[1-9]|L[1-5][1-5]")
_SPINE_WORDS = re.compile(
    r"\b(?:spine|spinal|lumbar|cervical|thoracic|dis[ck]s?|levels?|decompression|fusion|laminectomy|"
    r"discectomy|foramin\w*|vertebra\w*|radiculopathy|stenosis|nerve roots?|interspace|facets?)\b"
    r"|\bL5-?S1\b|\b[CTL]\d{1,2}-[CTL]?\d{1,2}\b|\b[CTL][1-7][1-7]\b",
    re.IGNORECASE,
)
_WORD_AFTER = re.compile(
    r"^\s*(?:laser|antibod(?:y|ies)|stain(?:ing)?|immunostain|potentials?|gene|protein|mutation|marker|"
    r"expression|immunohistochemi\w*|ihc|mcg|mg|ml|units?|diopter)\b",
    re.IGNORECASE,
)


def excluded(value: str, before: str, after: str) -> bool:
    """True when the code-shaped token reads as vitals, a name part, dosing or a lab word."""
    # the gates (a hyphen at the end, a unit's letters anywhere) spare most codes the searches
    if (before.endswith(("-", "-\n")) and _HYPHEN_BEFORE.search(before)) or _HYPHEN_AFTER.match(after):
        return True
    if value in _TYPOS or _WORD_AFTER.match(after):
        return True
    low = before.lower()
    if any(u in low for u in _UNIT_LETTERS) and _UNIT_BEFORE.search(before):
        return True
    near = before[-30:] + " " + after[:30]
    if _SPINE_LEVEL.fullmatch(value) and _SPINE_WORDS.search(before + " " + after):
        return True
    if _TEMPERATURE.fullmatch(value) and ("." in value or _VITALS.search(near)):
        return True
    if _RATE.fullmatch(value) and _VITALS.search(near):
        return True
    if _GRAVIDA.fullmatch(value) and _PARA_AFTER.match(after):
        return True
    return bool(_DEXTROSE.fullmatch(value) and _DRUG_WORDS.search(near))
