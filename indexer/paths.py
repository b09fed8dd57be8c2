"""Default locations: where the index lives and what it holds, defined once."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV = "PUBKB_INDEX"
DEFAULT_INDEX_DIR = ".pubkb"


def index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index folder: `explicit` if given, else $PUBKB_INDEX, else ./.pubkb."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(INDEX_ENV)
    if env:
        return Path(env)
    return Path(DEFAULT_INDEX_DIR)


# Names inside the index folder.
WHOOSH_SUBDIR = "whoosh"
SCHEMA_VERSION_FILE = "schema-version"
CACHE_SUBDIR = "cache"
STATE_FILE = "state.json"
OVERRIDES_FILE = "overrides.toml"
AUTHORITY_FILE = "authority.toml"
EDITIONS_FILE = "editions.toml"
LOCK_FILE = "write.lock"
GENERATION_FILE = "search-generation.pickle"
