"""Optional distributional similarity for grouping: Finnish word vectors, if installed.

Reads the floret word vectors that the PyPI package `spacy-fi-experimental-web-md` ships,
straight from its files with numpy (the spaCy pipeline is never loaded, so the package
installs with `--no-deps`: scripts/install-vectors), or from a folder holding only the
table (TYOPAJA_VECTORS). Floret builds a
vector for any word from hashed character n-grams, so inflected, compound and misspelt
words all get one. General-language word frequencies come from `wordfreq` where it is
installed, else from the same package's probability table. Without the package (or numpy)
`load()` returns None and grouping uses its lexical similarity alone.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

_PACKAGE = "spacy_fi_experimental_web_md"
_MODEL_DIR = "fi_experimental_web_md-*"
_M64 = (1 << 64) - 1


class WordVectors:
    """Floret vectors (memory-mapped, read on demand) and log probabilities of Finnish words."""

    def __init__(self, vocab_dir: Path, np: Any) -> None:
        """Open the vector table and the word probability table of one model's vocab/ folder."""
        cfg = json.loads((vocab_dir / "vectors.cfg").read_text(encoding="utf-8"))
        if cfg.get("mode") != "floret":
            raise ValueError("not floret vectors")
        self.np = np
        self._data = np.load(vocab_dir / "vectors", mmap_mode="r")
        self._minn, self._maxn = int(cfg["minn"]), int(cfg["maxn"])
        self._hashes = min(int(cfg["hash_count"]), 4)
        self._seed = int(cfg["hash_seed"]) & 0xFFFFFFFF
        self._bow, self._eow = cfg.get("bow", "<"), cfg.get("eow", ">")
        self._wordfreq = _wordfreq()
        if self._wordfreq is None:
            self._keys, self._logprob, self._oov = _probabilities(vocab_dir / "lookups.bin", np)
        self.zipf("kunta")  # loads wordfreq's Finnish table now, not on the first suggestion

    def vector(self, word: str) -> Any:
        """Unit-length vector of a word: the mean of its hashed n-gram rows, as floret does."""
        return self._vector(word)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one instance per process
    def _vector(self, word: str) -> Any:
        key = self._bow + word + self._eow
        sizes = range(self._minn, self._maxn + 1)
        grams = [key] + [key[i : i + n] for n in sizes for i in range(len(key) - n + 1)]
        rows = [r for g in grams for r in self._rows(g)]
        v = self.np.asarray(self._data[rows], dtype=self.np.float64).mean(axis=0)
        norm = float(self.np.linalg.norm(v))
        return v / norm if norm else v

    @functools.lru_cache(maxsize=262144)  # noqa: B019 - one instance per process
    def _rows(self, gram: str) -> tuple[int, ...]:
        h1, h2 = murmur3_x64_128(gram.encode("utf-8"), self._seed)
        parts = (h1 & 0xFFFFFFFF, h1 >> 32, h2 & 0xFFFFFFFF, h2 >> 32)
        return tuple(p % self._data.shape[0] for p in parts[: self._hashes])

    def zipf(self, word: str) -> float:
        """Word frequency on the Zipf scale (log10 per billion words); ~0 for unknown words."""
        if self._wordfreq is not None:
            return self._wordfreq(word)
        h = murmur2_64a(word.encode("utf-8"), 1)
        i = int(self.np.searchsorted(self._keys, h))
        found = i < len(self._keys) and int(self._keys[i]) == h
        logprob = float(self._logprob[i]) if found else self._oov
        return max(0.0, logprob / math.log(10) + 9)


def _wordfreq() -> Callable[[str], float] | None:
    """wordfreq's Finnish Zipf frequency, if wordfreq is installed."""
    try:
        import wordfreq
    except ImportError:
        return None
    return lambda word: float(wordfreq.zipf_frequency(word, "fi"))


def _probabilities(path: Path, np: Any) -> tuple[Any, Any, float]:
    """Sorted word hashes, their natural-log probabilities and the default for unknown words."""
    try:
        import msgpack

        tables = msgpack.unpackb(path.read_bytes(), raw=False, strict_map_key=False)
    except ImportError:
        import srsly

        tables = srsly.msgpack_loads(path.read_bytes())
    probs = tables["lexeme_prob"]
    oov = float(next(iter(tables.get("lexeme_settings", {}).values()), -20.0))
    keys = np.fromiter(probs.keys(), dtype=np.uint64, count=len(probs))
    values = np.fromiter(probs.values(), dtype=np.float32, count=len(probs))
    order = np.argsort(keys)
    return keys[order], values[order], oov


def numpy() -> Any:
    """numpy (only called on the word-vector path, where it is installed)."""
    import numpy as np

    return np


def load() -> WordVectors | None:
    """The installed Finnish vectors, or None if the package, numpy or msgpack is missing.

    TYOPAJA_VECTORS may name a folder holding only `vectors` and `vectors.cfg` (the 60 MB
    floret table copied out of the package, see BENCHMARKS.md); it is read instead.
    """
    try:
        import numpy as np

        folder = os.environ.get("TYOPAJA_VECTORS", "").strip()
        if folder:
            return WordVectors(Path(folder), np)
        spec = importlib.util.find_spec(_PACKAGE)
        if spec is None or spec.origin is None:
            return None
        models = sorted(Path(spec.origin).parent.glob(_MODEL_DIR))
        return WordVectors(models[-1] / "vocab", np) if models else None
    except (ImportError, OSError, ValueError, KeyError, IndexError):
        return None


