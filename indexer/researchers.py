"""Researcher names: one person however the corpus spells them (the name authority)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field


def name_key(name: str) -> str:
    """Case, accents, hyphens and spacing folded: "Hye-Kyoung Lee" == "HyeKyoung Lee"."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", "", folded.lower())


@dataclass
class Authority:
    """Maps every spelling of a name to one canonical name."""

    canonical: dict[str, str] = field(default_factory=dict)  # name_key -> canonical name

    @classmethod
    def build(cls, names_by_publication: Iterable[tuple[list[str], int]]) -> Authority:
        """From each publication's names and year: the most frequent spelling of a person is
        canonical, ties going to the spelling of the latest publication."""
        counts: Counter[str] = Counter()
        latest: dict[str, int] = {}
        for names, year in names_by_publication:
            for n in names:
                counts[n] += 1
                latest[n] = max(latest.get(n, 0), year)
        groups: dict[str, list[str]] = {}
        for n in counts:
            groups.setdefault(name_key(n), []).append(n)
        auth = cls()
        for key, spellings in groups.items():
            best = max(spellings, key=lambda s: (counts[s], latest[s], s))
            auth.canonical[key] = best
        return auth

    def resolve(self, name: str) -> str | None:
        """The canonical name for any spelling, or None for someone not in the index."""
        return self.canonical.get(name_key(name))

    def aliases(self, canonical: str) -> list[str]:
        key = name_key(canonical)
        return [canonical] if key in self.canonical else []
