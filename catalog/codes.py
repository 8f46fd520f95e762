"""Parsing and normalizing Chinese standard codes (标准编号).

Pure Python, no Django: ``parse_code("gb/t 19001—2016")`` gives a :class:`StandardCode` whose
``format()`` is the canonical printed form ("GB/T 19001-2016") and whose ``key`` is the
normalized unique key ("GB/T19001-2016").

Notes on forms that are not obvious:

* Mandatory local standards print with a bare slash, as the provinces print them: "DB12/ 684-2016",
  key "DB12/684-2016" (without the slash "DB12684" could be DB12 684 or DB1268 4).
* Radio/TV technical documents "GD/J 017-2007" are recommended; their prefix is "GD/J".
* Group and enterprise numbers may start with letters ("T/PTSHOES GS001-2017",
  "T/XCFW TG06-011.3-2023"). Their key has no space, so parsing such a key gives the same key
  but may split association code and number differently.
"""

from __future__ import annotations

import datetime
import enum
import re
import time
import unicodedata
from dataclasses import dataclass

__all__ = [
    "INDUSTRY_PREFIXES",
    "InvalidStandardCode",
    "Kind",
    "Nature",
    "StandardCode",
    "code_search_key",
    "looks_like_code",
    "normalize_code_text",
    "parse_code",
]

MAX_LENGTH = 100
MIN_YEAR = 1950


class InvalidStandardCode(ValueError):
    """The text is not a Chinese standard code this platform can store; the message says why."""


class Kind(enum.StrEnum):
    NATIONAL = "national"
    INDUSTRY = "industry"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    GROUP = "group"
    ENTERPRISE = "enterprise"


class Nature(enum.StrEnum):
    MANDATORY = "mandatory"
    RECOMMENDED = "recommended"
    GUIDANCE = "guidance"


_SUFFIX = {Nature.RECOMMENDED: "/T", Nature.GUIDANCE: "/Z", Nature.MANDATORY: ""}


@dataclass(frozen=True)
class StandardCode:
    prefix: str
    kind: Kind
    nature: Nature | None
    number: str
    part: str | None = None
    year: int | None = None
    amendment: str | None = None

    @property
    def designation(self) -> str:
        """The printed prefix with its nature: "GB/T", "GB", "DB37/T", "DB12/", "T/CAS", "GD/J"."""
        if self.nature is None or "/" in self.prefix:
            return self.prefix
        if self.kind in (Kind.PROVINCIAL, Kind.MUNICIPAL) and self.nature is Nature.MANDATORY:
            return self.prefix + "/"
        return self.prefix + _SUFFIX[self.nature]

    def _body(self) -> str:
        text = self.number
        if self.part:
            text += "." + self.part
        if self.year is not None:
            text += f"-{self.year}"
        if self.amendment:
            text += "/" + self.amendment
        return text

    @property
    def key(self) -> str:
        return self.designation + self._body()

    @property
    def base_key(self) -> str:
        return self.designation + self.number + ("." + self.part if self.part else "")

    def format(self) -> str:
        return f"{self.designation} {self._body()}"

    def __str__(self) -> str:
        return self.format()


# --- normalization ----------------------------------------------------------------------------

_DASHES = "\u2014\u2013\uff0d\u2010\u2011\u2012\u2015\ufe63\u2212\ufe58\u2e3a\u2e3b"
_DASH_RE = re.compile(f"[{_DASHES}]")
_YI_RE = re.compile(r"(?<=[0-9])\s*一\s*(?=[0-9])")
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACE_RE = re.compile(r"\s+")


def normalize_code_text(text: str) -> str:
    """NFKC, dashes to "-", uppercase, single spaces, stripped. Never raises."""
    if not isinstance(text, str):
        return ""
    if text.isascii():  # NFKC, dashes, invisibles and 一 only concern other characters
        return _SPACE_RE.sub(" ", text.upper()).strip()
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE_RE.sub("", text)
    text = _DASH_RE.sub("-", text)
    text = _YI_RE.sub("-", text)
    text = text.upper()
    return _SPACE_RE.sub(" ", text).strip()


