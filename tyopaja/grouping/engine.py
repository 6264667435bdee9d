"""Finnish-aware grouping suggestions: free-text answers -> affinity groups, with the shared words.

On top of simplemma (no Flask, no SQLite). The pipeline: tokens -> lemmas (spoken forms
and compounds handled) -> weighted features (lemmas, compound parts, word-family stems,
concepts from a small domain lexicon) -> TF-IDF cosine over a sparse inverted index ->
average-linkage clustering cut at a threshold.

Where Finnish word vectors are installed (see vectors.py), Finnish answer sets also get a
distributional similarity that links paraphrases without shared words: the similarity is
then the plain sum of the lexical and the vector cosine.

Participants' links ("my answer is about the same thing as that one") are evidence on
pairs of answers: each participant counts once per pair, contradicting links are settled
by majority, and the net vote moves the pair's similarity by a multiple of the threshold.
How much a link weighs is earned: the step's taps, read against the machine's similarity,
estimate how often this room taps right (a careless room's taps are half wrong and would
make the grouping worse than the machine alone), and each tap weighs by how likely it is
right given that estimate (_room_trust).

Memory stays flat in the number of answers: each answer keeps its strongest links only
(_MAX_LINKS), and vector similarities are computed in row blocks, never as a full matrix.
"""

from __future__ import annotations

import heapq
import math
import re
import threading
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import simplemma

from tyopaja.grouping import vectors as grouping_vectors

__all__ = [
    "DEFAULT_PARAMS",
    "LEXICAL_PARAMS",
    "Link",
    "Params",
    "Suggestion",
    "lemmas",
    "neighbours",
    "offers",
    "suggest_groups",
    "vectors_available",
    "warm_up",
]


@dataclass(frozen=True)
class Suggestion:
    """A suggested group: members in input order, a title and the words they share."""

    answer_ids: tuple[Hashable, ...]
    title: str
    shared_words: tuple[str, ...]
    # How many participants linked members of this group to each other.
    linked_by: int = 0


@dataclass(frozen=True)
class Link:
    """A participant's word on two answers: about the same thing (same) or not."""

    answer: Hashable  # the participant's own answer
    other: Hashable
    participant: Hashable
    same: bool = True


@dataclass(frozen=True)
class Params:
    """Feature weights and the clustering threshold (see BENCHMARKS.md for how they were set)."""

    # Average similarity two clusters need to be merged.
    threshold: float = 0.22
    # Weight of a compound's parts and pairs of parts (hakemus in avustushakemus).
    w_part: float = 1.0
    # Weight of a lemma's first letters, which tie word families (esteetön, esteettömyys).
    w_stem: float = 0.3
    stem_len: int = 5
    # Weight of a concept from the domain lexicon (vuokra, kallis, edullinen -> price).
    w_concept: float = 2.0
    # Weight of words present in almost every answer of this domain (kunta, yhdistys).
    w_background: float = 0.2
    # Edges below this share of the threshold barely move an average but cost time.
    edge_ratio: float = 0.35
    # With word vectors (Finnish, at least _MIN_VECTOR_ANSWERS answers): similarity is the
    # plain sum lexical cosine + vector cosine (lexicon weight vector_concept), cut at
    # vector_threshold. fusion="gate" is the earlier mix, kept for the benchmark:
    # w_vector * vector + (1 - w_vector) * lexical * min(1, vector / vector_gate).
    fusion: str = "sum"
    w_vector: float = 0.3
    vector_gate: float = 0.1
    vector_threshold: float = 0.30
    vector_concept: float = 2.0
    vector_edge_ratio: float = 0.35
    # Participants' links: a net vote of +m moves a pair's similarity up by
    # w_link * min(m, link_cap) thresholds, a net -m down by w_unlink * min(m, link_cap),
    # times trust_weight * the room's trust (0..1, see _room_trust).
    w_link: float = 1.0
    w_unlink: float = 1.5
    link_cap: int = 3
    # The room's trust: 0 while its estimated share of right taps is at most trust_low,
    # 1 from trust_high on, linear in between; at full trust a link weighs trust_weight.
    trust_low: float = 0.65
    trust_high: float = 0.85
    trust_weight: float = 3.0
    # The machine's prior that two answers are about the same thing, from their similarity
    # s: 1 / (1 + exp(-prior_slope * (s / threshold - prior_mid))), measured on the dev
    # file (both paths: half the pairs at 1.6 thresholds are the same, a fifth at 1).
    prior_mid: float = 1.6
    prior_slope: float = 2.0
    # A link's vote for the answers already placed with the linked one (share of a vote).
    link_expand: float = 0.0
    # The same for "none of these": the offered answer stood for its whole cluster.
    unlink_expand: float = 1.0


DEFAULT_PARAMS = Params()
# The lexical method alone, as used where no word vectors are installed.
LEXICAL_PARAMS = Params(fusion="none")
# The earlier vector-gated fusion (BENCHMARKS.md compares it with the sum).
GATED_PARAMS = Params(fusion="gate", vector_threshold=0.08, vector_edge_ratio=0.2)

# Centring on the answer set needs a few answers; smaller sets use the lexical method.
_MIN_VECTOR_ANSWERS = 8
# Strongest links kept per answer (binds only for large sets: memory and time stay linear).
_MAX_LINKS = 40
# Rows of the answer-vector similarity computed at once (a block is _BLOCK x n floats).
_BLOCK = 256


