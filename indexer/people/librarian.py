"""Librarian commands on the name authority, checked against the names the index holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from indexer.authority.clusters import Authority
from indexer.authority.decisions import Override, record_decision
from indexer.authority.romanise import name_key
from indexer.errors import EXIT_USAGE, PubkbError
from indexer.text import has_hangul


def _current_authority(root: Path) -> Authority:
    from indexer.search.searcher import Searcher

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
    record_decision(index_root, Override("merge", tuple(map(_tidy, names))))
    return _person_now(index_root, names[0])


def split(index_root: Path, name: str) -> Person:
    """Record that the spelling `name` is a person of their own."""
    _known(_current_authority(index_root), name)
    record_decision(index_root, Override("split", (_tidy(name),)))
    return _person_now(index_root, name)


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
    record_decision(index_root, Override("link", (_tidy(hangul), _tidy(romanised))))
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
    record_decision(index_root, Override("rename", (_tidy(old), _tidy(new))))
    return _person_now(index_root, new)
