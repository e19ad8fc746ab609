"""HL7 v2 interface logs: ADT registrations and ORU lab results, one message per visit, streamed.

``interfaces/adt_20240330.hl7`` holds an ADT^A04 (or A08) message for about
half of the patients: MSH, EVN, PID (MRN, name with maiden name, birth date,
address, phones and e-mail, SSN where the patient has one, driver's license),
NK1 (the emergency contact, a person of their own), PV1 (attending provider
with NPI, admit date), DG1 (ICD-10 codes, system I10) and IN1 (payer, insured
name and birth date, member ID). ``interfaces/oru_20240330.hl7`` holds an
ORU^R01 lab result for about one in eight patients. Segments end with CR, as
interface engines log them. Truth values are located by line (one per
segment) and column (``PID-5``).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from phiscope.simulate.clinical import LAB_PANELS, DxCatalog, lab_value
from phiscope.simulate.dates import service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers import hl7_fields as h
from phiscope.simulate.writers.hl7_fields import Fld

ADT_SHARE = 0.5
ORU_SHARE = 0.125
LOG_DAY = "20240330"
Segment = tuple[str, dict[int, Fld | str]]


def _msh(facility: str, kind: str, control: str, when: str) -> str:
    return (f"MSH|^~\\&|EPIC|{facility}|RHAPSODY|{facility}|{when}||{kind}|{control}|P|2.5.1"
            "|||AL|NE||UNICODE UTF-8")


class _Log:
    """One .hl7 file: messages appended, each value's line and column recorded."""

    def __init__(self, sink: PartSink, path: str) -> None:
        self._sink = sink
        self.path = path
        self._out = sink.create(path).open("w", encoding="utf-8", newline="")
        self._line = 0

    def message(self, msh: str, segments: Sequence[Segment]) -> None:
        lines = [msh]
        self._line += 1
        for name, fields in segments:
            self._line += 1
            cells = [""] * (max(fields) + 1)
            cells[0] = name
            for n, value in fields.items():
                if isinstance(value, Fld):
                    cells[n] = value.text
                    for v in value.vals:
                        self._sink.add(self.path, v, {"line": self._line, "column": f"{name}-{n}"})
                else:
                    cells[n] = value
            lines.append("|".join(cells))
        self._out.write("\r".join(lines) + "\r")

    def close(self) -> None:
        self._out.close()


def _pid(p: Patient, pop: Population, rng: random.Random, full: bool) -> Segment:
    fac = pop.facility(p.facility)
    fields: dict[int, Fld | str] = {
        1: "1", 3: h.cx(p.id, "mrn", p.mrn, fac.id.upper().replace("-", ""), "MR"),
        5: h.patient_name(p, rng) if full else h.xpn(p.id, p.last, p.first, p.middle, p.suffix or ""),
        7: h.date_field(p.dob, p.id, "dob"), 8: p.sex}
    if not full:
        return "PID", fields
    addresses = [h.xad(p.id, p.address)]
    if p.previous_address and rng.random() < 0.3:
        addresses.append(h.xad(p.id, p.previous_address, "P"))
    fields[11] = h.reps(*addresses)
    phones = [h.xtn(p.id, p.phone, rng)]
    if p.mobile:
        phones.append(h.xtn(p.id, p.mobile, rng, "CP"))
    fields[13] = h.reps(*phones, h.email(p.id, p.email))
    if p.ssn:
        ssn = p.ssn if rng.random() < 0.6 else p.ssn.replace("-", "")
        fields[19] = Fld(ssn, [Val("ssn", ssn, p.id)])
    if p.dl and rng.random() < 0.4:
        fields[20] = Fld(f"{p.dl}^{p.dl_state}", [Val("drivers_license", p.dl, p.id)])
    if p.deceased:
        fields[29], fields[30] = h.date_field(p.deceased, p.id), "Y"
    return "PID", fields


