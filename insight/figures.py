"""Every statistic of the platform, in one module: each figure is a table (columns, rows) that
the pages draw as a chart beside its table, export to Excel, print in the annual report and give
through the API.

A figure is JSON-able data::

    {"key": "local_by_kind", "title": "…", "description": "…", "unit": "项",
     "columns": ["主导", "参与", "合计"], "chart": "bar", "charted": [0, 1],
     "money": [], "decimals": [],
     "rows": [{"key": "national", "label": "国家标准", "values": [3, 5, 8]}]}

Bounded work: every figure is one or two GROUP BY queries whatever the size of the catalog
(about 16 queries for the whole set). Only the local-standard projects' time in stage reads
rows one by one, and those are the city's own projects (tens a year), never the catalog.

"Local organization": an organization of the directory whose region (county or functional area)
lies in the city (`SITE["region_code"]`), linked to a standard as a drafting unit
(`StandardDraftingOrganization.organization`, whatever fills it). It *led* the standard when it
is the first unit or marked 主要起草单位; it *joined* a standard where local units took part
but none led.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from insight.choices import Scope

NO_YEAR = "未注明"
NO_REGION = "未注明县区"


@dataclass(frozen=True)
class Filters:
    """What a dashboard asks for: a year range (inclusive) and one county or functional area."""

    year_from: int | None = None
    year_to: int | None = None
    county: str | None = None  # Region code

    def as_dict(self) -> dict:
        return {"year_from": self.year_from, "year_to": self.year_to, "county": self.county}

    def years(self, lookup: str) -> Q:
        """`lookup` (a year expression path, e.g. "standard__issue_date__year") within range."""
        q = Q()
        if self.year_from:
            q &= Q(**{f"{lookup}__gte": self.year_from})
        if self.year_to:
            q &= Q(**{f"{lookup}__lte": self.year_to})
        return q

    def region(self, lookup: str) -> Q:
        return Q(**{lookup: self.county}) if self.county else Q()


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    build: Callable[[str, Filters], dict]
    public: bool = True  # part of the public snapshot (computed over public data only)
    description: str = ""
    extra: dict = field(default_factory=dict)


def city_code() -> str:
    return settings.SITE["region_code"]


def _figure(key, columns, rows, *, chart="bar", charted=None, unit="项", money=(), decimals=()):
    spec = SPECS[key]
    return {
        "key": key,
        "title": spec.title,
        "description": spec.description,
        "unit": unit,
        "columns": list(columns),
        "chart": chart,
        "charted": list(range(len(columns))) if charted is None else list(charted),
        "money": list(money),  # columns in yuan (decimal strings, shown as ¥1,234.00)
        "decimals": sorted({*money, *decimals}),  # columns of decimal strings ("12.50")
        "rows": rows,
    }


def _row(key, label, *values) -> dict:
    return {"key": str(key), "label": str(label), "values": list(values)}


# --- who counts as local, and what a scope may see --------------------------------------------


def _units(scope: str, filters: Filters, *, kind: str | None = None):
    """Drafting-unit rows of local organizations on standards the scope may see, filtered."""
    from catalog.models import StandardDraftingOrganization

    qs = StandardDraftingOrganization.objects.filter(
        organization__region__code__startswith=city_code()
    )
    if scope == Scope.PUBLIC:
        qs = qs.filter(standard__is_public=True)
    if kind:
        qs = qs.filter(standard__kind=kind)
    return qs.filter(
        filters.years("standard__issue_date__year"), filters.region("organization__region_id")
    )


def _led() -> Q:
    from catalog.choices import DraftingRole

    return Q(position=1) | Q(role=DraftingRole.LEAD)


def _counts(qs, group: str) -> dict:
    """{group value: (standards led, standards with local units)} in one GROUP BY query."""
    rows = qs.values(group).annotate(
        total=Count("standard", distinct=True),
        led=Count("standard", distinct=True, filter=_led()),
    )
    return {r[group]: (r["led"], r["total"]) for r in rows.order_by()}


def areas() -> list[tuple[str, str]]:
    """(code, label) of the city's counties and functional areas, functional areas marked."""
    from reference.models import Region, RegionLevel

    rows = Region.objects.filter(level=RegionLevel.COUNTY, code__startswith=city_code())
    return [
        (r.code, f"{r.name}（功能区）" if r.is_functional_area else r.name)
        for r in rows.order_by("is_functional_area", "code")
    ]


def _area_rows(filters: Filters) -> list[tuple[str, str]]:
    rows = areas()
    if filters.county:
        rows = [(code, label) for code, label in rows if code == filters.county]
    return rows


