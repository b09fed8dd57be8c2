"""Researcher names: one person however the corpus spells them, and who works on what."""

from __future__ import annotations

import html
import math
import os
import re
import tempfile
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import combinations, product
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w
from filelock import FileLock
from rapidfuzz.distance import Levenshtein

from indexer.errors import EXIT_USAGE, PubkbError
from indexer.paths import AUTHORITY_FILE

if TYPE_CHECKING:
    from indexer.search import PubInfo, Searcher

# ================================================================ the merge rule
#
# Two spellings name one person when their surnames are the same word (case, accents and
# punctuation folded) and their given names either
#   1. are the same letters once case, hyphens and spaces are folded ("Hye-Kyoung" =
#      "HyeKyoung", "Su hyun" = "Suhyun", "Hyo-Won" = "Hyo-won"), or
#   2. are one edit apart (Levenshtein, rapidfuzz) and that edit does not make a different
#      Korean syllable. Each given name is read as romanised syllables (onset, vowel, coda;
#      hyphens, spaces and capitals mark syllable breaks where printed). The edit is harmless
#      when one spelling cannot be read as syllables at all (a typo: "Downon" has no reading,
#      "Dowon" is do-won), or when both read as the same sounds, spelling variants folded
#      (ee = i, oo = u, g = k, ...) and an h after n, ng, m or l left silent as Korean speech
#      leaves it ("Younghee" young-hee and "Youngee" young-ee both sound [young-i]).
#      It is a real difference when both spellings are well-formed and no reading of one
#      sounds like a reading of the other: "Hyo Min" is hyo-min (효민) and "Hyonmin" is
#      hyon-min (현민), so they stay two people.
# Different surnames never merge ("Hye-Kyoung Lee" / "Hye Kyung Jeong"), nor do given names
# two or more edits apart ("Sangtu" / "Sangdo": tu and do differ in their vowel, too).

MAX_EDITS = 1
MIN_TYPO_LETTERS = 4  # below this, one edit away is another name, not a typo of it

_ONSETS: dict[str, str] = {
    "": "",
    **dict.fromkeys(("g", "k", "gg", "kk"), "K"),
    **dict.fromkeys(("d", "t", "dd", "tt"), "T"),
    **dict.fromkeys(("b", "p", "bb", "pp"), "P"),
    **dict.fromkeys(("j", "ch", "jj", "tch"), "J"),
    **dict.fromkeys(("s", "ss", "sh"), "S"),
    **dict.fromkeys(("r", "l"), "L"),
    "n": "N",
    "m": "M",
    "h": "H",
}
# Vowel spellings of McCune-Reischauer, Revised Romanization and common name usage, each
# mapped to the vowel it writes.
_VOWELS: dict[str, str] = {
    "a": "a",
    "ae": "ae",
    "ai": "ae",
    "ya": "ya",
    "yae": "yae",
    "eo": "eo",
    "e": "e",
    "ei": "e",
    "yeo": "yeo",
    "you": "yeo",
    "ye": "ye",
    "o": "o",
    "wa": "wa",
    "wae": "wae",
    "oe": "oe",
    "we": "we",
    "yo": "yo",
    "u": "u",
    "oo": "u",
    "woo": "u",
    "wo": "wo",
    "weo": "wo",
    "wi": "wi",
    "yu": "yu",
    "yoo": "yu",
    "eu": "eu",
    "ui": "ui",
    "i": "i",
    "ee": "i",
    "yi": "i",
}
_CODAS: dict[str, str] = {
    "": "",
    "k": "K",
    "g": "K",
    "n": "N",
    "ng": "NG",
    "l": "L",
    "m": "M",
    "p": "P",
    "b": "P",
    "t": "T",
}
# Codas after which Korean speech drops a following h (영희 is said [영이]).
_SONORANT_CODAS = frozenset({"N", "NG", "M", "L"})
_MAX_READINGS = 64

Syllable = tuple[str, str, str]  # onset, vowel, coda as sounds
Reading = tuple[Syllable, ...]


