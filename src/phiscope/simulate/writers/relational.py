"""A relational EHR export in the style of Synthea's CSV output: only one table names people.

``exports/ehr_tables/`` holds, for about one patient in five (``SHARE``)::

    patients.csv      Id (UUID), BIRTHDATE, DEATHDATE, SSN, DRIVERS, PASSPORT, PREFIX, FIRST, LAST,
                      SUFFIX, MAIDEN, GENDER, ADDRESS, CITY, STATE, ZIP: the identity table
    encounters.csv    Id, START, STOP (ISO datetimes), PATIENT (= patients.Id), PROVIDER (an opaque
                      UUID), ENCOUNTERCLASS, REASONCODE (ICD-10-CM), REASONDESCRIPTION; 1-3 a patient
    conditions.csv    START, STOP, PATIENT, ENCOUNTER (= encounters.Id), CODE (ICD-10-CM),
                      DESCRIPTION; one per diagnosis
    observations.csv  DATE, ENCOUNTER, CODE (LOINC), DESCRIPTION, VALUE, UNITS: lab panels keyed by
                      encounter only, two joins away from a name
    payers.csv        Id, NAME, OWNERSHIP: the health plans
    claims.csv        CLAIMID, MEMBERID, PAYER (= payers.Id), SERVICEDATE, DIAG1 (ICD-10-CM without
                      the dot), CHARGE; one per encounter, keyed by the plan's member ID only
    payer_transitions.csv  PATIENT, MEMBERID, START_YEAR, END_YEAR, PAYER, OWNERSHIP: which member ID
                      each patient holds with which plan (Synthea's own table of that name), the only
                      place a claim's member ID meets a patient key

The keyed tables hold no name, birth date, SSN or MRN, yet every service
date, diagnosis code and member ID in them is in the truth under the patient
it belongs to: what a scanner that joins the keys must reproduce. Values are
located by 1-based data row and column header, as for the other CSV exports.

Each table is a file of its own, so every one streams straight to disk
(nothing is spooled). Patient, provider and payer ids are derived from the
seed and the person, encounter and claim ids from the writer's random source,
so the bytes depend only on seed and patient count.
"""

from __future__ import annotations

import csv
import hashlib
import random
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from phiscope.simulate.clinical import LAB_PANELS, DxCatalog, lab_value
from phiscope.simulate.dates import PERIOD_START, service_date
from phiscope.simulate.people import Patient, Population
from phiscope.simulate.population import PAYERS
from phiscope.simulate.sink import PartSink
from phiscope.simulate.truth import Val
from phiscope.simulate.writers import common

FOLDER = "exports/ehr_tables"
SHARE = 1 / 5
Cell = str | Val | None

PATIENTS = ("Id", "BIRTHDATE", "DEATHDATE", "SSN", "DRIVERS", "PASSPORT", "PREFIX", "FIRST", "LAST", "SUFFIX",
            "MAIDEN", "GENDER", "ADDRESS", "CITY", "STATE", "ZIP")
ENCOUNTERS = ("Id", "START", "STOP", "PATIENT", "PROVIDER", "ENCOUNTERCLASS", "REASONCODE",
              "REASONDESCRIPTION")
CONDITIONS = ("START", "STOP", "PATIENT", "ENCOUNTER", "CODE", "DESCRIPTION")
OBSERVATIONS = ("DATE", "ENCOUNTER", "CODE", "DESCRIPTION", "VALUE", "UNITS")
PAYER_COLUMNS = ("Id", "NAME", "OWNERSHIP")
CLAIMS = ("CLAIMID", "MEMBERID", "PAYER", "SERVICEDATE", "DIAG1", "CHARGE")
TRANSITIONS = ("PATIENT", "MEMBERID", "START_YEAR", "END_YEAR", "PAYER", "OWNERSHIP")

