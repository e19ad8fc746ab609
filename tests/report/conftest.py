"""One small case run through the pipeline (without the report) for the report tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from phiscope import api
from tests.pipeline.helpers import make_breach


@pytest.fixture(scope="session")
def case(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("report")
    opts = replace(make_breach(root), report=False)
    api.run_case(opts)
    return {"root": root, "case": opts.case_dir, "env": opts.env}
