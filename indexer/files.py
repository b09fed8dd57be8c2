"""Files on disk: content hashes, and writes that a crash can never leave half done."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# What changes whenever a file is rewritten (an atomic write gives a new inode): a cheap way
# for a long-lived reader to notice that a small file beside the index changed.
FileStamp = tuple[int, int, int]


def file_stamp(path: Path) -> FileStamp | None:
    """The file's modification time, inode and size; None when there is no file."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ino, st.st_size)


def atomic_write(path: Path, data: bytes | str, durable: bool = True) -> None:
    """Replace `path` with `data`: a reader (or a crash) sees the old file or the new one, never
    part of one. When `durable`, the data reaches the disk before the rename, so a power cut
    cannot leave an empty file under the final name; a file whose damage is harmless (a cache
    entry that then reads as missing) can skip that wait."""
    blob = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
