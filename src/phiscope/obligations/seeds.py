"""The two seed breaches of the README, as synthetic grouped person facts (counts, not people).

Residence mixes, shares of minors, deceased people and unusable addresses are illustrative
assumptions, not reported figures. Dates are placed in 2026 so the current rule set applies (the
rule files carry no effective dates).
"""

from __future__ import annotations

import datetime as dt

from phiscope.obligations.facts import Group, merge_groups
from phiscope.obligations.incident import Incident

CT_ELEMENTS = frozenset(
    {
        "person_name",
        "street_address",
        "phone",
        "dob",
        "ssn",
        "icd10_diagnosis",
        "lab_result",
        "health_plan_member_id",
    }
)
CA_ELEMENTS = frozenset(
    {
        "person_name",
        "street_address",
        "phone",
        "dob",
        "ssn",
        "drivers_license",
        "icd10_diagnosis",
        "health_plan_member_id",
    }
)

CT_MIX = {
    "CT": 1_004_311,
    "NY": 31_870,
    "MA": 14_205,
    "RI": 6_140,
    "ME": 1_120,
    "NJ": 1_480,
    "FL": 501,
    "TX": 250,
    "CA": 499,
    "PA": 310,
    "VT": 150,
    "NH": 100,
}
CA_MIX = {
    "CA": 640_112,
    "NV": 5_230,
    "AZ": 4_870,
    "OR": 2_460,
    "WA": 1_001,
    "TX": 249,
    "NY": 1_100,
    "FL": 1_025,
}


def ct_health_center() -> tuple[Incident, list[Group]]:
    """(a) A Connecticut health center, discovered 2 January, 1,060,936 people."""
    inc = Incident(
        entity_name="Connecticut community health center",
        entity_type="covered_entity",
        discovered=dt.date(2026, 1, 2),
        breach_type="Hacking/IT Incident",
        locations=("Network Server",),
        states_doing_business=("CT",),
    )
    return inc, mix_groups(CT_MIX, CT_ELEMENTS, 1_060_936)


def ca_clinic_network() -> tuple[Incident, list[Group]]:
    """(b) A California clinic network, attack 10 October (taken as the discovery date), 656,047 people."""
    inc = Incident(
        entity_name="California clinic network",
        entity_type="covered_entity",
        discovered=dt.date(2026, 10, 10),
        breach_type="Hacking/IT Incident",
        locations=("Network Server", "Electronic Medical Record"),
        entity_caused=True,
        licensed_health_facility=True,
        states_doing_business=("CA",),
    )
    return inc, mix_groups(CA_MIX, CA_ELEMENTS, 656_047)


def mix_groups(mix: dict[str, int], elements: frozenset[str], total: int) -> list[Group]:
    """Split each state's residents: 20% minors, 1% deceased, 0.4% without a usable address, and
    10% of adults whose SSN was not on file (name + diagnosis + insurance only)."""
    if sum(mix.values()) != total:
        raise ValueError(f"mix adds up to {sum(mix.values())}, not {total}")
    no_ssn = elements - {"ssn", "drivers_license"}
    groups: list[Group] = []
    for state, n in mix.items():
        minors, dead, bad = n // 5, n // 100, n * 4 // 1000
        no_ssn_n = (n - minors - dead - bad) // 10
        adults = n - minors - dead - bad - no_ssn_n
        groups += [
            Group(state, False, False, True, True, elements, adults),
            Group(state, False, False, True, True, no_ssn, no_ssn_n),
            Group(state, True, False, True, True, elements, minors),
            Group(state, False, True, True, True, elements, dead),
            Group(state, False, False, False, True, elements, bad),
        ]
    return merge_groups(groups)
