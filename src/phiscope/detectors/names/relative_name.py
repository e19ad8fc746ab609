"""Names of a patient's relatives and contacts in notes ("son Rob", "his wife, Carol Buckley",
"DAUGHTER VERONICA WHO IS PROXY", "significant other charlie").

Under HIPAA Safe Harbor the names of relatives and household members are identifiers of the
patient. A relationship word introduces the name, in any case; its first word must be a known
given name (the ``nicknames`` package's list of about 2,000, any case) and not a common English
word ("son will call", "wife may visit"), so "son in to visit" or "daughter called" is no name. A
second word is the surname when it is in Title Case ("his wife, Carol Buckley"; in an all-caps
note the next word is as likely a verb: "DAUGHTER VERONICA WHO IS PROXY").
Two Title Case words need no known given name ("son: Vladimir Erickson"); a name before its
relation in parentheses ("Hank Przybylo (son)") and the last of a list after a plural relation
("Sons Smokey, Morris and Roger") count too.
Reported as ``person_name`` flagged ``relative``: someone else than the document's subject, so
people resolution keeps it as context, never as who the note is about.
"""

from __future__ import annotations

import re

from phiscope.detectors.base import Pattern
from phiscope.detectors.names._name_parts import (
    _LOWER,
    ANY_WORD,
    END,
    TITLE_WORD,
    is_common_word,
    is_given_name,
    is_stop_word,
    label_variants,
)
from phiscope.detectors.names.person_name import PersonName
from phiscope.model import Validation

RELATIONS = (
    "son", "sons", "daughter", "daughters", "dtr", "wife", "husband", "spouse", "brother", "sister",
    "mother", "father", "mom", "dad", "niece", "nephew", "aunt", "uncle", "cousin", "grandson",
    "granddaughter", "grand daughter", "grandaughter", "grandmother", "grandfather", "stepson",
    "stepdaughter", "friend", "fiance", "fiancee", "partner", "significant other", "girlfriend",
    "boyfriend", "caregiver", "proxy", "health care proxy", "roommate", "neighbor", "neighbour",
    "guardian", "lawyer", "attorney", "contact person",
)
_LEAD = (rf"\b{label_variants(*RELATIONS)}(?:'[sS])?(?:[ \t]*[,:(-][ \t]*|[ \t]+)"
         r"(?:(?:is|IS|named|NAMED)[ \t]+)?")
#: relations that introduce several names ("Sons Smokey, Morris and Roger", "daughters sarah and margie")
PLURALS = ("sons", "daughters", "brothers", "sisters", "children", "kids", "grandchildren", "grandsons",
           "granddaughters", "parents")
_LIST_LEAD = rf"\b{label_variants(*PLURALS)}(?:[ \t]*[,:(-][ \t]*|[ \t]+)"
_AND = r"(?:[ \t]*,)?[ \t]+(?:and|AND|&)[ \t]+"
#: a name, then its relation in parentheses ("Hank Przybylo (son)")
_AFTER = rf"[ \t]*\([ \t]*{label_variants(*RELATIONS)}[ \t]*\)"
_TITLE_PAIR = re.compile(rf"{TITLE_WORD}[ \t]+{TITLE_WORD}")


class RelativeName(PersonName):
    """A relative's or contact's name after a relationship word."""

    id = "relative_name"
    element = "person_name"
    description = "Relative's name after a relationship word (son Rob; wife, Carol Buckley): flag relative"
    patterns = (
        # the surname only in Title Case: in an all-caps note the next word is as likely a verb
        # ("DAUGHTER VERONICA WHO IS PROXY")
        Pattern("relative", rf"{_LEAD}(?P<v>{ANY_WORD}(?:[ \t]+{TITLE_WORD})?){END}", 0.6),
        # the last of a list of names after a plural relation (the first is ``relative``'s)
        Pattern("relative-list", rf"{_LIST_LEAD}{ANY_WORD}(?:[ \t]*,[ \t]*{ANY_WORD}){{0,3}}{_AND}"
                                 rf"(?P<v>{ANY_WORD}){END}", 0.55),
        # the engine looks for the relation in parentheses only (a name before it is recovered
        # around each end): every capitalised word as a possible start cost 40% of the scan
        Pattern("relative-after", rf"\b(?P<v>{TITLE_WORD}(?:[ \t]+{TITLE_WORD})?){_AFTER}", 0.6,
                prefilter=rf"[{_LOWER}']{_AFTER}"),
    )
    headers = ()  # columns of relatives are ``person_name``'s ("Mother's Name", "Spouse")

    def validate(self, value: str) -> Validation:
        """INDETERMINATE when no word is a function or organisation word and the first is a
        known given name, or two Title Case words (the first no common word) make the name
        ("son: Vladimir Erickson", "daughter (Marcela Carlson)"), else INVALID. One unknown Title
        Case word is not enough: "his wife's Lasix", "His sister is Epstein-Barr virus positive"."""
        words = value.split()
        if not words or any(is_stop_word(w) for w in words):
            return Validation.INVALID
        pair = _TITLE_PAIR.fullmatch(value) is not None and not is_common_word(words[0])
        ok = is_given_name(words[0]) or pair
        return Validation.INDETERMINATE if ok else Validation.INVALID

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """Always ``relative``."""
        return ("relative",)
