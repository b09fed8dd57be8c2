"""Person and organisation names: single names, name lists, labelled and unlabelled bylines."""

from __future__ import annotations

import pytest

from indexer.metadata.names import (
    CHIEF,
    SKIP,
    is_org_line,
    is_person_name,
    is_strong_byline,
    labelled_names,
    looks_like_name_fragment,
    match_label,
    most_named_org,
    parse_names,
    unlabelled_names,
)
from tests.indexer.metadata.handmade import line, text_lines

# ---------------------------------------------------------------- one name


@pytest.mark.parametrize(
    "name",
    ["Loes van der Graaf", "Paul A. Simon", "Hye-Kyoung Lee", "Océane Uzureau", "Sze Eng Tan"],
)
def test_person_names(name: str) -> None:
    assert is_person_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "Downon",  # a given name alone
        "A. B. Kim",  # one word more than initials
        "Chang Won Lee Seori Choi Minjeong",  # two names run together
        "University of Michigan",
        "jaewook byeon",
        "Downon Kim 2021",
        "PHILLIP LESLIE",  # capitals are how tools write account names
        "김도원",
    ],
)
def test_not_person_names(name: str) -> None:
    assert not is_person_name(name)


@pytest.mark.parametrize("name", ["Seo yeon Park", "PHILLIP LESLIE", "김도원"])
def test_after_a_label_names_may_be_written_more_loosely(name: str) -> None:
    assert is_person_name(name, lenient=True)


# ---------------------------------------------------------------- name lists


@pytest.mark.parametrize(
    ("text", "people"),
    [
        (
            "Stephen Ladek, Nur Abdelkhaliq Zamora, and Caitlin Procter",
            ["Stephen Ladek", "Nur Abdelkhaliq Zamora", "Caitlin Procter"],
        ),
        ("Paul A. Simon, M.D., M.P.H.", ["Paul A. Simon"]),
        ("Will Sims, MPP 2020", ["Will Sims"]),
        (
            "Leticia Bendelac (Lead eval.), Inmaculada Román",
            ["Leticia Bendelac", "Inmaculada Román"],
        ),
        ("Papageorgiou, Athanasios", ["Athanasios Papageorgiou"]),
        ("Phillip Leslie and Paul Oyer†", ["Phillip Leslie", "Paul Oyer"]),
        ("Neil Dillon, Senior Research Fellow", ["Neil Dillon"]),
        ("Dr. Downon Kim & Chang Won Lee", ["Downon Kim", "Chang Won Lee"]),
        ("Hyo-Won Choi; Seonmi Shin", ["Hyo-Won Choi", "Seonmi Shin"]),
    ],
)
def test_name_lists(text: str, people: list[str]) -> None:
    parsed = parse_names(text)
    assert parsed is not None and parsed.people == people


@pytest.mark.parametrize(
    "text",
    [
        "Happiness and Migration",
        "University of Michigan",
        "Rotterdam, the Netherlands",
        "April 29, 2020",
        "Chief Researcher:",  # a label, not a byline
        "Katie Kuschminder, Maastricht University",  # an affiliation, unless after a label
    ],
)
def test_lines_that_are_not_names(text: str) -> None:
    assert parse_names(text) is None


def test_after_a_label_a_list_may_name_organisations() -> None:
    parsed = parse_names("Katie Kuschminder, Maastricht University", lenient=True)
    assert parsed is not None
    assert (parsed.people, parsed.orgs) == (["Katie Kuschminder"], ["Maastricht University"])


@pytest.mark.parametrize(
    ("text", "strong"),
    [
        ("Paul A. Simon", True),  # an initial
        ("Phillip Leslie and Paul Oyer†", True),  # a footnote mark
        ("Phillip Leslie, Ph.D.", True),  # a degree
        ("Downon Kim, Chang Won Lee, Seori Choi", True),  # three people
        ("Phillip Leslie", False),
        ("Ticket Resale", False),  # reads as a name, could be a title
    ],
)
def test_strong_bylines_cannot_be_titles(text: str, strong: bool) -> None:
    assert is_strong_byline(text) is strong


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Shin, Chaemin Hyun", True),
        ("Wanki, and Sze Eng Tan", True),
        ("박현민, 장주영", True),
        ("of Immigrants to South Korea", False),
        ("Research Report 2021-03", False),
    ],
)
def test_continuation_lines_of_name_lists(text: str, fragment: bool) -> None:
    assert looks_like_name_fragment(text) is fragment


# ---------------------------------------------------------------- labels


def test_labels_and_their_roles() -> None:
    assert match_label("Chief Researcher: Downon Kim") == (CHIEF, "Downon Kim")
    assert match_label("Corresponding author: Phillip Leslie") == (SKIP, "Phillip Leslie")
    assert match_label("By") is None  # a word that lost its sentence
    assert match_label("Bylines and their rules") is None


def test_labels_with_names_on_the_same_line() -> None:
    byline = labelled_names(
        text_lines(
            line("Chief Researcher Jeong-Woo Rhee, Min Yi Yoo", 11, y=516),
            line("Co-researchers Seonmi Shin, Hyo-Won Choi", 11, y=501),
        )
    )
    assert byline.chief == ["Jeong-Woo Rhee", "Min Yi Yoo"]
    assert byline.co == ["Seonmi Shin", "Hyo-Won Choi"]
    assert byline.people == ["Jeong-Woo Rhee", "Min Yi Yoo", "Seonmi Shin", "Hyo-Won Choi"]


