"""Search: a query box, filters with counts, ranked result cards; the whole state is the URL."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import partial
from typing import Any

import streamlit as st

from search_app import backend, ui, urlstate
from search_app.backend import LANGUAGE_NAMES, PART_LABELS, PARTS, SORTS, Searcher, SearchResult
from search_app.text import md
from search_app.urlstate import PAGE_SIZE, SearchState

# Widget keys, one per state field; the URL is the truth and the widgets mirror it each run.
WIDGETS = {
    "q": "w_q",
    "types": "w_type",
    "year_from": "w_year_from",
    "year_to": "w_year_to",
    "researchers": "w_researcher",
    "languages": "w_language",
    "sections": "w_section",
    "topics": "w_topic",
    "sort": "w_sort",
    "page": "w_page",
}
PLACEHOLDER = (
    'A question, words, "a phrase", -exclusion, type:, researcher:, topic:, year:2019..2021'
)


def current() -> urlstate.Parsed:
    return urlstate.parse(st.query_params.get_all)


def go(state: SearchState) -> None:
    st.query_params.from_dict(state.to_params())


def on_widget(name: str) -> None:
    """A widget changed: write its value into the URL (which the rerun then reads)."""
    value: Any = st.session_state[WIDGETS[name]]
    if name in ("types", "researchers", "languages", "sections", "topics"):
        value = tuple(value or ())
    elif name == "q":
        value = " ".join(str(value or "").split())[: backend.MAX_QUERY_CHARS]
    elif name == "sort":
        value = value or "relevance"
    go(current().state.changed(**{name: value}))


def on_page(key: str) -> None:
    go(current().state.changed(page=int(st.session_state[key])))


def clear_filters() -> None:
    go(current().state.without_filters())


def mirror(name: str, value: Any) -> str:
    """Set a widget's value from the URL before it is drawn; returns its key."""
    key = WIDGETS[name]
    st.session_state[key] = value
    return key


def counted(counts: Mapping[str, int], empty: str = "Any") -> Callable[[Any], str]:
    def label(value: Any) -> str:
        return empty if value is None else f"{value} ({counts.get(str(value), 0)})"

    return label


def query_box(state: SearchState) -> None:
    st.text_input(
        "Search the publications",
        key=mirror("q", state.q),
        placeholder=PLACEHOLDER,
        on_change=on_widget,
        args=("q",),
        max_chars=backend.MAX_QUERY_CHARS,
        icon=":material/search:",
    )


def facet_filter(
    label: str,
    name: str,
    options: list[str],
    chosen: list[str],
    counts: Mapping[str, int],
    placeholder: str,
    names: dict[str, str] | None = None,
    help: str | None = None,
) -> None:
    """A multiselect over one facet's values, each shown with its count for the current query
    (under `names`' label where one is given); a change goes to the URL as `name`."""
    shown = (
        counted(counts) if names is None else (lambda v: f"{names.get(v, v)} ({counts.get(v, 0)})")
    )
    st.multiselect(
        label,
        options,
        key=mirror(name, chosen),
        format_func=shown,
        placeholder=placeholder,
        on_change=on_widget,
        args=(name,),
        help=help,
    )


def filters(state: SearchState, result: SearchResult, searcher: Searcher) -> None:
    """Type, year range and researcher, each option with its count for the current query."""
    facets = result.facets
    with st.sidebar:
        st.subheader("Filters")
        type_counts = facets.get("type", {})
        facet_filter(
            "Type",
            "types",
            list(dict.fromkeys([*type_counts, *state.types])),
            list(state.types),
            type_counts,
            "Any type",
        )
        year_counts = facets.get("year", {})
        chosen = {y for y in (state.year_from, state.year_to) if y is not None}
        years: list[int | None] = [None, *sorted({int(y) for y in year_counts} | chosen)]
        left, right = st.columns(2)
        for col, name, label in ((left, "year_from", "From"), (right, "year_to", "To")):
            col.selectbox(
                label,
                years,
                key=mirror(name, getattr(state, name)),
                format_func=counted(year_counts),
                placeholder="Any",
                on_change=on_widget,
                args=(name,),
            )
        people_counts = facets.get("researcher", {})
        # A name given in any spelling shows as the index's canonical spelling.
        chosen_people = [searcher.authority.resolve(n) or n for n in state.researchers]
        facet_filter(
            "Researcher",
            "researchers",
            list(dict.fromkeys([*people_counts, *chosen_people])),
            list(dict.fromkeys(chosen_people)),
            people_counts,
            "Anyone",
        )
        language_counts = facets.get("language", {})
        facet_filter(
            "Language",
            "languages",
            list(dict.fromkeys([*(k for k in language_counts if k), *state.languages])),
            list(state.languages),
            language_counts,
            "Any language",
            names=LANGUAGE_NAMES,
        )
        section_counts = facets.get("section", {})
        facet_filter(
            "Part of the report",
            "sections",
            [p for p in PARTS if p in section_counts or p in state.sections],
            list(state.sections),
            section_counts,
            "Anywhere",
            names=PART_LABELS,
            help="Keep the matches to one part, such as the conclusions or the summary.",
        )
        topic_counts = facets.get("topic", {})
        facet_filter(
            "Topic",
            "topics",
            list(dict.fromkeys([*topic_counts, *state.topics])),
            list(state.topics),
            topic_counts,
            "Any topic",
            help="The publications' key phrases; with several, any of them.",
        )
        if state.filtered:
            st.button("Clear filters", on_click=clear_filters, icon=":material/filter_alt_off:")


