"""What X12 codes mean for people: entity codes, identifier qualifiers, REF and date qualifiers."""

from __future__ import annotations

#: NM101 / N101 entity identifier code → role (codes not listed: not a person mention we keep)
ENTITY_ROLES: dict[str, str] = {
    "IL": "subscriber", "QC": "patient", "03": "dependent", "74": "patient", "GB": "subscriber",
    "PR": "payer", "TT": "payer", "IN": "payer",
    **dict.fromkeys(("85", "87", "PE", "82", "DN", "P3", "1P", "FA", "77", "DK", "DQ", "71", "72", "ZZ",
                     "QB", "QV", "80", "SJ"), "provider"),
    "S3": "related_person", "E1": "related_person", "EI": "related_person", "EXS": "related_person",
    "GD": "related_person", "J6": "related_person", "LR": "related_person", "QD": "related_person",
    "S1": "related_person", "TZ": "related_person", "X4": "related_person",
}
#: entity codes that name the current member again (834 incorrect name, mailing address)
SAME_PERSON = frozenset({"70", "31"})

#: (transaction family, entity code) → loop id used in record keys
LOOPS: dict[tuple[str, str], str] = {
    ("837", "85"): "2010AA", ("837", "87"): "2010AB", ("837", "PE"): "2010AC", ("837", "IL"): "2010BA",
    ("837", "PR"): "2010BB", ("837", "QC"): "2010CA",
    ("27x", "PR"): "2100A", ("27x", "IL"): "2100C", ("27x", "03"): "2100D",
    ("276", "PR"): "2100A", ("276", "41"): "2100B", ("276", "IL"): "2100D", ("276", "QC"): "2100E",
    ("834", "IL"): "2100A",
}
FAMILY = {"837": "837", "270": "27x", "271": "27x", "276": "276", "277": "276", "834": "834", "835": "835"}

#: NM108 identification code qualifier → element ("medicare": MBI or HICN by shape); None = untyped
PERSON_IDS: dict[str, str | None] = {
    "MI": "health_plan_member_id", "34": "ssn", "HN": "medicare", "MR": "medicaid_id", "XX": "npi",
    "II": None, "ZZ": None, "N": None, "C": None,
}
#: REF01 qualifier → element, for references of a person (others are left out)
PERSON_REFS: dict[str, tuple[str | None, str]] = {
    "SY": ("ssn", "SSN"), "1W": ("health_plan_member_id", "member ID"),
    "IG": ("health_plan_member_id", "insurance policy number"),
    "0F": ("health_plan_member_id", "subscriber number"),
    "EA": ("mrn", "medical record number"), "F6": ("medicare", "health insurance claim number"),
    "NQ": ("medicaid_id", "Medicaid recipient ID"), "23": (None, "client number"),
    "Q4": (None, "prior identifier"),
    "EJ": (None, "patient account number"), "3H": (None, "case number"), "HJ": (None, "identity card number"),
    "GH": (None, "identification card serial number"), "49": (None, "family unit number"),
    "ABB": (None, "personal ID number"), "1L": (None, "group or policy number"),
    "Y4": (None, "agency claim number"),
}
#: HI code list qualifiers: ICD-10-CM diagnoses typed, ICD-9-CM diagnoses untyped; others left out
ICD10_DIAGNOSIS = frozenset({"ABK", "ABF", "ABJ", "APR", "ABN"})
ICD9_DIAGNOSIS = frozenset({"BK", "BF", "BJ", "PR", "BN"})
#: DTP01 / DTM01 qualifiers of dates of care (service, admission, discharge, onset …)
CARE_DATES = frozenset({
    "472", "435", "096", "431", "454", "304", "453", "439", "484", "455", "471", "360", "361", "297", "296",
    "090", "091", "050", "232", "233", "150", "151", "314", "738", "739", "444",
})
