"""Pieces every page shares: the page registry, links, result cards and the PDF viewer."""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st
from streamlit import runtime

from search_app import backend
from search_app.text import md, snippet_md

SEARCH = "pages_/search.py"
PUBLICATION = "pages_/publication.py"
RESEARCHERS = "pages_/researchers.py"
COLLABORATORS = "pages_/collaborators.py"
TOPICS = "pages_/topics.py"
LIBRARY = "pages_/library.py"

# What the media manager hands out for our PDFs; anything else is not put in the page.
_MEDIA_URL = re.compile(r"/?(?:[\w-]+/)*media/[0-9a-f]+\.pdf")
PDF_HEIGHT = 820


def pages() -> list[st.Page]:
    """The navigation, in menu order; every page is reachable by its URL path and parameters."""
    return [
        st.Page(SEARCH, title="Search", icon=":material/search:", default=True),
        st.Page(PUBLICATION, title="Publication", icon=":material/description:"),
        st.Page(RESEARCHERS, title="Researchers", icon=":material/group:"),
        st.Page(TOPICS, title="Topics", icon=":material/tag:"),
        st.Page(COLLABORATORS, title="Find collaborators", icon=":material/handshake:"),
        st.Page(LIBRARY, title="Library", icon=":material/inventory_2:"),
    ]


def open_searcher() -> backend.Searcher | None:
    """The searcher, or None after explaining why there is no usable index."""
    try:
        return backend.searcher()
    except backend.PubkbError as exc:
        index_problem(exc)
        return None


def index_problem(exc: Exception) -> None:
    st.error(f"The index can't be read: {md(exc)}", icon=":material/error:")
    st.info(
        "Build it from the command line with `pubkb index corpus/` (or `make run`); "
        "this page picks it up on the next click, without a restart."
    )


def first_param(name: str) -> str:
    """A query parameter's first value ("" when absent)."""
    values = st.query_params.get_all(name)
    return values[0] if values else ""


def sync_url(params: dict[str, str | list[str]]) -> None:
    """Make the browser's address show this state. A link to the page already open runs it
    with new parameters but leaves the old address, which would then not be the state."""
    st.query_params.from_dict(params)


def researcher_links(names: Sequence[str], key: str = "") -> None:
    """Each name as a link to its profile, in one wrapping row."""
    if not names:
        return
    row = st.container(horizontal=True, gap="small", key=f"people-{key}" if key else None)
    for name in names:
        row.page_link(
            RESEARCHERS,
            label=md(name),
            icon=":material/person:",
            query_params={"name": name},
        )


def publication_link(
    pid: str, title: str, page: int | None = None, bold: bool = True, suffix: str = ""
) -> None:
    """A link to the publication page (at `page`); `suffix` is Markdown the app wrote."""
    label = (f"**{md(title)}**" if bold else md(title)) + suffix
    params = {"id": pid} if page is None else {"id": pid, "p": str(page)}
    st.page_link(PUBLICATION, label=label, query_params=params)


# Each language named in itself: a reader of the other edition reads this label.
ENDONYMS = {"ko": "한국어", "en": "English"}


def edition_links(editions: Sequence[backend.Edition], key: str) -> None:
    """ "Also in 한국어": a link to each other language edition of a publication."""
    for e in editions:
        language = ENDONYMS.get(e.language, md(e.language or "another language"))
        st.page_link(
            PUBLICATION,
            label=f"Also in {language}: {md(e.title)}",
            icon=":material/translate:",
            query_params={"id": e.id},
            help="The same publication in another language",
        )


def hit_card(hit: backend.Hit) -> None:
    """One result: title, type, year, researchers, and up to three page snippets."""
    with st.container(border=True):
        publication_link(hit.id, hit.title)
        year = hit.year if hit.year is not None else "year unknown"
        st.caption(f"{md(hit.type)} · {year}")
        researcher_links(hit.researchers, key=hit.id)
        edition_links(hit.editions, key=hit.id)
        cite_popover(hit.id)
        for ph in hit.pages[:3]:
            page_col, text_col = st.columns([1, 11], vertical_alignment="top")
            with page_col:
                st.page_link(
                    PUBLICATION,
                    label=f"p. {ph.page}",
                    query_params={"id": hit.id, "p": str(ph.page)},
                    help="Text read by OCR from the page image" if ph.ocr else None,
                )
                if ph.ocr:
                    st.caption("OCR")
            # "p. 6 · Policy Implications": where in the report the passage stands.
            where = f":gray[{md(ph.section)}] · " if ph.section else ""
            text_col.markdown(where + snippet_md(ph.snippet))


def cite_popover(pid: str) -> None:
    """ "Cite": the publication's APA and BibTeX references, ready to copy."""
    detail = backend.publication(pid)
    if detail is None:
        return
    with st.popover("Cite", icon=":material/format_quote:"):
        for name, text in backend.citations(detail).items():
            if name != "RIS":
                st.code(text, language="bibtex" if name == "BibTeX" else None, wrap_lines=True)


def pdf_viewer(data: bytes, page: int, pid: str) -> bool:
    """The browser's own PDF viewer, opened at `page`, on bytes served by Streamlit's media
    endpoint (works offline). Returns False when there is no server to serve them."""
    if not runtime.exists():
        return False
    url = runtime.get_instance().media_file_mgr.add(data, "application/pdf", f"pubkb.pdf.{pid}")
    if not _MEDIA_URL.fullmatch(url):
        return False
    # Relative, so the app also works under a server.baseUrlPath. Only a validated media URL
    # and an int reach this HTML: nothing read from the PDF does.
    src = f"{url.lstrip('/')}#page={int(page)}"
    st.markdown(
        f'<iframe class="pubkb-pdf" title="PDF viewer" src="{src}" width="100%" '
        f'height="{PDF_HEIGHT}" style="border: 1px solid #ddd; border-radius: 4px"></iframe>',
        unsafe_allow_html=True,
    )
    return True
