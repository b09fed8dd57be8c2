"""The search page's state as URL query parameters: read leniently, written canonically."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from search_app.backend import LANGUAGES, MAX_QUERY_CHARS, PARTS, SORTS, SearchRequest

PAGE_SIZE = 10
MAX_VALUES = 20
MAX_NAME_CHARS = 200
YEAR_RANGE = (1000, 9999)

GetAll = Callable[[str], list[str]]
Params = dict[str, str | list[str]]
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    researchers: tuple[str, ...] = ()
    page: int = 1
    sort: str = "relevance"
    languages: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # parts of the report
    topics: tuple[str, ...] = ()  # key phrases, as the index keeps them (lower case)

    @property
    def filtered(self) -> bool:
        return (
            bool(self.types or self.researchers or self.languages or self.sections or self.topics)
            or self.year_from is not None
            or (self.year_to is not None)
        )

    def request(self, page: int | None = None) -> SearchRequest:
        number = self.page if page is None else page
        return SearchRequest(
            query=self.q,
            types=list(self.types),
            year_from=self.year_from,
            year_to=self.year_to,
            researchers=list(self.researchers),
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
            sort=self.sort,
            languages=list(self.languages),
            sections=list(self.sections),
            topics=list(self.topics),
            group_editions=True,
        )

    def changed(self, **changes: Any) -> SearchState:
        """A new state; any change but the page's own goes back to the first page."""
        changes.setdefault("page", 1)
        return replace(self, **changes)

    def without_filters(self) -> SearchState:
        return self.changed(
            types=(),
            year_from=None,
            year_to=None,
            researchers=(),
            languages=(),
            sections=(),
            topics=(),
        )

    def to_params(self) -> Params:
        """Only what differs from the defaults, so a shared URL stays short."""
        out: Params = {}
        if self.q:
            out["q"] = self.q
        if self.types:
            out["type"] = list(self.types)
        if self.year_from is not None:
            out["year_from"] = str(self.year_from)
        if self.year_to is not None:
            out["year_to"] = str(self.year_to)
        if self.researchers:
            out["researcher"] = list(self.researchers)
        if self.languages:
            out["lang"] = list(self.languages)
        if self.sections:
            out["section"] = list(self.sections)
        if self.topics:
            out["topic"] = list(self.topics)
        if self.page != 1:
            out["page"] = str(self.page)
        if self.sort != "relevance":
            out["sort"] = self.sort
        return out


@dataclass
class Parsed:
    state: SearchState
    problems: list[str] = field(default_factory=list)


def _text(value: str, limit: int) -> str:
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def _values(raw: list[str], limit: int) -> tuple[str, ...]:
    cleaned = (_text(v, limit) for v in raw)
    return tuple(dict.fromkeys(v for v in cleaned if v))[:MAX_VALUES]


def _number(raw: list[str], name: str, low: int, high: int, problems: list[str]) -> int | None:
    if not raw or not raw[0].strip():
        return None
    value = raw[0].strip()
    if re.fullmatch(r"[+-]?\d{1,9}", value) and low <= int(value) <= high:
        return int(value)
    problems.append(f"ignored {name}={value[:40]!r}: not a number from {low} to {high}")
    return None


def _languages(raw: list[str], problems: list[str]) -> tuple[str, ...]:
    wanted = _values([v.lower() for v in raw], MAX_NAME_CHARS)
    for v in wanted:
        if v not in LANGUAGES:
            problems.append(f"ignored lang={v[:40]!r}: the languages are {', '.join(LANGUAGES)}")
    return tuple(v for v in wanted if v in LANGUAGES)


def _sections(raw: list[str], problems: list[str]) -> tuple[str, ...]:
    wanted = _values([v.lower() for v in raw], MAX_NAME_CHARS)
    for v in wanted:
        if v not in PARTS:
            problems.append(f"ignored section={v[:40]!r}: the parts are {', '.join(PARTS)}")
    return tuple(v for v in wanted if v in PARTS)


def parse(get_all: GetAll) -> Parsed:
    """A state from query parameters; anything unusable is dropped and said so."""
    problems: list[str] = []
    q_raw = get_all("q")
    q = _text(q_raw[0], MAX_QUERY_CHARS) if q_raw else ""
    if q_raw and len(" ".join(q_raw[0].split())) > MAX_QUERY_CHARS:
        problems.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    year_from = _number(get_all("year_from"), "year_from", *YEAR_RANGE, problems)
    year_to = _number(get_all("year_to"), "year_to", *YEAR_RANGE, problems)
    if year_from is not None and year_to is not None and year_from > year_to:
        problems.append(f"the years were swapped to read {year_to} to {year_from}")
        year_from, year_to = year_to, year_from
    page = _number(get_all("page"), "page", 1, 10**6, problems) or 1
    sort_raw = get_all("sort")
    sort = sort_raw[0].strip().lower() if sort_raw and sort_raw[0].strip() else "relevance"
    if sort not in SORTS:
        problems.append(f"ignored sort={sort[:40]!r}: sort by {', '.join(SORTS)}")
        sort = "relevance"
    state = SearchState(
        q=q,
        types=_values(get_all("type"), MAX_NAME_CHARS),
        year_from=year_from,
        year_to=year_to,
        researchers=_values(get_all("researcher"), MAX_NAME_CHARS),
        page=page,
        sort=sort,
        languages=_languages(get_all("lang"), problems),
        sections=_sections(get_all("section"), problems),
        topics=_values([v.lower() for v in get_all("topic")], MAX_NAME_CHARS),
    )
    return Parsed(state, problems)
