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
    END,
    TITLE_TOKEN,
    TOKEN,
    is_common_word,
    is_stop_word,
    label_variants,
    name_value,
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
)
_BARE = frozenset({"doctor-caps-bare", "doctor-lower"})
_CREDENTIALS = r"(?:M\.D\.|MD|D\.O\.|DO|NP|PA-C|RN|DDS|DMD|DPM|PhD|FNP|APRN|CRNA|FACS|FACP|MBBS)"


class ProviderName(PersonName):
    """A provider's name after a provider label, "Dr." or before a credential."""

    id = "provider_name"
    element = "person_name"
    description = "Provider's name (Dr. Surname, labelled physician, Name, MD): person_name, flag provider"
    patterns = (
        Pattern("labelled", rf"\b{label_variants(*PROVIDER_LABELS)}[ \t]*[:#][ \t]*"
                            rf"(?:(?:Dr|DR)\.?[ \t]+)?(?P<v>{name_value(1)}){END}", 0.8),
        Pattern("doctor", rf"\b(?:Dr\.?|Doctor)[ \t]+(?P<v>{name_value(1, title_case=True)}|{TOKEN}){END}",
                0.75),
        # all-caps notes: "DR. SMITH NOTIFIED" -- the words after the surname are no name
        Pattern("doctor-caps", rf"\bDR\.[ \t]*(?P<v>{TOKEN}){END}", 0.75),
        # "DR RAKUSIN AWARE", "dr vasquez to decide", "dr. Capuano": after "Dr" the next word is a
        # name unless it is a function or common word (``score``)
        Pattern("doctor-caps-bare", rf"\bDR[ \t]+(?P<v>{_CAPS}){END}", 0.7),
        Pattern("doctor-lower", rf"\bdr(?:\.[ \t]*|[ \t]+)(?P<v>[a-z][a-z'-]*[a-z]|{TITLE_TOKEN}){END}", 0.7),
        # Title Case only: in all-caps notes "... LASIX GIVEN, RN" is no name
        # the engine looks for a word ending right before the credential; the name is
        # recovered around each such end
        Pattern("credential", rf"\b(?P<v>{name_value(2, title_case=True)}),?[ \t]+{_CREDENTIALS}\b", 0.7,
                prefilter=rf"[A-Za-zß-öø-ÿĀ-ſ.],?[ \t]+{_CREDENTIALS}\b"),
    )
    headers = (
        r"\b(?:provider|physician|doctor|surgeon|attending|pcp|referring|prescriber|clinician)"
        r"(?: name)?$",
        r"^(?:dr|doc) name$",
    )

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """A bare "DR"/"dr" takes no function or common word ("DR AWARE", "dr will")."""
        if cand.pattern_name in _BARE and (is_stop_word(cand.value) or is_common_word(cand.value)):
            return None
        return super().score(cand, has_context, validation)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always ``provider``."""
        return ("provider",)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column: ``provider`` for every cell."""
        slow = cols.flags_fallback(self.flags, self.validate)
        return cols.run(values, pl.lit("provider"), pl.lit(True), slow)
