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
    path: str
    reason: str
    size: int = 0
    mtime_ns: int = 0
    at: str = ""


@dataclass
class RunSummary:
    started: str = ""
    finished: str = ""
    added: int = 0
    updated: int = 0
    moved: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    completed: bool = False


@dataclass
class IndexState:
    last_run: RunSummary | None = None
    # Failures persist until the file is indexed, changes, or is removed.
    failures: dict[str, Failure] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "last_run": asdict(self.last_run) if self.last_run else None,
            "failures": {k: asdict(v) for k, v in self.failures.items()},
        }


def load(root: Path) -> IndexState:
    try:
        data = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        last = data.get("last_run")
        return IndexState(
            last_run=RunSummary(**last) if last else None,
            failures={k: Failure(**v) for k, v in data.get("failures", {}).items()},
        )
    except (OSError, ValueError, TypeError):
        # A missing or damaged state file only loses history, never index content.
        return IndexState()


def save(root: Path, state: IndexState) -> None:
    atomic_write(root / STATE_FILE, json.dumps(state.to_dict(), indent=1, ensure_ascii=False))
