"""The sample letters (CA, MA, CT, ME, a minor, a deceased person, Spanish) pass the verifier, and the
verifier fails letters that are wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from phiscope import api
from phiscope.notices.verify import verify_out


def _text(pdf: Path) -> str:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _letter(m: dict[str, Any], pid: str) -> str:
    return _text(Path(m["info"]["out"]) / "letters" / f"{m['by_person'][pid]['letter_id']}.pdf")


def test_samples_verify_with_zero_failures(mailing: dict[str, Any]) -> None:
    res = verify_out(mailing["dir"] / "out")
    assert res["failures"] == [] and res["letters"] == 7
    assert mailing["info"]["no_address"] == 1 and "P-NOADDR" not in mailing["by_person"]


def test_addressee_for_minor_and_deceased(mailing: dict[str, Any]) -> None:
    by = mailing["by_person"]
    assert by["P-MINOR"]["addressee"] == "To the parent or guardian of Tommy Brown"
    assert by["P-DECEASED"]["addressee"] == "To the family of Edith Gray"
    assert by["P-CA"]["addressee"] == "Ana María Núñez"
    assert "To the family of Edith Gray" in _letter(mailing, "P-DECEASED")


def test_jurisdiction_content(mailing: dict[str, Any]) -> None:
    ca, ma, ct = (_letter(mailing, p) for p in ("P-CA", "P-MA", "P-CT"))
    assert "Notice of Data Breach" in ca and "What Information Was Involved" in ca
    assert "Here is what happened" in ca and "Here is what happened" not in ma
    assert "file servers" not in " ".join(ma.split())  # MA: never the nature of the breach
    assert "security freeze" in " ".join(ma.split()) and "police report" in " ".join(ma.split())
    assert "24 months of identity protection" in " ".join(ct.split())  # CT: SSN -> 24 months
    assert "Change your password" in " ".join(ct.split())
    es = _letter(mailing, "P-ES")
    assert "Aviso de violación de datos" in es and "Número de Seguro Social" in es


def test_codes_are_unique_and_recorded(mailing: dict[str, Any]) -> None:
    codes = [r["code"] for r in mailing["rows"] if r["code"]]
    assert len(codes) == len(set(codes)) >= 3
    assert mailing["by_person"]["P-CT"]["code"] in " ".join(_letter(mailing, "P-CT").split())
    assert mailing["by_person"]["P-ME"]["code"] == ""  # no offer owed, none configured


def test_mail_file_has_usps_addresses(mailing: dict[str, Any]) -> None:
    out = Path(mailing["info"]["out"])
    mail = (out / "mailfile.csv").read_text(encoding="utf-8")
    assert "12 MAIN ST" in mail and "APT 4" in mail and "To the family of Edith Gray" in mail
    assert "P-NOADDR" in (out / "no_address.csv").read_text(encoding="utf-8")


def test_rolling_batches_and_correction(mailing: dict[str, Any], tmp_path: Path) -> None:
    from tests.notices.conftest import ENV, people_file

    d = tmp_path
    case = d / "case"
    shutil.copytree(mailing["dir"] / "case", case)
    again = api.notices(
        mailing["incident"],
        case,
        d / "out",
        people_file=people_file(d),
        workers=1,
        corrections=["P-MA"],
        filings=False,
        env=ENV,
    )
    rows = [json.loads(x) for x in (Path(again["out"]) / "manifest.jsonl").read_text().splitlines()]
    assert again["mailing"] == 2 and again["already_notified"] == 6 and len(rows) == 1
    assert rows[0]["kind"] == "correction" and rows[0]["code"] == mailing["by_person"]["P-MA"]["code"]
    assert "corrects the letter we sent you" in " ".join(
        _text(Path(again["out"]) / "batches" / "batch-0001.pdf").split()
    )
    assert verify_out(d / "out")["failures"] == []


def _tampered(mailing: dict[str, Any], tmp_path: Path, edit: Any) -> list[dict[str, str]]:
    out = tmp_path / "out"
    shutil.copytree(mailing["dir"] / "out", out)
    man = out / "mailing-001" / "manifest.jsonl"
    rows = [json.loads(x) for x in man.read_text().splitlines()]
    edit(rows, out / "mailing-001")
    man.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return list(verify_out(out, workers=1)["failures"])


def test_parallel_verify_reports_the_same_failures(mailing: dict[str, Any], tmp_path: Path) -> None:
    def edit(rows: list[dict[str, Any]], _: Path) -> None:
        rows[2].update(addressee="Someone Else")
        rows[4]["elements"].append("Passport number")

    _tampered(mailing, tmp_path, edit)
    one, two = verify_out(tmp_path / "out", workers=1), verify_out(tmp_path / "out", workers=2)
    assert one == two and {f["check"] for f in two["failures"]} == {"addressee", "elements"}
    assert two["letters"] == 7


@pytest.mark.parametrize(
    ("edit", "check"),
    [
        (lambda rows, _: rows[0].update(addressee="Someone Else"), "addressee"),
        (lambda rows, _: rows[0]["elements"].append("Passport number"), "elements"),
        (lambda rows, _: rows[1].update(first_page=1), "other-person"),
        (lambda rows, _: rows[0].update(letter_id="M001-B0009-0001"), "ref"),
    ],
)
def test_verifier_catches_wrong_pages(mailing: dict[str, Any], tmp_path: Path, edit: Any, check: str) -> None:
    fails = _tampered(mailing, tmp_path, edit)
    assert check in {f["check"] for f in fails}


def test_verifier_catches_prohibited_and_missing_content(mailing: dict[str, Any], tmp_path: Path) -> None:
    def edit(rows: list[dict[str, Any]], folder: Path) -> None:
        profs = json.loads((folder / "profiles.json").read_text())
        for p in profs:
            p["forbidden_markers"]["x"] = "Notice of Data Breach"
            p["markers"]["y"] = "a phrase no letter has"
        (folder / "profiles.json").write_text(json.dumps(profs))

    fails = _tampered(mailing, tmp_path, edit)
    assert {"prohibited", "required"} <= {f["check"] for f in fails}
    assert all("Núñez" not in f["problem"] for f in fails)
