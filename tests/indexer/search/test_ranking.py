"""The ranking's fast paths give exactly what Whoosh's public matcher API gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.search import ranking
from indexer.search.searcher import Searcher


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


@pytest.mark.parametrize("word", ["refugee", "immigration", "vaccine", "the", "census"])
@pytest.mark.parametrize("fieldname", ["body", "title", "summary"])
def test_block_reading_equals_the_public_matcher(
    searcher: Searcher, word: str, fieldname: str
) -> None:
    reader = searcher._s.reader()
    terms = [t.text for t in searcher.schema[fieldname].analyzer(word)]
    for term in terms:
        btext = searcher.schema[fieldname].to_bytes(term)
        if (fieldname, btext) not in reader:
            continue
        slow = []
        m = reader.postings(fieldname, btext)
        while m.is_active():
            slow.append((m.id(), m.weight()))
            m.next()
        ids, tfs = ranking._read_postings(reader.postings(fieldname, btext))
        assert list(zip(ids.tolist(), tfs.tolist(), strict=True)) == slow and slow


def test_array_scoring_equals_the_per_document_formula(searcher: Searcher) -> None:
    fields = {k: v for k, v in ranking.FIELD_WEIGHTS.items() if k not in ranking.NAME_FIELDS}
    stats = ranking._FieldStats(searcher._s, fields, ranking.PARAMS)
    terms = [t.text for t in searcher.schema["body"].analyzer("refugee resettlement census")]
    fast = stats._score_pooled_arrays({t: 1.0 for t in terms})
    slow: dict[int, float] = {}
    for term in terms:
        posts = stats.postings(term)
        docs = {d for items in posts.values() for d, _ in items}
        idf = ranking._idf(stats.n_docs, len(docs), ranking.PARAMS.idf)
        for d, v in stats._pooled(posts, idf).items():
            slow[d] = slow.get(d, 0.0) + v
    assert fast.keys() == slow.keys() and fast
    assert all(abs(fast[d] - slow[d]) < 1e-9 for d in fast)


@pytest.mark.parametrize(
    "query",
    [
        "refugee resettlement",
        '"temporary protection" asylum',
        "refugees -resettlement",
        "title:vaccine foreigners",
        "Juyoung Jang migrants health",
        "integr* indicators",
    ],
)
def test_score_all_equals_whoosh_search(searcher: Searcher, query: str) -> None:
    from indexer.search.query import parse

    q = searcher._text_query(parse(query))
    whoosh = {hit.docnum: hit.score for hit in searcher._s.search(q, limit=None)}
    ours = ranking.score_all(searcher._s, q)
    assert ours.keys() == whoosh.keys() and ours
    assert all(abs(ours[d] - whoosh[d]) < 1e-9 for d in ours)