def _syllable_table() -> dict[str, frozenset[Syllable]]:
    table: dict[str, set[Syllable]] = {}
    for (o, ok), (v, vk), (c, ck) in product(_ONSETS.items(), _VOWELS.items(), _CODAS.items()):
        table.setdefault(o + v + c, set()).add((ok, vk, ck))
    return {k: frozenset(v) for k, v in table.items()}


_SYLLABLES = _syllable_table()
_LONGEST = max(map(len, _SYLLABLES))


def fold(text: str) -> str:
    """Lower case without accents; everything but letters and digits kept as given."""
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def name_key(name: str) -> str:
    """Case, accents, hyphens and spacing folded: "Hye-Kyoung Lee" == "HyeKyoung Lee"."""
    return re.sub(r"[\W_]+", "", fold(name))


@dataclass(frozen=True)
class NameParts:
    given: str  # as printed
    surname: str  # as printed
    given_key: str = field(init=False, compare=False)
    surname_key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "given_key", name_key(self.given))
        object.__setattr__(self, "surname_key", name_key(self.surname))


@lru_cache(maxsize=65536)
def split_name(name: str) -> NameParts:
    """Given name and surname of "Given Surname", "Surname, Given" or "SURNAME Given"."""
    name = " ".join(name.split())
    if "," in name:
        surname, _, given = name.partition(",")
        return NameParts(given.strip(), surname.strip())
    words = name.split(" ")
    if len(words) == 1:
        return NameParts("", name)
    first = words[0]
    if len(first) > 1 and first.isupper() and not all(w.isupper() for w in words[1:]):
        return NameParts(" ".join(words[1:]), first)
    return NameParts(" ".join(words[:-1]), words[-1])


def _printed_parts(given: str) -> list[str]:
    """Pieces of a given name between printed syllable breaks: hyphens, spaces, capitals."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", given)
    return [p for p in re.split(r"[^a-z]+", fold(spaced)) if p]


# Longer than any run of romanised syllables in a given name (and bounds the recursion).
_MAX_PART = 24


@lru_cache(maxsize=65536)
def _part_readings(part: str) -> tuple[Reading, ...]:
    """Every way to read `part` as whole syllables (none if it is not romanised Korean)."""
    if not part:
        return ((),)
    if len(part) > _MAX_PART:
        return ()
    out: list[Reading] = []
    for end in range(min(len(part), _LONGEST), 0, -1):
        heads = _SYLLABLES.get(part[:end])
        if not heads:
            continue
        for rest in _part_readings(part[end:]):
            out.extend((head, *rest) for head in heads)
            if len(out) >= _MAX_READINGS:
                return tuple(out)
    return tuple(out)


@lru_cache(maxsize=65536)
def readings(given: str) -> tuple[Reading, ...]:
    """Readings of a whole given name, printed breaks respected; none if it has none."""
    per_part = [_part_readings(p) for p in _printed_parts(given)]
    if not per_part or not all(per_part):
        return ()
    out: list[Reading] = []
    for combo in product(*per_part):
        out.append(tuple(s for r in combo for s in r))
        if len(out) >= _MAX_READINGS:
            break
    return tuple(out)


def _sounds(reading: Reading) -> Reading:
    """The reading as heard: an h after a sonorant coda is silent."""
    out: list[Syllable] = []
    for onset, vowel, coda in reading:
        if onset == "H" and out and out[-1][2] in _SONORANT_CODAS:
            onset = ""
        out.append((onset, vowel, coda))
    return tuple(out)


def well_formed(name: str) -> bool:
    """Whether the given name reads as romanised Korean syllables."""
    return bool(readings(split_name(name).given))


def same_person(a: str, b: str) -> bool:
    """The merge rule (see the top of this module) for two spellings."""
    pa, pb = split_name(a), split_name(b)
    if pa.surname_key != pb.surname_key or not pa.surname_key:
        return False
    ga, gb = pa.given_key, pb.given_key
    if ga == gb:
        return True
    if not ga or not gb:
        return False
    if Levenshtein.distance(ga, gb, score_cutoff=MAX_EDITS) > MAX_EDITS:
        return False
    ra, rb = readings(pa.given), readings(pb.given)
    if not ra or not rb:
        return min(len(ga), len(gb)) >= MIN_TYPO_LETTERS
    return bool({_sounds(r) for r in ra} & {_sounds(r) for r in rb})


# ================================================================ overrides (authority file)


@dataclass(frozen=True)
class Override:
    """One librarian decision: merge names, split a spelling off, rename a person, or link a
    name written in Hangul to its romanised spelling."""

    action: str  # "merge", "split", "rename" or "link"
    names: tuple[str, ...]  # merge: all; split: one; rename: old, new; link: Hangul, romanised

    def to_toml(self) -> dict[str, Any]:
        if self.action == "merge":
            return {"action": "merge", "names": list(self.names)}
        if self.action == "split":
            return {"action": "split", "name": self.names[0]}
        return {"action": self.action, "name": self.names[0], "to": self.names[1]}

    @classmethod
    def from_toml(cls, row: Any, where: str) -> Override:
        row = row if isinstance(row, dict) else {}
        action, names, name, to = (row.get(k) for k in ("action", "names", "name", "to"))
        if action == "merge" and isinstance(names, list) and len(names) >= 2:
            return cls("merge", tuple(str(n) for n in names))
        if action == "split" and isinstance(name, str) and name.strip():
            return cls("split", (name,))
        if action == "rename" and isinstance(name, str) and isinstance(to, str) and to.strip():
            return cls("rename", (name, to))
        if action == "link" and isinstance(name, str) and isinstance(to, str) and to.strip():
            return cls("link", (name, to))
        raise PubkbError(
            f"{where}: an override is action = merge (names = [two or more]), "
            "split (name = ...), rename (name = ..., to = ...) or link (name = Hangul, to = ...)"
        )


FileStamp = tuple[int, int, int]


def authority_path(root: Path) -> Path:
    return root / AUTHORITY_FILE


def authority_stamp(root: Path) -> FileStamp | None:
    """What changes whenever the authority file is rewritten (None: there is none)."""
    try:
        st = authority_path(root).stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


@dataclass
class Overrides:
    """The authority file's decisions, applied in the order they were made."""

    items: list[Override] = field(default_factory=list)
    stamp: FileStamp | None = None


