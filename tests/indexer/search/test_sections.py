"""Parts of the report on the bundled corpus: page labels against the catalog, snippets free of
running headers and contents pages, searches kept to a part, and quoted conclusions."""

from __future__ import annotations

import html
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.parts import part_of_heading
from indexer.search.findings import findings, sentences
from indexer.search.searcher import Searcher, SearchRequest
from tests.conftest import load_catalog
from tests.indexer.search.test_searcher import QUESTIONS

HERE = Path(__file__).parent
# Catalog headings of the parts that conclude a report, as the corpus's series print them.
CONCLUDING = re.compile(
    r"conclusion|policy implications|policy recommendations|plans for improvement|시사점", re.I
)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


@pytest.fixture(scope="module")
def by_file(searcher: Searcher) -> dict[str, str]:
    """Publication id of each catalog file."""
    return {Path(p.path).name: p.id for p in searcher.snapshot().publications}


def concluding_pages(pub: dict[str, object]) -> set[int]:
    """The pages of the catalog's concluding entries, up to the next entry (the last entry:
    its first page, since the catalog does not say where the back matter starts)."""
    entries = [e for e in pub.get("contents", []) if e.get("page")]  # type: ignore[attr-defined]
    out: set[int] = set()
    for i, e in enumerate(entries):
        if CONCLUDING.search(e["heading"]):
            end = entries[i + 1]["page"] if i + 1 < len(entries) else e["page"] + 1
            out |= set(range(e["page"], max(e["page"] + 1, end)))
    return out


def summary_pages(pub: dict[str, object], pages: list[str]) -> set[int]:
    """Pages before the first chapter that print the catalog summary's opening words under a
    Summary heading (the annual report's catalog summary is its preface: front matter)."""
    first = min((e["page"] for e in pub.get("contents", []) if e.get("page")), default=1)  # type: ignore[attr-defined]
    opening = flat(str(pub["summary"]))[:40]
    return {
        n
        for n, t in enumerate(pages[: first - 1], start=1)
        if opening in flat(t) and re.search(r"^(Summary|요약)$", t, re.M)
    }


def contents_page(pub: dict[str, object], pages: list[str]) -> set[int]:
    """The page listing every catalog heading under a contents heading."""
    heads = [flat(e["heading"]) for e in pub.get("contents", [])]  # type: ignore[attr-defined]
    return {
        n
        for n, t in enumerate(pages, start=1)
        if re.search(r"^(Contents|목차)$", t, re.M) and all(h in flat(t) for h in heads)
    }


def repeated_lines(pages: list[str]) -> set[str]:
    """Lines printed on at least half of the pages (headers and footers), numbers aside."""
    seen: Counter[str] = Counter()
    for text in pages:
        seen.update({ln.strip() for ln in text.splitlines() if ln.strip()})
    return {ln for ln, c in seen.items() if c >= len(pages) / 2 and not ln.isdigit()}


def test_summary_conclusion_and_contents_pages_are_labelled(
    searcher: Searcher, by_file: dict[str, str]
) -> None:
    checked = Counter[str]()
    for pub in load_catalog():
        info = searcher.publication(by_file[str(pub["file"])])
        assert info is not None
        pages = searcher.page_texts(info.id)
        for n in concluding_pages(pub):
            assert info.part(n) == "conclusions", (pub["file"], n)
            checked["conclusions"] += 1
        for n in summary_pages(pub, pages):
            assert info.part(n) == "summary", (pub["file"], n)
            checked["summary"] += 1
        for n in contents_page(pub, pages):
            assert info.part(n) == "contents", (pub["file"], n)
            checked["contents"] += 1
    # Every publication but the annual report (no summary, no conclusion) and the scan (OCR
    # need not give the summary's words exactly) has both.
    assert checked["conclusions"] >= 44 and checked["summary"] >= 44 and checked["contents"] >= 45


