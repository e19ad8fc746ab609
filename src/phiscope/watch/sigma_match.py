"""Sigma detections as predicates over access events.

pySigma parses a rule: its detection items with their modifiers already applied
(``contains``, ``endswith``, ``all``, ``re``, ``cidr``, ``gt``…) and its condition into a
tree of AND / OR / NOT over ``field = value`` items. This module turns that tree into
Python closures over ``AccessEvent`` once, at load time, so an event costs a few calls.
Sigma field names reach the event through a ``FieldMap`` (from the config's logsource
table). Strings compare case-insensitively unless the rule says ``|cased``; ``|re`` is an
unanchored search. Requires the optional ``pysigma`` package.
"""

from __future__ import annotations

import ipaddress
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sigma.conditions import (
    ConditionAND,
    ConditionFieldEqualsValueExpression,
    ConditionNOT,
    ConditionOR,
    ConditionValueExpression,
)
from sigma.types import (
    CompareOperators,
    SigmaBool,
    SigmaCasedString,
    SigmaCIDRExpression,
    SigmaCompareExpression,
    SigmaExists,
    SigmaExpansion,
    SigmaFieldReference,
    SigmaNull,
    SigmaNumber,
    SigmaRegularExpression,
    SigmaString,
    SpecialChars,
)

from phiscope.watch.events import AccessEvent

Getter = Callable[[AccessEvent], Any]
Pred = Callable[[AccessEvent], bool]
Matcher = Callable[[Any], bool]
ATTRIBUTES = ("actor", "action", "role", "host", "object", "rows", "bytes", "tool", "command", "dest",
              "source")
_ARG = re.compile(r"arg(\d+)")
_COMPARE: dict[CompareOperators, Callable[[float, float], bool]] = {
    CompareOperators.LT: operator.lt, CompareOperators.LTE: operator.le, CompareOperators.GT: operator.gt,
    CompareOperators.GTE: operator.ge, CompareOperators.NEQ: operator.ne}


class Unfit(Exception):
    """A rule this evaluator cannot run; the message says why in plain words."""


@dataclass(frozen=True)
class FieldMap:
    """How one log source's Sigma field names read an event: ``fields`` maps a Sigma field to
    an event attribute (or ``argN``, the N-th word of the command), ``constants`` gives fields
    with one value for the whole source (auditd's ``type: EXECVE``)."""

    fields: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, Any] = field(default_factory=dict)
    keywords: tuple[str, ...] = ("command", "object", "tool")

    def getter(self, name: str) -> Getter:
        """Reads Sigma field ``name`` from an event (Unfit when it has no mapping)."""
        if name in self.constants:
            return _Constant(self.constants[name])
        target = self.fields.get(name)
        if target is None:
            raise Unfit(f"field {name!r} has no mapping for this log source")
        return event_getter(target)


class _Constant:
    """A getter that returns the same value for every event."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self, ev: AccessEvent) -> Any:
        return self.value


def event_getter(target: str) -> Getter:
    """A getter for an event attribute or ``argN``."""
    if target in ATTRIBUTES:
        return operator.attrgetter(target)
    m = _ARG.fullmatch(target)
    if m is None:
        raise Unfit(f"mapping target {target!r} is not an event field ({', '.join(ATTRIBUTES)}, argN)")
    i = int(m[1])
    return lambda ev: _arg(ev.command, i)


def _arg(command: str, i: int) -> str | None:
    words = _words(command)
    return words[i] if i < len(words) else None


@lru_cache(maxsize=256)
def _words(command: str) -> tuple[str, ...]:
    """The words of a command line (several rules read the arguments of the same event)."""
    return tuple(command.split())


def compile_condition(node: Any, fmap: FieldMap) -> Pred:
    """A predicate for a parsed (post-processed) Sigma condition tree."""
    if isinstance(node, ConditionOR) and _one_field_strings(node.args):
        # A value list (``a0|endswith: [pg_dump, mysqldump, ...]``): read the field once.
        items: list[ConditionFieldEqualsValueExpression] = list(node.args)  # type: ignore[arg-type]
        values = [a.value for a in items if isinstance(a.value, SigmaString)]
        return _leaf_matcher(fmap.getter(items[0].field), _strings(values, search=False))
    if isinstance(node, ConditionAND | ConditionOR):
        preds = [compile_condition(a, fmap) for a in node.args]
        return _fold(preds, isinstance(node, ConditionAND))
    if isinstance(node, ConditionNOT):
        inner = compile_condition(node.args[0], fmap)
        if isinstance(inner, _Const):
            return _Const(not inner.value)
        return lambda ev: not inner(ev)
    if isinstance(node, ConditionFieldEqualsValueExpression):
        return _leaf(fmap.getter(node.field), node.value, fmap)
    if isinstance(node, ConditionValueExpression):
        getters = tuple(event_getter(k) for k in fmap.keywords)
        m = matcher(node.value, search=True)
        return lambda ev: any(m(g(ev)) for g in getters)
    raise Unfit(f"condition element {type(node).__name__} is not supported")


def _one_field_strings(args: list[Any]) -> bool:
    return len(args) > 1 and all(isinstance(a, ConditionFieldEqualsValueExpression)
                                 and a.field == args[0].field and type(a.value) is SigmaString for a in args)


class _Const:
    """A predicate decided at load time (a constant field, or a condition folded to one)."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def __call__(self, ev: AccessEvent) -> bool:
        return self.value


