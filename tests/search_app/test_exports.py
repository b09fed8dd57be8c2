"""The search page's downloads of the whole result set, and the "Cite" of each card."""

from __future__ import annotations

import bibtexparser
import rispy
from streamlit.testing.v1 import AppTest

from tests.conftest import load_catalog
from tests.search_app.apptest import RunApp

FORTY_TYPES = ("Issue Brief", "Research Report", "Working Paper")


# Run inside the app's runtime: the backend's export of a search, shown as text.
EXPORT_SCRIPT = """
import streamlit as st
from search_app import backend

req = backend.SearchRequest(types=["Issue Brief", "Research Report", "Working Paper"], limit=10)
st.text(backend.export_search(req, st.session_state["fmt"]))
"""


def _export(monkeypatch: object, index: str, fmt: str) -> str:
    monkeypatch.setenv("PUBKB_INDEX", index)  # type: ignore[attr-defined]
    at = AppTest.from_string(EXPORT_SCRIPT, default_timeout=60)
    at.session_state["fmt"] = fmt
    at.run()
    assert not at.exception
    return str(at.text[0].value)


def test_download_buttons_name_every_hit_not_one_page(run_app: RunApp) -> None:
    expected = sum(p["type"] in FORTY_TYPES for p in load_catalog())
    at = run_app({"type": list(FORTY_TYPES)})
    buttons = at.get("download_button")
    labels = [b.proto.label for b in buttons]
    for name in ("CSV", "BibTeX", "RIS"):
        assert f"{name} ({expected})" in labels


def test_the_backend_export_holds_all_forty(monkeypatch: object, corpus_index: object) -> None:
    expected = sum(p["type"] in FORTY_TYPES for p in load_catalog())
    bib = bibtexparser.parse_string(_export(monkeypatch, str(corpus_index), "bibtex"))
    assert bib.failed_blocks == [] and len(bib.entries) == expected
    assert len(rispy.loads(_export(monkeypatch, str(corpus_index), "ris"))) == expected


def test_every_card_has_a_cite_popover(run_app: RunApp) -> None:
    at = run_app({"q": "health"})
    popovers = at.get("popover")
    assert popovers and all(p.proto.popover.label == "Cite" for p in popovers)
    cards = len([b for b in at.main.page_link if b.value.startswith("**")])
    assert len(popovers) == cards