def _led_joined_rows(counts: dict, keys: list[tuple]) -> list[dict]:
    rows = []
    for key, label in keys:
        led, total = counts.get(key, (0, 0))
        rows.append(_row(key, label, led, total - led, total))
    return rows


LED_COLUMNS = ("主导", "参与", "合计")


# --- the catalog ------------------------------------------------------------------------------


def _catalog(scope: str):
    from catalog.models import Standard

    return Standard.objects.public() if scope == Scope.PUBLIC else Standard.objects.all()


def catalog_by_kind(scope: str, filters: Filters) -> dict:
    from catalog.choices import Kind

    qs = _catalog(scope).filter(filters.years("issue_date__year"))
    counts = dict(qs.values_list("kind").annotate(n=Count("id")).order_by())
    rows = [_row(k.value, k.label, counts.get(k.value, 0)) for k in Kind]
    return _figure("catalog_by_kind", ["数量"], rows, chart="pie")


def catalog_by_status(scope: str, filters: Filters) -> dict:
    from catalog.choices import Status

    qs = _catalog(scope).filter(filters.years("issue_date__year"))
    counts = dict(qs.values_list("status").annotate(n=Count("id")).order_by())
    rows = [_row(s.value, s.label, counts.get(s.value, 0)) for s in Status]
    return _figure("catalog_by_status", ["数量"], rows, chart="pie")


# --- standards led or joined by local organizations -------------------------------------------


def local_by_kind(scope: str, filters: Filters) -> dict:
    from catalog.choices import Kind

    counts = _counts(_units(scope, filters), "standard__kind")
    rows = _led_joined_rows(counts, [(k.value, k.label) for k in Kind])
    return _figure("local_by_kind", LED_COLUMNS, rows, charted=[0, 1])


def local_by_year(scope: str, filters: Filters) -> dict:
    qs = _units(scope, filters).annotate(year=ExtractYear("standard__issue_date"))
    counts = _counts(qs, "year")
    keys = [(y, str(y)) for y in sorted(k for k in counts if k is not None)]
    if None in counts:
        keys.append((None, NO_YEAR))
    rows = _led_joined_rows(counts, keys)
    for row in rows:
        row["key"] = "" if row["key"] == "None" else row["key"]
    return _figure("local_by_year", LED_COLUMNS, rows, chart="line", charted=[0, 1, 2])


def local_by_county(scope: str, filters: Filters) -> dict:
    counts = _counts(_units(scope, filters), "organization__region_id")
    rows = _led_joined_rows(counts, _area_rows(filters))
    return _figure("local_by_county", LED_COLUMNS, rows, charted=[0, 1])


def local_by_cluster(scope: str, filters: Filters) -> dict:
    from reference.models import IndustryCluster

    counts = _counts(
        _units(scope, filters).filter(organization__clusters__isnull=False),
        "organization__clusters",
    )
    clusters = [(c.pk, c.name) for c in IndustryCluster.objects.active()]
    rows = _led_joined_rows(counts, clusters)
    return _figure("local_by_cluster", LED_COLUMNS, rows, charted=[0, 1])


# --- enterprise standards (Q/) self-declared by local enterprises ------------------------------


def _enterprise_units(scope: str, filters: Filters):
    from catalog.choices import Kind

    return _units(scope, filters, kind=Kind.ENTERPRISE)


def enterprise_by_county(scope: str, filters: Filters) -> dict:
    counts = _counts(_enterprise_units(scope, filters), "organization__region_id")
    rows = [_row(code, label, counts.get(code, (0, 0))[1]) for code, label in _area_rows(filters)]
    return _figure("enterprise_by_county", ["数量"], rows)


def enterprise_by_year(scope: str, filters: Filters) -> dict:
    qs = _enterprise_units(scope, filters).annotate(year=ExtractYear("standard__issue_date"))
    counts = _counts(qs, "year")
    rows = [_row(y, y, counts[y][1]) for y in sorted(k for k in counts if k is not None)]
    if None in counts:
        rows.append(_row("", NO_YEAR, counts[None][1]))
    return _figure("enterprise_by_year", ["数量"], rows, chart="line")


# --- local-standard projects (DB3708) and provincial projects (DB37) ---------------------------


def _days(delta: dt.timedelta) -> int:
    return max(delta.days, 0)


def _median(values: list[int]) -> float | int | None:
    if not values:
        return None
    middle = statistics.median(values)
    return int(middle) if float(middle).is_integer() else round(middle, 1)


