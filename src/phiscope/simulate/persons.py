"""Rows of ``persons.parquet``: everyone in the breach with every attribute the simulator knows.

``kind`` is patient, emergency_contact, provider, staff or organisation;
addresses are flattened to ``address_street`` ... ``address_country`` (and
``previous_address_*`` for people who moved), dates are ISO strings, lists
are ``|``-joined. Emergency contacts who are patients themselves (a spouse, a
parent) have no row of their own: ``ec_person`` names their patient id.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from phiscope.simulate.people import Address, Facility, Patient, Population, Provider, Staff

_ADDRESS_FIELDS = ("address", "previous_address")
_EC_COLUMNS = ("name", "relation", "phone", "contact_of")


def _columns(cls: type) -> list[str]:
    out = []
    for f in dataclasses.fields(cls):
        if f.name == "id" or (f.name.startswith("ec_") and f.name != "ec_person"):
            continue
        if f.name in _ADDRESS_FIELDS:
            out += [f"{f.name}_{a.name}" for a in dataclasses.fields(Address)]
        else:
            out.append(f.name)
    return out


#: every column of persons.parquet, in order
PERSON_COLUMNS: tuple[str, ...] = tuple(dict.fromkeys(
    ["person_id", "kind", *_columns(Patient), "aliases", *_EC_COLUMNS, *_columns(Provider), *_columns(Staff),
     *_columns(Facility)]))


def _plain(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return "|".join(str(v) for v in value)
    return str(value)


def _row(obj: Any, kind: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {"person_id": obj.id, "kind": kind}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "id" or (f.name.startswith("ec_") and f.name != "ec_person"):
            continue
        if f.name in _ADDRESS_FIELDS:
            row.update({f"{f.name}_{a.name}": _plain(getattr(value, a.name)) if value else None
                        for a in dataclasses.fields(Address)})
        else:
            row[f.name] = _plain(value)
    return row


def patient_rows(patients: Iterable[Patient]) -> Iterator[dict[str, str | None]]:
    """Each patient's row, followed by the row of an emergency contact who is not a patient."""
    for p in patients:
        row = _row(p, "patient")
        row["aliases"] = _plain(p.aliases) or None
        yield row
        if p.ec_external:
            yield {"person_id": p.ec_id, "kind": "emergency_contact", "name": p.ec_name,
                   "relation": p.ec_relation, "phone": p.ec_phone, "contact_of": p.id}


def organisation_rows(pop: Population) -> Iterator[dict[str, str | None]]:
    """Providers, staff and facilities."""
    kinds: tuple[tuple[tuple[Provider | Staff | Facility, ...], str], ...] = (
        (pop.providers, "provider"), (pop.staff, "staff"), (pop.facilities, "organisation"))
    for objs, kind in kinds:
        for obj in objs:
            yield _row(obj, kind)


class PersonsWriter:
    """Appends person rows (all columns strings) to a Parquet file in batches."""

    def __init__(self, path: Path, batch: int = 20_000) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._schema = pa.schema([(c, pa.string()) for c in PERSON_COLUMNS])
        self.path = path
        self._writer = pq.ParquetWriter(path, self._schema)
        self._batch = batch
        self._buf: list[dict[str, str | None]] = []
        self.count = 0

    def add(self, rows: Iterable[dict[str, str | None]]) -> None:
        """Append rows."""
        for row in rows:
            self._buf.append(row)
            if len(self._buf) >= self._batch:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        self._writer.write_table(pa.Table.from_pylist(self._buf, schema=self._schema))
        self.count += len(self._buf)
        self._buf = []

    def close(self) -> int:
        """Write what is left; returns the number of rows."""
        self._flush()
        self._writer.close()
        return self.count
