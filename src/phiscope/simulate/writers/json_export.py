"""Application database exports: a nested JSON document and an NDJSON event log, both streamed."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from phiscope.simulate.contact import ipv4
from phiscope.simulate.dates import service_date
from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Insert, Val


class Recorder:
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
    ids: list[dict[str, Any]] = [{"system": "mrn", "value": Val("mrn", p.mrn, p.id)}]
    tax = p.tax_id()
    if tax:
        ids.append({"system": tax[0], "value": Val(tax[0], tax[1], p.id)})
    optional = (("medicare-mbi", "medicare_mbi", p.mbi), ("medicare-hicn", "medicare_hicn", p.hicn),
                ("medicaid", "medicaid_id", p.medicaid_id), ("passport-us", "passport", p.passport),
                (f"drivers-license-{(p.dl_state or '').lower()}", "drivers_license", p.dl))
    ids += [{"system": system, "value": Val(element, value, p.id)}
            for system, element, value in optional if value]
    return {
        "resourceId": f"rec-{rng.getrandbits(40):010x}",
        "name": {"family": Val("person_name", p.last, p.id), "given": [Val("person_name", p.first, p.id)],
                 **({"suffix": [p.suffix]} if p.suffix else {})},
        "birthDate": Val("dob", p.dob.isoformat(), p.id),
        **({"deceasedDateTime": Val("date", p.deceased.isoformat(), p.id)} if p.deceased else {}),
        "gender": "female" if p.sex == "F" else "male",
        "identifiers": ids,
        "telecom": [{"type": "phone", "value": Val("phone", p.phone, p.id)},
                    {"type": "email", "value": Val("email", p.email, p.id)}],
        "address": {"line": [Val("street_address", p.address.line1(), p.id)],
                    "city": Val("city_state_zip", p.address.city, p.id), "state": p.address.state,
                    "postalCode": Val("city_state_zip", p.address.zip, p.id), "country": p.address.country},
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
    rec = Recorder()
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


class JsonExports:
    """``exports/caretrack_export.json`` (a quarter of the patients, nested) and ``exports/events.ndjson``
    (one event per line, about half as many as patients) of one shard, streamed."""

    def __init__(self, sink: PartSink, seed: int, suffix: str) -> None:
        self._sink = sink
        self._doc_path = f"exports/caretrack_export{suffix}.json"
        self._log_path = f"exports/events{suffix}.ndjson"
        self._rng = random.Random(f"{seed}:{self._doc_path}")
        self._doc = sink.create(self._doc_path).open("w", encoding="utf-8", newline="\n")
        self._log = sink.create(self._log_path).open("w", encoding="utf-8", newline="\n")
        head = {"system": "CareTrack", "schemaVersion": "3.2.1", "batch": f"B-{self._rng.randint(100, 999)}"}
        self._doc.write('{\n  "export": ' + json.dumps(head, ensure_ascii=False) + ',\n  "patients": [')
        self._records = self._lines = 0

    def _record_into(self, where_path: str, extra: dict[str, Any] | None, obj: Any, path: str) -> Any:
        rec = Recorder()
        data = rec.resolve(obj, where_path, extra)
        for i in rec.inserts:
            self._sink.add(path, i.val, i.where)
        return data

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append a chunk of patients."""
        rng = self._rng
        for p in patients:
            if rng.random() < 0.25:
                data = self._record_into(f"$.patients[{self._records}]", None, _patient_record(p, pop, rng),
                                         self._doc_path)
                text = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n    ")
                self._doc.write(("," if self._records else "") + "\n    " + text)
                self._records += 1
        for _ in range(len(patients) // 2 + (rng.random() < 0.5 if len(patients) % 2 else 0)):
            self._lines += 1
            event = self._record_into("$", {"line": self._lines}, _event(rng.choice(patients), rng),
                                      self._log_path)
            self._log.write(json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> None:
        """Close the array and both files."""
        self._doc.write("\n  ]\n}\n")
        self._doc.close()
        self._log.close()
