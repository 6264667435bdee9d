"""Readable group titles: a phrase from the group's most representative answer. Pure Python.

The clustering (engine.py) explains a group by the words its answers share ("Raha, maksaa");
that is the "why" of a suggestion, not a title anyone would put in a document. A title here
is the answer that shares the most with the rest of its group, cut to its best clause and
shortened at a word boundary: "Hakuaika on joka vuosi samaan aikaan helmikuussa".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tyopaja.grouping import engine

__all__ = ["MAX_TITLE_CHARS", "default_title", "is_word_list", "shorten"]

MAX_TITLE_CHARS = 60
_MIN_CLAUSE_CHARS = 18
# A title should not end on a word that only joins (… ja, … että, … koska).


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_DANGLING = _wordset(
    """ja tai sekä eli että kun jos koska mutta vaan niin kuin joka jotka mikä mitä myös
    on ovat oli ei eikä se ne sen niiden jo vielä kanssa esim mm ym
    och eller att som men när om för med är var det den de
    and or but that when if because which the a an of to for with is are was"""
)
# Only words that join clauses; never "ei" (it would turn the meaning round).
_JOINING = _wordset(
    "ja sekä tai eli että kun jos koska mutta vaan niin and but or that och men att"
)
_RELATIVE = _wordset("jossa jonka johon josta jolla joita joissa joka jotka mikä missä mihin")
_EMOTICON = re.compile(r"\s*(?:[:;=8][-']?[()DPpO/\\|]+|<3|[\U0001F300-\U0001FAFF\u2600-\u27BF]+)")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\s*[;\n]\s*|\s+[–—-]\s+")
_SUBORDINATE = re.compile(
    r",?\s+(?=(?:kun|niin|mutta|koska|jotta|eikä|vaikka|jolloin|jos|että|because|so|but|men|eftersom|så)\s)"
)
_CLAUSES = re.compile(r",\s+|:\s+|\s+\(")
_TRAILING = " ,.;:–—-!?…(\"'”"


def default_title(texts: Sequence[str], lang: str = "fi", shared_words: Sequence[str] = ()) -> str:
    """A readable title for a group of answers: a phrase from its most representative one.

    Deterministic; empty only when every text is empty.
    """
    cleaned = [" ".join(t.split()) for t in texts]
    cleaned = [t for t in cleaned if t]
    if not cleaned:
        return ""
    bags = [set(engine.lemmas(t, lang)) for t in cleaned]
    counts: Counter[str] = Counter(lemma for bag in bags for lemma in bag)
    shared = {lemma for w in shared_words for lemma in engine.lemmas(w, lang)}
    best = max(range(len(cleaned)), key=lambda i: _score(cleaned[i], bags[i], counts, shared))
    return _phrase(cleaned[best], counts, shared, lang)


def _score(text: str, bag: set[str], counts: Counter[str], shared: set[str]) -> tuple:
    """How well one answer stands for its group: words others use too, the shared words."""
    if not bag:
        return (0.0, 0, -len(text))
    common = sum(counts[lemma] - 1 for lemma in bag)
    # Dividing by the square root favours answers that say the common thing briefly.
    weight = (common + 2 * len(bag & shared)) / (len(bag) ** 0.5)
    long_penalty = max(0, len(text) - 3 * MAX_TITLE_CHARS) / 100
    return (weight - long_penalty, len(bag & shared), -len(text))


def _phrase(text: str, counts: Counter[str], shared: set[str], lang: str) -> str:
    """The sentence (then the clause) of `text` that carries most of the group's words."""
    if len(text) <= MAX_TITLE_CHARS:
        return shorten(text)
    part = _best_part([s for s in _SENTENCES.split(text) if s.strip()], counts, shared, lang)
    if len(part) > MAX_TITLE_CHARS:
        clauses = [c for c in _CLAUSES.split(part) if len(c.strip()) >= _MIN_CLAUSE_CHARS]
        if clauses:
            part = _best_part(clauses, counts, shared, lang)
    if len(part) > MAX_TITLE_CHARS:
        # "Hakuaika on joka vuosi helmikuussa niin sen muistaa": the main clause says it.
        chunks = _SUBORDINATE.split(part)
        kept = chunks[0]
        for chunk in chunks[1:]:
            if len(kept) + 1 + len(chunk) > MAX_TITLE_CHARS:
                break
            kept += " " + chunk
        if len(kept) >= _MIN_CLAUSE_CHARS:
            part = kept
    return shorten(part)


def _best_part(parts: list[str], counts: Counter[str], shared: set[str], lang: str) -> str:
    """The part with most of the group's words; "että …" loses its "että", "jossa …" loses."""
    parts = [_unjoined(p) for p in parts if p.strip()]

    def weight(index: int) -> tuple:
        bag = set(engine.lemmas(parts[index], lang))
        alone = parts[index].split(" ", 1)[0].casefold() not in _RELATIVE
        return (alone, sum(counts[w] for w in bag) + 2 * len(bag & shared), -index)

    return parts[max(range(len(parts)), key=weight)] if parts else ""


def _unjoined(part: str) -> str:
    """A clause without the word that joined it to the one before (että, mutta, ja …)."""
    words = part.strip().split(" ")
    while len(words) > 2 and words[0].casefold() in _JOINING:
        words.pop(0)
    return " ".join(words)


def shorten(text: str, limit: int = MAX_TITLE_CHARS) -> str:
    """`text` as a title: one line, capitalised, no final full stop, cut at a word boundary.

    A cut title ends in "…"; a word that only joins (ja, että, och, and) is not left last.
    """
    text = _EMOTICON.sub("", " ".join(text.split())).strip(
        _TRAILING.replace("…", "").replace("(", "")
    )
    text = text.rstrip(" .")
    if not text:
        return ""
    cut = len(text) > limit
    if cut:
        words = text[: limit - 1].split(" ")
        if len(words) > 1:
            words = words[:-1]  # the last word may be cut in the middle
        while len(words) > 1 and words[-1].strip(_TRAILING).casefold() in _DANGLING:
            words.pop()
        text = " ".join(words).rstrip(_TRAILING) + "…"
    return text[0].upper() + text[1:]


def is_word_list(title: str, shared_words: Sequence[str]) -> bool:
    """True if `title` is only the shared words of a suggestion ("Raha, maksaa"), not a phrase."""
    words = [w.strip() for w in shared_words if w.strip()]
    if not title.strip():
        return False
    if title.strip() == "Samankaltaiset vastaukset":
        return True
    parts = [p.strip().casefold() for p in title.split(",")]
    return bool(words) and parts == [w.casefold() for w in words[: len(parts)]]
