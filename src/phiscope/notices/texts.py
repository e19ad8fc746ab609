"""The editable templates: letter text per language, plain element names, the content map.

The package ships ``templates/`` (``letter.typ``, ``batch.typ``, ``en.toml``, ``es.toml``); a run
copies them to ``OUT/templates`` and lays any file of ``--templates DIR`` over them, so the
letters, and their verification, always use exactly the files recorded beside them.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from phiscope.errors import ConfigError

LANGUAGES = ("en", "es")
TEMPLATE_FILES = ("letter.typ", "batch.typ", "document.typ", *(f"{lang}.toml" for lang in LANGUAGES))


def package_templates() -> Path:
    """The templates shipped with phiscope."""
    return Path(str(resources.files("phiscope.notices") / "templates"))


def materialize(out_dir: Path, override: Path | None) -> Path:
    """Write the effective templates to ``out_dir/templates`` (package files, then overrides)."""
    dest = out_dir / "templates"
    dest.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATE_FILES:
        shutil.copyfile(package_templates() / name, dest / name)
    if override is not None:
        if not override.is_dir():
            raise ConfigError(f"--templates {override}: not a directory")
        for path in override.iterdir():
            if path.name in TEMPLATE_FILES or path.suffix == ".typ":
                shutil.copyfile(path, dest / path.name)
    return dest


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read ({type(e).__name__}: {e})") from None


def _pkg_toml(name: str) -> dict[str, Any]:
    return tomllib.loads((resources.files("phiscope.notices") / name).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Strings:
    """One language's letter text (``templates/<lang>.toml``)."""

    lang: str
    data: dict[str, Any]

    def get(self, dotted: str) -> str:
        """A string by dotted key (``headings.doing``)."""
        node: Any = self.data
        for part in dotted.split("."):
            node = node[part]
        return str(node)

    def block(self, block_id: str) -> dict[str, str]:
        """``{marker, body}`` of a content block ({} when this language has none)."""
        return dict(self.data.get("blocks", {}).get(block_id, {}))


def load_strings(templates: Path, lang: str) -> Strings:
    """The strings of ``lang``; ConfigError when a block's body lost its marker."""
    if lang not in LANGUAGES:
        raise ConfigError(f"language {lang!r} has no template; use one of {', '.join(LANGUAGES)}")
    s = Strings(lang, _toml(templates / f"{lang}.toml"))
    bad = [
        b
        for b, v in s.data.get("blocks", {}).items()
        if v.get("marker", "") not in v.get("body", "") and not v.get("body", "").startswith("{")
    ]
    if bad:
        raise ConfigError(
            f"{templates / (lang + '.toml')}: the body of block(s) {', '.join(bad)} "
            "must contain its marker word for word (the verifier looks for it)"
        )
    return s


def plain_names(lang: str) -> dict[str, str]:
    """Element id -> plain-language name in ``lang``."""
    return {k: str(v) for k, v in _pkg_toml("plain.toml").get(lang, {}).items()}


@dataclass(frozen=True)
class ContentMap:
    """Block ids and the rule-string patterns that ask for them (``content.toml``)."""

    blocks: dict[str, tuple[re.Pattern[str], ...]]
    when: dict[str, str]
    ignore: tuple[re.Pattern[str], ...]
    forbidden: dict[str, re.Pattern[str]]
    #: rule string -> its blocks (a mailing asks about the same few dozen strings for every person)
    _seen: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)

    def blocks_for(self, rule_text: str) -> frozenset[str]:
        """Blocks a rule string asks for (empty when it is about a filing, not the letter)."""
        hit = self._seen.get(rule_text)
        if hit is None:
            hit = frozenset() if any(p.search(rule_text) for p in self.ignore) else frozenset(
                b for b, pats in self.blocks.items() if any(p.search(rule_text) for p in pats))
            if len(self._seen) < 10_000:
                self._seen[rule_text] = hit
        return hit

    def unmatched(self, rule_text: str) -> bool:
        """True when a rule string neither names a block nor is ignored."""
        return not any(p.search(rule_text) for p in self.ignore) and not self.blocks_for(rule_text)


def load_content_map() -> ContentMap:
    """The content map shipped with phiscope."""
    d = _pkg_toml("content.toml")

    def comp(pats: list[str]) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in pats)

    blocks = {k: comp(v.get("patterns", [])) for k, v in d.get("blocks", {}).items()}
    when = {k: str(v["when"]) for k, v in d.get("blocks", {}).items() if "when" in v}
    forbidden = {k: re.compile(v["regex"], re.IGNORECASE) for k, v in d.get("forbidden", {}).items()}
    return ContentMap(blocks, when, comp(d.get("ignore", {}).get("patterns", [])), forbidden)
