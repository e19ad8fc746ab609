"""Plain-text documents: case notes, help-desk tickets, and identifier-free look-alikes."""

from __future__ import annotations

import random

from phiscope.simulate.clinical import MEDICATIONS, DxCatalog
from phiscope.simulate.contact import ipv4
from phiscope.simulate.dates import fmt_date, service_date
from phiscope.simulate.documents import GeneratedFile, TextDoc
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.truth import Val
from phiscope.simulate.values import format_card
from phiscope.simulate.writers import common


def _soap(doc: TextDoc, p: Patient, dx: DxCatalog, rng: random.Random) -> None:
    first = dx.description(p.dx[0])[:80].lower()
    doc.line(f"S: {p.age_on(service_date(rng))} yo {p.sex} seen for follow-up of {first} (",
             Val("icd10_diagnosis", p.dx[0], p.id), "). ", rng.choice((
                 "Reports good adherence.", "Missed two doses last week.", "No new complaints.")),
             f" {p.ec_relation.capitalize()} ", Val("person_name", p.ec_name, p.ec_id), " present.")
    doc.line(f"O: BP {rng.randint(105, 165)}/{rng.randint(60, 99)}, HR {rng.randint(55, 104)}, "
             f"Temp {rng.choice(('97.8', '98.4', '98.6', '99.0'))} F, WBC {rng.randint(40, 110) / 10:.1f}, "
             f"A1c {rng.randint(52, 98) / 10:.1f}%. Seen in Room B{rng.randint(10, 30)}.")
    for code in p.dx:
        doc.line("A: ", Val("icd10_diagnosis", code, p.id), f" - {dx.description(code)[:80]}")
    doc.line(f"P: Continue {rng.choice(MEDICATIONS)}. Follow up in {rng.choice((2, 4, 6, 12))} weeks. "
             f"Order ORD-{rng.randint(1000000, 9999999)} placed.")


def _finance(doc: TextDoc, p: Patient, rng: random.Random) -> None:
    if p.card:
        doc.line("Card on file: ", Val("payment_card", format_card(p.card, " "), p.id),
                 f" exp {rng.randint(1, 12):02d}/{rng.randint(25, 30)}")
    if p.routing and p.account:
        doc.line("ACH: routing ", Val("aba_routing", p.routing, p.id), " account ",
                 Val("bank_account", p.account, p.id))


def case_note(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random, path: str) -> GeneratedFile:
    """A case-management note in SOAP form with labelled identifiers."""
    doc = TextDoc()
    staff = rng.choice(pop.staff)
    doc.line("CASE MANAGEMENT NOTE")
    doc.line("Date of service: ", Val("date", fmt_date(service_date(rng), rng.choice(("iso", "mdy"))), p.id))
    doc.line("Pt: ", common.name(p, "suffixed", rng, 0.01), "   MRN ", common.mrn(p), "   DOB ",
             common.dob(p, "mdy", rng, 0.005))
    if p.nickname:
        doc.line("Goes by ", Val("person_name", p.nickname, p.id), ".")
    if p.deceased:
        doc.line("** Patient deceased ", Val("date", fmt_date(p.deceased, "mdy"), p.id), " - close case **")
    doc.line("Case manager: ", common.staff_name(staff), f", {staff.title}")
    doc.line("")
    _soap(doc, p, dx, rng)
    doc.line("")
    tax = p.tax_id()
    label = "ITIN: " if tax and tax[0] == "itin" else "SSN on file: "
    doc.line(label, Val(tax[0], tax[1], p.id) if tax else p.ssn_placeholder or "none", "     Callback: ",
             common.phone(p.id, p.mobile or p.phone, rng.choice(("dot", "dash", "paren"))),
             common.extension(rng) if rng.random() < 0.1 else "")
    if p.passport and rng.random() < 0.7:
        doc.line("ID verified with US passport no. ", Val("passport", p.passport, p.id))
    if rng.random() < 0.5:
        _finance(doc, p, rng)
    return doc.to_file(path, newline=rng.choice(("\n", "\r\n")))


# (user label, separator, password label): the username and the password are
# recorded as two values of the element, as a detector reports them
_CRED_FORMS = (("username: ", " / password: "), ("user: ", " pass: "), ("Login: ", "  Password: "))


def helpdesk_tickets(pop: Population, rng: random.Random, path: str) -> GeneratedFile:
    """Portal password-reset tickets of ``pop.patients``: credentials in clear, IPs, portal links."""
    doc = TextDoc()
    doc.line("IT SERVICE DESK - PATIENT PORTAL TICKETS (export)")
    doc.line("=" * 60)
    for p in pop.patients:
        fac, staff = pop.facility(p.facility), rng.choice(pop.staff)
        user_label, pass_label = rng.choice(_CRED_FORMS)
        doc.line(f"Ticket #{rng.randint(40000, 99999)} - Portal password reset")
        doc.line("Requester: ", common.name(p, "preferred", rng, 0.01), " <", Val("email", p.email, p.id),
                 ">")
        doc.line("Sign-in attempts from ", Val("ip_address", ipv4(rng), p.id), " and ",
                 Val("ip_address", ipv4(rng), p.id))
        doc.line("Temporary credentials issued -> ", user_label, Val("username_password", p.username, p.id),
                 pass_label, Val("username_password", p.password, p.id))
        link = f"https://{fac.portal_host}/login?user={p.portal_id}"
        doc.line("Portal link sent: ", Val("url", link, p.id))
        doc.line("Resolved by: ", common.staff_name(staff), f" (workstation WS-{rng.randint(100, 999)}, "
                 f"build v{rng.randint(2, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)})")
        doc.line("-" * 60)
    return doc.to_file(path)


def reference_ranges(rng: random.Random, path: str) -> GeneratedFile:
    """A document with no identifiers at all: lab ranges, order and lot numbers, codes that are not PHI."""
    doc = TextDoc()
    doc.line("LABORATORY REFERENCE RANGES AND ORDERING GUIDE (rev. 7)")
    doc.line("Forms: write the SSN as XXX-XX-XXXX; never use 000-00-0000 as a placeholder.")
    rows = ("WBC 4.0-11.0 K/uL", "Hemoglobin 12.0-17.5 g/dL", "Platelets 150-400 K/uL",
            "Glucose (fasting) 70-99 mg/dL", "HbA1c < 5.7 %", "TSH 0.40-4.00 uIU/mL", "LDL < 100 mg/dL")
    for row in rows:
        doc.line(f"  {row}   order code {rng.randint(1000, 9999)}   tube: lavender/gold")
    for _ in range(6):
        doc.line(f"Supply order PO-{rng.randint(100000, 999999)}: "
                 f"lot {rng.choice('ABCDK')}{rng.randint(1000, 9999)}, qty {rng.randint(1, 40)}, "
                 f"catalog #{rng.randint(100000000, 999999999)}, "
                 f"invoice INV-{rng.randint(10000, 99999)}, NDC 0002-{rng.randint(1000, 9999)}-01")
    doc.line("Billing codes used on requisitions: CPT 80053, 85025, 83036; room numbers B20, C12, E11.")
    doc.line("Courier pickup 08:30 and 14:45. Centrifuge at 1300 rpm x 10 min. Store at 2-8 C.")
    return doc.to_file(path)
