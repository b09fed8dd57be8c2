"""The flat posting arrays of a segment hold exactly the postings Whoosh's own files hold."""

from __future__ import annotations

from array import array
from pathlib import Path
from typing import Any

import pytest

from indexer.store import schema
from indexer.store.flat import FLAT_EXT, FlatPostings, flat_postings


def _public(sub: Any, fieldname: str, btext: bytes) -> tuple[list[int], list[float]]:
    """A term's postings in one segment through Whoosh's public matcher, deletions included
    (the flat arrays keep every posting; readers leave deleted documents out themselves)."""
    terms = sub._terms
    m = terms.matcher(fieldname, btext, sub.schema[fieldname].format)
    ids, weights = [], []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return ids, weights


def _check_segment(sub: Any) -> int:
    """Every term of every field of a segment reader: the flat arrays against Whoosh's."""
    flat = flat_postings(sub)
    assert flat is not None
    checked = 0
    for fieldname, btext in sub.all_terms():
        ids, weights = _public(sub, fieldname, btext)
        found = flat.postings(fieldname, btext)
        assert found is not None, (fieldname, btext)
        flat_ids, flat_tfs = found
        assert flat_ids.tolist() == ids
        if fieldname in schema.RANKED_FIELDS:
            assert flat_tfs is not None and flat_tfs.tolist() == weights
        else:
            assert flat_tfs is None
        checked += 1
    assert flat.n_terms == checked
    return checked


def test_every_term_of_the_corpus_index_equals_whoosh(corpus_index: Path) -> None:
    with schema.open_index(corpus_index).searcher() as s:
        checked = sum(_check_segment(sub) for sub, _ in s.reader().leaf_readers())
        # Each segment's terms were all compared (a term in two segments counts twice).
        assert checked >= sum(1 for _ in s.reader().all_terms()) > 0
        assert any(f == "passage" for f, _ in s.reader().all_terms())


def _docs(n: int) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": f"{n}-{i}",
            "kind": "pub",
            "pub": f"{n}-{i}",
            "title": "refugee housing" if i % 2 else "health of migrants",
            "body": "refugee " * (i + 1) + "housing policy " * (n + 1),
        }
        for i in range(5)
    ]


