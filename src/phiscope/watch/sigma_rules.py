"""Loading Sigma rules (the shipped ones in ``watch/sigma/`` and the user's folders) with
pySigma, and fitting each to phiscope's log formats through the config's logsource table.

A rule whose logsource fits no format, or that needs a field or feature this evaluator does
not have, is skipped with a note; a file pySigma cannot parse is a configuration error (all
reported together). Correlation rules of type ``event_count`` and ``value_count`` run over
their base rules; the others are skipped with a note. Requires the optional ``pysigma``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import (
    SigmaCorrelationCondition,
    SigmaCorrelationConditionOperator,
    SigmaCorrelationRule,
    SigmaCorrelationType,
)
from sigma.exceptions import SigmaError
from sigma.rule import SigmaRule

from phiscope.errors import ConfigError
from phiscope.watch.events import AccessEvent
from phiscope.watch.sigma_match import FieldMap, Getter, Pred, Unfit, compile_condition

_BAD_INPUT = (SigmaError, yaml.YAMLError, ValueError, TypeError, AttributeError, KeyError, IndexError)
_CMP = {SigmaCorrelationConditionOperator.LT: lambda n, c: n < c,
        SigmaCorrelationConditionOperator.LTE: lambda n, c: n <= c,
        SigmaCorrelationConditionOperator.GT: lambda n, c: n > c,
        SigmaCorrelationConditionOperator.GTE: lambda n, c: n >= c,
        SigmaCorrelationConditionOperator.EQ: lambda n, c: n == c,
        SigmaCorrelationConditionOperator.NEQ: lambda n, c: n != c}


@dataclass(frozen=True)
class RuleInfo:
    """What an alert says about its rule."""

    key: str  # the rule's id, else its name, else its title
    title: str
    level: str
    description: str
    tags: tuple[str, ...] = ()


@dataclass
class Correlation:
    """A running ``event_count`` / ``value_count`` correlation: per group, the matching events
    of the last ``timespan_s`` seconds."""

    info: RuleInfo
    count_values: bool
    timespan_s: float
    test: Any  # (count, bound) -> bool
    bound: float
    windows: dict[tuple[Any, ...], deque[tuple[float, Any]]] = field(default_factory=dict)

    def feed(self, ts: float, group: tuple[Any, ...], value: Any) -> int | None:
        """Add one base-rule match; the count when the condition now holds (the group's window is
        then emptied, so it fires once per burst), else None."""
        w = self.windows.setdefault(group, deque())
        w.append((ts, value))
        while w and w[0][0] < ts - self.timespan_s:
            w.popleft()
        n = len({v for _, v in w}) if self.count_values else len(w)
        if not self.test(n, self.bound):
            return None
        w.clear()
        return n


@dataclass
class CompiledRule:
    """A base rule fitted to one log format."""

    info: RuleInfo
    match: Pred
    output: bool  # False for base rules that only feed correlations
    feeds: list[tuple[Correlation, tuple[Getter, ...], Getter | None]] = field(default_factory=list)


@dataclass
class RuleSet:
    """Rules by parser id, and notes on what was skipped."""

    by_source: dict[str, list[CompiledRule]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    loaded: int = 0


def load_rules(builtin: bool, folders: Iterable[Path], logsources: list[Mapping[str, Any]],
               keywords: tuple[str, ...]) -> RuleSet:
    """Parse and fit the rules (ConfigError listing every file pySigma could not read)."""
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in _builtin_files()] if builtin else []
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"Sigma rule folder {folder} does not exist")
        texts += [(str(p), p.read_text(encoding="utf-8", errors="replace"))
                  for p in sorted([*folder.rglob("*.yml"), *folder.rglob("*.yaml")])]
    collections, errors = [], []
    for name, text in texts:
        try:
            c = SigmaCollection.from_yaml(text, collect_errors=True, resolve_references=False)
        except _BAD_INPUT as e:  # pySigma meets malformed YAML with assorted exceptions
            errors.append(f"{name}: {str(e)[:200]}")
            continue
        errors += [f"{name}: {str(e)[:200]}" for e in c.errors]
        errors += [f"{name}: {str(e)[:200]}" for r in c.rules for e in r.errors]
        collections.append(c)
    try:
        merged = SigmaCollection.merge(collections) if not errors else None
    except _BAD_INPUT as e:
        errors.append(f"rule references: {str(e)[:200]}")
    if errors or merged is None:
        raise ConfigError("Sigma rules could not be read:\n  " + "\n  ".join(errors))
    return _fit(merged, logsources, keywords)


def _builtin_files() -> list[Any]:
    folder = resources.files("phiscope.watch").joinpath("sigma")
    return sorted((f for f in folder.iterdir() if f.name.endswith((".yml", ".yaml"))), key=lambda f: f.name)


Fitted = list[tuple[str, "CompiledRule", FieldMap]]  # (parser id, rule, its field map)


def _fit(collection: SigmaCollection, logsources: list[Mapping[str, Any]],
         keywords: tuple[str, ...]) -> RuleSet:
    out = RuleSet()
    compiled: dict[int, Fitted] = {}
    outputs = {id(r) for r in collection.get_output_rules()}
    for rule in collection.rules:
        if isinstance(rule, SigmaRule):
            fitted = _fit_rule(rule, logsources, keywords, id(rule) in outputs, out)
            compiled[id(rule)] = fitted
            for parser, cr, _fm in fitted:
                out.by_source.setdefault(parser, []).append(cr)
            out.loaded += bool(fitted)
    for rule in collection.rules:
        if isinstance(rule, SigmaCorrelationRule):
            _fit_correlation(rule, compiled, out)
    return out


def info_of(rule: Any) -> RuleInfo:
    """Title, id, level and description of a pySigma rule."""
    key = str(rule.id) if rule.id else (rule.name or rule.title)
    level = rule.level.name.lower() if rule.level else "medium"
    desc = " ".join((rule.description or "").split())
    return RuleInfo(key, rule.title or key, level, desc[:400], tuple(str(t) for t in rule.tags))


def _fit_rule(rule: SigmaRule, logsources: list[Mapping[str, Any]], keywords: tuple[str, ...], output: bool,
              out: RuleSet) -> Fitted:
    info = info_of(rule)
    entries = [e for e in logsources if _fits(rule, e)]
    if not entries:
        ls = rule.logsource
        out.notes.append(f"Sigma rule {info.title!r} skipped: no log format fits logsource "
                         f"{ls.product or '-'}/{ls.category or '-'}/{ls.service or '-'}")
        return []
    fitted = []
    for e in entries:
        fmap = FieldMap(dict(e.get("fields", {})), dict(e.get("constants", {})),
                        tuple(e.get("keywords", keywords)))
        try:
            preds = [compile_condition(c.parse(), fmap) for c in rule.detection.parsed_condition]
        except (Unfit, *_BAD_INPUT) as err:
            out.notes.append(f"Sigma rule {info.title!r} skipped: {err}")
            return []
        match = preds[0] if len(preds) == 1 else (lambda ev, ps=tuple(preds): any(p(ev) for p in ps))
        cr = CompiledRule(info, match, output)
        fitted += [(str(p), cr, fmap) for p in e.get("parsers", [])]
    return fitted


def _fits(rule: SigmaRule, entry: Mapping[str, Any]) -> bool:
    ls = rule.logsource
    for key, value in (("product", ls.product), ("category", ls.category), ("service", ls.service)):
        if value and str(entry.get(key, "")).lower() != value.lower():
            return False
    return True


def _fit_correlation(rule: SigmaCorrelationRule, compiled: Mapping[int, Fitted], out: RuleSet) -> None:
    info = info_of(rule)
    kinds = {SigmaCorrelationType.EVENT_COUNT: False, SigmaCorrelationType.VALUE_COUNT: True}
    cond = rule.condition
    if rule.type not in kinds or not isinstance(cond, SigmaCorrelationCondition):
        out.notes.append(f"Sigma correlation {info.title!r} skipped: type {rule.type.name.lower()} "
                         f"is not supported")
        return
    corr = Correlation(info, kinds[rule.type], float(rule.timespan.seconds), _CMP[cond.op], float(cond.count))
    ref_field = cond.fieldref if isinstance(cond.fieldref, str) else None
    feeds: dict[int, tuple[CompiledRule, tuple[Getter, ...], Getter | None]] = {}
    try:
        for ref in rule.referenced_rules:
            for _parser, cr, fmap in compiled.get(id(ref.rule), []):
                group = tuple(fmap.getter(g) for g in rule.group_by or [])
                feeds[id(cr)] = (cr, group, fmap.getter(ref_field) if ref_field else None)
    except Unfit as err:
        out.notes.append(f"Sigma correlation {info.title!r} skipped: {err}")
        return
    if not feeds:
        out.notes.append(f"Sigma correlation {info.title!r} skipped: none of its rules fits a log format")
        return
    for cr, group, value in feeds.values():
        cr.feeds.append((corr, group, value))
    out.loaded += 1


def group_key(ev: AccessEvent, getters: tuple[Getter, ...]) -> tuple[Any, ...]:
    """The correlation group of an event."""
    return tuple(g(ev) for g in getters)
