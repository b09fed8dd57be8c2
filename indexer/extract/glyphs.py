"""pdfminer's page device with its two per-character loops done faster, yielding the same text.

An index run spends most of its time in pdfminer, and within it about half goes to two loops
that run once per character: making each `LTChar` (a chain of small calls per glyph) and
grouping characters into lines (a dozen method calls per pair of neighbours). This device
does both for horizontal text with the same arithmetic in the same order, so every character,
line and box on a page has the attributes pdfminer's own device gives it, to the bit
(tests/indexer/extract/test_glyphs.py compares whole page trees on real PDFs). Paths and
images, which layout analysis sets aside, are not kept at all. Boxes are still
grouped and ordered by pdfminer's own code, which breaks ties between equal distances by
object id, so on such pages two runs of either device may order boxes differently.

Everything else (vertical writing, vertical line detection, other layout settings) goes
through pdfminer's own code. Relies on pdfminer.six internals (the `LTChar`, `LTComponent`
and `LTTextLineHorizontal` attributes, `PDFLayoutAnalyzer.cur_item`); the tests hold them to
the installed version.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    LAParams,
    LTAnno,
    LTChar,
    LTComponent,
    LTContainer,
    LTPage,
    LTTextLine,
    LTTextLineHorizontal,
)
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.utils import INF, mult_matrix

# A glyph as the device needs it: its text and its width in text space.
Glyph = tuple[str, float]

_new = object.__new__


def line_text(line: LTTextLine) -> str:
    """`line.get_text()` without a generator and a type check per character: a line holds only
    characters and the spaces and line ends layout analysis put between them."""
    return "".join([item._text for item in line._objs])


class FastPage(LTPage):
    """An `LTPage` that groups horizontal characters into lines in one loop."""

    def group_objects(
        self, laparams: LAParams, objs: Iterable[LTComponent]
    ) -> Iterator[LTTextLine]:
        if laparams.detect_vertical:
            return super().group_objects(laparams, objs)
        return iter(_horizontal_lines(laparams, objs))


def _horizontal_lines(laparams: LAParams, objs: Iterable[Any]) -> list[LTTextLine]:
    """The lines `LTLayoutContainer.group_objects` makes when vertical text is not looked for:
    a character joins the line of the one before it when the two overlap vertically by more
    than `line_overlap` of the smaller height and are closer than `char_margin` widths."""
    overlap = laparams.line_overlap
    margin = laparams.char_margin
    lines: list[LTTextLine] = []
    run: list[Any] | None = None
    obj0: Any = None
    # obj0's box, carried over from when it was obj1.
    ax0 = ay0 = ax1 = ay1 = aw = ah = 0.0
    for obj1 in objs:
        bx0, by0, bx1, by1, bw, bh = obj1.x0, obj1.y0, obj1.x1, obj1.y1, obj1.width, obj1.height
        if obj0 is not None:
            # Comparisons only: the sign of a zero from abs() or min() changes none of them.
            halign = False
            if by0 <= ay1 and ay0 <= by1:
                low, high = ay0 - by1, ay1 - by0
                low = low if low >= 0 else -low
                high = high if high >= 0 else -high
                vover = high if high < low else low
                if (bh if bh < ah else ah) * overlap < vover:
                    if bx0 <= ax1 and ax0 <= bx1:
                        hdist = 0.0
                    else:
                        left, right = ax0 - bx1, ax1 - bx0
                        left = left if left >= 0 else -left
                        right = right if right >= 0 else -right
                        hdist = right if right < left else left
                    halign = hdist < (bw if bw > aw else aw) * margin
            if halign and run is not None:
                run.append(obj1)
            elif run is not None:
                # pdfminer closes the line here and lets obj1 start the next comparison alone.
                lines.append(_line(laparams.word_margin, run))
                run = None
            elif halign:
                run = [obj0, obj1]
            else:
                lines.append(_line(laparams.word_margin, [obj0]))
        obj0 = obj1
        ax0, ay0, ax1, ay1, aw, ah = bx0, by0, bx1, by1, bw, bh
    if run is None:
        assert obj0 is not None
        run = [obj0]
    lines.append(_line(laparams.word_margin, run))
    return lines


def _line(word_margin: float, chars: list[Any]) -> LTTextLineHorizontal:
    """A horizontal line of `chars` as `LTTextLineHorizontal.add` builds it one by one: a space
    wherever the gap exceeds `word_margin` of the character's size, and the bounding box."""
    line = LTTextLineHorizontal(word_margin)
    items = line._objs
    x0 = y0 = INF
    x1 = y1 = -INF
    last = INF
    for ch in chars:
        if word_margin and last < ch.x0 - word_margin * max(ch.width, ch.height):
            items.append(LTAnno(" "))
        last = ch.x1
        items.append(ch)
        # The box as the running min() and max() pdfminer takes: a plain comparison keeps
        # the first of two equal values, as they do.
        if ch.x0 < x0:
            x0 = ch.x0
        if ch.y0 < y0:
            y0 = ch.y0
        if ch.x1 > x1:
            x1 = ch.x1
        if ch.y1 > y1:
            y1 = ch.y1
    line._x1 = last
    line.set_bbox((x0, y0, x1, y1))
    return line


