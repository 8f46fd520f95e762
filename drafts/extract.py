"""The text of a DOCX draft as paragraphs, with GB/T 1.1 clause numbers recognized.

GB/T 1.1—2020 numbers chapters `4`, clauses `4.2`, `4.2.1` …, and appendices `附录 A` whose
clauses are `A.1`, `A.1.2`. A number counts when it opens a paragraph and is followed by a space
(ASCII or the full-width 　 of Chinese templates) and text that does not start with a digit, so
`2026 年` or `3.5 倍` inside prose are not clauses: the number must be followed by a title or a
sentence, as in every GB/T 1.1 draft. Numbers produced by Word's automatic list numbering are not
are not in the text: for headings (styles "Heading n" / "标题 n") numbered that way, the number
is counted from the heading levels, as Word shows it, and put before the text."""

from __future__ import annotations

import io
import re
from dataclasses import asdict, dataclass

from docx import Document as open_docx

SPACE = r"[ \t\u3000\u00a0]"
CLAUSE = re.compile(
    rf"^(?P<number>(?:\d{{1,2}}|[A-Z](?=\.\d))(?:\.\d{{1,3}}){{0,5}}){SPACE}+(?P<rest>[^\d\s].*)$",
    re.DOTALL,
)
APPENDIX = re.compile(
    rf"^附{SPACE}*录{SPACE}*(?P<letter>[A-Z])(?![A-Za-z]){SPACE}*"
    rf"(?:[（(](?:规范性|资料性)(?:附录)?[)）])?{SPACE}*(?P<rest>.*)$",
    re.DOTALL,
)
HEADING_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)$", re.IGNORECASE)
TITLE_MAX = 40  # a numbered paragraph this short and without a full stop is a clause title


@dataclass(frozen=True)
class Paragraph:
    text: str
    number: str = ""
    heading: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _numbered(ppr) -> bool:
    """Whether paragraph properties carry automatic numbering (numId 0 switches it off)."""
    num = ppr.numPr if ppr is not None else None
    return num is not None and num.numId is not None and num.numId.val != 0


class AutoNumbers:
    """Clause numbers of auto-numbered headings, counted by level (1 → "4", 2 → "4.2", …)."""

    def __init__(self, document):
        self.levels: dict[str, int] = {}  # heading style id → level
        self.numbered_styles: set[str] = set()
        for style in document.styles:
            match = HEADING_LEVEL.match((getattr(style, "name", "") or "").strip())
            if match:
                self.levels[style.style_id] = int(match[1])
                if _numbered(getattr(style.element, "pPr", None)):
                    self.numbered_styles.add(style.style_id)
        self.counters: list[int] = []

    def number(self, block) -> str:
        style = block._p.style
        level = self.levels.get(style)
        if not level or not (_numbered(block._p.pPr) or style in self.numbered_styles):
            return ""
        self.counters = (self.counters + [0] * level)[:level]
        self.counters[level - 1] += 1
        return ".".join(str(n) for n in self.counters)


def _heading_style_ids(document) -> set[str]:
    """Ids of the paragraph styles that are headings (by name: Heading n, Title, 标题…), read
    once: `paragraph.style` searches the styles part on every call (seconds for a long draft)."""
    ids = set()
    for style in document.styles:
        name = (getattr(style, "name", "") or "").lower()
        if name.startswith(("heading", "title")) or "标题" in name:
            ids.add(style.style_id)
    return ids


def classify(text: str, *, heading_style: bool = False) -> Paragraph:
    """One paragraph's clause number (or "") and whether it is a heading."""
    text = text.strip()
    match = APPENDIX.match(text)
    if match:
        return Paragraph(text=text, number=f"附录{match['letter']}", heading=True)
    match = CLAUSE.match(text)
    if match:
        rest = match["rest"].strip()
        heading = heading_style or (len(rest) <= TITLE_MAX and not rest.endswith(("。", "；", ".")))
        return Paragraph(text=text, number=match["number"], heading=heading)
    return Paragraph(text=text, heading=heading_style)


def title_of(paragraph: dict) -> str:
    """The title of a numbered heading (its text after the number), "" for untitled clauses."""
    if not paragraph.get("number") or not paragraph.get("heading"):
        return ""
    for pattern in (APPENDIX, CLAUSE):
        match = pattern.match(paragraph["text"])
        if match:
            return match["rest"].strip()
    return ""


def extract_paragraphs(data: bytes) -> list[Paragraph]:
    """Non-empty paragraphs of the body in order, table cells included (row by row). The caller
    has checked the archive (`documents.services.check_upload`: type, size, zip-bomb limits)."""
    document = open_docx(io.BytesIO(data))
    headings = _heading_style_ids(document)
    auto = AutoNumbers(document)
    found: list[Paragraph] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):  # a table: each cell's text as one paragraph
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # merged cells repeat
                        continue
                    seen.add(id(cell._tc))
                    if cell.text.strip():
                        found.append(Paragraph(text=cell.text.strip()))
            continue
        if block.text.strip():
            paragraph = classify(block.text, heading_style=block._p.style in headings)
            number = "" if paragraph.number else auto.number(block)
            if number:
                paragraph = classify(f"{number} {paragraph.text}", heading_style=True)
            found.append(paragraph)
    return found