def load_overrides(root: Path) -> Overrides:
    path = authority_path(root)
    stamp = authority_stamp(root)
    if stamp is None:
        return Overrides()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PubkbError(f"{path}: name authority file is unreadable: {exc}") from None
    rows = data.get("override", [])
    if not isinstance(rows, list):
        raise PubkbError(f"{path}: 'override' must be an array of tables ([[override]])")
    items = [Override.from_toml(row, f"{path}: override {i + 1}") for i, row in enumerate(rows)]
    return Overrides(items, stamp)


def _save_overrides(root: Path, items: list[Override]) -> None:
    """Atomic: a reader sees the old file or the new one, never half of one."""
    path = authority_path(root)
    blob = tomli_w.dumps({"override": [o.to_toml() for o in items]})
    fd, tmp = tempfile.mkstemp(prefix=".authority-", suffix=".tmp", dir=root)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        overrides: Overrides | None = None,
    ) -> Authority:
        """From each publication's names and year: spellings grouped by the merge rule, then
        the authority file's decisions in order. A person's canonical name is their most
        frequent spelling, ties going to the spelling of the latest publication, then to a
        well-formed spelling over a typo; a librarian's rename overrides all of that."""
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
        overrides = overrides or Overrides()
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


# ================================================================ librarian commands


def _edit_authority(root: Path, op: Override) -> None:
    with FileLock(str(authority_path(root)) + ".lock", timeout=30):
        items = load_overrides(root).items
        # The same decision twice is kept once, at its latest position.
        items = [o for o in items if o != op] + [op]
        _save_overrides(root, items)


def _current_authority(root: Path) -> Authority:
    from indexer.search import Searcher

    searcher = Searcher(root)
    try:
        return searcher.authority
    finally:
        searcher.close()


def _known(auth: Authority, name: str) -> str:
    canon = auth.resolve(name)
    if canon is None:
        raise PubkbError(f"no researcher named '{name}' in the index")
    return canon