# --- word lists -------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    """A word set from a whitespace-separated list (keeps the lists below compact)."""
    return frozenset(text.split())


# Function words, light verbs and fillers (lemma forms, plus surface forms simplemma may
# miss). Kept compact on purpose: IDF already damps words that are frequent in one prompt.
_STOP_FI = _words(
    """
    ja tai sekä eli mutta vaan että jos kun kuin koska vaikka kuitenkin sitten niin myös vain
    jo vielä aina nyt ei en eikä olla on oli ollut ole oo voida voisi vois saada pitää pitäisi
    tulla tehdä mennä tarvita tarvii tarttee tarttis tarvi tarvis haluta kannattaa joutua taitaa
    alkaa minä sinä hän me te he se ne tämä tuo nämä nuo joka jotka mikä mitkä kuka ketkä jokin
    joku jotain mitään kukaan kaikki jokainen moni monet muu muut oma itse toinen sama
    samanlainen tällainen tuollainen sellainen millainen miten mitä miksi missä mistä mihin
    milloin kuinka täällä siellä tässä siinä tuolla sinne tänne siitä tästä josta jossa johon
    sitä tätä kanssa ilman ennen jälkeen aikana asti saakka kautta mukaan luona vuoksi takia
    yli alle ihan tosi aivan melko hyvin todella erittäin liian paljon vähän enemmän vähemmän
    lisää ehkä kyllä joo juu no nii niinku tota siis esim esimerkiksi mm yms jne vrt ym noin
    kerta kertaa asia juttu homma tapa osa puoli hyvä huono kiva koko yksi ok okei kiitos moi hei
    """
)

_STOP_SV = _words(
    """
    och eller men att om som när då det den de en ett är var vara har hade ha inte jag du han
    hon vi ni man sig sin sitt sina min mitt våra er med för på i av till från vid under över
    så också bara mycket mer mest kan ska skulle måste vill får kunna bli blir här där
    """
)

_STOP_EN = _words(
    """
    a an the and or but if when than that this these those is are was were be been being have
    has had do does did not no yes i you he she it we they me my our your their them us of to
    in on at by for with from as into about so also just very more most can could should would
    will shall may might must there here what which who how why all some any each other
    """
)

# All three lists apply in every workshop: a Finnish workshop gets the odd Swedish or English
# answer, and "the" or "och" must not link such answers to each other.
_STOPWORDS = _STOP_FI | _STOP_SV | _STOP_EN

# Spoken-Finnish forms that simplemma misses or lemmatises oddly: map to the standard form.
_COLLOQUIAL = {
    "mun": "minun",
    "sun": "sinun",
    "meiän": "meidän",
    "teiän": "teidän",
    "mä": "minä",
    "mää": "minä",
    "sä": "sinä",
    "sää": "sinä",
    "kaks": "kaksi",
    "viis": "viisi",
    "miks": "miksi",
    "tarvii": "tarvitsee",
    "tarttee": "tarvitsee",
    "tarttis": "tarvitsisi",
    "tarvis": "tarvitsisi",
    "pitäis": "pitäisi",
    "ois": "olisi",
    "olis": "olisi",
    "vois": "voisi",
    "nää": "nämä",
    "noi": "nuo",
    "semmonen": "sellainen",
    "tämmönen": "tällainen",
}

# Adverbs that simplemma folds into an unrelated noun (yhdessä -> yksi): kept as they are.
_FIXED = frozenset({"yhdessä", "yhteen", "etukäteen", "jälkikäteen", "kokonaan"})

# Compound elements shorter than the usual four letters that are common enough to trust.
_SHORT_ELEMENTS = frozenset({"työ", "ikä", "osa", "maa", "tie", "yö", "eri", "uusi"})
_MIN_PART = 4
_MIN_SPLIT_LEN = 7

_TOKEN_RE = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# Longer "words" are URLs, e-mail addresses or keyboard mashing, not Finnish compounds.
_MAX_TOKEN = 48
_BACK_VOWELS = frozenset("aou")

# --- simplemma access -------------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, bool] = {"low_memory": False}
_loaded: set[str] = set()
_word_vectors: dict[str, grouping_vectors.WordVectors] = {}


def warm_up(low_memory: bool = False) -> None:
    """Load simplemma's Finnish dictionary, the concept lexicon and any word vectors once.

    Idempotent and thread-safe. The first call decides simplemma's backend: low_memory=True
    keeps ~50 MB instead of ~350 MB, at the cost of slower look-ups.
    """
    _ensure("fi", low_memory)


def vectors_available(lang: str = "fi") -> bool:
    """Whether suggestions for this language use word vectors (the optional package)."""
    _ensure(lang)
    return lang in _word_vectors


def _ensure(lang: str, low_memory: bool | None = None) -> None:
    """Load the dictionary of one language under the lock, so that it is read only once."""
    if lang in _loaded:
        return
    with _lock:
        if lang in _loaded:
            return
        if not _loaded and low_memory is not None:
            _state["low_memory"] = low_memory
        simplemma.lemmatize("a", lang=lang, low_memory=_state["low_memory"])
        _concepts(lang)
        if lang == "fi":
            vectors = grouping_vectors.load()
            if vectors is not None:
                _word_vectors[lang] = vectors
        _loaded.add(lang)


