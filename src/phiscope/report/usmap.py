"""A US tile-grid map ("statebins"): one equal square per state, placed roughly where the state
is, coloured by the number of affected residents. It needs no geographic data; it shows counts
per state, not areas."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib
from matplotlib.cm import ScalarMappable
from matplotlib.colors import PowerNorm
from matplotlib.patches import Rectangle

from phiscope.report.svg import RC, new_figure, to_svg

#: (row, column) of each state, territory and DC on the grid (a common tile-map layout)
GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (0, 11), "WI": (1, 6), "VT": (1, 10), "NH": (1, 11),
    **{s: (2, c) for s, c in (("WA", 1), ("ID", 2), ("MT", 3), ("ND", 4), ("MN", 5), ("IL", 6), ("MI", 7),
                              ("NY", 9), ("MA", 10))},
    **{s: (3, c) for s, c in (("OR", 1), ("NV", 2), ("WY", 3), ("SD", 4), ("IA", 5), ("IN", 6), ("OH", 7),
                              ("PA", 8), ("NJ", 9), ("CT", 10), ("RI", 11))},
    **{s: (4, c) for s, c in (("CA", 1), ("UT", 2), ("CO", 3), ("NE", 4), ("MO", 5), ("KY", 6), ("WV", 7),
                              ("VA", 8), ("MD", 9), ("DE", 10))},
    **{s: (5, c) for s, c in (("AZ", 2), ("NM", 3), ("KS", 4), ("AR", 5), ("TN", 6), ("NC", 7), ("SC", 8),
                              ("DC", 9))},
    **{s: (6, c) for s, c in (("OK", 4), ("LA", 5), ("MS", 6), ("AL", 7), ("GA", 8))},
    "HI": (7, 0), "TX": (7, 4), "FL": (7, 9), "GU": (8, 0), "PR": (8, 10), "VI": (8, 11),
}


def state_map_svg(counts: Mapping[str, int], title: str = "Affected people by state") -> str:
    """The tile map; states with nobody affected are grey."""
    top = max((v for k, v in counts.items() if k in GRID), default=0)
    norm = PowerNorm(0.5, vmin=0, vmax=max(top, 1))
    cmap = matplotlib.colormaps["Blues"]
    with matplotlib.rc_context(RC):
        fig = new_figure(7.5, 5.2)
        ax = fig.add_subplot()
        for state, (row, col) in GRID.items():
            n = int(counts.get(state, 0))
            colour = cmap(0.15 + 0.85 * float(norm(n))) if n else "#e6e6e6"
            ax.add_patch(Rectangle((col, -row), 0.92, -0.92, facecolor=colour, edgecolor="white"))
            dark = n and float(norm(n)) > 0.45
            ax.text(col + 0.46, -row - 0.34, state, ha="center", va="center", fontsize=8,
                    color="white" if dark else "#222", fontweight="bold")
            ax.text(col + 0.46, -row - 0.64, f"{n:,}" if n else "", ha="center", va="center", fontsize=6.5,
                    color="white" if dark else "#222")
        ax.set_xlim(-0.1, 12.1)
        ax.set_ylim(-9.1, 0.1)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(title, loc="left", fontsize=10)
        bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.5, label="people",
                           location="bottom")
        bar.set_ticks(_ticks(max(top, 1)))
    return to_svg(fig, title)


def _ticks(top: int) -> list[int]:
    """Five ticks on the square-root scale, rounded to two significant digits (no overlapping labels)."""
    out = []
    for share in (0, 0.0625, 0.25, 0.5625, 1):
        v = top * share
        out.append(int(float(f"{v:.2g}")) if v else 0)
    return sorted(set(out))