def _adt(p: Patient, pop: Population, dx: DxCatalog, rng: random.Random) -> list[Segment]:
    visit = service_date(rng)
    admit = h.date_field(visit, p.id, rng=rng)
    out: list[Segment] = [("EVN", {1: "A04", 2: admit.text}), _pid(p, pop, rng, True)]
    nk1: dict[int, Fld | str] = {1: "1", 2: h.split_name(p.ec_id, p.ec_name), 3: h.relation(p),
                                 5: h.xtn(p.ec_id, p.ec_phone, rng), 7: "EC^Emergency Contact^HL70131"}
    out.append(("NK1", nk1))
    out.append(("PV1", {1: "1", 2: "O", 3: f"CLINIC^^^{p.facility.upper().replace('-', '')}",
                        7: h.xcn(pop.provider(p.pcp)), 10: "MED", 44: admit}))
    for i, code in enumerate(p.dx, 1):
        text = f"{code}^{h.esc(dx.description(code))}^I10"
        out.append(("DG1", {1: str(i), 3: Fld(text, [Val("icd10_diagnosis", code, p.id)]),
                            5: h.date_field(visit, p.id), 6: "F" if i == 1 else "W"}))
    plan = p.payer.upper().replace(" ", "")[:8]
    insured = h.xpn(p.id, p.last, p.first, p.middle, p.suffix or "")
    out.append(("IN1", {1: "1", 2: f"{plan}^{h.esc(p.payer)}", 4: h.esc(p.payer), 16: insured,
                        17: "SEL^Self^HL70063", 18: h.date_field(p.dob, p.id, "dob"),
                        36: Fld(p.member_id, [Val("health_plan_member_id", p.member_id, p.id)])}))
    return out


def _oru(p: Patient, pop: Population, rng: random.Random) -> list[Segment]:
    panel = rng.choice(sorted(LAB_PANELS))
    order = f"LAB{rng.randint(1000000, 9999999)}"
    drawn = h.date_field(service_date(rng), p.id, rng=rng)
    dr = pop.provider(p.pcp)
    # the ordering provider once (OBR-16): a reader reports a provider once per message
    out: list[Segment] = [_pid(p, pop, rng, False), ("PV1", {1: "1", 2: "O"}), ("ORC", {1: "RE", 2: order}),
                          ("OBR", {1: "1", 2: order, 4: f"{panel.upper().replace(' ', '')}^{h.esc(panel)}^L",
                                   7: drawn, 16: h.xcn(dr), 25: "F"})]
    for i, test in enumerate(LAB_PANELS[panel], 1):
        out.append(("OBX", {1: str(i), 2: "NM", 3: f"{i}^{h.esc(test.name)}^L", 5: lab_value(rng, test),
                            6: h.esc(test.unit), 7: f"{test.low}-{test.high}", 11: "F"}))
    return out


class Hl7Messages:
    """``interfaces/adt_<day>.hl7`` and ``interfaces/oru_<day>.hl7`` of one shard, streamed."""

    def __init__(self, sink: PartSink, seed: int, suffix: str, dx: DxCatalog) -> None:
        self._adt = _Log(sink, f"interfaces/adt_{LOG_DAY}{suffix}.hl7")
        self._oru = _Log(sink, f"interfaces/oru_{LOG_DAY}{suffix}.hl7")
        self._rng = random.Random(f"{seed}:{self._adt.path}")
        self._dx = dx
        self._count = 0

    def _control(self) -> str:
        self._count += 1
        return f"MSG{self._rng.getrandbits(32):08X}{self._count:06d}"

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the messages of a chunk of patients."""
        rng = self._rng
        for p in patients:
            roll = rng.random()
            fac = p.facility.upper().replace("-", "")
            if roll < ADT_SHARE:
                segments = _adt(p, pop, self._dx, rng)
                when = str(segments[0][1][2])
                kind = "ADT^A04^ADT_A01" if rng.random() < 0.7 else "ADT^A08^ADT_A01"
                self._adt.message(_msh(fac, kind, self._control(), when), segments)
            if roll < ORU_SHARE / 2 or ADT_SHARE <= roll < ADT_SHARE + ORU_SHARE / 2:
                segments = _oru(p, pop, rng)
                when = h.ts(service_date(rng), rng)
                self._oru.message(_msh(fac, "ORU^R01^ORU_R01", self._control(), when), segments)

    def close(self) -> None:
        """Close both logs."""
        self._adt.close()
        self._oru.close()
