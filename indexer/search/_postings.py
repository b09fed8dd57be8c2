"""Whoosh's posting lists read as arrays, and queries scored for the whole index in one pass.

Search reads every posting of every query term (exact facet counts need the whole matching set),
and Whoosh's public matcher API costs three Python calls per posting, its block decoder summing
the delta-coded document numbers in a Python loop. This module goes around that by reading
internals of whoosh-reloaded that are not part of its API, which is why pyproject.toml pins it
to ==2.7.5:

- `whoosh.codec.whoosh3.W3LeafMatcher`: `_byteids`, `_data` (the block's delta-coded document
  numbers), `_weights`, `_read_data()`, `_read_weights()`, `_i`, `_blocklength` and
  `_next_block()`, to decode a posting block with array operations;
- `whoosh.matching.wrappers.MultiMatcher`: `matchers` and `offsets`, one matcher per segment;
- `whoosh.matching.ListMatcher`: `_ids`, `_weights` and `_i`, which `ScoredList` copies;
- a searcher's `subsearchers` (segment offsets) and the compound queries' `subqueries`, `a`
  and `b`, which `score_arrays` walks;
- `whoosh.filedb.compound.BufferFile`, which `share_mapped_files` replaces, and a segment
  reader's `_terms` (`W3TermsReader`: `_codec`, `_postfile`, `items_from`), which
  `field_postings` reads.

Any other matcher is read through the public API. Before another Whoosh version is allowed,
tests/indexer/search/test_postings.py must pass: it compares each fast path with that API.
"""

from __future__ import annotations

import io
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile, StructFile
from whoosh.matching.wrappers import MultiMatcher

from indexer.store.flat import FlatPostings, flat_postings

# Field lengths per searcher, filled in as documents match: a length lookup through Whoosh costs
# more than the BM25 arithmetic, and the same documents come back query after query.
_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()

# Recently read posting lists per searcher: staff ask about the same topics again and again,
# and decoding a long posting list is the slowest step of a query.
POSTINGS_CACHE = 512
_POSTINGS: weakref.WeakKeyDictionary[Any, OrderedDict[tuple[str, str], Any]] = (
    weakref.WeakKeyDictionary()
)


class _ViewReader(io.RawIOBase):
    """Reads a memory view in place, as a file."""

    def __init__(self, view: Any) -> None:
        super().__init__()
        self._view = view
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        chunk = self._view[self._pos : self._pos + len(b)]
        b[: len(chunk)] = chunk
        self._pos += len(chunk)
        return len(chunk)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._view)}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def tell(self) -> int:
        return self._pos


