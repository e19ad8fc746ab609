"""MEDDOCAN (Spanish clinical case reports) in BRAT standoff: ``<id>.txt`` and ``<id>.ann`` pairs.

The folder given may be the corpus root (``corpus/``), a split (``corpus/dev``) or its ``brat``
folder; every ``.txt`` with an ``.ann`` beside it below it is one record, named by its path
relative to the folder (``dev/brat/S0004-….txt``) with ``/`` turned into ``__`` so that each record
is one file to scan. Annotation lines are ``T<n>\\t<TYPE> <start> <end>\\t<text>`` with character
offsets into the text (end exclusive); discontinuous spans (``start end;start end``) keep their
outer bounds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from phiscope.errors import UsageError
from phiscope.eval.adapters._spans import Span, TypeMap, build, tm, write_texts
from phiscope.eval.truth import TruthSet

KIND = "meddocan_brat"

#: gold PHI type -> how it is scored
MAPPING: dict[str, TypeMap] = {
    "NOMBRE_SUJETO_ASISTENCIA": tm("person_name"),
    "NOMBRE_PERSONAL_SANITARIO": tm("person_name"),
    # relatives as the text names them: mostly relationship words ("su madre", "padres jóvenes"),
    # which are no identifiers; a name among them still counts for the label's recall
    "FAMILIARES_SUJETO_ASISTENCIA": tm(None, "person_name"),
    "FECHAS": tm("date", "date", "dob"),
    "CORREO_ELECTRONICO": tm("email"),
    "NUMERO_TELEFONO": tm("phone"),
    "NUMERO_FAX": tm("phone"),
    # the patient's record number (NHC) and insurance number (NASS)
    "ID_SUJETO_ASISTENCIA": tm("mrn", "mrn", "health_plan_member_id"),
    "ID_ASEGURAMIENTO": tm("health_plan_member_id", "health_plan_member_id", "mrn", "ssn"),
    "CALLE": tm("street_address", "street_address", "city_state_zip"),
    # cities, provinces and postal codes: phiscope has no element for a place name alone
    "TERRITORIO": tm(None, "city_state_zip", "street_address"),
    # ages, sex, countries, hospitals, institutions, professions, licence numbers: no element
    "EDAD_SUJETO_ASISTENCIA": tm(None),
    "SEXO_SUJETO_ASISTENCIA": tm(None, phi=False),
    "PAIS": tm(None, phi=False),
    "HOSPITAL": tm(None, phi=False),
    "INSTITUCION": tm(None, phi=False),
    "CENTRO_SALUD": tm(None, phi=False),
    "PROFESION": tm(None, phi=False),
    "ID_TITULACION_PERSONAL_SANITARIO": tm(None),
    "ID_CONTACTO_ASISTENCIAL": tm(None),
    "ID_EMPLEO_PERSONAL_SANITARIO": tm(None),
    "OTROS_SUJETO_ASISTENCIA": tm(None),
}
#: the gold labels every identifier but no clinical codes
UNLABELLED = frozenset({"icd10_diagnosis"})


def _pairs(path: Path) -> list[Path]:
    if not path.is_dir():
        return []
    return sorted(t for t in path.rglob("*.txt") if t.with_suffix(".ann").is_file())


def detect(path: Path) -> bool:
    """A folder with BRAT ``.txt``/``.ann`` pairs below it whose types are MEDDOCAN's."""
    for txt in _pairs(path)[:5]:
        try:
            head = txt.with_suffix(".ann").read_text(encoding="utf-8")[:4000]
        except (OSError, UnicodeDecodeError):
            return False
        if any(t in head for t in ("_SUJETO_ASISTENCIA", "PERSONAL_SANITARIO", "FECHAS", "TERRITORIO")):
            return True
    return False


def _spans(ann: Path) -> list[Span]:
    out: list[Span] = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue  # relations, notes and attributes carry no span
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        label, _, where = parts[1].partition(" ")
        bounds = [int(x) for piece in where.split(";") for x in piece.split()]
        if bounds:
            out.append(Span(min(bounds), max(bounds), label))
    return out


def _records(path: Path) -> Iterator[tuple[str, str, list[Span]]]:
    pairs = _pairs(path)
    if not pairs:
        raise UsageError(f"{path}: no BRAT .txt/.ann pairs found below it")
    for txt in pairs:
        try:
            text = txt.read_bytes().decode("utf-8")
            spans = _spans(txt.with_suffix(".ann"))
        except (OSError, UnicodeDecodeError, ValueError) as e:
            raise UsageError(f"{txt} cannot be read ({type(e).__name__})") from None
        yield "__".join(txt.relative_to(path).parts), text, spans


def load(path: Path) -> TruthSet:
    """Every record's PHI spans as occurrences."""
    return build(KIND, _records(path), MAPPING, None, UNLABELLED)


def export_texts(path: Path, out_dir: Path) -> int:
    """Write one text file per record into ``out_dir``; return the number written."""
    return write_texts(((f, t) for f, t, _ in _records(path)), out_dir)