def _tidy(name: str) -> str:
    return " ".join(name.split())


@dataclass
class Person:
    name: str
    aliases: list[str]


def _person_now(root: Path, name: str) -> Person:
    auth = _current_authority(root)
    canon = _known(auth, name)
    return Person(canon, auth.aliases(canon))


def merge(index_root: Path, names: Sequence[str]) -> Person:
    """Record that `names` are one person; returns that person as the index now sees them."""
    if len({name_key(n) for n in names}) < 2:
        raise PubkbError("merge needs at least two different names", EXIT_USAGE)
    auth = _current_authority(index_root)
    for n in names:
        _known(auth, n)
    _edit_authority(index_root, Override("merge", tuple(map(_tidy, names))))
    return _person_now(index_root, names[0])


def split(index_root: Path, name: str) -> Person:
    """Record that the spelling `name` is a person of their own."""
    _known(_current_authority(index_root), name)
    _edit_authority(index_root, Override("split", (_tidy(name),)))
    return _person_now(index_root, name)


def has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def link(index_root: Path, hangul: str, romanised: str) -> Person:
    """Record that the name written in Hangul is the person of the romanised spelling, so that
    one profile gathers a publication's Korean and English editions."""
    if not has_hangul(hangul):
        raise PubkbError(f"'{hangul}' is not written in Hangul", EXIT_USAGE)
    if has_hangul(romanised) or not romanised.strip():
        raise PubkbError(f"'{romanised}' is not a romanised name", EXIT_USAGE)
    auth = _current_authority(index_root)
    _known(auth, hangul)
    _known(auth, romanised)
    _edit_authority(index_root, Override("link", (_tidy(hangul), _tidy(romanised))))
    return _person_now(index_root, romanised)


def rename(index_root: Path, old: str, new: str) -> Person:
    """Record that the person known as `old` is called `new` from now on."""
    if not new.strip():
        raise PubkbError("the new name is empty", EXIT_USAGE)
    auth = _current_authority(index_root)
    canon = _known(auth, old)
    other = auth.canonical.get(name_key(new))
    if other is not None and other != canon:
        raise PubkbError(
            f"'{new}' is already the name of {other}; to make them one person use: "
            f'pubkb researchers merge "{old}" "{new}"',
            EXIT_USAGE,
        )
    _edit_authority(index_root, Override("rename", (_tidy(old), _tidy(new))))
    return _person_now(index_root, new)


# ================================================================ people over the index


@dataclass
class ResearcherSummary:
    name: str
    aliases: list[str]
    publications: int
    as_chief: int
    as_co: int
    years: list[int]


@dataclass
class ProfilePublication:
    id: str
    title: str
    type: str
    year: int | None
    role: str  # "chief" or "co"


@dataclass
class CoAuthor:
    name: str
    count: int


@dataclass
class Profile:
    name: str
    aliases: list[str]
    publications: list[ProfilePublication]
    by_year: dict[int, int]
    by_type: dict[str, int]
    topics: list[str]
    coauthors: list[CoAuthor]


@dataclass
class Evidence:
    id: str
    title: str
    year: int | None
    role: str
    page: int | None
    snippet: str  # HTML-escaped page text, matched words in <mark>, as indexer.snippets makes


@dataclass
class Expert:
    name: str
    aliases: list[str]
    score: float
    evidence: list[Evidence]


@dataclass
class Collaborator:
    name: str
    aliases: list[str]
    score: float
    coauthored: int  # publications they already share with the person asked about
    evidence: list[Evidence]


@dataclass
class GraphNode:
    name: str
    aliases: list[str]
    publications: int


@dataclass
class GraphEdge:
    source: str
    target: str
    publications: int


