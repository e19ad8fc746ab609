"""ICD-10-CM diagnosis codes."""

from __future__ import annotations

import re
from functools import cached_property
from typing import ClassVar

import polars as pl

from phiscope.detectors import _columns as cols
from phiscope.detectors.base import Detector, MaskRule, Pattern
from phiscope.detectors.clinical._icd10_codes import Icd10CodeSet, load_icd10_code_set
from phiscope.model import Candidate, Validation

_CODE = r"[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?"
_CELL_CODE = re.compile(_CODE)
_DOTTED_CONTEXT = r"\b[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4}\b"
_CELL_SPLIT = re.compile(r"\s*[,;|/]\s*|\s+")
_CELL_CODE_FULL = f"^{_CODE}$"

#: (flag, dotless code prefixes) for diagnoses that state and federal rules
#: treat as specially protected (HIV, substance use under 42 CFR Part 2,
#: mental health, reproductive health, genetic information).
_SENSITIVE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sensitive-hiv", ("B20", "Z21", "R75", "O987", "Z717")),
    ("sensitive-substance-use", (*(f"F1{i}" for i in range(10)), "Z714", "Z715")),
    ("sensitive-mental-health", ("F",)),
    ("sensitive-reproductive", ("O", "Z3")),
    ("sensitive-genetic", ("Z14", "Z15")),
)