def _known(word: str, lang: str) -> bool:
    """Whether simplemma's dictionary holds this form."""
    return simplemma.is_known(word, lang=lang, low_memory=_state["low_memory"])


def _raw_lemma(word: str, lang: str) -> str:
    """simplemma's lemma of one lower-case word, in the dictionary's case."""
    return simplemma.lemmatize(word, lang=lang, low_memory=_state["low_memory"])


def _lemma(word: str, lang: str) -> str:
    """simplemma's lemma of one lower-case word, lower-cased."""
    return _raw_lemma(word, lang).lower()


# --- word analysis ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    """One analysed token: its lemma, compound parts and spans, and whether it was recognised."""

    lemma: str
    parts: tuple[str, ...]
    known: bool


def _harmony(word: str) -> str:
    """The case-ending vowel that fits the word's vowel harmony."""
    return "a" if any(ch in _BACK_VOWELS for ch in word) else "ä"


def _colloquial_variants(word: str) -> Iterable[str]:
    """Standard-Finnish candidates for an unrecognised spoken or clipped form."""
    a = _harmony(word)
    for suffix in ("nsa", "nsä", "mme", "nne", "kin", "kaan", "kään"):
        if word.endswith(suffix) and len(word) > 6:
            yield word[: -len(suffix)]  # possessive or clitic: toimintaansa, päivisinkin
    if word.endswith("is") and len(word) > 4:
        yield word + "i"  # conditional: olis -> olisi, riittäis -> riittäisi
    if len(word) > 4 and word[-1] == "i" and word[-2] in "aeiouyäö":
        yield word[:-1] + "j" + a  # plural partitive: tiloi -> tiloja
    if word.endswith("it"):
        yield word + a  # papereit -> papereita
    if len(word) > 3 and word[-1] == word[-2] and word[-1] in "aeouyäö":
        yield word[:-1] + a  # isoo -> isoa
    if word.endswith("s"):
        yield word + "s" + a  # koulus -> koulussa
    if word.endswith("st"):
        yield word + a  # koulust -> koulusta
    if word.endswith("l"):
        yield word + "l" + a  # kaupal -> kaupalla
    # Dropped i before s/n: ilmaseksi -> ilmaiseksi, sähkönen -> sähköinen, iltasin -> iltaisin.
    for i in range(2, len(word) - 1):
        if word[i] in "sn" and word[i - 1] in "aeouyäö":
            yield word[:i] + "i" + word[i:]


def _modifier_lemma(part: str, lang: str, clipped: bool = False) -> str | None:
    """Lemma of a compound's first element (nominative, genitive or stem form), or None."""
    if len(part) < _MIN_PART and part not in _SHORT_ELEMENTS:
        return None
    # Only the forms Finnish uses before a compound boundary: any other inflected form
    # (suunnit-, yksinä-) means the split point is wrong.
    if _known(part, lang):
        lemma = _raw_lemma(part, lang)
        if lemma == part or (part.endswith("n") and len(part) >= 5 and lemma.islower()):
            return lemma
    if part.endswith("s") and _known(part[:-1] + "nen", lang):
        return part[:-1] + "nen"  # vertais- -> vertainen, ihmis- -> ihminen
    if clipped and _known(part + "i", lang) and _raw_lemma(part + "i", lang) == part + "i":
        return part + "i"  # pien- -> pieni
    return None


def _head_ok(head: str) -> bool:
    """Whether a string can be a compound's last element (long enough, not a function word)."""
    return (len(head) >= _MIN_PART or head in _SHORT_ELEMENTS) and head not in _STOP_FI


@lru_cache(maxsize=65536)
def _split_lemma(lemma: str, lang: str) -> tuple[str, ...]:
    """Split a base-form compound into element lemmas (longest known head first), or ()."""
    if lang != "fi" or len(lemma) < _MIN_SPLIT_LEN or "-" in lemma:
        return ()
    for i in range(_MIN_PART - 1, len(lemma) - 2):
        head = lemma[i:]
        # The head of a base form is itself a base form; exact case rules out names (Ella).
        if not _head_ok(head) or not _known(head, lang) or _raw_lemma(head, lang) != head:
            continue
        mod = _modifier_lemma(lemma[:i], lang)
        # A dictionary word that "starts" with a function word is rarely a compound of it
        # (kokoontua is not koko + ontua).
        if mod is None or mod in _STOP_FI:
            continue
        return (*(_split_lemma(lemma[:i], lang) or (mod,)), *(_split_lemma(head, lang) or (head,)))
    return ()


def _split_surface(word: str, lang: str) -> tuple[str, tuple[str, ...]] | None:
    """Split an unknown inflected compound (tilavuokriin) into (lemma, element lemmas)."""
    if lang != "fi" or len(word) < _MIN_SPLIT_LEN:
        return None
    for i in range(_MIN_PART - 1, len(word) - 2):
        head = word[i:]
        if not _head_ok(head) or not _known(head, lang):
            continue
        mod = _modifier_lemma(word[:i], lang, clipped=True)
        head_lemma = _raw_lemma(head, lang)
        if mod is None or not head_lemma.islower() or head_lemma in _STOP_FI:
            continue
        mods = _split_lemma(word[:i], lang) or (mod,)
        return word[:i] + head_lemma, (*mods, *(_split_lemma(head_lemma, lang) or (head_lemma,)))
    return None


