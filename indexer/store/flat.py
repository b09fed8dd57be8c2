"""Whoosh's segment codec with a flat copy of every posting list, which search reads in place.

Whoosh stores a posting list as compressed blocks of 128 postings; reading one means a
decompression and an unpickling per block, and search reads every posting of every query term
(exact facet counts need the whole match set). This codec writes, beside Whoosh's own files,
one more file per segment: each term's document numbers (and, for the ranked fields, its
term frequencies) as plain little-endian arrays, each term found by its hash. The file is
a segment file like the others, so it is assembled into the segment's compound file,
committed, merged and deleted with it; a segment without one (written by another codec) is
read through Whoosh as before. Whoosh's own files are unchanged.

The same field writer writes Whoosh's own files faster: each field's lengths are read once
per document, and a term with few postings is inlined into its term info (below).

It relies on these things of whoosh-reloaded 2.7.5 besides its public API (pyproject.toml pins
it): `W3FieldWriter` (subclassed: every posting of a new or merged segment passes through its
`add_postings`, whose loop this module's writer replaces, and its `start_field`, `start_term`
and `finish_term`), the posting writer's `add_posting` and `_inlinelimit`,
`W3TermInfo.set_inlined`, the per-document reader's `has_column`, and the segment reader's
`storage()` and `segment()`, which open the file.
"""

from __future__ import annotations

import json
import struct
import weakref
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3TermInfo, _lenfield

FLAT_EXT = ".flp"
_MAGIC = b"PUBKBFLP1"
_HEADER = struct.Struct("<9sI")


# A term with fewer postings than this in a segment keeps them in its term info, not in a
# posting block of its own: most of a report's words occur in a few documents of a batch, and a
# block costs two pickles and a compression per term where an inlined list costs one pickle.
# Whoosh reads either kind (its ListMatcher).
INLINE_BELOW = 8


class _TermInfo(W3TermInfo):  # type: ignore[misc]
    """W3TermInfo under the name Whoosh's posting writer calls when it inlines a term
    (`set_inline`; W3TermInfo spells it `set_inlined`, so Whoosh's own codec never inlines)."""

    def set_inline(self, ids: Any, weights: Any, values: Any) -> None:
        self.set_inlined(ids, weights, values)


def _lengths_of(lengths: Any, fieldname: str) -> Any:
    """A function giving a document's length of `fieldname` in the segment being written,
    each document's looked up once; 0 for a field that keeps no lengths."""
    if lengths is None or not lengths.has_column(_lenfield(fieldname)):
        return _no_length
    memo: dict[int, int] = {}

    def length(docnum: int) -> int:
        found = memo.get(docnum)
        if found is None:
            found = memo[docnum] = lengths.doc_field_length(docnum, fieldname)
        return found

    return length


def _no_length(docnum: int) -> int:
    return 0


class FlatCodec(W3Codec):  # type: ignore[misc]
    """W3Codec whose field writer also writes the flat posting file.

    `weighted` names the fields whose term frequencies are kept (the fields ranked by them);
    every other field keeps document numbers only, which is all a match set needs."""

    def __init__(self, weighted: frozenset[str] = frozenset(), **kwargs: Any) -> None:
        kwargs.setdefault("inlinelimit", INLINE_BELOW)
        super().__init__(**kwargs)
        self.weighted = frozenset(weighted)

    def field_writer(self, storage: Any, segment: Any) -> Any:
        return _FlatFieldWriter(self, storage, segment)


class _FlatFieldWriter(W3FieldWriter):  # type: ignore[misc]
    def __init__(self, codec: FlatCodec, storage: Any, segment: Any) -> None:
        super().__init__(codec, storage, segment)
        self._weighted_fields = codec.weighted
        self._keys: list[bytes] = []
        self._id_starts = array("q")
        self._tf_starts = array("q")
        # Segment-local document numbers fit 32 bits; frequencies are kept as single floats,
        # the precision Whoosh's own posting blocks give them back with (whole counts are
        # exact up to 2**24), so a merge of a large index holds 8 bytes a posting at most.
        self._ids = array("I")
        self._tfs = array("f")
        self._keep_tf = False
        self._prefix = b""

    def start_field(self, fieldname: str, fieldobj: Any) -> None:
        super().start_field(fieldname, fieldobj)
        if not fieldobj.format.posting_size:
            # A field whose postings carry no value (an ID, a number) is not inlined: Whoosh
            # reads an inlined posting without a value back as "" and cannot merge it.
            self._postwriter._inlinelimit = 1
        self._prefix = fieldname.encode("utf-8") + b"\x00"
        self._keep_tf = fieldname in self._weighted_fields

    def start_term(self, btext: bytes) -> None:
        # W3FieldWriter.start_term, with the term info that can be inlined.
        self._btext = btext
        self._postwriter.start_postings(self._fieldobj.format, _TermInfo())
        self._keys.append(self._prefix + btext)
        self._id_starts.append(len(self._ids))
        self._tf_starts.append(len(self._tfs) if self._keep_tf else -1)

    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """Whoosh's FieldWriter.add_postings, with the same calls for each field and term, and
        each posting passed straight to Whoosh's posting writer and to the flat arrays.

        Whoosh's own loop looks each posting's field length up in the length column, and asks
        the file system whether that column exists when it does not (every field without
        lengths); here a field's column is looked for once, and each document's length read
        once. `items` come sorted from Whoosh's pool; a spelling word (document -1) has no
        posting, as in Whoosh."""
        field: str | None = None
        term: bytes | None = None
        length_of: Any = _no_length
        add_posting: Any = None
        ids, tfs = self._ids, self._tfs
        keep_tf = False
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != field:
                if term is not None:
                    self.finish_term()
                if field is not None:
                    self.finish_field()
                self.start_field(fieldname, schema[fieldname])
                length_of = _lengths_of(lengths, fieldname)
                keep_tf = self._keep_tf
                field, term = fieldname, None
            if docnum == -1:
                continue
            if btext != term:
                if term is not None:
                    self.finish_term()
                self.start_term(btext)
                add_posting = self._postwriter.add_posting
                term = btext
            add_posting(docnum, weight, value or b"", length_of(docnum))
            ids.append(docnum)
            if keep_tf:
                tfs.append(weight)
        if term is not None:
            self.finish_term()
        if field is not None:
            self.finish_field()

    def close(self) -> None:
        super().close()
        f = self._segment.create_file(self._storage, FLAT_EXT)
        try:
            f.write(_encode(self._keys, self._id_starts, self._tf_starts, self._ids, self._tfs))
        finally:
            f.close()


