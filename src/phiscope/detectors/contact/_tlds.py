"""A small bundled set of top-level domains, used to rate e-mail and URL hosts.

Deliberately short (no network, no 1,500-entry root zone copy): the generic
TLDs seen in practice plus every two-letter country code (``[a-z]{2}``). An
unknown TLD makes a value INDETERMINATE, never drops it; the reserved test
TLDs of RFC 2606/6761 are reported INDETERMINATE as well.
"""

from __future__ import annotations

COMMON_TLDS = frozenset({
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "mobi", "app",
    "dev", "health", "healthcare", "care", "clinic", "hospital", "doctor", "dental", "medical",
    "pharmacy", "email", "online", "site", "website", "tech", "cloud", "store", "shop", "blog",
    "xyz", "top", "club", "live", "life", "world", "today", "news", "media", "group", "company",
    "services", "solutions", "network", "systems", "center", "family", "studio", "design", "space",
    "agency", "digital", "global", "law", "legal", "insurance", "bank", "finance", "consulting",
    "academy", "school", "university", "church", "foundation", "community", "coop", "aero",
    "museum", "jobs", "travel", "tel", "cat", "asia", "post", "page", "link",
})
RESERVED_TLDS = frozenset({"example", "test", "invalid", "localhost", "local", "internal", "lan", "corp",
                           "home", "localdomain"})
#: TLD-looking file extensions ("logo@2x.png" is a file name, not an address)
FILE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff", "ico",
                             "css", "js", "pdf", "doc", "docx", "xls", "xlsx", "txt", "csv", "zip",
                             "html", "htm", "xml", "json"})


def tld_known(tld: str) -> bool:
    """Whether ``tld`` is a common generic TLD or a two-letter country code."""
    t = tld.lower()
    return t in COMMON_TLDS or (len(t) == 2 and t.isascii() and t.isalpha())
