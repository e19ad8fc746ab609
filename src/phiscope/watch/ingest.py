"""Reading logs: files (plain or .gz), stdin (``-``) or a followed file, sniffed and parsed
into events merged in time order; malformed records are counted, never fatal."""

from __future__ import annotations

import gzip
import heapq
import io
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

from phiscope.errors import ErrorKind, UsageError
from phiscope.watch.events import AccessEvent, IngestStats, ParseError
from phiscope.watch.parsers.base import LogParser
from phiscope.watch.parsers.registry import choose_parser, make_parser, score_parsers

SNIFF_LINES = 20


@dataclass(frozen=True)
class FollowOptions:
    """Tail a growing file: poll every ``poll_s``; stop after ``idle_exit_s`` without new data
    (None = never), or when ``stop()`` returns True."""

    poll_s: float = 0.5
    idle_exit_s: float | None = None
    stop: Callable[[], bool] | None = None


def open_lines(path: str, follow: FollowOptions | None = None) -> Iterator[str]:
    """Text lines of a file (``-`` = stdin, ``.gz`` decompressed), undecodable bytes replaced."""
    if path == "-":
        yield from io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        return
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"log file not found: {path}")
    opener: Any = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8", errors="replace", newline="") as f:
        if follow is None:
            yield from f
        else:
            yield from _follow(f, follow)


def _follow(f: Any, opts: FollowOptions) -> Iterator[str]:
    partial = ""
    idle = 0.0
    while True:
        line = f.readline()
        if line:
            idle = 0.0
            partial += line
            if partial.endswith("\n"):
                yield partial
                partial = ""
            continue
        if (opts.stop and opts.stop()) or (opts.idle_exit_s is not None and idle >= opts.idle_exit_s):
            if partial:
                yield partial
            return
        time.sleep(opts.poll_s)
        idle += opts.poll_s


def parse_source(lines: Iterable[str], stats: IngestStats, name: str = "",
                 fmt: str | None = None, options: Mapping[str, Mapping[str, Any]] | None = None,
                 ) -> Iterator[AccessEvent]:
    """Events of one source (parser chosen by sniffing unless ``fmt``); errors go to ``stats``."""
    it = iter(lines)
    head: list[str] = []
    parser: LogParser | None = make_parser(fmt, (options or {}).get(fmt)) if fmt else None
    if parser is None:
        parser = _sniff(it, head, options)
    if parser is None:
        if any(ln.strip() for ln in head):
            msg = f"no parser recognised {name or 'the input'}"
            stats.error(ParseError("unknown", 0, ErrorKind.UNSUPPORTED, msg))
        return
    for item in parser.parse(chain(head, it)):
        if isinstance(item, AccessEvent):
            stats.event(item.source)
            yield item
        else:
            stats.error(item)


def _sniff(it: Iterator[str], head: list[str],
           options: Mapping[str, Mapping[str, Any]] | None) -> LogParser | None:
    """Read lines into ``head`` until a parser is confident (a followed log must not wait
    for many lines) or ``SNIFF_LINES`` are read; the best parser then."""
    for line in it:
        head.append(line)
        best = score_parsers(head, options)
        if (best and best[0] >= 0.9) or len(head) >= SNIFF_LINES:
            return best[1] if best else None
    return choose_parser(head, options)


def read_events(paths: Sequence[str], stats: IngestStats, *, fmt: str | None = None,
                options: Mapping[str, Mapping[str, Any]] | None = None,
                follow: FollowOptions | None = None) -> Iterator[AccessEvent]:
    """Events of all ``paths`` merged by time (each source is assumed in time order)."""
    streams = [parse_source(open_lines(p, follow), stats, p, fmt, options) for p in paths]
    if len(streams) == 1:
        return streams[0]
    return heapq.merge(*streams, key=_ts)


def _ts(ev: AccessEvent) -> float:
    return ev.ts
