"""Key phrases: candidate noun phrases of a publication (English and Korean), counted at index
time, and the few that set each publication apart, chosen over the whole index."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from itertools import chain
from typing import TypeVar

import numpy as np

from indexer.text import HANGUL_SYLLABLES

K = TypeVar("K", bound=Hashable)

# ================================================================ stop lists (the one place)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: a phrase never starts or ends with one, nor spans one ("rights of migrants"
# gives "rights" and "migrants", and "migrants' rights" gives the phrase).
FUNCTION_WORDS = _words(
    """
    a about above after again against all almost along already also although always am among
    an and another any anyone are around as at be because been before being below besides
    between beyond both but by can cannot could did do does doing done down due during each
    either else enough etc even ever every few for from further had has have having he her
    here hers herself him himself his how however i if in into is it its itself just least
    less let like many may me might more most much must my myself neither never no nor not
    now of off often on once one only onto or other others otherwise our ours ourselves out
    over own per perhaps rather same several shall she should since so some such than that
    the their theirs them themselves then there thereby therefore these they this those though
    through throughout thus to together too toward towards under unless until up upon us very
    via was we well were what whatever when whenever where whereas whether which while who
    whom whose why will with within without would yet you your yours
    across behind outside inside beside alongside amid despite regardless far thanks
    """
)
# Words that are not topics however often a report says them: its make-up (chapters, tables),
# its verbs of reporting and the vague nouns of policy prose.
GENERIC_WORDS = _words(
    """
    abstract annex appendix background brief briefs chapter chapters conclusion conclusions
    contents copyright figure figures foreword introduction issue issues note notes page pages
    paper papers preface publication publications publisher report reports research researcher
    researchers result results section series source sources study studies summary table tables
    working centre center training
    analysis aspect aspects case cases change changes data effect effects example fact factor
    factors form forms way ways need needs number numbers part parts point points problem
    problems purpose question questions reason reasons related relevant role situation status
    task tasks term terms type types use used using year years time times level levels
    based current different due existing following important main major new order possible
    recent various first second third also however likely total high low increase increased
    make made making given give take taken show shows shown find found see seen based provide
    provided providing including include includes according regarding well able
    """
)
# Whole phrases that are boilerplate of the collection rather than a topic.
STOP_PHRASES = frozenset(
    {
        "et al",
        "issue brief",
        "policy brief",
        "research report",
        "policy report",
        "working paper",
        "annual report",
        "migration research",
        "training centre",
        "research training centre",
        "migration research training",
        "policy implications",
        "table of contents",
    }
)
# Korean particles and copula endings that close a noun phrase (조사), longest first so
# "에서는" is cut whole, not as "는".
KOREAN_PARTICLES = tuple(
    sorted(
        _words(
            """
        에서는 에서도 으로는 으로도 에게서 이라는 라는 에서의 으로의 에게는 과의 와의 에는 에도
        에서 으로 에게 까지 부터 보다 처럼 만큼 이나 이며 이고 이다 입니다 들의 들이 들은 들을
        은 는 이 가 을 를 의 에 로 와 과 도 만 뿐 들
        """
        ),
        key=lambda p: (-len(p), p),
    )
)
# Korean words that are grammar or filler rather than a topic (것 "thing", 수 "ability", ...).
KOREAN_STOP_WORDS = _words(
    """
    것 수 등 및 이 그 저 위 중 내 때 바 더 또한 또는 그리고 그러나 하지만 따라서 이러한 이와
    위한 대한 통한 통해 관한 관련 있는 있다 있으며 없는 없다 하는 한다 하고 하며 되는 된다 되어
    이를 이에 이후 이상 이하 경우 가운데 각 모든 같은 다른 우리 본 해당 기존 현재 향후 최근
    연구 보고서 브리프 이슈 목차 요약 결론 배경 현황 시사점 정책적 제언 그림 표 자료 출처
    과제 쟁점 위해 대해 의해 인해 따라 따른
    """
)
# A Korean word ending in a verb or adjective ending is a predicate, not a noun phrase; the
# conditional (-다면, -으면) and the "or" connective (-거나) join clauses, not nouns.
_KOREAN_PREDICATE_ENDINGS = (
    "다", "며", "고", "서", "지", "게", "한", "된", "할", "될", "는", "던", "야", "하", "히", "보",
    "다면", "라면", "으면", "하면", "거나",
)  # fmt: skip
# English adverbs ("briefly", "gradually") break a phrase; these nouns only look like one.
_LY_NOUNS = _words("family assembly supply monopoly anomaly italy july")
# A noun phrase is not followed by an article or a possessive: the word before one is a verb
# or a preposition taking it as object ("MRTC conducts the survey", "help improve their
# access"), so it is left out of the phrase.
_DETERMINERS = _words("the a an this these those its their our his her my your")
# A phrase led by an -ing word is a verb with its object ("attracting foreigners", "securing
# public budget"), save for these -ing words that are nouns ("screening process").
_ING_NOUNS = _words(
    """
    training housing funding planning reporting screening interpreting learning building
    teaching nursing counseling counselling monitoring marketing spending schooling policing
    wellbeing meeting setting hearing processing banking caregiving trafficking smuggling
    networking manufacturing farming fishing mining shipping
    """
)

# ================================================================ candidates at index time

# A candidate spans at most this many words: longer runs are clauses more than names.
MAX_PHRASE_WORDS = 3
# Candidates kept per publication in the index: enough for any choice over the whole index.
STORED_CANDIDATES = 60
_MIN_WORD = 3  # shorter Latin words are abbreviations of the page, not topics ("al", "vs")

_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
_HANGUL_WORD = re.compile(f"[{HANGUL_SYLLABLES}]+")
# Punctuation and line ends break a phrase; a hyphen inside a word does not.
_BREAKS = re.compile(r"[.,;:!?()\[\]{}\"“”‘/\\|•·…–—\n\d]+")


def _english_runs(chunk: str) -> list[list[str]]:
    runs: list[list[str]] = [[]]
    for token in _LATIN_RUN.findall(chunk):
        word = token.lower().replace("’", "'")
        if word in _DETERMINERS and runs[-1]:
            runs[-1].pop()
        if word.endswith("'s"):
            word = word[:-2]
        word = word.strip("'-")
        adverb = word.endswith("ly") and len(word) > 5 and word not in _LY_NOUNS
        if len(word) < _MIN_WORD or word in FUNCTION_WORDS or word in GENERIC_WORDS or adverb:
            runs.append([])
        else:
            runs[-1].append(word)
    return [r for r in runs if r]


def strip_particle(word: str) -> tuple[str, bool]:
    """A Korean word without its closing particle, and whether it had one."""
    for p in KOREAN_PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 1:
            return word[: -len(p)], True
    return word, False


def _korean_runs(chunk: str) -> list[list[str]]:
    """Runs of Korean nouns: a particle ends a run after its noun, a predicate before it."""
    runs: list[list[str]] = [[]]
    for token in _HANGUL_WORD.findall(chunk):
        stem, had_particle = strip_particle(token)
        predicate = not had_particle and stem.endswith(_KOREAN_PREDICATE_ENDINGS)
        if len(stem) < 2 or stem in KOREAN_STOP_WORDS or predicate:
            runs.append([])
            continue
        runs[-1].append(stem)
        if had_particle:
            runs.append([])
    return [r for r in runs if r]


def _verb_form(words: list[str]) -> bool:
    """A phrase ending in a past participle ("cliff caused"), a lone -ing word or one led by
    an -ing verb ("attracting foreigners") is a clause's piece rather than a name of
    something."""
    first, last = words[0], words[-1]
    gerund = first.endswith("ing") and first.isascii() and first not in _ING_NOUNS
    return (last.endswith("ed") and last.isascii()) or (
        gerund and (len(words) > 1 or first == last)
    )


def candidates(title: str, texts: Sequence[str]) -> Counter[str]:
    """Every candidate phrase (1 to MAX_PHRASE_WORDS words) with its count; the title counts
    thrice, as it says what the publication is about in fewest words."""
    counts: Counter[str] = Counter()
    for text in [title] * 3 + list(texts):
        for chunk in _BREAKS.split(text):
            for run in _english_runs(chunk) + _korean_runs(chunk):
                for n in range(1, MAX_PHRASE_WORDS + 1):
                    for i in range(len(run) - n + 1):
                        words = run[i : i + n]
                        phrase = " ".join(words)
                        if phrase not in STOP_PHRASES and not _verb_form(words):
                            counts[phrase] += 1
    return counts


def stored_candidates(title: str, texts: Sequence[str]) -> dict[str, int]:
    """The candidates worth keeping in the index: the most frequent, longer phrases first on
    ties (only phrases said at least twice, when there are enough of them)."""
    counts = candidates(title, texts)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1] * len(kv[0].split()), kv[0]))
    return dict(ranked[:STORED_CANDIDATES])


# ================================================================ the choice over the index

MIN_KEY_PHRASES = 3
MAX_KEY_PHRASES = 8
# A phrase in more than this share of publications describes the collection, not one of them.
MAX_DOCUMENT_SHARE = 0.5


def choose(
    per_publication: Mapping[K, Mapping[str, int]], skip_words: frozenset[str] = frozenset()
) -> dict[K, dict[str, float]]:
    """3 to 8 key phrases per publication, best first, each with its weight: count x idf, a
    phrase credited per word (it names a topic more exactly than its words), none sharing a
    word with another chosen one, none with a word of `skip_words` (the researchers' names:
    a person is not a topic).

    Every search process makes this choice for the whole index when it opens it, so the
    weights and their order are worked out with arrays; only the overlap rule, which walks
    each publication's best few, is a loop."""
    keys = list(per_publication)
    counts = [per_publication[k] for k in keys]
    total = max(len(keys), 1)
    df: Counter[str] = Counter(chain.from_iterable(counts))
    phrases = list(df)
    if not phrases:
        return {k: {} for k in keys}
    ids_of = {p: i for i, p in enumerate(phrases)}
    n_pairs = sum(len(c) for c in counts)
    ids = np.fromiter(map(ids_of.__getitem__, chain.from_iterable(counts)), np.int64, n_pairs)
    tfs = np.fromiter(chain.from_iterable(c.values() for c in counts), np.float64, n_pairs)
    pub = np.repeat(np.arange(len(keys)), [len(c) for c in counts])
    n_docs = np.fromiter(df.values(), np.float64, len(phrases))
    n_words = np.fromiter((p.count(" ") + 1 for p in phrases), np.float64, len(phrases))
    usable = np.ones(len(phrases), dtype=bool)
    if total > 2:
        usable &= n_docs <= MAX_DOCUMENT_SHARE * total
    if skip_words:
        named = [i for i, p in enumerate(phrases) if not skip_words.isdisjoint(p.split())]
        usable[named] = False
    idf = np.log((total + 1) / n_docs)
    keep = usable[ids]
    ids, tfs, pub = ids[keep], tfs[keep], pub[keep]
    # The same arithmetic, in the same order, as count x idf x words one pair at a time.
    weights = tfs * idf[ids] * n_words[ids]
    # Best first within each publication, ties by phrase (the phrases' sorted places).
    rank = np.empty(len(phrases), dtype=np.int64)
    rank[np.argsort(np.array(phrases), kind="stable")] = np.arange(len(phrases))
    order = np.lexsort((rank[ids], -weights, pub))
    ids_sorted, weights_sorted = ids[order].tolist(), weights[order].tolist()
    bounds = np.searchsorted(pub[order], np.arange(len(keys) + 1)).tolist()
    word_sets: dict[int, frozenset[str]] = {}
    out: dict[K, dict[str, float]] = {}
    for k, key in enumerate(keys):
        lo, hi = bounds[k], bounds[k + 1]
        chosen: list[int] = []
        weight: dict[int, float] = {}
        taken: set[str] = set()  # the words of the phrases chosen so far
        for i, w in zip(ids_sorted[lo:hi], weights_sorted[lo:hi], strict=True):
            if len(chosen) == MAX_KEY_PHRASES:
                break
            words = word_sets.get(i)
            if words is None:
                words = word_sets[i] = frozenset(phrases[i].split())
            weight[i] = w
            if not taken.isdisjoint(words):
                continue
            chosen.append(i)
            taken |= words
        # Too few left after the overlap rule (a short brief): take the next best anyway.
        for i, w in zip(ids_sorted[lo:hi], weights_sorted[lo:hi], strict=True):
            if len(chosen) >= MIN_KEY_PHRASES:
                break
            if i not in chosen:
                weight[i] = w
                chosen.append(i)
        out[key] = {phrases[i]: round(weight[i], 4) for i in chosen}
    return out
