"""Shared test fixtures: repository locations and a builder of small real PDFs."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PUBKB_SHARED", REPO.parent / "shared"))
CORPUS = REPO / "corpus"

# A page is a list of lines; a line is text, or (text, font size).
PageSpec = Sequence[str | tuple[str, float]]
MakePdf = Callable[..., Path]


def build_pdf(path: Path, pages: Sequence[PageSpec], info: dict[str, str] | None = None) -> Path:
    """Write a real PDF with reportlab: one text line per entry, top to bottom."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    for key, value in (info or {}).items():
        getattr(canvas, f"set{key}")(value)
    for page in pages:
        y = 780.0
        for line in page:
            text, size = (line, 11.0) if isinstance(line, str) else line
            canvas.setFont("Helvetica", size)
            canvas.drawString(72, y, text)
            y -= size * 1.6
        canvas.showPage()
    canvas.save()
    return path


@pytest.fixture
def make_pdf(tmp_path: Path) -> MakePdf:
    """Build a PDF in tmp_path: make_pdf("name.pdf", [page, ...], info={"Title": ...})."""

    def make(
        name: str,
        pages: Sequence[PageSpec],
        info: dict[str, str] | None = None,
        folder: Path | None = None,
    ) -> Path:
        target = (folder or tmp_path) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        return build_pdf(target, pages, info)

    return make


def shared_or_skip(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared/{'/'.join(parts)} not present: this check needs the shared data")
    return path


@cache
def corpus_generator() -> Any:
    """corpus/generate.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("corpus_generate", CORPUS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def load_catalog() -> list[dict[str, object]]:
    """The corpus ground truth (test data only: the indexer never reads it)."""
    import tomllib

    data = tomllib.loads((CORPUS / "catalog.toml").read_text(encoding="utf-8"))
    return list(data["publication"])


def person_names(entry: dict[str, object], catalog: list[dict[str, object]]) -> list[str]:
    """The researchers of a catalog entry as people: a Korean edition (`edition_of`) lists the
    same people in the same order as its original, so it is given the original's spellings."""
    original = next((p for p in catalog if p["file"] == entry.get("edition_of")), None)
    source = original or entry
    return [*source["chief"], *source["co_researchers"]]  # type: ignore[misc]


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus indexed once per test session through the real pipeline."""
    from indexer.ingest.run import run_index
    from indexer.ingest.worker import IndexOptions

    root = tmp_path_factory.mktemp("corpus-index") / "ix"
    summary = run_index([str(CORPUS)], root, IndexOptions(workers=2))
    assert summary.failed == [] and summary.added == len(load_catalog())
    return root
