"""Large single-format inputs for throughput measurement, built from the
simulator's synthetic population so they carry realistic PHI density."""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Iterator
from pathlib import Path

from phiscope.simulate.people import Patient
from phiscope.simulate.population import make_population


def _row(p: Patient, i: int) -> list[str]:
    return [p.last.upper(), p.first, p.dob.strftime("%m/%d/%Y"), p.ssn or p.itin or "",
            f"{p.mrn}", p.address.line1(), p.address.city, p.address.state, p.address.zip,
            f"({p.phone[:3]}) {p.phone[3:6]}-{p.phone[6:]}", p.email, p.member_id, p.dx[0] if p.dx else "",
            f"visit {i}"]


HEADER = ["PT_LNAME", "PT_FNAME", "DOB", "SSN", "MRN", "Address", "City", "State", "Zip", "Phone",
          "Email", "Member ID", "Dx Code", "Notes"]


def patients(n: int, seed: int) -> list[Patient]:
    """A synthetic population's patients."""
    return list(make_population(n, seed).patients)


def write_csv(path: Path, pts: list[Patient], rows: int) -> int:
    """A patient export with ``rows`` rows (patients repeat); returns rows written."""
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            w.writerow(_row(pts[i % len(pts)], i))
    return rows


PROSE = (
    "The patient reports improved sleep and better adherence to the medication schedule.",
    "Review of systems is negative for fever, chills, chest pain or shortness of breath.",
    "On examination the lungs are clear to auscultation bilaterally without wheezes or rales.",
    "Heart has a regular rate and rhythm with no murmurs, rubs or gallops appreciated.",
    "Abdomen is soft, non-tender and non-distended with normal bowel sounds in all quadrants.",
    "Extremities show no edema, cyanosis or clubbing; distal pulses are intact and symmetric.",
    "Neurologic examination is grossly non-focal; gait is steady without assistive device.",
    "We discussed the importance of diet, regular exercise and limiting alcohol intake.",
    "Laboratory results from the last visit were reviewed with the patient in detail.",
    "Hemoglobin A1c has trended down and renal function remains within normal limits.",
    "The patient was counseled on warning signs that should prompt an emergency visit.",
    "Medication reconciliation was completed and the list was updated in the chart.",
    "Continue the current regimen and return to clinic in three months for follow-up.",
    "Influenza vaccination was offered and administered in the left deltoid without incident.",
    "Home blood pressure readings were reviewed and are mostly at goal per the patient log.",
    "Plan discussed with the patient, who verbalized understanding and agreement.",
    "Physical therapy referral was placed for persistent lower back discomfort.",
    "No changes were made to the insulin dose given stable fasting glucose values.",
    "Smoking cessation was encouraged and resources were provided during the visit.",
    "The patient denies any recent falls, hospitalizations or emergency department visits.",
)


def note(p: Patient, rng: random.Random) -> str:
    """A clinical note: labelled identifiers in the header, then about 2 KB of prose."""
    dx = ", ".join(p.dx) or "none"
    body = " ".join(rng.choice(PROSE) for _ in range(22))
    return (
        f"Patient: {p.last_first}    DOB: {p.dob:%m/%d/%Y}    MRN: {p.mrn}\n"
        f"{p.first} {p.last} was seen today for follow-up of chronic conditions ({dx}). {body}\n"
        f"Vitals stable, BP {rng.randint(100, 150)}/{rng.randint(60, 95)}, HR {rng.randint(55, 100)}. "
        "The patient reports improved sleep and adherence to medications. Continue current plan, "
        "labs in three months, return to clinic sooner if symptoms worsen. Discussed diet and "
        "exercise; patient verbalized understanding.\n"
        f"Contact: ({p.phone[:3]}) {p.phone[3:6]}-{p.phone[6:]}, {p.email}. "
        f"Address on file: {p.address.line1()}, {p.address.last_line()}.\n"
        f"Insurance member ID {p.member_id}. SSN: {p.ssn or p.itin}\n\n"
    )


def notes(pts: list[Patient], seed: int) -> Iterator[str]:
    """An endless stream of notes."""
    rng = random.Random(seed)
    i = 0
    while True:
        yield note(pts[i % len(pts)], rng)
        i += 1


def write_text(path: Path, pts: list[Patient], mb: int, seed: int) -> int:
    """About ``mb`` MB of clinical notes; returns bytes written."""
    target = mb << 20
    size = 0
    with path.open("w") as f:
        for chunk in notes(pts, seed):
            f.write(chunk)
            size += len(chunk)
            if size >= target:
                break
    return size


MTSAMPLES = Path(__file__).resolve().parents[2] / "shared" / "data" / "mtsamples" / "mtsamples.csv"


def write_mtsamples(path: Path) -> int:
    """The 4,999 real MTSamples transcriptions as one text file (0 when ../shared is absent)."""
    if not MTSAMPLES.exists():
        return 0
    csv.field_size_limit(1 << 30)
    with MTSAMPLES.open(newline="", encoding="utf-8") as f:
        text = "\n\n".join(row["transcription"] for row in csv.DictReader(f))
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def write_ndjson(path: Path, pts: list[Patient], records: int) -> int:
    """An application-database export, one JSON object per line."""
    with path.open("w") as f:
        for i in range(records):
            p = pts[i % len(pts)]
            f.write(json.dumps({
                "id": i, "patient": {"name": {"family": p.last, "given": [p.first]},
                                     "birthDate": p.dob.isoformat(), "ssn": p.ssn or p.itin,
                                     "mrn": p.mrn, "telecom": {"phone": p.phone, "email": p.email},
                                     "address": {"line": p.address.line1(), "city": p.address.city,
                                                 "state": p.address.state, "zip": p.address.zip}},
                "encounter": {"reason": "follow-up", "dx": list(p.dx)},
            }) + "\n")
    return records


def write_pdf(path: Path, pts: list[Patient], pages: int, seed: int) -> int:
    """A multi-page lab/visit report PDF (reportlab); returns pages."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    c = canvas.Canvas(str(path), pagesize=letter)
    for i in range(pages):
        p = pts[i % len(pts)]
        y = 740
        for line in note(p, rng).splitlines():
            for k in range(0, len(line), 95):
                c.drawString(40, y, line[k:k + 95])
                y -= 14
        for k in range(25):
            c.drawString(40, y, f"Result {k + 1}: WBC {rng.uniform(3, 11):.1f} x10^3/uL  ref 4.0-10.5")
            y -= 14
        c.showPage()
    c.save()
    return pages


def write_xlsx(path: Path, pts: list[Patient], rows: int) -> int:
    """A billing workbook with one big sheet."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("Billing")
    ws.write_row(0, 0, HEADER)
    for i in range(rows):
        ws.write_row(i + 1, 0, _row(pts[i % len(pts)], i))
    wb.close()
    return rows