@dataclass
class CoauthorGraph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]

    def to_json(self) -> dict[str, Any]:
        return {
            "nodes": [asdict(n) for n in self.nodes],
            "edges": [asdict(e) for e in self.edges],
        }

    def to_graphml(self) -> str:
        ns = "http://graphml.graphdrawing.org/xmlns"
        root = ET.Element("graphml", {"xmlns": ns})
        keys = (
            ("name", "node", "name", "string"),
            ("aliases", "node", "aliases", "string"),
            ("npubs", "node", "publications", "int"),
            ("epubs", "edge", "publications", "int"),
        )
        for kid, target, attr, kind in keys:
            ET.SubElement(
                root, "key", {"id": kid, "for": target, "attr.name": attr, "attr.type": kind}
            )
        graph = ET.SubElement(root, "graph", {"id": "coauthors", "edgedefault": "undirected"})
        ids = {n.name: f"n{i}" for i, n in enumerate(self.nodes)}
        for n in self.nodes:
            node = ET.SubElement(graph, "node", {"id": ids[n.name]})
            _data(node, "name", n.name)
            _data(node, "aliases", "; ".join(n.aliases))
            _data(node, "npubs", str(n.publications))
        for i, e in enumerate(self.edges):
            edge = ET.SubElement(
                graph, "edge", {"id": f"e{i}", "source": ids[e.source], "target": ids[e.target]}
            )
            _data(edge, "epubs", str(e.publications))
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _data(parent: ET.Element, key: str, value: str) -> None:
    ET.SubElement(parent, "data", {"key": key}).text = value


def _snapshot(searcher: Searcher) -> tuple[list[PubInfo], Authority]:
    """One index generation's publications and authority, read together so a concurrent
    refresh cannot pair the publications of one generation with the names of another."""
    gen = searcher._gen
    return list(gen.pubs.values()), gen.authority


def directory(searcher: Searcher) -> list[ResearcherSummary]:
    """Every researcher, alphabetically by surname, with their publication counts."""
    pubs, auth = _snapshot(searcher)
    chief: Counter[str] = Counter()
    co: Counter[str] = Counter()
    years: dict[str, set[int]] = {}
    for p in pubs:
        for c in p.canonical:
            (chief if auth.role(p.id, c) == "chief" else co)[c] += 1
            if p.year is not None:
                years.setdefault(c, set()).add(p.year)
    people = sorted(chief.keys() | co.keys(), key=sort_key)
    return [
        ResearcherSummary(
            c,
            auth.aliases(c),
            chief[c] + co[c],
            chief[c],
            co[c],
            sorted(years.get(c, ())),
        )
        for c in people
    ]


