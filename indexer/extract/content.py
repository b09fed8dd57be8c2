"""pdfminer's page interpreter with its content-stream tokenizer done faster, same operators.

pdfminer reads a page's content stream through a character-state machine: a method call per
token state, a debug-log call per token and per object, and a method-name lookup per operator.
That is about a fifth of extraction on pages of text and two fifths on pages of charts. This
interpreter reads each stream with one regular expression per token into the same objects
(interned keywords and names, ints, floats, byte strings, lists and dicts), then runs the
operators exactly as pdfminer's `execute` does. A page's objects are read before its first
operator runs, so that a stream can still go to pdfminer whole; they take about three times
the stream's decoded size. tests/indexer/extract/test_content.py holds the objects equal to
pdfminer's own parser's on real PDFs and on hand-made streams, and test_glyphs.py the page
trees.

Whatever the fast reader is not sure to read the same way goes through pdfminer's own parser,
for the whole of that `execute` call: inline images (pdfminer reads their data by position), a
string, hex string or name cut off by the end of a stream, a stream that is not the last and
does not end in white space (pdfminer carries a token across the join), dictionaries with an
odd number of entries and octal escapes over 255 (pdfminer raises), integers longer than
Python reads (pdfminer drops them), and strict mode. Relies on
pdfminer.six internals (`PDFPageInterpreter.execute`'s stream checks and operator dispatch);
the tests hold them to the installed version.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pdfminer import settings
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import KWD, LIT, PSKeyword, PSLiteral, keyword_name, literal_name

# One token after any white space (pdfminer skips NUL bytes between tokens as well). The
# groups follow pdfminer's states: a name runs to a delimiter, a number is an optional sign,
# digits and at most one point, a keyword starts with a letter, a hex string is not
# closed by its own match (pdfminer reads the `>` again, so `<41>>` is a string and `>>`).
_TOKEN = re.compile(
    rb"[\s\x00]*(?:"
    rb"(?P<real>[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+))"
    rb"|(?P<int>[-+]?[0-9]+)"
    rb"|(?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|/(?P<lit>[^#/%\[\]()<>{}\s]*)(?P<hash>\#)?"
    rb"|\((?P<str>[^()\\]*)\)"
    rb"|(?P<paren>\()"
    rb"|(?P<open><<)"
    rb"|(?P<close>>>)"
    rb"|<(?P<hex>[\s0-9A-Fa-f]*)(?=[^\s0-9A-Fa-f])"
    rb"|(?P<sign>[-+]\.?|\.)"
    rb"|(?P<com>%[^\r\n]*)"
    rb"|(?P<gt>>)"
    rb"|(?P<cut><)"
    rb"|(?P<one>.)"
    rb"|(?P<end>\Z))",
    re.S,
)
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_OCTAL = b"01234567"
_HEXDIGITS = b"0123456789abcdefABCDEF"
_NAME_REST = re.compile(rb"[^#/%\[\]()<>{}\s]*")
_WHITE = b" \t\n\r\x0b\x0c"
# Escapes pdfminer turns into a byte; any other escaped character is dropped, as it does.
_ESCAPES = {ord(k): v for k, v in zip("btnfr()\\", (8, 9, 10, 12, 13, 40, 41, 92), strict=True)}
# pdfminer reads a stream 4,096 bytes at a time; one escape (a backslash, CR, LF) reads
# differently when the CR is a buffer's last byte.
_BUFSIZ = 4096

# Each word read so far, as the object pdfminer makes of it: the two booleans, or the
# interned keyword (looked up here without a call into pdfminer's table per token; that table
# keeps every keyword for good too, so this one holds no word pdfminer would not).
_WORDS: dict[bytes, Any] = {b"true": True, b"false": False}
# Inline images: pdfminer reads their data by position in the stream, not as tokens.
_INLINE = (b"BI", b"ID")


class Unsupported(Exception):
    """A stream the fast reader leaves to pdfminer's own parser."""


def _string(data: bytes, i: int) -> tuple[bytes, int]:
    """The literal string whose body starts at `i` (after its `(`), read as pdfminer reads it:
    nested parentheses kept, the escapes it knows turned into bytes, others dropped."""
    out = bytearray()
    depth = 1
    n = len(data)
    while i < n:
        c = data[i]
        if c == 0x5C:  # backslash
            i += 1
            if i >= n:
                break
            c = data[i]
            if c in _OCTAL:
                j = i
                while j < n and j - i < 3 and data[j] in _OCTAL:
                    j += 1
                if j >= n:  # pdfminer reads past the stream's end before it ends the escape
                    break
                code = int(data[i:j], 8)
                if code > 255:
                    raise Unsupported("octal escape over 255")
                out.append(code)
                i = j
                continue
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c == 0x0D and i + 1 < n and data[i + 1] == 0x0A and i % _BUFSIZ != _BUFSIZ - 1:
                i += 1
            i += 1
        elif c == 0x28:
            depth += 1
            out.append(c)
            i += 1
        elif c == 0x29:
            depth -= 1
            i += 1
            if not depth:
                return bytes(out), i
            out.append(c)
        else:
            out.append(c)
            i += 1
    raise Unsupported("string cut off by the end of the stream")


