"""Clinical content: ICD-10-CM diagnoses (from simple_icd_10_cm), medications, lab panels."""

from __future__ import annotations

import random
import warnings
from dataclasses import dataclass
from typing import Any

#: common billable codes with the sex they apply to ("" = any)
COMMON_DX: tuple[tuple[str, str], ...] = (
    ("E11.9", ""), ("I10", ""), ("J45.909", ""), ("B20", ""), ("F32.A", ""), ("E78.5", ""),
    ("E66.9", ""), ("F41.1", ""), ("M54.50", ""), ("K21.9", ""), ("N18.30", ""), ("G47.33", ""),
    ("J44.9", ""), ("I25.10", ""), ("F17.210", ""), ("E03.9", ""), ("G43.909", ""), ("M17.11", ""),
    ("I48.91", ""), ("E55.9", ""), ("D64.9", ""), ("R73.03", ""), ("N39.0", ""), ("F33.1", ""),
    ("F90.0", ""), ("G40.909", ""), ("C50.911", "F"), ("C61", "M"), ("F10.20", ""), ("F11.20", ""),
    ("O09.90", "F"), ("K58.9", ""), ("L40.0", ""), ("M06.9", ""), ("E10.9", ""), ("E11.65", ""),
    ("I50.9", ""), ("F43.10", ""), ("G30.9", ""), ("F31.9", ""), ("B18.2", ""), ("E11.22", ""),
)

#: codes that fit children (the adult list would give a 9-year-old prostate cancer)
PEDIATRIC_DX = frozenset({"J45.909", "F90.0", "E10.9", "G40.909", "E66.9", "F41.1", "K58.9", "L40.0",
                          "D64.9", "E55.9", "G43.909", "N39.0"})

MEDICATIONS: tuple[str, ...] = (
    "metformin 500 mg twice daily", "lisinopril 10 mg daily", "atorvastatin 40 mg nightly",
    "albuterol HFA 2 puffs every 4 hours as needed", "sertraline 50 mg daily",
    "levothyroxine 75 mcg daily", "amlodipine 5 mg daily", "omeprazole 20 mg daily",
    "bictegravir/emtricitabine/tenofovir alafenamide 1 tablet daily", "apixaban 5 mg twice daily",
    "insulin glargine 20 units at bedtime", "buprenorphine/naloxone 8 mg/2 mg daily",
    "escitalopram 10 mg daily", "gabapentin 300 mg three times daily", "losartan 50 mg daily",
)


@dataclass(frozen=True, slots=True)
class LabTest:
    """A lab analyte with unit and reference range (values are not identifiers)."""

    name: str
    unit: str
    low: float
    high: float
    decimals: int = 1


LAB_PANELS: dict[str, tuple[LabTest, ...]] = {
    "CBC": (LabTest("WBC", "K/uL", 4.0, 11.0), LabTest("RBC", "M/uL", 4.2, 5.9, 2),
            LabTest("Hemoglobin", "g/dL", 12.0, 17.5), LabTest("Hematocrit", "%", 36.0, 50.0),
            LabTest("MCV", "fL", 80.0, 100.0), LabTest("Platelets", "K/uL", 150, 400, 0)),
    "CMP": (LabTest("Glucose", "mg/dL", 70, 99, 0), LabTest("BUN", "mg/dL", 7, 20, 0),
            LabTest("Creatinine", "mg/dL", 0.6, 1.3, 2), LabTest("Sodium", "mmol/L", 135, 145, 0),
            LabTest("Potassium", "mmol/L", 3.5, 5.1), LabTest("Chloride", "mmol/L", 98, 107, 0),
            LabTest("CO2", "mmol/L", 22, 29, 0), LabTest("Calcium", "mg/dL", 8.5, 10.2),
            LabTest("ALT", "U/L", 7, 56, 0), LabTest("AST", "U/L", 10, 40, 0)),
    "Lipid Panel": (LabTest("Total Cholesterol", "mg/dL", 125, 200, 0),
                    LabTest("LDL Cholesterol", "mg/dL", 0, 100, 0),
                    LabTest("HDL Cholesterol", "mg/dL", 40, 80, 0),
                    LabTest("Triglycerides", "mg/dL", 0, 150, 0)),
    "Hemoglobin A1c": (LabTest("HbA1c", "%", 4.0, 5.6),),
    "Thyroid": (LabTest("TSH", "uIU/mL", 0.4, 4.0, 2), LabTest("Free T4", "ng/dL", 0.8, 1.8, 2)),
}


def lab_value(rng: random.Random, test: LabTest) -> str:
    """A plausible result around the reference range, formatted to the test's precision."""
    span = test.high - test.low
    value = rng.uniform(max(test.low - 0.2 * span, 0.25 * test.high), test.high + 0.35 * span)
    return f"{value:.{test.decimals}f}"


class DxCatalog:
    """Billable ICD-10-CM codes with descriptions, read from simple_icd_10_cm.

    Most diagnoses come from ``COMMON_DX``; ``rare`` draws any billable leaf
    code so that the code set's long tail shows up too.
    """

    def __init__(self) -> None:
        icd = _icd()
        self._describe = icd.get_description
        self.common = tuple((c, sex) for c, sex in COMMON_DX if icd.is_leaf(c))
        # disease chapters only: no injuries (S/T), external causes (V-Y), pregnancy (O)
        self._all_leaves = tuple(c for c in icd.get_all_codes(True)
                                 if "." in c and c[0] in "ABCDEFGHIJKLMNR" and icd.is_leaf(c))

    def description(self, code: str) -> str:
        """The official short description."""
        return str(self._describe(code))

    def pick(self, rng: random.Random, sex: str, age: int, n: int) -> tuple[str, ...]:
        """``n`` distinct codes fitting the patient's sex and age, a few from the long tail."""
        pool = [c for c, s in self.common if s in ("", sex) and (age >= 18 or c in PEDIATRIC_DX)]
        codes = rng.sample(pool, n)
        if age >= 18 and rng.random() < 0.1:
            codes[-1] = rng.choice(self._all_leaves)
        return tuple(codes)


def _icd() -> Any:
    with warnings.catch_warnings():  # the package uses a deprecated importlib API
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

    return simple_icd_10_cm
