"""Personal names after a label ("Patient: DOE, JANE"), a title ("Mrs. Doe"), a salutation
("Dear Jane,") or "My name is", as the display name of an e-mail address ("Jane Doe <jd@example.com>"
in a From/To header, a ticket's "Requester:" line, a forwarded message), and cells of name columns.

Free-text names without a label need a statistical model and are not found
here. Names of providers are the ``provider_name`` detector's (same element,
flagged ``provider``).
"""

from __future__ import annotations

from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.names._name_parts import (
    _ALPHA,
    ANY_WORD,
    END,
    TITLE_WORD,
    is_given_name,
    is_ordinary_word,
    label_variants,
    name_value,
    normalize_name,
    normalize_name_expr,
    plausible_name,
    plausible_name_expr,
    starts_like_a_name,
)
from phiscope.model import Candidate, Validation

#: who a full name (two tokens or more) belongs to: "Patient:", "Patient's Name:", "Insured Name:"
FULL_NAME_OWNERS = (
    "Patient", "Pt", "Full", "Legal", "Guarantor", "Insured", "Subscriber", "Member", "Policy Holder",
    "Policyholder", "Mother", "Father", "Emergency Contact", "Next of Kin", "NOK", "Spouse", "Parent",
    "Guardian", "Legal Guardian", "Responsible Party", "Caregiver", "Beneficiary", "Client", "Contact",
    "Decedent",
)
#: labels followed by a full name on their own
FULL_NAME_LABELS = ("Name",)
#: labels that also introduce topics ("RE: HEART TRANSPLANT"): Title Case names only
TOPIC_LABELS = ("Re", "Attn", "Attention", "Regarding")
#: labels whose value may be a single name
PART_NAME_LABELS = (
    "Last Name", "First Name", "Middle Name", "Given Name", "Family Name", "Surname", "Maiden Name",
    "Mother's Maiden Name", "Patient Last Name", "Patient First Name", "LName", "FName", "Nickname",
    # Spanish records (Puerto Rico, Spanish-speaking patients' forms)
    "Nombre", "Apellidos", "Apellido", "Nombre y Apellidos", "Primer Apellido", "Segundo Apellido",
)
_FULL_LABEL = (rf"(?:{label_variants(*FULL_NAME_OWNERS)}(?:'[sS])?(?:[ \t]+{label_variants('Name')})?"
               rf"|{label_variants(*FULL_NAME_LABELS)})")
_SEP = r"[ \t]*[:#][ \t]*"
_HONORIFIC = r"\b(?:Mr|Mrs|Ms|Miss|Mx)\.?[ \t]+"
_CAPS = r"[A-Z][A-Z'-]*[A-Z]"
#: patterns whose one word is a name unless it is a function or common word
_ANY_BUT_STOP = frozenset({"honorific-lower", "honorific-caps-mrs"})
#: labels of a person's own identifiers ("(MRN 5583920)", "(DOB 01/02/1980)")
_PERSON_ID = r"(?:MRN|MR#|Med(?:ical)?[ \t]+Rec(?:ord)?|DOB|D\.O\.B\.?|SSN|date[ \t]+of[ \t]+birth)\b"
#: "is a 70 yr old", "WAS AN 83 YO": a person's age right after the name
_AGE_INTRO = (r"[ \t]+(?:is|was|IS|WAS)[ \t]+(?:an?|AN?)[ \t]+\d{1,3}[ \t-]*"
              r"(?:y/?o|yo|y\.o\.|yrs?|years?|Y/?O|YO|YRS?|YEARS?)\b")
#: "My name is", "my name's" before a self-introduced name
_MY_NAME_IS = r"(?:[Mm]y|MY)[ \t]+(?:name|NAME)(?:[ \t]+(?:is|IS)|'s)[ \t]+"
#: where a display name starts: a line, a label's colon, a list's comma or semicolon, a quote
#: ("Contact Jane Doe <...>" is no name "Contact Jane Doe")
_MAILBOX_BEFORE = r"""(?:^|[\n:,;("'\t])[ \t]*"""
#: an RFC 5322 mailbox after its display name: ``Jane Doe <jd@example.com>``, ``"Doe, Jane" <...>``
_MAILBOX = r"""["']?[ \t]*<[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9.\-]{1,253}\.[A-Za-z]{2,24}>"""


