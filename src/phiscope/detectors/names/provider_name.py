"""Names of physicians and other providers ("Dr. Smith", "Referring physician: Jane
Doe", "John Smith, MD").

Reported as element ``person_name`` flagged ``provider``: they are names (and
identify the people who treated the patient) but not the patient's own. A
separate detector because ``flags`` only sees the value, not the label.
"""

from __future__ import annotations

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Pattern
from phiscope.detectors.names._name_parts import (
    _ALPHA,
    END,
    TITLE_TOKEN,
    TOKEN,
    is_ordinary_word,
    label_variants,
    name_value,
    starts_like_a_name,
)
from phiscope.detectors.names.person_name import _CAPS, PersonName
from phiscope.model import Candidate, Validation

PROVIDER_LABELS = (
    "Physician", "Referring Physician", "Referring Provider", "Referring Doctor", "Referred By",
    "Attending", "Attending Physician", "Admitting Physician", "Provider", "Ordering Provider",
    "Ordering Physician", "Rendering Provider", "Primary Care Physician", "Primary Care Provider",
    "PCP", "Surgeon", "Assistant Surgeon", "Assistant", "Anesthesiologist", "Consultant",
    "Consulting Physician", "Dictated By", "Signed By", "Electronically Signed By", "Cc", "Doctor",
    "Treating Physician", "Radiologist", "Pathologist", "Nurse Practitioner",
    "Médico", "Medico", "Médico Responsable", "Remitido Por", "Emitido Por", "Responsable Clínico",
    "Responsable Clinico", "Doctora",
)
#: "Dr", "DR", "dr" with or without a period, then a blank
_ANY_DR = r"\b(?:Dr|DR|dr)\.?[ \t]+"
#: patterns whose value is one word that must not be a function or common word
_ONE_WORD = frozenset({"doctor-caps-bare", "doctor-lower", "initial-does", "per-initial", "doctor-initial",
                       "doctor-initial-caps", "doctor-apostrophe"})
#: patterns whose name must start with a given name or an initial
_SIGNATURE = frozenset({"signature-caps", "signature-lower"})
#: (the last period of "M.D." is left out: no word boundary follows it)
_CREDENTIALS = (r"(?:M\.D|MD|D\.O|DO|NP|PA-C|RN|R\.N|RRT|BSN|LPN|DDS|DMD|DPM|PhD|FNP|APRN|CRNA|"
                r"FACS|FACP|MBBS)")
#: a signature line: a name and a credential, alone on their line ("FRANCIS G. LEVINE, RRT",
#: "barbara j. parrilli bsn/rn", "s. roberto rrt") -- all-caps and lower-case notes too
_SIG_CREDENTIAL = (r"(?:(?:bsn/)?rn|r\.n\.|rrt|bsn|lpn|np|md|pa|msw|licsw|ccrn|"
                   r"(?:BSN/)?RN|R\.N\.|RRT|BSN|LPN|NP|MD|PA|MSW|LICSW|CCRN)")
_CAPS_NAME = r"(?:[A-Z]\.[ \t]*)?[A-Z][A-Z'-]+(?:[ \t]+(?:[A-Z]\.|[A-Z][A-Z'-]+)){1,3}"
_LOWER_NAME = r"(?:[a-z]\.[ \t]*)?[a-z][a-z'-]+(?:[ \t]+(?:[a-z]\.|[a-z][a-z'-]+)){0,3}"
#: where a signature starts: a line, or a sentence ("all is well. s. roberto rrt")
_SIG_START = r"(?:^|\n|[.!][ \t]+)[ \t]*"
#: between a name and its credential: a comma (a blank after it or not) or blanks
_COMMA = r"(?:,[ \t]*|[ \t]+)"
_SIG_END = rf"{_COMMA}{_SIG_CREDENTIAL}\.?[ \t]*(?:\r?\n|$)"
#: "W. MAROTTA AWARE", "PER B. KARGAS": an initial and an all-caps surname beside a word a person
#: does ("E. COLI" and "S. AUREUS" never stand there)
_CAPS_WORD = r"[A-Z][A-Z'-]+"
_DOES = r"(?:AWARE|NOTIFIED|INFORMED|PAGED|CALLED|IN[ \t]+TO|ORDERED|MADE[ \t]+AWARE)\b"


#: words that start an institution's name
_INSTITUTION = (r"Hospital|HOSPITAL|Hosp|Cl(?:i|í)nica|Clinic|CLINIC|Centro|Center|Centre|Servicio|Unidad|"
                r"Medical|Memorial|Department|Dept|Health|Complexo|Complejo|Instituto|Institute|University|"
                r"Universidad")


_INSTITUTION_NEXT = rf"[ \t]+(?:{_INSTITUTION})\b"


def _labelled(name: str) -> str:
    return (rf"\b{label_variants(*PROVIDER_LABELS)}[ \t]*[:#][ \t]*(?:(?:Dra?|DRA?)[.:]?[ \t]*)?"
            rf"(?P<v>{name})")