def projects_by_stage(scope: str, filters: Filters) -> dict:
    """Projects now in each state (the engine's states, in order) and how long they have been in
    it (`state_changed_at`, written with each `StatusChange`); and, from the status changes, how
    long projects stayed in each state they have left."""
    from core.models import StatusChange
    from core.workflow import get_process
    from drafting.models import LocalStandardProject

    process = get_process("local_standard")
    qs = LocalStandardProject.objects.all()
    if scope == Scope.PUBLIC:
        qs = qs.public()
    qs = qs.filter(filters.years("year"), filters.region("organization__region_id"))
    now = timezone.now()
    current: dict[str, list[int]] = defaultdict(list)
    ids = []
    for pk, state, changed, created in qs.values_list(
        "pk", "state", "state_changed_at", "created_at"
    ):
        ids.append(str(pk))
        current[state].append(_days(now - (changed or created)))
    spent: dict[str, list[int]] = defaultdict(list)
    changes = StatusChange.objects.filter(process=process.key, object_id__in=ids).order_by(
        "object_id", "at", "id"
    )
    previous = None
    for object_id, state, at in changes.values_list("object_id", "to_state", "at"):
        if previous and previous[0] == object_id:
            spent[previous[1]].append(_days(at - previous[2]))
        previous = (object_id, state, at)
    rows = []
    for state in process.states:
        now_in, left = current.get(state.key, []), spent.get(state.key, [])
        if not now_in and not left:
            continue
        rows.append(
            _row(
                state.key,
                state.label,
                len(now_in),
                _median(now_in),
                max(now_in, default=None),
                len(left),
                _median(left),
                max(left, default=None),
            )
        )
    columns = (
        "当前项目数",
        "已停留天数中位数",
        "已停留最长天数",
        "已办结次数",
        "办理天数中位数",
        "办理最长天数",
    )
    return _figure("projects_by_stage", columns, rows, charted=[0])


def provincial_by_stage(scope: str, filters: Filters) -> dict:
    from provincial.choices import ProvincialStage
    from provincial.models import ProvincialProject

    qs = ProvincialProject.objects.filter(filters.years("year"), filters.region("county_id"))
    counts = dict(qs.values_list("stage").annotate(n=Count("id")).order_by())
    rows = [_row(s.value, s.label, counts.get(s.value, 0)) for s in ProvincialStage]
    return _figure("provincial_by_stage", ["项目数"], rows)


def pilots_by_level_state(scope: str, filters: Filters) -> dict:
    from programs.choices import PILOT_PUBLIC_STATES, PilotLevel, PilotState
    from programs.models import PilotProject

    qs = PilotProject.objects.filter(
        filters.years("period_start__year"), filters.region("county_id")
    )
    if scope == Scope.PUBLIC:
        qs = qs.filter(state__in=PILOT_PUBLIC_STATES)
    counts = {
        (level, state): n
        for level, state, n in qs.values_list("level", "state").annotate(n=Count("id")).order_by()
    }
    rows = []
    for state in PilotState:
        values = [counts.get((level.value, state.value), 0) for level in PilotLevel]
        if any(values):
            rows.append(_row(state.value, state.label, *values, sum(values)))
    columns = [*PilotLevel.labels, "合计"]
    return _figure(
        "pilots_by_level_state", columns, rows, charted=range(len(PilotLevel)), unit="个"
    )


# --- money: awards paid against budget --------------------------------------------------------


def _yuan(value) -> str:
    return f"{Decimal(value or 0).quantize(Decimal('0.01')):.2f}"