def profile(searcher: Searcher, name: str) -> Profile:
    """One researcher (any spelling): publications with role, counts, topics, co-authors."""
    pubs, auth = _snapshot(searcher)
    canon = _known(auth, name)
    mine = [p for p in pubs if canon in p.canonical]
    mine.sort(key=lambda p: (-(p.year or 0), p.title))
    coauthors = Counter(c for p in mine for c in p.canonical if c != canon)
    return Profile(
        name=canon,
        aliases=auth.aliases(canon),
        publications=[
            ProfilePublication(p.id, p.title, p.type, p.year, auth.role(p.id, canon)) for p in mine
        ],
        by_year=dict(sorted(Counter(p.year for p in mine if p.year is not None).items())),
        by_type=dict(Counter(p.type for p in mine).most_common()),
        topics=topics(searcher, mine, pubs, auth),
        coauthors=[
            CoAuthor(n, k)
            for n, k in sorted(coauthors.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
        ],
    )


# ---------------------------------------------------------------- topics (key phrases)

TOPIC_COUNT = 8


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no topic of their own; the index's stop list is kept short for phrase
# search, so a topic needs its own.
_FUNCTION_WORDS = _words(
    """
    about above after again against all also among any because been before being below
    between both but could did does doing down during each either few further had has having
    her here hers him his how however into its just more most much must neither nor now off
    once only other our ours out over own same she should since some such than their theirs
    them then there these they those through thus too toward towards under until upon very
    was were what whether which while who whom whose why within without would
    although though even already still well many several various large important take
    place make made given
    """
)
# Words of the publications' own make-up (series names, front matter, section headings).
_DOCUMENT_WORDS = _words(
    """
    report reports paper papers working chapter chapters study studies brief briefs issue
    issues contents summary background introduction conclusion conclusions suggestions
    implications annex appendix table tables figure figures publisher publication publishing
    copyright researcher researchers chief director task tasks case cases current situation
    """
)


@dataclass
class _Term:
    count: int = 0
    forms: Counter[str] = field(default_factory=Counter)  # surface forms seen


def _name_words(auth: Authority) -> set[str]:
    return {
        w for names in auth.spellings.values() for n in names for w in re.findall(r"\w+", fold(n))
    }


def topics(
    searcher: Searcher,
    mine: Sequence[PubInfo],
    pubs: Sequence[PubInfo],
    auth: Authority,
    limit: int = TOPIC_COUNT,
) -> list[str]:
    """Distinctive words and two-word phrases of these publications against the whole index:
    tf-idf with idf squared, as what sets a person apart matters more than what they repeat;
    names, numbers and the words every publication is made of are left out."""
    if not mine:
        return []
    analyzer = searcher.schema["body"].analyzer
    skip = _name_words(auth) | _FUNCTION_WORDS | _DOCUMENT_WORDS
    terms: dict[tuple[str, ...], _Term] = {}
    for p in mine:
        # The title counts thrice: it says what the publication is about in fewest words.
        for text in [p.title] * 3 + searcher.page_texts(p.id):
            _count_terms(analyzer, text, skip, terms)
    total = max(len(pubs), 1)
    with searcher.ix.searcher() as s:
        df = {stem: s.doc_frequency("body", stem) for gram in terms for stem in gram}
    scored = []
    for gram, t in terms.items():
        if len(gram) == 2 and t.count < 2:
            continue
        if any(df[g] > total / 2 for g in gram):
            continue  # a word in most publications describes the collection, not a person
        # A phrase is at least as rare as its rarer word.
        idf = max(math.log((total + 1) / (df[g] + 1)) for g in gram)
        # A phrase names a topic more exactly than either of its words: it gets both credits.
        scored.append((t.count * idf * idf * len(gram), gram))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[tuple[str, ...]] = []
    for _, gram in scored:
        if len(chosen) == limit:
            break
        if not any(set(gram) & set(c) for c in chosen):
            chosen.append(gram)
    return [terms[g].forms.most_common(1)[0][0] for g in chosen]


def _count_terms(
    analyzer: Any, text: str, skip: set[str], terms: dict[tuple[str, ...], _Term]
) -> None:
    prev: tuple[str, int, int] | None = None  # stem, start and end offsets
    for tok in analyzer(text, chars=True):
        surface = text[tok.startchar : tok.endchar]
        word = fold(surface)
        if len(word) < 3 or not word.isalpha() or word in skip:
            prev = None
            continue
        one = terms.setdefault((tok.text,), _Term())
        one.count += 1
        one.forms[_form(surface)] += 1
        # Two words make a phrase only when nothing but a space or hyphen stands between.
        if prev is not None and re.fullmatch(r"\s?-?\s?", text[prev[2] : tok.startchar]):
            two = terms.setdefault((prev[0], tok.text), _Term())
            two.count += 1
            two.forms[_form(text[prev[1] : tok.endchar])] += 1
        prev = (tok.text, tok.startchar, tok.endchar)


def _form(surface: str) -> str:
    """Lower case except acronyms ("COI"), spacing normalised."""
    words = surface.split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)


# ---------------------------------------------------------------- experts

# Publications looked at per topic: enough to reach everyone who wrote on it, few enough that
# a prolific author does not climb on a long tail of barely related documents.
DOC_DEPTH = 20
# A chief researcher carries the publication; co-researchers share the rest (Balog's Model 2
# with role-weighted document-candidate associations).
CHIEF_WEIGHT = 2.0
CO_WEIGHT = 1.0
EVIDENCE_PER_PERSON = 3
RELEVANCE_POWER = 2.0
# Below a tenth of the best match's relevance a publication mentions the topic in passing.
MIN_RELEVANCE = 0.1
# How many of a person's main topics make the query for people working on the same things.
COLLABORATION_TOPICS = 5


@dataclass
class _Share:
    score: float = 0.0
    evidence: list[tuple[float, Evidence]] = field(default_factory=list)


