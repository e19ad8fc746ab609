"""No parser crashes on garbage: every input yields only events and typed parse errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from phiscope.watch.events import AccessEvent, ParseError
from phiscope.watch.parsers.registry import choose_parser, parser_classes
from tests.watch.conftest import SAMPLES

SAMPLE_LINES = [ln for p in sorted(SAMPLES.iterdir()) for ln in p.read_text().splitlines()]
# Garbage: random text, and real lines cut, spliced and mutated.
LINE = st.one_of(
    st.text(max_size=200),
    st.sampled_from(SAMPLE_LINES),
    st.builds(lambda s, i: s[:i], st.sampled_from(SAMPLE_LINES), st.integers(0, 400)),
    st.builds(lambda s, i, c: s[:i] + c + s[i + 1:], st.sampled_from(SAMPLE_LINES), st.integers(0, 400),
              st.sampled_from(['"', ",", "{", "}", "\t", "=", "\x00", "é", "\n", ":", "["])),
)
KEYS = ["audit_record", "timestamp", "user", "account", "login", "class", "general_data", "query_statistics",
        "resourceType", "AuditEvent", "Bundle", "entry", "resource", "recorded", "agent", "who", "entity",
        "what",
        "reference", "Records", "eventTime", "userIdentity", "eventSource", "requestParameters", "ts",
        "id.orig_h", "id.resp_h", "orig_bytes", "rows", "sqltext", "rows_sent", "identifier", "value"]
JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
    | st.sampled_from([*KEYS, "2024-03-11T10:00:00Z", "Patient/x", "1"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS), children,
                                                                         max_size=6),
    max_leaves=25)
JSON_LINE = st.builds(lambda v: json.dumps(v), st.dictionaries(st.sampled_from(KEYS), JSON_VALUE, max_size=8))
LINES = st.lists(LINE | JSON_LINE, max_size=30)


@pytest.mark.parametrize("parser_id", sorted(parser_classes()))
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=LINES)
def test_parser_never_crashes(parser_id: str, lines: list[str]) -> None:
    parser = parser_classes()[parser_id]()
    for item in parser.parse(iter(lines)):
        assert isinstance(item, AccessEvent | ParseError)
        if isinstance(item, AccessEvent):
            assert isinstance(item.ts, float) and item.actor is not None and item.rows >= 0


@settings(max_examples=100, deadline=None)
@given(lines=LINES)
def test_sniffing_never_crashes(lines: list[str]) -> None:
    choose_parser(lines)


def test_parse_errors_never_quote_the_input() -> None:
    secret = "SSN-078-05-1120"
    lines = [f"{secret},{secret}", "{" + secret, f"type=EXECVE {secret}", f'{{"audit_record": "{secret}"}}']
    for cls in parser_classes().values():
        for item in cls().parse(iter(lines)):
            if isinstance(item, ParseError):
                assert secret not in item.message
