"""The publication page under AppTest: metadata with sources, contents, PDF, citation, similar."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.ingest.run import run_index
from indexer.ingest.worker import IndexOptions
from indexer.library import citation
from indexer.library import manage as library
from indexer.library.results import PublicationDetail
from indexer.store.index import IndexReader
from search_app.text import plain
from tests.conftest import MakePdf, load_catalog
from tests.search_app.apptest import RunApp, has_text, link_params, url

PUBLICATION = "pages_/publication.py"
FILE = "research-report-2021-02.pdf"


@pytest.fixture(scope="module")
def ids(corpus_index: Path) -> dict[str, str]:
    return {Path(r.path).name: r.id for r in IndexReader(corpus_index).records()}


@pytest.fixture(scope="module")
def truth() -> dict[str, object]:
    return next(p for p in load_catalog() if p["file"] == FILE)


def iframes(at: object) -> list[str]:
    return [m.value for m in at.main.markdown if m.value.startswith("<iframe")]  # type: ignore[attr-defined]


def test_metadata_with_sources(
    run_app: RunApp, ids: dict[str, str], truth: dict[str, object]
) -> None:
    at = run_app({"id": ids[FILE]}, page=PUBLICATION)
    assert [plain(t.value) for t in at.title] == [truth["title"]]
    table = at.dataframe[0].value
    rows = {r["Field"]: (r["Value"], r["Source"]) for r in table.to_dict("records")}
    assert rows["Title"] == (truth["title"], "cover page")
    assert rows["Type"][0] == truth["type"] and rows["Number"][0] == truth["number"]
    assert rows["Year"][0] == str(truth["year"])
    assert rows["Chief researchers"][0] == "; ".join(truth["chief"])  # type: ignore[arg-type]
    assert rows["Co-researchers"][0] == "; ".join(truth["co_researchers"])  # type: ignore[arg-type]
    assert rows["Pages"][0] == str(truth["pages"]) and rows["File"][0] == FILE
    assert all(source for _, source in rows.values())
    people = [link_params(x)["name"][0] for x in at.main.page_link if x.proto.page == "researchers"]
    assert people == [*truth["chief"], *truth["co_researchers"]]  # type: ignore[misc]
    assert has_text(at, str(truth["summary"])[:80])


def test_contents_link_to_their_pages(
    run_app: RunApp, ids: dict[str, str], truth: dict[str, object]
) -> None:
    at = run_app({"id": ids[FILE]}, page=PUBLICATION)
    entries = [
        (plain(x.value), int(link_params(x)["p"][0]))
        for x in at.main.page_link
        if "p" in link_params(x)
    ]
    expected = [(f"{c['heading']} · p. {c['page']}", c["page"]) for c in truth["contents"]]  # type: ignore[attr-defined]
    assert entries == expected


def test_the_pdf_opens_at_the_chosen_page(run_app: RunApp, ids: dict[str, str]) -> None:
    at = run_app({"id": ids[FILE], "p": "7"}, page=PUBLICATION)
    (frame,) = iframes(at)
    assert re.fullmatch(
        r'<iframe class="pubkb-pdf" title="PDF viewer" src="[\w/-]*media/[0-9a-f]+\.pdf#page=7" '
        r'width="100%" height="\d+" style="[^"<>]*"></iframe>',
        frame,
    )
    assert at.number_input("w_p").value == 7
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download PDF" in labels
    at.number_input("w_p").set_value(3).run()
    assert url(at) == {"id": [ids[FILE]], "p": ["3"]}
    assert "#page=3" in iframes(at)[0]


@pytest.mark.parametrize("page", ["0", "11", "abc", "-1", "1e3"])
def test_a_page_outside_the_publication_shows_page_one(
    run_app: RunApp, ids: dict[str, str], page: str
) -> None:
    at = run_app({"id": ids[FILE], "p": page}, page=PUBLICATION)
    assert "#page=1" in iframes(at)[0]
    assert has_text(at, "showing page 1")


def test_citation_in_three_formats(
    run_app: RunApp, ids: dict[str, str], corpus_index: Path
) -> None:
    at = run_app({"id": ids[FILE]}, page=PUBLICATION)
    detail = PublicationDetail.of(
        library.find_record(IndexReader(corpus_index).records(), ids[FILE])
    )
    assert [t.label for t in at.tabs] == ["APA", "BibTeX", "RIS"]
    # st.code shows the text without its final newline; the download keeps it.
    assert [c.value for c in at.code] == [
        citation.apa(detail),
        citation.bibtex(detail).rstrip("\n"),
        citation.ris(detail).rstrip("\n"),
    ]
    assert at.code[0].value.startswith("Rhee, J.-W., Yoo, M. Y., Shin, S., & Choi, H.-W. (2021).")
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads[:3] == ["Download APA", "Download BibTeX", "Download RIS"]


def test_similar_publications_link_elsewhere(run_app: RunApp, ids: dict[str, str]) -> None:
    at = run_app({"id": ids[FILE]}, page=PUBLICATION)
    others = [
        link_params(x)["id"][0]
        for x in at.main.page_link
        if x.proto.page == "publication" and "p" not in link_params(x)
    ]
    assert len(others) == 5 and ids[FILE] not in others
    assert set(others) <= set(ids.values())


def test_short_address_and_id_prefix(run_app: RunApp, ids: dict[str, str]) -> None:
    at = run_app({"id": ids[FILE][:8], "p": "5"})
    assert [plain(t.value) for t in at.title] == [
        "The Direction of Immigration Policy according to Demographic Changes"
    ]
    assert "#page=5" in iframes(at)[0]


@pytest.mark.parametrize(
    "ref",
    [
        "nope",
        "../../etc/passwd",
        "/etc/passwd",
        "corpus/issue-brief-2021-01.pdf",
        "abc",
        "0000000000000000",
        "<script>",
    ],
)
def test_anything_but_an_indexed_id_shows_no_file(run_app: RunApp, ref: str) -> None:
    at = run_app({"id": ref}, page=PUBLICATION)
    assert at.error and "There is no publication with id" in at.error[0].value
    assert not iframes(at) and not at.get("download_button")


def test_without_an_id_a_publication_can_be_chosen(run_app: RunApp, ids: dict[str, str]) -> None:
    at = run_app({}, page=PUBLICATION)
    picker = at.selectbox("pick")
    assert len(picker.options) == len(ids)
    picker.set_value(ids[FILE]).run()
    assert url(at) == {"id": [ids[FILE]]}
    assert iframes(at)


def test_a_changed_or_missing_file_is_not_served(
    run_app: RunApp, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    for name in ("kept.pdf", "changed.pdf", "gone.pdf"):
        make_pdf(
            name,
            [[("Issue Brief 2021-50", 12), (f"A study of {name[:-4]} files", 22)], ["refugees"]],
            folder=folder,
        )
    index = tmp_path / "ix"
    run_index([str(folder)], index, IndexOptions(workers=1))
    recs = {Path(r.path).name: r.id for r in IndexReader(index).records()}
    (folder / "changed.pdf").write_bytes((folder / "changed.pdf").read_bytes() + b"\n% edited\n")
    (folder / "gone.pdf").unlink()
    kept = run_app({"id": recs["kept.pdf"]}, page=PUBLICATION, index=index)
    assert iframes(kept)
    changed = run_app({"id": recs["changed.pdf"]}, page=PUBLICATION, index=index)
    assert not iframes(changed) and "changed since it was indexed" in changed.warning[0].value
    gone = run_app({"id": recs["gone.pdf"]}, page=PUBLICATION, index=index)
    assert not iframes(gone) and "missing or unreadable" in gone.warning[0].value
    # The record itself is still shown: the index knows the publication.
    assert plain(gone.title[0].value) == "A study of gone files"


def test_a_contents_entry_without_a_page_is_listed_without_a_link(
    run_app: RunApp, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    pdf = make_pdf("brief.pdf", [[("Issue Brief 2021-51", 12), ("A study", 22)]], folder=folder)
    fixes = tmp_path / "fixes.toml"
    fixes.write_text(
        f'["{pdf.resolve()}"]\n'
        'contents = [{heading = "Foreword", page = 1}, {heading = "Annex: tables"}]\n',
        encoding="utf-8",
    )
    index = tmp_path / "ix"
    run_index([str(folder)], index, IndexOptions(workers=1, metadata_file=fixes))
    pid = IndexReader(index).records()[0].id
    at = run_app({"id": pid}, page=PUBLICATION, index=index)
    linked = [plain(x.value) for x in at.main.page_link if "p" in link_params(x)]
    assert linked == ["Foreword · p. 1"]
    assert has_text(at, "Annex: tables")


def test_both_editions_link_to_each_other(run_app: RunApp, ids: dict[str, str]) -> None:
    pairs = [(str(p["edition_of"]), str(p["file"])) for p in load_catalog() if p.get("edition_of")]
    english, korean = pairs[0]
    for here, there, language in ((english, korean, "한국어"), (korean, english, "English")):
        at = run_app({"id": ids[here]}, page=PUBLICATION)
        links = [x for x in at.main.page_link if x.value.startswith(f"Also in {language}")]
        assert [link_params(x)["id"] for x in links] == [[ids[there]]]