def test_merged_segments_carry_the_arrays_and_old_segment_files_go(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    for n in range(3):
        w = schema.writer(ix)
        for doc in _docs(n):
            w.add_document(**doc)
        w.commit(merge=False)
    w = schema.writer(ix)
    w.delete_by_term("doc_id", "1-2")
    w.commit(optimize=True)
    with ix.searcher() as s:
        leaves = list(s.reader().leaf_readers())
        assert len(leaves) == 1 and s.doc_count_all() == 14
        _check_segment(leaves[0][0])
        segment = leaves[0][0].segment()
        assert leaves[0][0].storage().file_exists(segment.make_filename(FLAT_EXT))
    # Only the merged segment's compound file is left (its flat file inside it).
    segs = [p.name for p in schema.whoosh_dir(tmp_path).iterdir() if p.suffix == ".seg"]
    assert segs == [segment.make_filename(".seg")]


def test_fractional_weights_are_kept_exactly(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    w = schema.writer(ix)
    w.add_document(doc_id="a", kind="pub", pub="a", body="refugee refugee", _body_boost=1.3)
    w.add_document(doc_id="b", kind="pub", pub="b", body="refugee")
    w.commit()
    with ix.searcher() as s:
        _check_segment(s.reader())


def test_a_segment_written_without_the_codec_has_no_arrays(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    w = ix.writer()
    w.add_document(doc_id="a", kind="pub", pub="a", body="refugee")
    w.commit()
    with ix.searcher() as s:
        assert flat_postings(s.reader()) is None


def test_a_file_that_is_not_a_flat_posting_file_is_refused() -> None:
    with pytest.raises(ValueError, match="not a flat posting file"):
        FlatPostings(b"\x00" * 64)


def _one_segment(root: Path) -> Any:
    ix = schema.create_index(root)
    w = schema.writer(ix)
    for doc in _docs(0):
        w.add_document(**doc)
    w.commit()
    return ix


def test_a_term_the_segment_lacks_is_none(tmp_path: Path) -> None:
    ix = _one_segment(tmp_path)
    with ix.searcher() as s:
        flat = flat_postings(s.reader())
        assert flat is not None
        assert flat.postings("body", b"zzzz") is None
        assert flat.postings("nofield", b"refuge") is None
        terms = [t for t, _ in flat.field_terms("pub")]
        assert terms == sorted(f"0-{i}".encode() for i in range(5))


def test_terms_sharing_a_hash_are_told_apart(tmp_path: Path) -> None:
    import random
    import zlib

    # Two different terms with one CRC-32: among 400,000 random 8-byte terms about 18 pairs
    # share one (the birthday bound), and a fixed seed finds the same pair every time.
    rng = random.Random(5)
    seen: dict[int, bytes] = {}
    pair: tuple[bytes, bytes] | None = None
    for _ in range(400_000):
        key = b"body\x00" + rng.randbytes(8)
        h = zlib.crc32(key)
        if h in seen and seen[h] != key:
            pair = (seen[h], key)
            break
        seen[h] = key
    assert pair is not None
    from indexer.store.flat import _encode

    ids = array("I", [1, 2, 3])
    keys = sorted(pair)
    pair = (keys[0], keys[1])
    blob = _encode(keys, array("q", [0, 2]), array("q", [-1, -1]), ids, array("f"))
    flat = FlatPostings(blob)
    a, b = (k.split(b"\x00", 1)[1] for k in pair)
    found_a, found_b = flat.postings("body", a), flat.postings("body", b)
    assert found_a is not None and found_b is not None
    assert found_a[0].tolist() == [1, 2] and found_b[0].tolist() == [3]


def test_a_damaged_flat_file_leaves_the_segment_to_whoosh(tmp_path: Path) -> None:
    from indexer.search._postings import term_postings

    ix = _one_segment(tmp_path)
    with ix.searcher() as s:
        (term,) = [t.text for t in s.schema["body"].analyzer("refugee")]
        expected = term_postings(s.reader(), "body", s.schema["body"].to_bytes(term))[0]
    # Overwrite the flat file's bytes inside the segment's compound file with zeros.
    (seg,) = schema.whoosh_dir(tmp_path).glob("*.seg")
    data = bytearray(seg.read_bytes())
    at = data.find(b"PUBKBFLP1")
    assert at >= 0
    data[at : at + 64] = bytes(64)
    seg.write_bytes(bytes(data))
    with schema.open_index(tmp_path).searcher() as s:
        assert flat_postings(s.reader()) is None
        ids = term_postings(s.reader(), "body", s.schema["body"].to_bytes(term))[0]
        assert ids.tolist() == expected.tolist() == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("shift", range(8))
def test_a_file_at_any_offset_is_searched_in_aligned_memory(shift: int) -> None:
    """A flat file lies wherever its compound segment file puts it: its lookup arrays are
    aligned all the same (numpy copies an unaligned array on every search), and every term
    is found with its postings."""
    from indexer.store.flat import _encode

    keys = sorted(b"body\x00" + f"term{i}".encode() for i in range(300))
    starts = array("q", range(0, 600, 2))
    ids = array("I", range(600))
    blob = _encode(keys, starts, array("q", [-1] * len(keys)), ids, array("f"))
    buf = bytearray(shift) + blob
    flat = FlatPostings(memoryview(buf)[shift:])
    assert flat._hashes.flags.aligned and flat._hash_pos.flags.aligned
    assert flat._spans.flags.aligned
    for i, key in enumerate(keys):
        found = flat.postings("body", key.split(b"\x00", 1)[1])
        assert found is not None and found[0].tolist() == [2 * i, 2 * i + 1]