def code_search_key(text: str) -> str:
    """Search form of a code or fragment: normalized with every space removed. Never raises."""
    return normalize_code_text(text).replace(" ", "")


# --- grammar ----------------------------------------------------------------------------------

_S = "[ ]?"  # an optional single space (the text is normalized first)
_YR = "[0-9]{4}|[0-9]{2}"
_TAIL = (
    rf"(?P<part>(?:\.[0-9]+)*)"
    rf"(?:{_S}-+{_S}(?P<year>{_YR}))?"
    rf"(?:(?:{_S}/{_S}|[ ])(?P<amd>XG[0-9]+)(?:{_S}-+{_S}(?P<amdyear>{_YR}))?)?"
)
_LOCAL_RE = re.compile(
    rf"DB{_S}(?P<region>[0-9]{{2}}(?:[0-9]{{2}}){{0,2}})"
    rf"(?:{_S}/{_S}(?P<sfx>[TZ])?|{_S}(?P<sfx2>T)|[ ]){_S}(?P<number>[0-9]+)" + _TAIL,
    re.ASCII,
)
_GROUP_RE = re.compile(
    rf"(?P<sys>[TQ]){_S}/{_S}(?P<org>[A-Z0-9]*[A-Z](?:[0-9]+(?=[ ]))?)"
    rf"(?:{_S}(?P=sys){_S}/{_S}(?P=org))?"  # real data repeats it: "T/CSGF T/CSGF024—2023"
    rf"{_S}(?P<number>(?!XG[0-9])[A-Z]*[0-9]+(?:-[0-9]+)??)" + _TAIL,
    re.ASCII,
)
_THREE_LETTER = ("GBZ", "JJF", "JJG", "GJB", "JGJ", "CJJ")
# "DB" followed by a region code is a local standard; "DB/T" (or "DB/Z") followed directly by
# the number is the seismology industry standard (中国地震局). A bare "DB 15-2009" stays
# unreadable: it could be either, so it is refused rather than guessed.
_NOT_LOCAL = r"(?!DB(?![ ]?/[ ]?[TZ]|T(?=[ 0-9])))"
_OTHER_RE = re.compile(
    rf"{_NOT_LOCAL}(?P<sys>{'|'.join(_THREE_LETTER)}|[A-Z]{{2}})"
    rf"(?:{_S}/{_S}(?P<sfx>[TZJ])?|{_S}(?P<sfx2>T)(?=[ 0-9]))?{_S}(?P<number>[0-9]+)" + _TAIL,
    re.ASCII,
)
_PREFIX_RE = re.compile(
    rf"(?:DB{_S}[0-9]{{2,6}}|[TQ]{_S}/{_S}[A-Z0-9]*|{_NOT_LOCAL}(?:{'|'.join(_THREE_LETTER)}|[A-Z]{{2}}))"
    rf"(?:{_S}/{_S}[TZJ]?|T)?(?=[ 0-9]|$)",
    re.ASCII,
)
_NATIONAL = ("GB", "GBZ")
_PROVINCES = frozenset(
    re.findall(
        "[0-9]{2}",
        "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
        "50 51 52 53 54 61 62 63 64 65 71 81 82",
    )
)
# Foreign and international systems, recognized to give a helpful message.
_FOREIGN = frozenset(
    re.findall(
        "[A-Z]+",
        "ISO IEC SMPTE EN ANSI BS DIN ASTM JIS IEEE ITU AES EBU IETF RFC NF UL API ASME CEN "
        "CENELEC CISPR ETSI GOST KS AS CSA SAE NFPA ISDCF DCI DCSS OIML ICAO IMO ECE UNE UNI "
        "AFNOR ASHRAE IPC JEDEC BSI NEMA",
    )
)
_LEAD_WORD_RE = re.compile(r"[A-Z]+(?![A-Z])")
# Two-letter industry-standard designations in use (行业标准代号, the published list plus newer
# ones such as NB 能源, RB 认证认可). Closed, so that "TC291" (a committee) is not read as a code.
INDUSTRY_PREFIXES = _INDUSTRY = frozenset(
    re.findall(
        "[A-Z]{2}",
        "AQ BB CB CH CJ CY DA DB DL DY DZ EJ FZ GA GD GH GM GY HB HG HJ HS HY JB JC JG JR JT JY LB LD "
        "LS LY MH MT MZ NB NY QB QC QJ QX RB SB SC SF SH SJ SL SN SW SY TB TD TJ TY WB WH WJ WM WS WW "
        "XB XF YB YC YD YJ YS YY YZ ZY",
    )
)
_PLACEHOLDER_RE = re.compile(r"[0-9]X|X[0-9]|(?<![A-Z])X+(?![A-Z])")
_MULTI_YEAR_RE = re.compile(r"-[ ]?[0-9]{4}[ ]?-+[ ]?[0-9]{4}$")
_DOT_BEFORE_DASH_RE = re.compile(r"(?<=[0-9])\.(?=[ ]?-)")
_EXAMPLES = "（如 GB、GB/T、DB37/T、T/CAS）"


