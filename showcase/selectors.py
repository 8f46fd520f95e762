"""Reads of the showcase: every kind of achievement read from its own records, one list.

Derived kinds are never copied: each is a query over its source in its final, public state
(published DB3708/T standards in force, pilots named and not revoked, forerunner results,
awards approved after their publicity, upgrades between public standards), and the curated items
the bureau published. The page is one UNION query of (kind, id, year, date) rows, ordered and
sliced in the database, then one query per kind on the page to fetch what is shown: the number
of queries does not grow with the number of achievements."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import (
    CharField,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.urls import reverse

from showcase.choices import Kind
from showcase.models import ShowcaseImage, ShowcaseItem

# The states in which a source is an achievement.
PILOT_STATES = ("passed", "re_review")  # named; under 复评 it keeps its title until revoked
AWARD_STATES = ("approved", "paid", "evaluated", "archived")  # decided after the 公示
STANDARD_STATUSES = ("current", "upcoming")
MUNICIPAL_PREFIX = "DB3708"

HOME_LIMIT = 4


@dataclass
class Entry:
    """One achievement as the pages and the API show it, whatever its source."""

    kind: str
    pk: int
    title: str
    year: int | None
    subtitle: str = ""
    summary: str = ""
    county: str = ""
    organization: str = ""
    source_url: str = ""
    amount: Decimal | None = None
    standards: list[str] = field(default_factory=list)
    image: ShowcaseImage | None = None
    record: object = None

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label

    @property
    def url(self) -> str:
        return reverse("showcase:detail", args=[self.kind, self.pk])


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    year: int | None = None
    county: str = ""  # Region code (县(市、区))
    industry: str = ""  # GB/T 4754 门类 letter


def _section(prefix: str, code: str) -> Q:
    """Organizations (at `prefix`) whose industry is the 门类 `code` or lies under it."""
    return (
        Q(**{f"{prefix}_id": code})
        | Q(**{f"{prefix}__parent_id": code})
        | Q(**{f"{prefix}__parent__parent_id": code})
        | Q(**{f"{prefix}__parent__parent__parent_id": code})
    )


# Within a year: what the bureau presents first, then pilots, standards… and the award lists last
# (they are many and alike).
RANK = ["curated", "pilot", "standard", "forerunner", "upgrade", "award"]


def _rows(qs: QuerySet, kind: str, year, date) -> QuerySet:
    """The common columns of the union (all annotations, in the same order)."""
    return (
        qs.order_by()
        .annotate(
            s_kind=Value(kind, output_field=CharField()),
            s_id=Cast("pk", IntegerField()),
            s_year=Cast(year, IntegerField()),
            s_rank=Value(RANK.index(kind), output_field=IntegerField()),
            s_date=Cast(date, DateField()),
        )
        .values_list("s_kind", "s_id", "s_year", "s_rank", "s_date")
    )


def _standards(f: Filters) -> QuerySet:
    from catalog.models import Standard, StandardDraftingOrganization

    qs = Standard.objects.public().filter(
        kind="municipal", code_key__startswith=MUNICIPAL_PREFIX, status__in=STANDARD_STATUSES
    )
    if f.year:
        qs = qs.filter(issue_date__year=f.year)
    units = StandardDraftingOrganization.objects.filter(standard=OuterRef("pk"))
    if f.county:
        qs = qs.filter(Exists(units.filter(organization__region_id=f.county)))
    if f.industry:
        qs = qs.filter(Exists(units.filter(_section("organization__industry", f.industry))))
    return _rows(qs, Kind.STANDARD, ExtractYear("issue_date"), "issue_date")


def _pilots(f: Filters) -> QuerySet:
    from programs.models import PilotProject

    qs = PilotProject.objects.filter(state__in=PILOT_STATES)
    year = ExtractYear(Coalesce("named_on", "period_end"))
    if f.year:
        qs = qs.annotate(named_year=year).filter(named_year=f.year)
    if f.county:
        qs = qs.filter(
            Q(county_id=f.county) | Q(county__isnull=True, organization__region_id=f.county)
        )
    if f.industry:
        qs = qs.filter(_section("organization__industry", f.industry))
    return _rows(qs, Kind.PILOT, year, Coalesce("named_on", "period_end"))


def _forerunners(f: Filters) -> QuerySet:
    from programs.models import Forerunner

    qs = Forerunner.objects.all()
    if f.year:
        qs = qs.filter(year=f.year)
    if f.county:
        qs = qs.filter(organization__region_id=f.county)
    if f.industry:
        qs = qs.filter(_section("organization__industry", f.industry))
    return _rows(qs, Kind.FORERUNNER, "year", "created_at")


def _upgrades(f: Filters) -> QuerySet:
    from programs.models import StandardUpgrade

    qs = StandardUpgrade.objects.visible_to(None)
    if f.year:
        qs = qs.filter(year=f.year)
    if f.county:
        qs = qs.filter(organization__region_id=f.county)
    if f.industry:
        qs = qs.filter(_section("organization__industry", f.industry))
    return _rows(qs, Kind.UPGRADE, "year", "created_at")


def _awards(f: Filters) -> QuerySet:
    """Approved applications of a round whose allocation notice (公示) is public: the names and
    amounts were published by the bureau; a claw-back takes the award off."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from programs.models import SubsidyApplication, SubsidyPolicy
    from publicity.models import Notice

    notices = Notice.objects.filter(
        content_type=ContentType.objects.get_for_model(SubsidyPolicy),
        object_id=Cast(OuterRef("policy_id"), CharField()),
        starts_on__lte=timezone.localdate(),
    )
    qs = SubsidyApplication.objects.filter(state__in=AWARD_STATES).filter(Exists(notices))
    if f.year:
        qs = qs.filter(policy__year=f.year)
    if f.county:
        qs = qs.filter(organization__region_id=f.county)
    if f.industry:
        qs = qs.filter(_section("organization__industry", f.industry))
    return _rows(qs, Kind.AWARD, "policy__year", Coalesce("state_changed_at", "created_at"))


