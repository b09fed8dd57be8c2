"""Score metadata detection on real third-party reports against their MANIFEST.tsv.

    python bench/metadata_real.py [FOLDER]      (default: <repo>/../shared/real-reports)

Prints one row per PDF (ok/✗ per field, ours vs truth where wrong), the totals, and a last line
of JSON: {"title": n, "year": n, "first_author": n, "total": n}.

Matching, defined once here and reused by the tests:
- title: equal after folding (case, accents, punctuation and whitespace), or a difflib
  SequenceMatcher ratio of at least 0.9 between the folded strings;
- year: equal;
- first author: our first person (chief[0], or the organisation when chief is empty) equals the
  manifest's first author after folding case and accents; "Surname, Given" matches "Given Surname".
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import os
import sys
import time
import unicodedata
from collections.abc import Collection, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from indexer.extract import cache  # noqa: E402
from indexer.extract.pdf import extract_pdf  # noqa: E402
from indexer.files import file_sha256  # noqa: E402
from indexer.metadata.assemble import detect  # noqa: E402
from indexer.model import (  # noqa: E402
    Extraction,
    Metadata,
)

DEFAULT_FOLDER = REPO.parent / "shared" / "real-reports"
# Extractions are kept here between runs (ignored by git).
CACHE = REPO / "bench" / ".cache"
TITLE_RATIO = 0.9


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in bare).split())


def title_matches(ours: str, truth: str) -> bool:
    a, b = fold(ours), fold(truth)
    return a == b or (bool(a) and difflib.SequenceMatcher(None, a, b).ratio() >= TITLE_RATIO)


def author_matches(ours: str, truth: str) -> bool:
    if not ours.strip() or not truth.strip():
        return False
    if fold(ours) == fold(truth):
        return True
    surname, comma, given = ours.partition(",")
    return bool(comma) and fold(f"{given} {surname}") == fold(truth)


def first_author(meta: Metadata) -> str:
    return meta.chief[0] if meta.chief else meta.organisation


@dataclass(frozen=True)
class Truth:
    file: str
    title: str
    year: int | None
    authors: tuple[str, ...]


@dataclass(frozen=True)
class Score:
    truth: Truth
    title: str
    year: int | None
    author: str

    @property
    def title_ok(self) -> bool:
        return title_matches(self.title, self.truth.title)

    @property
    def year_ok(self) -> bool:
        return self.year is not None and self.year == self.truth.year

    @property
    def author_ok(self) -> bool:
        return bool(self.truth.authors) and author_matches(self.author, self.truth.authors[0])


def read_manifest(folder: Path) -> list[Truth]:
    with (folder / "MANIFEST.tsv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [
        Truth(
            r["file"],
            r["title"],
            int(r["year"]) if r["year"].strip().isdigit() else None,
            tuple(a.strip() for a in r["authors"].split(";") if a.strip()),
        )
        for r in rows
    ]


def score(truths: Iterable[Truth], metas: dict[str, Metadata]) -> list[Score]:
    scores = []
    for t in truths:
        meta = metas.get(t.file, Metadata())
        scores.append(Score(t, meta.title, meta.year, first_author(meta)))
    return scores


def totals(scores: list[Score]) -> dict[str, int]:
    return {
        "title": sum(s.title_ok for s in scores),
        "year": sum(s.year_ok for s in scores),
        "first_author": sum(s.author_ok for s in scores),
        "total": len(scores),
    }


def _extract(job: tuple[Path, str]) -> tuple[str, Extraction | None]:
    path, sha256 = job
    try:
        return path.name, extract_pdf(path, sha256=sha256)
    except Exception:  # a file that cannot be read scores zero; the run goes on
        return path.name, None


def extract_all(
    folder: Path, names: Iterable[str], cache_root: Path | None = CACHE, workers: int = 0
) -> dict[str, Extraction]:
    """Extract in parallel, reusing cached extractions (keyed by content hash and extractor
    version, as the indexer does): pdfminer takes about a minute per core for this set."""
    done: dict[str, Extraction] = {}
    todo: list[tuple[Path, str]] = []
    for path in (folder / n for n in names):
        if not path.exists():
            continue
        sha256 = file_sha256(path)
        cached = cache.load(cache_root, sha256) if cache_root is not None else None
        if cached is not None:
            done[path.name] = cached
        else:
            todo.append((path, sha256))
    # Largest first so a long file does not end up alone on one worker at the end.
    todo.sort(key=lambda job: -job[0].stat().st_size)
    if todo:
        workers = workers or min(len(todo), os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for name, ex in pool.map(_extract, todo):
                if ex is None:
                    continue
                done[name] = ex
                if cache_root is not None:
                    cache.store(cache_root, ex)
    return done


def evaluate(
    folder: Path,
    extractions: dict[str, Extraction] | None = None,
    cache_root: Path | None = CACHE,
    only: Collection[str] | None = None,
) -> list[Score]:
    """Scores for every manifest row, or for the files in `only`."""
    truths = [t for t in read_manifest(folder) if only is None or t.file in only]
    if extractions is None:
        extractions = extract_all(folder, [t.file for t in truths], cache_root)
    metas = {name: detect(ex) for name, ex in extractions.items()}
    return score(truths, metas)


def _mark(ok: bool) -> str:
    return "ok" if ok else "✗"


def report(scores: list[Score]) -> str:
    lines = []
    for s in scores:
        lines.append(
            f"{s.truth.file[:52]:52}  title {_mark(s.title_ok):2}  year {_mark(s.year_ok):2}"
            f"  author {_mark(s.author_ok):2}"
        )
        if not s.title_ok:
            lines.append(f"    title   ours {s.title!r}\n            want {s.truth.title!r}")
        if not s.year_ok:
            lines.append(f"    year    ours {s.year}  want {s.truth.year}")
        if not s.author_ok:
            want = s.truth.authors[0] if s.truth.authors else ""
            lines.append(f"    author  ours {s.author!r}  want {want!r}")
    t = totals(scores)
    lines.append(
        f"\ntitle {t['title']}/{t['total']}  year {t['year']}/{t['total']}"
        f"  first author {t['first_author']}/{t['total']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--no-cache", action="store_true", help="extract every PDF again")
    args = parser.parse_args(argv)
    if not (args.folder / "MANIFEST.tsv").exists():
        print(f"no MANIFEST.tsv in {args.folder}", file=sys.stderr)
        return 2
    started = time.monotonic()
    scores = evaluate(args.folder, cache_root=None if args.no_cache else CACHE)
    print(report(scores))
    print(f"({time.monotonic() - started:.0f} s)")
    print(json.dumps(totals(scores)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