def similarities(vectors: WordVectors, answers: Sequence[Sequence[str]]) -> Any:
    """Cosine matrix of answers as weighted mean vectors of their lemmas, relative to the set.

    Dense (n x n): for small sets and tests; grouping reads `answer_vectors` in row blocks
    so that memory stays flat however many answers a step has. Diagonal and answers
    without words: 0. Read-only.
    """
    np = vectors.np
    x = answer_vectors(vectors, answers)
    sims = x @ x.T
    np.fill_diagonal(sims, 0.0)
    sims.setflags(write=False)
    return sims


def answer_vectors(vectors: WordVectors, answers: Sequence[Sequence[str]]) -> Any:
    """Unit-length answer vectors (n x d; zero rows for answers without words), read-only.

    Weights: in-set IDF times general-language rarity. The common direction of the set's
    words and the mean answer are removed, so the prompt's shared topic does not count as
    similarity. Cached for the next call on the same answers.
    """
    return _answer_vectors(vectors, tuple(tuple(words) for words in answers))


@functools.lru_cache(maxsize=16)
def _answer_vectors(vectors: WordVectors, answers: tuple[tuple[str, ...], ...]) -> Any:
    np = vectors.np
    n = len(answers)
    vocab = sorted({w for words in answers for w in words})
    if n < 2 or len(vocab) < 2:
        x = np.zeros((n, 1))
        x.setflags(write=False)
        return x
    df: dict[str, int] = {}
    for words in answers:
        for w in set(words):
            df[w] = df.get(w, 0) + 1
    weight = {w: max(0.5, 8 - vectors.zipf(w)) * math.log((n + 1) / df[w]) for w in vocab}
    matrix = np.array([vectors.vector(w) for w in vocab])
    matrix -= matrix.mean(axis=0)
    top = _top_direction(np, matrix)
    matrix -= np.outer(matrix @ top, top)
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    index = {w: i for i, w in enumerate(vocab)}
    x = np.zeros((n, matrix.shape[1]))
    for i, words in enumerate(answers):
        for w in words:
            x[i] += weight[w] * matrix[index[w]]
    empty = ~x.any(axis=1)
    x -= x[~empty].mean(axis=0)
    x[empty] = 0.0
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    x.setflags(write=False)
    return x


def _top_direction(np: Any, matrix: Any, steps: int = 60) -> Any:
    """First principal direction of the rows (power iteration: far cheaper than a full SVD)."""
    cov = matrix.T @ matrix
    v = np.ones(cov.shape[0]) / math.sqrt(cov.shape[0])
    for _ in range(steps):
        w = cov @ v
        norm = float(np.linalg.norm(w))
        if not norm:
            break
        v = w / norm
    return v


# --- hashes floret and spaCy use (pure Python; the murmurhash package exposes neither) ----


def _fmix64(k: int) -> int:
    k ^= k >> 33
    k = (k * 0xFF51AFD7ED558CCD) & _M64
    k ^= k >> 33
    k = (k * 0xC4CEB9FE1A85EC53) & _M64
    return k ^ (k >> 33)


def _rotl(x: int, r: int) -> int:
    return ((x << r) | (x >> (64 - r))) & _M64


def murmur3_x64_128(data: bytes, seed: int) -> tuple[int, int]:
    """MurmurHash3_x64_128 of bytes: the two 64-bit halves."""
    c1, c2 = 0x87C37B91114253D5, 0x4CF5AD432745937F
    h1 = h2 = seed
    n = len(data)
    end = n - n % 16
    for i in range(0, end, 16):
        k1 = int.from_bytes(data[i : i + 8], "little")
        k2 = int.from_bytes(data[i + 8 : i + 16], "little")
        h1 ^= (_rotl((k1 * c1) & _M64, 31) * c2) & _M64
        h1 = ((_rotl(h1, 27) + h2) * 5 + 0x52DCE729) & _M64
        h2 ^= (_rotl((k2 * c2) & _M64, 33) * c1) & _M64
        h2 = ((_rotl(h2, 31) + h1) * 5 + 0x38495AB5) & _M64
    tail = data[end:]
    if len(tail) > 8:
        h2 ^= (_rotl((int.from_bytes(tail[8:], "little") * c2) & _M64, 33) * c1) & _M64
    if tail:
        h1 ^= (_rotl((int.from_bytes(tail[:8], "little") * c1) & _M64, 31) * c2) & _M64
    h1 ^= n
    h2 ^= n
    h1 = (h1 + h2) & _M64
    h2 = (h2 + h1) & _M64
    h1, h2 = _fmix64(h1), _fmix64(h2)
    h1 = (h1 + h2) & _M64
    return h1, (h2 + h1) & _M64


def murmur2_64a(data: bytes, seed: int) -> int:
    """MurmurHash64A of bytes (spaCy's string hash with seed 1)."""
    m, r = 0xC6A4A7935BD1E995, 47
    n = len(data)
    h = (seed ^ (n * m)) & _M64
    end = n - n % 8
    for i in range(0, end, 8):
        k = (int.from_bytes(data[i : i + 8], "little") * m) & _M64
        k ^= k >> r
        h = ((h ^ ((k * m) & _M64)) * m) & _M64
    if n % 8:
        h = ((h ^ int.from_bytes(data[end:], "little")) * m) & _M64
    h ^= h >> r
    h = (h * m) & _M64
    return h ^ (h >> r)
