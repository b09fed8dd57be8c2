"""An index generation's derived search data, saved beside the index by the commands that change
it, so a serving process opens the index without working that data out again.

Opening a searcher derives, from every publication, its facet values, key phrases chosen over
the whole index, the name authority and the editions (indexer/search/generation.py): about two
seconds for 10,000 publications, in every process that opens the index and again after every
change. The commands that write the index or the librarians' decisions save that result once;
a serving process loads it in a tenth of the time when its key still matches, and works it out
as before when it does not (another commit since, a decision file changed, another version of
pubkb, a damaged or missing file). The file is a pickle, as Whoosh's own table of contents is:
the index folder is trusted as far as the index itself.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from functools import cache
from pathlib import Path
from typing import Any

from indexer.authority.decisions import authority_stamp
from indexer.authority.editions import editions_stamp
from indexer.errors import PubkbError
from indexer.files import FileStamp, atomic_write
from indexer.paths import GENERATION_FILE
from indexer.search.generation import Generation, build_generation
from indexer.search.spelling import index_words
from indexer.store import schema

# Bump when what the file holds changes in a way the code stamp below would not show.
FORMAT = 1


@cache
def _code_stamp() -> str:
    """A digest of pubkb's own source: the pickled classes are its classes, so a file saved by
    any other version of the code is not read."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode("utf-8"))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _index_key(searcher: Any) -> list[Any]:
    """What identifies the generation a searcher reads: the commit's number, and each segment's
    name and deletions (a rebuilt index starts its numbers again, with new segment names)."""
    reader = searcher.reader()
    # An index with no segment yet reads through an empty reader, which has none.
    found = [sub.segment() for sub, _ in reader.leaf_readers()]
    segments = [[seg.segment_id(), seg.deleted_count()] for seg in found if seg is not None]
    return [reader.generation(), segments, reader.doc_count_all()]


def _key(searcher: Any, authority: FileStamp | None, editions: FileStamp | None) -> bytes:
    return json.dumps(
        {
            "format": FORMAT,
            "code": _code_stamp(),
            "index": _index_key(searcher),
            "authority": authority,
            "editions": editions,
        }
    ).encode("utf-8")


def _saved_key(path: Path) -> bytes | None:
    try:
        with path.open("rb") as fh:
            return fh.readline().rstrip(b"\n")
    except OSError:
        return None


def load(searcher: Any, root: Path) -> Generation | None:
    """The saved generation of what `searcher` reads with the decision files as they are now;
    None when there is none that matches, or the file cannot be read."""
    key = _key(searcher, authority_stamp(root), editions_stamp(root))
    try:
        with (root / GENERATION_FILE).open("rb") as fh:
            if fh.readline().rstrip(b"\n") != key:
                return None
            gen = pickle.load(fh)
    except Exception:  # a damaged file is only a slower open: the data is worked out instead
        return None
    return gen if isinstance(gen, Generation) else None


def save(root: Path) -> bool:
    """Work out and save the derived data of the index's newest generation, unless the saved
    file is of it already. False when nothing was written: no index, already saved, or a
    folder this process cannot write (the file only saves time; it is never required)."""
    if not schema.index_exists(root):
        return False
    path = root / GENERATION_FILE
    with schema.open_index(root).searcher() as s:
        if not s.doc_count_all():  # nothing to derive, nor anything a searcher would open
            return False
        if _saved_key(path) == _key(s, authority_stamp(root), editions_stamp(root)):
            return False
        try:
            gen = build_generation(s, root)
        except PubkbError:  # a damaged decision file: every open reports it, and nothing to save
            return False
        gen.spell_words = index_words(s.reader())
        # The stamps the generation was built with: a decision changed meanwhile shows as a
        # mismatch on the next load.
        key = _key(s, gen.authority.stamp, gen.editions_stamp)
    try:
        blob = key + b"\n" + pickle.dumps(gen, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(path, blob, durable=False)  # a torn file reads as no file
    except OSError:
        return False
    return True
