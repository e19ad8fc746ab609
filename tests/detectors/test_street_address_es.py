"""Table-driven tests for the street_address_es detector (Spanish street lines)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding, Validation

POSITIVE = [
    ("Domicilio: Calle Carmen Romero, 23, 1D.\nLocalidad", ["Calle Carmen Romero, 23, 1D."]),
    ("Remitido por: X. c/ del Abedul 5-7, 2º dcha. 28036 Madrid", ["c/ del Abedul 5-7, 2º dcha."]),
    ("Domicilio:  Avenida de la Constitución nº 12.\n", ["Avenida de la Constitución nº 12"]),
    ("vive en la Calle Muñoz Grandes 4, bajo", ["Calle Muñoz Grandes 4, bajo"]),
    ("Hospital Carlos Haya. Avda. Carlos Haya, s/n. 29010 Málaga", ["Avda. Carlos Haya, s/n"]),
    ("The office is at 48010 Paseo del Atlántico 81\n Suite 762", ["Paseo del Atlántico 81"]),
]

NEGATIVE = [
    "Plaza de España",  # no number
    "la calle principal del pueblo",
    "COMFORT: C/O GENERALIZED ACHES AND PAINS. RECEIVED 1 TAB",  # complains of, in an all-caps note
    "FOLEY DRAINING YELLOW URINE ~100CC/HR. BUN 84",
    "ENCOURAGED TO GO HOME FOR SLEEP-\nCALLED X 1 FOR UPDATE.",  # "CALLE" inside "CALLED"
    "4417 Old Kettle Rd, Fresno, CA 93726",  # a US address is street_address's
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str]) -> None:
    found = [f for f in find(text) if f.detector_id == "street_address_es"]
    assert [f.value for f in found] == expected
    assert all(f.element == "street_address" and f.validation is Validation.INDETERMINATE for f in found)


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert [f.value for f in find(text) if f.detector_id == "street_address_es"] == []


def test_normalize(detectors: DetectorSet) -> None:
    det = detectors.by_id("street_address_es")
    assert det.normalize("Calle Carmen Romero, 23, 1D.") == "calle carmen romero 23 1d"
    assert det.validate("la calle principal") is Validation.INVALID
