"""Referral letters (DOCX): running prose with names, dates, diagnoses and identifiers."""

from __future__ import annotations

import random

from phiscope.simulate.clinical import MEDICATIONS, DxCatalog
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile, Part
from phiscope.simulate.people import Patient, Population, Provider
from phiscope.simulate.truth import Val
from phiscope.simulate.values import dashed_mbi
from phiscope.simulate.writers import common
from phiscope.simulate.writers.docx import DocxDoc


def _pronouns(p: Patient) -> tuple[str, str, str]:
    return ("Ms.", "woman", "She") if p.sex == "F" else ("Mr.", "man", "He")


def _history(p: Patient, dx: DxCatalog, rng: random.Random) -> list[Part]:
    title, noun, _ = _pronouns(p)
    age = p.age_on(service_date(rng))
    parts: list[Part] = [f"Thank you for seeing {title} ", Val("person_name", p.last, p.id)]
    if p.nickname:
        pronoun = "her" if p.sex == "F" else "his"
        parts += [" (", Val("person_name", p.nickname, p.id), f" to {pronoun} family)"]
    parts.append(f", a {age}-year-old {noun} whom I follow for ")
    for i, code in enumerate(p.dx):
        if i:
            parts.append(" and " if i == len(p.dx) - 1 else ", ")
        parts += [dx.description(code)[:80].lower(), " (", Val("icd10_diagnosis", code, p.id), ")"]
    meds = rng.sample(MEDICATIONS, 2)
    parts.append(f". Current medications include {meds[0]} and {meds[1]}. Recent labs showed "
                 f"WBC {rng.randint(40, 110) / 10:.1f} and HbA1c {rng.randint(52, 98) / 10:.1f}%.")
    return parts


def _coverage(p: Patient) -> list[Part]:
    parts: list[Part] = [f"Insurance: {p.payer}, member ID ", Val("health_plan_member_id", p.member_id, p.id),
                         "."]
    if p.mbi:
        parts += [" Medicare MBI: ", Val("medicare_mbi", dashed_mbi(p.mbi), p.id), "."]
    if p.hicn:
        parts += [" Old Medicare number (HICN): ", Val("medicare_hicn", p.hicn, p.id), "."]
    if p.medicaid_id:
        parts += [" Medicaid ID: ", Val("medicaid_id", p.medicaid_id, p.id), "."]
    return parts


def _signature(doc: DocxDoc, dr: Provider) -> None:
    doc.para("Sincerely,")
    doc.para(common.provider_name(dr), f", {dr.credential}")
    ids: list[Part] = ["NPI: ", Val("npi", dr.npi, dr.id)]
    if dr.dea:
        ids += ["    DEA: ", Val("dea", dr.dea, dr.id)]
    doc.para(*ids)


def referral_letter(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random,
                    path: str) -> GeneratedFile:
    """A referral letter from the patient's PCP to another provider."""
    fac, dr = pop.facility(p.facility), pop.provider(p.pcp)
    to = rng.choice([d for d in pop.providers if d.id != dr.id])
    doc = DocxDoc(author=f"{dr.first} {dr.last}")
    for parts in common.letterhead(fac, rng):
        doc.para(*parts, bold=parts[0] == fac.name)
    doc.para(Val("date", fmt_date(service_date(rng), "long"), p.id))
    doc.para("Dr. ", common.provider_name(to), f", {to.specialty}")
    doc.para("Re: ", common.name(p, "mi"), " (DOB ", common.dob(p, "mdy"), ")", bold=True)
    if p.maiden_name and p.maiden_name != p.last and rng.random() < 0.5:
        former = Val("person_name", f"{p.first} {p.maiden_name}", p.id)
        doc.para("Prior records may be filed under ", former, ".")
    doc.para("Dear Dr. ", Val("person_name", to.last, to.id), ",")
    doc.para(*_history(p, dx, rng))
    _, _, she = _pronouns(p)
    doc.para(f"{she} lives at ", common.street(p, ", "), ", ", common.city_line(p), " and can be reached at ",
             common.phone(p.id, p.mobile or p.phone, rng.choice(("paren", "dash", "dot"))), " or ",
             Val("email", p.email, p.id), ".")
    doc.para(*_coverage(p))
    rows: list[list[Part]] = [["MRN", common.mrn(p)], ["Date of birth", common.dob(p, "mdy")]]
    tax = p.tax_id()
    if tax:
        rows.append(["SSN" if tax[0] == "ssn" else "ITIN", Val(tax[0], tax[1], p.id)])
    if p.dl and p.dl_state:
        rows.append([f"Driver's license ({p.dl_state})", Val("drivers_license", p.dl, p.id)])
    doc.table(["Identifier", "Value"], rows)
    doc.para("Please send your consult note to our fax at ", common.phone(fac.id, fac.fax, "paren"), ".")
    _signature(doc, dr)
    return doc.render(path)
