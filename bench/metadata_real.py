"""Score metadata detection on real third-party reports against their MANIFEST.tsv.

    python bench/metadata_real.py [FOLDER] [--baseline REV]

Prints one row per PDF (ok/✗ per field, ours vs truth where wrong), the totals, a table per
field and language group (all fields, then only fields detected with confidence >= 0.8), the
same table for the detector of git revision REV (default: where this branch left main) run
on the same extractions in a subprocess, and a last line of JSON with every figure.

Matching, defined once here and reused by the tests:
- title: equal after folding (case, accents, punctuation and whitespace), or a difflib
  SequenceMatcher ratio of at least 0.9 between the folded strings;
- year: equal, an empty year being right where the manifest has none; a year read only from
  the Info dates counts as wrong (it dates the file, not the publication);
- researchers: precision is the share of our researcher names that are personal authors in the
  manifest, recall the share of those we found (rows whose author is corporate count only
  against names we invent);
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
from indexer.types import PUB_TYPES  # noqa: E402

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
    language: str = "en"
    series_or_type: str = ""

    @property
    def pub_type(self) -> str:
        """The manifest's series or type label in pubkb's vocabulary: the longest type name the
        label contains as whole words ("NBER Working Paper 13916" is a Working Paper), else
        Other. Defined here from the label alone, not by the detector's own rules."""
        label = f" {' '.join(fold(self.series_or_type).split())} "
        names = sorted((t for t in PUB_TYPES if t != "Other"), key=len, reverse=True)
        return next((t for t in names if f" {fold(t)} " in label), "Other")

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(a for a in self.authors if not is_corporate(a))


# Words that make a manifest author a body, not a person.
_CORPORATE_WORDS = {
    "office", "department", "bank", "project", "service", "board", "division", "organisation",
    "organization", "institute", "ministry", "agency", "university", "centre", "center",
}  # fmt: skip


def is_corporate(author: str) -> bool:
    words = fold(author).split()
    if any(w in _CORPORATE_WORDS for w in words) or (author.isupper() and len(words) == 1):
        return True
    hangul = "".join(c for c in author if "\uac00" <= c <= "\ud7a3")
    # Korean personal names have two to four syllables; bodies end in a unit noun.
    return bool(hangul) and (
        len(hangul) > 4 or hangul.endswith(("실", "원", "부", "청", "처", "동"))
    )


CONFIDENT = 0.8
# The figures are compared with the detector of this commit: the last one before detection
# scored its candidates (rules written against the first 20 files).
REFERENCE = "27339d5b0d43d65fbe60949f5a6ce5e6e6cd530d"


@dataclass(frozen=True)
class Score:
    truth: Truth
    title: str
    year: int | None
    author: str
    year_source: str = ""
    researchers: tuple[str, ...] = ()
    confidence: tuple[tuple[str, float], ...] = ()
    pub_type: str = ""

    def conf(self, field: str) -> float:
        return dict(self.confidence).get(field, 0.0)

    @property
    def right_people(self) -> int:
        return sum(any(author_matches(r, a) for a in self.truth.people) for r in self.researchers)

    @property
    def found_people(self) -> int:
        return sum(any(author_matches(r, a) for r in self.researchers) for a in self.truth.people)

    @property
    def title_ok(self) -> bool:
        return title_matches(self.title, self.truth.title)

    @property
    def year_ok(self) -> bool:
        if self.year_source == "info":
            return False
        return self.year == self.truth.year

    @property
    def type_ok(self) -> bool:
        return self.pub_type == self.truth.pub_type

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
            r.get("language", "en") or "en",
            r.get("series_or_type", ""),
        )
        for r in rows
    ]


def score(truths: Iterable[Truth], metas: dict[str, Metadata]) -> list[Score]:
    scores = []
    for t in truths:
        meta = metas.get(t.file, Metadata())
        scores.append(
            Score(
                t,
                meta.title,
                meta.year,
                first_author(meta),
                meta.sources.get("year", ""),
                tuple(meta.researchers),
                tuple(sorted(getattr(meta, "confidence", {}).items())),
                pub_type=meta.type,
            )
        )
    return scores


def totals(scores: list[Score]) -> dict[str, int]:
    return {
        "title": sum(s.title_ok for s in scores),
        "year": sum(s.year_ok for s in scores),
        "first_author": sum(s.author_ok for s in scores),
        "total": len(scores),
    }


