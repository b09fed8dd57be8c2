"""Find collaborators: researchers ranked for a topic, each with the passages that show it."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from search_app import backend, ui, urlstate
from search_app.backend import PUB_TYPES, Evidence, PubkbError, Searcher
from search_app.text import md, snippet_md

LIMIT = 10
ROLES = {"chief": "chief researcher", "co": "co-researcher"}
# Widget key per URL parameter: the URL holds the state, widgets mirror it.
WIDGETS = {"topic": "w_topic", "type": "w_ctype", "year_from": "w_cfrom", "year_to": "w_cto"}


def params() -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for name in ("topic", "name", "year_from", "year_to"):
        value = ui.first_param(name).strip()
        if value:
            out[name] = value
    types = st.query_params.get_all("type")
    if types:
        out["type"] = types
    return out


def on_widget(name: str) -> None:
    current = params()
    value = st.session_state[WIDGETS[name]]
    if value in (None, "", []):
        current.pop(name, None)
    else:
        current[name] = [str(v) for v in value] if isinstance(value, list) else str(value).strip()
    st.query_params.from_dict(current)


def year(raw: str, label: str, problems: list[str]) -> int | None:
    if not raw:
        return None
    if raw.isdigit() and urlstate.YEAR_RANGE[0] <= int(raw) <= urlstate.YEAR_RANGE[1]:
        return int(raw)
    problems.append(f"ignored {label}={raw[:20]!r}: not a year")
    return None


def controls(topic: str, types: Sequence[str], lo: int | None, hi: int | None) -> None:
    st.session_state[WIDGETS["topic"]] = topic
    st.text_input(
        "Topic",
        key=WIDGETS["topic"],
        placeholder="e.g. refugee resettlement, skilled worker visa, social integration",
        on_change=on_widget,
        args=("topic",),
        icon=":material/search:",
    )
    with st.expander("Only some publications", expanded=bool(types or lo or hi)):
        st.session_state[WIDGETS["type"]] = [t for t in types if t in PUB_TYPES]
        st.multiselect("Type", PUB_TYPES, key=WIDGETS["type"], on_change=on_widget, args=("type",))
        left, right = st.columns(2)
        for col, name, value, label in (
            (left, "year_from", lo, "From year"),
            (right, "year_to", hi, "To year"),
        ):
            st.session_state[WIDGETS[name]] = value
            col.number_input(
                label,
                min_value=urlstate.YEAR_RANGE[0],
                max_value=urlstate.YEAR_RANGE[1],
                step=1,
                key=WIDGETS[name],
                on_change=on_widget,
                args=(name,),
            )


def evidence_block(evidence: list[Evidence]) -> None:
    for ev in evidence:
        page = ev.page
        year = ev.year if ev.year is not None else "n.d."
        suffix = f" ({year})" + (f" · p. {page}" if page else "")
        ui.publication_link(ev.id, ev.title, page, bold=False, suffix=suffix)
        st.markdown(f"{ROLES.get(ev.role, md(ev.role))} — {snippet_md(ev.snippet)}")


def person_card(rank: int, name: str, aliases: list[str], score: float, extra: str) -> None:
    st.page_link(
        ui.RESEARCHERS,
        label=f"**{rank}. {md(name)}**",
        icon=":material/person:",
        query_params={"name": name},
    )
    others = [a for a in aliases if a != name]
    also = f" · also written {'; '.join(md(a) for a in others)}" if others else ""
    st.caption(f"score {score:.2f}{extra}{also}")


def main() -> None:
    st.title("Find collaborators")
    searcher = ui.open_searcher()
    if searcher is None:
        return
    problems: list[str] = []
    topic = " ".join(ui.first_param("topic").split())[: backend.MAX_QUERY_CHARS]
    person = " ".join(ui.first_param("name").split())
    types = st.query_params.get_all("type")
    lo = year(ui.first_param("year_from").strip(), "year_from", problems)
    hi = year(ui.first_param("year_to").strip(), "year_to", problems)
    ui.sync_url(params())
    controls(topic, types, lo, hi)
    for problem in problems:
        st.caption(f"Part of the address was not used: {md(problem)}.")
    if person:
        collaborators_of(searcher, person, topic)
    elif topic:
        experts(searcher, topic, types, lo, hi)
    else:
        st.info(
            "Describe a topic to see who in the centre has written about it, with the "
            "passages that show it.",
            icon=":material/lightbulb:",
        )


def experts(
    searcher: Searcher, topic: str, types: Sequence[str], lo: int | None, hi: int | None
) -> None:
    found = backend.experts(searcher, topic, LIMIT, list(types), lo, hi)
    if not found:
        st.warning(
            "Nobody has written about this yet, as far as the index can tell. Try fewer or "
            "more general words, or widen the publication filter.",
            icon=":material/search_off:",
        )
        return
    for rank, expert in enumerate(found, start=1):
        with st.container(border=True):
            person_card(rank, expert.name, expert.aliases, expert.score, "")
            evidence_block(expert.evidence)


def collaborators_of(searcher: Searcher, person: str, topic: str) -> None:
    try:
        found = backend.collaborators(searcher, person, topic or None, LIMIT)
    except PubkbError:
        st.warning(f"There is no researcher named {md(person[:120])} in the index.")
        return
    about = f"on {md(topic)}" if topic else "on their main topics"
    st.subheader(f"Collaborators for {md(person)} {about}")
    if topic:
        st.page_link(
            ui.COLLABORATORS,
            label="Rank everyone on this topic instead",
            icon=":material/groups:",
            query_params={"topic": topic},
        )
    if not found:
        st.caption("Nobody else has written on these topics yet.")
    for rank, co in enumerate(found, start=1):
        with st.container(border=True):
            shared = f" · {co.coauthored} shared publications" if co.coauthored else ""
            person_card(rank, co.name, co.aliases, co.score, shared)
            evidence_block(co.evidence)


main()