def _with_spans(elements: tuple[str, ...]) -> tuple[str, ...]:
    """Content elements plus adjacent pairs (vertais+tuki), so partial compounds still match."""
    pairs = tuple(a + b for a, b in zip(elements, elements[1:], strict=False))
    kept = elements + pairs if len(elements) > 2 else elements
    return tuple(e for e in kept if e not in _STOP_FI)


@lru_cache(maxsize=65536)
def _analyse(token: str, lang: str) -> _Word:
    """Lemma, compound parts and recognition flag of one lower-case token."""
    if lang == "fi":
        token = _COLLOQUIAL.get(token, token)
    if "-" in token and not _known(token, lang):
        # nuoriso-osastolle, 4H-kerhot: the last piece inflects, the others are modifiers;
        # numbers (65-vuotiaille) are dropped.
        surface = [p for p in token.split("-") if p and not p.isdigit()]
        if len(surface) < 2:
            return _analyse("".join(surface), lang) if surface else _Word(token, (), False)
        pieces = [_analyse(p, lang) for p in surface]
        lemma = "-".join([*surface[:-1], pieces[-1].lemma])
        parts = [p for w in pieces for p in (w.lemma, *w.parts)]
        return _Word(lemma, tuple(dict.fromkeys(parts)), True)
    if token in _FIXED and lang == "fi":
        return _Word(token, (), True)
    if _known(token, lang):
        lemma = _abessive(token, _lemma(token, lang), lang)
        return _Word(lemma, _with_spans(_split_lemma(lemma, lang)), True)
    if lang == "fi":
        for variant in _colloquial_variants(token):
            if _known(variant, lang):
                lemma = _lemma(variant, lang)
                return _Word(lemma, _with_spans(_split_lemma(lemma, lang)), True)
        split = _split_surface(token, lang)
        if split is not None:
            return _Word(split[0], _with_spans(split[1]), True)
    return _Word(_lemma(token, lang), (), False)


def _abessive(token: str, lemma: str, lang: str) -> str:
    """Read maksutta ('without a fee') as maksuton, not as its opposite maksu."""
    if lang == "fi" and token[-3:] in ("tta", "ttä") and token != lemma:
        adjective = lemma + ("ton" if _harmony(lemma) == "a" else "tön")
        if _known(adjective, lang):
            return adjective
    return lemma


def _tokens(text: str) -> list[str]:
    """Lower-case word tokens with at least one letter; emoji, punctuation and numbers dropped."""
    return [
        t.replace("’", "'")
        for t in _TOKEN_RE.findall(text.lower())
        if len(t) <= _MAX_TOKEN and not t.replace("-", "").isdigit()
    ]


def _content_words(text: str, lang: str) -> list[_Word]:
    """Analysed content words of a text: stopwords and one-letter words removed."""
    _ensure(lang)
    words = []
    for token in _tokens(text):
        if len(token) < 2 or token in _STOPWORDS:
            continue
        word = _analyse(token, lang)
        if word.lemma not in _STOPWORDS and len(word.lemma) > 1:
            words.append(word)
    return words


def lemmas(text: str, lang: str = "fi") -> list[str]:
    """Content-word lemmas of a text, in order (tila, tilat, tiloja, tilojen -> "tila")."""
    return [w.lemma for w in _content_words(text, lang)]


# --- domain concepts --------------------------------------------------------------------

_BACKGROUND = "~"


@lru_cache(maxsize=8)
def _concepts(lang: str) -> dict[str, tuple[str, ...]]:
    """Lemma -> concept tags from lexicon/<lang>_concepts.txt ({} if there is none)."""
    path = resources.files("tyopaja.grouping") / "lexicon" / f"{lang}_concepts.txt"
    if not path.is_file():
        return {}
    table: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        tag, _, words = raw.split("#", 1)[0].partition(":")
        for word in words.split():
            # Index the lemma the analyser will produce too, so both spellings match.
            for form in dict.fromkeys((word, _analyse(word, lang).lemma)):
                tags = table.setdefault(form, [])
                if tag.strip() not in tags:
                    tags.append(tag.strip())
    return {form: tuple(tags) for form, tags in table.items()}


# --- features and similarity ------------------------------------------------------------

_Features = dict[str, tuple[float, str]]  # feature -> (weight, word to show for it)


def _add(feats: _Features, key: str, weight: float, shown: str) -> None:
    """Keep the strongest weight seen for a feature."""
    if weight > 0 and (key not in feats or feats[key][0] < weight):
        feats[key] = (weight, shown)


def _features(words: list[_Word], lang: str, params: Params, typos: dict[str, str]) -> _Features:
    """Weighted features of one answer: lemmas, compound parts, stems and concepts."""
    concepts = _concepts(lang)
    feats: _Features = {}
    for word in words:
        lemma = typos.get(word.lemma, word.lemma)
        for form in (lemma, *word.parts):
            tags = concepts.get(form, ())
            base = (1.0 if form == lemma else params.w_part) * (
                params.w_background if _BACKGROUND in tags else 1.0
            )
            _add(feats, "L:" + form, base, form)
            if len(form) >= params.stem_len + 2:
                _add(feats, "S:" + form[: params.stem_len], params.w_stem * base, form)
            for tag in tags:
                if tag != _BACKGROUND:
                    _add(feats, "C:" + tag, params.w_concept, form)
    return feats