def _smallest(values: Any, signed: bool = False) -> Any:
    """The narrowest integer dtype holding every value (document numbers of a segment fit
    in 16 bits up to 65,536 documents, and most term frequencies do too)."""
    top = int(values.max()) if len(values) else 0
    low = int(values.min()) if len(values) else 0
    for dtype in (np.uint16, np.uint32, np.int64) if not signed else (np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min <= low and top <= info.max:
            return np.dtype(dtype)
    return np.dtype(np.int64)


def _encode(keys: list[bytes], id_starts: Any, tf_starts: Any, ids: Any, tfs: Any) -> bytes:
    """The file: a header, then the terms sorted (blob and offsets), each sorted term's
    posting start in the ids and in the frequencies, and the two posting arrays."""
    order = sorted(range(len(keys)), key=keys.__getitem__)
    sorted_keys = [keys[i] for i in order]
    blob = b"".join(sorted_keys)
    key_off = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(k) for k in sorted_keys], out=key_off[1:])
    n_ids, n_tfs = len(ids), len(tfs)
    idx = np.asarray(order, dtype=np.int64)
    id_start = np.asarray(id_starts, dtype=np.int64)
    tf_start = np.asarray(tf_starts, dtype=np.int64)
    # Each term's postings end where the next term's (in writing order) begin.
    id_end = np.append(id_start[1:], n_ids) if len(keys) else id_start
    tf_next = np.full(len(keys), n_tfs, dtype=np.int64)
    kept = np.flatnonzero(tf_start >= 0)
    if len(kept):
        tf_next[kept[:-1]] = tf_start[kept[1:]]
    tf_end = np.where(tf_start >= 0, tf_next, -1)
    id_arr = np.frombuffer(ids, dtype=np.uint32) if n_ids else np.zeros(0, dtype=np.uint32)
    tf_arr = np.frombuffer(tfs, dtype=np.float32) if n_tfs else np.zeros(0, dtype=np.float32)
    whole = bool(np.all(tf_arr == np.round(tf_arr))) and (not n_tfs or tf_arr.min() >= 0)
    # Whole frequencies in the narrowest integer type; fractional ones (a field boost) as
    # single floats, the precision Whoosh's own posting blocks read them back with.
    tf_dtype = _smallest(tf_arr.astype(np.int64)) if whole else np.dtype(np.float32)
    spans = np.stack([id_start[idx], id_end[idx], tf_start[idx], tf_end[idx]], axis=1)
    # A lookup finds a term by its CRC-32 among the sorted hashes (one array search), then
    # compares the key itself, so two terms with one hash are told apart.
    hashes = np.fromiter(map(zlib.crc32, sorted_keys), dtype=np.uint32, count=len(keys))
    by_hash = np.argsort(hashes, kind="stable")
    sections = [
        ("hashes", hashes[by_hash]),
        ("hash_pos", by_hash.astype(np.int64).astype(_smallest(by_hash))),
        ("key_off", key_off),
        ("spans", spans.astype(_smallest(spans, signed=True))),
        ("ids", id_arr.astype(_smallest(id_arr))),
        ("tfs", tf_arr.astype(tf_dtype)),
    ]
    layout: dict[str, Any] = {"n_terms": len(keys), "blob": [0, len(blob)]}
    body = [blob]
    pos = len(blob)
    for name, arr in sections:
        pad = -pos % 8  # every array starts on an 8-byte boundary, so views are aligned
        body.append(b"\x00" * pad)
        pos += pad
        data = np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tobytes()
        layout[name] = [pos, len(data), arr.dtype.newbyteorder("<").str, list(arr.shape)]
        body.append(data)
        pos += len(data)
    head = json.dumps(layout).encode("ascii")
    return _HEADER.pack(_MAGIC, len(head)) + head + b"".join(body)