def _fail(text: str, why: str) -> InvalidStandardCode:
    return InvalidStandardCode(f"无法识别的标准编号“{text}”：{why}")


def _foreign(text: str) -> InvalidStandardCode:
    return InvalidStandardCode(
        f"“{text}”是国际/国外标准编号，国际/国外标准编号不属于本平台收录范围"
    )


_MAX_YEAR = [0.0, 0]  # [valid until (time.monotonic()), value]: today() is slow in bulk parses


def _max_year() -> int:
    now = time.monotonic()
    if now >= _MAX_YEAR[0]:
        _MAX_YEAR[:] = [now + 1.0, datetime.date.today().year + 2]
    return _MAX_YEAR[1]


def _year(value: str | None, original: str) -> int | None:
    if value is None:
        return None
    year = int(value) + (1900 if len(value) == 2 else 0)
    if not MIN_YEAR <= year <= _max_year():
        raise _fail(original, f"年份“{value}”不合理（应在 {MIN_YEAR}—{_max_year()} 年之间）")
    return year


def parse_code(text: str) -> StandardCode:
    """Parse a printed Chinese standard code, tolerating common misspellings."""
    if not isinstance(text, str):
        raise InvalidStandardCode("标准编号必须是文本")
    original = text.strip()
    if not original:
        raise InvalidStandardCode("标准编号为空")
    if len(original) > MAX_LENGTH:
        raise InvalidStandardCode(f"标准编号过长（超过 {MAX_LENGTH} 个字符）")
    s = normalize_code_text(original).rstrip(".。 ")
    s = _DOT_BEFORE_DASH_RE.sub("", s)
    lead = _LEAD_WORD_RE.match(s)
    if lead and lead.group() in _FOREIGN:
        raise _foreign(original)
    if m := _LOCAL_RE.fullmatch(s):
        region = m["region"]
        if region[:2] not in _PROVINCES:
            raise _fail(original, f"地方标准代号 DB{region} 中的行政区划代码“{region}”无效")
        kind = Kind.PROVINCIAL if len(region) == 2 else Kind.MUNICIPAL
        prefix, suffix = "DB" + region, m["sfx"] or m["sfx2"]
    elif m := _GROUP_RE.fullmatch(s):
        kind = Kind.GROUP if m["sys"] == "T" else Kind.ENTERPRISE
        prefix, suffix = f"{m['sys']}/{m['org']}", None
    elif m := _OTHER_RE.fullmatch(s):
        prefix, suffix = m["sys"], m["sfx"] or m["sfx2"]
        if prefix in _FOREIGN:  # "AST 1" reads as "AS/T 1"
            raise _foreign(original)
        if len(prefix) == 2 and prefix != "GB" and prefix not in _INDUSTRY:
            raise _fail(original, f"“{prefix}”不是已知的行业标准代号")
        kind = Kind.NATIONAL if prefix in _NATIONAL else Kind.INDUSTRY
        if suffix == "J":
            if len(prefix) != 2 or kind is Kind.NATIONAL:
                raise _fail(original, f"“{prefix}/J”不是有效的标准代号")
            prefix = prefix + "/J"
    else:
        raise _diagnose(s, original)
    if kind in (Kind.GROUP, Kind.ENTERPRISE):
        nature = None
    else:
        nature = {"T": Nature.RECOMMENDED, "J": Nature.RECOMMENDED, "Z": Nature.GUIDANCE}.get(
            suffix or "", Nature.MANDATORY
        )
    amendment = m["amd"]
    if amendment and m["amdyear"]:
        amendment += f"-{_year(m['amdyear'], original)}"
    code = StandardCode(
        prefix=prefix,
        kind=kind,
        nature=nature,
        number=m["number"],
        part=m["part"][1:] or None,
        year=_year(m["year"], original),
        amendment=amendment,
    )
    if len(code.format()) > MAX_LENGTH:  # the printed form must fit wherever the text did
        raise InvalidStandardCode(f"标准编号过长（超过 {MAX_LENGTH} 个字符）")
    return code