def _typo_links(vocab: dict[str, bool]) -> dict[str, str]:
    """Map each unrecognised lemma to a recognised one at edit distance 1 (a typo), if any."""
    index: dict[str, list[str]] = {}
    for word in vocab:
        if len(word) >= 5:
            for key in _deletions(word):
                index.setdefault(key, []).append(word)
    links: dict[str, str] = {}
    for word, known in vocab.items():
        if known or len(word) < 5:
            continue
        # Words one edit apart share a one-deletion key; the exact distance settles it.
        candidates = {c for key in _deletions(word) for c in index.get(key, ())}
        best = sorted(c for c in candidates if c != word and vocab[c] and _edits(word, c) <= 1)
        if best:
            links[word] = best[0]
    return links


def _deletions(word: str) -> set[str]:
    """The word and every string made by deleting one of its letters."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _edits(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions and swaps."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _vectors(feats: list[_Features]) -> list[dict[str, float]]:
    """L2-normalised TF-IDF vectors, with IDF taken from this answer set."""
    df: dict[str, int] = {}
    for f in feats:
        for key in f:
            df[key] = df.get(key, 0) + 1
    n = len(feats)
    vectors = []
    for f in feats:
        # ln((n+1)/df): a word in every answer (the prompt's own topic) weighs almost
        # nothing; a feature no other answer has cannot link anything and is left out.
        vec = {k: w * math.log((n + 1) / df[k]) for k, (w, _) in f.items() if df[k] > 1}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        vectors.append({k: v / norm for k, v in vec.items()} if norm else {})
    return vectors


def _postings(vectors: list[dict[str, float]]) -> dict[str, list[tuple[int, float]]]:
    """Feature -> (answer, weight) of every answer that has it."""
    postings: dict[str, list[tuple[int, float]]] = {}
    for i, vec in enumerate(vectors):
        for key, value in vec.items():
            postings.setdefault(key, []).append((i, value))
    return postings


def _lexical_row(
    vec: dict[str, float], postings: dict[str, list[tuple[int, float]]], above: int = -1
) -> dict[int, float]:
    """Lexical cosine of one answer with every answer j > above that shares a feature."""
    row: dict[int, float] = {}
    get = row.get
    for key, vi in vec.items():
        for j, vj in postings[key]:
            if j > above:
                row[j] = get(j, 0.0) + vi * vj
    return row


class _Strongest:
    """The k strongest edges of each answer; an edge is kept if either end keeps it."""

    def __init__(self, n: int, k: int) -> None:
        self.all = n <= k + 1  # small sets: every edge, no bookkeeping
        self.k = k
        self.heaps: list[list[tuple[float, int]]] = [[] for _ in range(0 if self.all else n)]
        self.edges: dict[tuple[int, int], float] = {}

    def offer(self, i: int, j: int, s: float) -> None:
        """An edge i < j with similarity s."""
        if self.all:
            self.edges[i, j] = s
            return
        for a, b in ((i, j), (j, i)):
            heap = self.heaps[a]
            if len(heap) < self.k:
                heapq.heappush(heap, (s, b))
            elif s > heap[0][0]:
                heapq.heapreplace(heap, (s, b))

    def result(self) -> dict[tuple[int, int], float]:
        """The kept edges (i < j) -> similarity."""
        if self.all:
            return self.edges
        edges: dict[tuple[int, int], float] = {}
        for i, heap in enumerate(self.heaps):
            for s, j in heap:
                edges[(i, j) if i < j else (j, i)] = s
        return edges


def _similarities(
    vectors: list[dict[str, float]], floor: float, k: int = _MAX_LINKS
) -> dict[tuple[int, int], float]:
    """Lexical cosine of pairs (i < j) that share a feature and reach `floor`.

    Each answer keeps its k strongest edges (either end suffices), so that a step with
    thousands of answers holds n * k edges, not n squared.
    """
    postings = _postings(vectors)
    kept = _Strongest(len(vectors), k)
    for i, vec in enumerate(vectors):
        for j, s in _lexical_row(vec, postings, above=i).items():
            if s >= floor:
                kept.offer(i, j, s)
    return kept.result()


def _summed_similarities(
    tfidf: list[dict[str, float]],
    x: Any,
    params: Params,
    floor: float,
    k: int = _MAX_LINKS,
) -> dict[tuple[int, int], float]:
    """Pairs (i < j) whose lexical + vector cosine (or the gated mix) reaches `floor`.

    In row blocks, all in numpy: a block is _BLOCK x n floats for the vectors and as many
    for the lexical part (added feature by feature from its postings), then each row keeps
    its k strongest edges (either end suffices). Sets of up to k + 1 answers keep every
    pair, negative ones too (exact average linkage).
    """
    np = grouping_vectors.numpy()
    n = len(tfidf)
    lists: dict[str, tuple[list[int], list[float]]] = {}
    for i, vec in enumerate(tfidf):
        for key, value in vec.items():
            rows, values = lists.setdefault(key, ([], []))
            rows.append(i)
            values.append(value)
    postings = [(np.array(r), np.array(v)) for r, v in lists.values() if len(r) > 1]
    small = n <= k + 1
    gated = params.fusion == "gate"
    edges: dict[tuple[int, int], float] = {}
    for start in range(0, n, _BLOCK):
        end = min(n, start + _BLOCK)
        vec = x[start:end] @ x.T
        lexical = np.zeros_like(vec)
        for rows, values in postings:
            lo, hi = np.searchsorted(rows, (start, end))
            if lo < hi:
                lexical[np.ix_(rows[lo:hi] - start, rows)] += np.outer(values[lo:hi], values)
        if gated:
            gate = np.clip(vec / params.vector_gate, 0.0, 1.0)
            block = params.w_vector * vec + (1 - params.w_vector) * lexical * gate
        else:
            block = vec + lexical
        here = np.arange(end - start)
        block[here, here + start] = -np.inf
        if small:
            for r, row in enumerate(block.tolist()):
                i = start + r
                edges.update(
                    ((i, j), s) for j, s in enumerate(row) if j > i and (s >= floor or not gated)
                )
            continue
        top = np.argpartition(-block, k, axis=1)[:, :k]
        strongest = np.take_along_axis(block, top, axis=1)
        for r, (columns, values) in enumerate(zip(top.tolist(), strongest.tolist(), strict=True)):
            i = start + r
            for j, s in zip(columns, values, strict=True):
                if s >= floor:
                    edges[(i, j) if i < j else (j, i)] = s
    return edges


def _exact(i: int, j: int, tfidf: list[dict[str, float]], x: Any, gated: bool, p: Params) -> float:
    """The automatic similarity of one pair (for linked pairs that the top-k left out)."""
    a, b = tfidf[i], tfidf[j]
    if len(b) < len(a):
        a, b = b, a
    lexical = sum(v * b[key] for key, v in a.items() if key in b)
    if x is None:
        return lexical
    vec = float(x[i] @ x[j])
    if gated:
        gate = min(1.0, max(0.0, vec / p.vector_gate))
        return p.w_vector * vec + (1 - p.w_vector) * lexical * gate
    return lexical + vec


def _link_votes(
    links: Sequence[Link],
    index: dict[Hashable, int],
    expand: float = 0.0,
    expand_not: float = 0.0,
    weights: dict[tuple[int, Hashable], float] | None = None,
) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], set]]:
    """Net vote per pair (i < j): each participant once (their last word), majority decides.

    A link "a is about the same thing as b" is a post-it put next to b's: it is a full
    vote for (a, b) and, with `expand` > 0, a partial vote for a with every answer already
    placed with b (links in the order given); "not the same as b" likewise against them.
    Only a moves: a link never merges two clusters that others formed, so no single
    participant can drag groups together. `weights` (answer, participant) -> 0..1 scales
    a participant's votes on their answer (how likely their tap is right; default 1).
    """
    cluster: dict[int, set[int]] = {}
    last: dict[tuple[int, int], dict[Hashable, float]] = {}
    for link in links:
        i, j = index.get(link.answer), index.get(link.other)
        if i is None or j is None or i == j:
            continue
        sign = 1.0 if link.same else -1.0
        if weights is not None:
            sign *= weights.get((i, link.participant), 1.0)
        votes = {j: sign}
        mates = cluster.get(j, {j})
        share = expand if link.same else expand_not
        if share > 0:
            votes.update({m: sign * share for m in mates if m not in (i, j)})
        if link.same:
            old = cluster.get(i)
            if old is not None and old is not mates:
                old.discard(i)
            mates.add(i)
            for member in mates:
                cluster[member] = mates
        for m, vote in votes.items():
            last.setdefault((min(i, m), max(i, m)), {})[link.participant] = vote
    net = {pair: sum(who.values()) for pair, who in last.items()}
    linkers = {pair: {p for p, vote in who.items() if vote > 0} for pair, who in last.items()}
    return net, linkers


def _apply_links(
    sims: dict[tuple[int, int], float],
    net: dict[tuple[int, int], float],
    exact: Any,
    threshold: float,
    params: Params,
    scale: float = 1.0,
) -> None:
    """Move each voted pair's similarity by its net vote, in multiples of the threshold."""
    if scale <= 0:
        return
    for pair, votes in net.items():
        if not votes:
            continue
        base = sims[pair] if pair in sims else exact(*pair)
        weight = scale * (params.w_link if votes > 0 else params.w_unlink)
        sims[pair] = base + math.copysign(weight * min(abs(votes), params.link_cap), votes) * (
            threshold
        )


