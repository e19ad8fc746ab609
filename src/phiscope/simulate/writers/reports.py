"""PDF content: laboratory reports (multi-page) and after-visit summaries."""

from __future__ import annotations

import random
from datetime import timedelta

from phiscope.simulate.clinical import LAB_PANELS, MEDICATIONS, DxCatalog, lab_value
from phiscope.simulate.contact import portal_url
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.truth import Val
from phiscope.simulate.writers import common
from phiscope.simulate.writers.pdf import Line, PdfDoc


def _lab_header(p: Patient) -> list[Line]:
    return [Line(("Patient: ", common.name(p, "last_first"), "    MRN: ", common.mrn(p)), bold=True),
            Line(("",))]


def _results(doc: PdfDoc, rng: random.Random) -> None:
    for panel in rng.sample(sorted(LAB_PANELS), len(LAB_PANELS)):
        doc.line(panel, bold=True)
        doc.line("Test                      Result     Units       Reference Range    Flag")
        for test in LAB_PANELS[panel]:
            value = lab_value(rng, test)
            flag = "H" if float(value) > test.high else "L" if float(value) < test.low else ""
            row = f"{test.name:<26}{value:<11}{test.unit:<12}{test.low:g}-{test.high:g}    {flag}"
            doc.line(row.rstrip())
        doc.blank()


def lab_report(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random, path: str) -> GeneratedFile:
    """A laboratory report for one patient (all panels: two pages, the patient repeated on each)."""
    lab, dr = pop.facilities[2], pop.provider(p.pcp)
    doc = PdfDoc(lambda page: _lab_header(p) if page > 1 else [])
    for parts in common.letterhead(lab, rng):
        doc.line(*parts)
    doc.line(f"CLIA #07D09{rng.randint(10000, 99999)}    Accession: 24-LAB-{rng.randint(100000, 999999)}")
    doc.blank()
    doc.line("LABORATORY REPORT", bold=True)
    doc.line("Patient: ", common.name(p, "last_first"))
    doc.line("DOB: ", common.dob(p, "mdy"), f"    Sex: {p.sex}")
    doc.line("MRN: ", common.mrn(p))
    doc.line("Address: ", common.street(p, ", "), ", ", common.city_line(p))
    doc.line("Phone: ", common.phone(p.id, p.phone, "paren"))
    doc.line("Ordering Provider: ", common.provider_name(dr), f", {dr.credential}    NPI: ",
             Val("npi", dr.npi, dr.id))
    collected = service_date(rng)
    doc.line("Collected: ", Val("date", fmt_date(collected, "mdy"), p.id),
             f" {rng.randint(7, 11):02d}:{rng.randint(0, 59):02d}    Reported: ",
             Val("date", fmt_date(collected + timedelta(days=1), "mdy"), p.id))
    for code in p.dx:
        doc.line("Diagnosis: ", *common.dx_parts(p, code, dx.description(code)[:80]))
    doc.blank()
    _results(doc, rng)
    doc.line("Specimen: blood, venous. Fasting: " + rng.choice(("yes", "no", "unknown")) + ".")
    doc.line("Results verified electronically. Reference ranges are for adults.")
    return doc.render(path)


def visit_summary(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random, path: str) -> GeneratedFile:
    """A one-page after-visit summary."""
    fac, dr = pop.facility(p.facility), pop.provider(p.pcp)
    doc = PdfDoc()
    for parts in common.letterhead(fac, rng):
        doc.line(*parts)
    doc.blank()
    doc.line("AFTER VISIT SUMMARY", bold=True)
    doc.line(common.name(p, "mi"), "    DOB: ", common.dob(p, "mdy_short"), "    MRN: ", common.mrn(p))
    visit = service_date(rng)
    doc.line("Visit date: ", Val("date", fmt_date(visit, "long"), p.id), "    Provider: ",
             common.provider_name(dr), f", {dr.credential}")
    doc.blank()
    doc.line("Diagnoses addressed today:", bold=True)
    for code in p.dx:
        doc.line("  ", *common.dx_parts(p, code, dx.description(code)[:80]))
    doc.line("Your medications:", bold=True)
    for med in rng.sample(MEDICATIONS, rng.randint(1, 4)):
        doc.line(f"  {med}")
    doc.line(f"Vitals: BP {rng.randint(105, 160)}/{rng.randint(62, 98)}  HR {rng.randint(55, 100)}  "
             f"Wt {rng.randint(110, 260)} lb  Temp {rng.choice(('97.9', '98.2', '98.6', '99.1'))} F")
    doc.blank()
    nxt = visit + timedelta(days=rng.choice((14, 28, 42, 90)))
    doc.line("Next appointment: ", Val("date", fmt_date(nxt, "mdy"), p.id), " with ",
             common.provider_name(dr))
    doc.line("View results in the patient portal:")
    doc.line("  ", Val("url", portal_url(rng, fac.portal_host, p.portal_id), p.id))
    doc.line("We will call you at ", common.phone(p.id, p.mobile or p.phone, "dash"),
             " if anything changes.")
    return doc.render(path)
