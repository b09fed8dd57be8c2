"""The worker contract: options, one file's outcome, and the function every executor runs."""

from __future__ import annotations

import signal
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from indexer.extract import cache
from indexer.extract.language import detect as page_language
from indexer.extract.ocr import OcrTimeout
from indexer.extract.pdf import ExtractionError, extract_pdf
from indexer.metadata.assemble import detect
from indexer.metadata.phrases import stored_candidates
from indexer.metadata.sections import PageParts, detect_parts
from indexer.model import ContentsEntry, Extraction, Metadata

# One file to extract: its path and the content hash it was planned with.
Job = tuple[str, str]


@dataclass
class IndexOptions:
    full: bool = False
    prune: bool = False
    dry_run: bool = False
    workers: int = 0
    passwords: list[str] = field(default_factory=list)
    timeout: float = 120.0
    wait: float = 0.0
    metadata_file: Path | None = None
    progress: bool = False
    scheduler: str | None = None
    batch_size: int = 25
    ocr: str = "auto"  # auto: pages without a text layer; always: every page; never


@dataclass
class PageAnalysis:
    """What the writer needs of a file's pages besides its metadata, worked out where the file
    was extracted, so the one writer process has less to do. The parts hold for `contents` and
    the phrase candidates for `title`: a correction of either means working them out again."""

    contents: list[ContentsEntry]
    layout: PageParts
    languages: list[str]
    title: str
    phrases: dict[str, int]


@dataclass
class Outcome:
    """A worker's answer for one file: an extraction and its metadata, or a reason it failed."""

    path: str
    sha256: str
    extraction: Extraction | None = None
    metadata: Metadata | None = None
    error: str = ""
    analysis: PageAnalysis | None = None
    # The extraction as the cache stores it, compressed where it was made ("" when it is not
    # to be kept: an extraction that missed OCR is read again once Tesseract is there).
    cached: bytes = b""


def layout_of(ex: Extraction, contents: list[ContentsEntry]) -> PageParts:
    """Each page's part and heading; a layout no rule foresaw leaves the pages unlabelled."""
    try:
        return detect_parts(ex.pages, contents)
    except Exception:  # the file is indexed all the same
        return PageParts()


def analyse(ex: Extraction, meta: Metadata) -> PageAnalysis:
    """The page analysis of `ex` for its detected metadata."""
    return PageAnalysis(
        contents=list(meta.contents),
        layout=layout_of(ex, meta.contents),
        languages=[page_language(p.text) for p in ex.pages],
        title=meta.title,
        phrases=stored_candidates(meta.title, [p.text for p in ex.pages]),
    )


def _finished(path: str, sha256: str, ex: Extraction) -> Outcome:
    meta = detect(ex)
    blob = b"" if ex.ocr_missing else cache.encode(ex)
    return Outcome(path, sha256, ex, meta, analysis=analyse(ex, meta), cached=blob)


# ---------------------------------------------------------------- extraction workers


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout()


def process_file(
    path: str, sha256: str, passwords: list[str], timeout: float, ocr: str = "auto"
) -> Outcome:
    """Extract (with OCR as `ocr` says) and detect metadata for one file. Never raises:
    failures come back as reasons.

    Runs in a worker process (or a Dask worker); the per-file timeout is an interval timer,
    which interrupts pdfminer's pure-Python loops wherever they are, and a deadline that OCR
    passes on to Tesseract (Dask runs files in threads, where there is no timer)."""
    use_alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
    deadline = time.monotonic() + timeout if timeout > 0 else None
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        ex = extract_pdf(Path(path), passwords, sha256=sha256, ocr=ocr, deadline=deadline)
        return _finished(path, sha256, ex)
    except ExtractionError as exc:
        return Outcome(path, sha256, error=str(exc))
    except (_Timeout, OcrTimeout):
        return Outcome(path, sha256, error=f"timed out after {timeout:g} s (raise --timeout?)")
    except Exception as exc:  # a bug on one odd file must not stop the batch
        return Outcome(path, sha256, error=f"extraction failed ({type(exc).__name__}: {exc})")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _metadata_only(ex: Extraction, path: str) -> Outcome:
    try:
        return Outcome(path, ex.sha256, ex, detect(ex))
    except Exception as exc:
        return Outcome(path, ex.sha256, error=f"metadata detection failed ({type(exc).__name__})")


def ocr_warning(ex: Extraction) -> str:
    """One line on why pages that needed OCR have no text."""
    if not ex.has_text:
        what = "no text layer, and OCR is unavailable"
        after = "indexed with its metadata only"
    else:
        what = "some pages have no text layer, and OCR is unavailable"
        after = "those pages are indexed empty"
    return f"{what}: {ex.ocr_missing}; {after} (re-run with --full once OCR is installed)"
