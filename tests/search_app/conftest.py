"""Fixtures for the app's tests: the app under AppTest, over a chosen index."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.search_app.apptest import APP, RunApp


@pytest.fixture
def run_app(monkeypatch: pytest.MonkeyPatch, corpus_index: Path) -> RunApp:
    """Run the app once: run_app(params, page=None, index=None) -> AppTest after the run."""

    def run(
        params: dict[str, str | list[str]] | None = None,
        page: str | None = None,
        index: Path | None = None,
    ) -> AppTest:
        monkeypatch.setenv("PUBKB_INDEX", str(index or corpus_index))
        at = AppTest.from_file(str(APP), default_timeout=60)
        if page is not None:
            # switch_page needs a first run to know the navigation.
            at.run()
            at.switch_page(page)
        at.query_params.clear()
        at.query_params.update(params or {})
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


@pytest.fixture(scope="session")
def titles_by_file() -> dict[str, str]:
    from tests.conftest import load_catalog

    return {str(p["file"]): str(p["title"]) for p in load_catalog()}