def _diagnose(s: str, original: str) -> InvalidStandardCode:
    """The most helpful error for text that none of the grammars accept."""
    prefix = _PREFIX_RE.match(s)
    if prefix is None and s.startswith("DB"):
        return _fail(
            original,
            "“DB”后应为行政区划代码（地方标准，如 DB37/T 2904-2019）"
            "或“/T”（地震行业标准，如 DB/T 15-2009）",
        )
    if prefix is None:
        return _fail(original, f"缺少标准代号{_EXAMPLES}")
    rest = s[prefix.end() :]
    if _PLACEHOLDER_RE.search(rest):
        return _fail(original, "含有占位符“X”，似乎是尚未发布的草案编号")
    if _MULTI_YEAR_RE.search(rest):
        return _fail(original, "含有多个年份；修改单请写成“GB 2760-2014/XG1-2020”的形式")
    if not any(c.isdigit() for c in rest):
        return _fail(original, "缺少标准顺序号（如 GB/T 19001-2016 中的 19001）")
    return _fail(original, "格式应类似“GB/T 19001-2016”“DB37/T 2904-2019”或“T/CAS 115-2005”")


# --- fragments --------------------------------------------------------------------------------

_FRAGMENT_RE = re.compile(
    r"(?P<designation>GBZ?(?:/[TZ]?)?|(?:JJF|JJG|GJB|JGJ|CJJ)(?:/[TZ]?)?|DB[0-9]{0,6}(?:/[TZ]?)?"
    r"|[TQ]/[A-Z0-9]*|(?P<industry>[A-Z]{2})(?:/(?P<sfx>[TZJ]?))?)?"
    r"(?P<number>[A-Z]*[0-9]+(?:\.[0-9]*)*(?:-[0-9]{0,4})?)?",
    re.ASCII,
)


def looks_like_code(text: str) -> bool:
    """Whether a search query is (part of) a Chinese standard code rather than words."""
    try:
        parse_code(text)
        return True
    except InvalidStandardCode:
        pass
    key = code_search_key(text)
    m = _FRAGMENT_RE.fullmatch(key) if key else None
    if m is None or not (m["designation"] or m["number"]):
        return False
    if m["number"] and not m["designation"] and not m["number"][0].isdigit():
        return False
    return not (m["industry"] and m["sfx"] is None and m["industry"] not in _INDUSTRY)