# Share of right taps a room may have: the grid of the estimate, from worse than chance to
# nearly always right.
_ACCURACY_GRID = tuple(0.30 + 0.05 * k for k in range(14))


def _taps(
    links: Sequence[Link], index: dict[Hashable, int]
) -> dict[tuple[int, Hashable], tuple[bool, list[int]]]:
    """Each participant's last word on their answer: (True, [other]) or (False, [offers]).

    A "same" link replaces what the participant said before on that answer; "none of
    these" is the run of "not the same" links that follows, one per offer.
    """
    taps: dict[tuple[int, Hashable], tuple[bool, list[int]]] = {}
    for link in links:
        i, j = index.get(link.answer), index.get(link.other)
        if i is None or j is None or i == j:
            continue
        key = (i, link.participant)
        if link.same:
            taps[key] = (True, [j])
            continue
        same, others = taps.get(key, (True, []))
        taps[key] = (False, ([] if same else others) + [j])
    return taps


def _room_trust(
    links: Sequence[Link],
    index: dict[Hashable, int],
    similarity: Any,
    threshold: float,
    params: Params,
) -> tuple[float, dict[tuple[int, Hashable], float]]:
    """How far to trust this step's links (0..1), and how likely each tap is right.

    A careful participant taps the offer that is about the same thing (or "none of
    these" when none is); a careless one taps one of the others (or "none" when all
    were right). The machine's similarity gives each offered pair a prior of being the
    same (prior_mid, prior_slope), so every tap is more or less likely under each share p
    of right taps; the posterior mean over p (flat prior, _ACCURACY_GRID) is the room's
    estimated accuracy. It grows with the number of taps that agree with each other and
    with the machine; a handful of taps stays near the middle of the grid, below
    trust_low, so a few careless taps do not move the grouping. A tap's own weight is
    the posterior that it is right: a careless-looking "same" on a pair the machine finds
    unrelated counts little unless the room has shown it taps right.
    """
    taps = _taps(links, index)

    def prior(i: int, j: int) -> float:
        s = similarity(min(i, j), max(i, j)) / threshold
        return 1.0 / (1.0 + math.exp(-params.prior_slope * (s - params.prior_mid)))

    # Per tap: (probability if right, probability if wrong) of what the participant did.
    evidence = {}
    for (i, who), (same, others) in taps.items():
        priors = [prior(i, j) for j in others]
        if same:
            # Right: the offer is the same (prior); wrong: one of about two other offers.
            evidence[i, who] = (priors[0], (1.0 - priors[0]) / 2)
        else:
            # Right: no offer was the same; wrong: every offer was.
            evidence[i, who] = (math.prod(1.0 - x for x in priors), math.prod(priors))
    log_likelihood = [
        sum(math.log(max(p * right + (1 - p) * wrong, 1e-12)) for right, wrong in evidence.values())
        for p in _ACCURACY_GRID
    ]
    top = max(log_likelihood)
    posterior = [math.exp(x - top) for x in log_likelihood]
    accuracy = sum(p * w for p, w in zip(_ACCURACY_GRID, posterior, strict=True)) / sum(posterior)
    trust = (accuracy - params.trust_low) / (params.trust_high - params.trust_low)
    weights = {
        key: accuracy * right / max(accuracy * right + (1 - accuracy) * wrong, 1e-12)
        for key, (right, wrong) in evidence.items()
    }
    return min(1.0, max(0.0, trust)), weights


