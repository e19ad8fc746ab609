"""Automatic discovery of log parsers and content-first selection."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

import phiscope.watch.parsers as parsers_pkg
from phiscope.errors import UsageError
from phiscope.plugins import registered
from phiscope.watch.parsers.base import LogParser


def parser_classes() -> dict[str, type[LogParser]]:
    """Every parser class by id (imports each module of this package once)."""
    for info in pkgutil.iter_modules(parsers_pkg.__path__):
        if not info.name.startswith("_") and info.name not in ("base", "registry"):
            importlib.import_module(f"phiscope.watch.parsers.{info.name}")
    return dict(sorted(registered(LogParser, "log parser").items()))


def make_parser(parser_id: str, options: Mapping[str, Any] | None = None) -> LogParser:
    """An instance of the parser ``parser_id`` (UsageError listing the ids if unknown)."""
    classes = parser_classes()
    if parser_id not in classes:
        raise UsageError(f"unknown log format {parser_id!r}; known: {', '.join(classes)}")
    return classes[parser_id](options)


def choose_parser(head: list[str],
                  options: Mapping[str, Mapping[str, Any]] | None = None) -> LogParser | None:
    """The parser whose sniff scores these first lines highest (None when none claims them)."""
    best = score_parsers(head, options)
    return best[1] if best else None


def score_parsers(head: list[str], options: Mapping[str, Mapping[str, Any]] | None = None,
                  ) -> tuple[float, LogParser] | None:
    """The best sniff score for these lines and its parser (None when none claims them)."""
    opts = options or {}
    best: tuple[float, LogParser] | None = None
    for pid, cls in parser_classes().items():
        p = cls(opts.get(pid))
        try:
            score = p.sniff(head)
        except Exception:  # a sniff bug must not stop the others
            score = 0.0
        if score > 0 and (best is None or score > best[0]):
            best = (score, p)
    return best
