"""Element and document scores on hand-made cases with known answers."""

from __future__ import annotations

from typing import Any

import pytest

from phiscope.eval.case import Predicted, load_predictions
from phiscope.eval.evaluate import evaluate_case
from phiscope.eval.match import location_agreement, pair_group
from phiscope.eval.normalize import Normalizer
from phiscope.eval.truth import Occurrence, TruthFile, TruthSet
from tests.eval.helpers import doc_paths, finding, occ, value_truth


@pytest.fixture(scope="module")
def norm() -> Normalizer:
    return Normalizer()


def _rows(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["element"]: r for r in report["elements"]}


def test_missed_element_false_positive_and_missed_document(norm: Normalizer) -> None:
    truth = value_truth(
        [
            occ("1", "a.csv", "ssn", "123-45-6789", "p1", row=1),
            occ("2", "a.csv", "ssn", "234-56-7890", "p2", row=2),
            occ("3", "b.txt", "email", "x@example.org", "p1", line=1),
        ],
        {"a.csv": True, "b.txt": True, "c.txt": False},
    )
    findings = [
        finding("f1", "a.csv", "ssn", "123456789", row=1),  # normalised equal: found
        finding("f2", "c.txt", "ssn", "345-67-8901", line=3),
    ]  # in a PHI-free file: false positive
    report = evaluate_case(truth, findings, doc_paths("a.csv", "b.txt", "c.txt"), norm)
    ssn, email, total = _rows(report)["ssn"], _rows(report)["email"], _rows(report)["all"]
    assert (ssn["truth"], ssn["found"], ssn["findings"], ssn["correct"]) == (2, 1, 2, 1)
    assert ssn["recall"] == 0.5 and ssn["precision"] == 0.5
    assert (email["recall"], email["precision"]) == (0.0, None)  # missed; no findings to judge
    assert (total["truth"], total["found"], total["findings"]) == (3, 1, 2)
    docs = report["documents"]
    assert (docs["phi_documents"], docs["phi_documents_flagged"], docs["document_recall"]) == (2, 1, 0.5)
    assert (docs["phi_free_files"], docs["phi_free_files_flagged"]) == (1, 1)
    assert report["case"]["corpus_root"] == "/c"


def test_extra_occurrence_is_wrong_by_occurrence_but_right_by_value(norm: Normalizer) -> None:
    truth = value_truth([occ("1", "a.txt", "mrn", "MRN00123456", "p1")], {"a.txt": True})
    findings = [
        finding("f1", "a.txt", "mrn", "MRN00123456", line=1),
        finding("f2", "a.txt", "mrn", "MRN00123456", line=9),
    ]
    mrn = _rows(evaluate_case(truth, findings, doc_paths("a.txt"), norm))["mrn"]
    assert (mrn["recall"], mrn["precision"]) == (1.0, 0.5)
    assert (mrn["doc_value_recall"], mrn["doc_value_precision"]) == (1.0, 1.0)
    assert (mrn["values"], mrn["value_recall"], mrn["value_precision"]) == (1, 1.0, 1.0)


def test_same_value_in_other_file_is_not_a_match(norm: Normalizer) -> None:
    truth = value_truth([occ("1", "a.txt", "ssn", "123-45-6789")], {"a.txt": True, "b.txt": False})
    rep = evaluate_case(
        truth, [finding("f1", "b.txt", "ssn", "123-45-6789")], doc_paths("a.txt", "b.txt"), norm
    )
    ssn = _rows(rep)["ssn"]
    assert (ssn["recall"], ssn["precision"], ssn["doc_value_precision"]) == (0.0, 0.0, 0.0)
    assert (ssn["value_recall"], ssn["value_precision"]) == (0.0, 0.0)  # distinct value: never found rightly


def test_duplicate_content_counts_at_every_path_and_outside_findings_are_ignored(norm: Normalizer) -> None:
    truth = value_truth(
        [occ("1", "a.txt", "ssn", "123-45-6789"), occ("2", "z.zip!/a.txt", "ssn", "123-45-6789")],
        {"a.txt": True, "z.zip": True},
    )
    paths = {"sha-a.txt": ["/c/a.txt", "/c/z.zip!/a.txt"], "sha-x": ["/elsewhere/x.txt"]}
    findings = [
        finding("f1", "a.txt", "ssn", "123-45-6789"),
        {**finding("f2", "x.txt", "ssn", "111-22-3333"), "doc_sha": "sha-x"},
    ]
    rep = evaluate_case(truth, findings, paths, norm)
    assert _rows(rep)["ssn"]["found"] == 2 and rep["case"]["findings_outside_corpus"] == 1
    assert rep["documents"]["file_recall"] == 1.0


def test_location_decides_whose_shared_value_it_is() -> None:
    a = occ("1", "t.csv", "city_state_zip", "Hartford, CT 06103", "p1", row=1, column="City")
    b = occ("2", "t.csv", "city_state_zip", "Hartford, CT 06103", "p2", row=2, column="City")
    from phiscope.eval.case import Predicted

    p2 = Predicted("x@0", "x", "t.csv", "city_state_zip", "Hartford, CT 06103", row=2, column="City")
    assert location_agreement(b, p2) == 2 and location_agreement(a, p2) == 0
    assert pair_group([a, b], [p2]) == [(b, p2)]