def _fold(preds: list[Pred], both: bool) -> Pred:
    """``p1 and p2 and ...`` (or ``or``) as nested two-argument closures (no generator per
    event), constants folded away."""
    if any(isinstance(p, _Const) and p.value is not both for p in preds):
        return _Const(not both)  # a false term of an AND, a true one of an OR
    preds = [p for p in preds if not isinstance(p, _Const)]
    if not preds:
        return _Const(both)
    if len(preds) == 1:
        return preds[0]
    a, b = preds[0], _fold(preds[1:], both)
    if both:
        return lambda ev: a(ev) and b(ev)
    return lambda ev: a(ev) or b(ev)


def _leaf(get: Getter, value: Any, fmap: FieldMap) -> Pred:
    if isinstance(value, SigmaExists):
        want = bool(value)
        return lambda ev: (get(ev) not in (None, "")) == want
    if isinstance(value, SigmaFieldReference):
        other = fmap.getter(value.field)
        return lambda ev: _same(get(ev), other(ev), value.starts_with, value.ends_with)
    return _leaf_matcher(get, matcher(value))


def _leaf_matcher(get: Getter, m: Matcher) -> Pred:
    if isinstance(get, _Constant):  # decided once: the field has one value for the whole source
        return _Const(m(get.value))
    return lambda ev: m(get(ev))


def matcher(value: Any, search: bool = False) -> Matcher:
    """A test of one field value against one Sigma value (``search``: keywords match anywhere)."""
    if isinstance(value, SigmaExpansion):
        ms = tuple(matcher(v, search) for v in value.values)
        return lambda v: any(m(v) for m in ms)
    if isinstance(value, SigmaString):
        return _string(value, isinstance(value, SigmaCasedString), search)
    if isinstance(value, SigmaBool):
        want = bool(value)
        return lambda v: v is not None and str(v).lower() in (("true", "1") if want else ("false", "0"))
    if isinstance(value, SigmaNumber):
        number = float(value.number)
        return lambda v: _num(v) == number
    if isinstance(value, SigmaNull):
        return lambda v: v in (None, "")
    if isinstance(value, SigmaRegularExpression):
        flags = 0
        for f in value.flags:
            flags |= SigmaRegularExpression.sigma_to_python_flags[f]
        text = value.regexp.to_plain_regex()
        rx = re.compile(text, flags)
        find = rx.match if text.startswith("^") and not flags & re.M else rx.search  # same answer, faster
        return lambda v: v is not None and find(str(v)) is not None
    if isinstance(value, SigmaCIDRExpression):
        net = value.network
        return lambda v: v is not None and (ip := _ip(str(v))) is not None and ip in net
    if isinstance(value, SigmaCompareExpression):
        op, bound = _COMPARE[value.op], float(value.number.number)
        return lambda v: (x := _num(v)) is not None and op(x, bound)
    raise Unfit(f"value type {type(value).__name__} is not supported")


def _string(value: SigmaString, cased: bool, search: bool) -> Matcher:
    return _strings([value], search, cased)


def _strings(values: list[SigmaString], search: bool, cased: bool = False) -> Matcher:
    """Any of several Sigma strings: equality by set, prefixes and suffixes by one
    ``startswith``/``endswith`` call, wildcards inside by regular expression."""
    fold: Callable[[str], str] = (lambda s: s) if cased else str.lower
    star = SpecialChars.WILDCARD_MULTI
    equal: set[str] = set()
    ends: list[str] = []
    starts: list[str] = []
    inside: list[str] = []
    patterns: list[str] = []
    for value in values:
        parts = list(value.s)
        if any(not isinstance(p, str | SpecialChars) for p in parts):
            raise Unfit("placeholders (%name%) are not supported")
        plain = [p for p in parts if isinstance(p, str)]
        shape = tuple(p == star for p in parts)
        if len(plain) == 1 and not search and shape in _SHAPES:
            {"eq": equal.add, "end": ends.append, "start": starts.append, "in": inside.append}[
                _SHAPES[shape]](fold(plain[0]))
        else:
            patterns.append("".join(re.escape(p) if isinstance(p, str) else ".*" if p == star else "."
                                    for p in parts))
    flags = re.S | (0 if cased else re.I)
    rx = re.compile("|".join(f"(?:{p})" for p in patterns), flags) if patterns else None
    find = (rx.search if search else rx.fullmatch) if rx is not None else None
    ends_t, starts_t = tuple(ends), tuple(starts)

    def m(v: Any) -> bool:
        if v is None:
            return False
        text = str(v)
        f = fold(text)
        return (f in equal or f.endswith(ends_t) or f.startswith(starts_t) or any(i in f for i in inside)
                or (find is not None and find(text) is not None))
    return m


_SHAPES = {(False,): "eq", (True, False): "end", (False, True): "start", (True, False, True): "in"}


def _same(a: Any, b: Any, starts: bool, ends: bool) -> bool:
    if a in (None, "") or b in (None, ""):
        return False
    x, y = str(a).lower(), str(b).lower()
    return x.startswith(y) if starts else x.endswith(y) if ends else x == y


def _num(v: Any) -> float | None:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    try:
        return float(str(v))
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=65536)
def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None
