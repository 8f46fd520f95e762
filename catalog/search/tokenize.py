"""The tokenizer shared by indexing and querying, so that both always agree.

Chinese text becomes overlapping character bigrams (every substring of 2+ characters is then a
phrase of bigrams, whatever jieba would make of it) plus rjieba words (for relevance only).
Latin letters and digits become lowercase words. Codes get their own tokens (see `code_tokens`).
All tokens are joined by spaces and indexed with tantivy's whitespace tokenizer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import rjieba

# A token that never occurs in text: it separates runs so that a phrase cannot span them.
GAP = "|"
_RUN_RE = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9]+)")


def normalize(text: str) -> str:
    """NFKC (full-width to half-width) and lowercase."""
    return unicodedata.normalize("NFKC", text or "").lower()


def runs(text: str) -> list[tuple[bool, str]]:
    """(is_cjk, run) for every run of Chinese characters or of Latin letters and digits."""
    return [(bool(m[1]), m[0]) for m in _RUN_RE.finditer(normalize(text))]


def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of one Chinese run; a lone character stays itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@lru_cache(maxsize=100_000)
def _words(run: str) -> tuple[str, ...]:
    return tuple(w for w in rjieba.cut(run) if w.strip())


@lru_cache(maxsize=65_536)  # issuing bodies and many titles repeat across a catalog
def text_bigram_tokens(text: str) -> str:
    """The bigram field of a text: Chinese bigrams and Latin words, runs separated by GAP."""
    out: list[str] = []
    for is_cjk, run in runs(text):
        if out:
            out.append(GAP)
        out.extend(bigrams(run) if is_cjk else [run])
    return " ".join(out)


@lru_cache(maxsize=65_536)
def text_word_tokens(text: str) -> str:
    """The word field of a text: rjieba words and Latin words."""
    out: list[str] = []
    for is_cjk, run in runs(text):
        out.extend(_words(run) if is_cjk else [run])
    return " ".join(out)


def query_words(run: str) -> list[str]:
    """rjieba words of one Chinese query run, the same cut as at index time."""
    return list(_words(run))


# --- codes ------------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"[0-9A-Z]+(?:\.[0-9]+)*")


def code_prefix_tokens(key: str) -> list[str]:
    """Edge n-grams of a normalized code key ("GB/T19001-2016" → "GB", "GB/", … the key)."""
    return [key[:i] for i in range(2, len(key) + 1)]


def code_number_tokens(number: str, year: int | None) -> list[str]:
    """Every substring of the number and part ("4307" inside "14307", "1.1"), and every
    suffix of it followed by the year ("19001-2016", "9001-2016")."""
    out = {number[i:j] for i in range(len(number)) for j in range(i + 1, len(number) + 1)}
    if year is not None:
        out.update(f"{number[i:]}-{year}" for i in range(len(number)))
    return sorted(out)
