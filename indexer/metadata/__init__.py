"""Metadata detection from the cover and first pages: title, type, year, people, contents.

`detect(extraction) -> Metadata` is the whole stage; the other modules are its rules.
"""

from indexer.metadata.assemble import detect

__all__ = ["detect"]
