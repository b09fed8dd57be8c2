"""The name authority: every spelling in the index grouped into one canonical person."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from indexer.authority.decisions import Decisions, Override
from indexer.authority.romanise import name_key, same_person, split_name, well_formed
from indexer.files import FileStamp
from indexer.text import has_hangul

# ================================================================ the authority


@dataclass
class _Spelling:
    name: str
    count: int = 0
    latest: int = 0


class _Clusters:
    """People as sets of spelling keys, with librarian renames; overrides edit it in order."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self.members: dict[int, set[str]] = {}
        self.of: dict[str, int] = {}
        self.display: dict[int, str] = {}
        self._next = 0
        for keys in groups:
            self._new(set(keys))

    def _new(self, keys: set[str]) -> int:
        gid = self._next
        self._next += 1
        self.members[gid] = keys
        for k in keys:
            self.of[k] = gid
        return gid

    def find(self, name: str) -> int | None:
        key = name_key(name)
        if key in self.of:
            return self.of[key]
        return next((g for g, d in self.display.items() if name_key(d) == key), None)

    def apply(self, op: Override) -> None:
        if op.action == "merge":
            self._merge(op.names)
        elif op.action == "link":
            # The romanised spelling's person absorbs the Hangul one.
            self._merge([op.names[1], op.names[0]])
        elif op.action == "split":
            self._split(op.names[0])
        else:
            self._rename(op.names[0], op.names[1])

    def _merge(self, names: Sequence[str]) -> None:
        gids = list(dict.fromkeys(g for g in map(self.find, names) if g is not None))
        if len(gids) < 2:
            return
        target, *others = gids
        for gid in others:
            for k in self.members.pop(gid):
                self.members[target].add(k)
                self.of[k] = target
            if gid in self.display:
                self.display.setdefault(target, self.display.pop(gid))

    def _split(self, name: str) -> None:
        key = name_key(name)
        gid = self.find(name)
        if gid is None or len(self.members[gid]) < 2:
            return
        if key in self.members[gid]:
            self.members[gid].discard(key)
            self._new({key})
            return
        # A name that is only a librarian's rename: undo the whole person into its spellings.
        self.display.pop(gid, None)
        for k in sorted(self.members[gid])[1:]:
            self.members[gid].discard(k)
            self._new({k})

    def _rename(self, old: str, new: str) -> None:
        gid = self.find(old)
        taken = self.find(new)
        # Renaming onto someone else's name would make two people one by accident: a merge
        # says that on purpose.
        if gid is None or (taken is not None and taken != gid):
            return
        self.display[gid] = " ".join(new.split())

    def name_of(self, gid: int) -> str | None:
        """The librarian's name for a person, unless a later split gave it back to another
        person as their own spelling."""
        shown = self.display.get(gid)
        if shown is None or self.of.get(name_key(shown), gid) != gid:
            return None
        return shown


def _near_pairs(keys: dict[str, str]) -> set[frozenset[str]]:
    """Pairs of spellings (key -> given-name key) whose given names are at most one edit
    apart: any two such share the name itself or the name less one letter, so bucketing
    by those finds them without comparing every pair."""
    buckets: dict[str, set[str]] = {}
    for key, given in keys.items():
        for variant in {given, *(given[:i] + given[i + 1 :] for i in range(len(given)))}:
            buckets.setdefault(variant, set()).add(key)
    return {frozenset(p) for b in buckets.values() for p in combinations(sorted(b), 2)}


def _cluster_keys(spellings: dict[str, list[_Spelling]]) -> list[set[str]]:
    """Spelling keys grouped by the merge rule, complete linkage within each surname: a group
    joins another only if every pair across them is the same person (no chains of near
    misses)."""
    by_surname: dict[str, dict[str, str]] = {}
    for key, group in spellings.items():
        parts = split_name(group[0].name)
        by_surname.setdefault(parts.surname_key, {})[key] = parts.given_key
    clusters: list[set[str]] = []
    for keys in by_surname.values():
        near: dict[str, set[str]] = {k: set() for k in keys}
        for pair in _near_pairs(keys):
            a, b = sorted(pair)
            if any(same_person(x.name, y.name) for x in spellings[a] for y in spellings[b]):
                near[a].add(b)
                near[b].add(a)
        clusters.extend(_complete_linkage(near))
    return clusters


