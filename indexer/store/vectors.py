"""The static token-embedding model: texts to unit vectors, read offline from installed files.

The model is WordLlama's 256-dimensional "l2_supercat" token table (32,000 Llama-2 tokens)
with its tokenizer, both shipped inside the `wordllama` wheel. The files are found through the
package's installed metadata and read with `safetensors` and `tokenizers`: importing
`wordllama` itself would configure the root logger, and its loader fetches the tokenizer from
the network. A text's vector is the mean of its tokens' rows, scaled to unit length.

A text's tokens are counted a word at a time (`token_counts`), with the same result as the
tokenizer's own `encode`, which runs its BPE over a whole report as one sequence.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from indexer.errors import PubkbError

# The distribution and the two files of its wheel that make the model.
MODEL_DISTRIBUTION = "wordllama"
INSTALL_HINT = "pip install --force-reinstall 'wordllama>=0.4'"
WEIGHTS_FILE = "wordllama/weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "wordllama/tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS_KEY = "embedding.weight"
# The table's width: every stored vector has this many half floats.
DIM = 256
# The publication document's field that holds its vector (a column: indexer/store/schema.py).
FIELD = "vector"

# Stored and kept in memory as half floats: a cosine between unit vectors needs no more than
# three significant digits, and it halves the index's and the serving process's share.
STORED_DTYPE = np.float16


# The tokenizer's normalizer: a metaspace before the text, and one for every space.
METASPACE = "\u2581"
# A word as the tokenizer's BPE sees it: a run of metaspaces and what follows up to the next.
# The table has no token with a metaspace after another character, so no merge joins two such
# words, and tokenising them apart gives the tokens of the whole (tests/indexer/store).
_WORD = re.compile(f"{METASPACE}*[^{METASPACE}]+|{METASPACE}+")
# Tokens of distinct words are remembered up to this many words, then forgotten together.
_WORD_MEMO_LIMIT = 500_000


@dataclass(frozen=True)
class Model:
    """The token table (half floats, one row per token id), the tokenizer, the tokenizer's
    added tokens (which it reads as themselves wherever the text has them) and a memo of
    each word's tokens."""

    table: np.ndarray
    tokenizer: Any
    added: dict[str, int] = field(default_factory=dict)
    words: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @cached_property
    def added_pattern(self) -> re.Pattern[str] | None:
        """The added tokens as one capturing pattern, longest first (None without any)."""
        if not self.added:
            return None
        alternatives = "|".join(re.escape(a) for a in sorted(self.added, key=len, reverse=True))
        return re.compile(f"({alternatives})")

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])


_lock = threading.Lock()
_loaded: Model | None = None


def model_files() -> tuple[Path, Path]:
    """The weights and tokenizer files of the installed package, or a PubkbError saying what
    to install when either is missing."""
    try:
        dist = metadata.distribution(MODEL_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise PubkbError(
            f"the embedding model's package is not installed: {INSTALL_HINT}"
        ) from None
    paths = tuple(Path(str(dist.locate_file(f))) for f in (WEIGHTS_FILE, TOKENIZER_FILE))
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise PubkbError(
            f"the embedding model's files are missing ({', '.join(missing)}): "
            f"reinstall the package: {INSTALL_HINT}"
        )
    return paths[0], paths[1]


def load() -> Model:
    """The model, read from disk on first use and then shared by every caller."""
    global _loaded
    with _lock:
        if _loaded is None:
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer

            weights, tokenizer_file = model_files()
            table = load_file(str(weights))[WEIGHTS_KEY].astype(STORED_DTYPE, copy=False)
            if table.ndim != 2 or table.shape[1] != DIM:
                raise PubkbError(f"the embedding model's table is {table.shape}, not (n, {DIM})")
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
            # A whole report is one text: nothing cut off, nothing padded.
            tokenizer.no_padding()
            tokenizer.no_truncation()
            added = {t.content: i for i, t in tokenizer.get_added_tokens_decoder().items()}
            _loaded = Model(table, tokenizer, added)
        return _loaded


def token_counts(m: Model, text: str) -> dict[int, int]:
    """How often each token id occurs in `text`, as `m.tokenizer.encode(text,
    add_special_tokens=False)` gives them."""
    ids, counts = _token_totals(m, text)
    return dict(zip(ids.tolist(), counts.astype(np.int64).tolist(), strict=True))


def _token_totals(m: Model, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The distinct token ids of `text` and their counts: the added tokens found first, each
    stretch between them normalised as the tokenizer does, cut into words, and each distinct
    word's tokens read once (and remembered)."""
    if len(m.words) > _WORD_MEMO_LIMIT:
        m.words.clear()
    pattern = m.added_pattern
    stretches = pattern.split(text) if pattern is not None else [text]
    seqs: list[tuple[int, ...]] = []
    times: list[int] = []
    for i, stretch in enumerate(stretches):
        if i % 2:  # an added token (re.split keeps the separators at odd places)
            seqs.append((m.added[stretch],))
            times.append(1)
            continue
        if not stretch:
            continue
        normalised = METASPACE + stretch.replace(" ", METASPACE)
        for word, n in Counter(_WORD.findall(normalised)).items():
            ids = m.words.get(word)
            if ids is None:
                ids = m.words[word] = tuple(t.id for t in m.tokenizer.model.tokenize(word))
            seqs.append(ids)
            times.append(n)
    if not seqs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
    lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
    flat = np.fromiter(chain.from_iterable(seqs), dtype=np.int64, count=int(lengths.sum()))
    totals = np.bincount(flat, weights=np.repeat(np.asarray(times, dtype=np.float64), lengths))
    present = np.flatnonzero(totals)
    return present, totals[present]


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length float32 row per text: the mean of its tokens' rows. A text without
    tokens gets a row of zeros (it is similar to nothing)."""
    m = load()
    out = np.zeros((len(texts), m.dim), dtype=np.float32)
    if not texts:
        return out
    for i, text in enumerate(texts):
        ids, counts = _token_totals(m, text)
        if not len(ids):
            continue
        # Each distinct token's row is read once, weighted by its count: a long report repeats
        # a few thousand distinct tokens, and only those rows leave half precision.
        out[i] = counts.astype(np.float32) @ m.table[ids].astype(np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out /= norms
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as stored in the index: half floats, little-endian."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A stored vector back as half floats (empty when nothing was stored)."""
    return np.frombuffer(data, dtype="<f2")


# The publication document's text fields a vector is made from, in the order they are joined:
# everything the publication's words are ranked on except researchers' names, which are not
# language the token table knows.
EMBEDDED_FIELDS = ("title", "summary", "headings", "body")


def document_text(doc: dict[str, Any], fields: Sequence[str] = EMBEDDED_FIELDS) -> str:
    """The text a publication document's vector is made from."""
    return "\n".join(str(doc[f]) for f in fields if doc.get(f))