def _shares(
    searcher: Searcher,
    topic: str,
    types: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    exclude: frozenset[str] = frozenset(),
) -> dict[str, _Share]:
    """Each publication's relevance to the topic, shared out to its researchers by role
    (publications whose id is in `exclude` left out)."""
    from indexer.search import SearchRequest

    _, auth = _snapshot(searcher)
    req = SearchRequest(
        topic,
        types=list(types),
        year_from=year_from,
        year_to=year_to,
        limit=DOC_DEPTH + len(exclude),
    )
    hits = [h for h in searcher.search(req).hits if h.id not in exclude and h.score > 0]
    shares: dict[str, _Share] = {}
    if not hits:
        return shares
    # Relevance relative to the best match, sharpened: BM25 grows slowly with evidence, so
    # unsharpened, a long tail of publications that merely mention the topic outweighs one
    # that is about it. A person's score then reads as "publications fully on the topic".
    top = hits[0].score
    for hit in hits:
        if not hit.researchers or hit.score < MIN_RELEVANCE * top:
            continue
        roles = {c: auth.role(hit.id, c) for c in hit.researchers}
        weights = {c: CHIEF_WEIGHT if r == "chief" else CO_WEIGHT for c, r in roles.items()}
        total = sum(weights.values())
        best = hit.pages[0] if hit.pages else None
        for c, w in weights.items():
            part = (hit.score / top) ** RELEVANCE_POWER * w / total
            share = shares.setdefault(c, _Share())
            share.score += part
            ev = Evidence(
                hit.id,
                hit.title,
                hit.year,
                roles[c],
                best.page if best else None,
                best.snippet if best else html.escape(hit.title),
            )
            share.evidence.append((part, ev))
    return shares


def experts(
    searcher: Searcher,
    topic: str,
    limit: int = 10,
    types: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
) -> list[Expert]:
    """People ranked by how much of the index's writing on `topic` is theirs, with the best
    passage of each of their most relevant publications as evidence."""
    _, auth = _snapshot(searcher)
    shares = _shares(searcher, topic, types, year_from, year_to)
    return [
        Expert(name, auth.aliases(name), round(s.score, 4), _evidence(s))
        for name, s in _ranked(shares)[:limit]
    ]


def _ranked(shares: dict[str, _Share]) -> list[tuple[str, _Share]]:
    return sorted(shares.items(), key=lambda kv: (-kv[1].score, sort_key(kv[0])))


def _evidence(share: _Share) -> list[Evidence]:
    ranked = sorted(share.evidence, key=lambda pe: -pe[0])
    return [ev for _, ev in ranked[:EVIDENCE_PER_PERSON]]


def collaborators(
    searcher: Searcher, name: str, topic: str | None = None, limit: int = 10
) -> list[Collaborator]:
    """People working on `topic`, or by default on the person's own main topics, ranked
    like `experts` on their work without the person (what they bring of their own);
    `coauthored` says how many publications they already share with the person."""
    pubs, auth = _snapshot(searcher)
    canon = _known(auth, name)
    mine = [p for p in pubs if canon in p.canonical]
    if not topic:
        topic = " ".join(topics(searcher, mine, pubs, auth, limit=COLLABORATION_TOPICS))
    shared = Counter(c for p in mine for c in p.canonical)
    shares = _shares(searcher, topic, exclude=frozenset(p.id for p in mine))
    return [
        Collaborator(n, auth.aliases(n), round(s.score, 4), shared[n], _evidence(s))
        for n, s in _ranked(shares)
        if n != canon
    ][:limit]


def graph(searcher: Searcher) -> CoauthorGraph:
    """The co-author network: a node per researcher, an edge per pair who published together,
    weighted by how many publications they share."""
    pubs, auth = _snapshot(searcher)
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for p in pubs:
        people = sorted(set(p.canonical), key=sort_key)
        counts.update(people)
        pairs.update(combinations(people, 2))
    nodes = [GraphNode(n, auth.aliases(n), counts[n]) for n in sorted(counts, key=sort_key)]
    edges = [
        GraphEdge(a, b, k)
        for (a, b), k in sorted(pairs.items(), key=lambda kv: (-kv[1], *map(sort_key, kv[0])))
    ]
    return CoauthorGraph(nodes, edges)