def _complete_linkage(near: dict[str, set[str]]) -> list[set[str]]:
    found: list[set[str]] = []
    home_of: dict[str, int] = {}
    for key in sorted(near):
        homes = sorted({home_of[n] for n in near[key] if n in home_of})
        home = next((h for h in homes if found[h] <= near[key]), None)
        if home is None:
            home = len(found)
            found.append(set())
        found[home].add(key)
        home_of[key] = home
    return found


@dataclass
class Authority:
    """Maps every spelling of a name to one canonical name, and knows who led what."""

    canonical: dict[str, str] = field(default_factory=dict)  # name_key -> canonical name
    spellings: dict[str, list[str]] = field(default_factory=dict)  # canonical -> as printed
    leads: dict[str, frozenset[str]] = field(default_factory=dict)  # pub id -> canonical
    stamp: FileStamp | None = None  # the authority file this was built with

    @classmethod
    def build(
        cls,
        names_by_publication: Iterable[tuple[list[str], int]],
        overrides: Decisions | None = None,
        joins: Iterable[tuple[str, str]] = (),
    ) -> Authority:
        """From each publication's names and year: spellings grouped by the merge rule, then
        the authority file's decisions in order. A person's canonical name is their most
        frequent spelling, ties going to the spelling of the latest publication, then to a
        well-formed spelling over a typo; a librarian's rename overrides all of that.

        `joins` are (Hangul, romanised) names that linked editions showed to be one person;
        they come before the authority file, so a librarian's split still undoes them."""
        seen: dict[str, _Spelling] = {}
        for names, year in names_by_publication:
            for n in dict.fromkeys(" ".join(x.split()) for x in names if x.strip()):
                s = seen.setdefault(n, _Spelling(n))
                s.count += 1
                s.latest = max(s.latest, year)
        by_key: dict[str, list[_Spelling]] = {}
        for s in seen.values():
            by_key.setdefault(name_key(s.name), []).append(s)
        clusters = _Clusters(_cluster_keys(by_key))
        overrides = overrides or Decisions()
        for hangul, romanised in joins:
            clusters.apply(Override("link", (hangul, romanised)))
        for op in overrides.items:
            clusters.apply(op)
        auth = cls(stamp=overrides.stamp)
        for gid, keys in clusters.members.items():
            # A name linked from Hangul keeps a romanised spelling, however often the
            # Korean editions print the Hangul one.
            group = sorted(
                (s for k in keys for s in by_key[k]),
                key=lambda s: (
                    has_hangul(s.name),
                    -s.count,
                    -s.latest,
                    not well_formed(s.name),
                    s.name,
                ),
            )
            best = clusters.name_of(gid) or group[0].name
            auth.spellings[best] = [s.name for s in group]
            for k in keys:
                auth.canonical[k] = best
            auth.canonical[name_key(best)] = best
        return auth

    def note_leads(self, chiefs_by_publication: Mapping[str, Iterable[str]]) -> None:
        """Remember who led each publication (by id), as canonical names."""
        self.leads = {
            pid: frozenset(self.resolve(n) or n for n in chiefs)
            for pid, chiefs in chiefs_by_publication.items()
        }

    def resolve(self, name: str) -> str | None:
        """The canonical name for any spelling, or None for someone not in the index. A
        spelling the index has never seen is matched by the merge rule when exactly one
        person fits it."""
        found = self.canonical.get(name_key(name))
        if found is not None or not name.strip():
            return found
        fits = {
            canon for canon, names in self.spellings.items() for n in names if same_person(name, n)
        }
        return fits.pop() if len(fits) == 1 else None

    def aliases(self, canonical: str) -> list[str]:
        """The other spellings of a person as printed, most frequent first."""
        return [n for n in self.spellings.get(canonical, []) if n != canonical]

    def role(self, pid: str, canonical: str) -> str:
        return "chief" if canonical in self.leads.get(pid, frozenset()) else "co"


def sort_key(name: str) -> tuple[str, str]:
    parts = split_name(name)
    return (parts.surname_key, parts.given_key)
