"""A supply-order table with no personal data: order, lot, NDC and catalog numbers."""

from __future__ import annotations

import random

from phiscope.simulate.documents import GeneratedFile
from phiscope.simulate.writers.tables import csv_file

_ITEMS = ("Nitrile gloves, M", "Vacutainer lavender 4 mL", "Alcohol prep pads", "Gauze 4x4 sterile",
          "Syringe 3 mL Luer-Lok", "Urine cup sterile", "Influenza vaccine 0.5 mL", "Tongue depressors")
_DEPTS = ("Lab", "Clinic A", "Clinic B", "Pharmacy")


def _row(rng: random.Random) -> list[str]:
    ndc = f"0{rng.randint(1000, 9999)}-{rng.randint(100, 999)}-{rng.randint(10, 99)}"
    return [f"PO-{rng.randint(100000, 999999)}", rng.choice(_ITEMS), str(rng.randint(100000000, 999999999)),
            f"{rng.choice('ABCKL')}{rng.randint(1000, 9999)}", ndc, str(rng.randint(1, 200)),
            f"{rng.randint(1, 90)}.{rng.randint(0, 99):02d}", f"INV-{rng.randint(10000, 99999)}",
            rng.choice(_DEPTS)]


def supply_orders(rng: random.Random, path: str = "inventory/supply_orders.csv") -> GeneratedFile:
    """Rows that look like they hold identifiers (9-digit catalog numbers, codes) but hold none."""
    header = ["PO Number", "Item", "Catalog #", "Lot", "NDC", "Qty", "Unit Price", "Invoice", "Dept"]
    return csv_file(path, header, [_row(rng) for _ in range(rng.randint(25, 40))])