class _MappedFile(BufferFile):  # type: ignore[misc]
    """Whoosh's file over a slice of a memory-mapped segment, without its copy of the slice.

    Whoosh wraps each file of a compound segment in a BytesIO, which copies it: every posting
    list, column and stored field of the index, into the process's memory, beside the mapped
    pages of the same bytes. Reads by position already go to the memory view; this keeps the
    sequential reads on the view too."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        StructFile.__init__(self, io.BufferedReader(_ViewReader(buf)), name, onclose)
        self._buf = buf
        self.is_real = False  # no file descriptor of its own, as with a BufferFile


def share_mapped_files() -> None:
    """Make the segments opened from now on read their mapped files in place."""
    compound.BufferFile = _MappedFile


class _Leaf:
    """One segment of an open reader as search reads it: its flat posting file (None when the
    segment has none) and which of its documents are deleted (None when none is)."""

    def __init__(self, sub: Any) -> None:
        self.flat: FlatPostings | None = flat_postings(sub)
        deleted = sub.deleted_docs_set if sub.has_deletions() else ()
        self.dead: Any = None
        if deleted:
            self.dead = np.zeros(int(sub.doc_count_all()), dtype=bool)
            self.dead[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = True

    def alive(self, ids: Any, tfs: Any | None) -> tuple[Any, Any | None]:
        """The postings without those of deleted documents (as Whoosh's own reading leaves
        them out)."""
        if self.dead is None:
            return ids, tfs
        keep = ~self.dead[ids]
        return ids[keep], (tfs[keep] if tfs is not None else None)


_LEAVES: weakref.WeakKeyDictionary[Any, _Leaf] = weakref.WeakKeyDictionary()


def _leaf(sub: Any) -> _Leaf:
    found = _LEAVES.get(sub)
    if found is None:
        found = _LEAVES[sub] = _Leaf(sub)
    return found


def term_postings(reader: Any, fieldname: str, btext: bytes) -> tuple[Any, Any]:
    """A term's postings in the whole index as (document numbers, term frequencies) arrays,
    deleted documents left out: each segment's from its flat posting file when it has one (a
    slice, nothing decoded), else read through Whoosh a block at a time. Frequencies are 1
    for the fields whose flat copies keep document numbers only."""
    id_parts: list[Any] = []
    tf_parts: list[Any] = []
    for sub, offset in reader.leaf_readers():
        leaf = _leaf(sub)
        if leaf.flat is not None:
            found = leaf.flat.postings(fieldname, btext)
            if found is None:
                continue
            ids, tfs = leaf.alive(*found)
            id_parts.append(ids.astype(np.int64) + offset)
            tf_parts.append(tfs if tfs is not None else np.ones(len(ids), dtype=np.float32))
        elif (fieldname, btext) in sub:
            ids, tfs = read_postings(sub.postings(fieldname, btext))
            id_parts.append(ids + offset)
            tf_parts.append(tfs)
    if len(id_parts) == 1:
        return id_parts[0], tf_parts[0]
    return _concat(id_parts, np.int64), _concat(tf_parts, np.float64)


def doc_frequency(searcher: Any, fieldname: str, text: str | bytes) -> int:
    """Whoosh's document frequency of a term (its postings as written: a deleted document
    counts until a merge drops it), from the flat posting files' lengths where a segment has
    one instead of a term-table lookup in each segment."""
    if fieldname not in searcher.schema:
        return 0
    btext = text if isinstance(text, bytes) else searcher.schema[fieldname].to_bytes(text)
    total = 0
    for sub, _ in searcher.reader().leaf_readers():
        leaf = _leaf(sub)
        if leaf.flat is not None:
            found = leaf.flat.postings(fieldname, btext)
            total += len(found[0]) if found is not None else 0
        elif (fieldname, btext) in sub:
            total += int(sub.doc_frequency(fieldname, btext))
    return total


def field_postings(reader: Any, fieldname: str) -> Iterator[tuple[bytes, Any]]:
    """Every term of a field with the document numbers of its postings (deleted documents
    left out), segment by segment, reading each segment's terms in order rather than looking
    each one up in every segment."""
    for sub, offset in reader.leaf_readers():
        if fieldname not in sub.schema:
            continue
        leaf = _leaf(sub)
        if leaf.flat is not None:
            for tbytes, ids in leaf.flat.field_terms(fieldname):
                yield tbytes, leaf.alive(ids, None)[0].astype(np.int64) + offset
            continue
        terms = sub._terms
        fmt = sub.schema[fieldname].format
        for tbytes, info in sub.iter_field(fieldname):
            m = terms._codec.postings_reader(terms._postfile, info, fmt, term=(fieldname, tbytes))
            yield tbytes, leaf.alive(read_postings(m)[0], None)[0] + offset


def field_lengths(top: Any, fieldname: str, ids: Any) -> Any:
    """The field's length in each document of `ids` (as Whoosh keeps it: rounded to one of
    256 values; 1 for a document without the field), as an array; read from Whoosh once per
    document and searcher."""
    lengths = _length_array(top, fieldname)
    wanted = lengths[ids]
    missing = ids[wanted < 0]
    if len(missing):
        reader = top.reader()
        for d in missing.tolist():
            lengths[d] = float(reader.doc_field_length(d, fieldname, 1))
        wanted = lengths[ids]
    return wanted


def _length_array(top: Any, fieldname: str) -> Any:
    per_field = _LENGTHS.setdefault(top, {})
    lengths = per_field.get(fieldname)
    if lengths is None:
        lengths = per_field[fieldname] = np.full(int(top.doc_count_all()), -1.0)
    return lengths


def read_postings(m: Any) -> tuple[Any, Any]:
    """All document numbers and weights of a posting list, as arrays, a block at a time."""
    if isinstance(m, MultiMatcher):
        parts = [read_postings(sub) for sub in m.matchers]
        shifted = [p[0] + offset for p, offset in zip(parts, m.offsets, strict=True)]
        return _concat(shifted, np.int64), _concat([p[1] for p in parts], np.float64)
    if isinstance(m, W3LeafMatcher) and not m._byteids:
        id_blocks: list[Any] = []
        tf_blocks: list[Any] = []
        while m.is_active():
            if m._data is None:
                m._read_data()
            if m._weights is None:
                m._read_weights()
            block_ids = np.cumsum(np.asarray(m._data[0], dtype=np.int64))
            id_blocks.append(block_ids[m._i : m._blocklength])
            tf_blocks.append(np.asarray(m._weights, dtype=np.float64)[m._i : m._blocklength])
            m._i = m._blocklength
            m._next_block()
        return _concat(id_blocks, np.int64), _concat(tf_blocks, np.float64)
    slow_ids, slow_tfs = [], []
    while m.is_active():
        slow_ids.append(m.id())
        slow_tfs.append(m.weight())
        m.next()
    return np.asarray(slow_ids, dtype=np.int64), np.asarray(slow_tfs, dtype=np.float64)


def matching_docs(searcher: Any, q: Any) -> Any:
    """The document numbers `searcher.docs_for_query(q)` gives, each once, as an array; a term
    (or an Or of them) read a block at a time rather than three Python calls a posting."""
    if type(q) is wq.Or and not q.minmatch:
        # Each document once, in order: marked in a table of every document number, which
        # costs less than sorting the long page posting lists a query's words have.
        seen = np.zeros(int(searcher.doc_count_all()), dtype=bool)
        for sub in q.subqueries:
            seen[matching_docs(searcher, sub)] = True
        return np.flatnonzero(seen)
    if type(q) is wq.Term:
        btext = searcher.schema[q.fieldname].to_bytes(q.text)
        return term_postings(searcher.reader(), q.fieldname, btext)[0]
    return np.fromiter(searcher.docs_for_query(q), dtype=np.int64)


def _concat(blocks: list[Any], dtype: Any) -> Any:
    return np.concatenate(blocks).astype(dtype) if blocks else np.zeros(0, dtype=dtype)


class FieldStats:
    """Postings and length statistics of the pooled fields, for one search.

    `n_docs` is the document count the statistics are taken over (the ranking counts
    publications only), `field_b` each field's BM25 length normalisation."""

    def __init__(
        self, top: Any, fields: dict[str, float], n_docs: int, field_b: dict[str, float]
    ) -> None:
        self.top = top
        self.reader = top.reader()
        self.n_docs = n_docs
        self.field_b = field_b
        self.size = int(top.doc_count_all())
        self.fields = {f: w for f, w in fields.items() if f in top.schema and w > 0}
        self.avg = {f: avg_length(top, f, n_docs) for f in self.fields}

    def posting_arrays(self, text: str) -> dict[str, tuple[Any, Any]]:
        """Each field's postings of `text` as (document numbers, term frequencies) arrays."""
        out: dict[str, tuple[Any, Any]] = {}
        recent = _POSTINGS.setdefault(self.top, OrderedDict())
        for name in self.fields:
            key = (name, text)
            if key in recent:
                recent.move_to_end(key)
                arrays = recent[key]
            else:
                arrays = recent[key] = self._read(name, text)
                if len(recent) > POSTINGS_CACHE:
                    recent.popitem(last=False)
            if arrays is not None:
                ids, tfs = arrays
                out[name] = (ids, tfs.astype(np.float64))
        return out

    def _read(self, name: str, text: str) -> tuple[Any, Any] | None:
        ids, tfs = term_postings(self.reader, name, self.top.schema[name].to_bytes(text))
        return _compact(ids, tfs) if len(ids) else None

    def norm_array(self, name: str, ids: Any) -> Any:
        """BM25 length normalisation for the documents `ids`, as an array."""
        b = self.field_b.get(name, 0.75)
        return (1.0 - b) + (b / self.avg[name]) * field_lengths(self.top, name, ids)