def _curated(f: Filters, user=None) -> QuerySet:
    qs = ShowcaseItem.objects.public()
    if f.year:
        qs = qs.filter(year=f.year)
    if f.county:
        qs = qs.filter(county_id=f.county)
    if f.industry:
        qs = qs.filter(industry_id=f.industry)
    return _rows(qs, Kind.CURATED, "year", Coalesce("published_at", "created_at"))


SOURCES = {
    Kind.STANDARD: _standards,
    Kind.PILOT: _pilots,
    Kind.FORERUNNER: _forerunners,
    Kind.AWARD: _awards,
    Kind.UPGRADE: _upgrades,
    Kind.CURATED: _curated,
}


# Newest year first, then each kind's rank, newest date, newest record.
ORDER = ("-s_year", "s_rank", "-s_date", "-s_id")
_ORDER_SQL = ", ".join(f"{f.lstrip('-')} {'DESC' if f.startswith('-') else 'ASC'}" for f in ORDER)


def achievements(filters: Filters | None = None) -> QuerySet:
    """(kind, id, year, rank, date) rows of every public achievement matching `filters`, newest
    year first: one query, sliceable and countable (a paginator's page is one slice)."""
    f = filters or Filters()
    kinds = [Kind(f.kind)] if f.kind in Kind.values else list(SOURCES)
    parts = [SOURCES[k](f) for k in kinds]
    qs = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return qs.order_by(*ORDER)


def achievements_page(filters: Filters | None, number, per_page: int) -> Page:
    """A page of (kind, id, year) rows of `achievements` and their total from one query: a window COUNT over the UNION
    instead of a COUNT query and a slice query (compiling the six-part UNION twice cost more than
    running it). Past the last page, the paginator's usual two queries find the last page."""
    qs = achievements(filters)
    paginator = Paginator(qs, per_page)
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if number < 1:
        return paginator.get_page(number)
    sql, params = qs.order_by().query.sql_with_params()
    sql = (
        f"SELECT s_kind, s_id, s_year, COUNT(*) OVER () FROM ({sql}) achievements"  # noqa: S608
        f" ORDER BY {_ORDER_SQL} LIMIT %s OFFSET %s"
    )  # the inner SQL is the ORM's, its values are parameters
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, [*params, per_page, (number - 1) * per_page])
        rows = cursor.fetchall()
    if not rows and number > 1:
        return paginator.get_page(number)
    paginator.count = rows[0][-1] if rows else 0  # a cached_property: set, it is not queried
    return Page([row[:-1] for row in rows], number, paginator)


