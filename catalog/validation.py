"""Validation rules shared by manual entry (admin, forms, API) and file imports."""

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from catalog.choices import AdoptionDegree, Kind, Nature, Status
from catalog.codes import InvalidStandardCode, StandardCode, parse_code

_DATE_PATTERNS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]
_LIST_SEPARATORS = re.compile(r"[|;；,，、\n]+")

STATUS_ALIASES = {
    "现行": Status.CURRENT,
    "现行有效": Status.CURRENT,
    "有效": Status.CURRENT,
    "current": Status.CURRENT,
    "active": Status.CURRENT,
    "reaffirmed": Status.CURRENT,
    "stabilized": Status.CURRENT,
    "amended": Status.CURRENT,
    "即将实施": Status.UPCOMING,
    "尚未实施": Status.UPCOMING,
    "upcoming": Status.UPCOMING,
    "废止": Status.ABOLISHED,
    "已废止": Status.ABOLISHED,
    "作废": Status.ABOLISHED,
    "被代替": Status.ABOLISHED,
    "abolished": Status.ABOLISHED,
    "withdrawn": Status.ABOLISHED,
    "superseded": Status.ABOLISHED,
}
# Flags that say a record is not a published standard at all.
_NOT_PUBLISHED = {"draft", "publiccd", "草案", "征求意见稿", "unknown"}

KIND_ALIASES = {
    "国家标准": {Kind.NATIONAL},
    "national": {Kind.NATIONAL},
    "行业标准": {Kind.INDUSTRY},
    "行业暂行技术要求": {Kind.INDUSTRY},  # GD/J (广播电视)
    "industry": {Kind.INDUSTRY},
    "地方标准": {Kind.PROVINCIAL, Kind.MUNICIPAL},
    "local": {Kind.PROVINCIAL, Kind.MUNICIPAL},
    "省级地方标准": {Kind.PROVINCIAL},
    "省地方标准": {Kind.PROVINCIAL},
    "provincial": {Kind.PROVINCIAL},
    "市级地方标准": {Kind.MUNICIPAL},
    "市地方标准": {Kind.MUNICIPAL},
    "municipal": {Kind.MUNICIPAL},
    "团体标准": {Kind.GROUP},
    "group": {Kind.GROUP},
    "企业标准": {Kind.ENTERPRISE},
    "enterprise": {Kind.ENTERPRISE},
}
_FOREIGN_KINDS = {"国际标准", "国外标准", "国外规范", "国外建议", "international", "foreign"}

NATURE_ALIASES = {
    "强制": Nature.MANDATORY,
    "强制性": Nature.MANDATORY,
    "强制性标准": Nature.MANDATORY,
    "mandatory": Nature.MANDATORY,
    "true": Nature.MANDATORY,
    "是": Nature.MANDATORY,
    "推荐": Nature.RECOMMENDED,
    "推荐性": Nature.RECOMMENDED,
    "推荐性标准": Nature.RECOMMENDED,
    "recommended": Nature.RECOMMENDED,
    "指导": Nature.GUIDANCE,
    "指导性": Nature.GUIDANCE,
    "指导性技术文件": Nature.GUIDANCE,
    "guidance": Nature.GUIDANCE,
}
# "false"/"否" in an is-mandatory column says only "not mandatory"; the code decides the rest.
_NOT_MANDATORY = {"false", "否", "非强制"}


# Standard.prefix's column width; a longer association code cannot be stored.
MAX_PREFIX_LENGTH = 40


def parse_standard_code(value: str) -> StandardCode:
    """The parsed code of any entry path (form, admin, import), or a ValidationError in Chinese."""
    try:
        code = parse_code(value)
    except InvalidStandardCode as exc:
        raise ValidationError(str(exc), code="invalid_code") from exc
    if len(code.prefix) > MAX_PREFIX_LENGTH:
        raise ValidationError(
            f"标准代号“{code.prefix}”过长（超过 {MAX_PREFIX_LENGTH} 个字符）", code="long_prefix"
        )
    return code