class FastAggregator(PDFPageAggregator):
    """`PDFPageAggregator` with horizontal strings turned into characters in one loop, and
    pages whose lines are grouped by `FastPage`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per font object (held, so an id is never reused), each code's glyph: a report
        # draws the same few hundred codes thousands of times.
        self._glyphs: dict[PDFFont, dict[int, Glyph]] = {}

    def begin_page(self, page: Any, ctm: Any) -> None:
        super().begin_page(page, ctm)
        self.cur_item.__class__ = FastPage

    # Paths and images are not kept: layout analysis groups characters alone and sets every
    # other object aside, pdfminer's own text converter drops them the same way, and nothing
    # downstream reads them. A page of charts or maps draws hundreds of thousands of path
    # segments, each of which pdfminer's device would transform and keep as an object.
    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        return

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        return

    def _glyph(self, font: PDFFont, cid: int) -> Glyph:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        return text, font.char_width(cid)

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        font = textstate.font
        target = self.cur_item
        if (
            font is None
            or font.is_vertical()
            or type(target).add is not LTContainer.add
            or self.ctm is None
        ):
            super().render_string(textstate, seq, ncs, graphicstate)
            return
        a, b, c, d, e, f = mult_matrix(textstate.matrix, self.ctm)
        fontsize = textstate.fontsize
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
        rise = textstate.rise
        dxscale = 0.001 * fontsize * scaling
        # What LTChar.__init__ works out from the font and the string's matrix alone.
        fontname = font.fontname
        upright = a * d * scaling > 0 and b * c <= 0
        descent = font.get_descent() * fontsize
        bottom = descent + rise
        top = descent + rise + fontsize
        glyphs = self._glyphs.get(font)
        if glyphs is None:
            glyphs = self._glyphs[font] = {}
        append = target._objs.append
        x, y = textstate.linematrix
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid)
                    if glyph is None:
                        glyph = glyphs[cid] = self._glyph(font, cid)
                    # utils.translate_matrix, then apply_matrix_rect of the glyph's box
                    # (0, bottom, adv, top): the same products and sums, in the same order.
                    te = x * a + y * c + e
                    tf = x * b + y * d + f
                    adv = glyph[1] * fontsize * scaling
                    left1 = a * 0 + c * bottom + te
                    bottom1 = b * 0 + d * bottom + tf
                    right1 = a * adv + c * bottom + te
                    bottom2 = b * adv + d * bottom + tf
                    right2 = a * adv + c * top + te
                    top1 = b * adv + d * top + tf
                    left2 = a * 0 + c * top + te
                    top2 = b * 0 + d * top + tf
                    # min() and max() of the four corners, spelled out: each keeps the first
                    # of equal values and takes a later one only if strictly beyond it.
                    x0 = x1 = left1
                    if left2 < x0:
                        x0 = left2
                    elif left2 > x1:
                        x1 = left2
                    if right1 < x0:
                        x0 = right1
                    elif right1 > x1:
                        x1 = right1
                    if right2 < x0:
                        x0 = right2
                    elif right2 > x1:
                        x1 = right2
                    y0 = y1 = bottom1
                    if bottom2 < y0:
                        y0 = bottom2
                    elif bottom2 > y1:
                        y1 = bottom2
                    if top1 < y0:
                        y0 = top1
                    elif top1 > y1:
                        y1 = top1
                    if top2 < y0:
                        y0 = top2
                    elif top2 > y1:
                        y1 = top2
                    ch = _new(LTChar)
                    ch.__dict__ = {
                        "_text": glyph[0],
                        "matrix": (a, b, c, d, te, tf),
                        "fontname": fontname,
                        "ncs": ncs,
                        "graphicstate": graphicstate,
                        "adv": adv,
                        "upright": upright,
                        "x0": x0,
                        "y0": y0,
                        "x1": x1,
                        "y1": y1,
                        "width": x1 - x0,
                        "height": y1 - y0,
                        "bbox": (x0, y0, x1, y1),
                        "size": y1 - y0,
                    }
                    append(ch)
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            # Anything else in a TJ array is skipped, as pdfminer skips it (with a log line
            # that extraction silences).
        textstate.linematrix = (x, y)
