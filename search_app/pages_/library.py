"""Library: what the index holds and what the last indexing run did (read-only)."""

from __future__ import annotations

import streamlit as st

from search_app import backend, ui
from search_app.backend import PubkbError, ReviewQueue, RunSummary
from search_app.text import md


def counts_chart(title: str, counts: dict[str, int], column: str) -> None:
    st.subheader(title)
    if not counts:
        st.caption("Nothing yet.")
        return
    frame = {column: list(counts), "Publications": list(counts.values())}
    st.bar_chart(frame, x=column, y="Publications", horizontal=column == "Type", height=260)
    st.dataframe(frame, hide_index=True, width="stretch")


def last_run(run: RunSummary | None) -> None:
    st.subheader("Last run")
    if not run:
        st.caption("No indexing run recorded.")
        return
    rows = {
        "Started": run.started,
        "Finished": run.finished,
        "Completed": run.completed,
        "Added": run.added,
        "Updated": run.updated,
        "Moved": run.moved,
        "Unchanged": run.unchanged,
        "Removed": run.removed,
        "Failed": len(run.failed),
        "Duplicates": len(run.duplicates),
    }
    st.dataframe(
        {"": list(rows), "Value": [str(v) for v in rows.values()]},
        hide_index=True,
        width="stretch",
    )
    if not run.completed:
        st.warning("The last run did not finish; run `pubkb index` again to complete it.")


def file_list(title: str, columns: dict[str, list[str]], empty: str) -> None:
    rows = len(next(iter(columns.values())))
    st.subheader(f"{title} ({rows})")
    if not rows:
        st.caption(empty)
        return
    st.dataframe(columns, hide_index=True, width="stretch")


def review_list(queue: ReviewQueue) -> None:
    """The publications `pubkb review` lists, one row per field, with the line that fixes it."""
    fields = [(item, f) for item in queue.items for f in item.fields]
    st.subheader(f"Review queue ({len(queue.items)})")
    if queue.note:
        st.caption(md(queue.note))
    if not queue.items:
        st.caption("No publication has a weak or conflicting field.")
        return
    # Table cells are shown as plain text, never as Markdown, so PDF text needs no escaping here.
    st.dataframe(
        {
            "Publication": [item.title for item, _ in fields],
            "ID": [item.id for item, _ in fields],
            "Field": [f.name for _, f in fields],
            "Value": [f.value for _, f in fields],
            "Why": [f.reason for _, f in fields],
            "Fix": [f.fix for _, f in fields],
        },
        hide_index=True,
        width="stretch",
    )
    for item in queue.items:
        for warning in item.warnings:
            st.warning(f"{md(item.title)}: {md(warning)}")
    st.caption("Run these with `pubkb` to record the corrections:")
    # A code block shows its text literally and offers a copy button.
    st.code("\n".join(f.fix for _, f in fields), language="bash")


def main() -> None:
    st.title("Library")
    st.caption(
        "The state of the index, read-only. Changes are made with the `pubkb` command "
        "(index, remove, edit)."
    )
    try:
        status = backend.status()
    except PubkbError as exc:
        ui.index_problem(exc)
        return
    cols = st.columns(4)
    cols[0].metric("Publications", status.documents)
    cols[1].metric("Pages", status.pages)
    cols[2].metric("Failures", len(status.failures))
    cols[3].metric("Missing files", len(status.missing))
    st.caption(
        f"Index folder {md(status.index)} · schema {status.schema_version} · "
        f"{status.index_bytes / 1e6:.1f} MB"
    )
    left, right = st.columns(2, gap="large")
    with left:
        counts_chart("By type", status.by_type, "Type")
    with right:
        counts_chart("By year", status.by_year, "Year")
    last_run(status.last_run)
    failures = {
        "Path": [f.path for f in status.failures],
        "Reason": [f.reason for f in status.failures],
        "When": [f.at for f in status.failures],
    }
    file_list("Failures", failures, "No file failed.")
    file_list("Missing files", {"Path": status.missing}, "Every indexed file is where it was.")
    file_list("No text layer", {"Path": status.no_text_layer}, "Every PDF has a text layer.")
    review_list(backend.review_queue())


main()
