"""The real app in a real browser: Debian's Chromium driven by Playwright against `streamlit run`.

Skipped, with the reason, when /usr/bin/chromium is missing; `make test` installs it first.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus

import pytest

from indexer.ingest.run import run_index
from indexer.ingest.worker import IndexOptions
from indexer.search.searcher import Searcher, SearchRequest
from tests.conftest import build_pdf
from tests.search_app.apptest import REPO

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
README_SCREENSHOT = REPO / "docs" / "screenshot-search.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 30_000
HOSTILE_TITLE = "<script>alert(1)</script> Report <img src=x onerror=alert(1)>"
QUERY = "refugee resettlement"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (`make test` installs it with apt)",
    ),
]


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_healthy(server: Server, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the app did not start in {seconds:.0f} s:\n{server.log.read_text()}")


def start_server(index: Path, log: Path) -> Server:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "search_app/app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    env = {**os.environ, "PUBKB_INDEX": str(index)}
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        wait_until_healthy(server)
    except BaseException:
        stop_server(server)
        raise
    return server


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


@pytest.fixture(scope="module")
def corpus_server(corpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_server(corpus_index, tmp_path_factory.mktemp("server") / "streamlit.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Tab:
    page: object
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    opened = Tab(context.new_page())

    def on_dialog(dialog: object) -> None:
        opened.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    opened.page.on("dialog", on_dialog)  # type: ignore[attr-defined]
    yield opened
    context.close()


def settle(page: object) -> None:
    """Wait until Streamlit has finished running the script for what is on screen."""
    page.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS
    )


# Every result card's "type · year" line names the chosen type (and the cards have rerun).
ONLY_POLICY_REPORTS = """() => {
    const lines = [...document.querySelectorAll(
        '[data-testid="stMain"] [data-testid="stCaptionContainer"]')]
        .map(c => c.innerText).filter(t => t.includes(' · '));
    return lines.length > 0 && lines.every(t => t.startsWith('Policy Report · '));
}"""


def result_links(page: object) -> object:
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    return main.locator('a[href*="publication?id="]:not([href*="&p="])')


def test_search_filter_and_open_a_publication(
    corpus_server: Server, corpus_index: Path, tab: Tab
) -> None:
    page = tab.page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # The page shows the library's ranking: its first hit is the first card.
    expected = Searcher(corpus_index).search(SearchRequest(QUERY)).hits[0].title
    page.goto(f"{corpus_server.url}/?q={quote_plus(QUERY)}")  # type: ignore[attr-defined]
    first = result_links(page).first  # type: ignore[attr-defined]
    first.wait_for(timeout=TIMEOUT_MS)
    assert first.inner_text().strip() == expected
    settle(page)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"))  # type: ignore[attr-defined]
    # The README's screenshot is refreshed on request only, so a test run leaves the tree clean.
    if os.environ.get("PUBKB_UPDATE_SCREENSHOT"):
        page.screenshot(path=str(README_SCREENSHOT))  # type: ignore[attr-defined]

    # Filter: choose a type in the sidebar; the URL and the results follow.
    sidebar = page.locator('[data-testid="stSidebar"]')  # type: ignore[attr-defined]
    sidebar.locator('[data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name=re.compile(r"^Policy Report \(\d+\)")).click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"type=Policy\+Report"), timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    page.wait_for_function(ONLY_POLICY_REPORTS, timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "search-filtered.png"))  # type: ignore[attr-defined]

    # Open the first result: metadata, contents, citation and the PDF at the chosen page.
    title = result_links(page).first.inner_text().strip()  # type: ignore[attr-defined]
    result_links(page).first.click()  # type: ignore[attr-defined]
    page.wait_for_url(re.compile(r"/publication\?id=[0-9a-f]+"), timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    heading = page.locator("h1").first  # type: ignore[attr-defined]
    heading.wait_for(timeout=TIMEOUT_MS)
    assert heading.inner_text().strip() == title
    for section in ("Summary", "Contents", "Metadata", "Cite", "Similar publications"):
        page.get_by_role("heading", name=section).wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    frame = page.locator("iframe.pubkb-pdf")  # type: ignore[attr-defined]
    frame.wait_for(timeout=TIMEOUT_MS)
    assert re.search(r"media/[0-9a-f]+\.pdf#page=1$", frame.get_attribute("src") or "")
    contents = page.locator('[data-testid="stMain"] a[href*="&p="]').first  # type: ignore[attr-defined]
    wanted = re.search(r"&p=(\d+)", contents.get_attribute("href") or "")
    assert wanted
    contents.click()
    page.wait_for_url(re.compile(rf"&p={wanted.group(1)}$"), timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    at_page = f"#page={wanted.group(1)}"
    page.wait_for_function(  # type: ignore[attr-defined]
        f"() => document.querySelector('iframe.pubkb-pdf')?.src.endsWith('{at_page}')",
        timeout=TIMEOUT_MS,
    )
    with urllib.request.urlopen(frame.evaluate("f => f.src"), timeout=10) as reply:
        assert reply.read(5) == b"%PDF-"
    settle(page)
    page.screenshot(path=str(ARTIFACTS / "publication.png"))  # type: ignore[attr-defined]
    assert tab.dialogs == []


def test_topics_open_a_topic_and_its_publications(
    corpus_server: Server, corpus_index: Path, tab: Tab
) -> None:
    page = tab.page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{corpus_server.url}/topics")  # type: ignore[attr-defined]
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    first = main.locator('a[href*="topics?topic="]').first
    first.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    label = first.inner_text().strip().splitlines()[-1].strip()  # after the icon's ligature
    topic, count = re.fullmatch(r"(.+) \((\d+)\)", label).groups()  # type: ignore[union-attr]
    first.click()
    page.wait_for_url(re.compile(r"/topics\?topic="), timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    heading = page.locator("h1").first  # type: ignore[attr-defined]
    heading.wait_for(timeout=TIMEOUT_MS)
    assert heading.inner_text().strip() == topic
    page.get_by_role("heading", name="Publications by year").wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    settle(page)
    # Its publications, as the library lists them for the topic.
    wanted = Searcher(corpus_index).search(SearchRequest(topics=[topic], limit=100))
    shown = result_links(page)
    # The script may still be drawing the list when the heading shows: wait for its last link.
    shown.nth(int(count) - 1).wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    settle(page)
    assert shown.count() == wanted.total == int(count)  # type: ignore[attr-defined]
    titles = {t.strip() for t in shown.all_inner_texts()}  # type: ignore[attr-defined]
    assert {t.split(" · ")[0] for t in titles} == {h.title for h in wanted.hits}
    page.get_by_role("heading", name="Leading researchers").wait_for(timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "topic.png"))  # type: ignore[attr-defined]
    assert tab.dialogs == []


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("hostile")
    folder = root / "pdfs"
    folder.mkdir()
    build_pdf(
        folder / "hostile.pdf",
        [
            [
                ("Issue Brief 2021-99", 12),
                (HOSTILE_TITLE, 24),
                ("2021", 12),
                ("Migration Research & Training Centre", 12),
            ],
            [
                ("Summary", 16),
                "Refugees <script>alert(2)</script> and <img src=x onerror=alert(3)> here.",
                "More about refugees: *stars* $math$ :red[red] [link](javascript:alert(4)).",
            ],
        ],
    )
    summary = run_index([str(folder)], root / "ix", IndexOptions(workers=1))
    assert summary.added == 1
    server = start_server(root / "ix", root / "streamlit.log")
    yield server
    stop_server(server)


NO_INJECTED_ELEMENTS = """() => ({
    scripts: [...document.querySelectorAll('script')]
        .filter(s => /alert\\(/.test(s.textContent)).length,
    images: document.querySelectorAll('img[src="x"], img[onerror], [onerror]').length,
    javascriptLinks: document.querySelectorAll('a[href^="javascript:"]').length,
})"""


def assert_inert(tab: Tab) -> None:
    found = tab.page.evaluate(NO_INJECTED_ELEMENTS)  # type: ignore[attr-defined]
    assert found == {"scripts": 0, "images": 0, "javascriptLinks": 0}
    assert tab.dialogs == []


def test_text_from_a_pdf_is_shown_as_text_and_runs_nothing(
    hostile_server: Server, tab: Tab
) -> None:
    page = tab.page
    page.goto(f"{hostile_server.url}/?q=refugees")  # type: ignore[attr-defined]
    title = result_links(page).first  # type: ignore[attr-defined]
    title.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    assert title.inner_text().strip() == HOSTILE_TITLE
    main = page.locator('[data-testid="stMain"]')  # type: ignore[attr-defined]
    text = main.inner_text()
    assert "<script>alert(2)</script>" in text and "<img src=x onerror=alert(3)>" in text
    assert "*stars* $math$ :red[red] [link](javascript:alert(4))" in text
    assert_inert(tab)
    page.screenshot(path=str(ARTIFACTS / "hostile-search.png"))  # type: ignore[attr-defined]

    title.click()
    page.wait_for_url(re.compile(r"/publication\?id="), timeout=TIMEOUT_MS)  # type: ignore[attr-defined]
    heading = page.locator("h1").first  # type: ignore[attr-defined]
    heading.wait_for(timeout=TIMEOUT_MS)
    settle(page)
    assert heading.inner_text().strip() == HOSTILE_TITLE
    assert HOSTILE_TITLE in page.locator("code").first.inner_text()  # type: ignore[attr-defined]
    time.sleep(1)  # an onerror would fire once the browser tried to load src=x
    assert_inert(tab)
    page.screenshot(path=str(ARTIFACTS / "hostile-publication.png"))  # type: ignore[attr-defined]
