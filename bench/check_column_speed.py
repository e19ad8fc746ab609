"""µs per distinct value of the column checks of the hot detectors, before/after.

"before" is the default ``Detector.check_column`` (``check_cell`` mapped over the
distinct values in Python) and ``normalize`` / ``flags`` once per distinct value
(what the engine does without ``normalize_column`` / ``flags_column``); "after"
is the detector's own ``check_column`` / ``normalize_column`` / ``flags_column``.
Every value of a column is distinct (the worst case: a patient export where no
two addresses or phones repeat).
The script also checks that both give the same results.

    .venv/bin/python bench/check_column_speed.py [--n 100000] [--only phone,dob]

Per core: polars runs on one thread unless ``POLARS_MAX_THREADS`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

os.environ.setdefault("POLARS_MAX_THREADS", "1")  # before polars is imported

import polars as pl

from phiscope.detectors.base import Detector
from phiscope.detectors.registry import load_detectors
from phiscope.simulate import contact, values
from phiscope.simulate.dates import STYLES, birth_date, fmt_date
from phiscope.simulate.people import make_address
from phiscope.simulate.places import PLACES

_STATES = ("CT", "MA", "NY", "NJ", "RI", "ME", "PA", "CA", "TX", "FL", "Connecticut", "New York")


def _names(rng: random.Random) -> tuple[list[str], list[str]]:
    from faker.providers.person.en_US import Provider

    return list(Provider.first_names), list(Provider.last_names)


def _street(rng: random.Random) -> str:
    a = make_address(rng)
    return a.line1(rng.choice((" ", ", ")))


def _phone(rng: random.Random) -> str:
    place = rng.choice(PLACES)[0]
    digits = contact.phone(rng, rng.choice(place.area_codes))
    return contact.fmt_phone(digits, rng.choice(contact.PHONE_STYLES))


def _dob(rng: random.Random) -> str:
    return fmt_date(birth_date(rng), rng.choice(list(STYLES)))


def _date(rng: random.Random) -> str:
    return fmt_date(date(1900, 1, 1) + timedelta(days=rng.randrange(73000)), rng.choice(list(STYLES)))


def _csz(rng: random.Random) -> str:
    z = f"{rng.randrange(100000):05d}" + (f"-{rng.randrange(10000):04d}" if rng.random() < 0.3 else "")
    if rng.random() < 0.5:
        return z
    place = rng.choice(PLACES)[0]
    return f"{place.city}, {rng.choice(_STATES)} {z}"


def generators(rng: random.Random) -> dict[str, Callable[[random.Random], str]]:
    """detector id -> a generator of realistic cells."""
    first, last = _names(rng)
    codes = sorted(load_detectors().by_id("icd10_diagnosis").code_set.codes)  # type: ignore[attr-defined]

    def name(r: random.Random) -> str:
        f, la = r.choice(first), r.choice(last)
        mi = r.choice("ABCDEFGHJKLMNPRSTW")
        return r.choice((f"{la}, {f}", f"{f} {la}", f"{f} {mi}. {la}", la.upper()))

    def email(r: random.Random) -> str:
        return contact.email(r, r.choice(first), r.choice(last), r.randint(1930, 2020))

    def icd(r: random.Random) -> str:
        c = r.choice(codes)
        return c if r.random() < 0.5 or len(c) <= 3 else f"{c[:3]}.{c[3:]}"

    return {
        "street_address": _street, "phone": _phone, "dob": _dob, "date": _date,
        "ssn": values.ssn, "mrn": lambda r: values.mrn(r, r.choice(values.MRN_STYLES)),
        "health_plan_member_id": values.member_id, "email": email, "city_state_zip": _csz,
        "person_name": name, "icd10_diagnosis": icd,
    }


def distinct(gen: Callable[[random.Random], str], rng: random.Random, n: int) -> list[str]:
    """``n`` distinct generated values (fewer if the generator runs dry)."""
    seen: dict[str, None] = {}
    for _ in range(n * 20):
        seen[gen(rng)] = None
        if len(seen) >= n:
            break
    return list(seen)


def _per_distinct(series: pl.Series, fn: Callable[[str], str | None]) -> pl.Series:
    """What the engine does without a column method: ``fn`` once per distinct value."""
    uniq = series.unique().to_list()
    return series.replace_strict(uniq, [fn(u) for u in uniq], return_dtype=pl.String)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def measure(det: Detector, series: pl.Series) -> Iterator[tuple[str, float, float, bool]]:
    """(method, before µs, after µs, same results) per distinct value."""
    n = len(series)
    b, before = _timed(lambda: Detector.check_column(det, series))
    a, after = _timed(lambda: det.check_column(series))
    yield "check_column", b / n * 1e6, a / n * 1e6, before.to_list() == after.to_list()
    slow_fns: dict[str, Callable[[str], str | None]] = {
        "normalize_column": det.normalize,
        "flags_column": lambda v: ",".join(det.flags(v, det.validate(v))) or None,
    }
    for method, slow in slow_fns.items():
        fast = getattr(det, method, None)
        if fast is None:
            continue
        b, before = _timed(lambda: _per_distinct(series, slow))  # noqa: B023
        a, after = _timed(lambda: fast(series))  # noqa: B023
        yield method, b / n * 1e6, a / n * 1e6, before.to_list() == after.to_list()


def main() -> None:
    """Print a Markdown table of µs per distinct value."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    rng = random.Random(2024)
    dets = load_detectors()
    gens = generators(rng)
    wanted = [w for w in args.only.split(",") if w] or list(gens)
    print(f"polars threads: {pl.thread_pool_size()}\n")
    print("| detector | method | distinct values | before µs/value | after µs/value | speed-up | same |")
    print("|---|---|---:|---:|---:|---:|---|")
    for det_id in wanted:
        vals = distinct(gens[det_id], rng, args.n)
        series = pl.Series("col", vals, dtype=pl.String)
        for method, before, after, same in measure(dets.by_id(det_id), series):
            print(f"| {det_id} | {method} | {len(vals):,} | {before:.2f} | {after:.2f} | "
                  f"{before / after:.0f}x | {'yes' if same else 'NO'} |", flush=True)


if __name__ == "__main__":
    main()
