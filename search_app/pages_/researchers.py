"""Researchers: the directory, and one researcher's profile (`?name=`, any spelling)."""

from __future__ import annotations

from collections import Counter

import streamlit as st

from search_app import backend, ui
from search_app.backend import Profile, PubkbError, Searcher, name_key
from search_app.text import md

ROLES = {"chief": "Chief researcher", "co": "Co-researcher"}
MAX_GRAPH_COAUTHORS = 25
ROW_PX = 35


def years_label(years: list[int]) -> str:
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


def open_profile() -> None:
    """A directory row was selected: its profile becomes the page's address."""
    rows = st.session_state["directory"].selection.rows
    names = st.session_state.get("directory-names", [])
    if rows and rows[0] < len(names):
        st.query_params.from_dict({"name": names[rows[0]]})


def directory(searcher: Searcher) -> None:
    st.title("Researchers")
    people = backend.directory(searcher)
    wanted = st.text_input("Filter by name", key="w_filter", icon=":material/filter_list:")
    if wanted.strip():
        key = name_key(wanted)
        people = [p for p in people if any(key in name_key(a) for a in [p.name, *p.aliases])]
    st.caption(f"{len(people)} researchers · select a row to open the profile")
    st.session_state["directory-names"] = [p.name for p in people]
    frame = {
        "Name": [p.name for p in people],
        "Also written": ["; ".join(a for a in p.aliases if a != p.name) for p in people],
        "Publications": [p.publications for p in people],
        "As chief": [p.as_chief for p in people],
        "As co-researcher": [p.as_co for p in people],
        "Years": [years_label(p.years) for p in people],
    }
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        key="directory",
        height=min(ROW_PX * (len(people) + 1) + 3, 720),
        on_select=open_profile,
        selection_mode="single-row",
    )


def dot_string(text: str) -> str:
    """A Graphviz quoted string: text only, never an HTML-like label."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def coauthor_graph(profile: Profile) -> str:
    """The researcher and their co-authors; edge width grows with shared publications."""
    lines = [
        "graph coauthors {",
        "  layout=neato; overlap=false; splines=true;",
        '  node [shape=box, style="rounded,filled", fillcolor="#f0f2f6", fontname="sans-serif"];',
        f'  {dot_string(profile.name)} [fillcolor="#ffd8a8"];',
    ]
    for co in profile.coauthors[:MAX_GRAPH_COAUTHORS]:
        width = min(1 + co.count, 6)
        lines.append(
            f"  {dot_string(profile.name)} -- {dot_string(co.name)} "
            f'[penwidth={width}, label="{co.count}"];'
        )
    lines.append("}")
    return "\n".join(lines)


def publications(profile: Profile) -> None:
    st.subheader(f"Publications ({len(profile.publications)})")
    for pub in profile.publications:
        ui.publication_link(pub.id, pub.title, bold=False)
        year = pub.year if pub.year is not None else "year unknown"
        st.caption(f"{md(pub.type)} · {year} · {ROLES.get(pub.role, md(pub.role))}")


def charts(profile: Profile) -> None:
    st.subheader("Publications over time")
    if profile.by_year:
        by_year = {
            "Year": [str(y) for y in profile.by_year],
            "Publications": list(profile.by_year.values()),
        }
        st.bar_chart(by_year, x="Year", y="Publications", height=220)
    else:
        st.caption("No dated publications.")
    roles = Counter(ROLES.get(p.role, p.role) for p in profile.publications)
    by_role, by_type = st.columns(2)
    by_role.dataframe(
        {"Role": list(roles), "Publications": list(roles.values())},
        hide_index=True,
        width="stretch",
    )
    by_type.dataframe(
        {"Type": list(profile.by_type), "Publications": list(profile.by_type.values())},
        hide_index=True,
        width="stretch",
    )


def topics(profile: Profile) -> None:
    st.subheader("Main topics")
    if not profile.topics:
        st.caption("Not enough text to tell.")
        return
    row = st.container(horizontal=True, gap="small")
    for topic in profile.topics:
        row.page_link(
            ui.SEARCH,
            label=md(topic),
            icon=":material/tag:",
            query_params={"q": topic, "researcher": profile.name},
        )


def coauthors(profile: Profile) -> None:
    st.subheader("Co-authors")
    if not profile.coauthors:
        st.caption("No co-authors in the index.")
        return
    st.graphviz_chart(coauthor_graph(profile), width="content")
    for co in profile.coauthors:
        shared = "publication" if co.count == 1 else "publications"
        st.page_link(
            ui.RESEARCHERS,
            label=f"{md(co.name)} · {co.count} shared {shared}",
            icon=":material/person:",
            query_params={"name": co.name},
        )


def show_profile(searcher: Searcher, name: str) -> None:
    try:
        profile = backend.profile(searcher, name)
    except PubkbError:
        st.title("Researchers")
        st.warning(f"There is no researcher named {md(name[:120])} in the index.")
        st.page_link(ui.RESEARCHERS, label="All researchers", icon=":material/group:")
        return
    st.title(md(profile.name))
    others = [a for a in profile.aliases if a != profile.name]
    if others:
        st.caption("Also written: " + "; ".join(md(a) for a in others))
    chief = sum(1 for p in profile.publications if p.role == "chief")
    cols = st.columns(4)
    cols[0].metric("Publications", len(profile.publications))
    cols[1].metric("As chief researcher", chief)
    cols[2].metric("As co-researcher", len(profile.publications) - chief)
    cols[3].metric("Years", years_label(sorted(profile.by_year)) or "–")
    left, right = st.columns([6, 5], gap="large")
    with left:
        topics(profile)
        publications(profile)
    with right:
        charts(profile)
        coauthors(profile)
    st.page_link(
        ui.COLLABORATORS,
        label=f"Find collaborators for {md(profile.name)}",
        icon=":material/handshake:",
        query_params={"name": profile.name},
    )
    st.page_link(ui.RESEARCHERS, label="All researchers", icon=":material/group:")


def main() -> None:
    searcher = ui.open_searcher()
    if searcher is None:
        return
    name = " ".join(ui.first_param("name").split())
    if name:
        ui.sync_url({"name": name})
        show_profile(searcher, name)
    else:
        directory(searcher)


main()
