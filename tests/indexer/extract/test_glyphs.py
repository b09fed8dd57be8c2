"""The fast page device lays pages out exactly as pdfminer's own PDFPageAggregator does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pdfminer import layout as lt
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from indexer.extract.content import FastInterpreter
from indexer.extract.glyphs import FastAggregator, FastPage, line_text
from indexer.extract.pdf import LAPARAMS
from tests.conftest import CORPUS, shared_or_skip

# Attributes pdfminer itself sets differently from run to run: text groups and the box order
# drawn from them break ties between equal distances by object id, and inline images are
# named by the id of their stream.
UNSTABLE = ("groups", "index")


def pages(path: Path, device: type[PDFPageAggregator], laparams: Any = LAPARAMS) -> list[Any]:
    """The page trees of `path`: pdfminer's device read by pdfminer's interpreter, the fast
    device by the fast one, as extraction pairs them."""
    out = []
    with path.open("rb") as fh:
        rsrc = PDFResourceManager(caching=True)
        dev = device(rsrc, laparams=laparams)
        reader = FastInterpreter if device is FastAggregator else PDFPageInterpreter
        interpreter = reader(rsrc, dev)
        for page in PDFPage.get_pages(fh):
            interpreter.process_page(page)
            out.append(dev.get_result())
    return out


def _graphic(item: Any) -> bool:
    """Paths and images: the device does not keep them (layout analysis sets them aside)."""
    return isinstance(item, (lt.LTCurve, lt.LTImage))


def plain(value: Any, seen: dict[int, Any] | None = None) -> Any:
    """A layout object as comparable data: class, every attribute (floats by their exact bits)
    and children; a page's children sorted, since their order is one of the things pdfminer
    draws from ties. Graphic states and colour spaces, shared by many characters, are
    compared by their attributes, worked out once each."""
    seen = {} if seen is None else seen
    if isinstance(value, lt.LTItem):
        attrs = []
        for key, item in vars(value).items():
            if key in UNSTABLE or key == "_objs":
                continue
            if key == "name" and str(item).isdigit():
                item = "inline image"
            attrs.append((key, plain(item, seen)))
        kids = [plain(k, seen) for k in getattr(value, "_objs", ()) if not _graphic(k)]
        name = "LTPage" if isinstance(value, lt.LTPage) else type(value).__name__
        if name == "LTPage":
            kids.sort(key=repr)
        return (name, tuple(sorted(attrs)), tuple(kids))
    if isinstance(value, float):
        return value.hex()
    if isinstance(value, (list, tuple)):
        return tuple(plain(v, seen) for v in value)
    if value is None or isinstance(value, (int, str, bool)):
        return value
    if type(value).__name__ in ("PDFGraphicState", "PDFColorSpace"):
        key = id(value)
        if key not in seen:
            seen[key] = None  # a state that refers to itself
            seen[key] = tuple(sorted((k, plain(v, seen)) for k, v in vars(value).items()))
        return seen[key]
    return repr(value)


def assert_same(path: Path, laparams: Any = LAPARAMS, stock: list[Any] | None = None) -> list[Any]:
    """The device's pages of `path`, each asserted equal to pdfminer's (`stock` when the caller
    has read them already)."""
    if stock is None:
        stock = pages(path, PDFPageAggregator, laparams)
    fast = pages(path, FastAggregator, laparams)
    assert len(fast) == len(stock)
    for number, (a, b) in enumerate(zip(stock, fast, strict=True), start=1):
        assert isinstance(b, FastPage)
        assert plain(b) == plain(a), f"{path.name} page {number}"
    return fast


def chars(page: Any) -> list[lt.LTChar]:
    found: list[lt.LTChar] = []

    def walk(item: Any) -> None:
        if isinstance(item, lt.LTChar):
            found.append(item)
        for kid in getattr(item, "_objs", []):
            walk(kid)

    walk(page)
    return found


# A brief, a Korean brief, two-column and table pages, a long report: the corpus's kinds of page.
QUICK = (
    "issue-brief-2021-01",
    "issue-brief-2021-02-ko",
    "research-report-2021-01",
    "policy-report-2021-02",
    "working-paper-2021-01",
)


@pytest.mark.parametrize("name", QUICK)
def test_corpus_pages_equal_pdfminers(name: str) -> None:
    assert len(assert_same(CORPUS / f"{name}.pdf")) > 0


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_every_corpus_file_equals_pdfminers() -> None:
    assert _compare_all(sorted(CORPUS.glob("*.pdf"))) == len(list(CORPUS.glob("*.pdf")))


def test_fast_path_is_taken_for_horizontal_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """With pdfminer's own string path disabled, the device still reads every character, so
    the equality above is the fast path's and not a fallback's."""
    pdf = CORPUS / "issue-brief-2021-01.pdf"
    expected = sum(len(chars(p)) for p in pages(pdf, PDFPageAggregator))

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("pdfminer's own render_string was used")

    monkeypatch.setattr(PDFTextDevice, "render_string", refuse)
    monkeypatch.setattr(lt.LTLayoutContainer, "group_objects", refuse)
    got = pages(pdf, FastAggregator)
    assert sum(len(chars(p)) for p in got) == expected > 1000


def test_vertical_detection_goes_through_pdfminer() -> None:
    """Layout settings the fast grouping does not cover are pdfminer's own."""
    params = lt.LAParams(detect_vertical=True, boxes_flow=None)
    assert len(assert_same(CORPUS / "issue-brief-2021-01.pdf", params)) > 0