class PersonName(Detector):
    """A labelled personal name, in Title Case or ALL CAPS, in any common order."""

    id = "person_name"
    element = "person_name"
    description = "Personal name after a label, honorific or salutation; name columns"
    patterns: ClassVar[tuple[Pattern, ...]] = (
        Pattern("labelled", rf"\b{_FULL_LABEL}{_SEP}(?P<v>{name_value(2)}){END}", 0.8),
        Pattern("labelled-part", rf"\b{label_variants(*PART_NAME_LABELS)}{_SEP}(?P<v>{name_value(1)}){END}",
                0.8),
        Pattern("topic",
                rf"\b{label_variants(*TOPIC_LABELS)}{_SEP}(?P<v>{name_value(2, title_case=True)}){END}", 0.7),
        Pattern("honorific", rf"{_HONORIFIC}(?P<v>{name_value(1)}){END}", 0.75),
        # all-caps notes ("MR EDWIN PRZYBYLO IS": the given name; "MR" is also mitral regurgitation
        # there, so the word must be a given name, see ``score``) and lower-case ones ("mrs cohen",
        # "mr.renzi"; not "ms.": mental status in nursing notes)
        Pattern("honorific-caps", rf"\b(?:MR|MS)\.?[ \t]+(?P<v>{_CAPS}){END}", 0.6),
        # "MRS BRUCER": MRS means nothing else there, so any word that is no function word
        Pattern("honorific-caps-mrs", rf"\bMRS\.?[ \t]+(?P<v>{_CAPS}){END}", 0.6),
        Pattern("honorific-lower", rf"\b(?:mrs|mr)(?:\.[ \t]*|[ \t]+)(?P<v>{ANY_WORD}){END}", 0.55),
        Pattern("salutation", rf"\b(?:Dear|DEAR)[ \t]+(?P<v>{name_value(1)})[ \t]*[,:]", 0.7),
        Pattern("self", rf"\b{_MY_NAME_IS}(?P<v>{name_value(2)}){END}", 0.8),
        # a name and then a person's identifier in parentheses: "Marisol Ferndale-Ostrowski (MRN 5583920)"
        Pattern("before-id", rf"\b(?P<v>{name_value(2)})[ \t]*\([ \t]*{_PERSON_ID}", 0.7,
                prefilter=rf"[{_ALPHA}.][ \t]*\([ \t]*{_PERSON_ID}"),
        # a note's opening sentence: "Edwin Przybylo is an 83 yr old male", "lorrie morales is a 70 yr
        # old female" (lower case: a given name first, see ``score``); the engine looks for the age
        Pattern("age-intro", rf"\b(?P<v>{name_value(2)}){_AGE_INTRO}", 0.7,
                prefilter=rf"[{_ALPHA}.]{_AGE_INTRO}"),
        Pattern("age-intro-lower", rf"\b(?P<v>[a-z]{{2,}}[ \t]+[a-z]{{2,}}){_AGE_INTRO}", 0.6,
                prefilter=rf"[a-z]{_AGE_INTRO}"),
        # "My name is Sarah": one word, which must be a given name (``score``)
        Pattern("self-one", rf"\b{_MY_NAME_IS}(?P<v>{TITLE_WORD}){END}", 0.7),
        Pattern("mailbox", rf"{_MAILBOX_BEFORE}(?P<v>{name_value(2)}){_MAILBOX}", 0.75),
    )
    headers: ClassVar[tuple[str, ...]] = (
        r"^(?:pt |patient |member |subscriber |insured |guarantor |full |legal |contact |client |"
        r"patient s |insured s |mother s |father s |mothers |fathers |spouse |parent |guardian |"
        r"emergency contact |nok |beneficiary )?(?:(?:first|last|middle|given|family|maiden|sur|nick) ?)?"
        r"name$",
        r"^(?:pt |patient |member |subscriber )?(?:[flm]|first|last) ?name$",
        r"^(?:pt |patient |member )?(?:lname|fname|mname|lnm|fnm|surname|given|family)$",
        r"^(?:guarantor|insured|subscriber|policy ?holder|emergency contact|next of kin|nok|spouse|"
        r"mother|father|guardian|responsible party)$",
        # a column named after whom its cells are ("Patient": "Andy Peterson"); ids in such a column
        # (a UUID, "MRN0012") are no plausible names, so it is not classified by its header alone
        r"^(?:patient|pt|client|member|resident|beneficiary|decedent)$",
        r"maiden",
        r"^(?:first|last|middle|given|family)$",  # Synthea's FIRST, LAST
    )
    value_classify_ratio = None  # never classify a column as names from its values alone
    mask = MaskRule(keep_first=1, keep_last=0)

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """After an all-caps "MR"/"MS", and alone after "my name is", the word must be a given
        name; after "MRS" or a lower-case honorific, no function or common word ("mr. is")."""
        if cand.pattern_name in ("honorific-caps", "self-one") and not is_given_name(cand.value):
            return None
        if cand.pattern_name in _ANY_BUT_STOP and is_ordinary_word(cand.value):
            return None
        if cand.pattern_name == "age-intro-lower" and not starts_like_a_name(cand.value):
            return None
        return super().score(cand, has_context, validation)

    def validate(self, value: str) -> Validation:
        """INDETERMINATE for a plausible name (names have no checksum), INVALID for filler values."""
        return Validation.INDETERMINATE if plausible_name(value) else Validation.INVALID

    def normalize(self, value: str) -> str:
        """'first middle last', casefolded, without titles, accents or punctuation."""
        return normalize_name(value)

    def check_cell(self, value: str) -> Validation | None:
        """A plausible name string in a name column; None for "N/A", "UNKNOWN", numbers..."""
        return Validation.INDETERMINATE if plausible_name(value) else None

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars, others per value."""
        result = pl.when(plausible_name_expr()).then(pl.lit(cols.INDETERMINATE))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (printable-ASCII cells in polars)."""
        return cols.run(values, normalize_name_expr(), cols.printable(), self.normalize)
