"""Regulator and public notices from the incident and the evaluation (counts only, no personal values):

* ``hhs.json`` + ``hhs.pdf``: every field of the HHS breach portal's sections (reference §1.10);
* ``maine.json``: the Maine AG online form fields (reference §2.2), when Maine residents are owed;
* ``ag-<ST>.pdf``: a generic AG/regulator letter with the state's resident count, per notice owed;
* ``cra-<bureau>.pdf``: consumer-reporting-agency letters, when a CRA notice is owed;
* ``media-<ST>.md``: a media notice draft per state above the HIPAA media threshold;
* ``substitute.html``: the substitute-notice web page; ``callcenter/``: FAQ and the lookup file.

Fields phiscope cannot know are left empty and listed under ``to_complete``.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from phiscope.notices.callcenter import write_callcenter
from phiscope.notices.compose import fmt_date
from phiscope.notices.config import LetterConfig
from phiscope.notices.recipients import Recipient
from phiscope.notices.texts import package_templates
from phiscope.obligations.engine import Evaluation
from phiscope.obligations.incident import Incident

PHI_TYPES = {  # HHS portal "Type of PHI involved" (reference §1.10)
    "Clinical: Diagnosis/Conditions": {"icd10_diagnosis", "medical_info"},
    "Clinical: Lab Results": {"lab_result"},
    "Clinical: Medications": {"medication"},
    "Clinical: Other": {"mrn", "npi", "dea", "date"},
    "Demographic: Address/ZIP": {"street_address", "city_state_zip"},
    "Demographic: Date of Birth": {"dob"},
    "Demographic: Driver's License": {"drivers_license"},
    "Demographic: Name": {"person_name"},
    "Demographic: SSN": {"ssn"},
    "Demographic: Other": {
        "email",
        "phone",
        "fax",
        "ip_address",
        "url",
        "passport",
        "state_id",
        "itin",
        "military_id",
    },
    "Financial: Bank Account / Credit Card / Claims Information": {
        "bank_account",
        "payment_card",
        "aba_routing",
        "account_access_code",
    },
    "Other": {
        "health_plan_member_id",
        "medicare_mbi",
        "medicare_hicn",
        "medicaid_id",
        "username_password",
        "account_username",
        "biometric",
        "genetic",
    },
}
CRAS = ("Equifax", "Experian", "TransUnion")
MAINE_INFO = {
    "ssn": "Social Security Number",
    "drivers_license": "Driver's license number or non-driver identification card number",
    "state_id": "Driver's license number or non-driver identification card number",
}


def hhs_form(ev: Evaluation, people: list[Recipient], inc: Incident, cfg: LetterConfig) -> dict[str, Any]:
    """The HHS portal submission, section by section."""
    hipaa = sum(r.group.count for r in ev.results if r.hipaa.applies)
    els = {e for p in people for e in p.elements}
    kinds = {n.obligation for n in ev.notices}
    return {
        "general": {
            "breach_affecting": "500 or More Individuals" if hipaa >= 500 else "Fewer Than 500 Individuals",
            "report_type": "Initial Breach Report",
        },
        "covered_entity": {
            "name": inc.entity_name,
            "address": cfg.entity_address,
            "type": "",
            "contact_name": cfg.signer,
            "contact_phone": cfg.phone,
            "contact_email": cfg.email,
        },
        "business_associate": {
            "involved": inc.entity_type == "business_associate",
            "name": "",
            "contact": "",
        },
        "breach": {
            "start": _iso(inc.breach_start),
            "end": _iso(inc.breach_end),
            "discovered": _iso(inc.discovered),
            "approximate_individuals_affected": hipaa,
            "type_of_breach": inc.breach_type,
            "location_of_breached_information": list(inc.locations),
            "type_of_phi_involved": [k for k, v in PHI_TYPES.items() if v & els],
            "brief_description": inc.description,
            "safeguards_in_place_prior": [],
        },
        "notice_and_actions": {
            "individual_notice_dates": [_iso(cfg.printed_date())],
            "substitute_notice_required": "substitute notice" in kinds,
            "media_notice_required": "media notice" in kinds,
            "actions_taken": ["Offered Free Credit Monitoring to Individuals"]
            if any(r.offers for r in ev.results) or cfg.offer_all
            else [],
            "actions_taken_detail": cfg.doing,
        },
        "attestation": {"accurate": None, "name": cfg.signer},
        "to_complete": ["covered_entity.type", "breach.safeguards_in_place_prior", "attestation.accurate"]
        + (
            ["business_associate.name", "business_associate.contact"]
            if inc.entity_type == "business_associate"
            else []
        ),
    }


def maine_form(ev: Evaluation, people: list[Recipient], inc: Incident, cfg: LetterConfig) -> dict[str, Any]:
    """The Maine AG online form, by its field numbers."""
    me = sum(r.group.count for r in ev.results if r.group.state == "ME")
    els = {e for p in people if p.state == "ME" for e in p.elements}
    months = max((o.months for r in ev.results if r.group.state == "ME" for o in r.offers), default=0)
    return {
        "01_03_01 Entity Name": inc.entity_name,
        "01_03_02-05 Address": cfg.entity_address,
        "01_04 Type of Organization": "Health Care" if inc.hipaa_entity else "",
        "01_05 Submitted by": {"name": cfg.signer, "telephone": cfg.phone, "email": cfg.email},
        "02_01_01 Total number of persons affected": len(people),
        "02_01_02 Total number of Maine residents affected": me,
        "02_01_03 Consumer reporting agencies notified (over 1,000 Maine residents)": None
        if me > 1000
        else "n/a",
        "02_01_04 Date(s) Breach Occurred": [_iso(inc.breach_start), _iso(inc.breach_end)],
        "02_01_05 Date Breach Discovered": _iso(inc.discovered),
        "02_02 Description of the Breach": "External system breach (e.g., hacking)"
        if inc.breach_type == "Hacking/IT Incident"
        else "Other",
        "02_03 Information Acquired": sorted({MAINE_INFO[e] for e in els if e in MAINE_INFO}),
        "03_01 Type of Notification": "Written",
        "03_01_05 Date(s) of consumer notification": _iso(cfg.printed_date()),
        "03_01_06 Template of the notice": "attach a sample letter from mailing-*/letters or batches",
        "03_02_01 Identity theft protection services offered": months > 0 or cfg.offer_all,
        "03_02_02 Duration": f"{max(months, cfg.offer_months if cfg.offer_all else 0)} months"
        if months or cfg.offer_all
        else "",
        "03_02_03 Provider": cfg.provider,
    }


def write_filings(
    folder: Path, ev: Evaluation, people: list[Recipient], inc: Incident, cfg: LetterConfig, lookup_key: bytes
) -> dict[str, Any]:
    """Write every filing owed; returns the file names written."""
    folder.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    hhs = hhs_form(ev, people, inc, cfg)
    written += _json(folder / "hhs.json", hhs) + _pdf(
        folder / "hhs.pdf", "HHS breach portal submission", [], _flatten(hhs)
    )
    states = Counter(p.state for p in people if p.state)
    for n in ev.notices:
        if n.obligation == "regulator notice" and n.law == "ME":
            written += _json(folder / "maine.json", maine_form(ev, people, inc, cfg))
        elif n.obligation == "regulator notice":
            written += _pdf(
                folder / f"ag-{n.law}.pdf",
                f"Notice of data breach to the {n.recipient}",
                _ag_paras(n.law, n.people, inc, cfg),
                [],
            )
        elif n.obligation == "media notice":
            st = n.recipient.rsplit(" ", 1)[-1]
            (folder / f"media-{st}.md").write_text(_media(st, states[st], inc, cfg), encoding="utf-8")
            written.append(f"media-{st}.md")
    if any(n.obligation.startswith("CRA notice") for n in ev.notices):
        for cra in CRAS:
            written += _pdf(
                folder / f"cra-{cra.lower()}.pdf",
                f"Notice to {cra}",
                _cra_paras(cra, len(people), inc, cfg),
                [],
            )
    (folder / "substitute.html").write_text(substitute_html(inc, cfg), encoding="utf-8")
    written += ["substitute.html", *write_callcenter(folder / "callcenter", people, inc, cfg, lookup_key)]
    return {"folder": str(folder), "files": written}


def substitute_html(inc: Incident, cfg: LetterConfig) -> str:
    """The static substitute-notice page (HIPAA: conspicuous 90-day posting with a toll-free number)."""
    e = html.escape
    body = "".join(f"<p>{e(p)}</p>" for p in _notice_paras(inc, cfg))
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Notice of Data Breach - '
        f"{e(inc.entity_name)}</title></head><body><h1>Notice of Data Breach</h1>{body}"
        f"<p>To find out whether your information was involved, call toll-free {e(cfg.phone)} "
        "(open for at least 90 days).</p></body></html>\n"
    )


def _notice_paras(inc: Incident, cfg: LetterConfig) -> list[str]:
    return [
        f"{inc.entity_name} discovered on {fmt_date(inc.discovered, 'en')} a data security incident. "
        f"{inc.description}".strip(),
        cfg.doing,
        f"Questions: call toll-free {cfg.phone}, e-mail {cfg.email}, visit {cfg.website} or write to "
        f"{cfg.postal}.",
    ]


def _ag_paras(state: str, n: int, inc: Incident, cfg: LetterConfig) -> list[str]:
    return [
        f"{inc.entity_name} ({cfg.entity_address}) notifies you of a data security incident affecting "
        f"{n:,} residents of {state}.",
        *_notice_paras(inc, cfg),
        f"Individual notices are dated {fmt_date(cfg.printed_date(), 'en')}; a sample notice is enclosed.",
        f"Contact: {cfg.signer}, {cfg.phone}, {cfg.email}.",
    ]


def _cra_paras(cra: str, n: int, inc: Incident, cfg: LetterConfig) -> list[str]:
    return [
        f"To {cra}: {inc.entity_name} is notifying {n:,} individuals of a data security incident, by "
        f"letters dated {fmt_date(cfg.printed_date(), 'en')}. Some may contact you to place fraud alerts "
        "or security freezes.",
        f"Contact: {cfg.signer}, {cfg.phone}, {cfg.email}.",
    ]


def _media(state: str, n: int, inc: Incident, cfg: LetterConfig) -> str:
    paras = "\n\n".join(_notice_paras(inc, cfg))
    return (
        f"# DRAFT media notice for {state} ({n:,} residents affected)\n\n"
        f"FOR IMMEDIATE RELEASE: {inc.entity_name} notifies patients of a data security incident\n\n"
        f"{paras}\n"
    )


def _flatten(d: dict[str, Any], prefix: str = "") -> list[list[str]]:
    rows: list[list[str]] = []
    for k, v in d.items():
        if isinstance(v, dict):
            rows += _flatten(v, f"{prefix}{k}.")
        else:
            rows.append([f"{prefix}{k}", ", ".join(map(str, v)) if isinstance(v, list) else str(v)])
    return rows


def _json(path: Path, data: dict[str, Any]) -> list[str]:
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    return [path.name]


def _pdf(path: Path, title: str, paras: list[str], rows: list[list[str]]) -> list[str]:
    import typst

    data = json.dumps({"title": title, "paras": [p for p in paras if p], "rows": rows}, ensure_ascii=False)
    tdir = package_templates()
    path.write_bytes(
        typst.compile(
            str(tdir / "document.typ"), root=str(tdir), ignore_system_fonts=True, sys_inputs={"data": data}
        )
    )
    return [path.name]


def _iso(d: Any) -> str:
    return d.isoformat() if d else ""
