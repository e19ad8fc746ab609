"""``street_address`` column overrides equal the per-value methods (usaddress once per shape)."""

from __future__ import annotations

import random

import polars as pl
import pytest
import usaddress
from faker import Faker

from phiscope.detectors.contact._address_groups import (
    TOKEN,
    AddressModel,
    load_address_model,
    per_shape,
    shapes,
    token_attributes,
)
from phiscope.detectors.registry import DetectorSet
from phiscope.simulate.people import make_address
from tests.detectors.column_checks import EDGE_CASES, assert_column_equivalent, cases, mutations

HAND = [
    "12 Main St", "12 Main St Apt 4", "12 Main St, Apt 4B", "4417 Old Kettle Rd, Apt 2", "12 N Main St",
    "100 Park Ave # 12", "100 Park Ave #12", "1 Main Street Fl 2", "PO Box 123", "P.O. Box 123", "po box 12",
    "Post Office Box 9", "PSC 1234, Box 5678", "Unit 2050 Box 4190", "CMR 450 Box 12", "P O Box 12 Main St",
    "12 Main St, Hartford, CT 06103", "Main St", "12", "12 Main", "Apt 4", "12 Main St & 3rd Ave",
    "Corner of 5th & Main", "12 Main St (rear)", "12 Main St.", "12 Main St.,", "12-A Main St", "12A Main St",
    "1/2 Main St", "12 Main St; Apt 4", "12 Main St &amp; Oak", "12 Main St &#38; Oak", "(12) Main St",
    "12 Main St Apt 4 Apt 5", "12 Main Main Main St", "One Main St", "12 Main  St", " 12 Main St ",
    "12 Main St\tApt 4", "12 Main St\nApt 4", "12 Mäin St", "１２ Main St", "12 Main St " + "x" * 200,
    "12 Ñandú Rd", "c/o 12 Main St", "12 Main St Suite 200", "12 Main St Ste. 3", "12 Main St Bldg 4",
    "Rural Route 2 Box 40", "HC 1 Box 2", "12 Main St #", "#12 Main St", "12 Main St ##4",
    "12 Main St, , Apt 4",
    # other countries' lines (street type first, or French, or German)
    "Calle Duarte #105", "Rua Augusta 274", "Rua Augusta 274, apto 12", "Via Roma 12",
    "Avenida Paulista, 1578",
    "1200 rue Sainte-Catherine", "Hauptstraße 5a", "Calle Mayor", "Via 12", "Route 66", "Plaza 5",
    "CALLE BROAD #295", "calle broad 295", "Praça da Sé 12", "Carrera 7 # 32-16",
]


def _values(rng: random.Random, n: int) -> list[str]:
    fake = Faker("en_US")
    fake.seed_instance(9)
    out = []
    for _ in range(n):
        a = make_address(rng)
        out += [a.line1(rng.choice((" ", ", "))), fake.street_address(), f"{fake.building_number()} "
                f"{fake.last_name()} {fake.street_suffix()}", f"{a.line1()}, {a.city}, {a.state} {a.zip}"]
    return out


def test_street_address_column_equals_per_cell(detectors: DetectorSet) -> None:
    rng = random.Random(37)
    gen = _values(rng, 600)
    det = detectors.by_id("street_address")
    assert_column_equivalent(det, cases(EDGE_CASES, HAND, gen, mutations(gen + HAND, rng)))


def test_polars_tokenizer_equals_usaddress_tokenize() -> None:
    rng = random.Random(41)
    cells = [c for c in HAND + _values(rng, 300) if c.isascii() and c.isprintable()]
    cells = [" ".join(c.split()) for c in cells]
    got = pl.Series(cells).str.replace_all(r"&#38;|&amp;", "&").str.extract_all(TOKEN).to_list()
    assert got == [usaddress.tokenize(c) for c in cells]


def test_same_shape_key_means_same_usaddress_labels() -> None:
    """The grouping principle itself: values with one key get identical label sequences."""
    rng = random.Random(43)
    cells = [" ".join(c.split()) for c in _values(rng, 500) if c.isascii()]
    keys = shapes(pl.Series(cells), load_address_model()).keys.to_list()
    labels: dict[str, list[str]] = {}
    for key, cell in zip(keys, cells, strict=True):
        tags = [label for _token, label in usaddress.parse(cell)]
        assert labels.setdefault(key, tags) == tags, cell
    assert len(labels) < 0.9 * len(set(cells))


def test_model_is_read() -> None:
    model = load_address_model()
    assert {"apt", "st", "main", "box"} <= model.known and len(model.known) > 100


def test_without_the_decoder_usaddress_tags_each_shape(detectors: DetectorSet) -> None:
    """The path taken without numpy: one usaddress call per shape, same results."""
    det = detectors.by_id("street_address")
    rng = random.Random(53)
    cells = sorted({" ".join(c.split()) for c in _values(rng, 200) + HAND if c.isascii() and c.isprintable()})
    model = AddressModel(load_address_model().known, None)
    got = per_shape(pl.Series(cells), model, lambda keys: None, lambda v: str(det.check_cell(v))).to_list()
    assert got == [str(det.check_cell(c)) for c in cells]


def test_numpy_decoder_equals_crfsuite() -> None:
    """Decoded label paths equal usaddress's wherever the decoder is sure, and it is sure almost always."""
    pytest.importorskip("numpy")
    from phiscope.detectors.contact._address_crf import state_scores, viterbi

    crf = load_address_model().crf
    assert crf is not None
    rng = random.Random(47)
    cells = sorted({" ".join(c.split()) for c in _values(rng, 400) + HAND if c.isascii() and c.isprintable()})
    sure_count = 0
    for cell in cells:
        tokens = usaddress.tokenize(cell)
        if not tokens:
            continue
        attrs = [token_attributes(t) for t in tokens]
        own = pl.Series([crf.vector(a) for a in attrs]).to_numpy()
        prev = pl.Series([crf.vector(a, "previous:") for a in attrs]).to_numpy()
        nxt = pl.Series([crf.vector(a, "next:") for a in attrs]).to_numpy()
        states = state_scores(crf, own, prev, nxt, [list(range(len(tokens)))])
        path, sure = viterbi(crf, states)
        if sure[0]:
            sure_count += 1
            assert [crf.labels[j] for j in path[0]] == [label for _t, label in usaddress.parse(cell)], cell
    assert sure_count > 0.99 * len(cells)