def _compact(ids: Any, tfs: Any) -> tuple[Any, Any]:
    """Posting arrays as a cache keeps them: 32-bit document numbers, and 32-bit frequencies
    where that loses nothing (term frequencies are whole numbers)."""
    small = tfs.astype(np.float32)
    return ids.astype(np.int32), small if np.array_equal(small, tfs) else tfs


def avg_length(searcher: Any, fieldname: str, n_docs: int) -> float:
    """A field's average length over `n_docs` documents (1 when the field is empty)."""
    total = searcher.get_parent().field_length(fieldname)
    return float(total) / n_docs if total else 1.0


class ScoredList(matching.ListMatcher):  # type: ignore[misc]
    """Precomputed scores. ListMatcher recomputes the maximum of all its weights each time the
    collector asks for its quality, quadratic over a long list; this one knows it."""

    def __init__(self, ids: list[int], scores: list[float], position: int = 0) -> None:
        super().__init__(ids, scores, position=position)
        self._max = max(scores)

    def copy(self) -> ScoredList:
        return ScoredList(self._ids, self._weights, self._i)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return self._max

    def block_max_weight(self) -> float:
        return self._max


def _segment_span(top: Any, searcher: Any) -> tuple[int, int]:
    """Where a segment's document numbers start in the whole index, and how many it has."""
    if searcher is top:
        return 0, int(top.doc_count_all())
    for sub, offset in top.subsearchers:
        if sub is searcher:
            return int(offset), int(sub.doc_count_all())
    raise ValueError("searcher is not a segment of its parent")


