"""Facts that /work/shared/reference/README.md reports as checked, and hand fixes to the CSV parse.

Each entry replaces the parsed rule's fields it names. ``verified = True`` appears only where the
reference's key-numbers table (§0), its Maine/AG-form sections (§2) or its scenario checks (§5)
name the fact with a primary or law-firm source. Everything else stays unverified.
"""

from __future__ import annotations

from typing import Any

ALL_DUTIES = ["individual_notice", "letter_content", "regulator_notice", "cra_notice", "credit_monitoring"]

_ME = "maine.gov AG; maine.gov PFR FAQ; csrps.com (reference README §0, §2.1)"
_CT = "Perkins Coie CT chart; CT AG FAQ (reference README §0)"
_CA = "Cal. Civ. Code § 1798.82 (lexace text; SB 446 per DPR/CDF; AB 1755 per Alston) (reference README §0)"
_NY = "N.Y. Gen. Bus. Law § 899-aa (proteuscyber text; Norton Rose; Alston) (reference README §0)"
_TX = "Tex. Bus. & Com. Code § 521.053 (TX AG page; SB 768 text) (reference README §0)"
_FL = "Fla. Stat. § 501.171 (healthlawfirm) (reference README §0)"
_MA = "M.G.L. c. 93H §§ 3, 3A (mass.gov; 93H §3A text; Robinson+Cole) (reference README §0)"


def _v(citation: str, **kw: Any) -> dict[str, Any]:
    return {"citation": citation, "verified": True, **kw}


