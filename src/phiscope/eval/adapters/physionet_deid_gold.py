"""PhysioNet deid 1.1 gold corpus (``id.text`` and ``id-phi.phrase``).

``id.text`` holds records ``START_OF_RECORD=<pid>||||<note>||||`` newline,
the note, ``||||END_OF_RECORD``; ``id-phi.phrase`` lines are ``<pid> <note>
<start> <end> <TYPE> <text>`` with offsets into the note (end exclusive).
Note ``(pid, note)`` becomes ``note_<pid>_<note>.txt`` (four and three
digits) holding the note exactly.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from phiscope.errors import UsageError
from phiscope.eval.adapters._spans import Span, TypeMap, build, tm, write_texts
from phiscope.eval.truth import TruthSet

KIND = "physionet_deid_gold"
TEXT_FILE = "id.text"
PHRASE_FILE = "id-phi.phrase"
_RECORD = re.compile(r"START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\n(.*?)\|\|\|\|END_OF_RECORD", re.S)

#: gold PHI type -> how it is scored
MAPPING: dict[str, TypeMap] = {
    "PTName": tm("person_name"),
    "PTNameInitial": tm("person_name"),
    "RelativeProxyName": tm("person_name"),
    "HCPName": tm("person_name"),
    "Date": tm("date", "date", "dob"),
    "Phone": tm("phone"),
    # hospitals, wards, cities: phiscope has no element for place names; address findings count as right
    "Location": tm(None, "street_address", "city_state_zip"),
    "Age": tm(None),  # ages over 89
    "Other": tm(None),
    # a year alone is not a Safe Harbor identifier; a date finding on one is still right
    "DateYear": tm(None, "date", "dob", phi=False),
}
#: the gold labels every identifier (none are SSNs, e-mails or MRNs) but no clinical codes
UNLABELLED = frozenset({"icd10_diagnosis"})


def detect(path: Path) -> bool:
    """The folder holding ``id.text`` and ``id-phi.phrase``."""
    return path.is_dir() and (path / TEXT_FILE).is_file() and (path / PHRASE_FILE).is_file()


def _name(pid: str, note: str) -> str:
    return f"note_{int(pid):04d}_{int(note):03d}.txt"


def _notes(path: Path) -> dict[str, str]:
    try:
        text = (path / TEXT_FILE).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path / TEXT_FILE} cannot be read ({type(e).__name__})") from None
    return {_name(m.group(1), m.group(2)): m.group(3) for m in _RECORD.finditer(text)}


def _spans(path: Path) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    try:
        lines = (path / PHRASE_FILE).read_text(encoding="utf-8").splitlines()
        for line in lines:
            if line.strip():
                pid, note, start, end, label = line.split(" ", 5)[:5]
                out[_name(pid, note)].append(Span(int(start), int(end), label))
    except (OSError, ValueError) as e:
        raise UsageError(f"{path / PHRASE_FILE} cannot be read ({type(e).__name__})") from None
    return out


def _records(path: Path) -> Iterator[tuple[str, str, list[Span]]]:
    if not detect(path):
        raise UsageError(f"{path}: {TEXT_FILE} and {PHRASE_FILE} not found")
    spans = _spans(path)
    for name, text in _notes(path).items():
        yield name, text, spans.get(name, [])


def load(path: Path) -> TruthSet:
    """Every note's PHI spans as occurrences."""
    return build(KIND, _records(path), MAPPING, None, UNLABELLED)


def export_texts(path: Path, out_dir: Path) -> int:
    """Write one text file per note into ``out_dir``; return the number written."""
    return write_texts(((f, t) for f, t, _ in _records(path)), out_dir)
