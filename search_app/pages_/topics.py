"""Topics: every key phrase with its count, and one topic's years, people and neighbours."""

from __future__ import annotations

import streamlit as st

from search_app import backend, ui
from search_app.backend import Evidence, Searcher, TopicView
from search_app.text import md, snippet_md

EXPERTS = 8
RELATED = 15
ROLES = {"chief": "chief researcher", "co": "co-researcher"}


def topic_link(topic: str, count: int) -> None:
    st.page_link(
        ui.TOPICS,
        label=f"{md(topic)} ({count})",
        icon=":material/tag:",
        query_params={"topic": topic},
    )


def topic_list(searcher: Searcher) -> None:
    st.title("Topics")
    counts = backend.topic_counts(searcher)
    if not counts:
        st.info("No publication has key phrases yet.", icon=":material/info:")
        return
    st.caption(
        f"{len(counts)} topics, the key phrases of the publications, by how many "
        "publications have each · open one for its years, researchers and related topics"
    )
    row = st.container(horizontal=True, gap="small", key="topic-list")
    with row:
        for topic, n in counts.items():
            topic_link(topic, n)


def year_chart(view: TopicView) -> None:
    st.subheader("Publications by year")
    if view.by_year:
        # Years as text: a number axis would show 2,020.5 between two years.
        st.bar_chart(
            {"Year": [str(y) for y in view.by_year], "Publications": list(view.by_year.values())},
            x="Year",
            y="Publications",
            height=240,
        )
    if view.undated:
        st.caption(f"{view.undated} without a year.")


def publications(view: TopicView) -> None:
    st.subheader("Publications")
    for hit in view.publications:
        year = hit.year if hit.year is not None else "year unknown"
        ui.publication_link(hit.id, hit.title, bold=False, suffix=f" · {md(hit.type)} · {year}")


def evidence_block(evidence: list[Evidence]) -> None:
    for ev in evidence:
        year = ev.year if ev.year is not None else "n.d."
        suffix = f" ({year})" + (f" · p. {ev.page}" if ev.page else "")
        ui.publication_link(ev.id, ev.title, ev.page, bold=False, suffix=suffix)
        st.markdown(f"{ROLES.get(ev.role, md(ev.role))} — {snippet_md(ev.snippet)}")


def researchers(searcher: Searcher, view: TopicView) -> None:
    st.subheader("Leading researchers")
    found = backend.experts(searcher, view.topic, EXPERTS, key_phrases=[view.topic])
    if not found:
        st.caption("No researcher is named on these publications.")
        return
    for rank, expert in enumerate(found, start=1):
        with st.container(border=True):
            st.page_link(
                ui.RESEARCHERS,
                label=f"**{rank}. {md(expert.name)}**",
                icon=":material/person:",
                query_params={"name": expert.name},
            )
            n = view.researchers.get(expert.name, 0)
            noun = "publication" if n == 1 else "publications"
            st.caption(f"{n} {noun} on this topic · score {expert.score:.2f}")
            evidence_block(expert.evidence)


def related(view: TopicView) -> None:
    st.subheader("Related topics")
    if not view.related:
        st.caption("No other topic shares these publications.")
        return
    st.caption("Topics of the same publications, with how many of them they share")
    with st.container(horizontal=True, gap="small", key="related"):
        for topic, n in list(view.related.items())[:RELATED]:
            topic_link(topic, n)


def topic_page(searcher: Searcher, topic: str) -> None:
    view = backend.topic_view(searcher, topic)
    if view is None:
        st.title("Topics")
        st.warning(f"No publication has the topic {md(topic[:120])}.", icon=":material/search_off:")
        st.page_link(ui.TOPICS, label="All topics", icon=":material/tag:", query_params={})
        return
    ui.sync_url({"topic": view.topic})
    st.title(md(view.topic))
    noun = "publication" if len(view.publications) == 1 else "publications"
    st.caption(f"Topic · {len(view.publications)} {noun}")
    row = st.container(horizontal=True, gap="small", key="topic-actions")
    row.page_link(
        ui.SEARCH,
        label="Search within this topic",
        icon=":material/search:",
        query_params={"topic": view.topic},
    )
    row.page_link(ui.TOPICS, label="All topics", icon=":material/tag:", query_params={})
    left, right = st.columns([6, 5], gap="large")
    with left:
        year_chart(view)
        publications(view)
        related(view)
    with right:
        researchers(searcher, view)


def main() -> None:
    searcher = ui.open_searcher()
    if searcher is None:
        return
    topic = backend.normalise_topic(ui.first_param("topic"))[: backend.MAX_QUERY_CHARS]
    if topic:
        topic_page(searcher, topic)
    else:
        ui.sync_url({})
        topic_list(searcher)


main()
