"""Labelled "names" that are not names: filler values and ordinary words.

"Patient: Unknown Male", "Name: Not Provided", "Re: Follow Up Visit",
"Mr. Patient", "Dr. Office" — drop when any token is a word that is not part of
a personal name in this kind of text, or when the label is a non-person noun
("Drug Name:", "Facility Name:", "Pharmacy Name:"), or when a state code and
ZIP follow, or ", MD" after "from/in/near" (a city, not "Name, MD").
"""

from __future__ import annotations

import re

APPLIES_TO = ("person_name", "provider_name")

_NOT_NAME_WORDS = frozenset({
    "unknown", "unk", "male", "female", "patient", "pt", "test", "none", "not", "provided", "available",
    "applicable", "declined", "refused", "same", "self", "other", "see", "above", "below", "n/a",
    "the", "and", "or", "of", "for", "to", "in", "on", "at", "by", "with", "was", "is",
    "has", "had", "he", "she", "his", "her", "they", "this", "that", "no", "yes", "follow", "up",
    "visit", "appointment", "report", "results", "result", "note", "notes", "referral", "request",
    "consult", "consultation", "history", "physical", "exam", "examination", "procedure", "surgery",
    "diagnosis", "admission", "discharge", "summary", "letter", "office", "clinic", "hospital",
    "department", "center", "medical", "health", "care", "services", "service", "group", "team", "memorial",
    "staff", "nurse", "on-call", "call", "covering", "resident", "unit", "floor", "room", "stable",
    "alert", "oriented", "denies", "reports", "states", "complains", "presents", "seen", "today",
    "name", "address", "phone", "date", "dob", "mrn", "id", "number", "sex", "age", "gender",
    # ("Blue Cross", "Blue Shield" go by "blue": Cross and Shield are surnames, Cross a common one)
    "information", "info", "insurance", "plan", "medicare", "medicaid", "blue",
    "anonymous", "redacted", "removed", "deceased",
    "sample", "doctor", "physician", "provider", "surgeon", "attending", "practitioner", "general",
    "dr", "mr", "mrs", "ms", "dra", "doctora", "paciente", "sra", "srta",
    # display names of shared mailboxes ("Help Desk <help@...>", "ACME Billing <billing@...>")
    "desk", "helpdesk", "billing", "support", "noreply", "no-reply", "donotreply", "notifications",
    "notification", "admin", "administrator", "portal", "system", "systems", "mailer", "daemon",
    "customer", "reception", "scheduling", "records", "newsletter", "alerts", "accounts", "inc", "llc",
})
_ORG_LABEL = re.compile(
    r"\b(?:drug|product|file|facility|hospital|clinic|company|practice|plan|test|study|device|brand|"
    r"generic|medication|procedure|user|host|server|business|organi[sz]ation|org|employer|school|"
    r"pharmacy|payer|payor|group|program|account|street|city|county|state|country|vendor|lab|"
    r"laboratory|insurance|insurer|carrier|agency|department|dept|unit|ward|site|location|"
    r"package|project|network|domain|field|column|table|database|app|application)"
    r"['’]?s?[ \t]+name[ \t]*[:#][ \t]*$", re.I)
_TOKEN = re.compile(r"[^\s,]+")
#: "1737 Cheriton Dr Reuquén": "Dr" ending a street address, not a title
_STREET_BEFORE = re.compile(r"\b\d{1,6}(?:[ \t]+[A-Z][\w'.-]*){1,4}[ \t]+(?:Dr|DR)\.?[ \t]*$")
#: "Silver Spring, MD 20910": a place followed by its state and ZIP, not "Name, MD"
_STATE_ZIP_AFTER = re.compile(r"^,?[ \t]*[A-Z]{2}\.?[ \t]+\d{5}\b")
#: "margie from Middle River, MD": a place in Maryland after a preposition of place
_PLACE_MD = re.compile(r"\b(?:from|in|near|at|of|outside)[ \t]+$", re.I)
_MD_AFTER = re.compile(r"^,[ \t]*MD\b")


def excluded(value: str, before: str, after: str) -> bool:
    """True for filler values, ordinary words and organisation-name labels."""
    # gates: the searches cannot match without "name" (any case) or "Dr"/"DR" before the value
    if "name" in before.lower() and _ORG_LABEL.search(before):
        return True
    if _STATE_ZIP_AFTER.match(after):
        return True
    if ("Dr" in before or "DR" in before) and _STREET_BEFORE.search(before):
        return True
    if _MD_AFTER.match(after) and _PLACE_MD.search(before):
        return True
    return any(t.strip(".'").casefold() in _NOT_NAME_WORDS for t in _TOKEN.findall(value))