def test_two_labels_on_one_line() -> None:
    byline = labelled_names(
        text_lines(line("Chief Researcher Downon Kim Co-researcher Jaewook Byeon", 11))
    )
    assert (byline.chief, byline.co) == (["Downon Kim"], ["Jaewook Byeon"])


def test_a_label_with_its_names_to_the_right() -> None:
    byline = labelled_names(
        text_lines(
            line("Evaluators:", 11, x=72, y=400),
            line("Leticia Bendelac, Inmaculada Román", 11, x=200, y=400),
        )
    )
    # A plain list of authors: the first leads, as in a citation.
    assert (byline.chief, byline.co) == (["Leticia Bendelac"], ["Inmaculada Román"])


def test_labels_over_names_wrapped_onto_following_lines() -> None:
    byline = labelled_names(
        text_lines(
            line("Chief Researcher", 10, x=220, y=470, bold=True),
            line("Downon Kim", 11, x=220, y=456),
            line("Co-researchers", 10, x=220, y=435, bold=True),
            line("Chang Won Lee, Seori Choi, Minjeong Park, Hye Won", 11, x=220, y=421),
            line("Shin, Chaemin Hyun", 11, x=220, y=406),
            line("Migration Research & Training Centre", 11, x=220, y=300),
        )
    )
    assert byline.chief == ["Downon Kim"]
    assert byline.co == [
        "Chang Won Lee", "Seori Choi", "Minjeong Park", "Hye Won Shin", "Chaemin Hyun",
    ]  # fmt: skip


def test_a_lead_author_then_an_author_list() -> None:
    byline = labelled_names(
        text_lines(
            line("Lead author: Katie Kuschminder", 11, y=300),
            line("Authors: Sarah Adeyinka, Océane Uzureau", 11, y=250),
        )
    )
    assert (byline.chief, byline.co) == (
        ["Katie Kuschminder"],
        ["Sarah Adeyinka", "Océane Uzureau"],
    )


def test_korean_labels() -> None:
    byline = labelled_names(
        text_lines(
            line("연구책임자 김도원", 11, y=520), line("공동연구진 박현민, 장주영", 11, y=500)
        )
    )
    assert (byline.chief, byline.co) == (["김도원"], ["박현민", "장주영"])


def test_corresponding_author_is_not_a_byline() -> None:
    lines = text_lines(line("Corresponding author: Phillip Leslie", 9, y=120))
    assert labelled_names(lines).people == []


def test_by_counts_only_below_the_title() -> None:
    lines = text_lines(
        line("By Disease Category", 12, y=700),  # a heading above the title
        line("By Phillip Leslie", 12, y=500),
    )
    assert labelled_names(lines).people == []  # not a title page
    assert labelled_names(lines, by_below=560).chief == ["Phillip Leslie"]


def test_organisation_labels_name_the_corporate_author() -> None:
    byline = labelled_names(
        text_lines(
            line("Document of", 11, x=274, y=710),
            line("The World Bank", 14, x=259, y=692),
            line("Submitted by: Independent Social Performance", 14, y=224),
        )
    )
    assert byline.orgs == ["The World Bank", "Independent Social Performance"]
    assert byline.people == []


# ---------------------------------------------------------------- unlabelled names


def test_unlabelled_names_are_lines_of_nothing_but_names() -> None:
    lines = text_lines(
        line("Paul A. Simon, M.D., M.P.H.", 12, y=640),
        line("Phillip Leslie, Ph.D.", 12, y=626),
        line("University of Michigan", 12, y=612),
        line("Phillip Leslie", 12, y=400),  # named again further down
        line("Prices were posted by Phillip Leslie and others", 12, y=300),
    )
    assert unlabelled_names(lines) == ["Paul A. Simon", "Phillip Leslie"]


# ---------------------------------------------------------------- organisations


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Migration Research & Training Centre", True),
        ("International Organization for Migration", True),
        ("The World Bank", True),
        ("Migration Research and Training Centre.", False),  # ends a sentence
        ("the centre was founded in 2009", False),
        ("Downon Kim", False),
        ("Contact the Research Centre:", False),
    ],
)
def test_organisation_lines(text: str, org: bool) -> None:
    assert is_org_line(text) is org


def test_the_organisation_the_front_matter_keeps_naming() -> None:
    text = (
        "The Migration Research and Training Centre was founded in 2009. Its reports are "
        "published by the Migration Research and Training Centre with support from the "
        "World Bank."
    )
    assert most_named_org(text) == "Migration Research and Training Centre"


def test_one_mention_names_no_organisation() -> None:
    assert most_named_org("This study was supported by the Korea Immigration Service.") == ""


def test_on_a_tie_the_first_named_organisation_wins() -> None:
    text = (
        "The Ministry of Justice sets the rules. The Korea Immigration Service applies them. "
        "The Korea Immigration Service reports to the Ministry of Justice."
    )
    assert most_named_org(text) == "Ministry of Justice"