#: encounter class -> (share of encounters, longest stay in minutes)
CLASSES: dict[str, tuple[float, int]] = {
    "ambulatory": (0.45, 60), "wellness": (0.25, 45), "outpatient": (0.15, 240), "emergency": (0.1, 600),
    "inpatient": (0.05, 4 * 24 * 60),
}
#: lab test name (``clinical.LAB_PANELS``) -> (LOINC code, LOINC long common name)
LOINC: dict[str, tuple[str, str]] = {
    "WBC": ("6690-2", "Leukocytes [#/volume] in Blood by Automated count"),
    "RBC": ("789-8", "Erythrocytes [#/volume] in Blood by Automated count"),
    "Hemoglobin": ("718-7", "Hemoglobin [Mass/volume] in Blood"),
    "Hematocrit": ("4544-3", "Hematocrit [Volume Fraction] of Blood by Automated count"),
    "MCV": ("787-2", "MCV [Entitic volume] by Automated count"),
    "Platelets": ("777-3", "Platelets [#/volume] in Blood by Automated count"),
    "Glucose": ("2345-7", "Glucose [Mass/volume] in Serum or Plasma"),
    "BUN": ("3094-0", "Urea nitrogen [Mass/volume] in Serum or Plasma"),
    "Creatinine": ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma"),
    "Sodium": ("2951-2", "Sodium [Moles/volume] in Serum or Plasma"),
    "Potassium": ("2823-3", "Potassium [Moles/volume] in Serum or Plasma"),
    "Chloride": ("2075-0", "Chloride [Moles/volume] in Serum or Plasma"),
    "CO2": ("2028-9", "Carbon dioxide, total [Moles/volume] in Serum or Plasma"),
    "Calcium": ("17861-6", "Calcium [Mass/volume] in Serum or Plasma"),
    "ALT": ("1742-6", "Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
    "AST": ("1920-8", "Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma"),
    "Total Cholesterol": ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma"),
    "LDL Cholesterol": ("18262-6", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by Direct assay"),
    "HDL Cholesterol": ("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma"),
    "Triglycerides": ("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma"),
    "HbA1c": ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
    "TSH": ("3016-3", "Thyrotropin [Units/volume] in Serum or Plasma"),
    "Free T4": ("3024-7", "Thyroxine (T4) free [Mass/volume] in Serum or Plasma"),
}
_OWNERSHIP = {"Medicare": "GOVERNMENT"}


def stable_uuid(key: str) -> str:
    """A version-4 UUID derived from ``key`` (the same key, the same id, in any process)."""
    return str(uuid.UUID(bytes=hashlib.sha256(key.encode("utf-8")).digest()[:16], version=4))


def _random_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class _Table:
    """One CSV file written row by row; each value goes to the sink with its data row and column."""

    def __init__(self, sink: PartSink, path: str, columns: Sequence[str]) -> None:
        self.sink, self.path, self.columns = sink, path, tuple(columns)
        self._fp = sink.create(path).open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._fp, lineterminator="\n")
        self._writer.writerow(self.columns)
        self.rows = 0

    def row(self, cells: Sequence[Cell]) -> None:
        """Append one row (truth recorded)."""
        self.rows += 1
        out: list[str] = []
        for column, cell in zip(self.columns, cells, strict=True):
            if isinstance(cell, Val):
                where: dict[str, Any] = {"row": self.rows, "column": column}
                self.sink.add(self.path, cell, where)
                out.append(cell.value)
            else:
                out.append(cell or "")
        self._writer.writerow(out)

    def close(self) -> None:
        """Close the file."""
        self._fp.close()


def _prefix(p: Patient) -> str:
    if p.age_on(PERIOD_START) < 18:
        return ""
    if p.sex == "M":
        return "Mr."
    return "Mrs." if p.maiden_name else "Ms."


def _opt(element: str, value: str | None, person: str) -> Val | None:
    return Val(element, value, person) if value else None


def patient_row(p: Patient, key: str) -> list[Cell]:
    """The identity row: ``key`` is the patient's Id."""
    a = p.address
    death = Val("date", p.deceased.isoformat(), p.id) if p.deceased else None
    return [key, Val("dob", p.dob.isoformat(), p.id), death, common.tax_id(p),
            _opt("drivers_license", p.dl, p.id), _opt("passport", p.passport, p.id), _prefix(p),
            common.part(p, "first"), common.part(p, "last"), p.suffix,
            _opt("person_name", p.maiden_name, p.id), p.sex, common.street(p),
            Val("city_state_zip", a.city, p.id), a.state or None, Val("city_state_zip", a.zip, p.id)]


class _Visit:
    """One encounter of a patient: its id, times and reason."""

    def __init__(self, rng: random.Random, code: str) -> None:
        self.id = _random_uuid(rng)
        self.kind = rng.choices(tuple(CLASSES), weights=[w for w, _ in CLASSES.values()])[0]
        day: date = service_date(rng)
        self.start = datetime.combine(day, time(rng.randint(7, 17), rng.randrange(60), rng.randrange(60)))
        self.stop = self.start + timedelta(minutes=rng.randint(15, CLASSES[self.kind][1]))
        self.code = code


class RelationalExports:
    """The tables of ``exports/ehr_tables/`` for one shard (``suffix`` tells the parts apart)."""

    def __init__(self, sink: PartSink, seed: int, suffix: str, dx: DxCatalog) -> None:
        def table(name: str, columns: Sequence[str]) -> _Table:
            return _Table(sink, f"{FOLDER}/{name}{suffix}.csv", columns)

        self._seed, self._dx = seed, dx
        self._rng = random.Random(f"{seed}:{FOLDER}{suffix}")
        self._patients = table("patients", PATIENTS)
        self._encounters = table("encounters", ENCOUNTERS)
        self._conditions = table("conditions", CONDITIONS)
        self._observations = table("observations", OBSERVATIONS)
        self._claims = table("claims", CLAIMS)
        self._transitions = table("payer_transitions", TRANSITIONS)
        payers = table("payers", PAYER_COLUMNS)
        for name in (*PAYERS, "Medicare"):
            payers.row([self._payer_id(name), name, _OWNERSHIP.get(name, "PRIVATE")])
        payers.close()

    def _payer_id(self, name: str) -> str:
        return stable_uuid(f"{self._seed}:{FOLDER}:payer:{name}")

    def write(self, patients: Sequence[Patient], pop: Population) -> None:
        """Append the rows of the chosen patients of a chunk (about ``SHARE`` of them)."""
        rng = self._rng
        for p in patients:
            if rng.random() >= SHARE:
                continue
            key = stable_uuid(f"{self._seed}:{FOLDER}:patient:{p.id}")
            self._patients.row(patient_row(p, key))
            self._transition(p, key)
            provider = stable_uuid(f"{self._seed}:{FOLDER}:provider:{pop.provider(p.pcp).id}")
            visits = [_Visit(rng, p.dx[k % len(p.dx)]) for k in range(rng.randint(1, 3))]
            for v in visits:
                self._encounter(p, key, provider, v)
                self._observations_of(p, v)
                self._claim(p, v)
            for j, code in enumerate(p.dx):
                self._condition(p, key, visits[j % len(visits)], code)

    def _encounter(self, p: Patient, key: str, provider: str, v: _Visit) -> None:
        self._encounters.row([v.id, Val("date", _stamp(v.start), p.id), Val("date", _stamp(v.stop), p.id),
                              key, provider, v.kind, Val("icd10_diagnosis", v.code, p.id),
                              self._dx.description(v.code)])

    def _condition(self, p: Patient, key: str, v: _Visit, code: str) -> None:
        start = v.start.date()
        resolved = start + timedelta(days=self._rng.randint(14, 120)) if self._rng.random() < 0.15 else None
        self._conditions.row([Val("date", start.isoformat(), p.id),
                              Val("date", resolved.isoformat(), p.id) if resolved else None, key, v.id,
                              Val("icd10_diagnosis", code, p.id), self._dx.description(code)])

    def _observations_of(self, p: Patient, v: _Visit) -> None:
        rng = self._rng
        if rng.random() >= 0.5:
            return
        for test in LAB_PANELS[rng.choice(tuple(LAB_PANELS))]:
            loinc, description = LOINC[test.name]
            self._observations.row([Val("date", _stamp(v.start), p.id), v.id, loinc, description,
                                    lab_value(rng, test), test.unit])

    def _claim(self, p: Patient, v: _Visit) -> None:
        rng = self._rng
        charge = f"{rng.randint(60, 2400)}.{rng.randrange(100):02d}"
        self._claims.row([_random_uuid(rng), Val("health_plan_member_id", p.member_id, p.id),
                          self._payer_id(p.payer), Val("date", v.start.date().isoformat(), p.id),
                          Val("icd10_diagnosis", v.code.replace(".", ""), p.id), charge])

    def _transition(self, p: Patient, key: str) -> None:
        # years only (no PHI), drawn from the patient's key so the other tables' bytes stay the same
        start = max(p.dob.year, PERIOD_START.year - int(key[:2], 16) % 12)
        owner = "Guardian" if p.age_on(PERIOD_START) < 18 else "Self"
        self._transitions.row([key, Val("health_plan_member_id", p.member_id, p.id), str(start),
                               str(PERIOD_START.year), self._payer_id(p.payer), owner])

    def close(self) -> None:
        """Close every table."""
        for t in (self._patients, self._encounters, self._conditions, self._observations, self._claims,
                  self._transitions):
            t.close()
