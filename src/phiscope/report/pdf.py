"""The report as PDF: the HTML printed by headless Chromium when it is installed (the same pages,
charts included), otherwise a shorter PDF typeset with Typst (headline, charts, obligations)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The path of a Chromium-family browser on PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_args(browser: str, profile: str) -> list[str]:
    """Headless flags: no GPU, no sandbox (containers), no network, a throw-away profile."""
    return [browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--mute-audio",
            "--disable-extensions", "--disable-background-networking", f"--user-data-dir={profile}"]


def html_to_pdf(html: Path, pdf: Path, timeout: float = 180) -> bool:
    """Print ``html`` to ``pdf`` with Chromium; False when none is installed or printing failed."""
    browser = find_chromium()
    if browser is None:
        return False
    with tempfile.TemporaryDirectory(prefix="phiscope-chromium-") as profile:
        cmd = [*chromium_args(browser, profile), "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
               html.resolve().as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return False
    return proc.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 0


def typst_pdf(d: dict[str, Any], svgs: dict[str, str], pdf: Path) -> None:
    """The fallback PDF: headline numbers, the charts and the obligations, typeset with Typst."""
    import typst

    from phiscope.report.html import headline

    with tempfile.TemporaryDirectory(prefix="phiscope-report-") as tmp:
        root = Path(tmp)
        for name, svg in svgs.items():
            if svg:
                (root / f"{name}.svg").write_text(svg, encoding="utf-8")
        obl = d.get("obligations") or {}
        data = {"case": d["case"], "generated": d["generated"], "version": d["version"],
                "headline": [[f"{n:,}", label] for n, label in headline(d)],
                "charts": [f"{k}.svg" for k, v in svgs.items() if v],
                "obligations": [[str(o.get(k, "")) for k in ("obligation", "law", "recipient", "people",
                                                              "due")] for o in obl.get("obligations", [])],
                "banner": obl.get("banner", "")}
        shutil.copy(Path(__file__).parent / "templates" / "report.typ", root / "report.typ")
        pdf.write_bytes(typst.compile(str(root / "report.typ"), root=str(root), ignore_system_fonts=True,
                                      sys_inputs={"data": json.dumps(data)}))
