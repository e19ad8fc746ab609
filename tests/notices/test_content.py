"""The content map covers every rule string; every block has text with its marker in every language."""

from __future__ import annotations

import pytest

from phiscope.errors import ConfigError
from phiscope.notices.compose import SECTIONS, STRUCTURAL
from phiscope.notices.texts import LANGUAGES, load_content_map, load_strings, package_templates, plain_names
from phiscope.obligations.elements import load_element_map
from phiscope.obligations.loader import load_rulebook


def test_every_rule_string_maps_to_a_block() -> None:
    cmap, missing = load_content_map(), []
    for j in load_rulebook().all():
        for key in ("content_required", "content_prohibited"):
            rule = j.rules.get(key)
            if rule is not None and rule.known:
                missing += [f"{j.code}: {s}" for s in rule.value if cmap.unmatched(s)]
    assert missing == []


def test_key_rules_map_to_the_expected_blocks() -> None:
    cmap = load_content_map()
    assert cmap.blocks_for("the nature of the breach") == {"what_happened"}
    assert "count_affected" in cmap.blocks_for("the number of Massachusetts residents affected")
    assert cmap.blocks_for('title "Notice of Data Breach"') == {"title"}
    assert cmap.blocks_for("template copy of resident notice") == set()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_block_has_text(lang: str) -> None:
    s = load_strings(package_templates(), lang)
    blocks = {b for _, bs in SECTIONS for b in bs} | set(load_content_map().blocks)
    assert [b for b in sorted(blocks - STRUCTURAL - {"values"}) if not s.block(b)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_element_has_a_plain_name(lang: str) -> None:
    assert set(load_element_map().known()) <= set(plain_names(lang))


def test_a_body_without_its_marker_is_refused(tmp_path: object) -> None:
    from pathlib import Path

    d = Path(str(tmp_path))
    text = (
        (package_templates() / "en.toml")
        .read_text()
        .replace(
            'body = "You have the right to obtain a police report', 'body = "You may get a police report'
        )
    )
    (d / "en.toml").write_text(text)
    with pytest.raises(ConfigError, match="police_report"):
        load_strings(d, "en")
