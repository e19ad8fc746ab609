"""Health plan member / subscriber / policy number, found by its label."""

from __future__ import annotations

from typing import ClassVar

from phiscope.detectors.identifiers._labelled import (
    NUMBER_WORD,
    LabelledIdDetector,
    field_pattern,
    labelled_pattern,
)

_ID_WORD = r"[ \t]?(?:id\b|#|no\b\.?|nbr\b\.?|num\b\.?|number\b)" + NUMBER_WORD
_LABELS = "|".join((
    r"(?:member|mbr\.?)" + _ID_WORD,
    r"subscriber" + _ID_WORD,
    r"policy" + _ID_WORD,
    r"(?:insurance|ins\.?)" + _ID_WORD,
    r"health[ \t]plan(?:[ \t]member)?" + _ID_WORD,
    r"group[ \t]?/[ \t]?member" + _ID_WORD,
))


class HealthPlanMemberId(LabelledIdDetector):
    """Member, subscriber, policy or insurance ID: 6-20 letters/digits (at least 4
    digits) after such a label or under such a column header."""

    id = "health_plan_member_id"
    description = "Health plan member/subscriber/policy ID (labelled; 6-20 letters/digits)"
    patterns = (labelled_pattern(_LABELS), field_pattern())
    context: ClassVar[tuple[str, ...]] = (
        "member id", "subscriber id", "policy #", "policy number", "insurance id",
    )
    headers = (r"\b(member|mbr) (id|#|no|num|number)(?!\w)", r"^member$",
               r"\bsubscriber( (id|#|no|num|number))?$", r"\bsubscriber (id|#|no|num|number)(?!\w)",
               r"\bpolicy (id|#|no|num|number)(?!\w)", r"^policy$",
               r"\b(insurance|ins) (id|#|no|num|number)(?!\w)",
               r"\bhealth plan (member )?(id|#|no|num|number)(?!\w)")
    min_len = 6
    max_len = 20
