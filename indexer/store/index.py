"""The index on disk: publication records, their page documents, and the single locked writer."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from indexer import parts
from indexer.errors import EXIT_USAGE, PubkbError
from indexer.metadata.phrases import stored_candidates
from indexer.model import PubRecord
from indexer.paths import LOCK_FILE
from indexer.store import schema, vectors

PID_FILE = "writer.pid"


def pub_id(sha256: str) -> str:
    """A publication's id: the start of its content hash, stable across moves and re-indexing."""
    return sha256[:16]


# A publication's card: what search reads of every publication when it opens the index.
CARD_KEYS = ("id", "path", "pages", "ocr_pages", "page_parts", "page_headings", "running_lines")
CARD_META = ("title", "type", "year", "chief", "co_researchers", "language", "series", "number")
CARD_FIELD = "card"


def card_of(record: dict[str, Any], phrases: dict[str, int]) -> bytes:
    """The card of a record (in its JSON form) with its key phrase candidates; absent keys
    stay absent."""
    slim = {k: record[k] for k in CARD_KEYS if k in record}
    slim["meta"] = {k: record["meta"][k] for k in CARD_META if k in record["meta"]}
    return json.dumps({"record": slim, "phrases": phrases}, ensure_ascii=False).encode("utf-8")


def cards_in(searcher: Any, docnums: list[int]) -> list[tuple[dict[str, Any], dict[str, int]]]:
    """The cards of these publication documents: each one's slim record and candidates."""
    reader = searcher.reader()
    column = reader.column_reader(CARD_FIELD)
    out = []
    for n in docnums:
        card = json.loads(column[n])
        out.append((card["record"], card["phrases"]))
    return out


def _pub_doc(
    rec: PubRecord, page_texts: list[str], phrases: dict[str, int] | None = None
) -> dict[str, Any]:
    meta = rec.meta
    if phrases is None:
        phrases = stored_candidates(meta.title, page_texts)
    doc: dict[str, Any] = {
        "doc_id": rec.id,
        "kind": schema.KIND_PUB,
        "pub": rec.id,
        "path": rec.path,
        "sha256": rec.sha256,
        "title": meta.title,
        "summary": meta.summary,
        "headings": "\n".join(c.heading for c in meta.contents),
        "body": "\n".join(page_texts),
        "researchers": " ; ".join(meta.researchers),
        "researcher": ",".join(n.replace(",", " ") for n in meta.researchers),
        "type": meta.type,
        "record": rec.to_json(),
        CARD_FIELD: card_of(asdict(rec), phrases),
    }
    if meta.year is not None:
        doc["year"] = meta.year
    doc[vectors.FIELD] = vectors.to_bytes(vectors.embed([vectors.document_text(doc)])[0])
    return doc


def _page_docs(rec: PubRecord, page_texts: list[str]) -> Iterator[dict[str, Any]]:
    running = frozenset(rec.running_lines)
    for number, text in enumerate(page_texts, start=1):
        doc = {
            "doc_id": f"{rec.id}:{number}",
            "kind": schema.KIND_PAGE,
            "pub": rec.id,
            "page": number,
            "page_text": text,
            "passage": parts.without_running(text, running),
        }
        if number <= len(rec.page_parts):
            doc["part"] = rec.page_parts[number - 1]
        yield doc


def records_in(searcher: Any) -> list[PubRecord]:
    """Every publication record visible to an open Whoosh searcher."""
    return [PubRecord.from_json(d["record"]) for d in searcher.documents(kind=schema.KIND_PUB)]


def page_texts_in(searcher: Any, pid: str) -> list[str]:
    """A publication's stored page texts, in page order."""
    pages = sorted(
        (d["page"], d["page_text"])
        for d in searcher.documents(pub=pid)
        if d.get("kind") == schema.KIND_PAGE
    )
    return [text for _, text in pages]


