"""phiscope element ids -> the PI categories of the state rule files (data in elements.toml)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from phiscope.errors import ConfigError


@dataclass(frozen=True)
class ElementMap:
    """Which law categories each element (or combination of elements) falls in."""

    categories: dict[str, frozenset[str]]
    combos: tuple[tuple[frozenset[str], str], ...]

    def known(self) -> frozenset[str]:
        """Every element id this map accepts."""
        return frozenset(self.categories)

    def unknown(self, elements: Iterable[str]) -> list[str]:
        """Element ids that are not in the map (sorted)."""
        return sorted(set(elements) - set(self.categories))

    def categories_for(self, elements: Iterable[str]) -> frozenset[str]:
        """Every law category the set of exposed elements falls in."""
        have = frozenset(elements)
        out: set[str] = set()
        for e in have:
            out |= self.categories.get(e, frozenset())
        out.update(gives for needs, gives in self.combos if needs <= have)
        return frozenset(out)


def load_element_map() -> ElementMap:
    """The mapping shipped with the package."""
    text = (resources.files("phiscope.obligations") / "elements.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"elements.toml: {e}") from None
    cats = {k: frozenset(v) for k, v in data.get("elements", {}).items()}
    combos = tuple((frozenset(c["requires"]), str(c["gives"])) for c in data.get("combos", []))
    return ElementMap(cats, combos)