# --- hydration: one query per kind present on the page --------------------------------------------


def _name(region) -> str:
    return region.name if region is not None else ""


def _hydrate_standards(ids):
    from catalog.models import Standard

    for s in Standard.objects.filter(pk__in=ids).only(
        "id", "code", "code_key", "title", "issue_date", "scope"
    ):
        yield Entry(
            Kind.STANDARD,
            s.pk,
            f"{s.code} {s.title}",
            s.issue_date.year if s.issue_date else None,
            subtitle=f"{s.issue_date:%Y-%m-%d} 发布" if s.issue_date else "",
            summary=s.scope,
            source_url=s.get_absolute_url(),
            record=s,
        )


def _hydrate_pilots(ids):
    from programs.models import PilotProject

    for p in PilotProject.objects.filter(pk__in=ids).select_related(
        "organization__region", "county"
    ):
        named = p.named_on or p.period_end
        yield Entry(
            Kind.PILOT,
            p.pk,
            p.title,
            named.year if named else None,
            subtitle=f"{p.get_level_display()}标准化试点示范 · {p.get_domain_display()}",
            summary=p.achievements or p.objectives,
            county=_name(p.county or p.organization.region),
            organization=p.organization.name,
            source_url=p.get_absolute_url(),
            record=p,
        )


def _hydrate_forerunners(ids):
    from programs.models import Forerunner

    for r in Forerunner.objects.filter(pk__in=ids).select_related("organization__region"):
        yield Entry(
            Kind.FORERUNNER,
            r.pk,
            f"{r.field} 企业标准领跑者",
            r.year,
            subtitle=f"{r.enterprise_name} · {r.standard_code}",
            summary=f"评估机构：{r.assessment_body}",
            county=_name(r.organization.region if r.organization else None),
            organization=r.enterprise_name,
            source_url=reverse("programs:forerunner_list"),
            standards=[r.standard_code],
            record=r,
        )


def _hydrate_upgrades(ids):
    from programs.models import StandardUpgrade

    for u in StandardUpgrade.objects.filter(pk__in=ids).select_related(
        "from_standard", "organization__region"
    ):
        yield Entry(
            Kind.UPGRADE,
            u.pk,
            f"{u.from_standard.code} 升级为{u.get_level_display()} {u.to_code}",
            u.year,
            subtitle=u.from_standard.title,
            county=_name(u.organization.region if u.organization else None),
            organization=u.organization.name if u.organization else "",
            source_url=u.from_standard.get_absolute_url(),
            standards=[u.from_standard.code, u.to_code],
            record=u,
        )


def _hydrate_awards(ids):
    from programs.models import SubsidyApplication, SubsidyItem

    funded = Prefetch(
        "items", queryset=SubsidyItem.objects.filter(amount__gt=0).order_by("line"), to_attr="paid"
    )
    for a in (
        SubsidyApplication.objects.filter(pk__in=ids)
        .select_related("policy", "organization__region")
        .prefetch_related(funded)
    ):
        yield Entry(
            Kind.AWARD,
            a.pk,
            f"{a.organization.name} 获{a.policy.year}年度标准化资助奖励",
            a.policy.year,
            subtitle=a.policy.title,
            county=_name(a.organization.region),
            organization=a.organization.name,
            source_url=reverse("programs:award_notices"),
            amount=a.granted,
            standards=[i.code for i in a.paid],
            record=a,
        )


def _cover() -> Prefetch:
    return Prefetch(
        "images", queryset=ShowcaseImage.objects.order_by("position", "id"), to_attr="ordered"
    )


def _curated_entry(item: ShowcaseItem) -> Entry:
    images = getattr(item, "ordered", None)
    return Entry(
        Kind.CURATED,
        item.pk,
        item.title,
        item.year,
        subtitle=item.get_category_display(),
        summary=item.summary,
        county=_name(item.county),
        image=images[0] if images else None,
        record=item,
    )


