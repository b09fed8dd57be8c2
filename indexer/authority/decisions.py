"""The authority file: librarians' merge, split, rename and link decisions, kept in order."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock

from indexer.errors import PubkbError
from indexer.files import FileStamp, atomic_write, file_stamp
from indexer.paths import AUTHORITY_FILE

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


def authority_path(root: Path) -> Path:
    return root / AUTHORITY_FILE


def authority_stamp(root: Path) -> FileStamp | None:
    """What changes whenever the authority file is rewritten (None: there is none)."""
    return file_stamp(authority_path(root))


@dataclass
class Decisions:
    """The authority file's decisions, applied in the order they were made."""

    items: list[Override] = field(default_factory=list)
    stamp: FileStamp | None = None


def read_decision_rows(path: Path, key: str, what: str) -> tuple[list[Any], FileStamp] | None:
    """The `[[key]]` rows of a librarians' decision file beside the index and the file's stamp,
    read together; None when there is no file. A damaged file is a one-line error naming it."""
    stamp = file_stamp(path)
    if stamp is None:
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PubkbError(f"{path}: {what} file is unreadable: {exc}") from None
    rows = data.get(key, [])
    if not isinstance(rows, list):
        raise PubkbError(f"{path}: '{key}' must be an array of tables ([[{key}]])")
    return rows, stamp


def load_decisions(root: Path) -> Decisions:
    path = authority_path(root)
    found = read_decision_rows(path, "override", "name authority")
    if found is None:
        return Decisions()
    rows, stamp = found
    items = [Override.from_toml(row, f"{path}: override {i + 1}") for i, row in enumerate(rows)]
    return Decisions(items, stamp)


def _save_decisions(root: Path, items: list[Override]) -> None:
    """Atomic: a reader sees the old file or the new one, never half of one."""
    path = authority_path(root)
    blob = tomli_w.dumps({"override": [o.to_toml() for o in items]})
    atomic_write(path, blob)


def record_decision(root: Path, op: Override) -> None:
    with FileLock(str(authority_path(root)) + ".lock", timeout=30):
        items = load_decisions(root).items
        # The same decision twice is kept once, at its latest position.
        items = [o for o in items if o != op] + [op]
        _save_decisions(root, items)