def suggestion_link(state: SearchState, suggestion: str | None) -> None:
    if suggestion:
        st.page_link(
            ui.SEARCH,
            label=f"Did you mean: **{md(suggestion)}**?",
            icon=":material/spellcheck:",
            query_params=state.changed(q=suggestion).to_params(),
        )


def no_results(state: SearchState, result: SearchResult) -> None:
    st.warning("No publications match this search.", icon=":material/search_off:")
    suggestion_link(state, result.suggestion)
    hints = ["check the spelling", "use fewer or more general words"]
    if '"' in state.q or "-" in state.q:
        hints.append("drop quotes and -exclusions")
    if state.filtered:
        hints.insert(0, "loosen the filters in the sidebar")
    st.markdown("Try to " + ", ".join(hints) + ".")
    if state.filtered:
        st.button(
            "Search without filters",
            on_click=clear_filters,
            key="clear-filters-main",
            icon=":material/filter_alt_off:",
        )


def findings_box(searcher: Searcher, state: SearchState) -> None:
    """Whole sentences quoted from the conclusions and summaries that best answer the query."""
    found = backend.findings(searcher, state.q)
    with st.container(border=True, key="findings"):
        st.markdown("**What our publications concluded**")
        if not found.passages:
            st.caption(md(found.note[:1].upper() + found.note[1:]) + ".")
            return
        for f in found.passages:
            st.markdown("> " + md(f.text))
            year = f.year if f.year is not None else "year unknown"
            # The PDF at the quoted page, on the publication page. Only a hex id and an int
            # reach the address; the result cards' page links stay the only page_links.
            link = (
                f"[p\\. {int(f.page)}](publication?id={backend.safe_id(f.pub_id)}&p={int(f.page)})"
            )
            page_col, source_col = st.columns([1, 11], vertical_alignment="top")
            page_col.markdown(link)
            # Markdown, not a caption: the cards' captions ("Issue Brief · 2021") are theirs.
            source_col.markdown(f":gray[{md(f.title)} · {year} · {md(f.section)}]")


def header(state: SearchState, result: SearchResult, pages: int) -> None:
    first = (state.page - 1) * PAGE_SIZE + 1
    last = min(result.groups, state.page * PAGE_SIZE)
    noun = "publication" if result.total == 1 else "publications"
    info, sort_col = st.columns([3, 2], vertical_alignment="center")
    summary = f"**{result.total} {noun}**"
    if result.groups < result.total:
        summary += f" in {result.groups} results (a card holds both language editions)"
    if pages > 1:
        summary += f" · showing {first}–{last}"
    info.markdown(summary)
    sort_col.segmented_control(
        "Sort by",
        SORTS,
        key=mirror("sort", state.sort),
        format_func=str.capitalize,
        on_change=on_widget,
        args=("sort",),
        label_visibility="collapsed",
    )


EXPORT_LABELS = {"csv": "CSV", "bibtex": "BibTeX", "ris": "RIS"}


def downloads(state: SearchState, result: SearchResult) -> None:
    """The whole result set, every page of it, as a file; made only when clicked."""
    row = st.container(horizontal=True, gap="small", key="export")
    req = replace(state.request(), offset=0)
    for fmt in backend.EXPORT_FORMATS:
        row.download_button(
            f"{EXPORT_LABELS[fmt]} ({result.total})",
            partial(backend.export_search, req, fmt),
            file_name=f"pubkb-search.{backend.EXPORT_EXTENSIONS[fmt]}",
            mime=backend.EXPORT_MEDIA_TYPES[fmt],
            key=f"export-{fmt}",
            icon=":material/download:",
            help=f"Download all {result.total} publications of this search as {EXPORT_LABELS[fmt]}",
            on_click="ignore",
        )


def results(searcher: Searcher, state: SearchState, result: SearchResult, pages: int) -> None:
    if result.interpreted_as and result.interpreted_as != state.q:
        st.caption(f"Read as: {md(result.interpreted_as)}")
    for note in result.notes:
        st.info(md(note[:1].upper() + note[1:]), icon=":material/info:")
    if result.total == 0:
        no_results(state, result)
        return
    if state.q and state.page == 1:
        findings_box(searcher, state)
    header(state, result, pages)
    downloads(state, result)
    suggestion_link(state, result.suggestion)
    for hit in result.hits:
        ui.hit_card(hit)
    if pages > 1:
        # Keyed by the page shown, so a page reached by a link starts from that page.
        key = f"{WIDGETS['page']}-{state.page}"
        st.pagination(pages, default=state.page, key=key, on_change=on_page, args=(key,))


def main() -> None:
    pid = ui.first_param("id")
    if pid:
        # `/?id=` is the short form of a publication's address.
        params = {"id": pid, "p": ui.first_param("p")} if ui.first_param("p") else {"id": pid}
        st.switch_page(ui.PUBLICATION, query_params=params)
    parsed = current()
    state = parsed.state
    searcher = ui.open_searcher()
    if searcher is None:
        return
    result = searcher.search(state.request())
    pages = max(1, math.ceil(result.groups / PAGE_SIZE))
    if state.page > pages:
        parsed.problems.append(f"there is no page {state.page}; this is the last page")
        state = replace(state, page=pages)
        result = searcher.search(state.request())
    ui.sync_url(state.to_params())
    query_box(state)
    filters(state, result, searcher)
    for problem in parsed.problems:
        st.caption(f"Part of the address was not used: {md(problem)}.")
    if not state.q and not state.filtered:
        st.info(
            "Ask a question or type some words above. Meanwhile, here is every publication, "
            "newest first; the sidebar narrows them down.",
            icon=":material/lightbulb:",
        )
    results(searcher, state, result, pages)


main()
