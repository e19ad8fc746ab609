"""A number labelled as another identifier is not a passport number.

The ``passport`` detector accepts a US passport layout (9 digits, or a letter
and 8 digits) anywhere within 60 characters of the word "passport", which
reaches across a line: "US passport no. 750206414 / ACH: routing 273031725"
would make the routing number a passport too. When the text right before the
value is another identifier's own label ("routing", "account #", "SSN",
"MRN", "member ID", "phone"...) and says nothing of a passport, the writer
has named the value: the passport candidate is dropped and the labelled
detector reports it.
"""

from __future__ import annotations

import re

APPLIES_TO = ("passport",)

_OTHER_LABEL = re.compile(
    r"(?<![A-Za-z0-9])(?:routing|aba|rtn|transit|acct|account|ssn|ss#|soc(?:ial)?\.? ?sec(?:urity)?|"
    r"itin|tin|ein|tax ?id|mrn|mr#|chart|npi|dea|member|subscriber|policy|group|claim|medicaid|medicare|"
    r"mbi|hicn|license|lic|dl|phone|tel|fax|cell|mobile|order|invoice|acc(?:ession)?|specimen|lot|serial)"
    r"\W{0,3}(?:#|no\b\.?|nbr\b\.?|num(?:ber)?\b|id\b)?[ \t]*[:#=\-]?[ \t]*$",
    re.IGNORECASE,
)
_PASSPORT = re.compile(r"passport", re.IGNORECASE)
_WINDOW = 30


def excluded(value: str, before: str, after: str) -> bool:
    """True when another identifier's label ends right before the value, with no passport word there."""
    near = before[-_WINDOW:]
    return _OTHER_LABEL.search(near) is not None and _PASSPORT.search(near) is None
