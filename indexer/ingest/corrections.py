"""Librarian corrections to metadata: read from CSV or TOML, remembered in the index folder."""

from __future__ import annotations

import csv
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from indexer.errors import PubkbError
from indexer.files import atomic_write
from indexer.model import SOURCE_LIBRARIAN, ContentsEntry, Metadata
from indexer.paths import OVERRIDES_FILE
from indexer.types import parse_type

LIST_FIELDS = ("chief", "co_researchers")
TEXT_FIELDS = ("title", "type", "series", "number", "organisation", "summary", "language")
OVERRIDABLE = (*TEXT_FIELDS, "year", *LIST_FIELDS, "contents")
HASH_PREFIX = "sha256:"
KEY_COLUMNS = ("path", "file", "sha256", "hash")


class MetadataFileError(PubkbError):
    """A metadata file that cannot be used; nothing from it is applied."""

    def __init__(self, problem: str, path: Path | None = None) -> None:
        super().__init__(f"{path}: {problem}" if path is not None else problem)
        self.problem = problem


@dataclass
class Corrections:
    """Corrections keyed by absolute file path or by `sha256:<hex>`."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)

    def for_file(self, path: Path, sha256: str) -> dict[str, Any]:
        """Hash-keyed corrections first, then path-keyed ones on top (the more specific key)."""
        merged: dict[str, Any] = {}
        for key, values in self.entries.items():
            if key.startswith(HASH_PREFIX) and sha256.startswith(key[len(HASH_PREFIX) :]):
                merged.update(values)
        merged.update(self.entries.get(str(path), {}))
        return merged

    def merge(self, other: Corrections) -> None:
        for key, values in other.entries.items():
            self.entries.setdefault(key, {}).update(values)

    def rekey_path(self, old: str, new: str) -> None:
        """Follow a moved file so its path-keyed corrections stay with it."""
        if old in self.entries:
            self.entries.setdefault(new, {}).update(self.entries.pop(old))


def fingerprint(values: dict[str, Any]) -> str:
    if not values:
        return ""
    blob = json.dumps(values, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha1(blob).hexdigest()[:16]


def apply(meta: Metadata, values: dict[str, Any]) -> Metadata:
    """Return `meta` with the corrections applied and their source recorded."""
    for name, value in values.items():
        if name == "contents":
            meta.contents = [ContentsEntry(**c) for c in value]
        else:
            setattr(meta, name, value)
        meta.sources[name] = SOURCE_LIBRARIAN
    return meta


def _clean_value(name: str, raw: Any, where: str) -> Any:
    if name not in OVERRIDABLE:
        raise MetadataFileError(
            f"{where}: unknown field {name!r} (known: {', '.join(OVERRIDABLE)})"
        )
    if name == "year":
        try:
            year = int(str(raw).strip())
        except ValueError:
            raise MetadataFileError(f"{where}: year {raw!r} is not a number") from None
        if not 1000 <= year <= 2999:
            raise MetadataFileError(f"{where}: year {year} is out of range")
        return year
    if name in LIST_FIELDS:
        items = raw if isinstance(raw, list) else str(raw).split(";")
        return [str(i).strip() for i in items if str(i).strip()]
    if name == "contents":
        return _clean_contents(raw, where)
    text = str(raw).strip()
    if name == "type":
        parsed = parse_type(text)
        if parsed is None:
            raise MetadataFileError(f"{where}: unknown publication type {text!r}")
        return parsed.value
    return text


def _clean_contents(raw: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise MetadataFileError(f"{where}: contents must be a list of {{heading, page}} tables")
    out = []
    for item in raw:
        if not isinstance(item, dict) or "heading" not in item:
            raise MetadataFileError(f"{where}: each contents entry needs a heading")
        page = item.get("page")
        try:
            number = int(page) if page else None
        except (TypeError, ValueError):
            raise MetadataFileError(f"{where}: contents page {page!r} is not a number") from None
        entry: dict[str, Any] = {"heading": str(item["heading"])}
        if number is not None:
            # TOML has no null: a heading without a page is remembered without the key.
            entry["page"] = number
        out.append(entry)
    return out


def _normalise_key(key: str, base: Path) -> str:
    key = key.strip()
    if key.lower().startswith(HASH_PREFIX):
        digest = key[len(HASH_PREFIX) :].lower()
    elif len(key) >= 12 and all(c in "0123456789abcdef" for c in key.lower()):
        digest = key.lower()
    else:
        return str((base / key).resolve())
    if len(digest) < 8:
        raise MetadataFileError(f"hash key {key!r} is too short (give at least 8 hex digits)")
    return HASH_PREFIX + digest


def _read_toml(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MetadataFileError(f"not valid TOML: {exc}") from None
    tables = {k: v for k, v in data.items() if isinstance(v, dict)}
    if len(tables) != len(data):
        raise MetadataFileError("every top-level entry must be a table named by file path or hash")
    return tables


def _read_csv(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = [c.strip().lower() for c in reader.fieldnames or []]
        key_col = next((c for c in KEY_COLUMNS if c in columns), None)
        if key_col is None:
            raise MetadataFileError(f"CSV needs a key column: one of {', '.join(KEY_COLUMNS)}")
        tables: dict[str, dict[str, Any]] = {}
        for lineno, row in enumerate(reader, start=2):
            if None in row:
                # An unquoted comma in a value: the columns after it would all be shifted.
                raise MetadataFileError(f"line {lineno}: more values than columns (quote them)")
            row = {(k or "").strip().lower(): (v or "") for k, v in row.items()}
            key = row.pop(key_col).strip()
            if not key:
                raise MetadataFileError(f"line {lineno}: empty {key_col}")
            tables[key] = {k: v for k, v in row.items() if v.strip()}
    return tables


def read_metadata_file(path: Path) -> Corrections:
    """Parse a librarian's CSV or TOML file; raise MetadataFileError naming it and the problem."""
    try:
        return _read_metadata_file(path)
    except MetadataFileError as exc:
        raise MetadataFileError(exc.problem, path) from None


def _read_metadata_file(path: Path) -> Corrections:
    try:
        tables = _read_csv(path) if path.suffix.lower() == ".csv" else _read_toml(path)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise MetadataFileError(f"cannot read: {exc}") from None
    # Paths in the file are read like paths on the command line: relative to where pubkb runs.
    base = Path.cwd()
    out = Corrections()
    for key, values in tables.items():
        where = f"entry {key!r}"
        out.entries[_normalise_key(key, base)] = {
            name: _clean_value(name, raw, where) for name, raw in values.items()
        }
    return out


def load(root: Path) -> Corrections:
    """The corrections remembered in the index folder (none if there is no file yet)."""
    path = root / OVERRIDES_FILE
    if not path.exists():
        return Corrections()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PubkbError(f"{path}: remembered corrections are unreadable: {exc}") from None
    return Corrections({k: dict(v) for k, v in data.items() if isinstance(v, dict)})


def save(root: Path, overrides: Corrections) -> None:
    path = root / OVERRIDES_FILE
    atomic_write(path, tomli_w.dumps(overrides.entries))
