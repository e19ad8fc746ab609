"""A FHIR R4 bulk-data export: ``Patient.ndjson`` and ``Condition.ndjson``, one resource a line, streamed.

About 40% of the patients are exported (the ones a payer's bulk ``$export``
covered): Patient with identifiers typed MR and SS, official name, birth
date, address, phone and e-mail, the emergency contact (a person of their
own) and the date of death; one Condition per diagnosis with its ICD-10-CM
coding and a reference to the patient. Truth values are located by line
and JSON path, in the form a FHIR reader reports them (street lines joined
with ``", "``, ``City, ST ZIP``, given names before the family name).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from typing import Any

from phiscope.simulate.clinical import DxCatalog
from phiscope.simulate.contact import fmt_phone
from phiscope.simulate.dates import service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers.hl7_fields import csz
from phiscope.simulate.writers.json_export import Recorder

SHARE = 0.4
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
US_SSN = "http://hl7.org/fhir/sid/us-ssn"


def _uuid(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


def _identifier(code: str, system: str, value: Val) -> dict[str, Any]:
    return {"use": "usual" if code == "MR" else "official",
            "type": {"coding": [{"system": V2_0203, "code": code}]}, "system": system, "value": value}


def _contact(p: Patient, rng: random.Random) -> dict[str, Any]:
    given, _, family = p.ec_name.rpartition(" ")
    return {"relationship": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0131",
                                          "code": "C"}], "text": p.ec_relation.title()}],
            "name": {"family": family, "given": [given],
                     "_joined": Val("person_name", p.ec_name, p.ec_id)},
            "telecom": [{"system": "phone", "value": Val("phone", fmt_phone(p.ec_phone, "dash"), p.ec_id),
                         "use": "mobile"}]}


def patient_resource(p: Patient, pop: Population, rng: random.Random, rid: str) -> dict[str, Any]:
    """One Patient; ``Val`` leaves are the truth values (``_joined`` ones are recorded, not written)."""
    fac = pop.facility(p.facility)
    ids = [_identifier("MR", f"urn:oid:2.16.840.1.113883.3.7421.{fac.id[4:]}", Val("mrn", p.mrn, p.id))]
    if p.ssn:
        ids.append(_identifier("SS", US_SSN, Val("ssn", p.ssn, p.id)))
    addr = p.address
    home = fmt_phone(p.phone, rng.choice(("paren", "dash")))
    telecom = [{"system": "phone", "value": Val("phone", home, p.id), "use": "home"}]
    if p.mobile:
        telecom.append({"system": "phone", "value": Val("phone", fmt_phone(p.mobile, "dash"), p.id),
                        "use": "mobile"})
    telecom.append({"system": "email", "value": Val("email", p.email, p.id)})
    res: dict[str, Any] = {
        "resourceType": "Patient", "id": rid, "meta": {"lastUpdated": "2024-03-15T06:12:44Z"},
        "identifier": ids,
        "name": [{"use": "official", "family": p.last, "given": [p.first],
                  "_joined": Val("person_name", p.full, p.id)}],
        "telecom": telecom, "gender": "female" if p.sex == "F" else "male",
        "birthDate": Val("dob", p.dob.isoformat(), p.id),
        "address": [{"use": "home", "line": [addr.street, *([addr.unit] if addr.unit else [])],
                     "city": addr.city, "state": addr.state, "postalCode": addr.zip,
                     "country": addr.country,
                     "_joined": [Val("street_address", addr.line1(", "), p.id),
                                 Val("city_state_zip", csz(addr), p.id)]}],
        "contact": [_contact(p, rng)],
    }
    if p.deceased:
        res["deceasedDateTime"] = Val("date", p.deceased.isoformat(), p.id)
    return res


def condition_resource(p: Patient, code: str, dx: DxCatalog, rng: random.Random,
                       patient_ref: str) -> dict[str, Any]:
    """One Condition with ICD-10-CM coding."""
    return {
        "resourceType": "Condition", "id": _uuid(rng),
        "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                       "code": "active"}]},
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": ICD10CM, "code": Val("icd10_diagnosis", code, p.id),
                             "display": dx.description(code)}]},
        "subject": {"reference": f"Patient/{patient_ref}"},
        "recordedDate": Val("date", service_date(rng).isoformat(), p.id),
    }


class FhirExports:
    """``exports/fhir/Patient.ndjson`` and ``exports/fhir/Condition.ndjson`` of one shard."""

    def __init__(self, sink: PartSink, seed: int, suffix: str, dx: DxCatalog) -> None:
        self._sink = sink
        self._paths = (f"exports/fhir/Patient{suffix}.ndjson", f"exports/fhir/Condition{suffix}.ndjson")
        self._rng = random.Random(f"{seed}:{self._paths[0]}")
        self._out = [sink.create(path).open("w", encoding="utf-8", newline="\n") for path in self._paths]
        self._lines = [0, 0]
        self._dx = dx

    def _line(self, which: int, resource: dict[str, Any]) -> None:
        self._lines[which] += 1
        rec = Recorder()
        data = rec.resolve(resource, "$", {"line": self._lines[which]})
        for i in rec.inserts:
            where = {**i.where, "json_path": str(i.where["json_path"]).split("._joined")[0]}
            self._sink.add(self._paths[which], i.val, where)
        self._out[which].write(json.dumps(_strip(data), ensure_ascii=False, separators=(",", ":")) + "\n")

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the resources of a chunk of patients."""
        rng = self._rng
        for p in patients:
            if rng.random() >= SHARE:
                continue
            rid = _uuid(rng)
            self._line(0, patient_resource(p, pop, rng, rid))
            for code in p.dx:
                self._line(1, condition_resource(p, code, self._dx, rng, rid))

    def close(self) -> None:
        """Close both files."""
        for out in self._out:
            out.close()


def _strip(obj: Any) -> Any:
    """Drop ``_joined`` members (truth only: the values a reader builds from several members)."""
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k != "_joined"}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj
