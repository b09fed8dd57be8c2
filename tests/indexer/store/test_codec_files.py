"""Whoosh's own files, as the flat codec writes them (a field's lengths read once per document,
a term with few postings inlined), read back exactly as Whoosh's default codec's do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from whoosh.query import Phrase, Term

from indexer.store import schema
from indexer.store.flat import INLINE_BELOW

WORDS = ["refugee", "housing", "policy", "health", "migrant", "visa", "labour", "asylum"]


def _docs(batch: int) -> list[dict[str, Any]]:
    """Publications and pages whose words occur in one to all documents of a batch, so some
    terms have fewer postings than the inlining bound and some more."""
    docs = []
    for i in range(12):
        words = [WORDS[(i * 3 + k) % len(WORDS)] for k in range(i % 5 + 1)]
        rare = f"word{batch}x{i // 4}"
        docs.append(
            {
                "doc_id": f"{batch}-{i}",
                "kind": "pub" if i % 3 == 0 else "page",
                "pub": f"{batch}-{i // 3}",
                "title": " ".join(words[:2]),
                "body": " ".join(words * (i % 4 + 1)) + f" {rare} refugee housing",
                "passage": f"{rare} " + " ".join(reversed(words)),
                "page": i,
                "year": 2000 + i,
            }
        )
    return docs


def _build(root: Path, flat: bool) -> Any:
    ix = schema.create_index(root)
    for batch in range(3):
        w = schema.writer(ix) if flat else ix.writer()
        for doc in _docs(batch):
            w.add_document(**doc)
        w.commit(merge=False)
    return ix


def _contents(ix: Any) -> dict[str, Any]:
    """Everything a reader gives of each term and document, through Whoosh's public API."""
    out: dict[str, Any] = {}
    with ix.searcher() as s:
        r = s.reader()
        for fieldname, btext in r.all_terms():
            m = r.postings(fieldname, btext)
            postings = []
            while m.is_active():
                value = m.value() if m.supports("positions") else None
                postings.append((m.id(), m.weight(), value))
                m.next()
            info = r.term_info(fieldname, btext)
            out[f"{fieldname}:{btext!r}"] = (
                postings,
                (info.min_length(), info.max_length(), info.max_weight()),
                (info.min_id(), info.max_id()),
                r.doc_frequency(fieldname, btext),
                r.frequency(fieldname, btext),
            )
        for fieldname in ("title", "body", "passage"):
            out[f"lengths:{fieldname}"] = [
                r.doc_field_length(d, fieldname) for d in range(r.doc_count_all())
            ]
        phrase = Phrase("body", ["refuge", "hous"])
        out["phrase"] = sorted(hit.docnum for hit in s.search(phrase, limit=None))
        out["term"] = sorted(hit.docnum for hit in s.search(Term("passage", "asylum"), limit=None))
    return out


def _inlined(ix: Any) -> tuple[int, int]:
    with ix.searcher() as s:
        infos = [
            sub.term_info(f, t) for sub, _ in s.reader().leaf_readers() for f, t in sub.all_terms()
        ]
    return sum(i.is_inlined() for i in infos), len(infos)


def test_the_codecs_files_read_as_the_default_codecs(tmp_path: Path) -> None:
    default = _build(tmp_path / "default", flat=False)
    flat = _build(tmp_path / "flat", flat=True)
    expected = _contents(default)
    assert expected["phrase"] and expected["term"]
    assert _contents(flat) == expected
    # The flat codec's index did inline terms, and kept blocks for the others.
    inlined, terms = _inlined(flat)
    assert 0 < inlined < terms
    assert _inlined(default)[0] == 0


def test_merged_inlined_terms_read_as_before(tmp_path: Path) -> None:
    default = _build(tmp_path / "default", flat=False)
    flat = _build(tmp_path / "flat", flat=True)
    for ix, make in ((default, lambda ix: ix.writer()), (flat, schema.writer)):
        w = make(ix)
        w.delete_by_term("doc_id", "1-4")
        w.commit(optimize=True)
    assert _contents(flat) == _contents(default)


def test_a_term_in_as_many_documents_as_the_bound_gets_a_block(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    w = schema.writer(ix)
    for i in range(INLINE_BELOW):
        w.add_document(doc_id=str(i), kind="pub", pub=str(i), body="common" + " rare" * (i == 0))
    w.commit()
    with ix.searcher() as s:
        r = s.reader()
        assert not r.term_info("body", "common").is_inlined()
        assert r.term_info("body", "rare").is_inlined()
        # Fields whose postings carry no value are never inlined.
        assert not r.term_info("doc_id", "0").is_inlined()
