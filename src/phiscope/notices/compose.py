"""Every word of one letter, as data for ``templates/letter.typ`` (no layout here).

Text comes from ``templates/<lang>.toml``; which blocks appear comes from the person's ``Plan``.
Only the addressee's name and mailing address and the enrollment code are personal values; no
exposed value is ever passed to a letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from phiscope.errors import ConfigError
from phiscope.notices.config import LetterConfig
from phiscope.notices.plan import Plan
from phiscope.notices.recipients import Recipient
from phiscope.notices.texts import Strings
from phiscope.obligations.incident import Incident

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("what_happened", ("what_happened", "breach_dates", "count_affected", "affiliate")),
    ("information", ("elements",)),
    ("doing", ("what_we_do", "monitoring_offer")),
    (
        "you_can_do",
        (
            "steps_you",
            "vigilance",
            "fraud_freeze",
            "freeze_free",
            "freeze_info",
            "police_report",
            "password_change",
            "report_theft",
            "fcra",
        ),
    ),
    ("other", ("cra_contacts", "ftc_contacts", "ag_contacts", "le_delay")),
    ("more", ("contact",)),
)
STRUCTURAL = frozenset(
    {"title", "headings", "plain_language", "min_type_10pt", "values", "discovery_date", "notice_date"}
)
REQUIRED_HEADINGS = frozenset({"what_happened", "information", "doing", "you_can_do", "more"})
MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


@dataclass(frozen=True)
class LetterJob:
    """One letter to compose: who, what plan, which code, which reference."""

    recipient: Recipient
    plan: Plan
    letter_id: str
    code: str = ""
    corrects_date: str = ""


def fmt_date(d: dt.date | None, lang: str) -> str:
    """``January 2, 2026`` / ``2 de enero de 2026``."""
    if d is None:
        return ""
    if lang == "es":
        return f"{d.day} de {MONTHS_ES[d.month - 1]} de {d.year}"
    return f"{d:%B} {d.day}, {d.year}"


def addressee(s: Strings, kind: str, name: str) -> str:
    """The first line of the address block."""
    return s.get(f"addressee.{kind}").format(name=name)


def values(job: LetterJob, inc: Incident, cfg: LetterConfig, s: Strings, total: int) -> dict[str, str]:
    """The placeholders of one letter."""
    lang, r = s.lang, job.recipient
    start, end = inc.breach_start, inc.breach_end
    if start and end and start != end:
        dates = s.get("dates.between").format(start=fmt_date(start, lang), end=fmt_date(end, lang))
    elif start or end:
        dates = s.get("dates.on").format(start=fmt_date(start or end, lang))
    else:
        dates = s.get("unknown_dates")
    j_name = job.plan.state_name
    return {
        "name": r.full_name,
        "entity": inc.entity_name,
        "description": inc.description.strip(),
        "breach_dates": dates,
        "discovered": fmt_date(inc.discovered, lang),
        "notice_date": fmt_date(cfg.printed_date(), lang),
        "doing": cfg.doing.strip(),
        "phone": cfg.phone,
        "email": cfg.email,
        "website": cfg.website,
        "postal": cfg.postal,
        "months": str(job.plan.offer_months),
        "provider": cfg.provider,
        "enroll_url": cfg.enroll_url,
        "enroll_by": fmt_date(cfg.enroll_by, lang),
        "code": job.code,
        "state_name": j_name,
        "affiliate": cfg.affiliate,
        "total": f"{total:,}",
        "ref": job.letter_id,
        "corrects_date": job.corrects_date,
        "le_delay_text": s.get("le_delay.delayed" if inc.le_delay else "le_delay.none"),
    }


def compose(
    job: LetterJob,
    address_lines: list[str],
    inc: Incident,
    cfg: LetterConfig,
    s: Strings,
    names: dict[str, str],
    total: int = 0,
) -> dict[str, Any]:
    """The data of one letter for the Typst template."""
    v = values(job, inc, cfg, s, total)
    kind, req = job.plan.recipient, job.plan.required
    intro = {"parent": "intro_minor", "family": "intro_deceased"}.get(kind, "intro")
    sections = []
    for heading, blocks in SECTIONS:
        paras = [_body(s, b, v) for b in blocks if b in req]
        bullets = element_names(job.recipient.elements, names) if heading == "information" else []
        if not paras and heading not in REQUIRED_HEADINGS:
            continue
        sections.append({"heading": s.get(f"headings.{heading}"), "paras": paras, "bullets": bullets})
    return {
        "ref": job.letter_id,
        "lang": s.lang,
        "ref_line": s.get("ref_line").format(**v),
        "date_line": s.get("date_line").format(**v),
        "title": s.get("title"),
        "address_lines": [addressee(s, kind, job.recipient.full_name), *address_lines],
        "salutation": s.get(f"salutation.{kind}").format(**v),
        "intro": s.get(intro).format(**v),
        "correction": s.get("correction").format(**v) if job.corrects_date else "",
        "sections": sections,
        "closing": s.get("closing"),
    }


def element_names(elements: tuple[str, ...], names: dict[str, str]) -> list[str]:
    """Plain names of the exposed elements, each once, in the order of plain.toml."""
    have = set(elements)
    out: list[str] = []
    for e, n in names.items():
        if e in have and n and n not in out:
            out.append(n)
    return out


def _body(s: Strings, block: str, v: dict[str, str]) -> str:
    b = s.block(block)
    if not b:
        raise ConfigError(f"templates/{s.lang}.toml has no text for content block {block!r}")
    return b["body"].format(**v).strip()


def marker(s: Strings, block: str, v: dict[str, str]) -> str:
    """The phrase that proves ``block`` is on a page ('' for structural blocks)."""
    if block in STRUCTURAL:
        return ""
    b = s.block(block)
    return b.get("marker", "").format(**v) if b else ""
