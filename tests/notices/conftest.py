"""One rendered sample mailing shared by the notices tests (rendering is the slow part)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from phiscope.store import CaseStore
from tests.notices.helpers import SAMPLES, write_inputs
from tests.store.store_helpers import FAST_KDF, KEY

ENV = {"PHISCOPE_KEY": KEY.decode()}


def people_file(folder: Path) -> Path:
    """The samples as a people CSV."""
    path = folder / "people.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "person_id",
                "full_name",
                "address",
                "state",
                "dob",
                "is_minor",
                "is_deceased",
                "elements",
                "language",
            ]
        )
        for r in SAMPLES:
            w.writerow(
                [
                    r.person_id,
                    r.full_name,
                    r.address,
                    r.state,
                    r.dob,
                    r.minor,
                    r.deceased,
                    ";".join(r.elements),
                    r.language,
                ]
            )
    return path


@pytest.fixture(scope="session")
def mailing(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Case, inputs and the first mailing of the samples (rendered once per session)."""
    from phiscope import api

    d = tmp_path_factory.mktemp("notices")
    incident, codes = write_inputs(d)
    CaseStore.create(d / "case", KEY, FAST_KDF).close()
    info = api.notices(
        incident,
        d / "case",
        d / "out",
        people_file=people_file(d),
        codes=codes,
        batch_size=4,
        workers=1,
        per_person=True,
        env=ENV,
    )
    rows = [json.loads(x) for x in (Path(info["out"]) / "manifest.jsonl").read_text().splitlines()]
    return {
        "dir": d,
        "info": info,
        "incident": incident,
        "codes": codes,
        "rows": rows,
        "by_person": {r["person_id"]: r for r in rows},
    }