def _doctor(name: str) -> str:
    return rf"\b(?:Dra?\.?|Doctora?)[ \t]+(?P<v>{name}|{TOKEN})"


class ProviderName(PersonName):
    """A provider's name after a provider label, "Dr." or before a credential."""

    id = "provider_name"
    element = "person_name"
    description = "Provider's name (Dr. Surname, labelled physician, Name, MD): person_name, flag provider"
    patterns = (
        Pattern("labelled", _labelled(name_value(1)) + END, 0.8),
        Pattern("doctor", _doctor(name_value(1, title_case=True)) + END, 0.75),
        # a letterhead's institution right after the name is no part of it ("Dr. Vicente Asensio
        # Sánchez Hospital General"): the two above take it in and are dropped as no name; these
        # end the name before it
        Pattern("labelled-institution", _labelled(name_value(1)) + _INSTITUTION_NEXT, 0.8,
                prefilter=rf"[{_ALPHA}.]{_INSTITUTION_NEXT}"),
        Pattern("doctor-institution", _doctor(name_value(1, title_case=True)) + _INSTITUTION_NEXT, 0.75,
                prefilter=rf"[{_ALPHA}.]{_INSTITUTION_NEXT}"),
        # all-caps notes: "DR. SMITH NOTIFIED" -- the words after the surname are no name
        Pattern("doctor-caps", rf"\bDR\.[ \t]*(?P<v>{TOKEN}){END}", 0.75),
        # "DR RAKUSIN AWARE", "dr vasquez to decide", "dr. Capuano": after "Dr" the next word is a
        # name unless it is a function or common word (``score``)
        Pattern("doctor-caps-bare", rf"\bDR[ \t]+(?P<v>{_CAPS}){END}", 0.7),
        Pattern("doctor-lower", rf"\bdr(?:\.[ \t]*|[ \t]+)(?P<v>[a-z][a-z'-]*[a-z]|{TITLE_TOKEN}){END}", 0.7),
        # "Dr B Muse", "PER DR B. GILL": an initial, then the surname (after an initial with a period
        # only an all-caps one: "Dr. X. All questions answered" is a placeholder and a sentence)
        Pattern("doctor-initial", rf"{_ANY_DR}[A-Z][ \t]+(?P<v>{TITLE_TOKEN}|{_CAPS}){END}",
                0.7),
        Pattern("doctor-initial-caps", rf"\b(?:DR|Dr)\.?[ \t]+[A-Z]\.[ \t]?(?P<v>{_CAPS}){END}", 0.7),
        # "Dr. O'rourke", "dr o'connell": a lower-case letter after the apostrophe
        Pattern("doctor-apostrophe", rf"{_ANY_DR}(?P<v>[A-Za-z]'[A-Za-z][a-z]+){END}", 0.7),
        # (the engine looks for a word and a credential at a line's end only)
        Pattern("signature-caps", rf"{_SIG_START}(?P<v>{_CAPS_NAME}){_SIG_END}", 0.7,
                prefilter=rf"[A-Z'.-]{_SIG_END}"),
        Pattern("signature-lower", rf"{_SIG_START}(?P<v>{_LOWER_NAME}){_SIG_END}", 0.65,
                prefilter=rf"[a-z'.-]{_SIG_END}"),
        Pattern("initial-does", rf"\b[A-Z]\.[ \t]?(?P<v>{_CAPS_WORD})[ \t]+(?:(?:PA|NP|MD|RN)[ \t]+)?{_DOES}",
                0.7),
        Pattern("per-initial", rf"\b(?:PER|per|Per)[ \t]+[A-Z]\.[ \t]?(?P<v>{_CAPS_WORD}|{TITLE_TOKEN}){END}",
                0.7),
        # Title Case only: in all-caps notes "... LASIX GIVEN, RN" is no name
        # the engine looks for a word ending right before the credential; the name is
        # recovered around each such end
        Pattern("credential", rf"\b(?P<v>{name_value(2, title_case=True)}){_COMMA}{_CREDENTIALS}\b", 0.7,
                prefilter=rf"[A-Za-zß-öø-ÿĀ-ſ.]{_COMMA}{_CREDENTIALS}\b"),
    )
    headers = (
        r"\b(?:provider|physician|doctor|surgeon|attending|pcp|referring|prescriber|clinician)"
        r"(?: name)?$",
        r"^(?:dr|doc) name$",
    )

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """A bare "DR"/"dr" takes no function or common word ("DR AWARE", "dr will"); a signature
        line's name starts with a given name or an initial and holds no function or common word
        ("LASIX GIVEN, RN" is none)."""
        if cand.pattern_name in _ONE_WORD and is_ordinary_word(cand.value):
            return None
        if cand.pattern_name in _SIGNATURE and not starts_like_a_name(cand.value, initial_ok=True):
            return None
        return super().score(cand, has_context, validation)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always ``provider``."""
        return ("provider",)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column: ``provider`` for every cell."""
        slow = cols.flags_fallback(self.flags, self.validate)
        return cols.run(values, pl.lit("provider"), pl.lit(True), slow)
