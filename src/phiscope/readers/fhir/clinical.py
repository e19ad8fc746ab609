"""Facts of a patient from clinical and financial resources (Condition, Observation,
MedicationRequest, Encounter, Claim, ExplanationOfBenefit, …) and Coverage member ids."""

from __future__ import annotations

from typing import Any

from phiscope.readers.fhir.codes import medicare_element
from phiscope.readers.fhir.fields import Fields, add_identifier, add_identifiers, as_list, human_name, text_of

#: members that point at the patient a resource is about, in order of preference
PATIENT_REFS = ("subject", "patient", "beneficiary")
#: top-level dates of clinical resources (dates of service are PHI)
DATE_KEYS = ("onsetDateTime", "abatementDateTime", "recordedDate", "authoredOn", "effectiveDateTime",
             "effectiveInstant", "issued", "performedDateTime", "occurrenceDateTime", "date", "created",
             "recorded", "whenHandedOver", "whenPrepared", "dateAsserted", "start", "end")
PERIOD_KEYS = ("period", "performedPeriod", "effectivePeriod", "billablePeriod", "onsetPeriod",
               "occurrencePeriod", "servicedPeriod")


def add_reference_person(f: Fields, ref: Any, rel: str) -> None:
    """A Reference's ``display`` (a name) and ``identifier`` on the referenced person's record."""
    if not isinstance(ref, dict):
        return
    f.add(human_name(ref.get("display")), f"{rel}.display", "person_name", f"{f.rtype}.{rel}")
    add_identifier(f, ref.get("identifier"), f"{rel}.identifier")


def add_dates(f: Fields, res: dict[str, Any]) -> None:
    """Top-level dates and period bounds as ``date`` fields."""
    for key in DATE_KEYS:
        value = res.get(key)
        if isinstance(value, str):
            f.add(value, key, "date")
    for key in PERIOD_KEYS:
        period = res.get(key)
        if isinstance(period, dict):
            f.add(period.get("start"), f"{key}.start", "date")
            f.add(period.get("end"), f"{key}.end", "date")


def add_insurance(f: Fields, res: dict[str, Any]) -> None:
    """Claim / ExplanationOfBenefit ``insurance[]``: identifiers typed by their own type/system."""
    for i, ins in enumerate(as_list(res.get("insurance"))):
        if not isinstance(ins, dict):
            continue
        add_identifier(f, ins.get("identifier"), f"insurance[{i}].identifier")
        coverage = ins.get("coverage")
        if isinstance(coverage, dict):
            add_identifier(f, coverage.get("identifier"), f"insurance[{i}].coverage.identifier",
                           "health_plan_member_id")
        for j, auth in enumerate(as_list(ins.get("preAuthRef"))):
            f.add(auth, f"insurance[{i}].preAuthRef[{j}]", None, f"{f.rtype}.insurance.preAuthRef")


def _coverage_words(res: dict[str, Any]) -> str:
    words: list[str] = []
    for concept in as_list(res.get("type")):
        if isinstance(concept, dict):
            words.append(text_of(concept.get("text")))
            words.extend(text_of(c.get("code")) + " " + text_of(c.get("display"))
                         for c in as_list(concept.get("coding")) if isinstance(c, dict))
    words.extend(text_of(p.get("display")) for p in as_list(res.get("payor")) if isinstance(p, dict))
    return " ".join(words).lower()


def member_element(res: dict[str, Any], value: str) -> str:
    """Element of a Coverage's member id: Medicaid / Medicare by the coverage's type or payer."""
    words = _coverage_words(res)
    if "medicaid" in words or "mcaid" in words:
        return "medicaid_id"
    if "medicare" in words or "mcpol" in words:
        return medicare_element(value)
    return "health_plan_member_id"


def coverage_member_fields(res: dict[str, Any], f: Fields, with_subscriber_id: bool) -> None:
    """The beneficiary's member ids (``identifier[]``, and ``subscriberId`` when self-insured)."""
    add_reference_person(f, res.get("beneficiary"), "beneficiary")
    for i, ident in enumerate(as_list(res.get("identifier"))):
        if isinstance(ident, dict):
            add_identifier(f, ident, f"identifier[{i}]",
                           member_element(res, text_of(ident.get("value"))))
    if with_subscriber_id:
        add_subscriber_id(f, res)
    period = res.get("period")
    if isinstance(period, dict):
        f.add(period.get("start"), "period.start", "date")
        f.add(period.get("end"), "period.end", "date")


def add_subscriber_id(f: Fields, res: dict[str, Any]) -> None:
    """Coverage.subscriberId (a string in R4, an Identifier in R5)."""
    sub_id = res.get("subscriberId")
    if isinstance(sub_id, dict):
        add_identifier(f, sub_id, "subscriberId", member_element(res, text_of(sub_id.get("value"))))
    else:
        f.add(sub_id, "subscriberId", member_element(res, text_of(sub_id)), "Coverage.subscriberId")


def clinical_fields(res: dict[str, Any], f: Fields, ref_member: str) -> None:
    """Fixed-place facts of a clinical/financial resource about a patient."""
    add_reference_person(f, res.get(ref_member), ref_member)
    add_dates(f, res)
    if "insurance" in res:
        add_insurance(f, res)
    if res.get("resourceType") in ("Claim", "ExplanationOfBenefit", "ClaimResponse"):
        add_identifiers(f, res.get("identifier"), "identifier")
