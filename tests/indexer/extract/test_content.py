"""The fast content-stream reader yields pdfminer's own objects, and its interpreter runs them
as pdfminer's does."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, list_value, stream_value
from pdfminer.psparser import PSEOF

from indexer.extract import content
from indexer.extract.content import FastInterpreter, Unsupported, tokens
from indexer.extract.pdf import extract_pdf
from tests.conftest import CORPUS, shared_or_skip


def stock(datas: list[bytes]) -> list[Any]:
    """What pdfminer's own content parser yields for these streams."""
    streams = [PDFStream({}, data) for data in datas]
    for number, stream in enumerate(streams, start=1):
        stream.objid = number
    try:
        parser = PDFContentParser(streams)
    except PSEOF:
        return []
    found = []
    while True:
        try:
            found.append(parser.nextobject()[1])
        except PSEOF:
            return found


def comparable(value: Any) -> Any:
    """An object as data: its type with it (True is not 1), floats by their bits, keywords and
    names by identity (pdfminer interns them)."""
    if isinstance(value, list):
        return ("list", tuple(comparable(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple((k, comparable(v)) for k, v in value.items()))
    if isinstance(value, float):
        return ("float", value.hex())
    if isinstance(value, (bool, int, bytes)):
        return (type(value).__name__, value)
    return ("interned", type(value).__name__, id(value))


def assert_same_objects(datas: list[bytes]) -> list[Any]:
    expected = stock(datas)
    got = tokens(datas)
    assert [comparable(v) for v in got] == [comparable(v) for v in expected], datas
    return got


def page_streams(path: Path) -> list[list[bytes]]:
    """Each page's content streams, decoded, as the interpreter would run them."""
    found = []
    with path.open("rb") as fh:
        doc = PDFDocument(PDFParser(fh))
        for page in PDFPage.create_pages(doc):
            streams = [stream_value(s) for s in list_value(page.contents or [])]
            found.append([s.get_data() for s in streams if s.objid is not None])
    return found


def compare_files(files: list[Path]) -> tuple[int, int]:
    """(pages compared, pages left to pdfminer) over the files pdfminer can open."""
    compared = left = 0
    for path in files:
        try:
            pages = page_streams(path)
        except Exception:  # pdfminer cannot read the file: nothing to compare
            continue
        for datas in pages:
            if read_alike(datas, path.name):
                compared += 1
            else:
                left += 1
    return compared, left


def read_alike(datas: list[bytes], where: str) -> bool:
    """Whether the fast reader takes these streams, asserting that it then yields pdfminer's
    objects, and that it leaves to pdfminer the streams pdfminer raises on."""
    try:
        expected = stock(datas)
    except Exception:
        with pytest.raises(Unsupported):
            tokens(datas)
        return False
    try:
        got = tokens(datas)
    except Unsupported:
        return False
    assert [comparable(v) for v in got] == [comparable(v) for v in expected], where
    return True


def test_every_corpus_page_reads_as_pdfminer_reads_it() -> None:
    files = sorted(CORPUS.glob("*.pdf"))
    compared, left = compare_files(files)
    assert left == 0
    assert compared == sum(len(page_streams(p)) for p in files)


def test_small_real_reports_and_samples_read_as_pdfminer_reads_them() -> None:
    reports = sorted(shared_or_skip("real-reports").rglob("*.pdf"), key=lambda p: p.stat().st_size)
    samples = sorted(shared_or_skip("pdf-samples").rglob("*.pdf"), key=lambda p: p.stat().st_size)
    compared, _ = compare_files(reports[:3] + samples[:25])
    assert compared > 25


@pytest.mark.slow
@pytest.mark.timeout(3600)
def test_every_real_report_and_sample_reads_as_pdfminer_reads_it() -> None:
    files = sorted(shared_or_skip("real-reports").rglob("*.pdf"))
    files += sorted(shared_or_skip("pdf-samples").rglob("*.pdf"))
    compared, left = compare_files(files)
    assert compared > 1900
    assert left < compared / 100


# Each case is one of pdfminer's token states, or a place where two of them meet.
CASES = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"(nested (parens) kept) Tj (a\\(b\\)c) Tj (tab\\tnl\\nret\\rbs\\\\) Tj",
    b"(octal \\101\\1012\\7 end) Tj (\\q dropped) Tj (line \\\ncontinued) Tj (cr \\\r\nlf) Tj",
    b"<48656c6c6f> Tj <48 65 6C\n6c 6> Tj <> Tj <41>> <</A <4>>> >>",
    b"- + 1.2.3 +. -.5 .5 . 5. 007 -0 +12 1-2 3e4 Tz",
    b"/Name /A#41B /A#4 /A#zz /#20x /\xc3\xa9t\xc3\xa9 /\xff\xfe / /Trailing",
    b"true false null T* ' \" \xff \x00 \x7f * # d0 d1",
    b"[1 [2 (three) /Four] <<>> ] TJ << /K [1 2] /L << /M 3 >> >> BDC { 1 { 2 } } ]",
    b"] >> } ) [ 1 >> 2 ] << /A 1 ] >> 3",
    b"% a comment\n1 0 0 1 0 0 cm %another\r2 w\n%last",
    b"[1 2 3",
]


@pytest.mark.parametrize("data", CASES)
def test_hand_made_streams_read_as_pdfminer_reads_them(data: bytes) -> None:
    assert_same_objects([data])


def test_a_stream_is_read_the_same_however_pdfminer_buffers_it() -> None:
    """pdfminer reads 4,096 bytes at a time; tokens and escapes across the seams read alike."""
    for pad in range(4085, 4100):
        assert_same_objects([b"(" + b"x" * pad + b"\\\r\nyz) Tj\n"])
        assert_same_objects([b"1 " * (pad // 2) + b"(a\\101\\1012) Tj /A#41#4 <41 4>>> TJ\n"])
        assert_same_objects([b"x" * pad + b" (a\\\rb) << /K <4>>>"])


def test_streams_that_end_in_white_space_read_as_one() -> None:
    assert_same_objects([b"BT 1 2 Td\n", b"(a) Tj [1 \n", b"2] TJ ET\n", b"", b"Q"])


def test_random_streams_read_as_pdfminer_reads_them() -> None:
    """Streams drawn from the bytes that matter to each state, compared wherever the fast
    reader takes them; the others it must refuse, not misread."""
    pieces = [b"(", b")", b"\\", b"<", b">", b"[", b"]", b"{", b"}", b"/", b"#", b"%", b" "]
    pieces += [b"\n", b"\r", b"\x00", b"-", b"+", b".", b"1", b"7", b"4", b"a", b"F", b"Tj"]
    pieces += [b"true", b"\xc3\xa9", b"\xff", b"'", b"*", b"\t", b"0", b"(ab)", b"<41>", b"<<"]
    pieces += [b">>", b"/N"]
    rng = random.Random(20261203)
    compared = 0
    for _ in range(4000):
        datas = [
            b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
            for _ in range(rng.randint(1, 3))
        ]
        compared += read_alike(datas, repr(datas))
    assert compared > 1000


@pytest.mark.parametrize(
    ("datas", "reason"),
    [
        ([b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q"], "inline image"),
        ([b"(cut"], "string cut off"),
        ([b"<41"], "hex string cut off"),
        ([b"/A#4"], "name cut off"),
        ([b"1 0 0 1 0 0 c", b"m"], "next stream"),
        ([b"<< /A >>"], "odd number"),
        ([b"(\\777)"], "octal escape"),
        ([b"1" * 5000 + b" w"], "integer too long"),
    ],
)
def test_what_the_fast_reader_is_not_sure_of_is_left_to_pdfminer(
    datas: list[bytes], reason: str
) -> None:
    with pytest.raises(Unsupported, match=reason):
        tokens(datas)


class Recorder(PDFDevice):
    """A device that writes down every call the interpreter makes of it."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.calls: list[tuple[Any, ...]] = []

    def set_ctm(self, ctm: Any) -> None:
        self.calls.append(("ctm", tuple(ctm)))

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        self.calls.append(("path", stroke, fill, evenodd, repr(path), gstate.linewidth))

    def begin_figure(self, name: str, bbox: Any, matrix: Any) -> None:
        # pdfminer names an inline image by its object's id, which differs run to run
        shown = "inline image" if name.isdigit() else name
        self.calls.append(("figure", shown, repr(bbox), repr(matrix)))

    def render_image(self, name: str, stream: PDFStream) -> None:
        self.calls.append(("image", stream.get_data()))

    def begin_tag(self, tag: Any, props: Any = None) -> None:
        self.calls.append(("tag", repr(tag), repr(props)))


def run(interpreter: type[PDFPageInterpreter], data: bytes) -> list[tuple[Any, ...]]:
    rsrc = PDFResourceManager()
    device = Recorder(rsrc)
    stream = PDFStream({}, data)
    stream.objid = 1
    interpreter(rsrc, device).render_contents({}, [stream])
    return device.calls


@pytest.mark.parametrize(
    "data",
    [
        b"q 2 w 1 0 0 1 5 5 cm 0 0 m 10 0 l 10 10 l h S Q 0 0 5 5 re f* 1 2 3 re W n",
        b"/Span << /ActualText (x) >> BDC 0 0 1 1 re B EMC 3 w 7 7 m 8 8 l s",
        b"q 1 0 0 1 0 0 cm 5 w w 0 0 m l S 1 2 3 4 5 cm 1 2 3 4 5 6 cm Q",
        b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x01\x02 EI Q 0 0 m 1 1 l S",
    ],
)
def test_operators_run_as_pdfminers_interpreter_runs_them(data: bytes) -> None:
    """Operands too few for an operator are dropped, as pdfminer drops them; an inline image
    (left to pdfminer's parser) reaches the device all the same."""
    expected = run(PDFPageInterpreter, data)
    assert len(expected) > 2
    assert run(FastInterpreter, data) == expected


def test_extraction_reads_streams_with_the_fast_reader(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = content.tokens

    def counting(datas: Any) -> list[Any]:
        calls.append(len(datas))
        return real(datas)

    monkeypatch.setattr(content, "tokens", counting)
    monkeypatch.setattr(content.PDFPageInterpreter, "execute", _refuse)
    pdf = CORPUS / "issue-brief-2021-01.pdf"
    ex = extract_pdf(pdf, ocr="never")
    assert len(calls) >= len(ex.pages) > 0
    # the catalog's title, as the first page prints it
    assert "Biden-Harris Administration" in ex.pages[0].text.replace("\n", " ")


def _refuse(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("pdfminer's own parser was used")


def test_inline_images_and_self_drawing_forms_lay_out_as_pdfminers() -> None:
    """pdfminer's samples with inline images (read by pdfminer's parser) and with Form
    XObjects that draw themselves (stopped by the same guard): the same page trees."""
    from tests.indexer.extract.test_glyphs import assert_same

    samples = shared_or_skip("pdf-samples")
    for name in ("issue-1008-inline-ascii85.pdf", "issue-1113-evil-xobjects.pdf"):
        (path,) = samples.rglob(name)
        assert assert_same(path)
