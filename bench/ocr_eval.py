"""How well and how fast OCR reads the sample corpus, against the text layer it should give.

Usage: python bench/ocr_eval.py [CORPUS]

For the image-only scan, the reference is the text layer of the PDF it is a scan of; for the
Korean editions and one English brief, OCR is forced on every page (`--ocr always`) and compared
with the file's own text layer. Accuracy is 1 - edit distance / reference length, over the page
text without whitespace (Tesseract's spacing of Korean differs from the printed one, and the
analyzer reads Hangul across spaces anyway), and the share of reference words found in the OCR
text, and the share of the reference's index terms (what search matches: stems, Hangul bigrams)
that the OCR text gives, counted with repetition. Prints a table, then a JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

from rapidfuzz.distance import Levenshtein

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.extract.ocr import DPI, languages  # noqa: E402
from indexer.extract.pdf import extract_pdf  # noqa: E402
from indexer.store.schema import text_analyzer  # noqa: E402


def _squash(text: str) -> str:
    return "".join(text.split())


def _terms(pages: list[str]) -> Counter[str]:
    analyzer = text_analyzer()
    return Counter(t.text for page in pages for t in analyzer(page))


def compare(ocr_pages: list[str], ref_pages: list[str]) -> tuple[float, float, float]:
    """(character accuracy, word recall, index term recall) over the whole document."""
    ocr, ref = _squash("".join(ocr_pages)), _squash("".join(ref_pages))
    accuracy = 1.0 - Levenshtein.distance(ocr, ref) / max(1, len(ref))
    words = " ".join(ref_pages).split()
    found = set(" ".join(ocr_pages).split())
    recall = sum(w in found for w in words) / max(1, len(words))
    wanted = _terms(ref_pages)
    terms = sum((wanted & _terms(ocr_pages)).values()) / max(1, sum(wanted.values()))
    return accuracy, recall, terms


def cases(corpus: Path) -> list[tuple[str, Path, Path]]:
    """(what, file to OCR, file whose text layer is the reference)."""
    rows = tomllib.loads((corpus / "catalog.toml").read_text(encoding="utf-8"))["publication"]
    out = [("scan", corpus / r["file"], corpus / r["scan_of"]) for r in rows if r.get("scan_of")]
    out += [("ko", corpus / r["file"], corpus / r["file"]) for r in rows if r.get("edition_of")]
    out.append(("en", corpus / "issue-brief-2021-08.pdf", corpus / "issue-brief-2021-08.pdf"))
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO / "corpus")
    args = parser.parse_args(argv)
    print(f"Tesseract languages {languages()}, {DPI} dpi\n")
    print("| file | kind | pages | s/page | characters | words | index terms |")
    print("|---|---|---:|---:|---:|---:|---:|")
    results = []
    for kind, path, reference in cases(args.corpus):
        started = time.monotonic()
        ocr = extract_pdf(path, ocr="always")
        seconds = (time.monotonic() - started) / ocr.page_count
        ref = extract_pdf(reference, ocr="never")
        accuracy, recall, terms = compare([p.text for p in ocr.pages], [p.text for p in ref.pages])
        results.append(
            {
                "file": path.name,
                "kind": kind,
                "characters": round(accuracy, 4),
                "words": round(recall, 4),
                "terms": round(terms, 4),
                "s_per_page": round(seconds, 2),
            }
        )
        print(
            f"| {path.name} | {kind} | {ocr.page_count} | {seconds:.1f} | "
            f"{accuracy:.1%} | {recall:.1%} | {terms:.1%} |"
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
