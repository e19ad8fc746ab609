"""Payment card issuer ranges (IIN/BIN prefixes) and published test card numbers.

Plain immutable data plus two lookups; used by the ``payment_card`` detector.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class IinRange:
    """An inclusive range of issuer-number prefixes of one brand, with valid lengths."""

    brand: str
    low: str
    high: str
    lengths: frozenset[int]

    def covers(self, digits: str) -> bool:
        """Whether ``digits`` starts with a prefix in this range and has a valid length."""
        head = digits[: len(self.low)]
        return len(digits) in self.lengths and self.low <= head <= self.high


def _r(brand: str, low: str, high: str, *lengths: int) -> IinRange:
    return IinRange(brand, low, high, frozenset(lengths))


_L16_19 = (16, 17, 18, 19)

#: Major networks' ranges (ISO/IEC 7812 issuer identification numbers); first
#: match wins. Maestro numbers may be 12 digits long.
IIN_RANGES: tuple[IinRange, ...] = (
    _r("visa", "4", "4", 13, 16, 19),
    _r("mastercard", "51", "55", 16),
    _r("mastercard", "2221", "2720", 16),
    _r("amex", "34", "34", 15),
    _r("amex", "37", "37", 15),
    _r("discover", "6011", "6011", *_L16_19),
    _r("discover", "644", "649", *_L16_19),
    _r("discover", "65", "65", *_L16_19),
    _r("jcb", "3528", "3589", *_L16_19),
    _r("diners", "300", "305", 14, 15, 16, 17, 18, 19),
    _r("diners", "36", "36", 14, 15, 16, 17, 18, 19),
    _r("diners", "38", "38", 14, 15, 16, 17, 18, 19),
    _r("unionpay", "62", "62", *_L16_19),
    *(_r("maestro", p, p, *range(12, 20)) for p in ("5018", "5020", "5038", "5893", "6304", "6759")),
    _r("maestro", "6761", "6763", *range(12, 20)),
    _r("maestro", "56", "58", *range(12, 20)),
)

#: Card numbers published by card networks and payment processors (Stripe,
#: PayPal/Braintree, Adyen) for testing. They pass Luhn and sit in real ranges.
TEST_CARDS: frozenset[str] = frozenset({
    "4111111111111111", "4012888888881881", "4222222222222", "4242424242424242",
    "4000056655665556", "4000000000000002", "4000000000000077", "4012000033330026",
    "4005519200000004", "4009348888881881", "4217651111111119", "4500600000000061",
    "5555555555554444", "5105105105105100", "5200828282828210", "5454545454545454",
    "2223003122003222", "2223000048400011", "5431111111111111",
    "378282246310005", "371449635398431", "378734493671000", "340000000000009",
    "6011111111111117", "6011000990139424", "6011000000000004", "6011601160116611",
    "6445644564456445",
    "3530111333300000", "3566002020360505", "3566111111111113",
    "30569309025904", "38520000023237", "36227206271667", "36006666333344",
    "6200000000000005", "6205500000000000004",
})


def brand_of(digits: str) -> str | None:
    """The card brand whose range and length fit ``digits``, or None."""
    for rng in IIN_RANGES:
        if rng.covers(digits):
            return rng.brand
    return None