class IndexReader:
    """Read access: records and stored page texts. Cheap to create; reopen to see new commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ix = schema.open_index(root)

    def records(self) -> list[PubRecord]:
        with self.ix.searcher() as s:
            return records_in(s)

    def page_texts(self, pid: str) -> list[str]:
        with self.ix.searcher() as s:
            return page_texts_in(s, pid)

    def counts(self) -> dict[str, int]:
        with self.ix.searcher() as s:
            pubs = sum(1 for _ in s.document_numbers(kind=schema.KIND_PUB))
            pages = sum(1 for _ in s.document_numbers(kind=schema.KIND_PAGE))
            return {"documents": pubs, "pages": pages, "total": s.doc_count()}

    def page_counts_by_pub(self) -> dict[str, int]:
        out: dict[str, int] = {}
        with self.ix.searcher() as s:
            for d in s.documents(kind=schema.KIND_PAGE):
                out[d["pub"]] = out.get(d["pub"], 0) + 1
        return out


class Batch:
    """Adds and deletes gathered for one commit: either all of them land or none."""

    def __init__(self, ix: Any) -> None:
        self.writer = schema.writer(ix, limitmb=128)
        self.size = 0

    def put(
        self, rec: PubRecord, page_texts: list[str], phrases: dict[str, int] | None = None
    ) -> None:
        """Add or replace a publication together with its pages; `phrases` are its key phrase
        candidates when the caller has them (read from the title and pages otherwise)."""
        self.writer.delete_by_term("pub", rec.id)
        self.writer.add_document(**_pub_doc(rec, page_texts, phrases))
        for doc in _page_docs(rec, page_texts):
            self.writer.add_document(**doc)
        self.size += 1

    def delete(self, pid: str) -> None:
        self.writer.delete_by_term("pub", pid)
        self.size += 1


# A batch is committed after this long at the latest. Each commit writes every term of its
# batch once more (a report's vocabulary is mostly its neighbours'), so short batches of long
# reports cost the writer more than their safety is worth: a run stopped mid-batch loses only
# the batch's writing, since its extractions are already in the cache.
BATCH_SECONDS = 60.0


class IndexWriter:
    """The one writer of an index, held under a file lock; commits in batches."""

    def __init__(
        self, root: Path, ix: Any, batch_size: int = 25, batch_seconds: float = BATCH_SECONDS
    ):
        self.root = root
        self.ix = ix
        self.batch_size = batch_size
        self.batch_seconds = batch_seconds
        self._batch: Batch | None = None
        self._started = 0.0

    def batch(self) -> Batch:
        if self._batch is None:
            self._batch = Batch(self.ix)
            self._started = time.monotonic()
        return self._batch

    def maybe_commit(self) -> None:
        b = self._batch
        if b and (
            b.size >= self.batch_size or time.monotonic() - self._started > self.batch_seconds
        ):
            self.commit()

    def commit(self) -> None:
        if self._batch is not None:
            self._batch.writer.commit()
            self._batch = None

    def cancel(self) -> None:
        if self._batch is not None:
            self._batch.writer.cancel()
            self._batch = None

    def clear(self) -> None:
        """Empty the index in one commit (a full rebuild then refills it batch by batch)."""
        self.commit()
        self.ix = schema.create_index(self.root)


def _lock_holder(root: Path) -> str:
    try:
        return (root / PID_FILE).read_text().strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def write_lock(root: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; a second run waits `wait` seconds then fails with exit 2."""
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK_FILE))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise PubkbError(
            f"index is locked by another run (pid {_lock_holder(root)})", EXIT_USAGE
        ) from None
    try:
        (root / PID_FILE).write_text(f"{os.getpid()}\n")
        yield
    finally:
        (root / PID_FILE).unlink(missing_ok=True)
        lock.release()


@contextmanager
def open_writer(
    root: Path, wait: float = 0.0, recreate: bool = False, batch_size: int = 25
) -> Iterator[IndexWriter]:
    """Lock, open (or create) the index, and commit the last batch on the way out."""
    with write_lock(root, wait):
        if recreate or not schema.index_exists(root):
            ix = schema.create_index(root)
        else:
            ix = schema.open_index(root)
        writer = IndexWriter(root, ix, batch_size=batch_size)
        try:
            yield writer
        except BaseException:
            # Whatever was committed stays; the unfinished batch is dropped, never half-written.
            writer.cancel()
            raise
        writer.commit()
