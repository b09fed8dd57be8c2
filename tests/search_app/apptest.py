"""Reading an AppTest run the way a user reads the page: titles, counts, links, messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

from streamlit.testing.v1 import AppTest

from search_app.text import plain

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "search_app" / "app.py"

RunApp = Callable[..., AppTest]


def link_params(link: object) -> dict[str, list[str]]:
    return parse_qs(link.proto.query_string)  # type: ignore[attr-defined]


def result_titles(at: AppTest) -> list[str]:
    """Titles of the result cards, in order (bold links to a publication without a page)."""
    out = []
    for link in at.main.page_link:
        params = link_params(link)
        if link.proto.page == "publication" and "p" not in params and link.value.startswith("**"):
            out.append(plain(link.value.strip("*")))
    return out


def texts(at: AppTest) -> list[str]:
    """Every message, caption and Markdown text of the main area, unescaped."""
    items = [*at.main.markdown, *at.main.caption, *at.info, *at.warning, *at.error]
    return [plain(str(e.value)) for e in items]


def has_text(at: AppTest, words: str) -> bool:
    return any(words in t for t in texts(at))


def options(at: AppTest, key: str) -> list[str]:
    """A select widget's options as shown ("Issue Brief (26)")."""
    widget = at.sidebar.multiselect(key) if key in ("w_type", "w_researcher", "w_topic") else None
    if widget is None:
        widget = at.sidebar.selectbox(key)
    return list(widget.options)


def url(at: AppTest) -> dict[str, list[str]]:
    """The page's query parameters after the run, every value as a list."""
    return {k: v if isinstance(v, list) else [v] for k, v in at.query_params.items()}