def _drawn(tmp_path: Path) -> Path:
    """Text states that change the glyph arithmetic: rotation, character and word spacing,
    horizontal scaling, rise, and a mirrored matrix."""
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "states.pdf"
    canvas = Canvas(str(path), invariant=1)
    text = canvas.beginText(72, 700)
    text.setFont("Helvetica", 12)
    text.textLine("Plain line of words, and numbers 12.5%")
    text.setCharSpace(1.5)
    text.textLine("Spaced characters in a line")
    text.setCharSpace(-0.4)
    text.setWordSpace(6)
    text.textLine("Tight characters with wide word gaps")
    text.setCharSpace(0)
    text.setWordSpace(0)
    text.setHorizScale(70)
    text.textLine("Condensed horizontal scaling")
    text.setHorizScale(100)
    text.setRise(4)
    text.textOut("Raised")
    text.setRise(-3)
    text.textOut(" lowered")
    text.setRise(0)
    canvas.drawText(text)
    canvas.saveState()
    canvas.translate(300, 400)
    canvas.rotate(33)
    canvas.setFont("Times-Bold", 14)
    canvas.drawString(0, 0, "Rotated heading text")
    canvas.restoreState()
    canvas.saveState()
    canvas.translate(500, 200)
    canvas.scale(-1, 1)
    canvas.setFont("Courier", 10)
    canvas.drawString(0, 0, "Mirrored")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path


def test_text_states_equal_pdfminers(tmp_path: Path) -> None:
    pdf = _drawn(tmp_path)
    fast = assert_same(pdf)
    assert len(fast) == 1
    matrices = [ch.matrix for ch in chars(fast[0])]
    assert any(abs(m[1]) > 0.1 for m in matrices)  # the rotated line was drawn and read
    assert any(m[0] < 0 for m in matrices)  # and the mirrored one


def test_line_text_equals_get_text() -> None:
    for page in pages(CORPUS / "research-report-2021-01.pdf", FastAggregator):
        for box in page:
            if isinstance(box, lt.LTTextBox):
                for line in box:
                    assert line_text(line) == line.get_text()


# Real reports by other publishers (English and Korean), and pdfminer's own samples (odd
# fonts, inline images, colour spaces, broken structures): the smallest few of each in the
# quick suite, every one under the slow marker.
def _small(folder: Path, count: int) -> list[Path]:
    return sorted(folder.rglob("*.pdf"), key=lambda p: p.stat().st_size)[:count]


def _compare_all(files: list[Path]) -> int:
    compared = 0
    for pdf in files:
        try:
            stock = pages(pdf, PDFPageAggregator)
        except Exception as stock_error:  # pdfminer cannot read it: neither may the device
            with pytest.raises(type(stock_error)):
                pages(pdf, FastAggregator)
            continue
        assert_same(pdf, stock=stock)
        compared += 1
    return compared


def test_small_real_reports_equal_pdfminers() -> None:
    assert _compare_all(_small(shared_or_skip("real-reports"), 2)) == 2


def test_small_pdf_samples_equal_pdfminers() -> None:
    assert _compare_all(_small(shared_or_skip("pdf-samples"), 20)) > 10


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_every_real_report_and_sample_equals_pdfminers() -> None:
    files = sorted(shared_or_skip("real-reports").rglob("*.pdf"))
    files += sorted(shared_or_skip("pdf-samples").rglob("*.pdf"))
    assert _compare_all(files) > 60


def test_paths_and_images_are_not_kept() -> None:
    """A page's rules and frames are objects to pdfminer's device and none to this one, while
    its characters match pdfminer's (the equality tests above)."""
    pdf = CORPUS / "policy-report-2021-02.pdf"

    def graphics(page: Any) -> int:
        return sum(_graphic(k) for k in page) + sum(
            graphics(k) for k in page if isinstance(k, lt.LTFigure)
        )

    assert sum(graphics(p) for p in pages(pdf, PDFPageAggregator)) > 0
    assert sum(graphics(p) for p in pages(pdf, FastAggregator)) == 0
