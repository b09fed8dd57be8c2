"""A synthetic publication index for query benchmarks: realistic sizes, no PDF parsing.

Text is drawn from the sample corpus's own vocabulary with Zipf frequencies, so term
statistics look like real reports; every publication has about twelve pages.
"""

from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.model import (  # noqa: E402
    ContentsEntry,
    Metadata,
    PubRecord,
)
from indexer.store import schema  # noqa: E402
from indexer.store.index import Batch  # noqa: E402
from indexer.types import PUB_TYPES  # noqa: E402

PAGES_PER_PUB = 12
WORDS_PER_PAGE = 250
PEOPLE = 400


def corpus_vocabulary(cache_dir: Path) -> list[str]:
    """Words of the bundled corpus, most frequent first (extracted once, then cached)."""
    cached = cache_dir / "vocabulary.txt"
    if cached.exists():
        return cached.read_text().split()
    from indexer.extract.pdf import extract_pdf

    counts: Counter[str] = Counter()
    for pdf in sorted((REPO / "corpus").glob("*.pdf")):
        for page in extract_pdf(pdf).pages:
            counts.update(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z-]+", page.text))
    words = [w for w, _ in counts.most_common()]
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_text("\n".join(words))
    return words


class Zipf:
    """Draws words with probability proportional to 1 / rank."""

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.words = words
        self.rng = rng
        self.weights = [1.0 / (r + 1) for r in range(len(words))]

    def sample(self, n: int) -> list[str]:
        return self.rng.choices(self.words, weights=self.weights, k=n)


def _record(i: int, z: Zipf, rng: random.Random, pages: list[str]) -> PubRecord:
    chief = [f"Researcher {rng.randrange(PEOPLE):03d}"]
    co = sorted({f"Researcher {rng.randrange(PEOPLE):03d}" for _ in range(rng.randrange(4))})
    meta = Metadata(
        title=" ".join(z.sample(8)).capitalize(),
        type=rng.choice(PUB_TYPES[:-1]),
        year=rng.randrange(2005, 2025),
        chief=chief,
        co_researchers=[c for c in co if c not in chief],
        summary=" ".join(z.sample(120)),
        contents=[ContentsEntry(" ".join(z.sample(4)).capitalize(), p) for p in (3, 5, 8, 11)],
    )
    sha = f"{i:064x}"
    return PubRecord(
        id=sha[-16:],
        path=f"/synthetic/pub-{i:06d}.pdf",
        sha256=sha,
        size=0,
        mtime_ns=0,
        pages=len(pages),
        meta=meta,
    )


def build(root: Path, n_docs: int, seed: int = 7) -> None:
    """Create a fresh index at `root` holding n_docs synthetic publications."""
    rng = random.Random(seed)
    z = Zipf(corpus_vocabulary(root.parent), rng)
    ix = schema.create_index(root)
    batch = Batch(ix)
    for i in range(n_docs):
        pages = [" ".join(z.sample(WORDS_PER_PAGE)) for _ in range(PAGES_PER_PUB)]
        batch.put(_record(i, z, rng, pages), pages)
        if batch.size >= 500:
            batch.writer.commit()
            batch = Batch(ix)
    batch.writer.commit()
