"""The name authority (one person however spelled), profiles, expert finding and the graph."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer import people
from indexer.authority import decisions, romanise
from indexer.authority.clusters import Authority
from indexer.authority.decisions import Decisions, Override
from indexer.authority.romanise import same_person
from indexer.cli.options import cli
from indexer.errors import PubkbError
from indexer.paths import AUTHORITY_FILE
from indexer.search.searcher import Hit, PageHit, Searcher, SearchRequest, SearchResult, Snapshot
from indexer.text import has_hangul
from tests.conftest import CORPUS, load_catalog, person_names

# The seed's five ways of spelling one person twice.
VARIANTS = [
    ("Dowon Kim", "Downon Kim"),
    ("Younghee Cho", "Youngee Cho"),
    ("Hye-Kyoung Lee", "HyeKyoung Lee"),
    ("Su hyun Youk", "Suhyun Youk"),
    ("Hyo-Won Choi", "Hyo-won Choi"),
]

# Different people, each pair with the reason the rule keeps them apart.
APART = [
    # hyo-min (효민) against hyon-min (현민): one letter, but it adds a coda to a real syllable.
    ("Hyo Min Park", "Hyonmin Park"),
    # Same surname, given names many edits apart.
    ("Minjeong Park", "Mihwa Park"),
    ("Dowon Kim", "Min Gyeong Kim"),
    ("Hye-Kyoung Lee", "Eunjeong Lee"),
    ("Younghee Cho", "Hayoung Cho"),
    ("Hunsung Jang", "Juyoung Jang"),
    ("Seonmi Shin", "Hye Won Shin"),
    ("Hyun Sook Kim", "Yun Hee Kim"),
    # sang-tu against sang-do: two edits, and tu/do differ in the vowel as well.
    ("Sangtu Ko", "Sangdo Ko"),
    # Different surnames never merge, however alike the given names.
    ("Hye-Kyoung Lee", "Hye Kyung Jeong"),
    ("Seori Choi", "Seo yeon Park"),
    ("Chang Won Lee", "Hye Won Shin"),
    ("Youngil Choi", "Youngee Cho"),
]


# ---------------------------------------------------------------- the merge rule, unit level


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_variant_spellings_are_one_person(a: str, b: str) -> None:
    assert same_person(a, b) and same_person(b, a)


@pytest.mark.parametrize(("a", "b"), APART)
def test_different_people_stay_apart(a: str, b: str) -> None:
    assert not same_person(a, b) and not same_person(b, a)


def test_the_syllable_reading_decides_one_letter_edits() -> None:
    # "Downon" cannot be read as romanised syllables: a typo of the well-formed "Dowon".
    assert romanise.well_formed("Dowon Kim") and not romanise.well_formed("Downon Kim")
    # Both well-formed: merged only because an h after "ng" is silent in Korean speech...
    assert romanise.well_formed("Younghee Cho") and romanise.well_formed("Youngee Cho")
    # ...which does not hold when the h starts the name: hye and ye are different syllables.
    assert not same_person("Hye Won Shin", "Ye Won Shin")
    assert same_person("Min Yi Yoo", "Min-Yi Yoo") and same_person("Min Yi Yoo", "MinYi Yoo")


def test_name_forms() -> None:
    assert romanise.split_name("Kim, Dowon") == romanise.NameParts("Dowon", "Kim")
    assert romanise.split_name("KIM Dowon") == romanise.NameParts("Dowon", "KIM")
    assert romanise.split_name("Hye Kyung Jeong") == romanise.NameParts("Hye Kyung", "Jeong")
    assert same_person("Kim, Dowon", "Downon Kim")
    assert romanise.name_key("Hye-Kyoung  Lee") == romanise.name_key("hyekyoung lee")


def _build(rows: list[tuple[list[str], int]], *ops: Override) -> Authority:
    return Authority.build(rows, overrides=Decisions(list(ops)))


def test_canonical_is_most_frequent_then_latest_then_well_formed() -> None:
    auth = _build([(["Youngee Cho"], 2021), (["Younghee Cho"], 2020), (["Younghee Cho"], 2019)])
    assert auth.resolve("Youngee Cho") == "Younghee Cho"
    assert auth.aliases("Younghee Cho") == ["Youngee Cho"]
    latest = _build([(["Hye-Kyoung Lee"], 2020), (["HyeKyoung Lee"], 2021)])
    assert latest.resolve("Hye-Kyoung Lee") == "HyeKyoung Lee"
    typo = _build([(["Downon Kim"], 2021), (["Dowon Kim"], 2021)])
    assert typo.resolve("Downon Kim") == "Dowon Kim"


def test_unseen_spelling_resolves_by_the_rule_only_when_unambiguous() -> None:
    auth = _build([(["Dowon Kim", "Min Gyeong Kim"], 2021)])
    assert auth.resolve("Do-won KIM") == "Dowon Kim"  # same key
    assert auth.resolve("Downon Kim") == "Dowon Kim"  # by the rule
    assert auth.resolve("Dowon Park") is None
    assert auth.resolve("") is None


def test_overrides_apply_in_order() -> None:
    rows = [(["Hyo Min Park"], 2021), (["Hyonmin Park"], 2021), (["Dowon Kim", "Downon Kim"], 2021)]
    merged = _build(rows, Override("merge", ("Hyonmin Park", "Hyo Min Park")))
    assert merged.resolve("Hyonmin Park") == merged.resolve("Hyo Min Park")
    split = _build(rows, Override("split", ("Downon Kim",)))
    assert split.resolve("Downon Kim") == "Downon Kim" and split.resolve("Dowon Kim") == "Dowon Kim"
    renamed = _build(rows, Override("rename", ("Downon Kim", "Dowon KIM")))
    assert renamed.resolve("Downon Kim") == "Dowon KIM"
    assert set(renamed.aliases("Dowon KIM")) == {"Dowon Kim", "Downon Kim"}
    # Later decisions win: a split after a merge undoes it.
    undone = _build(
        rows,
        Override("merge", ("Hyonmin Park", "Hyo Min Park")),
        Override("split", ("Hyonmin Park",)),
    )
    assert undone.resolve("Hyonmin Park") != undone.resolve("Hyo Min Park")
    # Renaming onto someone else's name is refused rather than silently merging two people.
    clash = _build(rows, Override("rename", ("Hyo Min Park", "Hyonmin Park")))
    assert clash.resolve("Hyo Min Park") == "Hyo Min Park"


def test_unreadable_authority_file_is_a_user_error(tmp_path: Path) -> None:
    (tmp_path / AUTHORITY_FILE).write_text("[[override]]\naction = 'merge'\nnames = 'x'\n")
    with pytest.raises(PubkbError, match="override 1"):
        decisions.load_decisions(tmp_path)
    (tmp_path / AUTHORITY_FILE).write_text("not toml [")
    with pytest.raises(PubkbError, match="unreadable"):
        decisions.load_decisions(tmp_path)


# ---------------------------------------------------------------- on the corpus


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Iterator[Searcher]:
    s = Searcher(corpus_index)
    yield s
    s.close()


@pytest.fixture(scope="module")
def catalog() -> list[dict[str, Any]]:
    return load_catalog()


def _catalog_people(auth: Authority, catalog: list[dict[str, Any]]) -> dict[str, Counter[str]]:
    """Per canonical person: publications in all, as chief and as co-researcher."""
    out: dict[str, Counter[str]] = {}
    for p in catalog:
        # A Korean edition's people are its original's (joined by the linked editions).
        p = next((o for o in catalog if o["file"] == p.get("edition_of")), p)
        roles = {auth.resolve(n): "co" for n in p["co_researchers"]}
        roles.update({auth.resolve(n): "chief" for n in p["chief"]})
        for canon, role in roles.items():
            assert canon is not None
            counts = out.setdefault(canon, Counter())
            counts["publications"] += 1
            counts[role] += 1
    return out


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_corpus_variants_are_merged(searcher: Searcher, a: str, b: str) -> None:
    canon = searcher.authority.resolve(a)
    assert canon is not None and canon == searcher.authority.resolve(b)
    # A Hangul spelling of a Korean edition joins too (tests/indexer/authority/test_editions.py).
    romanised = {n for n in searcher.authority.aliases(canon) if not has_hangul(n)}
    assert {a, b} == {canon, *romanised}


@pytest.mark.parametrize(("a", "b"), APART)
def test_corpus_people_stay_apart(searcher: Searcher, a: str, b: str) -> None:
    ra, rb = searcher.authority.resolve(a), searcher.authority.resolve(b)
    assert ra is not None and rb is not None and ra != rb


def test_publication_counts_equal_the_catalogs(
    searcher: Searcher, catalog: list[dict[str, Any]]
) -> None:
    expected = {
        name: (c["publications"], c["chief"], c["co"])
        for name, c in _catalog_people(searcher.authority, catalog).items()
    }
    rows = people.directory(searcher)
    assert {r.name: (r.publications, r.as_chief, r.as_co) for r in rows} == expected
    spellings = {n for e in catalog for n in person_names(e, catalog)}
    assert len(rows) == len(spellings) - len(VARIANTS)
    by_name = {r.name: r for r in rows}
    dowon = [e for e in catalog if {"Dowon Kim", "Downon Kim"} & {*person_names(e, catalog)}]
    assert by_name["Dowon Kim"].publications == len(dowon)
    assert by_name["Dowon Kim"].aliases == ["Downon Kim", "김도원"]
    assert by_name["Min Yi Yoo"].as_chief == 6 and by_name["Min Yi Yoo"].years == [2021]


def test_researcher_filter_accepts_any_spelling(corpus_index: Path) -> None:
    def ids(name: str) -> set[str]:
        out = pubkb_json(
            "search", "--index", str(corpus_index), "--researcher", name, "--limit", "100"
        )
        assert out["notes"] == []
        return {h["id"] for h in out["hits"]}

    assert ids("Downon Kim") == ids("Dowon Kim") == ids("dowon  KIM") == ids("김도원")
    catalog = load_catalog()
    dowon = [e for e in catalog if {"Dowon Kim", "Downon Kim"} & {*person_names(e, catalog)}]
    assert len(ids("Dowon Kim")) == len(dowon)
    assert ids("Youngee Cho") == ids("Younghee Cho") and len(ids("Youngee Cho")) == 3


def test_profile(searcher: Searcher, catalog: list[dict[str, Any]]) -> None:
    p = people.profile(searcher, "Downon Kim")
    assert p.name == "Dowon Kim" and p.aliases == ["Downon Kim", "김도원"]
    mine = [e for e in catalog if {"Dowon Kim", "Downon Kim"} & {*person_names(e, catalog)}]
    assert sorted(x.title for x in p.publications) == sorted(e["title"] for e in mine)
    assert {x.role for x in p.publications} == {"chief"}
    assert p.by_year == dict(Counter(int(e["year"]) for e in mine))
    assert p.by_type == dict(Counter(e["type"] for e in mine))
    assert _in_titles(p.topics, mine) >= {"crime"}
    coauthors = Counter(searcher.authority.resolve(n) for e in mine for n in e["co_researchers"])
    assert {c.name: c.count for c in p.coauthors} == dict(coauthors)

    co = people.profile(searcher, "Minjeong Park")
    roles = Counter(x.role for x in co.publications)
    assert roles == Counter(chief=2, co=2)
    theirs = [e for e in catalog if "Minjeong Park" in person_names(e, catalog)]
    assert any("cultural diversity" in t for t in _in_titles(co.topics, theirs))
    chae = [e for e in catalog if "Bo Geun Chae" in person_names(e, catalog)]
    found = _in_titles(people.profile(searcher, "Bo Geun Chae").topics, chae)
    assert any("refugee" in t for t in found) and any(has_hangul(t) for t in found)
    with pytest.raises(PubkbError, match="no researcher named"):
        people.profile(searcher, "Hyo Min Kim")


def _in_titles(topics: list[str], entries: list[dict[str, Any]]) -> set[str]:
    """The topics that the catalog's titles of these publications say word for word (a Korean
    noun may carry its particle: 난민의)."""
    titles = " | ".join(str(e["title"]).lower() for e in entries)
    return {t for t in topics if re.search(rf"(?<!\w){re.escape(t)}(?![a-z0-9])", titles)}


def test_main_topics_are_the_key_phrases_most_of_their_publications_carry(
    searcher: Searcher,
) -> None:
    pubs = searcher.snapshot().publications
    for person in people.directory(searcher):
        mine = [p for p in pubs if person.name in p.canonical]
        count = Counter(t for p in mine for t in p.topics)
        weight = Counter({t: sum(p.topic_weights[t] for p in mine if t in p.topics) for t in count})
        expected = sorted(count, key=lambda t: (-count[t], -weight[t], t))[:8]
        assert people.profile(searcher, person.name).topics == expected, person.name


def test_default_collaborators_are_ranked_on_the_main_topics(searcher: Searcher) -> None:
    main = people.profile(searcher, "Dowon Kim").topics[:5]
    by_default = people.collaborators(searcher, "Dowon Kim")
    assert by_default and by_default == people.collaborators(searcher, "Dowon Kim", " ".join(main))


# Topics written from the seed's summaries, each with the publications that are about it.
EXPERT_TOPICS = [
    ("refugee resettlement", ["issue-brief-2021-08.pdf"]),
    ("integration indicators", ["issue-brief-2021-05.pdf"]),
    ("do foreign residents raise local crime rates", ["research-report-2021-01.pdf"]),
    ("longitudinal panel survey of immigrants", ["research-report-2021-03.pdf"]),
    ("vaccination of foreigners without legal status", ["issue-brief-2021-02.pdf"]),
    ("migration questions in the census", ["issue-brief-2021-14.pdf"]),
    ("quality of community interpreters", ["issue-brief-2021-06.pdf"]),
    ("country of origin information for refugee decisions", ["issue-brief-2021-07.pdf"]),
    ("marriage migrants as economic actors", ["issue-brief-2021-09.pdf"]),
    ("how the media reported on foreigners during the pandemic", ["issue-brief-2021-18.pdf"]),
    ("Goryeo-in ethnic Koreans from Central Asia", ["issue-brief-2021-19.pdf"]),
    ("border management after the pandemic", ["issue-brief-2021-25.pdf"]),
    ("teaching cultural diversity in schools abroad", ["policy-report-2021-03.pdf"]),
    (
        "moving migrant workers from E-9 to skilled visas",
        ["policy-report-2021-01.pdf", "issue-brief-2021-11.pdf"],
    ),
    ("a fund to pay for immigration policy", ["issue-brief-2021-20.pdf"]),
    ("H-2 visit and work visa and overseas Koreans", ["research-report-2021-05.pdf"]),
]


def _leads(catalog: list[dict[str, Any]], auth: Authority, files: list[str]) -> set[str]:
    out = set()
    for e in catalog:
        if e["file"] in files:
            out |= {auth.resolve(n) or n for n in e["chief"]}
    return out


def _plain(snippet: str) -> str:
    text = html.unescape(re.sub("</?mark>", "", snippet))
    return " ".join(text.strip("… ").split())


@pytest.mark.parametrize(("topic", "files"), EXPERT_TOPICS)
def test_experts_lead_with_who_led_the_work_with_evidence_on_the_page(
    searcher: Searcher, catalog: list[dict[str, Any]], topic: str, files: list[str]
) -> None:
    found = people.experts(searcher, topic, limit=5)
    names = [e.name for e in found]
    assert _leads(catalog, searcher.authority, files) <= set(names), names
    for e in found:
        assert e.evidence and e.score > 0
        for ev in e.evidence:
            assert ev.page is not None and "<mark>" in ev.snippet
            page = " ".join(searcher.page_texts(ev.id)[ev.page - 1].split())
            assert _plain(ev.snippet) in page
            assert ev.role in ("chief", "co")
    assert [e.score for e in found] == sorted((e.score for e in found), reverse=True)


class _OneHitSearcher:
    """Just enough of a Searcher for the scoring: one publication matching any topic."""

    def __init__(self, chiefs: list[str], co: list[str], score: float) -> None:
        self.hit = Hit("p1", "T", "Issue Brief", 2021, [*chiefs, *co], score, "p1.pdf")
        self.hit.pages = [PageHit(2, "a <mark>topic</mark> passage")]
        self.authority = Authority.build([([*chiefs, *co], 2021)])
        self.authority.note_leads({"p1": chiefs})

    def snapshot(self) -> Snapshot:
        return Snapshot([], self.authority)

    def search(self, req: SearchRequest) -> SearchResult:
        return SearchResult(1, req.query, req.query, [self.hit], {})


def test_relevance_is_shared_out_by_role() -> None:
    stub = _OneHitSearcher(["Seori Choi"], ["Min Yi Yoo", "Young Geun Kim"], score=7.5)
    found = {e.name: e for e in people.experts(stub, "topic")}  # type: ignore[arg-type]
    # The best match counts 1 for its chief; each co-researcher gets half, however many.
    assert found["Seori Choi"].score == 1.0
    assert found["Min Yi Yoo"].score == found["Young Geun Kim"].score == 0.5
    assert [ev.role for ev in found["Seori Choi"].evidence] == ["chief"]
    assert found["Min Yi Yoo"].evidence[0].page == 2


def test_chief_outweighs_co_researcher_on_the_same_publication(searcher: Searcher) -> None:
    found = {e.name: e for e in people.experts(searcher, "longitudinal panel survey of immigrants")}
    # research-report-2021-03: Dowon Kim led it, Hye Won Shin co-wrote only it.
    assert found["Dowon Kim"].score > found["Hye Won Shin"].score
    assert found["Hye Won Shin"].evidence[0].role == "co"


def test_expert_filters(searcher: Searcher) -> None:
    briefs = people.experts(searcher, "refugees", types=["Issue Brief"])
    assert briefs
    types = {h.id: h.type for h in searcher.search(SearchRequest("", limit=100)).hits}
    assert {types[ev.id] for e in briefs for ev in e.evidence} == {"Issue Brief"}
    assert people.experts(searcher, "refugees", year_from=2023) == []


def test_collaborators(searcher: Searcher) -> None:
    found = people.collaborators(searcher, "Juyoung Jang", topic="refugee resettlement")
    assert found[0].name == "Bo Geun Chae" and found[0].coauthored == 0
    assert "Juyoung Jang" not in {c.name for c in found}
    # Dowon Kim and Minjeong Park wrote research-report-2021-03 together.
    on_topic = people.collaborators(searcher, "Downon Kim", topic="cultural diversity education")
    assert on_topic[0].name == "Minjeong Park" and on_topic[0].coauthored == 1
    # Without a topic: the person's own topics, and never the person's own publications.
    own = people.collaborators(searcher, "Dowon Kim")
    mine = {p.id for p in people.profile(searcher, "Dowon Kim").publications}
    assert own and all(ev.id not in mine for c in own for ev in c.evidence)


def test_coauthor_graph(searcher: Searcher, catalog: list[dict[str, Any]]) -> None:
    auth = searcher.authority
    pairs: Counter[frozenset[str]] = Counter()
    for e in catalog:
        names = {auth.resolve(n) or n for n in [*e["chief"], *e["co_researchers"]]}
        pairs.update(frozenset(p) for p in combinations(sorted(names), 2))
    g = people.graph(searcher)
    assert {frozenset((e.source, e.target)): e.publications for e in g.edges} == dict(pairs)
    # Four publications, and the corpus's scan of one of them.
    seori = sum("Seori Choi" in [*e["chief"], *e["co_researchers"]] for e in catalog)
    assert {n.name: n.publications for n in g.nodes}["Seori Choi"] == seori == 5
    root = ET.fromstring(g.to_graphml())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == len(g.nodes)
    assert len(root.findall(".//g:edge", ns)) == len(g.edges)


# ---------------------------------------------------------------- the command line


def pubkb(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.stdout


def pubkb_json(*args: str) -> Any:
    return json.loads(pubkb(*args, "--json"))


def test_cli_people_commands(corpus_index: Path) -> None:
    ix = ("--index", str(corpus_index))
    rows = pubkb_json("researchers", *ix)
    assert set(rows[0]) == {"name", "aliases", "publications", "as_chief", "as_co", "years"}
    assert {r["name"] for r in rows if "Youngee Cho" in r["aliases"]} == {"Younghee Cho"}

    prof = pubkb_json("researcher", "Youngee Cho", *ix)
    assert prof["name"] == "Younghee Cho" and len(prof["publications"]) == 3
    assert set(prof["publications"][0]) == {"id", "title", "type", "year", "role"}

    ex = pubkb_json("experts", "refugee", "resettlement", "--limit", "3", *ix)
    assert len(ex) == 3 and ex[0]["name"] == "Bo Geun Chae"
    assert set(ex[0]["evidence"][0]) == {"id", "title", "year", "role", "page", "snippet"}
    assert pubkb_json("experts", "refugees", "--from", "2030", *ix) == []

    col = pubkb_json("collaborators", "Juyoung Jang", "--topic", "refugee resettlement", *ix)
    assert col[0]["name"] == "Bo Geun Chae" and col[0]["coauthored"] == 0

    g = json.loads(pubkb("graph", "--format", "json", *ix))
    assert g == pubkb_json("graph", *ix) and {"nodes", "edges"} == set(g)
    assert pubkb("graph", "--format", "graphml", *ix).startswith("<?xml")
    assert "Bo Geun Chae" in pubkb("experts", "refugee resettlement", *ix)

    pubkb("researcher", "Hyo Min Kim", *ix, code=1)
    pubkb("experts", "refugees", "--type", "Novel", *ix, code=2)
    pubkb("researchers", "merge", "Dowon Kim", *ix, code=2)
    pubkb("researchers", "rename", "Dowon Kim", "Min Yi Yoo", *ix, code=2)
    pubkb("researchers", "merge", "Dowon Kim", "Hyo Min Kim", *ix, code=1)
    assert not (corpus_index / AUTHORITY_FILE).exists()  # nothing was recorded


# Enough publications for every decision below: Hyo Min Park / Hyonmin Park,
# Dowon Kim / Downon Kim, Su hyun Youk / Suhyun Youk.
SUBSET = [
    "issue-brief-2021-14.pdf",
    "issue-brief-2021-02.pdf",
    "issue-brief-2021-13.pdf",
    "research-report-2021-01.pdf",
    "issue-brief-2021-09.pdf",
    "research-report-2021-04.pdf",
]


def test_librarian_decisions_survive_a_full_reindex(tmp_path: Path) -> None:
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    for name in SUBSET:
        shutil.copy(CORPUS / name, pdfs / name)
    ix = ("--index", str(tmp_path / "ix"))
    pubkb("index", str(pdfs), *ix, "--workers", "2")

    def people() -> dict[str, dict[str, Any]]:
        return {r["name"]: r for r in pubkb_json("researchers", *ix)}

    before = people()
    assert "Hyo Min Park" in before and "Hyonmin Park" in before
    assert before["Dowon Kim"]["aliases"] == ["Downon Kim"]
    assert before["Su hyun Youk"]["aliases"] == ["Suhyun Youk"]

    live = Searcher(tmp_path / "ix")
    try:
        assert not live.refresh()
        out = pubkb_json("researchers", "merge", "Hyo Min Park", "Hyonmin Park", *ix)
        assert out["name"] in ("Hyo Min Park", "Hyonmin Park")
        # A long-lived searcher (the app) sees the decision on its next refresh.
        assert live.refresh()
        assert live.authority.resolve("Hyonmin Park") == live.authority.resolve("Hyo Min Park")
    finally:
        live.close()
    pubkb("researchers", "split", "Downon Kim", *ix)
    pubkb("researchers", *ix, "rename", "Su hyun Youk", "Suhyun Youk")

    pubkb("index", str(pdfs), *ix, "--full", "--workers", "2")
    after = people()
    (park,) = [r for n, r in after.items() if n in ("Hyo Min Park", "Hyonmin Park")]
    assert park["publications"] == 2
    assert {park["name"], *park["aliases"]} == {"Hyo Min Park", "Hyonmin Park"}
    assert after["Dowon Kim"]["aliases"] == [] and after["Downon Kim"]["publications"] == 1
    assert after["Suhyun Youk"]["aliases"] == ["Su hyun Youk"]
    assert after["Suhyun Youk"]["publications"] == 2
    hits = pubkb_json("search", *ix, "--researcher", "Hyo Min Park")["hits"]
    assert len(hits) == 2
    saved = (tmp_path / "ix" / AUTHORITY_FILE).read_text()
    assert saved.count("[[override]]") == 3
