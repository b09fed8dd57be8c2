"""The embedding model: offline loading, unit vectors, similarity, and the vectors in the index."""

from __future__ import annotations

import json
import logging
import socket
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from indexer.errors import PubkbError
from indexer.store import schema, vectors
from indexer.store.index import page_texts_in

# Each phrase, a paraphrase of it sharing no content word, and a phrase on another subject.
CLOSE_AND_UNRELATED = [
    (
        "refugee resettlement",
        "helping asylum seekers settle in a new country",
        "semiconductor chip manufacturing yields",
    ),
    (
        "vaccination of migrants",
        "immunisation of foreign workers against disease",
        "football league match results",
    ),
    (
        "crime rates in cities",
        "police statistics on offences in urban areas",
        "recipes for baking bread",
    ),
    ("employment visa", "work permit for foreign labourers", "the planets of the solar system"),
]


def test_model_loads_with_no_network_and_without_importing_wordllama(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("network use in a test")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(vectors, "_loaded", None)
    handlers = list(logging.getLogger().handlers)
    level = logging.getLogger().level
    model = vectors.load()
    assert model.table.shape == (32000, 256)
    assert model.table.dtype == np.float16
    # Importing wordllama would configure the root logger for the whole process.
    assert "wordllama" not in sys.modules
    assert logging.getLogger().handlers == handlers
    assert logging.getLogger().level == level
    assert vectors.embed(["refugee resettlement"]).shape == (1, 256)


def test_missing_model_files_raise_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "_loaded", None)
    monkeypatch.setattr(vectors, "WEIGHTS_FILE", "wordllama/weights/no-such-file.safetensors")
    with pytest.raises(PubkbError, match="files are missing"):
        vectors.load()


def test_missing_model_package_raises_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vectors, "_loaded", None)
    monkeypatch.setattr(vectors, "MODEL_DISTRIBUTION", "no-such-distribution-of-pubkb")
    with pytest.raises(PubkbError, match="not installed"):
        vectors.load()


def test_embeddings_are_unit_length_and_deterministic() -> None:
    texts = ["refugee resettlement", "A whole report.\n" * 200, "난민 재정착", "x"]
    first = vectors.embed(texts)
    again = vectors.embed(list(reversed(texts)))[::-1]
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    np.testing.assert_array_equal(first, again)
    # One at a time, as the index embeds a publication, gives the same rows as a batch.
    for text, row in zip(texts, first, strict=True):
        np.testing.assert_allclose(vectors.embed([text])[0], row, atol=1e-6)


def test_a_text_without_tokens_is_similar_to_nothing() -> None:
    v = vectors.embed(["", "refugee"])
    assert not v[0].any()
    assert float(v[0] @ v[1]) == 0.0


@pytest.mark.parametrize(("phrase", "close", "unrelated"), CLOSE_AND_UNRELATED)
def test_close_phrases_are_more_similar_than_unrelated_ones(
    phrase: str, close: str, unrelated: str
) -> None:
    v = vectors.embed([phrase, close, unrelated])
    assert float(v[0] @ v[1]) > float(v[0] @ v[2]) + 0.2


def test_stored_bytes_are_half_floats() -> None:
    v = vectors.embed(["refugee resettlement"])[0]
    data = vectors.to_bytes(v)
    assert len(data) == 2 * len(v)
    np.testing.assert_allclose(vectors.from_bytes(data), v, atol=1e-3)


def test_each_indexed_publication_stores_the_embedding_of_its_text(corpus_index: Path) -> None:
    ix = schema.open_index(corpus_index)
    with ix.searcher() as s:
        column = s.reader().column_reader(vectors.FIELD)
        nums = list(s.document_numbers(kind=schema.KIND_PUB))
        assert nums
        for n in nums[:6]:
            doc = s.stored_fields(n)
            meta = json.loads(doc["record"])["meta"]
            # The publication's text rebuilt from what the index keeps of it: title, summary,
            # contents headings and the pages.
            text = "\n".join(
                t
                for t in (
                    meta["title"],
                    meta.get("summary") or "",
                    "\n".join(c["heading"] for c in meta.get("contents", [])),
                    "\n".join(page_texts_in(s, doc["pub"])),
                )
                if t
            )
            expected = vectors.embed([text])[0]
            np.testing.assert_allclose(vectors.from_bytes(column[n]), expected, atol=1e-3)


# Texts where the tokenizer's normalising, added tokens and byte fallback have edges.
TOKEN_EDGES = [
    "",
    " ",
    "  two  spaces  and a trailing one ",
    "<s>an added token</s> inside <unk>text",
    "<s>",
    "a<s>b",
    "  <s>  ",
    "emoji 😀, 한국어 난민법, العربية and\n\nnew\tlines",
    "no\u00a0break space and ﬁ ligature",
]


def _tokenizer_counts(m: vectors.Model, text: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for token in m.tokenizer.encode(text, add_special_tokens=False).ids:
        counts[token] = counts.get(token, 0) + 1
    return counts


def test_token_counts_equal_the_tokenizers_own_on_edges_and_every_corpus_report(
    corpus_index: Path,
) -> None:
    m = vectors.load()
    with schema.open_index(corpus_index).searcher() as s:
        reports = ["\n".join(page_texts_in(s, d["pub"])) for d in s.documents(kind=schema.KIND_PUB)]
    assert len(reports) > 40
    for text in TOKEN_EDGES + reports:
        assert dict(vectors.token_counts(m, text)) == _tokenizer_counts(m, text), text[:60]


def test_token_counts_equal_the_tokenizers_own_on_real_reports() -> None:
    """The first pages of the real reports (English and Korean), short ones first."""
    import csv

    from indexer.extract.pdf import extract_pdf
    from tests.conftest import shared_or_skip

    folder = shared_or_skip("real-reports")
    with (folder / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        rows = sorted(csv.DictReader(fh, delimiter="\t"), key=lambda r: int(r["pages"]))
    chosen = [r for r in rows if r["language"] == "ko"][:2] + [
        r for r in rows if r["language"] == "en"
    ][:3]
    m = vectors.load()
    for row in chosen:
        pages = extract_pdf(folder / row["file"], ocr="never").pages[:3]
        text = "\n".join(p.text for p in pages)
        assert text.strip(), row["file"]
        assert dict(vectors.token_counts(m, text)) == _tokenizer_counts(m, text), row["file"]
