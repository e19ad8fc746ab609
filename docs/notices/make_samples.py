"""Render the sample letters (invented people) to PNG for the README:

    PHISCOPE_KEY=x .venv/bin/python docs/notices/make_samples.py

Uses the same samples as tests/notices (CA, MA, CT, ME, a minor, a deceased person, Spanish),
verifies them, and writes docs/notices/sample-<id>.png (first page of each letter).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

import pypdfium2 as pdfium  # noqa: E402
from tests.notices.conftest import ENV, people_file  # noqa: E402
from tests.notices.helpers import write_inputs  # noqa: E402
from tests.store.store_helpers import FAST_KDF, KEY  # noqa: E402

from phiscope import api  # noqa: E402
from phiscope.store import CaseStore  # noqa: E402


def main() -> None:
    d = Path(tempfile.mkdtemp(prefix="notice-samples-"))
    incident, codes = write_inputs(d)
    CaseStore.create(d / "case", KEY, FAST_KDF).close()
    info = api.notices(incident, d / "case", d / "out", people_file=people_file(d), codes=codes,
                       workers=1, per_person=True, env=ENV)
    assert api.notices_verify(d / "out")["failures"] == []
    for line in (Path(info["out"]) / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        doc = pdfium.PdfDocument(str(Path(info["out"]) / "letters" / f"{row['letter_id']}.pdf"))
        name = row["person_id"].removeprefix("P-").lower()
        doc[0].render(scale=1.25).to_pil().convert("L").save(HERE / f"sample-{name}.png", optimize=True)
        doc.close()
        print(f"docs/notices/sample-{name}.png")


if __name__ == "__main__":
    main()