def parse_date(value) -> datetime.date | None:
    """A date from a cell: a date object, or text like 2016-12-30, 2016/12/30, 2016年12月30日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if " " in text and re.match(r"^\d{4}-\d{2}-\d{2} 00:00(:00)?$", text):
        text = text.split(" ")[0]
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                break
    raise ValidationError(f"日期“{text}”无效，请写成 2024-01-31 的形式", code="invalid_date")


def parse_status(value: str) -> Status | None:
    text = (value or "").strip()
    if not text:
        return None
    flags = [f.strip().lower() for f in re.split(r"[|,，]", text) if f.strip()]
    if not flags:  # separators only ("," or "|"): as good as empty
        return None
    if any(f in _NOT_PUBLISHED for f in flags):
        raise ValidationError(
            f"状态“{text}”表示尚未发布的草案，不能收录为标准", code="not_published"
        )
    statuses = []
    for flag in flags:
        status = STATUS_ALIASES.get(flag)
        if status is None:
            raise ValidationError(
                f"状态“{text}”无法识别，应为 现行、即将实施 或 废止", code="invalid_status"
            )
        statuses.append(status)
    # A withdrawn flag outweighs any "active"-like flag next to it.
    return Status.ABOLISHED if Status.ABOLISHED in statuses else statuses[0]


def parse_kind(value: str) -> set[Kind] | None:
    text = (value or "").strip()
    if not text:
        return None
    if text.lower() in _FOREIGN_KINDS:
        raise ValidationError(
            f"“{text}”不属于本平台收录范围（仅收录中国的国家、行业、地方、团体和企业标准）",
            code="foreign_kind",
        )
    kinds = KIND_ALIASES.get(text.lower())
    if kinds is None:
        raise ValidationError(
            f"标准类型“{text}”无法识别，应为 国家标准、行业标准、地方标准、团体标准 或 企业标准",
            code="invalid_kind",
        )
    return kinds


def parse_nature(value: str) -> Nature | None:
    text = (value or "").strip()
    if not text or text.lower() in _NOT_MANDATORY:
        return None
    nature = NATURE_ALIASES.get(text.lower())
    if nature is None:
        raise ValidationError(
            f"标准性质“{text}”无法识别，应为 强制性、推荐性 或 指导性", code="invalid_nature"
        )
    return nature


def parse_adoption_degree(value: str) -> str:
    text = (value or "").strip()
    if not text:
        return ""
    for degree in AdoptionDegree.values:
        if degree in text.upper():
            return degree
    raise ValidationError(
        f"采标程度“{text}”无法识别，应为 IDT、MOD 或 NEQ", code="invalid_adoption"
    )


def split_list(value) -> list[str]:
    """Items of a multi-valued cell separated by | ; , 、 or new lines, de-duplicated in order."""
    if value in (None, ""):
        return []
    if isinstance(value, list | tuple):
        items: Iterable[str] = (str(v) for v in value)
    else:
        items = _LIST_SEPARATORS.split(str(value))
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip()
        if item:
            seen.setdefault(item, None)
    return list(seen)


def parse_replacement(item: str) -> tuple[StandardCode, bool]:
    """A replaced/replacing code, optionally marked partial (部分代替 GB/T 1-2000, GB/T 1-2000(部分))."""
    partial = "部分" in item or "partial" in item.lower()
    # Words first, then the brackets they leave empty ("GB/T 1-2000(部分)" → "GB/T 1-2000").
    cleaned = re.sub(r"部分代替|部分|代替|partial", "", item, flags=re.I)
    cleaned = re.sub(r"[(（]\s*[)）]", "", cleaned)
    return parse_standard_code(cleaned), partial


# Dates before this year parse but cannot be right for a standard in this catalog (the first
# national standards date from the late 1950s; 1900-01-01 is a spreadsheet's empty date).
MIN_DATE_YEAR = 1950
# A standard announced as upcoming without an implement date is taken to be in force this long
# after its issue: transition periods of national standards do not run longer (mandatory GB
# ones are 12 to 24 months), so it cannot stay "upcoming" forever.
UPCOMING_WITHOUT_DATE_DAYS = 2 * 365


def derive_status(
    *,
    given: Status | None,
    implement_date: datetime.date | None,
    abolish_date: datetime.date | None,
    today: datetime.date,
    issue_date: datetime.date | None = None,
) -> Status:
    """The status the dates imply; the given status decides only what the dates cannot."""
    if abolish_date and abolish_date <= today:
        return Status.ABOLISHED
    if given == Status.ABOLISHED and not abolish_date:
        return Status.ABOLISHED
    if implement_date and implement_date > today:
        return Status.UPCOMING
    if implement_date and implement_date <= today:
        return Status.CURRENT
    if given is None:
        raise ValidationError("无法确定状态：请填写状态或实施日期", code="no_status")
    if given == Status.ABOLISHED:
        return Status.CURRENT  # abolition scheduled for a future date
    if (
        given == Status.UPCOMING
        and issue_date
        and (today - issue_date).days > UPCOMING_WITHOUT_DATE_DAYS
    ):
        return Status.CURRENT
    return given


def check_dates(
    issue_date: datetime.date | None,
    implement_date: datetime.date | None,
    abolish_date: datetime.date | None,
) -> dict[str, str]:
    """Field errors for dates out of order."""
    errors = {}
    if issue_date and implement_date and implement_date < issue_date:
        errors["implement_date"] = "实施日期不能早于发布日期"
    start = implement_date or issue_date
    if start and abolish_date and abolish_date < start:
        errors["abolish_date"] = "废止日期不能早于实施日期"
    return errors


def check_kind_and_nature(
    code: StandardCode, kinds: set[Kind] | None, nature: Nature | None
) -> dict[str, str]:
    """Field errors where a stated kind or nature contradicts the code."""
    errors = {}
    if kinds is not None and Kind(code.kind.value) not in kinds:
        errors["kind"] = f"标准类型与标准号不符：{code.format()} 是{Kind(code.kind.value).label}"
    code_nature = Nature(code.nature.value) if code.nature else None
    if nature is not None and code_nature is not None and nature != code_nature:
        errors["nature"] = f"标准性质与标准号不符：{code.format()} 是{code_nature.label}标准"
    return errors