# --- clustering and explanation ---------------------------------------------------------


def _average_linkage(
    n: int, sims: dict[tuple[int, int], float], threshold: float
) -> list[list[int]]:
    """Merge the two clusters with the best average similarity while it reaches the threshold."""
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # links[a][b]: sum of similarities between the members of clusters a and b.
    links: dict[int, dict[int, float]] = {i: {} for i in range(n)}
    for (i, j), s in sims.items():
        links[i][j] = links[j][i] = s
    heap = [(-s, i, j) for (i, j), s in sims.items() if s >= threshold]
    heapq.heapify(heap)
    next_id = n
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # stale entry: one side has been merged since
        c, next_id = next_id, next_id + 1
        members[c] = sorted(members.pop(a) + members.pop(b))
        merged: dict[int, float] = {}
        for old in (a, b):
            for k, s in links.pop(old).items():
                if k not in (a, b):
                    merged[k] = merged.get(k, 0.0) + s
                    del links[k][old]
        links[c] = merged
        for k, s in merged.items():
            links[k][c] = s
            average = s / (len(members[c]) * len(members[k]))
            if average >= threshold:
                heapq.heappush(heap, (-average, k, c))
    groups = [m for m in members.values() if len(m) > 1]
    return sorted(groups, key=lambda m: (-len(m), m[0]))


def _explain(
    group: list[int], feats: list[_Features], vectors: list[dict[str, float]]
) -> tuple[str, ...]:
    """Up to three words behind the features that the group's members share most."""
    weight: dict[str, float] = {}
    count: dict[str, int] = {}
    for i in group:
        for key, value in vectors[i].items():
            weight[key] = weight.get(key, 0.0) + value
            count[key] = count.get(key, 0) + 1
    words: list[str] = []
    for key in sorted(weight, key=lambda k: (-count[k] * weight[k], k)):
        if count[key] < 2:
            continue
        # A stem or a concept is shown as the word that produced it most often.
        shown = [feats[i][key][1] for i in group if key in feats[i]]
        word = max(sorted(set(shown)), key=shown.count)
        # Skip words that repeat one already chosen (yhdyshenkilö after järjestöyhdyshenkilö).
        if not any(word in w or w in word for w in words):
            words.append(word)
        if len(words) == 3:
            break
    return tuple(words)


def _title(words: tuple[str, ...]) -> str:
    """A short Finnish title from the shared words, e.g. "Tila, varaus"."""
    text = ", ".join(words[:2]) or "Samankaltaiset vastaukset"
    return text[0].upper() + text[1:]