def awards_by_year(scope: str, filters: Filters) -> dict:
    """Per policy year: the budget (citywide), what was paid on that year's applications (of the
    county's organizations under a county filter) and the share paid, in yuan with 2 decimals."""
    from programs.models import SubsidyPayment, SubsidyPolicy

    policies = SubsidyPolicy.objects.filter(filters.years("year"))
    budgets = dict(policies.values_list("year", "budget"))
    paid = dict(
        SubsidyPayment.objects.filter(
            filters.years("application__policy__year"),
            filters.region("application__organization__region_id"),
        )
        .values_list("application__policy__year")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    rows = []
    for year in sorted(set(budgets) | set(paid)):
        budget, amount = budgets.get(year) or Decimal(0), paid.get(year) or Decimal(0)
        share = f"{(amount / budget * 100).quantize(Decimal('0.01')):.2f}" if budget else None
        rows.append(_row(year, f"{year}年", _yuan(budget), _yuan(amount), share))
    return _figure(
        "awards_by_year",
        ["预算（元）", "已拨付（元）", "拨付比例（%）"],
        rows,
        charted=[0, 1],
        unit="元",
        money=[0, 1],
        decimals=[2],
    )


# --- the site ---------------------------------------------------------------------------------


def users_by_month(scope: str, filters: Filters) -> dict:
    """Accounts registered per month (Asia/Shanghai), active accounts only."""
    qs = get_user_model().objects.filter(is_active=True, **_joined_years(filters))
    rows = (
        qs.annotate(month=TruncMonth("date_joined"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    data = []
    for month, n in rows:
        label = (
            f"{timezone.localtime(month):%Y-%m}"
            if isinstance(month, dt.datetime)
            else str(month)[:7]
        )
        data.append(_row(label, label, n))
    return _figure("users_by_month", ["新注册用户数"], data, chart="line", unit="人")


def _joined_years(filters: Filters) -> dict:
    """The year range on date_joined as aware bounds (Asia/Shanghai), not a year lookup."""
    bounds = {}
    tz = timezone.get_current_timezone()
    if filters.year_from:
        bounds["date_joined__gte"] = dt.datetime(filters.year_from, 1, 1, tzinfo=tz)
    if filters.year_to:
        bounds["date_joined__lt"] = dt.datetime(filters.year_to + 1, 1, 1, tzinfo=tz)
    return bounds


# --- the registry -----------------------------------------------------------------------------


SPECS: dict[str, Spec] = {
    spec.key: spec
    for spec in (
        Spec(
            "catalog_by_kind",
            "标准目录（按类型）",
            catalog_by_kind,
            description="平台收录的标准，按标准类型统计（按发布年度筛选）。",
        ),
        Spec(
            "catalog_by_status",
            "标准目录（按状态）",
            catalog_by_status,
            description="平台收录的标准，按现行、即将实施、废止统计。",
        ),
        Spec(
            "local_by_kind",
            "本地单位主导和参与制定的标准（按类型）",
            local_by_kind,
            description="济宁市机构作为起草单位的标准；第一起草单位或主要起草单位为本地机构的计为主导。",
        ),
        Spec(
            "local_by_year",
            "本地单位主导和参与制定的标准（按发布年度）",
            local_by_year,
            description="按标准发布年度统计。",
        ),
        Spec(
            "local_by_county",
            "本地单位主导和参与制定的标准（按县市区和功能区）",
            local_by_county,
            description="按起草单位所在县(市、区)或功能区统计；多个县区的单位共同起草的标准在各县区分别计入，因此各行之和可能大于标准总数。",
        ),
        Spec(
            "local_by_cluster",
            "本地单位主导和参与制定的标准（按产业集群）",
            local_by_cluster,
            description="按起草单位所属的“231”产业集群统计；一个机构可属于多个集群。",
        ),
        Spec(
            "enterprise_by_county",
            "企业自我声明公开的企业标准（按县市区和功能区）",
            enterprise_by_county,
            description="本地企业作为起草单位的企业标准（Q/ 开头），按企业所在县(市、区)或功能区统计。",
        ),
        Spec(
            "enterprise_by_year",
            "企业自我声明公开的企业标准（按年度）",
            enterprise_by_year,
            description="本地企业的企业标准，按发布年度统计。",
        ),
        Spec(
            "projects_by_stage",
            "市级地方标准项目（按环节和办理时长）",
            projects_by_stage,
            description="各环节当前项目数及其在该环节已停留的天数；已办结次数与办理天数来自流转记录（自然日）。公开统计只含已下达计划的项目。",
        ),
        Spec(
            "provincial_by_stage",
            "省级地方标准承担项目（按阶段）",
            provincial_by_stage,
            description="济宁市单位承担的山东省地方标准项目，按所处阶段统计。",
        ),
        Spec(
            "pilots_by_level_state",
            "标准化试点示范项目（按级别和状态）",
            pilots_by_level_state,
            description="公开统计只含已进入建设期及之后的项目。",
        ),
        Spec(
            "awards_by_year",
            "资助奖励预算与拨付（按年度）",
            awards_by_year,
            public=False,
            description="各年度资助奖励政策预算与已拨付金额（元）；按县区筛选时预算为全市数。",
        ),
        Spec(
            "users_by_month",
            "注册用户（按月）",
            users_by_month,
            description="每月新注册的有效账号数。",
        ),
    )
}


def keys_for(scope: str) -> list[str]:
    return [k for k, spec in SPECS.items() if scope == Scope.BUREAU or spec.public]


def figure(key: str, scope: str, filters: Filters | None = None) -> dict:
    """One figure, computed now."""
    if key not in keys_for(scope):
        raise KeyError(key)
    return SPECS[key].build(scope, filters or Filters())


def compute(scope: str, filters: Filters | None = None) -> dict:
    """Every figure the scope may see, and the site figures, computed now (about 16 queries)."""
    from insight.site import site_figures

    filters = filters or Filters()
    figures = [SPECS[key].build(scope, filters) for key in keys_for(scope)]
    return {
        "scope": str(scope),
        "filters": filters.as_dict(),
        "site": site_figures(),
        "figures": figures,
    }
