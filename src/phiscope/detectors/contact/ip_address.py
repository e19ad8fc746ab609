"""IP addresses (v4 and v6), validated with the ``ipaddress`` module.

Private, loopback and link-local addresses are still reported (they identify
devices on a hospital network) and flagged ``private``. Version numbers and
OIDs that look like IPv4 addresses are dropped by the ``contact_version_context``
and ``contact_numeric_run`` filters.
"""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.model import Validation

_HEX = r"[0-9A-Fa-f]"


def parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address, or None when ``value`` is not one (leading zeros are refused)."""
    try:
        return ipaddress.ip_address(value.strip().split("%", 1)[0])
    except ValueError:
        return None


class IPAddress(Detector):
    """IPv4 (octets <= 255) and IPv6 addresses."""

    id = "ip_address"
    description = "IPv4 / IPv6 address (ipaddress-validated); private ranges flagged"
    patterns = (
        Pattern("ipv4", r"\b(?:\d{1,3}\.){3}\d{1,3}\b", 0.6),
        # the engine looks for two colons close together (the exact pattern's leading
        # ``\b`` and ``{1,4}`` measured 15% of the whole scan)
        Pattern("ipv6", rf"\b{_HEX}{{1,4}}(?::{_HEX}{{0,4}}){{2,7}}\b", 0.6,
                prefilter=rf"{_HEX}:{_HEX}{{0,4}}:[0-9A-Fa-f:]{{0,30}}\b"),
        Pattern("ipv6-leading", rf"::(?:{_HEX}{{1,4}}:){{0,6}}{_HEX}{{1,4}}\b", 0.5),
    )
    context: ClassVar[tuple[str, ...]] = (
        "ip", "ip address", "ipv4", "ipv6", "host", "client", "server", "remote", "src", "dst",
        "source", "destination", "logged in from", "login from", "from address", "gateway", "device",
    )
    context_boost = 0.2
    headers = (r"\bip\b", r"\bip ?addr", r"\bipv[46]\b", r"\bremote host\b",
               r"\b(?:src|dst|client|remote|source|dest) ?(?:ip|addr)")
    mask = MaskRule(keep_first=0, keep_last=0)

    def validate(self, value: str) -> Validation:
        """VALID when ``ipaddress`` accepts it; the unspecified address is INVALID."""
        ip = parse_ip(value)
        if ip is None or ip.is_unspecified:
            return Validation.INVALID
        return Validation.VALID

    def normalize(self, value: str) -> str:
        """The compressed canonical form (lower-case for IPv6)."""
        ip = parse_ip(value)
        return ip.compressed if ip is not None else value.strip().lower()

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """``private`` for private, loopback and link-local addresses."""
        ip = parse_ip(value)
        return ("private",) if ip is not None and (ip.is_private or ip.is_loopback or ip.is_link_local) \
            else ()

    def check_cell(self, value: str) -> Validation | None:
        """An address alone in the cell."""
        v = value.strip()
        if not v or len(v) > 45 or parse_ip(v) is None:
            return None
        return self.validate(v)
