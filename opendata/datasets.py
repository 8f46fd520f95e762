"""The open datasets, declared once: the same columns write every file and the data dictionary.

A column takes its meaning from the model field it reads (`verbose_name` and `help_text`, its
`choices`) or from the API serializer field of the same name (`help_text`), so the dictionary
cannot drift from the data; a column computed here must say what it means, or building the
dictionary fails (`Column.check`).

Rows are read by keyset over `code_key` in batches (`.values()`, no model instances), with the
related values (ICS codes, replacement links, drafting units, the drafting project) fetched per
batch: memory stays constant however large the catalog.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse

BATCH_SIZE = 2_000

# Types as the dictionary names them; how each is written is said in `TYPE_NOTES`.
STRING, DATE, DATETIME, INTEGER, BOOLEAN, LIST = (
    "string",
    "date",
    "datetime",
    "integer",
    "boolean",
    "array<string>",
)
TYPE_NOTES = {
    STRING: "文本",
    DATE: "日期，YYYY-MM-DD",
    DATETIME: "日期时间，ISO 8601，北京时间（+08:00）",
    INTEGER: "整数",
    BOOLEAN: "布尔值，是为 true，否为 false",
    LIST: "文本列表：.jsonl.gz 文件中为数组，.csv.gz 和 .xlsx 文件中以英文分号 ; 分隔",
}
_TYPES = {
    "CharField": STRING,
    "TextField": STRING,
    "SlugField": STRING,
    "DateField": DATE,
    "DateTimeField": DATETIME,
    "PositiveSmallIntegerField": INTEGER,
    "PositiveIntegerField": INTEGER,
    "IntegerField": INTEGER,
    "BigIntegerField": INTEGER,
    "BooleanField": BOOLEAN,
    "ForeignKey": STRING,
}


@dataclass(frozen=True)
class Column:
    """One column of a dataset: `name` (CSV header and JSON key), `label` (XLSX header),
    `type`, `description` (Chinese), allowed `choices`, and `get(row)` giving its value."""

    name: str
    label: str
    type: str
    description: str
    get: Callable[[dict], Any]
    choices: tuple[tuple[str, str], ...] = ()

    def check(self) -> None:
        """An undescribed column fails the export (and the test suite)."""
        if not str(self.label).strip() or not str(self.description).strip():
            raise ImproperlyConfigured(f"开放数据字段 {self.name} 没有中文说明")
        if self.type not in TYPE_NOTES:
            raise ImproperlyConfigured(f"开放数据字段 {self.name} 的类型 {self.type} 未知")


def _model_text(model_field) -> tuple[str, str]:
    from catalog.api import field_description

    label = str(model_field.verbose_name)
    if label == model_field.name.replace("_", " "):  # Django's default: nobody described it
        raise ImproperlyConfigured(
            f"{model_field.model.__name__}.{model_field.name} 没有中文 verbose_name"
        )
    return label, field_description(model_field)


def model_column(
    model: type[models.Model], field_name: str, *, name: str = "", key: str = "", label: str = ""
) -> Column:
    """A column that is a model field as stored: its type, meaning and choices come from the
    model. `name` renames the column, `key` is the row key (default: the column name)."""
    model_field = model._meta.get_field(field_name)
    field_label, description = _model_text(model_field)
    column_type = _TYPES.get(model_field.get_internal_type())
    if model_field.get_internal_type() == "JSONField":
        column_type = LIST
    if column_type is None:
        raise ImproperlyConfigured(f"{model.__name__}.{field_name} 的类型不能导出")
    choices = tuple((str(k), str(v)) for k, v in (model_field.choices or ()))
    row_key = key or name or field_name
    return Column(
        name=name or field_name,
        label=label or field_label,
        type=column_type,
        description=description,
        get=lambda row: row[row_key],
        choices=choices,
    )


def api_column(name: str, column_type: str, get: Callable[[dict], Any], label: str) -> Column:
    """A column that is the catalog API's field of the same name: its meaning is the
    serializer field's `help_text` (the API documents every field in Chinese)."""
    from catalog.api import StandardSerializer

    api_field = StandardSerializer().fields[name]
    return Column(
        name=name,
        label=label,
        type=column_type,
        description=str(api_field.help_text or ""),
        get=get,
    )


def computed(name: str, label: str, column_type: str, description: str, get) -> Column:
    return Column(name=name, label=label, type=column_type, description=description, get=get)


# --- rows ---------------------------------------------------------------------------------------

STANDARD_VALUES = (
    "id",
    "code",
    "code_key",
    "title",
    "title_en",
    "kind",
    "nature",
    "status",
    "issue_date",
    "implement_date",
    "abolish_date",
    "review_confirmed_date",
    "issuing_body",
    "competent_department",
    "technical_committee",
    "ccs_id",
    "adopted_standard",
    "adoption_degree",
    "scope",
    "drafters",
    "plan_number",
    "full_text",
    "updated_at",
)


