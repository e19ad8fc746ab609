"""The documented incident.toml template written by ``phiscope incident init``."""

from __future__ import annotations

from pathlib import Path

from phiscope.errors import UsageError

TEMPLATE = """\
# incident.toml: facts about the breach, read by `phiscope obligations`.
# Fill in every value you know; dates are written 2026-01-02. Decision support, not legal advice.

[entity]
name = "Example Health Center"
# covered_entity | business_associate | other (HIPAA applies to the first two)
type = "covered_entity"
# Was the entity itself the source of the breach? (California's 12-month ID-theft services offer)
caused_breach = true
# Licensed clinic, health facility, home health agency or hospice in California (H&S § 1280.15)
licensed_health_facility = false
# Postal codes of the states where the entity does business
states_doing_business = ["CT"]

[breach]
# First day the breach was known, or would have been known with reasonable diligence (164.404(a)(2))
discovered = 2026-01-02
# started = 2025-12-20
# ended = 2025-12-28
# HHS type of breach: Hacking/IT Incident | Improper Disposal | Loss | Theft |
#                     Unauthorized Access/Disclosure | Other
type = "Hacking/IT Incident"
# HHS location(s): Desktop Computer | Electronic Medical Record | Email | Laptop | Network Server |
#                  Other Portable Electronic Device | Paper/Films | Other
locations = ["Network Server"]
description = ""

[encryption]
# Encrypted to the HHS guidance standard (NIST SP 800-111 at rest, 800-52/77/113 in motion)?
encrypted = false
# Was the key or credential compromised as well? (voids the encryption safe harbor)
key_compromised = false

[risk_assessment]
# HIPAA four-factor risk assessment (45 CFR 164.402(2)); a breach is presumed unless it shows a
# low probability that the PHI has been compromised.
nature_and_extent = ""
unauthorized_person = ""
acquired_or_viewed = ""
mitigated = ""
low_probability_of_compromise = false

[harm]
# A documented determination, under a state's risk-of-harm exception, that harm is not likely.
# Only states with such an exception honour it; most require it in writing and kept for years.
no_harm_determination = false

[law_enforcement_delay]
# none | written | oral (164.412: oral requests delay at most 30 days unless made in writing)
kind = "none"
# requested = 2026-01-05
# until = 2026-02-05      # written: the end of the period the official stated

[notice]
# Planned date of the individual notices (deadlines anchored on them use it; optional)
# planned_individual_notice = 2026-02-15
"""


def write_template(path: str | Path, force: bool = False) -> Path:
    """Write the template to ``path``; refuse to overwrite unless ``force``."""
    p = Path(path)
    if p.exists() and not force:
        raise UsageError(f"{p} exists; use --force to overwrite it")
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(TEMPLATE, encoding="utf-8")
    return p