@pytest.mark.parametrize(("question", "wanted"), QUESTIONS)
def test_no_snippet_from_running_headers_or_contents(
    searcher: Searcher, question: str, wanted: str
) -> None:
    catalog = {str(p["file"]): p for p in load_catalog()}
    names = {p.id: Path(p.path).name for p in searcher.snapshot().publications}
    for hit in searcher.search(SearchRequest(question, limit=10)).hits:
        pages = searcher.page_texts(hit.id)
        running = repeated_lines(pages)
        listing = contents_page(catalog[names[hit.id]], pages)
        for ph in hit.pages:
            assert ph.page not in listing, (hit.title, ph.page)
            plain = flat(html.unescape(re.sub("</?mark>", "", ph.snippet)))
            on_page = {ln.strip() for ln in pages[ph.page - 1].splitlines()}
            for line in running & on_page:
                # A title in the header is also in the colophon's longer line: that one may show.
                inside = any(line in other for other in on_page - running)
                assert inside or line not in plain, (hit.title, ph.page, line)


def test_snippets_say_their_section(searcher: Searcher) -> None:
    hit = searcher.search(SearchRequest("resettled refugees section:conclusions")).hits[0]
    assert [(p.page, p.section) for p in hit.pages] == [(6, "Policy Implications")]


@pytest.mark.parametrize("query", ["refugees", "immigration policy", "COVID-19 vaccine", ""])
def test_section_conclusions_keeps_to_conclusion_pages(searcher: Searcher, query: str) -> None:
    catalog = {str(p["file"]): p for p in load_catalog()}
    result = searcher.search(SearchRequest(f"{query} section:conclusions", limit=100))
    assert result.total == result.facets["section"]["conclusions"]
    names = {p.id: Path(p.path).name for p in searcher.snapshot().publications}
    for hit in result.hits:
        allowed = concluding_pages(catalog[names[hit.id]])
        assert allowed, hit.title  # only publications with a conclusion
        assert {p.page for p in hit.pages} <= allowed, hit.title
        if query:
            assert hit.pages


def test_section_summary_and_counts(searcher: Searcher) -> None:
    everything = searcher.search(SearchRequest("", limit=100))
    with_conclusions = sum(1 for p in load_catalog() if concluding_pages(p))
    assert everything.facets["section"]["conclusions"] == with_conclusions
    summary = searcher.search(SearchRequest("refugees", sections=["summary"], limit=100))
    assert summary.total == summary.facets["section"]["summary"] > 0
    assert sum(summary.facets["type"].values()) == summary.total
    assert all(p.part == "summary" for h in summary.hits for p in h.pages)
    odd = searcher.search(SearchRequest("refugees section:preface"))
    assert any("unknown part" in n for n in odd.notes)


def test_near_identical_snippets_are_shown_once(searcher: Searcher) -> None:
    # The issue briefs' summaries repeat their chapters' sentences word for word.
    for hit in searcher.search(SearchRequest("resettled refugees local community")).hits:
        texts = [set(flat(re.sub("</?mark>", "", p.snippet)).split()) for p in hit.pages]
        for i, a in enumerate(texts):
            for b in texts[:i]:
                assert len(a & b) < 0.8 * min(len(a), len(b)), hit.title


@pytest.mark.parametrize(
    ("heading", "part"),
    [
        ("V. Conclusion and suggestions", "conclusions"),
        ("Policy Implications", "conclusions"),
        ("4. Policy recommendations", "conclusions"),
        ("정책적 시사점", "conclusions"),
        ("결론 및 정책 제언", "conclusions"),
        ("Executive Summary", "summary"),
        ("요약", "summary"),
        ("참고문헌", "references"),
        ("Appendix 2. Survey questionnaire", "appendix"),
        ("IV. Implications of alternative forms of protection", None),
        ("II. Literature review", None),
    ],
)
def test_heading_words(heading: str, part: str | None) -> None:
    assert part_of_heading(heading) == part