def public_standards():
    """What an anonymous visitor may see: the catalog's own scope, never a non-public record."""
    from catalog.models import Standard

    return Standard.objects.visible_to(AnonymousUser())


def municipal_standards():
    """The city's published municipal standards (DB3708/T), public ones only."""
    from catalog.choices import Kind
    from catalog.full_text import city_prefix

    return public_standards().filter(kind=Kind.MUNICIPAL, prefix=city_prefix())


def _grouped(pairs) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    for key, value in pairs:
        out[key].append(value)
    return out


def _with_related(rows: list[dict]) -> None:
    """ICS codes, replacement links and drafting units of a batch: one query each."""
    from catalog.models import Standard, StandardDraftingOrganization, StandardReplacement

    ids = [row["id"] for row in rows]
    through = Standard.ics.through.objects.filter(standard_id__in=ids)
    ics = _grouped(
        through.order_by("standard_id", "icsclass_id").values_list("standard_id", "icsclass_id")
    )
    links = StandardReplacement.objects.order_by("old_key", "new_key")
    replaces = _grouped(links.filter(new_id__in=ids).values_list("new_id", "old_code"))
    replaced_by = _grouped(links.filter(old_id__in=ids).values_list("old_id", "new_code"))
    units = _grouped(
        StandardDraftingOrganization.objects.filter(standard_id__in=ids)
        .order_by("standard_id", "position")
        .values_list("standard_id", "name")
    )
    for row in rows:
        pk = row["id"]
        row["ics"] = ics.get(pk, [])
        row["replaces"] = replaces.get(pk, [])
        row["replaced_by"] = replaced_by.get(pk, [])
        row["drafting_units"] = units.get(pk, [])


PROJECT_VALUES = (
    "id",
    "standard_id",
    "plan_number",
    "year",
    "plan_issued_on",
    "filing_number",
    "filing_date",
    "review_due",
)


def _with_projects(rows: list[dict]) -> None:
    """The drafting project of each standard of a batch, where it is public (one query)."""
    from drafting.models import LocalStandardProject

    ids = [row["id"] for row in rows]
    projects = {
        p["standard_id"]: p
        for p in LocalStandardProject.objects.public()
        .filter(standard_id__in=ids)
        .values(*PROJECT_VALUES)
    }
    for row in rows:
        project = projects.get(row["id"]) or {}
        for key in PROJECT_VALUES[2:]:
            row[f"project_{key}"] = project.get(key)
        row["project_id"] = project.get("id")


def standard_batches(queryset, *, projects: bool = False, batch_size: int = BATCH_SIZE):
    """Lists of row dicts in `code_key` order, `batch_size` at a time (keyset: each batch is
    one indexed range query, however far into the catalog)."""
    last = ""
    while True:
        rows = list(
            queryset.filter(code_key__gt=last)
            .order_by("code_key")
            .values(*STANDARD_VALUES)[:batch_size]
        )
        if not rows:
            return
        _with_related(rows)
        if projects:
            _with_projects(rows)
        yield rows
        last = rows[-1]["code_key"]


# --- values that are links ----------------------------------------------------------------------


