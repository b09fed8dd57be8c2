"""The fast paths over Whoosh's internals give exactly what Whoosh's public API gives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from whoosh import query as wq

from indexer.search import ranking
from indexer.search._postings import (
    _MappedFile,
    doc_frequency,
    field_postings,
    matching_docs,
    read_postings,
    score_all,
    score_arrays,
    term_postings,
)
from indexer.search.query import parse
from indexer.store import schema

# How the segments of a test index are written: by Whoosh's own codec (read through Whoosh's
# posting blocks), by pubkb's (read from the flat posting arrays), or alternately (an index
# written partly before the flat arrays existed reads each segment its own way).
WRITERS = ["whoosh", "flat", "mixed"]


def _writer(ix: Any, how: str, n: int) -> Any:
    flat = how == "flat" or (how == "mixed" and n % 2 == 0)
    return schema.writer(ix) if flat else ix.writer()


@pytest.fixture(scope="module")
def whoosh_searcher(corpus_index: Path) -> Iterator[Any]:
    with schema.open_index(corpus_index).searcher(weighting=ranking.weighting()) as s:
        yield s


def _public_postings(reader: Any, fieldname: str, btext: bytes) -> list[tuple[int, float]]:
    out = []
    m = reader.postings(fieldname, btext)
    while m.is_active():
        out.append((m.id(), m.weight()))
        m.next()
    return out


@pytest.mark.parametrize("word", ["refugee", "immigration", "vaccine", "the", "census"])
@pytest.mark.parametrize("fieldname", ["body", "title", "summary"])
def test_block_reading_equals_the_public_matcher(
    whoosh_searcher: Any, word: str, fieldname: str
) -> None:
    reader = whoosh_searcher.reader()
    field = whoosh_searcher.schema[fieldname]
    for term in [t.text for t in field.analyzer(word)]:
        btext = field.to_bytes(term)
        if (fieldname, btext) not in reader:
            continue
        slow = _public_postings(reader, fieldname, btext)
        ids, tfs = read_postings(reader.postings(fieldname, btext))
        assert list(zip(ids.tolist(), tfs.tolist(), strict=True)) == slow and slow


def test_block_reading_across_segments(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    for n in range(3):
        writer = ix.writer()
        for i in range(4):
            body = "refugee " * (i + 1) + ("housing" if i % 2 else "health")
            writer.add_document(doc_id=f"{n}-{i}", kind="pub", pub=f"{n}-{i}", body=body)
        writer.commit(merge=False)
    with ix.searcher() as s:
        assert len(s.subsearchers) == 3
        reader = s.reader()
        (term,) = [t.text for t in s.schema["body"].analyzer("refugee")]
        btext = s.schema["body"].to_bytes(term)
        ids, tfs = read_postings(reader.postings("body", btext))
        # Three segments of four documents, each with the word once to four times.
        assert ids.tolist() == list(range(12))
        assert tfs.tolist() == [1.0, 2.0, 3.0, 4.0] * 3
        assert list(zip(ids.tolist(), tfs.tolist(), strict=True)) == _public_postings(
            reader, "body", btext
        )


@pytest.mark.parametrize("how", WRITERS)
def test_term_postings_across_segments_with_deletions(tmp_path: Path, how: str) -> None:
    ix = _three_segments_one_deleted(tmp_path, _refugee_doc, how)
    with ix.searcher() as s:
        reader = s.reader()
        (term,) = [t.text for t in s.schema["body"].analyzer("refugee")]
        btext = s.schema["body"].to_bytes(term)
        ids, tfs = term_postings(reader, "body", btext)
        # Three segments of four documents, each with the word once to four times, and the
        # second document of the second segment (number 5) deleted.
        assert ids.tolist() == [d for d in range(12) if d != 5]
        assert tfs.tolist() == [float(d % 4 + 1) for d in range(12) if d != 5]
        assert list(zip(ids.tolist(), tfs.tolist(), strict=True)) == _public_postings(
            reader, "body", btext
        )


@pytest.mark.parametrize(
    "query",
    [
        "refugee resettlement",
        '"temporary protection" asylum',
        "refugees -resettlement",
        "title:vaccine foreigners",
        "Juyoung Jang migrants health",
        "integr* indicators",
        "what did we conclude about vaccinating undocumented foreigners?",
    ],
)
def test_score_all_equals_whoosh_search(whoosh_searcher: Any, query: str) -> None:
    q = ranking.search_query(whoosh_searcher.schema, parse(query))
    whoosh = {hit.docnum: hit.score for hit in whoosh_searcher.search(q, limit=None)}
    ours = score_all(whoosh_searcher, q)
    assert ours.keys() == whoosh.keys() and ours
    assert all(abs(ours[d] - whoosh[d]) < 1e-9 for d in ours)


@pytest.mark.parametrize(
    "query",
    ["refugee resettlement", '"temporary protection" asylum', "integr* indicators", "zzzz"],
)
def test_matching_docs_equals_docs_for_query(whoosh_searcher: Any, query: str) -> None:
    q = ranking.passage_query(whoosh_searcher.schema, parse(query))
    ours = matching_docs(whoosh_searcher, q).tolist()
    assert sorted(ours) == sorted(set(whoosh_searcher.docs_for_query(q)))
    assert len(ours) == len(set(ours))


def _refugee_doc(n: int, i: int) -> dict[str, str]:
    """Document i of segment n: the word "refugee" i + 1 times, then housing or health."""
    body = "refugee " * (i + 1) + ("housing" if i % 2 else "health")
    return {"doc_id": f"{n}-{i}", "kind": "pub", "pub": f"{n}-{i}", "body": body}


def _three_segments_one_deleted(
    tmp_path: Path, doc: Callable[[int, int], dict[str, str]], how: str = "whoosh"
) -> Any:
    """An index of three segments of four documents each (`doc(segment, i)`), with document
    1-1 deleted afterwards: what a decoder must get right across segments."""
    ix = schema.create_index(tmp_path)
    for n in range(3):
        writer = _writer(ix, how, n)
        for i in range(4):
            writer.add_document(**doc(n, i))
        writer.commit(merge=False)
    writer = ix.writer()
    writer.delete_by_term("doc_id", "1-1")
    writer.commit(merge=False)
    return ix


@pytest.mark.parametrize("how", WRITERS)
def test_matching_docs_across_segments_with_deletions(tmp_path: Path, how: str) -> None:
    ix = _three_segments_one_deleted(tmp_path, _refugee_doc, how)
    with ix.searcher() as s:
        assert len(s.subsearchers) == 3
        words = [
            t.text for w in ("refugee", "housing", "health") for t in s.schema["body"].analyzer(w)
        ]
        for q in [wq.Term("body", words[1]), wq.Or([wq.Term("body", w) for w in words])]:
            expected = sorted(s.docs_for_query(q))
            assert sorted(matching_docs(s, q).tolist()) == expected and expected
        assert 4 + 1 not in matching_docs(s, wq.Term("body", words[0])).tolist()


@pytest.mark.parametrize("how", WRITERS)
def test_field_postings_equal_each_terms_documents_across_segments_with_deletions(
    tmp_path: Path, how: str
) -> None:
    ix = _three_segments_one_deleted(
        tmp_path, lambda n, i: {"doc_id": f"{n}-{i}", "kind": "pub", "pub": f"p{i % 3}"}, how
    )
    with ix.searcher() as s:
        assert len(s.subsearchers) == 3
        found: dict[bytes, list[int]] = {}
        for tbytes, docs in field_postings(s.reader(), "pub"):
            found.setdefault(tbytes, []).extend(docs.tolist())
        expected = {
            f"p{i}".encode(): sorted(s.docs_for_query(wq.Term("pub", f"p{i}"))) for i in range(3)
        }
        assert {t: sorted(d) for t, d in found.items()} == expected
        # The deleted document (the second of the second segment) is in no posting list.
        assert all(4 + 1 not in docs for docs in found.values())


def test_a_mapped_file_reads_its_bytes_in_place() -> None:
    data = bytes(range(256)) * 40
    view = memoryview(data)[100:9000]
    f = _MappedFile(view, name="x")
    assert f.get(10, 5) == data[110:115]
    assert f.read(3) == data[100:103]
    f.seek(8000)
    assert f.tell() == 8000
    assert f.read() == data[8100:9000]
    f.seek(-10, 2)
    assert f.read(100) == data[8990:9000]


@pytest.mark.parametrize("how", WRITERS)
def test_score_arrays_equal_whoosh_across_segments_with_deletions(tmp_path: Path, how: str) -> None:
    def doc(n: int, i: int) -> dict[str, str]:
        body = "refugee " * (i + 1) + ("housing" if i % 2 else "health")
        return {
            "doc_id": f"{n}-{i}",
            "kind": "pub",
            "pub": f"{n}-{i}",
            "body": body,
            "title": "refugee housing" if n == i else "health",
            "researchers": "Mina Kim" if i % 2 else "Jun Park",
        }

    ix = _three_segments_one_deleted(tmp_path, doc, how)
    with ix.searcher(weighting=ranking.weighting()) as s:
        for text in ["refugee housing", "kim health", "refugee -housing", '"refugee health"']:
            q = ranking.search_query(s.schema, parse(text))
            whoosh = {hit.docnum: hit.score for hit in s.search(q, limit=None)}
            ids, scores = score_arrays(s, q)
            assert ids.tolist() == sorted(whoosh) and whoosh, text
            assert all(
                abs(v - whoosh[d]) < 1e-9
                for d, v in zip(ids.tolist(), scores.tolist(), strict=True)
            )


@pytest.mark.parametrize("how", WRITERS)
def test_doc_frequency_equals_whoosh_across_segments_with_deletions(
    tmp_path: Path, how: str
) -> None:
    ix = _three_segments_one_deleted(tmp_path, _refugee_doc, how)
    with ix.searcher() as s:
        terms = list(s.reader().all_terms())
        assert terms
        for fieldname, btext in terms:
            text = s.schema[fieldname].from_bytes(btext)
            assert doc_frequency(s, fieldname, text) == s.doc_frequency(fieldname, text)
            assert doc_frequency(s, fieldname, btext) == s.doc_frequency(fieldname, text)
        assert doc_frequency(s, "body", "zzzz") == 0
        assert doc_frequency(s, "nofield", "refuge") == 0