class WholeIndexQuery(wq.Query):  # type: ignore[misc]
    """A query scored for the whole index at once; each segment's matcher takes its share.

    Whoosh asks for a matcher one segment at a time, but the pooled statistics are the whole
    index's, so the scores are computed once per searcher and kept."""

    boost: float

    def __init__(self) -> None:
        self._cache: tuple[Any, Any, Any] | None = None

    def compute_arrays(self, top: Any) -> tuple[Any, Any]:
        """Every matching document of the whole index, in document order, with its score,
        boost not applied: (document numbers, scores) arrays."""
        raise NotImplementedError

    def arrays(self, top: Any) -> tuple[Any, Any]:
        # A search asks once per segment, and `pubkb search` asks again for the matching set.
        cached = self._cache
        if cached is not None and cached[0]() is top:
            return cached[1], cached[2]
        ids, scores = self.compute_arrays(top)
        self._cache = (weakref.ref(top), ids, scores)
        return ids, scores

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        top = searcher.get_parent()
        ids, scores = self.arrays(top)
        offset, size = _segment_span(top, searcher)
        lo, hi = np.searchsorted(ids, [offset, offset + size])
        if lo == hi:
            return matching.NullMatcher()
        return ScoredList((ids[lo:hi] - offset).tolist(), (scores[lo:hi] * self.boost).tolist())


def score_all(searcher: Any, q: Any) -> dict[int, float]:
    """Every document matching `q` with its score, as a dictionary (`score_arrays`' figures)."""
    ids, scores = score_arrays(searcher, q)
    return dict(zip(ids.tolist(), scores.tolist(), strict=True))


_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0))


def score_arrays(searcher: Any, q: Any) -> tuple[Any, Any]:
    """Every document matching `q` (in document order) with its score, as Whoosh would score
    it, as (document numbers, scores) arrays.

    Search needs the whole matching set anyway (for exact facet counts), so collecting the
    scores while finding the matches saves Whoosh's second, per-document collection pass.
    Whole-index queries and plain terms are scored with arrays; other leaves (phrases,
    prefixes) go through Whoosh's own matchers."""
    size = int(searcher.doc_count_all())
    if isinstance(q, WholeIndexQuery):
        ids, scores = q.arrays(searcher)
        return ids, scores * q.boost
    if isinstance(q, wq.Or):
        return _combine([score_arrays(searcher, sub) for sub in q.subqueries], size, need=1)
    if isinstance(q, wq.And):
        parts = [score_arrays(searcher, sub) for sub in q.subqueries]
        return _combine(parts, size, need=len(parts)) if parts else _EMPTY
    if isinstance(q, wq.AndMaybe):
        required, optional = score_arrays(searcher, q.a), score_arrays(searcher, q.b)
        total = np.zeros(size)
        total[optional[0]] = optional[1]
        return required[0], required[1] + total[required[0]]
    if isinstance(q, wq.AndNot):
        positive, negative = score_arrays(searcher, q.a), score_arrays(searcher, q.b)
        keep = ~np.isin(positive[0], negative[0])
        return positive[0][keep], positive[1][keep]
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return _EMPTY
    if type(q) is wq.Term:
        scored = _term_arrays(searcher, q)
        if scored is not None:
            return scored
    found = _leaf_scores(searcher, q)
    ids = np.fromiter(found.keys(), dtype=np.int64, count=len(found))
    order = np.argsort(ids)
    return ids[order], np.fromiter(found.values(), dtype=np.float64, count=len(found))[order]


def _combine(parts: list[tuple[Any, Any]], size: int, need: int) -> tuple[Any, Any]:
    """Documents in at least `need` of the parts, with their scores summed over the parts."""
    total = np.zeros(size)
    count = np.zeros(size, dtype=np.int32)
    for ids, scores in parts:
        # Each part holds a document once, so plain indexing adds safely.
        total[ids] += scores
        count[ids] += 1
    hit = np.flatnonzero(count >= need)
    return hit, total[hit]


def _term_arrays(searcher: Any, q: Any) -> tuple[Any, Any] | None:
    """A plain term scored with arrays, when the searcher's weighting model can score a whole
    posting list at once (`score_postings`); None otherwise."""
    model = searcher.weighting
    score = getattr(model, "score_postings", None)
    if score is None or q.fieldname not in searcher.schema:
        return None
    field = searcher.schema[q.fieldname]
    if not field.scorable:
        return None
    btext = field.to_bytes(q.text)
    ids, tfs = term_postings(searcher.reader(), q.fieldname, btext)
    scores = score(searcher, q.fieldname, btext, ids, tfs.astype(np.float64))
    return ids, scores * q.boost


def _leaf_scores(searcher: Any, q: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    subs = [(searcher, 0)] if searcher.is_atomic() else searcher.subsearchers
    for sub, offset in subs:
        m = q.matcher(sub, sub.context())
        while m.is_active():
            out[m.id() + offset] = m.score()
            m.next()
    return out
