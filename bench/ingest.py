"""Ingest throughput of `pubkb index` against plain pdfminer text extraction, in one run.

Usage: python bench/ingest.py [FOLDER ...] [--rerun-files N]

Prints a table and a final JSON line. Ratios compare pages per second of a fresh
`pubkb index` (no extraction cache) with `pdfminer.high_level.extract_text` on the same
files in the same process, so machine noise affects both sides alike.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.ingest.plan import collect_files  # noqa: E402
from indexer.ingest.run import run_index  # noqa: E402
from indexer.ingest.worker import IndexOptions  # noqa: E402
from indexer.store.index import IndexReader  # noqa: E402

logging.getLogger("pdfminer").setLevel(logging.CRITICAL)


def plain_pdfminer(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        try:
            extract_text(str(f), laparams=LAParams())
        except Exception:
            continue
    return time.perf_counter() - start


def pubkb_index(folders: list[str], workers: int, ocr: str = "never") -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ix"
        start = time.perf_counter()
        run_index(folders, root, IndexOptions(workers=workers, timeout=600, ocr=ocr))
        elapsed = time.perf_counter() - start
        pages = IndexReader(root).counts()["pages"]
    return elapsed, pages


def make_small_pdfs(folder: Path, n: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    for i in range(n):
        c = Canvas(str(folder / f"note-{i:05d}.pdf"), invariant=1)
        c.drawString(72, 720, f"Research note {i} on immigration and sojourn policy")
        c.showPage()
        c.save()


def unchanged_rerun(n_files: int) -> tuple[float, float]:
    """Seconds for the first index and for an unchanged re-run over n small files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, root = Path(tmp) / "docs", Path(tmp) / "ix"
        folder.mkdir()
        make_small_pdfs(folder, n_files)
        start = time.perf_counter()
        run_index([str(folder)], root, IndexOptions(workers=2))
        first = time.perf_counter() - start
        start = time.perf_counter()
        summary = run_index([str(folder)], root, IndexOptions(workers=2))
        rerun = time.perf_counter() - start
        assert summary.unchanged == n_files, summary
    return first, rerun


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=[str(REPO / "corpus")])
    ap.add_argument("--rerun-files", type=int, default=1000)
    args = ap.parse_args()
    infos, _ = collect_files(args.folders)
    files = [Path(i.path) for i in infos]

    plain_s = plain_pdfminer(files)
    # Like for like: plain pdfminer reads no page images, so OCR is off for the ratios and
    # measured on its own row (it reads the pages pdfminer finds no text on).
    one_s, pages = pubkb_index(args.folders, workers=1)
    two_s, _ = pubkb_index(args.folders, workers=2)
    ocr_s, _ = pubkb_index(args.folders, workers=2, ocr="auto")
    first_s, rerun_s = unchanged_rerun(args.rerun_files)
    per_1000 = rerun_s * 1000 / args.rerun_files

    rows = [
        ("plain pdfminer extract_text", plain_s, pages / plain_s, 1.0),
        ("pubkb index, 1 worker", one_s, pages / one_s, plain_s / one_s),
        ("pubkb index, 2 workers", two_s, pages / two_s, plain_s / two_s),
        ("  same, with OCR of textless pages", ocr_s, pages / ocr_s, plain_s / ocr_s),
    ]
    print(f"{len(files)} files, {pages} pages")
    print(f"{'run':<32}{'seconds':>10}{'pages/s':>10}{'x plain':>9}")
    for name, secs, rate, ratio in rows:
        print(f"{name:<32}{secs:>10.2f}{rate:>10.1f}{ratio:>9.2f}")
    print(
        f"first index of {args.rerun_files} small files: {first_s:.2f} s; "
        f"unchanged re-run: {rerun_s:.2f} s ({per_1000:.2f} s per 1,000 files)"
    )
    print(
        json.dumps(
            {
                "files": len(files),
                "pages": pages,
                "plain_pages_per_s": round(pages / plain_s, 2),
                "ratio_1_worker": round(plain_s / one_s, 3),
                "ratio_2_workers": round(plain_s / two_s, 3),
                "ratio_2_workers_ocr": round(plain_s / ocr_s, 3),
                "unchanged_rerun_s_per_1000": round(per_1000, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
