"""The HTML report opened in headless Chromium: charts rendered, no script error, not blank.

Chromium comes from Debian (scripts/install-chromium.sh); without it these tests are skipped.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from phiscope import api
from phiscope.report.pdf import chromium_args, find_chromium

BROWSER = find_chromium()
pytestmark = pytest.mark.skipif(BROWSER is None,
                                reason="no chromium on PATH (run scripts/install-chromium.sh)")
CONSOLE_ERROR = re.compile(r"CONSOLE\(\d+\)\].*(Uncaught|Error)|Uncaught \w*Error")


def open_page(html: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Load the page headless with console messages on stderr."""
    assert BROWSER is not None
    cmd = [*chromium_args(BROWSER, str(profile)), "--enable-logging=stderr", "--v=0",
           "--virtual-time-budget=5000", *extra, html.resolve().as_uri()]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(case: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("browser")
    info = api.report(case["case"], out_dir=out, env=case["env"])
    html = Path(info["html"])
    dom = open_page(html, out / "profile-dom", "--dump-dom")
    shot = out / "shot.png"
    png = open_page(html, out / "profile-shot", f"--screenshot={shot}", "--window-size=1100,2400",
                    "--hide-scrollbars")
    return {"info": info, "dom": dom, "png": png, "shot": shot}


def test_charts_are_in_the_rendered_dom(page: dict[str, Any]) -> None:
    dom = page["dom"].stdout
    assert page["dom"].returncode == 0, page["dom"].stderr[-2000:]
    assert len(re.findall(r'<svg[^>]*role="img"', dom)) == 4
    for label in ("People exposed per element type", "Findings per element type", "Affected people by state",
                  "Deadlines from discovery"):
        assert f'aria-label="{label}"' in dom
    assert len(re.findall(r"<path ", dom)) > 50  # bars, tiles and axes drawn as paths


def test_no_script_error(page: dict[str, Any]) -> None:
    for proc in (page["dom"], page["png"]):
        assert not CONSOLE_ERROR.search(proc.stderr), proc.stderr[-2000:]


def test_a_script_error_would_be_seen(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFunction();</script></body></html>")
    proc = open_page(bad, tmp_path / "profile", "--dump-dom")
    assert CONSOLE_ERROR.search(proc.stderr), proc.stderr[-2000:]


def test_screenshot_shows_the_charts(page: dict[str, Any]) -> None:
    from PIL import Image

    assert page["png"].returncode == 0 and page["shot"].is_file(), page["png"].stderr[-2000:]
    img = Image.open(page["shot"]).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # not blank
    bar_blue = sum(n for n, rgb in colours if rgb == (47, 111, 159))
    assert bar_blue > 2000  # the bar charts' fill colour is on screen


def test_pdf_printed_by_chromium(page: dict[str, Any]) -> None:
    assert page["info"]["pdf_engine"] == "chromium"
    assert Path(page["info"]["pdf"]).read_bytes().startswith(b"%PDF")
