"""Side-by-side comparison of two draft versions: paragraphs first, then words/characters.

Paragraphs are matched with difflib; a replaced block is paired paragraph by paragraph and each
pair is compared token by token (a Latin word or number is one token, each Chinese character is
one), so a changed figure or a changed character is marked, not the whole paragraph. Every piece
of text is escaped before `<del>`/`<ins>` are put around it: the output is safe HTML built only
here (`format_html`/`escape`), whatever the draft contains."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Beyond this many tokens a pair of paragraphs is marked whole: difflib is quadratic in the worst
# case, and a page must not hang on a pasted 100,000-character paragraph.
INLINE_MAX_TOKENS = 4000
TOKEN = re.compile(r"[A-Za-z0-9_.,%/+-]+|\s+|.", re.DOTALL)


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side view: `tag` is equal, replace, delete or insert."""

    tag: str
    left: SafeString
    right: SafeString
    left_number: str = ""
    right_number: str = ""


def _mark(tag: str, text: str) -> SafeString:
    return format_html("<{}>{}</{}>", tag, text, tag) if text else mark_safe("")


def inline_diff(old: str, new: str) -> tuple[SafeString, SafeString]:
    """The two texts, escaped, with removed tokens in <del> and added ones in <ins>."""
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    if len(a) > INLINE_MAX_TOKENS or len(b) > INLINE_MAX_TOKENS:
        return _mark("del", old), _mark("ins", new)
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            left.append(escape(old_part))
            right.append(escape(new_part))
            continue
        left.append(_mark("del", old_part))
        right.append(_mark("ins", new_part))
    return mark_safe("".join(left)), mark_safe("".join(right))  # pieces escaped above


def compare(old: list[dict], new: list[dict]) -> list[Row]:
    """Rows for two lists of paragraphs (`DraftVersion.paragraphs`)."""
    a = [p["text"] for p in old]
    b = [p["text"] for p in new]
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                text = escape(a[i])
                rows.append(Row("equal", text, text, old[i]["number"], new[j]["number"]))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(olds), len(news))):
            i = olds[k] if k < len(olds) else None
            j = news[k] if k < len(news) else None
            if i is not None and j is not None:
                left, right = inline_diff(a[i], b[j])
                rows.append(Row("replace", left, right, old[i]["number"], new[j]["number"]))
            elif i is not None:
                rows.append(Row("delete", _mark("del", a[i]), mark_safe(""), old[i]["number"]))
            else:
                rows.append(Row("insert", mark_safe(""), _mark("ins", b[j]), "", new[j]["number"]))
    return rows


def summary(rows: list[Row]) -> dict[str, int]:
    counts = {"replace": 0, "delete": 0, "insert": 0}
    for row in rows:
        if row.tag in counts:
            counts[row.tag] += 1
    return counts
