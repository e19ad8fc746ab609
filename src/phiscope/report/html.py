"""The HTML report: a Jinja2 template (autoescaped), the charts inline as SVG, no external asset."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from phiscope.report.charts import bar_svg, timeline_svg
from phiscope.report.usmap import state_map_svg

TEMPLATES = Path(__file__).parent / "templates"


def render_html(d: dict[str, Any]) -> str:
    """The whole report as one HTML document."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=False)
    obl = d["obligations"]
    return env.get_template("report.html.j2").render(
        d=d, entity=(obl or {}).get("entity", ""), obl=obl, headline=headline(d), charts=charts(d),
        acc=_accuracy(d["accuracy"]), unknown_state=d["states"].get("", 0))


def headline(d: dict[str, Any]) -> list[tuple[int, str]]:
    """The headline numbers with their labels."""
    f, p = d["files"], d["people"]
    return [
        (f["input_files"], "input files"), (f["documents"], "documents (archive members included)"),
        (f["read"], "documents read"), (f["unreadable"], "unreadable"), (f["partly_read"], "partly read"),
        (f["with_phi"], "documents with PHI"), (sum(int(x["findings"]) for x in d["findings"]), "findings"),
        (p["people"], "unique people"), (p["minors"], "minors"), (p["deceased"], "deceased"),
        (p["no_address"], "without a usable address"),
    ]


def charts(d: dict[str, Any]) -> dict[str, Markup]:
    """Every chart as inline SVG markup (matplotlib output, trusted)."""
    els = d["elements"][:25]
    finds = d["findings"][:25]
    obl = d["obligations"]
    out = {
        "people_elements": bar_svg([e["element"] for e in els], [int(e["people"]) for e in els],
                                   "People exposed per element type", "people"),
        "findings": bar_svg([f["element"] for f in finds], [int(f["findings"]) for f in finds],
                            "Findings per element type", "findings"),
        "map": state_map_svg({k: v for k, v in d["states"].items() if k}),
        "timeline": timeline_svg(obl["calendar"]) if obl else "",
    }
    return {k: Markup(v) for k, v in out.items()}


def _accuracy(report: dict[str, Any] | None) -> dict[str, Any] | None:
    if not report:
        return None
    from phiscope.eval.report import headline as eval_headline

    def fmt(v: Any) -> Any:
        return "n/a" if v is None else (round(v, 4) if isinstance(v, float) else v)

    people = {k: fmt(v) for k, v in (report.get("people") or {}).items() if not isinstance(v, dict)}
    return {"headline": eval_headline(report),
            "elements": [{k: fmt(e.get(k)) for k in ("element", "truth", "recall", "precision")}
                         for e in report.get("elements", [])],
            "people": list(people.items())}