OVERRIDES: dict[str, dict[str, dict[str, Any]]] = {
    "ME": {
        "individual_deadline": _v(_ME),
        "regulator_required": _v(_ME),
        "regulator_threshold": _v(_ME),
        "regulator_recipients": _v(_ME, value="DPFR regulator if DPFR-regulated, otherwise Attorney General"),
        "regulator_form": _v(
            "Maine AG online reporting service (reference README §2.2)",
            value="Maine AG online breach form (copy of the consumer notice template)",
        ),
        "cra_threshold": _v(_ME),
        "cra_count_basis": {
            "known": False,
            "citation": _ME,
            "verified": False,
            "note": "unresolved: Maine residents only or all persons notified (reference §0.2); "
            "phiscope uses the larger count",
        },
        "le_delay": _v(_ME),
    },
    "CT": {
        "individual_deadline": _v(_CT),
        "regulator_required": _v(_CT),
        "regulator_threshold": _v(_CT),
        "regulator_deadline": _v(_CT),
        "regulator_form": _v(
            "CT AG FAQ (crimefire.in mirror) (reference README §2.3)",
            value="CT AG online form (preferred); updates to ag.breach@ct.gov",
        ),
        "credit_monitoring": _v(_CT),
        "hipaa_deemed_compliance": {
            "value": ["individual_notice", "letter_content"],
            "citation": _CT,
            "verified": False,
            "note": "HIPAA-compliant entity deemed compliant if it notifies the AG no later than residents "
            "(checked); the dataset adds that the 24-month services are still owed (unverified)",
        },
    },
    "CA": {
        "individual_deadline": _v(_CA),
        "regulator_threshold": _v(_CA),
        "regulator_deadline": _v(_CA),
        "regulator_form": _v(
            "oag.ca.gov Submit Data Security Breach (reference README §2.3)",
            value="oag.ca.gov online form with a PDF sample notice (published)",
        ),
        "credit_monitoring": _v(
            _CA,
            value={
                "months": 12,
                "trigger": ["ssn", "drivers_license", "state_id"],
                "condition": "entity_caused",
            },
        ),
        "hipaa_deemed_compliance": _v(
            "Cal. Civ. Code § 1798.82(e) as summarised in reference README §5", value=["letter_content"]
        ),
        "le_delay": {"verified": False},
    },
    "NY": {
        "pi_elements": _v(_NY + "; medical and health-insurance info PI since 2025-03-21"),
        "individual_deadline": _v(_NY),
        "regulator_required": _v(_NY),
        "regulator_threshold": _v(_NY),
        "regulator_recipients": _v(
            _NY, value="Attorney General, Department of State and Division of State Police"
        ),
        "cra_threshold": _v(_NY),
        "hipaa_deemed_compliance": {"value": ["individual_notice", "letter_content"], "verified": False},
    },
    "TX": {
        "individual_deadline": _v(_TX),
        "regulator_threshold": _v(_TX),
        "regulator_deadline": _v(_TX),
        "regulator_form": _v(_TX, value="electronic Data Breach Report on the Texas AG website"),
        "cra_threshold": _v(_TX),
    },
    "FL": {
        "individual_deadline": _v(_FL),
        "regulator_threshold": _v(_FL),
        "regulator_deadline": _v(_FL),
        "regulator_recipients": _v(_FL, value="Department of Legal Affairs"),
        "cra_threshold": _v(_FL),
        "credit_monitoring": {
            "known": False,
            "verified": False,
            "note": "only the dataset claims a mandate (reference §0.4)",
        },
    },
    "MA": {
        "regulator_required": _v(_MA),
        "regulator_threshold": _v(_MA),
        "regulator_recipients": _v(_MA, value="Attorney General and Director of OCABR"),
        "regulator_form": _v("mass.gov (reference README §2.3)", value="OCABR web portal"),
        "credit_monitoring": _v(
            _MA,
            value={"months": 18, "trigger": ["ssn"], "condition": "always"},
            note="42 months if the breached entity is a consumer reporting agency",
        ),
        "content_prohibited": _v(
            _MA, value=["the nature of the breach", "the number of Massachusetts residents affected"]
        ),
        "cra_required": {
            "known": False,
            "verified": False,
            "note": "CRAs as identified by the OCABR director; no numeric threshold",
        },
    },
    "IN": {
        "regulator_threshold": _v("klinedinstlaw.com; uslegalforms.com form guide (reference README §2.3)"),
        "regulator_form": _v(
            "klinedinstlaw.com; uslegalforms.com form guide (reference README §2.3)",
            value="Breach Notification Form (PDF) e-mailed to DataBreach@atg.in.gov with a sample notice",
        ),
    },
    "MD": {
        "regulator_threshold": _v("Klinedinst (reference README §2.3)"),
        "regulator_deadline": _v("Klinedinst (reference README §2.3)"),
        "individual_deadline": {
            "verified": False,
            "note": "unresolved: 45 days from discovery (H.B. 962, 2022) or from the end "
            "of the investigation (older text) (reference §0.6)",
        },
    },
    "MT": {
        "regulator_threshold": _v("dojmt.gov Office of Consumer Protection (reference README §2.3)"),
        "regulator_deadline": _v("dojmt.gov Office of Consumer Protection (reference README §2.3)"),
        "regulator_recipients": _v(
            "dojmt.gov (reference README §2.3)", value="Office of Consumer Protection"
        ),
        "regulator_form": _v(
            "dojmt.gov (reference README §2.3)",
            value="e-mail an electronic copy of the notice (no PII) with the number of "
            "MT residents notified, date and method of distribution",
        ),
        "cra_required": {
            "known": False,
            "verified": False,
            "note": "dataset: conditional on suggesting the individual obtain a credit report",
        },
    },
    "NH": {
        "risk_of_harm": _v("RSA 359-C:20 I(a) (lawserver) (reference README §0.8)"),
        "regulator_threshold": _v("lawserver 359-C:20; doj.nh.gov (reference README §2.3)"),
        "regulator_recipients": _v(
            "lawserver 359-C:20 (reference README §2.3)",
            value="primary regulator if subject to RSA 358-A:3 I, else Attorney General",
        ),
        "regulator_form": _v(
            "lawserver 359-C:20 (reference README §2.3)",
            value="letter with the anticipated notice date and approximate number of NH "
            "residents; no names or PI",
        ),
    },
    "VT": {
        "regulator_threshold": _v("Lexology (Vermont amendment); VT AG guidance (reference README §2.3)"),
        "regulator_deadline": _v(
            "Lexology (Vermont amendment); VT AG guidance (reference README §2.3)",
            value={"anchor": "discovery", "days": 14, "unit": "business_days", "or_individual_notice": True},
            note="preliminary notice; then a follow-up with the count and the notice copy",
        ),
    },
    "AR": {
        "regulator_deadline": {
            "value": {
                "anchor": "discovery",
                "days": 45,
                "unit": "calendar_days",
                "or_individual_notice": True,
            }
        },
    },
}

# Additional filings some laws require, beyond the AG/regulator notice.
EXTRA_NOTICES: dict[str, list[dict[str, Any]]] = {
    "NY": [
        _v(
            _NY,
            value={
                "id": "ny_ag_hhs_copy",
                "recipient": "NY Attorney General (copy of the HHS breach report)",
                "condition": "hhs_notified",
                "deadline": {"anchor": "hhs_notice", "days": 5, "unit": "business_days"},
            },
        )
    ],
    "CA": [
        _v(
            "Cal. Health & Safety Code § 1280.15 (Alston on AB 1755) (reference README §0)",
            value={
                "id": "ca_cdph_1280_15",
                "recipient": "California Department of Public Health and each patient",
                "condition": "licensed_health_facility",
                "deadline": {"anchor": "discovery", "days": 15, "unit": "business_days"},
            },
            note="licensed clinics, health facilities, home health agencies, hospices; the dataset says 15 "
            "calendar days, AB 1755 text says 15 business days",
        )
    ],
    "IL": [
        {
            "citation": "815 ILCS 530/50 (dataset)",
            "verified": False,
            "value": {
                "id": "il_ag_hhs_copy",
                "recipient": "Illinois Attorney General (HIPAA entity that notified HHS)",
                "condition": "hhs_notified",
                "deadline": {"anchor": "hhs_notice", "days": 5, "unit": "business_days"},
            },
        }
    ],
}
