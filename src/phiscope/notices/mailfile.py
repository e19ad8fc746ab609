"""The print/mail vendor's file: standardized USPS addresses with batch and page references.

Addresses are standardized with usaddress-scourgify (USPS Publication 28 abbreviations, upper
case). An address scourgify cannot parse is not mailable: the person goes to ``no_address.csv``
and counts toward substitute notice.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MAIL_COLUMNS = (
    "letter_id",
    "mailing",
    "batch",
    "batch_file",
    "first_page",
    "pages",
    "sequence",
    "addressee",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "zip",
    "language",
    "recipient",
)
NO_ADDRESS_COLUMNS = ("person_id", "state", "reason")


def standardize(address: str) -> dict[str, str] | None:
    """USPS-standard parts of a one-line address, or None when it cannot be parsed."""
    from scourgify import normalize_address_record  # type: ignore[import-untyped]
    from scourgify.exceptions import (  # type: ignore[import-untyped]
        AddressNormalizationError,
        AmbiguousAddressError,
    )

    try:
        rec = normalize_address_record(address)
    except (AddressNormalizationError, AmbiguousAddressError, ValueError, TypeError, KeyError, IndexError):
        return None
    parts = {
        k: str(rec.get(k) or "") for k in ("address_line_1", "address_line_2", "city", "state", "postal_code")
    }
    if not (parts["address_line_1"] and parts["city"] and parts["state"] and parts["postal_code"]):
        return None
    return parts


def standardize_many(addresses: list[str]) -> list[dict[str, str] | None]:
    """``standardize`` over a chunk (a unit of work for the process pool)."""
    return [standardize(a) for a in addresses]


def address_lines(parts: dict[str, str]) -> list[str]:
    """The lines printed under the addressee."""
    last = f"{parts['city']} {parts['state']} {parts['postal_code']}"
    return [p for p in (parts["address_line_1"], parts["address_line_2"], last) if p]


class MailFile:
    """Writes ``mailfile.csv`` and ``no_address.csv`` row by row."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self._mail = (folder / "mailfile.csv").open("w", encoding="utf-8", newline="")
        self._none = (folder / "no_address.csv").open("w", encoding="utf-8", newline="")
        self.mail = csv.DictWriter(self._mail, MAIL_COLUMNS)
        self.none = csv.DictWriter(self._none, NO_ADDRESS_COLUMNS)
        self.mail.writeheader()
        self.none.writeheader()

    def letters(self, rows: Iterable[dict[str, Any]]) -> None:
        """Add letters (dicts with MAIL_COLUMNS)."""
        self.mail.writerows(rows)

    def unmailable(self, person_id: str, state: str | None, reason: str) -> None:
        """Add a person without a usable address."""
        self.none.writerow({"person_id": person_id, "state": state or "", "reason": reason})

    def close(self) -> None:
        """Flush and close both files."""
        self._mail.close()
        self._none.close()
