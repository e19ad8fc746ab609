"""Run Presidio's pattern recognizers over text files; print one JSON summary line.

Runs INSIDE bench/.venv-presidio (see presidio_env.sh), not in phiscope's venv.
No spaCy model is available offline, so the analyzer uses Presidio's
``NoOpNlpEngine``: every regex/checksum recognizer runs, NER-based ones
(PERSON, LOCATION) find nothing, and context words only come from the
recognizers' own patterns.

Usage: bench/.venv-presidio/bin/python bench/presidio_scan.py FILE [FILE ...]
Output: {"bytes": N, "seconds": S, "results": count, "files": F, "by_entity": {...}}
"""

from __future__ import annotations

import json
import logging
import sys
import time
from collections import Counter
from pathlib import Path

import tldextract
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine.no_op_nlp_engine import NoOpNlpEngine


def use_offline_suffix_list() -> None:
    """Make tldextract (used by the e-mail recognizer) use its bundled suffix list.

    By default it tries to download the Public Suffix List first, which fails
    (slowly, with tracebacks on stderr) without network access.
    """
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=())


def build_analyzer() -> AnalyzerEngine:
    """An analyzer with all predefined pattern recognizers and no NLP model."""
    nlp = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    nlp.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=["en"])


def main(argv: list[str]) -> int:
    """Scan the files named in ``argv``; print the JSON summary."""
    if not argv:
        print("usage: presidio_scan.py FILE [FILE ...]", file=sys.stderr)
        return 2
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    use_offline_suffix_list()
    analyzer = build_analyzer()
    texts = [Path(p).read_bytes() for p in argv]
    total = sum(len(t) for t in texts)
    by_entity: Counter[str] = Counter()
    start = time.perf_counter()
    for raw in texts:
        text = raw.decode("utf-8", errors="replace")
        for res in analyzer.analyze(text=text, language="en"):
            by_entity[res.entity_type] += 1
    seconds = time.perf_counter() - start
    out = {
        "bytes": total,
        "seconds": round(seconds, 4),
        "results": sum(by_entity.values()),
        "files": len(texts),
        "by_entity": dict(sorted(by_entity.items())),
    }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