class FlatPostings:
    """One segment's flat posting file, read in place (views on the mapped segment)."""

    def __init__(self, buf: Any) -> None:
        view = memoryview(buf).cast("B")
        magic, head_len = _HEADER.unpack_from(view, 0)
        if magic != _MAGIC:
            raise ValueError("not a flat posting file")
        start = _HEADER.size + head_len
        layout = json.loads(bytes(view[_HEADER.size : start]))
        self._data = view[start:]
        self.n_terms = int(layout["n_terms"])
        lo, n = layout["blob"]
        blob = self._data[lo : lo + n]
        arrays = {}
        for name in ("hashes", "hash_pos", "key_off", "spans", "ids", "tfs"):
            pos, size, dtype, shape = layout[name]
            arr = np.frombuffer(self._data[pos : pos + size], dtype=np.dtype(dtype))
            arrays[name] = arr.reshape(shape)
        # The arrays every lookup searches, in aligned memory: the file aligns arrays to its
        # body, but the body starts wherever the header and the segment's place in its
        # compound file put it, and numpy copies an unaligned array to search it, each time.
        # These are a small share of the file; document numbers and frequencies stay mapped.
        self._hashes = np.require(arrays["hashes"], requirements="A")
        self._hash_pos = np.require(arrays["hash_pos"], requirements="A")
        self._spans = np.require(arrays["spans"], requirements="A")
        self._ids = arrays["ids"]
        self._tfs = arrays["tfs"]
        self._keys = _Keys(blob, arrays["key_off"])

    def _find(self, key: bytes) -> int:
        """The sorted place of `key`, or -1 when the segment does not have it."""
        h = zlib.crc32(key)
        hashes = self._hashes
        # The hash as the array's own type: given a Python int, numpy converts the whole array
        # to a type both fit, on every lookup.
        j = int(hashes.searchsorted(np.uint32(h)))
        while j < self.n_terms and hashes.item(j) == h:
            i = self._hash_pos.item(j)
            if self._keys[i] == key:
                return int(i)
            j += 1
        return -1

    def postings(self, field: str, btext: bytes) -> tuple[Any, Any | None] | None:
        """The term's document numbers (segment-local) and, for a weighted field, its term
        frequencies; None when the segment does not have the term."""
        i = self._find(field.encode("utf-8") + b"\x00" + btext)
        return None if i < 0 else self._at(i)

    def _at(self, i: int) -> tuple[Any, Any | None]:
        id_lo, id_hi, tf_lo, tf_hi = self._spans[i].tolist()
        return self._ids[id_lo:id_hi], (self._tfs[tf_lo:tf_hi] if tf_lo >= 0 else None)

    def field_terms(self, field: str) -> Iterator[tuple[bytes, Any]]:
        """Every term of a field, in order, with its document numbers."""
        prefix = field.encode("utf-8") + b"\x00"
        lo = bisect_left(self._keys, prefix)
        hi = bisect_left(self._keys, field.encode("utf-8") + b"\x01")
        cut = len(prefix)
        spans = self._spans[lo:hi, :2].tolist()
        for i, (id_lo, id_hi) in zip(range(lo, hi), spans, strict=True):
            yield self._keys[i][cut:], self._ids[id_lo:id_hi]


class _Keys:
    """The sorted term keys as a sequence, sliced from their blob on demand: a field's range
    of terms is found by bisection over it, a term by hash then one key, and nothing is
    decoded when the file is opened."""

    def __init__(self, blob: Any, offsets: Any) -> None:
        self._blob = blob
        self._off = offsets

    def __len__(self) -> int:
        return len(self._off) - 1

    def __getitem__(self, i: int) -> bytes:
        lo, hi = self._off[i : i + 2].tolist()
        return bytes(self._blob[lo:hi])


# Each segment reader's flat file, opened once (None: the segment has none).
_OPENED: weakref.WeakKeyDictionary[Any, FlatPostings | None] = weakref.WeakKeyDictionary()


def flat_postings(leaf: Any) -> FlatPostings | None:
    """The flat posting file of a segment reader, or None when its segment has none."""
    if leaf in _OPENED:
        return _OPENED[leaf]
    found: FlatPostings | None = None
    try:
        storage, segment = leaf.storage(), leaf.segment()
    except AttributeError:  # not a segment reader
        storage = segment = None
    if segment is not None:
        name = segment.make_filename(FLAT_EXT)
        if storage.file_exists(name):
            f = storage.open_file(name)
            buf = getattr(f, "_buf", None)
            try:
                found = FlatPostings(buf if buf is not None else f.read())
            except (ValueError, KeyError, TypeError, struct.error):
                # A damaged copy is not worth failing a search for: Whoosh's own files hold
                # the same postings, and the segment is read through them.
                found = None
    _OPENED[leaf] = found
    return found
