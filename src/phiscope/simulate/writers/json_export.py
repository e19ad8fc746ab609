"""Application database exports: one nested JSON document and one NDJSON event log."""

from __future__ import annotations

import json
import random
from typing import Any

from phiscope.simulate.contact import ipv4
from phiscope.simulate.dates import service_date
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.truth import Insert, Val


class _Recorder:
    """Turns ``Val`` leaves of a nested structure into strings, recording JSON paths."""

    def __init__(self) -> None:
        self.inserts: list[Insert] = []

    def resolve(self, obj: Any, path: str, extra: dict[str, Any] | None = None) -> Any:
        if isinstance(obj, Val):
            self.inserts.append(Insert(obj, {"json_path": path, **(extra or {})}))
            return obj.value
        if isinstance(obj, dict):
            return {k: self.resolve(v, f"{path}.{k}", extra) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.resolve(v, f"{path}[{i}]", extra) for i, v in enumerate(obj)]
        return obj


def _patient_record(p: Patient, pop: Population, rng: random.Random) -> dict[str, Any]:
    dr = pop.provider(p.pcp)
    tax_el, tax = p.tax_id()
    ids: list[dict[str, Any]] = [{"system": "mrn", "value": Val("mrn", p.mrn, p.id)},
                                 {"system": tax_el, "value": Val(tax_el, tax, p.id)}]
    optional = (("medicare-mbi", "medicare_mbi", p.mbi), ("medicare-hicn", "medicare_hicn", p.hicn),
                ("medicaid", "medicaid_id", p.medicaid_id), ("passport-us", "passport", p.passport),
                (f"drivers-license-{(p.dl_state or '').lower()}", "drivers_license", p.dl))
    ids += [{"system": system, "value": Val(element, value, p.id)}
            for system, element, value in optional if value]
    return {
        "resourceId": f"rec-{rng.getrandbits(40):010x}",
        "name": {"family": Val("person_name", p.last, p.id), "given": [Val("person_name", p.first, p.id)]},
        "birthDate": Val("dob", p.dob.isoformat(), p.id),
        "gender": "female" if p.sex == "F" else "male",
        "identifiers": ids,
        "telecom": [{"type": "phone", "value": Val("phone", p.phone, p.id)},
                    {"type": "email", "value": Val("email", p.email, p.id)}],
        "address": {"line": [Val("street_address", p.address.line1(), p.id)],
                    "city": Val("city_state_zip", p.address.city, p.id), "state": p.address.state,
                    "postalCode": Val("city_state_zip", p.address.zip, p.id)},
        "coverage": {"payer": p.payer, "memberId": Val("health_plan_member_id", p.member_id, p.id)},
        "conditions": [{"code": Val("icd10_diagnosis", c, p.id), "system": "ICD-10-CM"} for c in p.dx],
        "encounters": [{"date": Val("date", service_date(rng).isoformat(), p.id), "type": "office",
                        "provider": {"name": Val("person_name", f"{dr.first} {dr.last}", dr.id),
                                     "npi": Val("npi", dr.npi, dr.id)},
                        "orderId": f"ORD-{rng.randint(1000000, 9999999)}", "amount": rng.randint(40, 900)}
                       for _ in range(rng.randint(1, 3))],
    }


def app_export(pop: Population, rng: random.Random, path: str) -> GeneratedFile:
    """A nested JSON export of a quarter of the patients."""
    pts = rng.sample(list(pop.patients), max(1, len(pop.patients) // 4))
    doc = {"export": {"system": "CareTrack", "schemaVersion": "3.2.1", "batch": f"B-{rng.randint(100, 999)}"},
           "patients": [_patient_record(p, pop, rng) for p in pts]}
    rec = _Recorder()
    data = rec.resolve(doc, "$")
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return GeneratedFile(path, text.encode("utf-8"), rec.inserts)


def _event(p: Patient, rng: random.Random) -> dict[str, Any]:
    kind = rng.choice(("appointment.booked", "appointment.reminder_sent", "portal.login", "message.sent"))
    event: dict[str, Any] = {"event": kind, "eventId": f"evt_{rng.getrandbits(48):012x}",
                             "patient": {"mrn": Val("mrn", p.mrn, p.id),
                                         "name": Val("person_name", p.full, p.id)}}
    if kind.startswith("appointment"):
        event["date"] = Val("date", service_date(rng).isoformat(), p.id)
        event["time"] = f"{rng.randint(8, 16):02d}:{rng.choice(('00', '30'))}"
        event["phone"] = Val("phone", f"+1{p.phone}", p.id)
    elif kind == "portal.login":
        event["ip"] = Val("ip_address", ipv4(rng), p.id)
    else:
        event["to"] = Val("email", p.email, p.id)
    return event


def event_log(pop: Population, rng: random.Random, path: str) -> GeneratedFile:
    """NDJSON: one event per line; values carry ``line`` and ``json_path``."""
    rec = _Recorder()
    lines = []
    for n in range(1, max(2, len(pop.patients) // 2) + 1):
        event = rec.resolve(_event(rng.choice(pop.patients), rng), "$", {"line": n})
        lines.append(json.dumps(event, ensure_ascii=False, separators=(",", ":")))
    return GeneratedFile(path, ("\n".join(lines) + "\n").encode("utf-8"), rec.inserts)


def write_json(pop: Population, rng: random.Random) -> list[GeneratedFile]:
    """``exports/caretrack_export.json`` and ``exports/events.ndjson``."""
    return [app_export(pop, rng, "exports/caretrack_export.json"),
            event_log(pop, rng, "exports/events.ndjson")]
