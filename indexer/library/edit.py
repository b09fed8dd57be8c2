"""`pubkb edit`: a librarian's correction, remembered and applied at once without re-extraction."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from indexer.errors import EXIT_USAGE, PubkbError
from indexer.extract.language import LANGUAGES
from indexer.ingest import corrections
from indexer.ingest.corrections import HASH_PREFIX, LIST_FIELDS
from indexer.ingest.run import redetect
from indexer.library.manage import find_record
from indexer.library.results import EditResult, PublicationSummary
from indexer.model import PubRecord
from indexer.store import schema
from indexer.store.index import open_writer, page_texts_in, records_in
from indexer.types import PUB_TYPES, parse_type

# The field each option of `pubkb edit` corrects, in the order --help lists them.
OPTIONS = {
    "title": "--title",
    "type": "--type",
    "year": "--year",
    "chief": "--chief",
    "co_researchers": "--co",
    "organisation": "--organisation",
    "series": "--series",
    "number": "--number",
    "summary": "--summary",
    "language": "--language",
}
# --reset takes a field's name or its option's ("co" for co_researchers).
RESET_NAMES = {**{f: f for f in OPTIONS}, **{o[2:]: f for f, o in OPTIONS.items()}}
FIRST_YEAR = 1900  # older than any report a research centre of today keeps as a PDF


@dataclass
class EditRequest:
    """Cleaned corrections to record (field -> stored value) and fields whose correction goes."""

    values: dict[str, Any] = field(default_factory=dict)
    resets: list[str] = field(default_factory=list)


def _usage(message: str) -> PubkbError:
    return PubkbError(message, EXIT_USAGE)


def _year(raw: str) -> int:
    last = date.today().year + 1  # next year's reports are announced with their year
    text = raw.strip()
    if not (len(text) == 4 and text.isdigit() and FIRST_YEAR <= int(text) <= last):
        raise _usage(f"--year {raw!r}: not a year (four digits, {FIRST_YEAR} to {last})")
    return int(text)


def _names(raw: list[str]) -> list[str]:
    # "A; B" is how names are shown and stored, so it is accepted as well as repeated options.
    return [n.strip() for item in raw for n in item.split(";") if n.strip()]


def _clean(name: str, raw: Any) -> Any:
    if name in LIST_FIELDS:
        return _names(list(raw))
    if name == "year":
        return _year(str(raw))
    text = " ".join(str(raw).split())
    if name == "title" and not text:
        raise _usage("--title: must not be empty")
    if name == "type":
        parsed = parse_type(text)
        if parsed is None:
            raise _usage(f"--type {raw!r}: unknown type (one of: {', '.join(PUB_TYPES)})")
        return parsed.value
    if name == "language" and text not in LANGUAGES:
        raise _usage(f"--language {raw!r}: unknown language (one of: {', '.join(LANGUAGES)})")
    # A summary keeps its paragraphs; the other fields are one line.
    return str(raw).strip() if name == "summary" else text


def parse_request(raw: dict[str, Any], resets: list[str]) -> EditRequest:
    """Check every option before anything is written; raise a one-line usage error naming it."""
    req = EditRequest()
    for name, value in raw.items():
        if name not in OPTIONS:
            raise _usage(f"{name}: not a field pubkb edit corrects")
        if value is None or (name in LIST_FIELDS and not value):
            continue
        req.values[name] = _clean(name, value)
    for item in resets:
        key = item.strip().lower().lstrip("-")
        if key not in RESET_NAMES:
            raise _usage(f"--reset {item!r}: unknown field (one of: {', '.join(OPTIONS)})")
        name = RESET_NAMES[key]
        if name in req.values:
            raise _usage(f"--reset {item!r}: {OPTIONS[name]} is given too; give one or the other")
        if name not in req.resets:
            req.resets.append(name)
    if not req.values and not req.resets:
        raise _usage("nothing to change: give a field option (--title, --year, ...) or --reset")
    return req


def command(pub_id: str, name: str, value: Any, index: str | None = None) -> str:
    """The `pubkb edit` line that records `value` for field `name` of publication `pub_id`."""
    parts = ["pubkb", "edit", pub_id]
    option = OPTIONS[name]
    if name in LIST_FIELDS:
        names = value if isinstance(value, list) else _names([str(value)])
        for n in names or ["NAME"]:
            parts += [option, n]
    else:
        parts += [option, str(value)]
    if index:
        parts += ["--index", index]
    return shlex.join(parts)


def _supersede(ovr: corrections.Corrections, rec: PubRecord, names: list[str]) -> list[str]:
    """Drop the corrections of `names` from every entry that applies to `rec`; return the
    fields that had one. An older path- or hash-keyed value would otherwise win or come back."""
    dropped: list[str] = []
    for key in list(ovr.entries):
        applies = key == rec.path or (
            key.startswith(HASH_PREFIX) and rec.sha256.startswith(key[len(HASH_PREFIX) :])
        )
        if not applies:
            continue
        entry = ovr.entries[key]
        for name in names:
            if entry.pop(name, None) is not None and name not in dropped:
                dropped.append(name)
        if not entry:
            del ovr.entries[key]
    return dropped


def edit(root: Path, ref: str, req: EditRequest, wait: float = 0.0) -> EditResult:
    """Record `req` for the publication `ref` names and re-store it, under the write lock."""
    schema.open_index(root)  # a clear error when there is no index, rather than creating one
    with open_writer(root, wait) as writer:
        with writer.ix.searcher() as s:
            try:
                rec = find_record(records_in(s), ref)
            except PubkbError as exc:
                raise _usage(f"ID {exc}") from None
            texts = page_texts_in(s, rec.id)
        ovr = corrections.load(root)
        _supersede(ovr, rec, list(req.values))
        reset = _supersede(ovr, rec, req.resets)
        if req.values:
            # Keyed by content: the correction is about this publication, wherever it moves.
            ovr.entries.setdefault(HASH_PREFIX + rec.sha256, {}).update(req.values)
        # Remembered first: if storing the record fails, the next `pubkb index` still applies it.
        corrections.save(root, ovr)
        wanted = ovr.for_file(Path(rec.path), rec.sha256)
        applied = True
        fresh = redetect(root, rec, ovr) if reset else None
        if fresh is not None:
            rec = fresh
        else:
            # A field reset without a cached extraction keeps its value until the next run, which
            # sees the fingerprint differ and refreshes the record.
            applied = not reset
            corrections.apply(rec.meta, req.values)
            if applied:
                rec.override_key = corrections.fingerprint(wanted)
        writer.batch().put(rec, texts)
    return EditResult(PublicationSummary.of(rec), dict(req.values), reset, applied)
