"""The last indexing run and the files that failed, kept beside the index."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from indexer.files import atomic_write
from indexer.paths import STATE_FILE


@dataclass
class Failure:
    """A file that failed, remembered until it is indexed, changes, or is removed."""

    path: str
    reason: str
    size: int = 0
    mtime_ns: int = 0
    at: str = ""


@dataclass
class RunFailure:
    """A file this run could not index."""

    path: str
    reason: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class RunWarning:
    """A file this run indexed, but not fully (no OCR for pages that needed it)."""

    path: str
    warning: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class Duplicate:
    """A file skipped because another file in the index has the same content."""

    path: str
    note: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class RunSummary:
    started: str = ""
    finished: str = ""
    added: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[RunFailure] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    warnings: list[RunWarning] = field(default_factory=list)
    completed: bool = False

    def counts(self) -> dict[str, int]:
        """What the run did to the index, in the order `pubkb index` reports it."""
        return {
            "added": self.added,
            "updated": self.updated,
            "moved": self.moved,
            "unchanged": self.unchanged,
            "removed": self.removed,
        }

    def result_json(self) -> dict[str, Any]:
        """The JSON form `pubkb index --json` prints: counts and files, without the times."""
        return {
            **self.counts(),
            "failed": [f.to_json() for f in self.failed],
            "duplicates": [d.to_json() for d in self.duplicates],
            "warnings": [w.to_json() for w in self.warnings],
        }

    def to_json(self) -> dict[str, Any]:
        """The whole run, as kept in the state file and shown by `pubkb status --json`."""
        return {
            "started": self.started,
            "finished": self.finished,
            **self.result_json(),
            "completed": self.completed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunSummary:
        rows = {
            "failed": [RunFailure(**f) for f in data.get("failed", [])],
            "duplicates": [Duplicate(**d) for d in data.get("duplicates", [])],
            "warnings": [RunWarning(**w) for w in data.get("warnings", [])],
        }
        return cls(**{**data, **rows})


@dataclass
class IndexState:
    last_run: RunSummary | None = None
    # Failures persist until the file is indexed, changes, or is removed.
    failures: dict[str, Failure] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_run": self.last_run.to_json() if self.last_run else None,
            "failures": {k: asdict(v) for k, v in self.failures.items()},
        }


def load(root: Path) -> IndexState:
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        last = data.get("last_run")
        return IndexState(
            last_run=RunSummary.from_json(last) if last else None,
            failures={k: Failure(**v) for k, v in data.get("failures", {}).items()},
        )
    except (OSError, ValueError, TypeError, AttributeError):
        # A missing or damaged state file only loses history, never index content.
        return IndexState()


def save(root: Path, state: IndexState) -> None:
    atomic_write(root / STATE_FILE, json.dumps(state.to_dict(), indent=1, ensure_ascii=False))