def _name(data: bytes, start: int, i: int) -> tuple[PSLiteral, int]:
    """The name with `#` escapes whose text runs from `start` to the first `#` at `i`."""
    raw = bytearray(data[start:i])
    n = len(data)
    while True:
        # data[i] is '#': up to two hex digits follow; pdfminer ends the escape at anything else.
        i += 1
        digits = i
        while i < n and i - digits < 2 and data[i] in _HEXDIGITS:
            i += 1
        if i >= n:
            raise Unsupported("name cut off by the end of the stream")
        if i > digits:
            raw.append(int(data[digits:i], 16))
        m = _NAME_REST.match(data, i)
        assert m is not None  # the pattern matches the empty string
        raw += m.group(0)
        i = m.end()
        if i >= n:
            # the name runs to the stream's end: pdfminer ends it there, as the pattern did
            break
        if data[i] != 0x23:
            break
    return _literal(bytes(raw)), i


def _keyword(word: bytes) -> PSKeyword:
    if word in _INLINE:
        raise Unsupported("inline image")
    keyword = _WORDS[word] = KWD(word)
    return keyword


def _literal(raw: bytes) -> PSLiteral:
    """The interned name: its text when it is UTF-8, its bytes when not, as pdfminer names it."""
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _hex_byte(pair: re.Match[bytes]) -> bytes:
    """Two hex digits, or the lone last digit of an odd count, as the byte pdfminer makes."""
    return bytes((int(pair.group(0), 16),))


def tokens(datas: Sequence[bytes]) -> list[Any]:
    """The objects pdfminer's content parser yields for the streams `datas`, in order.

    Raises Unsupported for anything listed in the module's docstring."""
    out: list[Any] = []
    # pdfminer's parser context: each open array, dictionary or procedure, with the list and
    # type it interrupted; objects land in the innermost one, top-level ones in `out`.
    outer: list[tuple[str | None, list[Any]]] = []
    kind: str | None = None
    cur = out
    last = len(datas) - 1
    match = _TOKEN.match
    for index, data in enumerate(datas):
        if index < last and data and data[-1] not in _WHITE:
            raise Unsupported("a token may run on into the next stream")
        pos = 0
        while True:
            m = match(data, pos)
            assert m is not None  # some alternative matches at every position
            pos = m.end()
            group = m.lastgroup
            if group == "int":
                try:
                    cur.append(int(m.group("int")))
                except ValueError:  # more digits than Python reads; pdfminer drops it
                    raise Unsupported("integer too long") from None
            elif group == "real":
                cur.append(float(m.group("real")))
            elif group == "kw":
                word = m.group("kw")
                value = _WORDS.get(word)
                cur.append(_keyword(word) if value is None else value)
            elif group == "lit":
                cur.append(_literal(m.group("lit")))
            elif group == "str":
                cur.append(m.group("str"))
            elif group == "end":
                break
            elif group == "one":
                char = m.group("one")
                if char == b"[":
                    outer.append((kind, cur))
                    kind, cur = "a", []
                elif char == b"]" or char == b"}":
                    # a close that matches no open is dropped, as pdfminer drops it
                    if kind == ("a" if char == b"]" else "p"):
                        done = cur
                        kind, cur = outer.pop()
                        cur.append(done)
                elif char == b"{":
                    outer.append((kind, cur))
                    kind, cur = "p", []
                else:
                    cur.append(KWD(char))
            elif group == "open":
                outer.append((kind, cur))
                kind, cur = "d", []
            elif group == "close":
                if kind == "d":
                    if len(cur) % 2:
                        raise Unsupported("dictionary with an odd number of entries")
                    pairs = iter(cur)
                    done_dict = {literal_name(k): v for k, v in zip(pairs, pairs, strict=True)}
                    kind, cur = outer.pop()
                    cur.append(done_dict)
            elif group == "hex":
                digits = _SPACE.sub(b"", m.group("hex"))
                cur.append(_HEX_PAIR.sub(_hex_byte, digits))
            elif group == "paren":
                text_bytes, pos = _string(data, pos)
                cur.append(text_bytes)
            elif group == "hash":
                name, pos = _name(data, m.start("lit"), m.start("hash"))
                cur.append(name)
            elif group == "cut":
                raise Unsupported("hex string cut off by the end of the stream")
            # "com" (a comment), "sign" (a sign or point without digits, which pdfminer
            # cannot read as a number) and "gt" (a `>` that closes nothing) yield nothing.
    return out


# pdfminer's name for the method of each operator, and how many operands it takes.
_Op = tuple[Callable[..., None] | None, int]
_OPS: dict[tuple[type, PSKeyword], _Op] = {}


def _operator(cls: type, keyword: PSKeyword) -> _Op:
    name = keyword_name(keyword)
    method = "do_" + name.replace("*", "_a").replace('"', "_w").replace("'", "_q")
    func = getattr(cls, method, None)
    entry: _Op = (None, 0) if func is None else (func, func.__code__.co_argcount - 1)
    _OPS[(cls, keyword)] = entry
    return entry


class FastInterpreter(PDFPageInterpreter):
    """A `PDFPageInterpreter` whose `execute` reads content streams with `tokens`."""

    def execute(self, streams: Sequence[object]) -> None:
        if settings.STRICT:
            super().execute(streams)
            return
        # pdfminer's guard against Form XObjects that draw themselves: the same streams are
        # run and the same ids recorded for the XObjects this content invokes.
        valid: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                continue
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            objs = tokens([s.get_data() for s in valid])
        except Unsupported:
            super().execute(streams)
            return
        cls = type(self)
        ops = _OPS
        for obj in objs:
            if obj.__class__ is PSKeyword:
                func, nargs = ops.get((cls, obj)) or _operator(cls, obj)
                if func is None:
                    continue
                if nargs:
                    args = self.pop(nargs)
                    if len(args) == nargs:
                        func(self, *args)
                else:
                    func(self)
            else:
                self.argstack.append(obj)