def test_sentences_keep_whole_sentences_only() -> None:
    text = "V. Conclusion\n\nthe end of a sentence.\nFirst one. Second\none!\n\nA heading\n\n9"
    assert sentences(text) == ["First one.", "Second one!"]


# ---------------------------------------------------------------- findings


def answer_questions() -> list[dict[str, str]]:
    data = tomllib.loads((HERE / "answer_questions.toml").read_text(encoding="utf-8"))
    return list(data["question"])


def test_answers_come_from_the_intended_conclusions(
    searcher: Searcher, by_file: dict[str, str]
) -> None:
    catalog = {str(p["file"]): p for p in load_catalog()}
    # A scan of a publication is the same publication.
    same = {f: {f, *[str(p["file"]) for p in catalog.values() if p.get("scan_of") == f]}
            for f in catalog}  # fmt: skip
    questions = answer_questions()
    right = 0
    for q in questions:
        found = findings(searcher, q["text"])
        assert 1 <= len(found.passages) <= 3, q["text"]
        for f in found.passages:
            page = flat(searcher.page_texts(f.pub_id)[f.page - 1])
            assert f.text in page, f.text  # extracted, not written
            assert re.match(r"[\"'“(]?[A-Z0-9가-힣]", f.text) and re.search(r"[.!?]$", f.text)
            assert f.link == f"?id={f.pub_id}&p={f.page}"
        first = found.passages[0]
        for name in same[q["publication"]]:
            pub, pages = catalog[name], searcher.page_texts(by_file[name])
            if first.pub_id == by_file[name] and first.page in (
                concluding_pages(pub) | summary_pages(pub, pages)
            ):
                right += 1
                break
    assert len(questions) >= 20 and right >= 18, right


def test_no_answer_rather_than_a_weak_one(searcher: Searcher) -> None:
    found = findings(searcher, "how do penguins raise their chicks in Antarctica?")
    assert found.passages == [] and found.note


def test_answer_cli(corpus_index: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(
        cli, ["answer", "--index", str(corpus_index), "COVID-19 vaccination regardless of status"]
    )
    assert out.exit_code == 0, out.output
    assert "Issues regarding COVID-19 Vaccine for Foreigners" in out.output
    assert "p. 6 · Policy Implications" in out.output
    searched = runner.invoke(
        cli, ["search", "--index", str(corpus_index), "--section", "conclusions", "vaccine"]
    )
    assert "p. 6 · Policy Implications" in searched.output


def test_page_map_orders_pages_by_number_whatever_order_they_were_added(tmp_path: Path) -> None:
    from indexer.search.sections import PageMap
    from indexer.store import schema

    ix = schema.create_index(tmp_path)
    w = schema.writer(ix)
    w.add_document(doc_id="a", kind="pub", pub="a", body="x")
    for number in (3, 1, 2):
        w.add_document(
            doc_id=f"a:{number}", kind="page", pub="a", page=number, page_text=f"text {number}"
        )
    w.commit()
    with ix.searcher() as s:
        pages = PageMap.build(s, {"a": 0}, int(s.doc_count_all()))
        docs = pages.pages_of(0)
        assert [s.stored_fields(d)["page"] for d in docs] == [1, 2, 3]
        assert pages.page_number[docs].tolist() == [1, 2, 3]
        assert pages.page_number[0] == 0  # the publication is no page


def test_page_texts_read_only_the_pages_asked_for(
    searcher: Searcher, by_file: dict[str, str]
) -> None:
    import numpy as np

    pid = by_file[str(load_catalog()[0]["file"])]
    every = searcher.page_texts(pid)
    n = searcher._gen.by_id[pid]
    docs = searcher._gen.pages.pages_of(n)
    holding = np.zeros(len(searcher._gen.docs.is_pub), dtype=bool)
    holding[docs[1]] = True
    only = searcher.page_texts(pid, holding)
    assert only[1] == every[1] and every[1]
    assert only[:1] + only[2:] == [""] * (len(every) - 1)
