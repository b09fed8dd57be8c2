"""Publication: metadata and where each field came from, contents, the PDF, similar, citation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from search_app import backend, ui
from search_app.backend import PublicationDetail, Searcher
from search_app.text import md

SIMILAR = 5
PAGE_WIDGET = "w_p"
ROW_PX = 35  # a dataframe row, to show the whole metadata table without scrolling
# Where a field's value was found, in the librarian's words (codes from indexer.metadata).
SOURCES = {
    "cover": "cover page",
    "info": "PDF document properties",
    "text": "text of the first pages",
    "librarian": "librarian's correction",
    "override": "librarian's correction",  # records indexed before corrections said librarian
    "filename": "file name (nothing better found)",
}
FIELDS = [
    ("title", "Title"),
    ("type", "Type"),
    ("series", "Series"),
    ("number", "Number"),
    ("year", "Year"),
    ("chief", "Chief researchers"),
    ("co_researchers", "Co-researchers"),
    ("organisation", "Organisation"),
    ("language", "Language"),
]
MIME = {
    "APA": "text/plain",
    "BibTeX": "application/x-bibtex",
    "RIS": "application/x-research-info-systems",
}


def chosen_page(detail: PublicationDetail) -> int:
    """The page asked for in `p`, if it is a page of this publication; else the first."""
    raw = ui.first_param("p").strip()
    count = int(detail.page_count or 1)
    if raw.isdigit() and 1 <= int(raw) <= count:
        return int(raw)
    if raw:
        st.caption(f"There is no page {md(raw[:20])} in this publication; showing page 1.")
    return 1


def metadata_table(detail: PublicationDetail) -> dict[str, list[str]]:
    """Field, value and where the value was found, as table columns."""
    rows: list[tuple[str, str, str]] = []
    for key, label in FIELDS:
        value = getattr(detail, key)
        shown = "; ".join(value) if isinstance(value, list) else ("" if value is None else value)
        source = detail.sources.get(key, "")
        rows.append((label, str(shown), SOURCES.get(source, source)))
    rows.append(("Pages", str(detail.page_count), "PDF"))
    if detail.ocr_pages:
        rows.append(("Pages read by OCR", backend.page_ranges(detail.ocr_pages), "OCR"))
    rows.append(("File", Path(detail.path).name, "index"))
    rows.append(("Indexed", str(detail.indexed_at), "index"))
    return {
        "Field": [r[0] for r in rows],
        "Value": [r[1] for r in rows],
        "Source": [r[2] for r in rows],
    }


def contents(detail: PublicationDetail) -> None:
    st.subheader("Contents")
    if not detail.contents:
        st.caption("No table of contents was found in this PDF.")
    for entry in detail.contents:
        if entry.page is None:
            # Listed without a page the PDF has (or corrected without one): no link to follow.
            st.markdown(md(entry.heading))
            continue
        page = int(entry.page)
        ui.publication_link(detail.id, entry.heading, page, bold=False, suffix=f" · p. {page}")


def citations(detail: PublicationDetail) -> None:
    st.subheader("Cite")
    texts = backend.citations(detail)
    key = backend.cite_key(detail)
    for tab, (name, text) in zip(st.tabs(list(texts)), texts.items(), strict=True):
        with tab:
            st.code(text, language="bibtex" if name == "BibTeX" else None, wrap_lines=True)
            st.download_button(
                f"Download {name}",
                text,
                file_name=f"{key}.{backend.CITATION_EXTENSIONS[name]}",
                mime=MIME[name],
                key=f"cite-{name}",
                icon=":material/download:",
            )


def similar(searcher: Searcher, pid: str) -> None:
    st.subheader("Similar publications")
    hits = searcher.similar(pid, limit=SIMILAR)
    if not hits:
        st.caption("Nothing similar in the index.")
    for hit in hits:
        ui.publication_link(hit.id, hit.title, bold=False)
        st.caption(f"{md(hit.type)} · {hit.year if hit.year is not None else 'year unknown'}")


def document(detail: PublicationDetail, page: int) -> None:
    """The PDF at the chosen page, and its download; only the indexed, unchanged file."""
    pdf = backend.pdf_file(detail)
    if pdf.data is None:
        st.warning(f"The PDF can't be shown: {md(pdf.problem)}.", icon=":material/warning:")
        return
    st.session_state[PAGE_WIDGET] = page
    st.number_input(
        "Page",
        min_value=1,
        max_value=max(1, int(detail.page_count or 1)),
        key=PAGE_WIDGET,
        on_change=go_to_page,
        args=(detail.id,),
    )
    if not ui.pdf_viewer(pdf.data, page, detail.id):
        st.caption("The PDF viewer needs the app's server; download the file instead.")
    st.download_button(
        "Download PDF",
        pdf.data,
        file_name=Path(detail.path).name,
        mime="application/pdf",
        icon=":material/download:",
        key="download-pdf",
    )


def go_to_page(pid: str) -> None:
    st.query_params.from_dict({"id": pid, "p": str(int(st.session_state[PAGE_WIDGET]))})


def pick() -> None:
    """Without an id: choose a publication by title (or go and search)."""
    st.title("Publication")
    st.info("Open a publication from the search results, or choose one here.")
    recs = sorted(backend.records(), key=lambda r: r.meta.title.lower())
    titles = {r.id: f"{r.meta.title} ({r.meta.type}, {r.meta.year or 'n.d.'})" for r in recs}
    choice = st.selectbox(
        "Publication", list(titles), index=None, format_func=titles.__getitem__, key="pick"
    )
    if choice:
        st.query_params.from_dict({"id": choice})
        st.rerun()


def main() -> None:
    searcher = ui.open_searcher()
    if searcher is None:
        return
    ref = ui.first_param("id")
    if not ref:
        pick()
        return
    detail = backend.publication(ref)
    if detail is None:
        st.title("Publication")
        st.error(f"There is no publication with id {md(ref[:80])} in the index.")
        st.page_link(ui.SEARCH, label="Search the publications", icon=":material/search:")
        return
    page = chosen_page(detail)
    ui.sync_url({"id": detail.id, "p": str(page)} if page > 1 else {"id": detail.id})
    st.title(md(detail.title) or "Untitled")
    year = detail.year if detail.year is not None else "year unknown"
    st.caption(f"{md(detail.type)} · {year} · {detail.page_count} pages")
    ui.researcher_links(detail.researchers, key="authors")
    topics = searcher.topics_of(detail.id)
    if topics:
        # Key phrases come from the PDF's text: escaped like any other text of it.
        st.markdown("**Key phrases:** " + " · ".join(md(t) for t in topics))
    other = backend.other_edition(detail.id)
    if other is not None:
        ui.edition_links([other], key="edition")
    left, right = st.columns([5, 6], gap="large")
    with left:
        # Contents first: beside the viewer they open, so a click is seen to turn the page.
        contents(detail)
        if detail.summary:
            st.subheader("Summary")
            st.markdown(md(detail.summary))
        st.subheader("Metadata")
        table = metadata_table(detail)
        st.dataframe(
            table,
            hide_index=True,
            width="stretch",
            height=ROW_PX * (len(table["Field"]) + 1) + 3,
            column_config={"Field": st.column_config.TextColumn(width="medium")},
        )
        citations(detail)
        similar(searcher, detail.id)
    with right:
        document(detail, page)


main()
