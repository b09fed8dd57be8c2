"""The vocabulary of publication types, defined once for the whole project."""

from __future__ import annotations

import re
from enum import StrEnum


class PubType(StrEnum):
    RESEARCH_REPORT = "Research Report"
    RESEARCH_COLLECTION = "Research Collection"
    POLICY_REPORT = "Policy Report"
    WORKING_PAPER = "Working Paper"
    POLICY_BRIEF = "Policy Brief"
    ISSUE_BRIEF = "Issue Brief"
    CONSIGNED_RESEARCH_REPORT = "Consigned Research Report"
    ANNUAL_REPORT = "Annual Report"
    OTHER = "Other"


PUB_TYPES: tuple[str, ...] = tuple(t.value for t in PubType)

# Longest names first so "Consigned Research Report" wins over "Research Report".
_BY_LENGTH = sorted(PubType, key=lambda t: -len(t.value))


def _key(text: str) -> str:
    return re.sub(r"[^a-z]+", " ", text.lower()).strip()


def parse_type(text: str) -> PubType | None:
    """Return the type whose name `text` is (case, spacing, plural and punctuation ignored)."""
    key = _key(text)
    key_singular = key[:-1] if key.endswith("s") else key
    for t in PubType:
        if _key(t.value) in (key, key_singular):
            return t
    return None


def find_type(text: str) -> PubType | None:
    """Return the first publication type named anywhere inside `text`, longest names first."""
    key = f" {_key(text)} "
    for t in _BY_LENGTH:
        if t is PubType.OTHER:
            continue
        if f" {_key(t.value)} " in key:
            return t
    return None
