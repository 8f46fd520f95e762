"""Safe highlighting: the text is escaped piece by piece; only our <mark> tags are markup."""

from __future__ import annotations

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight(text: str, terms: list[str]) -> SafeString:
    """`text` with every case-insensitive occurrence of a term wrapped in <mark>, escaped."""
    text = text or ""
    wanted = sorted({t for t in terms if t}, key=len, reverse=True)
    if not wanted:
        return escape(text)
    # Match on the NFKC-lowercased text; it keeps the length for CJK and ASCII, otherwise give up.
    folded = unicodedata.normalize("NFKC", text).lower()
    if len(folded) != len(text):
        return escape(text)
    pattern = re.compile("|".join(re.escape(t) for t in wanted))
    out, last = [], 0
    for m in pattern.finditer(folded):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(text[m.start() : m.end()])}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    # Safe: every piece above went through escape().
    return mark_safe("".join(out))
