"""Extraction cache keyed by content hash and extractor version, so rebuilds skip PDF parsing."""

from __future__ import annotations

import gzip
import json
import zlib
from pathlib import Path

from indexer.files import atomic_write
from indexer.model import EXTRACTOR_VERSION, Extraction
from indexer.paths import CACHE_SUBDIR


def _cache_file(root: Path, sha256: str) -> Path:
    return root / CACHE_SUBDIR / f"v{EXTRACTOR_VERSION}" / sha256[:2] / f"{sha256}.json.gz"


def load(root: Path, sha256: str, ocr: str = "auto") -> Extraction | None:
    """The cached extraction, or None if absent, unreadable (a bad entry is just a miss), or
    not what OCR mode `ocr` would give. OCR text lives here too: a scan is read once."""
    path = _cache_file(root, sha256)
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            ex = Extraction.from_dict(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError, EOFError, zlib.error):
        return None
    current = ex.sha256 == sha256 and ex.extractor_version == EXTRACTOR_VERSION
    return ex if current and ex.serves(ocr) else None


def encode(ex: Extraction) -> bytes:
    """The cache entry for `ex`, as `store` writes it (made where the extraction was made)."""
    blob = json.dumps(ex.to_dict(), ensure_ascii=False).encode("utf-8")
    return gzip.compress(blob, compresslevel=1, mtime=0)


def store(root: Path, ex: Extraction, encoded: bytes = b"") -> None:
    """Write atomically: a crash mid-write leaves the old entry or none, never half a file.
    `encoded` is `encode(ex)` when the caller has it already."""
    # Not synced to disk: an entry a power cut leaves empty or torn reads as a miss (`load`),
    # and the file is extracted again, while a sync per file costs a run of short reports
    # several per cent.
    atomic_write(_cache_file(root, ex.sha256), encoded or encode(ex), durable=False)
