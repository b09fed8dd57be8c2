"""Content hashes, and writes that leave the old file or the new one, never half of either."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from indexer.files import atomic_write, file_sha256


def test_file_sha256_is_the_standard_digest(tmp_path: Path) -> None:
    data = os.urandom(3 * (1 << 20) + 17)  # more than one read chunk
    path = tmp_path / "a.bin"
    path.write_bytes(data)
    assert file_sha256(path) == hashlib.sha256(data).hexdigest()


def test_atomic_write_replaces_text_and_bytes(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.json"
    atomic_write(path, "first")
    assert path.read_text() == "first"
    atomic_write(path, b"\x00second")
    assert path.read_bytes() == b"\x00second"
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary left


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "authority.toml"
    atomic_write(path, "old")

    def no_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_disk)
    with pytest.raises(OSError):
        atomic_write(path, "new")
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["authority.toml"]


def test_a_write_that_need_not_be_durable_skips_the_sync(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", synced.append)
    path = tmp_path / "entry.gz"
    atomic_write(path, b"cached", durable=False)
    assert path.read_bytes() == b"cached" and synced == []
    atomic_write(path, b"kept")
    assert path.read_bytes() == b"kept" and len(synced) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["entry.gz"]
