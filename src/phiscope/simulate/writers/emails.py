"""E-mail content: outreach lists with CSV attachments, lab results with PDFs, billing questions."""

from __future__ import annotations

import random
from email.message import EmailMessage

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile, TextDoc
from phiscope.simulate.people import Patient, Population, Staff
from phiscope.simulate.truth import Insert, Val
from phiscope.simulate.values import format_card
from phiscope.simulate.writers import common
from phiscope.simulate.writers.letters import referral_letter
from phiscope.simulate.writers.mail import Header, message
from phiscope.simulate.writers.reports import lab_report
from phiscope.simulate.writers.tables import csv_file

Msg = tuple[EmailMessage, list[Insert]]


def _addr(s: Staff) -> tuple[Val | str, ...]:
    return (common.staff_name(s), " <", Val("email", s.email, s.id), ">")


def _signature(doc: TextDoc, s: Staff) -> None:
    doc.line("")
    doc.line("Thanks,")
    doc.line(common.staff_name(s))
    doc.line(f"{s.title}, Connecticut Valley Health Partners")
    doc.line("Direct: ", common.phone(s.id, s.phone, "dash"))


def outreach(pts: list[Patient], pop: Population, rng: random.Random, attach: bool) -> Msg:
    """Staff to staff: patients to call, with the full list attached as CSV."""
    a, b = rng.sample(pop.staff, 2)
    doc = TextDoc()
    doc.line(f"Hi {b.first},")
    doc.line("")
    doc.line("Here are the patients we still need to reach for the A1c outreach:")
    for p in pts:
        doc.line("- ", common.name(p, "full", rng, 0.01), " (DOB ", common.dob(p, "mdy", rng, 0.005), ") ",
                 common.phone(p.id, p.phone, "paren", rng, 0.005), " MRN ", common.mrn(p))
    if attach:
        doc.line("Full list attached (with SSNs for the eligibility check).")
    _signature(doc, a)
    doc.line("")
    doc.line(f"> On {rng.choice(('Monday', 'Tuesday', 'Wednesday'))}, ", common.staff_name(b), " wrote:")
    doc.line("> Can you send me the outreach list before Friday?")
    files = [_outreach_csv(pts)] if attach else []
    headers: list[Header] = [("From", _addr(a)), ("To", _addr(b)), ("Subject", ("RE: A1c outreach list",))]
    return message(headers, doc, rng, files)


def _outreach_csv(pts: list[Patient]) -> GeneratedFile:
    rows = [[common.name(p, "last_first_mixed"), common.dob(p, "mdy"), common.tax_id(p), common.mrn(p),
             common.phone(p.id, p.phone, "dash"), Val("icd10_diagnosis", p.dx[0], p.id)] for p in pts]
    return csv_file("outreach_list.csv", ["Patient", "DOB", "SSN", "MRN", "Phone", "Dx"], rows)


def lab_mail(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random) -> Msg:
    """Provider to staff: please call the patient; the lab report is attached."""
    dr, s = pop.provider(p.pcp), rng.choice(pop.staff)
    doc = TextDoc()
    doc.line(f"{s.first},")
    doc.line("")
    doc.line("Please call ", common.name(p), " at ", common.phone(p.id, p.mobile or p.phone, "dash"),
             " about the attached results (", Val("icd10_diagnosis", p.dx[0], p.id), " follow-up). DOB ",
             common.dob(p, "mdy"), ".")
    doc.line("")
    doc.line(common.provider_name(dr), f", {dr.credential}")
    headers: list[Header] = [
        ("From", (common.provider_name(dr), " <", Val("email", dr.email, dr.id), ">")),
        ("To", _addr(s)), ("Subject", ("Abnormal labs - please call patient",))]
    return message(headers, doc, rng, [lab_report(p, pop, dx, rng, "lab_results.pdf")])


def referral_mail(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random) -> Msg:
    """Staff to staff: the signed referral letter (DOCX) to fax over."""
    a, b = rng.sample(pop.staff, 2)
    doc = TextDoc()
    doc.line(f"{b.first},")
    doc.line("")
    doc.line("Attached is the referral for ", common.name(p, "mi"), " (DOB ", common.dob(p, "mdy_short"),
             "). Please fax it over today; the specialist needs the insurance details.")
    _signature(doc, a)
    headers: list[Header] = [("From", _addr(a)), ("To", _addr(b)), ("Subject", ("Referral to fax",))]
    return message(headers, doc, rng, [referral_letter(p, pop, dx, rng, "referral.docx")])


def billing_question(p: Patient, pop: Population, rng: random.Random) -> Msg:
    """A patient writes to billing from a personal address, with card or bank details."""
    s = pop.staff[0]
    doc = TextDoc()
    doc.line("Hello,")
    doc.line("")
    doc.line("My name is ", common.name(p), " (DOB ", common.dob(p, rng.choice(("mdy", "mdy_short"))),
             "). My visit on ", Val("date", fmt_date(service_date(rng), "mdy"), p.id), " was billed twice.")
    if p.card:
        doc.line("Both charges went on my card ", Val("payment_card", format_card(p.card, "-"), p.id), ".")
    elif p.routing and p.account:
        doc.line("Please refund to my checking account: routing ", Val("aba_routing", p.routing, p.id),
                 ", account ", Val("bank_account", p.account, p.id), ".")
    doc.line("My member ID is ", Val("health_plan_member_id", p.member_id, p.id), ". You can call me at ",
             common.phone(p.id, p.phone, rng.choice(("paren", "dot", "intl"))), ".")
    doc.line("")
    doc.line(Val("person_name", p.nickname or p.first, p.id))
    headers: list[Header] = [("From", (Val("email", p.email, p.id),)), ("To", _addr(s)),
                             ("Subject", ("Question about my bill",))]
    return message(headers, doc, rng, domain=p.email.rsplit("@", 1)[1])