def figures(scores: list[Score], confident: bool = False) -> dict[str, float | int]:
    """Per-field accuracy and researcher precision/recall; `confident` keeps only fields
    detected with confidence >= CONFIDENT (and counts how many were)."""
    out: dict[str, float | int] = {}
    for field, ok in (("title", "title_ok"), ("type", "type_ok"), ("year", "year_ok")):
        kept = [s for s in scores if not confident or s.conf(field) >= CONFIDENT]
        right = sum(getattr(s, ok) for s in kept)
        out[field] = right
        out[f"{field}_n"] = len(kept)
    kept = [s for s in scores if not confident or s.conf("chief") >= CONFIDENT]
    named = sum(len(s.researchers) for s in kept)
    real = sum(len(s.truth.people) for s in kept)
    out["author_precision"] = round(sum(s.right_people for s in kept) / named, 3) if named else 1.0
    out["author_recall"] = round(sum(s.found_people for s in kept) / real, 3) if real else 1.0
    out["author_n"] = len(kept)
    return out


def table(scores: list[Score], label: str) -> str:
    head = f"{'group':10} {'title':>9} {'type':>9} {'year':>9} {'auth P':>7} {'auth R':>7}"
    rows = [f"{label}\n  {head}"]
    groups = [("all", scores)] + [
        (lang, [s for s in scores if s.truth.language == lang]) for lang in ("en", "ko")
    ]
    for confident in (False, True):
        for name, group in groups:
            f = figures(group, confident)
            tag = f"{name}{' ≥0.8' if confident else ''}"
            rows.append(
                f"  {tag:10} {f['title']:>4}/{f['title_n']:<4} {f['type']:>4}/{f['type_n']:<4}"
                f" {f['year']:>4}/{f['year_n']:<4}"
                f" {f['author_precision']:>7.3f} {f['author_recall']:>7.3f}"
            )
    return "\n".join(rows)


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


_BASELINE_RUNNER = """
import json, sys
sys.path.insert(0, sys.argv[1])
from indexer.model import Extraction
from indexer.metadata.assemble import detect
for line in sys.stdin:
    name, data = json.loads(line)
    meta = detect(Extraction.from_dict(data))
    print(json.dumps([name, meta.to_dict()], ensure_ascii=False))
"""


def baseline(rev: str, extractions: dict[str, Extraction]) -> dict[str, Metadata]:
    """Metadata from the detector of git revision `rev`, exported to a temporary folder and
    run in a subprocess on the same extractions."""
    import subprocess
    import tarfile
    import tempfile
    from io import BytesIO

    blob = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", rev, "indexer"],
        check=True,
        capture_output=True,
    ).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(blob)) as tar:
            tar.extractall(tmp, filter="data")
        feed = "".join(
            json.dumps([n, ex.to_dict()], ensure_ascii=False) + "\n"
            for n, ex in extractions.items()
        )
        out = subprocess.run(
            [sys.executable, "-c", _BASELINE_RUNNER, tmp],
            input=feed,
            capture_output=True,
            text=True,
            check=True,
            cwd=tmp,
        ).stdout
    metas = {}
    for line in out.splitlines():
        name, data = json.loads(line)
        metas[name] = Metadata.from_dict(data)
    return metas


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
    parser.add_argument(
        "--baseline",
        default=REFERENCE,
        help="git revision to compare with (default: the last one before scored detection)",
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the comparison")
    args = parser.parse_args(argv)
    if not (args.folder / "MANIFEST.tsv").exists():
        print(f"no MANIFEST.tsv in {args.folder}", file=sys.stderr)
        return 2
    started = time.monotonic()
    truths = read_manifest(args.folder)
    cache_root = None if args.no_cache else CACHE
    extractions = extract_all(args.folder, [t.file for t in truths], cache_root)
    scores = evaluate(args.folder, extractions)
    print(report(scores))
    print(table(scores, "\nafter (this tree)"))
    result: dict[str, object] = {**totals(scores), "after": figures(scores)}
    result["after_confident"] = figures(scores, confident=True)
    if not args.no_baseline:
        import subprocess

        rev = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", args.baseline],
            capture_output=True, text=True, check=True,
        ).stdout.strip()  # fmt: skip
        before = score(truths, baseline(rev, extractions))
        print(table(before, f"\nbefore ({rev[:10]})"))
        result["before"] = figures(before)
        result["baseline"] = rev
    print(f"({time.monotonic() - started:.0f} s)")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
