"""Metadata detection: small PDFs built with reportlab, and scores on real third-party reports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

import indexer.metadata
from bench import metadata_real
from indexer.extract.pdf import extract_pdf
from indexer.model import SOURCE_COVER, SOURCE_INFO, Extraction, Line, Metadata, Page
from indexer.types import PubType
from tests.conftest import shared_or_skip

# A text run: (text, font size, x, baseline y), optionally with "bold".
Run = tuple[str, float, float, float] | tuple[str, float, float, float, str]

CENTRE = "Migration Research & Training Centre"
PAGE_W, PAGE_H = 595.27, 841.89


def build(path: Path, pages: Sequence[Sequence[Run]], info: dict[str, str] | None = None) -> Path:
    """A real PDF: each page a list of positioned text runs; empty pages get a drawn box only."""
    from reportlab.pdfgen.canvas import Canvas

    # invariant=1 fixes the Info dates at 2000-01-01: a year no test document prints.
    canvas = Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    for key, value in (info or {}).items():
        getattr(canvas, f"set{key}")(value)
    for runs in pages:
        if not runs:
            canvas.rect(100, 100, 300, 400, fill=1)  # an image-only page: graphics, no text
        for run in runs:
            text, size, x, y = run[:4]
            canvas.setFont("Helvetica-Bold" if run[4:] == ("bold",) else "Helvetica", size)
            canvas.drawString(x, y, text)
        canvas.showPage()
    canvas.save()
    return path


def detect(tmp_path: Path, pages: Sequence[Sequence[Run]], **info: str) -> Metadata:
    return indexer.metadata.detect(extract_pdf(build(tmp_path / "doc.pdf", pages, info)))


def body(lines: Sequence[str], top: float = 700.0, size: float = 10.5) -> list[Run]:
    return [(text, size, 72.0, top - i * 15.0) for i, text in enumerate(lines)]


SUMMARY = [
    "In this study, the correlation between the increase in the number of foreign residents",
    "in Korea and the occurrence of crime was empirically identified by establishing regional",
    "panel data from metropolitan areas and cities, towns and villages.",
]


# ---------------------------------------------------------------- covers and bylines


def test_cover_with_chief_and_co_researcher_lines(tmp_path: Path) -> None:
    cover: list[Run] = [
        (CENTRE, 12, 72, 760),
        ("Issue Brief 2021-07", 14, 72, 730, "bold"),
        ("The Direction of Immigration Policy", 22, 72, 600, "bold"),
        ("according to Demographic Changes", 22, 72, 574, "bold"),
        ("Chief Researcher Jeong-Woo Rhee, Min Yi Yoo", 11, 72, 516),
        ("Co-researchers Seonmi Shin, Hyo-Won Choi", 11, 72, 501),
        ("2021", 14, 492, 90, "bold"),
    ]
    meta = detect(tmp_path, [cover, body(SUMMARY)])
    assert meta.title == "The Direction of Immigration Policy according to Demographic Changes"
    assert (meta.type, meta.series, meta.number) == ("Issue Brief", "Issue Brief", "2021-07")
    assert meta.chief == ["Jeong-Woo Rhee", "Min Yi Yoo"]
    assert meta.co_researchers == ["Seonmi Shin", "Hyo-Won Choi"]
    assert meta.year == 2021
    assert meta.sources["title"] == meta.sources["chief"] == meta.sources["year"] == SOURCE_COVER


def test_two_column_cover_with_wrapped_names(tmp_path: Path) -> None:
    band: list[Run] = [
        ("Research", 15, 30, 720, "bold"),
        ("Report", 15, 30, 701, "bold"),
        ("2021-03", 15, 30, 676),
        ("2021", 14, 30, 70, "bold"),
    ]
    right: list[Run] = [
        (CENTRE, 11, 220, 760),
        ("An Exploratory Study for", 24, 220, 580, "bold"),
        ("Building a Longitudinal Survey", 24, 220, 551, "bold"),
        ("of Immigrants to South Korea", 24, 220, 522, "bold"),
        ("Chief Researcher", 10, 220, 470, "bold"),
        ("Downon Kim", 11, 220, 456),
        ("Co-researchers", 10, 220, 435, "bold"),
        ("Chang Won Lee, Seori Choi, Minjeong Park, Hye Won", 11, 220, 421),
        ("Shin, Chaemin Hyun", 11, 220, 406),
    ]
    meta = detect(tmp_path, [band + right, body(SUMMARY)])
    assert (
        meta.title
        == "An Exploratory Study for Building a Longitudinal Survey of Immigrants to South Korea"
    )
    assert (meta.type, meta.number) == (PubType.RESEARCH_REPORT.value, "2021-03")
    assert meta.chief == ["Downon Kim"]  # kept as printed, never "corrected"
    assert meta.co_researchers == [
        "Chang Won Lee", "Seori Choi", "Minjeong Park", "Hye Won Shin", "Chaemin Hyun",
    ]  # fmt: skip
    assert meta.year == 2021


def test_title_over_three_lines_is_joined_even_when_a_line_looks_like_names(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("A Study on the Integration of Work and", 19, 72, 620, "bold"),
        ("Visit (H-2) Status and Overseas Koreans", 19, 72, 597, "bold"),
        ("(F-4) Status in Korea's Immigration Policy", 19, 72, 574, "bold"),
        ("Chief Researcher Chang Won Lee", 11, 72, 520),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.title == (
        "A Study on the Integration of Work and Visit (H-2) Status and Overseas Koreans "
        "(F-4) Status in Korea's Immigration Policy"
    )
    assert meta.chief == ["Chang Won Lee"]


def test_written_by_gives_first_author_as_chief_and_submitted_by_the_organisation(
    tmp_path: Path,
) -> None:
    cover: list[Run] = [
        ("Final Report:", 18, 72, 510),
        ("Study of Case Management Practice in the context of the", 18, 72, 475),
        ("EU-IOM Joint Initiative for Migrant Protection and", 18, 72, 448),
        ("Reintegration", 18, 72, 421),
        ("April 2023", 16, 72, 370),
        ("Submitted by: Independent Social Performance", 14, 72, 224),
        ("Written by: Katie Kuschminder, Sarah Adeyinka, Océane Uzureau, Presca", 14, 72, 165),
        ("Wanki, and Sze Eng Tan", 14, 72, 144),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.title == (
        "Study of Case Management Practice in the context of the EU-IOM Joint Initiative for "
        "Migrant Protection and Reintegration"
    )
    assert meta.chief == ["Katie Kuschminder"]
    assert meta.co_researchers == [
        "Sarah Adeyinka",
        "Océane Uzureau",
        "Presca Wanki",
        "Sze Eng Tan",
    ]
    assert meta.organisation == "Independent Social Performance"
    assert meta.year == 2023


def test_unlabelled_authors_under_the_title_lose_their_degrees(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("Impact of Restaurant Hygiene Grade Cards", 24, 72, 700, "bold"),
        ("Paul A. Simon, M.D., M.P.H.", 12, 72, 640),
        ("Phillip Leslie, Ph.D.", 12, 72, 626),
        *body(["Abstract", *SUMMARY], top=560),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.title == "Impact of Restaurant Hygiene Grade Cards"
    assert meta.chief == ["Paul A. Simon"]
    assert meta.co_researchers == ["Phillip Leslie"]


def test_surname_first_author_is_kept_as_printed(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("The Effect of Immigration on the", 20, 82, 520, "bold"),
        ("Well-Being of Native Populations", 20, 82, 495, "bold"),
        ("Papageorgiou, Athanasios", 17, 82, 430),
        ("September 2018", 14, 82, 310),
        ("MPRA Paper No. 93045, posted 02 Apr 2019 13:12 UTC", 14, 82, 140),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.chief == ["Athanasios Papageorgiou"]
    assert (meta.series, meta.number) == ("MPRA Paper", "93045")
    assert meta.year == 2018  # the date printed under the title, not the posting date


def test_corporate_author_goes_to_organisation_when_no_person_is_named(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("Document of", 11, 274, 710),
        ("The World Bank", 14, 259, 692),
        ("FOR OFFICIAL USE ONLY", 14, 223, 660),
        ("PROJECT APPRAISAL DOCUMENT", 12, 211, 562),
        ("ON A", 12, 291, 534),
        ("PROPOSED PURCHASE OF EMISSIONS REDUCTIONS", 12, 160, 506),
        ("April 24, 2006", 12, 270, 272),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.chief == [] and meta.co_researchers == []
    assert meta.organisation == "The World Bank"
    assert meta.title == "PROJECT APPRAISAL DOCUMENT ON A PROPOSED PURCHASE OF EMISSIONS REDUCTIONS"
    assert meta.year == 2006


def test_a_publisher_name_set_larger_than_the_title_is_not_the_title(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("INTERNATIONAL ORGANIZATION FOR MIGRATION", 26, 40, 780, "bold"),
        ("Harvests of Development in Rural Africa", 20, 72, 600, "bold"),
        ("Will Sims, MPP 2020", 14, 72, 540),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.title == "Harvests of Development in Rural Africa"
    assert meta.chief == ["Will Sims"]


# ---------------------------------------------------------------- the Info dictionary

CAPS_COVER: list[Run] = [
    ("NEARLY OPTIMAL PRICING FOR MULTIPRODUCT FIRMS", 16, 72, 600, "bold"),
    ("Phillip Leslie", 12, 72, 570),
]


@pytest.mark.parametrize(
    "info_title",
    [
        "Microsoft Word - final_v3.docx",
        "C:\\Users\\mrtc\\Desktop\\IB_draft2.hwp",
        "Draft - do not circulate",
        "JEH3.05-PRINT-REV.indd",
        "pe.dvi",
        "World Bank Document",
        "untitled",
        "Happiness and Migration",  # a real title, but not this document's: not in its text
    ],
)
def test_implausible_info_titles_are_ignored(tmp_path: Path, info_title: str) -> None:
    meta = detect(tmp_path, [CAPS_COVER], Title=info_title)
    assert meta.title == "NEARLY OPTIMAL PRICING FOR MULTIPRODUCT FIRMS"
    assert meta.sources["title"] == SOURCE_COVER


def test_info_title_confirmed_by_the_text_supplies_the_capitalisation(tmp_path: Path) -> None:
    meta = detect(tmp_path, [CAPS_COVER], Title="Nearly Optimal Pricing for Multiproduct Firms")
    assert meta.title == "Nearly Optimal Pricing for Multiproduct Firms"
    assert meta.sources["title"] == SOURCE_INFO


def test_info_author_confirmed_by_the_text_names_the_chief(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("Final Evaluation of the EU-IOM Joint Initiative", 20, 54, 260, "bold"),
        ("Final Evaluation Report, 17 March 2023", 10, 54, 170),
    ]
    credits = body(
        [
            "This report was developed by the evaluation team, including: Loes van der Graaf,",
            "Rimantas Dumcius and Anna Kiss-Pal, as well as an external expert.",
        ]
    )
    meta = detect(tmp_path, [cover, credits], Author="Loes van der Graaf")
    assert meta.chief == ["Loes van der Graaf"]
    assert meta.co_researchers == ["Rimantas Dumcius", "Anna Kiss-Pal"]
    assert meta.sources["chief"] == SOURCE_INFO
    unconfirmed = detect(tmp_path, [cover], Author="Loes van der Graaf")
    assert unconfirmed.chief == []


# ---------------------------------------------------------------- year


def test_year_printed_only_on_the_cover_beats_info_dates(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("Korean Migration Profile of 2020", 26, 72, 600, "bold"),
        ("2021", 14, 492, 90),
    ]
    meta = detect(tmp_path, [cover, body(SUMMARY)])
    assert meta.year == 2021  # the Info dates say 2000
    assert meta.sources["year"] == SOURCE_COVER


def test_copyright_year_beats_info_dates(tmp_path: Path) -> None:
    cover: list[Run] = [
        ("Impact of Restaurant Hygiene Grade Cards", 24, 72, 700, "bold"),
        ("Copyright © 2005, National Environmental Health Association.", 8, 72, 120),
    ]
    assert detect(tmp_path, [cover]).year == 2005


def test_publication_date_beats_the_year_in_the_title(tmp_path: Path) -> None:
    cover: list[Run] = [
        (CENTRE, 13, 72, 760),
        ("Annual Report 2021", 34, 72, 540, "bold"),
        ("Research, Education and Cooperation", 14, 72, 500),
        ("Publication Date May 2022", 12, 72, 90),
    ]
    meta = detect(tmp_path, [cover])
    assert meta.title == "Annual Report 2021"
    assert meta.type == PubType.ANNUAL_REPORT.value
    assert meta.year == 2022


def test_info_date_is_only_offered_as_a_candidate(tmp_path: Path) -> None:
    # The creation date dates the file, not the publication: a reviewer may take it.
    meta = detect(tmp_path, [[("Happiness and Migration", 15, 190, 760)], body(SUMMARY)])
    assert meta.year is None and "year" not in meta.sources
    assert [(c.value, c.source) for c in meta.candidates["year"]] == [("2000", SOURCE_INFO)]


# ---------------------------------------------------------------- contents and summary


def heading(text: str) -> list[Run]:
    return [(text, 16, 72, 750, "bold"), *body(SUMMARY, top=715)]


def test_contents_headings_are_located_on_the_pages_where_they_start(tmp_path: Path) -> None:
    contents: list[Run] = [("Contents", 16, 72, 750, "bold")]
    listed = ["I. Introduction", "II. Literature review", "III. Empirical analysis", "IV. Annex"]
    for i, text in enumerate(listed):
        # Printed numbers that disagree with the PDF pages (the cover is unnumbered).
        contents += [(text, 11, 72, 712 - 23 * i), (str(i + 1), 11, 517, 712 - 23 * i)]
    mention = body(["The next chapters follow this plan:", "II. Literature review", *SUMMARY])
    pages = [
        [("Immigration and Crime in South Korea", 26, 72, 600, "bold")],
        contents,
        heading("Summary"),
        heading("I. Introduction"),
        mention,  # the heading text in running text is not where the chapter starts
        heading("II. Literature review"),
        heading("III. Empirical analysis"),
    ]
    meta = detect(tmp_path, pages)
    assert [(c.heading, c.page) for c in meta.contents] == [
        ("I. Introduction", 4),
        ("II. Literature review", 6),
        ("III. Empirical analysis", 7),
        ("IV. Annex", None),  # listed but never printed as a heading
    ]
    assert meta.summary == " ".join(" ".join(SUMMARY).split())


def test_front_matter_listed_before_the_contents_page_is_found_there(tmp_path: Path) -> None:
    contents: list[Run] = [("Table of Contents", 16, 72, 750, "bold")]
    for i, (text, printed) in enumerate([("Executive summary", "ii"), ("I. Introduction", "1")]):
        contents += [(f"{text} ........................", 11, 72, 712 - 23 * i)]
        contents += [(printed, 11, 517, 712 - 23 * i)]
    pages = [
        [("Korean Migration Profile of 2020", 26, 72, 600, "bold")],
        heading("Executive summary"),
        contents,
        heading("I. Introduction"),
    ]
    meta = detect(tmp_path, pages)
    assert [(c.heading, c.page) for c in meta.contents] == [
        ("Executive summary", 2),
        ("I. Introduction", 4),
    ]
    assert meta.summary.startswith("In this study")


def test_summary_stops_at_the_next_heading(tmp_path: Path) -> None:
    page = [
        ("Summary", 16, 72, 750, "bold"),
        *body(SUMMARY, top=715),
        ("I. Introduction", 16, 72, 600, "bold"),
        *body(["Immigration to Korea has steadily increased in the past decades."], top=570),
    ]
    meta = detect(tmp_path, [[("Immigration and Crime in South Korea", 26, 72, 600)], page])
    assert meta.summary.startswith("In this study, the correlation")
    assert meta.summary.endswith("cities, towns and villages.")


# ---------------------------------------------------------------- odd input


def test_image_only_pages_give_empty_fields(tmp_path: Path) -> None:
    meta = detect(tmp_path, [[], []])
    assert (meta.title, meta.chief, meta.co_researchers, meta.summary) == ("", [], [], "")
    assert meta.contents == [] and meta.type == PubType.OTHER.value
    assert meta.sources.get("title") is None


def _line(text: str, x: float = 72.0, y: float = 700.0, size: float = 12.0) -> Line:
    return Line(text, size, x, y, x + 300, y + size, False)


@pytest.mark.parametrize(
    "pages",
    [
        [],
        [Page(1, "", 0, 0, [])],
        [
            Page(
                1,
                "",
                612,
                792,
                [_line("(cid:12)(cid:34)(cid:5)"), _line("\x00\ufffd  "), _line("")],
            )
        ],
        [Page(1, "x", 612, 792, [_line("Title", x=5000, y=-400), _line("Ωmega ∗†‡", size=0.0)])],
        # Zero-height and inverted boxes, stacked on one spot: nothing may loop on them.
        [Page(1, "", 612, 792, [_line(t, size=0.0) for t in ("Annual Report", "Research Brief")])],
        [Page(1, "", 612, 792, [Line("Migration Policy", -12, 300, 700, 72, 688, False)] * 3)],
        [
            Page(n, "", 612, 792, [_line("Contents"), _line("I. Introduction ..... 9")])
            for n in (1, 2)
        ],
    ],
)
def test_odd_extractions_never_raise(pages: list[Page]) -> None:
    meta = indexer.metadata.detect(
        Extraction("", pages, {"Title": "\ud7a3", "CreationDate": "D:99999"})
    )
    assert isinstance(meta, Metadata)
    assert meta.year is None


def test_korean_cover() -> None:
    lines = [
        _line("이민정책연구원", y=760, size=12),
        _line("체류외국인과 범죄의 관계", y=600, size=24),
        _line("연구책임자 Downon Kim", y=520),
        _line("공동연구진 Jaewook Byeon", y=500),
        _line("발행일 2022년 5월", y=100),
    ]
    text = "\n".join(ln.text for ln in lines)
    meta = indexer.metadata.detect(Extraction("", [Page(1, text, 595, 842, lines)], {}))
    assert meta.language == "ko"
    assert meta.title == "체류외국인과 범죄의 관계"
    assert (meta.chief, meta.co_researchers) == (["Downon Kim"], ["Jaewook Byeon"])
    assert meta.year == 2022


def test_korean_contents_page() -> None:
    def page(n: int, lines: list[Line]) -> Page:
        return Page(n, "\n".join(ln.text for ln in lines), 595, 842, lines)

    body = [_line("체류외국인과 범죄의 관계를 지역 패널 자료로 분석하였다.", y=700, size=10.5)]
    listing = [
        _line("목차", y=750, size=16),
        _line("I. 서론", y=700, size=11),
        _line("3", x=517, y=700, size=11),
        _line("II. 분석", y=677, size=11),
        _line("4", x=517, y=677, size=11),
    ]
    pages = [
        page(1, [_line("체류외국인과 범죄의 관계", y=600, size=24)]),
        page(2, listing),
        page(3, [_line("I. 서론", y=750, size=16), *body]),
        page(4, [_line("II. 분석", y=750, size=16), *body]),
    ]
    meta = indexer.metadata.detect(Extraction("", pages, {}))
    assert [(c.heading, c.page) for c in meta.contents] == [("I. 서론", 3), ("II. 분석", 4)]


# ---------------------------------------------------------------- real reports

# What detection achieves on ../shared/real-reports (see bench/metadata_real.py for the
# matching rules), measured on all 34 manifest rows; a regression below these fails.
FLOORS = {"title": 32, "year": 32, "first_author": 25}
# Researcher names: precision and recall over all rows, and the share of confident (>= 0.8)
# titles and years that are right.
PEOPLE_FLOORS = {"author_precision": 0.95, "author_recall": 0.85}
CONFIDENT_RIGHT = 0.97

# Small files whose extraction takes seconds, each with its own trap: two interleaved columns
# and an "Evaluators:" label, navigation tabs and degrees, "MPP 2020" after a name, a subtitle
# in smaller type, footnote marks, a TeX file name as Info title, a journal page, a
# surname-first author with two dates.
FAST = (
    "iom-evaluation-brief-meta-evaluation-2020-2024.pdf",
    "jeh-special-report-restaurant-grade-cards-2005.pdf",
    "umich-ford-pmt-immigrants-colombia-2020.pdf",
    "iom-mds-evaluation-case-study-ehsa-rdh-2025.pdf",
    "mac-report-immigration-wellbeing-uk-natives-2018.pdf",
    "wp-leslie-oyer-private-equity-incentives-2008.pdf",
    "imr-article-migration-unhappiness-push-2021.pdf",
    "mpra-93045-immigration-wellbeing-natives-uk-2018.pdf",
)


def test_fast_subset_of_real_reports_is_entirely_right() -> None:
    folder = shared_or_skip("real-reports")
    scores = metadata_real.evaluate(folder, only=FAST)
    wrong = [s for s in scores if not (s.title_ok and s.year_ok and s.author_ok)]
    assert len(scores) == len(FAST)
    assert wrong == [], metadata_real.report(wrong)


def test_all_real_reports_meet_the_floors() -> None:
    # Extracting every file (one has 172 pages) takes about a minute on two cores when
    # bench/.cache is cold; it runs in `make test` all the same, since it is the guard that
    # fails when metadata detection on other publishers' reports gets worse.
    folder = shared_or_skip("real-reports")
    scores = metadata_real.evaluate(folder)
    totals = metadata_real.totals(scores)
    # Every row of the manifest is scored, however many the folder holds.
    assert totals["total"] == len(metadata_real.read_manifest(folder))
    report = metadata_real.report(scores)
    for field, floor in FLOORS.items():
        assert totals[field] >= floor, f"{field}: {totals[field]} < {floor}\n{report}"
    figures = metadata_real.figures(scores)
    for field, floor in PEOPLE_FLOORS.items():
        assert figures[field] >= floor, f"{field}: {figures[field]} < {floor}"
    sure = metadata_real.figures(scores, confident=True)
    right, n = sure["title"] + sure["year"], sure["title_n"] + sure["year_n"]
    assert right >= CONFIDENT_RIGHT * n, f"confident fields right {right}/{n}"


def test_matching_rules() -> None:
    assert metadata_real.title_matches(
        "INDEPENDENT COUNTRY PROGRAMME EVALUATION LIBERIA",
        "Independent Country Programme Evaluation: Liberia",
    )
    assert not metadata_real.title_matches("Happiness", "Happiness and Migration")
    assert metadata_real.author_matches("Papageorgiou, Athanasios", "Athanasios Papageorgiou")
    assert metadata_real.author_matches("Oceane Uzureau", "Océane Uzureau")
    assert not metadata_real.author_matches("Phillip Leslie", "Paul Oyer")