def _hydrate_curated(ids):
    for item in (
        ShowcaseItem.objects.filter(pk__in=ids).select_related("county").prefetch_related(_cover())
    ):
        yield _curated_entry(item)


HYDRATE = {
    Kind.STANDARD: _hydrate_standards,
    Kind.PILOT: _hydrate_pilots,
    Kind.FORERUNNER: _hydrate_forerunners,
    Kind.AWARD: _hydrate_awards,
    Kind.UPGRADE: _hydrate_upgrades,
    Kind.CURATED: _hydrate_curated,
}


def entries(rows) -> list[Entry]:
    """The entries of (kind, id, …) rows, in the rows' order."""
    rows = list(rows)
    by_kind: dict[str, list[int]] = {}
    for kind, pk, *_ in rows:
        by_kind.setdefault(kind, []).append(pk)
    found = {(e.kind, e.pk): e for k, ids in by_kind.items() for e in HYDRATE[Kind(k)](ids)}
    return [found[(kind, pk)] for kind, pk, *_ in rows if (kind, pk) in found]


def entry_get(kind: str, pk: int, user) -> Entry | None:
    """One achievement as the user may see it (None: not public, or not an achievement now).
    The bureau also sees its own curated drafts."""
    if kind not in Kind.values:
        return None
    if kind == Kind.CURATED:
        item = (
            ShowcaseItem.objects.visible_to(user)
            .select_related("county", "industry", "organization", "standard", "plan_item")
            .prefetch_related(_cover())
            .filter(pk=pk)
            .first()
        )
        return _curated_entry(item) if item is not None else None
    rows = SOURCES[Kind(kind)](Filters()).filter(pk=pk)
    return next(iter(entries(rows)), None)


def linked_records(item: ShowcaseItem, user) -> list[tuple[str, str, str]]:
    """(label, text, url) of the records a curated item names, each only if the user may see it:
    a private standard, an unverified organization or a draft plan item is not mentioned."""
    from catalog.models import Standard
    from directory.models import Organization
    from programs.models import PlanItem

    links = []
    if item.standard_id and Standard.objects.visible_to(user).filter(pk=item.standard_id).exists():
        s = item.standard
        links.append(("相关标准", f"{s.code} {s.title}", s.get_absolute_url()))
    if (
        item.organization_id
        and Organization.objects.visible_to(user).filter(pk=item.organization_id).exists()
    ):
        o = item.organization
        links.append(("相关机构", o.name, o.get_absolute_url()))
    if (
        item.plan_item_id
        and PlanItem.objects.visible_to(user).filter(pk=item.plan_item_id).exists()
    ):
        p = item.plan_item
        links.append(("相关建设项目", p.title, p.get_absolute_url()))
    return links


def home_featured(limit: int = HOME_LIMIT) -> list[Entry]:
    """Featured published curated items for the home page, in the bureau's order (two bounded
    queries: the items and their first images)."""
    items = (
        ShowcaseItem.objects.public()
        .filter(featured=True)
        .select_related("county")
        .prefetch_related(_cover())
        .order_by("position", "-published_at", "-id")[:limit]
    )
    return [_curated_entry(i) for i in items]


def public_images(item: ShowcaseItem) -> list[ShowcaseImage]:
    return list(item.images.select_related("document").order_by("position", "id"))


def image_visible(pk: int, user) -> ShowcaseImage | None:
    """An image the user may see: of a published item, or any for the bureau."""
    items = ShowcaseItem.objects.visible_to(user)
    return ShowcaseImage.objects.select_related("document").filter(pk=pk, item__in=items).first()


def year_choices() -> list[int]:
    """Years offered by the filter: this year back to 2000 (no query)."""
    from django.utils import timezone

    this_year = timezone.localdate().year
    return list(range(this_year, 1999, -1))


def manage_items() -> QuerySet[ShowcaseItem]:
    return ShowcaseItem.objects.select_related("county").order_by(
        "position", "-published_at", "-id"
    )
