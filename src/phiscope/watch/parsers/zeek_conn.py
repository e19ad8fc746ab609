"""Zeek ``conn.log`` (TSV with ``#fields`` header, or JSON lines): network flows.

One event per connection: actor and host are the originator address, ``dest`` the
responder, ``bytes`` the originator's payload bytes (egress when the originator is
local and the responder is not).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from phiscope.watch.events import CONNECT, AccessEvent, ParseError
from phiscope.watch.parsers._common import as_int, json_objects, parse_time
from phiscope.watch.parsers.base import LogParser, ParseItem

_NEEDED = ("ts", "id.orig_h", "id.resp_h")


class ZeekConnParser(LogParser):
    """Zeek connection log."""

    id = "zeek-conn"
    description = "Zeek conn.log (TSV or JSON)"

    def sniff(self, head: list[str]) -> float:
        text = "\n".join(head)
        if "#path\tconn" in text or ("#fields" in text and "id.orig_h" in text and "orig_bytes" in text):
            return 0.95
        return 0.85 if '"id.orig_h"' in text and '"orig_bytes"' in text else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        it = iter(lines)
        first = next(it, None)
        if first is None:
            return
        if first.lstrip().startswith("{"):
            yield from self._json(first, it)
        else:
            yield from self._tsv(first, it)

    def _tsv(self, first: str, it: Iterator[str]) -> Iterator[ParseItem]:
        fields: list[str] = []
        for n, raw in enumerate(_chain(first, it), 1):
            line = raw.rstrip("\r\n")
            if line.startswith("#"):
                if line.startswith("#fields\t"):
                    fields = line.split("\t")[1:]
                continue
            if not line:
                continue
            values = line.split("\t")
            if not fields or len(values) != len(fields):
                yield ParseError(self.id, n, message="TSV row does not match #fields")
                continue
            yield self._event(dict(zip(fields, values, strict=True)), n)

    def _json(self, first: str, it: Iterator[str]) -> Iterator[ParseItem]:
        for n, obj in json_objects(_chain(first, it)):
            if not isinstance(obj, Mapping):
                yield ParseError(self.id, n, message="not a JSON object")
                continue
            try:
                yield self._event(obj, n)
            except (KeyError, TypeError, ValueError, AttributeError):
                yield ParseError(self.id, n, message="conn record of the wrong shape")

    def _event(self, rec: Mapping[str, Any], n: int) -> ParseItem:
        if any(rec.get(k) in (None, "", "-") for k in _NEEDED):
            return ParseError(self.id, n, message="conn record without ts or addresses")
        try:
            ts = parse_time(str(rec["ts"]))
        except ValueError:
            return ParseError(self.id, n, message="bad ts")
        orig = str(rec["id.orig_h"])
        local_resp = str(rec.get("local_resp", ""))
        return AccessEvent(ts=ts, actor=orig, action=CONNECT, host=orig, dest=str(rec["id.resp_h"]),
                           object=f"{rec.get('proto', '')}/{rec.get('id.resp_p', '')}",
                           bytes=as_int(rec.get("orig_bytes")), tool=str(rec.get("service", "") or ""),
                           command="local" if local_resp in ("T", "true", "True") else "",
                           source=self.id, line=n)


def _chain(first: str, it: Iterator[str]) -> Iterator[str]:
    yield first
    yield from it