def test_json_paths_agree_by_prefix() -> None:
    from phiscope.eval.case import Predicted

    o = occ("1", "e.json", "mrn", "M1", json_path="$.patients[0].ids[1].value")
    assert (
        location_agreement(o, Predicted("a", "a", "e.json", "mrn", "M1", json_path="$.patients[0].ids")) == 1
    )
    assert location_agreement(o, Predicted("b", "b", "e.json", "mrn", "M1", json_path="$.patients[1]")) == -1


def _span_truth() -> TruthSet:
    occs = [
        Occurrence(
            "r1#0",
            "r1.txt",
            "person_name",
            "Jane Roe",
            label="PERSON",
            accepts=frozenset({"person_name"}),
            start=0,
            end=8,
        ),
        Occurrence(
            "r1#1",
            "r1.txt",
            "street_address",
            "1 Elm St, Hartford CT 06103",
            label="STREET_ADDRESS",
            accepts=frozenset({"street_address", "city_state_zip"}),
            start=15,
            end=42,
        ),
        Occurrence(
            "r2#0",
            "r2.txt",
            None,
            "Paris",
            label="GPE",
            accepts=frozenset({"city_state_zip"}),
            start=3,
            end=8,
            phi=False,
        ),
    ]
    return TruthSet(
        "presidio_synth_v2",
        occs,
        [TruthFile("r1.txt", True), TruthFile("r2.txt", False)],
        "span",
        labelled=frozenset({"person_name", "street_address", "city_state_zip"}),
    )


def test_span_overlap_rules(norm: Normalizer) -> None:
    findings = [
        finding("f1", "r1.txt", "person_name", "Jane", offset=0, length=4),  # partial overlap: found
        finding("f2", "r1.txt", "street_address", "1 Elm St", offset=15, length=8),
        finding("f3", "r1.txt", "city_state_zip", "Hartford CT 06103", offset=25, length=17),  # same gold
        finding("f4", "r1.txt", "person_name", "Elm", offset=17, length=3),  # wrong type: FP
        finding("f5", "r2.txt", "city_state_zip", "Paris", offset=3, length=5),  # accepted, not PHI
        finding("f6", "r2.txt", "mrn", "MRN123", offset=20, length=6),
    ]  # unlabelled element
    rep = evaluate_case(_span_truth(), findings, doc_paths("r1.txt", "r2.txt"), norm)
    rows = _rows(rep)
    assert (rows["person_name"]["recall"], rows["person_name"]["precision"]) == (1.0, 0.5)
    assert (rows["street_address"]["recall"], rows["street_address"]["precision"]) == (1.0, 1.0)
    assert rows["city_state_zip"]["precision"] == 1.0 and rows["city_state_zip"]["recall"] is None
    assert rows["mrn"]["precision"] is None and rows["mrn"]["labelled"] is False
    assert rows["all"]["findings"] == 5  # the unlabelled finding is left out of precision
    labels = {r["label"]: r for r in rep["labels"]}
    assert labels["GPE"]["recall"] == 1.0 and labels["PERSON"]["found"] == 1
    assert rep["documents"]["phi_documents"] == 1  # GPE alone is not PHI
    assert rep["documents"]["phi_free_files_flagged"] == 1


def test_report_never_holds_raw_values(norm: Normalizer) -> None:
    truth = value_truth([occ("1", "a.txt", "ssn", "123-45-6789", "p1")], {"a.txt": True})
    rep = evaluate_case(truth, [finding("f1", "a.txt", "ssn", "987-65-4321")], doc_paths("a.txt"), norm)
    assert "6789" not in repr(rep) and "4321" not in repr(rep)


def test_the_mbox_message_decides_whose_repeated_value_it_is() -> None:
    """Two e-mails of one mailbox with the same date on the same line: each finding is paired with
    the occurrence of its own message (``msg36/1`` is message 36)."""
    a = occ("a", "m.mbox", "date", "03/01/2024", "p1", line=3, message=36)
    b = occ("b", "m.mbox", "date", "03/01/2024", "p2", line=3, message=106)
    p = load_predictions([finding("x", "m.mbox", "date", "03/01/2024", line=3, mime_part="msg106/1")],
                         doc_paths("m.mbox"), {"m.mbox"}).items[0]
    assert p.message == 106
    assert location_agreement(b, p) == 2 and location_agreement(a, p) == 0


def test_a_huge_group_is_paired_by_place_not_in_order() -> None:
    # one value in 400 rows of a file (a city): too many pairs to score each, still paired by row
    occs = [occ(str(n), "a.csv", "city_state_zip", "Hartford, CT 06101", f"p{n}", row=n) for n in range(400)]
    preds = [Predicted(f"f{n}@0", f"f{n}", "a.csv", "city_state_zip", "Hartford, CT 06101", row=n)
             for n in reversed(range(400))]
    pairs = pair_group(occs, preds)
    assert len(pairs) == 400 and all(o.row == p.row for o, p in pairs)
    json_occs = [occ(str(n), "a.json", "city_state_zip", "x", f"p{n}", json_path=f"$.patients[{n}].address")
                 for n in range(400)]
    json_preds = [Predicted(f"g{n}@0", f"g{n}", "a.json", "city_state_zip", "x",
                            json_path=f"$.patients[{n}].address.city") for n in reversed(range(400))]
    assert all(o.json_path is not None and p.json_path is not None and p.json_path.startswith(o.json_path)
               for o, p in pair_group(json_occs, json_preds))