def _site(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _detail_url(row: dict) -> str:
    return _site(reverse("catalog:standard_detail", kwargs={"code": row["code_key"]}))


def _full_text_url(row: dict) -> str | None:
    from catalog.full_text import TYPES

    name = row["full_text"] or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES:
        return None
    return _site(reverse("catalog:full_text", kwargs={"code": row["code_key"]}))


def _project_url(row: dict) -> str | None:
    if row["project_id"] is None:
        return None
    return _site(reverse("drafting:project_detail", args=[row["project_id"]]))


def _label(choices):
    labels = {str(k): str(v) for k, v in choices}
    return lambda value: labels.get(value, "") if value else ""


# --- the datasets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """One dataset: its file names start with `key`; `rows()` yields row-dict batches."""

    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    batches: Callable[[], Iterator[list[dict]]]
    sheet: str = ""

    def check(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ImproperlyConfigured(f"开放数据 {self.key} 有重复的字段名")
        for column in self.columns:
            column.check()


def _standard_columns() -> list[Column]:
    from catalog.choices import Kind, Nature, Status
    from catalog.models import Standard

    kind, nature, status = _label(Kind.choices), _label(Nature.choices), _label(Status.choices)
    return [
        model_column(Standard, "code"),
        computed(
            "code_key",
            "标准号键",
            STRING,
            "规范化的标准号（去掉空格，统一连接号），如 GB/T19001-2016；每条记录唯一，"
            "可作主键，接口中标准的地址为 /api/v1/standards/{code_key}/",
            lambda row: row["code_key"],
        ),
        model_column(Standard, "title"),
        model_column(Standard, "title_en"),
        model_column(Standard, "kind"),
        api_column("kind_label", STRING, lambda row: kind(row["kind"]), "标准类型名称"),
        model_column(Standard, "nature"),
        api_column("nature_label", STRING, lambda row: nature(row["nature"]), "标准性质名称"),
        model_column(Standard, "status"),
        api_column("status_label", STRING, lambda row: status(row["status"]), "状态名称"),
        model_column(Standard, "issue_date"),
        model_column(Standard, "implement_date"),
        model_column(Standard, "abolish_date"),
        model_column(Standard, "review_confirmed_date"),
        model_column(Standard, "issuing_body"),
        model_column(Standard, "competent_department"),
        model_column(Standard, "technical_committee"),
        api_column("ics", LIST, lambda row: row["ics"], "ICS 分类"),
        api_column("ccs", STRING, lambda row: row["ccs_id"], "CCS 分类"),
        model_column(Standard, "adopted_standard"),
        model_column(Standard, "adoption_degree"),
        model_column(Standard, "scope"),
        model_column(Standard, "drafters"),
        model_column(Standard, "plan_number"),
        computed(
            "replaces",
            "代替标准",
            LIST,
            "本标准代替（全部或部分）的标准的标准号",
            lambda row: row["replaces"],
        ),
        computed(
            "replaced_by",
            "被代替",
            LIST,
            "代替本标准（全部或部分）的标准的标准号",
            lambda row: row["replaced_by"],
        ),
        computed(
            "drafting_units",
            "起草单位",
            LIST,
            "起草单位名称，按标准前言中的顺序",
            lambda row: row["drafting_units"],
        ),
        model_column(Standard, "updated_at"),
        computed("url", "网页地址", STRING, "本标准在平台上的公开页面", _detail_url),
    ]


def _municipal_columns() -> list[Column]:
    from drafting.models import LocalStandardProject as Project

    keep = {
        "code",
        "code_key",
        "title",
        "status",
        "status_label",
        "issue_date",
        "implement_date",
        "abolish_date",
        "review_confirmed_date",
        "issuing_body",
        "competent_department",
        "technical_committee",
        "ics",
        "ccs",
        "scope",
        "drafters",
        "replaces",
        "replaced_by",
        "drafting_units",
        "updated_at",
        "url",
    }
    columns = [c for c in _standard_columns() if c.name in keep]
    columns[-1:-1] = [
        model_column(Project, "plan_number", name="project_plan_number", label="项目计划号"),
        model_column(Project, "year", name="project_year", label="立项年度"),
        model_column(Project, "plan_issued_on", name="project_plan_issued_on"),
        model_column(Project, "filing_number", name="project_filing_number"),
        model_column(Project, "filing_date", name="project_filing_date"),
        model_column(Project, "review_due", name="project_review_due"),
        computed(
            "full_text_url",
            "全文下载地址",
            STRING,
            "标准全文的免费下载地址（没有全文时为空）",
            _full_text_url,
        ),
        computed(
            "project_url",
            "项目页面",
            STRING,
            "制修订项目在平台上的公开页面（不是经平台立项的标准为空）",
            _project_url,
        ),
    ]
    return columns


def datasets() -> tuple[Dataset, ...]:
    """Every open dataset, in the order of the page and the manifest."""
    return (
        Dataset(
            key="standards",
            title="公开标准目录",
            description="平台标准目录中向社会公开的全部标准（国家、行业、地方、团体、企业标准），"
            "含现行、即将实施和废止的标准。",
            columns=tuple(_standard_columns()),
            batches=lambda: standard_batches(public_standards()),
            sheet="标准目录",
        ),
        Dataset(
            key="municipal",
            title="济宁市地方标准",
            description="已发布的济宁市地方标准（DB3708/T，含现行、即将实施和废止的），"
            "经平台立项的附项目计划号、备案和复审信息。",
            columns=tuple(_municipal_columns()),
            batches=lambda: standard_batches(municipal_standards(), projects=True),
            sheet="地方标准",
        ),
    )


# --- values as each format writes them ----------------------------------------------------------


def json_value(value: Any) -> Any:
    """A value as JSON Lines and the dictionary write it."""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def text_value(value: Any) -> str:
    """A value as CSV writes it."""
    value = json_value(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


@dataclass
class Examples:
    """The first non-empty value of each column, as the dictionary shows it."""

    values: dict[str, Any] = field(default_factory=dict)

    def see(self, name: str, value: Any) -> None:
        if name in self.values or value in (None, "", []):
            return
        value = json_value(value)
        if isinstance(value, str) and len(value) > 80:
            value = value[:80] + "…"
        self.values[name] = value
