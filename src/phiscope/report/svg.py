"""Matplotlib figures rendered to inline SVG (no pyplot, no global state, reproducible output)."""

from __future__ import annotations

import io
import re
from typing import Any

from matplotlib.figure import Figure

#: fixed ids and no date, so the same data gives the same bytes; text stays text (smaller, searchable)
RC: Any = {"svg.hashsalt": "phiscope-report", "svg.fonttype": "none", "font.size": 9,
                      "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False}
BLUE = "#2f6f9f"


def new_figure(width: float, height: float) -> Figure:
    """A figure of ``width`` x ``height`` inches, not attached to any GUI."""
    return Figure(figsize=(width, height), layout="constrained")


def to_svg(fig: Figure, label: str) -> str:
    """The figure as an ``<svg>`` element to put in HTML, with an accessible label."""
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]  # drop the XML declaration and DOCTYPE
    safe = re.sub(r'[<>&"]', "", label)
    return text.replace("<svg ", f'<svg role="img" aria-label="{safe}" class="chart" ', 1)