class Icd10Diagnosis(Detector):
    """ICD-10-CM codes checked against the real code set (``simple_icd_10_cm``).

    A dotted code in the code set ("E11.9") is reported on its own, and so is a
    code in parentheses after its description ("hypertension (I10)"); other
    bare codes ("B20", "E119", "C50") also look like rooms, beds, model numbers
    and vitamins, so they need a diagnosis word nearby ("Dx", "A:",
    "Assessment"...), another dotted code nearby (a list of diagnoses), or a
    diagnosis column/key (including a JSON "code" key).
    Codes not in the code set are dropped. The code set is loaded once per
    detector instance (once per worker process), on first use.
    """

    id = "icd10_diagnosis"
    description = "ICD-10-CM diagnosis code (validated against the CMS code set)"
    patterns = (
        Pattern("dotted", r"\b[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{1,4}\b", 0.6),
        Pattern("bare", r"\b[A-Z][0-9][0-9A-Z][0-9A-Z]{0,4}\b", 0.3),
        Pattern("paren", r"\((?P<v>[A-Z][0-9][0-9A-Z](?:\.?[0-9A-Z]{1,4})?)\)", 0.5),
    )
    context: ClassVar[tuple[str, ...]] = (
        "dx", "dx code", "ddx", "diagnosis", "diagnoses", "diag", "icd", "icd-10", "icd10", "icd-10-cm",
        "icd10cm", "code", "codes", "assessment", "impression", "problem", "problems", "problem list",
        "condition", "conditions", "a:", "a/p", "a&p",
    )
    headers = (
        r"^(?!.*\b(?:date|dt|desc|description|text|name|poa|type|seq|sequence)\b)"
        r".*(?:\bdx\b|\bdiag|\bdgns|\bicd|\bdx ?(?:cd|code))",
        r"^(?:coding )?code$",  # FHIR-style {"code": "I10", "system": "ICD-10-CM"}
        r"^(?:reason|admit|admitting|principal|primary|secondary) ?(?:code|cd)$",  # Synthea's REASONCODE
    )
    context_before = 80
    value_classify_ratio = None  # room/bed/model columns ("C50", "B20") would pass on values alone
    mask = MaskRule(keep_first=0, keep_last=0)

    @cached_property
    def context_regex(self) -> re.Pattern[str] | None:
        """Context words, or a dotted ICD-10-shaped code (codes come in lists)."""
        words = "|".join(sorted((re.escape(w) for w in self.context), key=lambda w: (-len(w), w)))
        return re.compile(rf"(?<![A-Za-z0-9])(?:{words})(?![A-Za-z0-9])|(?-i:{_DOTTED_CONTEXT})", re.I)

    @cached_property
    def code_set(self) -> Icd10CodeSet:
        """The ICD-10-CM code set, loaded on first use and kept by this instance."""
        return load_icd10_code_set()

    @cached_property
    def _code_series(self) -> pl.Series:
        """The code set as a Series, for ``is_in``."""
        return pl.Series(sorted(self.code_set.codes), dtype=pl.String)

    def check_column(self, values: pl.Series) -> pl.Series:
        """``check_cell`` over a column: printable-ASCII cells in polars (code-set membership
        with ``is_in``), others per value."""
        parts = _parts_expr()
        shaped = parts.list.eval(pl.element().str.contains(_CELL_CODE_FULL)).list.all()
        known = parts.list.eval(pl.element().str.replace_all(".", "", literal=True)
                                .is_in(self._code_series.implode())).list.all()
        result = (pl.when((parts.list.len() == 0) | ~shaped).then(None)
                  .when(known).then(pl.lit(cols.VALID)).otherwise(pl.lit(cols.INVALID)))
        return cols.run(values, result, cols.printable(), cols.cell_fallback(self.check_cell))

    def normalize_column(self, values: pl.Series) -> pl.Series:
        """``normalize`` over a column (printable-ASCII cells in polars)."""
        code = pl.element().str.replace_all(".", "", literal=True)
        dotted = pl.when(code.str.len_chars() > 3).then(code.str.slice(0, 3) + "." + code.str.slice(3)) \
            .otherwise(code)
        norm = _parts_expr().list.eval(dotted).list.join(",")
        return cols.run(values, norm, cols.printable(), self.normalize)

    def flags_column(self, values: pl.Series) -> pl.Series:
        """``flags`` over a column: cells with one code in polars, lists per value."""
        code = pl.col("code")
        chapters = self.code_set.chapters
        names = [f"chapter-{c:02d}" for c in chapters.values()]
        chapter = code.str.slice(0, 3).replace_strict(list(chapters), names, default=None,
                                                      return_dtype=pl.String)
        sensitive = [pl.when(pl.any_horizontal(code.str.starts_with(p) for p in prefixes)).then(pl.lit(flag))
                     for flag, prefixes in _SENSITIVE]
        joined = pl.concat_str([chapter, *sensitive], separator=",", ignore_nulls=True)

        def build(frame: pl.LazyFrame) -> pl.LazyFrame:
            parts = _parts_expr()
            first = parts.list.first().str.replace_all(".", "", literal=True)
            return (frame.with_columns(first.alias("code"),
                                       (cols.printable() & (parts.list.len() <= 1)).alias("decided"))
                    .with_columns(joined.alias("joined"))
                    .with_columns(pl.when(pl.col("joined") != "").then(pl.col("joined")).alias("result")))

        return cols.run_staged(values, build, cols.flags_fallback(self.flags, self.validate))

    def normalize(self, value: str) -> str:
        """Dotted upper-case code(s): ``e119`` -> ``E11.9``; lists joined with commas."""
        return ",".join(_dotted(code) for code in _codes_in(value))

    def validate(self, value: str) -> Validation:
        """VALID when every code is in the ICD-10-CM code set, else INVALID."""
        codes = _codes_in(value)
        if codes and all(c in self.code_set.codes for c in codes):
            return Validation.VALID
        return Validation.INVALID

    def score(self, cand: Candidate, has_context: bool, validation: Validation) -> float | None:
        """Bare codes need a diagnosis word (or a diagnosis key) nearby."""
        if cand.pattern_name == "bare" and not has_context:
            return None
        return super().score(cand, has_context, validation)

    def flags(self, value: str, validation: Validation) -> tuple[str, ...]:
        """``chapter-NN`` of each code and ``sensitive-*`` categories."""
        out: list[str] = []
        for code in _codes_in(value):
            chapter = self.code_set.chapter_of(code)
            if chapter is not None:
                out.append(f"chapter-{chapter:02d}")
            out.extend(flag for flag, prefixes in _SENSITIVE if code.startswith(prefixes))
        return tuple(dict.fromkeys(out))

    def check_cell(self, value: str) -> Validation | None:
        """A cell of a diagnosis column: one code or a list ("E11.9; I10")."""
        parts = [p for p in _CELL_SPLIT.split(value.strip().upper()) if p]
        if not parts or not all(_CELL_CODE.fullmatch(p) for p in parts):
            return None
        return self.validate(value)


def _codes_in(value: str) -> list[str]:
    """Dotless upper-case codes in a value (one, or a separated list)."""
    return [p.replace(".", "") for p in _CELL_SPLIT.split(value.strip().upper()) if p]


def _parts_expr() -> pl.Expr:
    """``_CELL_SPLIT.split(value.strip().upper())`` without empty parts, for printable values."""
    v = pl.col("v").str.to_uppercase().str.replace_all("[ ,;|/]+", " ").str.strip_chars(" ")
    return v.str.split(" ").list.eval(pl.element().filter(pl.element() != ""))


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"
