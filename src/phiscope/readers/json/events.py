"""JSON parse events, from a stream (ijson when installed) or from a parsed object.

Events are ``(kind, value)`` pairs as ijson's ``basic_parse`` yields them:
``start_map``, ``map_key``, ``end_map``, ``start_array``, ``end_array``,
``string``, ``number``, ``boolean``, ``null``. Both producers are iterative,
so nesting depth never hits Python's recursion limit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, BinaryIO

Event = tuple[str, Any]

_SCALAR_KIND = {str: "string", int: "number", float: "number", Decimal: "number", bool: "boolean"}


def loads(data: str | bytes) -> Any:
    """``json.loads`` keeping non-integral numbers exact (as Decimal, printed as written)."""
    return json.loads(data, parse_float=Decimal)


def object_events(obj: Any) -> Iterator[Event]:
    """Parse events for an already-parsed JSON value, in document order."""
    stack: list[tuple[bool, Iterator[Any]]] = []
    pending: list[Any] = [obj]
    while pending or stack:
        if pending:
            value = pending.pop()
            if isinstance(value, dict):
                yield "start_map", None
                stack.append((True, iter(value.items())))
            elif isinstance(value, list):
                yield "start_array", None
                stack.append((False, iter(value)))
            elif value is None:
                yield "null", None
            else:
                yield _SCALAR_KIND.get(type(value), "string"), value
            continue
        is_map, items = stack[-1]
        nxt: Any = next(items, _END)
        if nxt is _END:
            stack.pop()
            yield ("end_map" if is_map else "end_array"), None
        elif is_map:
            yield "map_key", nxt[0]
            pending.append(nxt[1])
        else:
            pending.append(nxt)


_END = object()


def stream_events(stream: BinaryIO) -> Iterator[Event]:
    """Parse events for one UTF-8 JSON document read incrementally.

    Uses ijson (C backend) when installed; otherwise parses the whole document
    with the standard library. Raises ``ValueError`` on malformed JSON.
    """
    try:
        import ijson  # type: ignore[import-untyped, unused-ignore]
    except ImportError:
        yield from object_events(loads(stream.read()))
        return
    try:
        yield from ijson.basic_parse(stream, use_float=False, buf_size=1 << 16)
    except ijson.JSONError as exc:
        raise ValueError("malformed JSON") from exc