def suggest_groups(
    answers: Sequence[tuple[Hashable, str]],
    lang: str = "fi",
    params: Params = DEFAULT_PARAMS,
    links: Sequence[Link] = (),
) -> list[Suggestion]:
    """Suggest affinity groups of similar answers, largest first; answers in none stay ungrouped.

    `links` are participants' words on pairs of answers (see Link); links naming answers
    not in `answers` are ignored. Deterministic: the same answers and links in the same
    order give the same suggestions.
    """
    if len(answers) < 2:
        return []
    feats, tfidf, x = _analysed(answers, lang, params)
    if x is not None:
        threshold = params.vector_threshold
        sims = _summed_similarities(tfidf, x, params, threshold * params.vector_edge_ratio)
    else:
        threshold = params.threshold
        sims = _similarities(tfidf, threshold * params.edge_ratio)
    index = {answer_id: i for i, (answer_id, _) in enumerate(answers)}
    gated = params.fusion == "gate"
    exact = lambda i, j: _exact(i, j, tfidf, x, gated, params)  # noqa: E731
    similarity = lambda i, j: sims[i, j] if (i, j) in sims else exact(i, j)  # noqa: E731
    trust, weights = _room_trust(links, index, similarity, threshold, params)
    net, linkers = _link_votes(links, index, params.link_expand, params.unlink_expand, weights)
    _apply_links(sims, net, exact, threshold, params, params.trust_weight * trust)
    suggestions = []
    for group in _average_linkage(len(answers), sims, threshold):
        shared = _explain(group, feats, tfidf)
        ids = tuple(answers[i][0] for i in group)
        members = set(group)
        who = {p for (i, j), ps in linkers.items() if i in members and j in members for p in ps}
        suggestions.append(Suggestion(ids, _title(shared), shared, len(who)))
    return suggestions


def _analysed(
    answers: Sequence[tuple[Hashable, str]], lang: str, params: Params
) -> tuple[list[_Features], list[dict[str, float]], Any]:
    """Features, TF-IDF vectors and (on the word-vector path) answer vectors of a set."""
    words = [_content_words(text, lang) for _, text in answers]
    vocab: dict[str, bool] = {}
    for answer_words in words:
        for w in answer_words:
            vocab[w.lemma] = vocab.get(w.lemma, False) or w.known
    typos = _typo_links(vocab)
    vectors = _word_vectors.get(lang) if params.fusion != "none" else None
    if vectors is not None and len(answers) >= _MIN_VECTOR_ANSWERS:
        lexical = replace(params, w_concept=params.vector_concept)
        feats = [_features(answer_words, lang, lexical, typos) for answer_words in words]
        lemma_lists = [[typos.get(w.lemma, w.lemma) for w in ws] for ws in words]
        return feats, _vectors(feats), grouping_vectors.answer_vectors(vectors, lemma_lists)
    feats = [_features(answer_words, lang, params, typos) for answer_words in words]
    return feats, _vectors(feats), None


def neighbours(
    answers: Sequence[tuple[Hashable, str]],
    answer: Hashable,
    lang: str = "fi",
    k: int = 3,
    params: Params = DEFAULT_PARAMS,
) -> list[tuple[Hashable, float]]:
    """The k answers most similar to one of them (best first), with their similarity.

    Only answers with some similarity (above 0) are returned: an answer that shares
    nothing with the others gets no neighbours.
    """
    index = next((i for i, (answer_id, _) in enumerate(answers) if answer_id == answer), None)
    if index is None or len(answers) < 2:
        return []
    _, tfidf, x = _analysed(answers, lang, params)
    row = _lexical_row(tfidf[index], _postings(tfidf))
    if x is not None:
        vec = x @ x[index]
        scores = {j: float(vec[j]) + row.get(j, 0.0) for j in range(len(answers))}
    else:
        scores = row
    scores.pop(index, None)
    best = sorted((j for j, s in scores.items() if s > 0), key=lambda j: (-scores[j], j))[:k]
    return [(answers[j][0], round(scores[j], 4)) for j in best]


def offers(
    answers: Sequence[tuple[Hashable, str]],
    answer: Hashable,
    links: Sequence[Link] = (),
    lang: str = "fi",
    k: int = 3,
    exclude: Iterable[Hashable] = (),
    params: Params = DEFAULT_PARAMS,
) -> list[Hashable]:
    """Up to k answers to offer a participant after `answer`: "same thing as one of these?"

    The most similar answers, but one per cluster of answers that participants have
    already linked together (so three offers are three different ideas); `exclude` (the
    participant's own other answers) is never offered.
    """
    ranked = neighbours(answers, answer, lang, k=len(answers), params=params)
    index = {answer_id: i for i, (answer_id, _) in enumerate(answers)}
    net, _ = _link_votes(links, index)
    parent = list(range(len(answers)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for (i, j), votes in sorted(net.items()):
        if votes > 0:
            parent[root(i)] = root(j)
    skip = set(exclude)
    chosen: list[Hashable] = []
    seen = {root(index[answer])}
    for other, _ in ranked:
        cluster = root(index[other])
        if other in skip or cluster in seen:
            continue
        seen.add(cluster)
        chosen.append(other)
        if len(chosen) == k:
            break
    return chosen
