"""Bank (financial) account numbers and IBANs."""

from __future__ import annotations

import re
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.financial._iban import IBAN_PREFILTER, compact_iban, iban_regex, iban_valid
from phiscope.model import Candidate, Validation

_NUMBER_WORD = r"(?:[ \t]?(?:#|no\b\.?|nbr\b\.?|num\b\.?|number\b))"
_SEP = r"[ \t]{0,3}[:#=.)\-]{0,3}\s{0,3}"
_VALUE = r"(?P<v>\d(?:-?\d){3,16})\b"
_ACCOUNT_LABEL = (
    r"(?:(?:bank|checking|savings|chequing|deposit|dda|brokerage|investment|money market)[ \t]+)?"
    r"(?:account|acct)\.?" + _NUMBER_WORD + "?"
)
_TYPE_LABEL = r"(?:checking|savings|chequing|dda)" + _NUMBER_WORD
_NOT_DIGIT = re.compile(r"\D")
_CELL_DIGITS = re.compile(r"\d(?:[- ]?\d){3,16}")
_IBAN_CELL = re.compile(r"[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,30}")
_DATE = re.compile(r"\d{1,4}-\d{1,2}-\d{1,4}")
_NOT_MEDICAL = (
    r"^(?!.*\b(?:patient|pt|hospital|hosp|guarantor|encounter|visit|har|claim|member|billing|medical|"
    r"med|mrn|chart|insurance|policy|customer|vendor|gl|ledger|user|login|email)\b)"
)


class BankAccount(Detector):
    """Bank account numbers found by their label, and IBANs.

    A bare "Account #"/"Acct" label is ambiguous in healthcare (it is usually
    the hospital's patient billing account), so every labelled number needs a
    banking word nearby ("bank", "checking", "routing", "direct deposit"...);
    "bank account", "checking acct" and the like carry one themselves. Labels
    naming a patient, guarantor, visit or claim account are excluded by the
    ``financial_medical_account`` filter. IBANs with a valid mod-97 check and
    the right length for their country are VALID and need no context.
    """

    id = "bank_account"
    description = "Bank account number (labelled, banking context) or IBAN (mod-97)"
    patterns = (
        Pattern("labelled", rf"\b{_ACCOUNT_LABEL}{_SEP}{_VALUE}", 0.4, caseless=True),
        Pattern("type_labelled", rf"\b{_TYPE_LABEL}{_SEP}{_VALUE}", 0.4, caseless=True),
        Pattern("iban", iban_regex(), 0.6, prefilter=IBAN_PREFILTER),
    )
    context: ClassVar[tuple[str, ...]] = (
        "bank", "banking", "bank account", "checking", "savings", "chequing", "routing", "aba", "rtn",
        "dda", "iban", "ach", "direct deposit", "deposit", "deposit account", "wire", "wire transfer",
        "credit union", "financial institution", "brokerage", "swift", "bic", "sort code", "eft",
    )
    requires_context = True
    headers = (
        _NOT_MEDICAL + r".*\b(?:bank|checking|savings|chequing|dda|deposit|ach) ?(?:acct|account)",
        _NOT_MEDICAL + r".*\b(?:acct|account) ?(?:no|num|nbr|number|#)\b",
        _NOT_MEDICAL + r"^(?:checking|savings|chequing|dda)(?: (?:no|num|nbr|number|#))?$",
        r"\biban\b",
    )
    value_classify_ratio = None  # any number would pass: classify columns by header only
    mask = MaskRule(keep_first=0, keep_last=4)

    def normalize(self, value: str) -> str:
        """Digits only for account numbers; compact upper-case for IBANs."""
        v = value.strip()
        if v[:2].isalpha():
            return compact_iban(v)
        return _NOT_DIGIT.sub("", v)

    def validate(self, value: str) -> Validation:
        """IBANs: country length + mod-97; account numbers: 4-17 digits, not a date."""
        v = value.strip()
        if v[:2].isalpha():
            return Validation.VALID if iban_valid(v) else Validation.INVALID
        digits = _NOT_DIGIT.sub("", v)
        if not 4 <= len(digits) <= 17 or len(set(digits)) == 1 or _DATE.fullmatch(v):
            return Validation.INVALID
        return Validation.INDETERMINATE

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """A valid IBAN stands on its own; labelled numbers need a banking word."""
        if cand.pattern_name.startswith("iban") and validation is Validation.VALID:
            has_context = True
        return super().score(cand, has_context, validation)

    def check_cell(self, value: str) -> Validation | None:
        """A cell of an account column: 4-17 digits (dashes/spaces allowed) or an IBAN."""
        v = value.strip()
        if _CELL_DIGITS.fullmatch(v) or _IBAN_CELL.fullmatch(v):
            return self.validate(v)
        return None
