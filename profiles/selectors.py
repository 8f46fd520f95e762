"""Reads of the standardization profile, always scoped to the user.

Who sees what: the organization's own members, the county officer of its county and the bureau
see the whole profile (score, recommendations, every record in any state); everyone else sees
only the public parts of a verified organization: public standards, named pilots, awards after
their publicity, forerunner results, verified specialists, committee seats, clusters."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from catalog.choices import DraftingRole, Kind
from catalog.models import SCOPE_ALL, StandardDraftingOrganization, search_scopes
from directory.models import CommitteeMember, Organization, Specialist
from profiles.models import OrganizationScore

LIST_CAP = 20  # rows per list on the profile page (a paginated list for the standards)
PUBLIC_AWARD_STATES = ("approved", "paid", "evaluated", "archived")

LED_Q = Q(position=1) | Q(role=DraftingRole.LEAD)


def organization_for_profile(*, user, pk: int) -> Organization:
    """The organization whose profile the user may open (404 otherwise)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Organization.objects.visible_to(user).select_related("region", "industry"), pk=pk
    )


def is_insider(organization: Organization, user) -> bool:
    """Members, the county officer of its county and the bureau see the whole profile."""
    return Organization.objects.internal_visible_to(user).filter(pk=organization.pk).exists()


def drafting_links(organization: Organization, user) -> QuerySet[StandardDraftingOrganization]:
    """The drafting units linked to the organization, on standards the user may see."""
    links = StandardDraftingOrganization.objects.filter(organization=organization)
    # A join on the flag, not `standard__in=<visible standards>`: SQLite would materialize
    # every visible id of a million-row catalog for each query.
    if SCOPE_ALL in search_scopes(user):
        return links
    return links.filter(standard__is_public=True)


def led(links: QuerySet) -> QuerySet:
    return links.filter(LED_Q)


def joined(links: QuerySet) -> QuerySet:
    return links.exclude(LED_Q)


def _page(queryset, number, size=LIST_CAP, count=None):
    """A page of drafting links; with `count` known (from the grouped counts) the paginator
    asks no COUNT, and an empty list asks nothing."""
    if count == 0:
        queryset = queryset.none()
    paginator = Paginator(
        queryset.select_related("standard").order_by("-standard__issue_date", "standard_id"), size
    )
    if count is not None:
        paginator.count = count  # a cached_property: set, it is not computed
    return paginator.get_page(number)


def counts_by_kind_and_year(links: QuerySet) -> dict:
    """{"kinds": [(label, led, joined)], "years": [(year, led, joined)], "led": n, "joined": m,
    "enterprise": k}: one grouped query by kind × year (bounded by kinds × years)."""
    labels = dict(Kind.choices)
    rows = (
        links.annotate(year=ExtractYear("standard__issue_date"))
        .values("standard__kind", "year")
        .annotate(led=Count("id", filter=LED_Q), total=Count("id"))
        .order_by()
    )
    kinds: dict[str, list[int]] = {}
    years: dict[int | None, list[int]] = {}
    for r in rows:
        for bucket in (
            kinds.setdefault(r["standard__kind"], [0, 0]),
            years.setdefault(r["year"], [0, 0]),
        ):
            bucket[0] += r["led"]
            bucket[1] += r["total"] - r["led"]
    led_total = sum(v[0] for v in kinds.values())
    return {
        "kinds": [(labels.get(k, k), v[0], v[1]) for k, v in sorted(kinds.items())],
        # Newest first, the unknown year (NULL) last, as ORDER BY year DESC on SQLite/PostgreSQL
        # would not agree on: NULL sorts last here on both.
        "years": [
            (y or "不详", v[0], v[1])
            for y, v in sorted(years.items(), key=lambda i: (i[0] is None, -(i[0] or 0)))
        ][:LIST_CAP],
        "led": led_total,
        "joined": sum(v[1] for v in kinds.values()),
        "enterprise": sum(kinds.get(Kind.ENTERPRISE, [0, 0])),
    }


def led_and_joined_counts(*, organizations=None, public_only: bool = True) -> dict[int, dict]:
    """{organization id: {"led": n, "joined": m}} in one grouped query (for dashboards: the
    standards each organization led (first drafting unit or role lead) or joined)."""
    qs = StandardDraftingOrganization.objects.filter(organization__isnull=False)
    if public_only:
        qs = qs.filter(standard__is_public=True)
    if organizations is not None:
        qs = qs.filter(organization__in=organizations)
    rows = (
        qs.values("organization_id")
        .annotate(led=Count("id", filter=LED_Q), total=Count("id"))
        .order_by()
    )
    return {r["organization_id"]: {"led": r["led"], "joined": r["total"] - r["led"]} for r in rows}


@dataclass
class Profile:
    organization: Organization
    insider: bool
    led: object  # a Page of drafting links
    joined: object
    counts: dict
    self_declared: list
    projects: list
    pilots: list
    awards: list
    payments: list
    forerunners: list
    specialists: list
    seats: list
    clusters: list
    score: OrganizationScore | None
    live: dict  # recommendations computed now (open calls, open consultations)


def profile_of(organization: Organization, *, user, led_page=1, joined_page=1) -> Profile:
    """Every part of an organization's profile the user may see, each list capped or paged: a
    constant number of queries however many standards the organization drafted."""
    from drafting.models import LocalStandardProject
    from programs.choices import FUNDED_STATES
    from programs.models import Forerunner, PilotProject, SubsidyApplication, SubsidyPayment

    insider = is_insider(organization, user)
    links = drafting_links(organization, user)
    projects = (
        LocalStandardProject.objects.visible_to(user)
        .filter(Q(organization=organization) | Q(units__organization=organization))
        .distinct()
        .order_by("-year", "-id")
    )
    pilots = PilotProject.objects.visible_to(user) if insider else PilotProject.objects.public()
    awards = SubsidyApplication.objects.filter(organization=organization)
    awards = awards.filter(state__in=FUNDED_STATES if insider else PUBLIC_AWARD_STATES)
    awards = awards.select_related("policy").order_by("-policy__year", "-id")
    score = None
    live = {}
    if insider:
        score = (
            OrganizationScore.objects.filter(organization=organization)
            .select_related("model")
            .first()
        )
        from profiles.recommendations import live_recommendations

        live = live_recommendations(organization)
    counts = counts_by_kind_and_year(links)
    return Profile(
        organization=organization,
        insider=insider,
        led=_page(led(links), led_page, count=counts["led"]),
        joined=_page(joined(links), joined_page, count=counts["joined"]),
        counts=counts,
        self_declared=list(
            links.filter(standard__kind=Kind.ENTERPRISE)
            .select_related("standard")
            .order_by("-standard__issue_date")[:LIST_CAP]
        )
        if counts["enterprise"]
        else [],
        projects=list(projects[:LIST_CAP]),
        pilots=list(pilots.filter(organization=organization)[:LIST_CAP]),
        awards=list(awards[:LIST_CAP]),
        payments=list(
            SubsidyPayment.objects.visible_to(user).filter(application__organization=organization)[
                :LIST_CAP
            ]
        )
        if insider
        else [],
        forerunners=list(
            Forerunner.objects.filter(organization=organization).order_by("-year")[:LIST_CAP]
        ),
        specialists=list(
            Specialist.objects.visible_to(user).filter(organization=organization)[:LIST_CAP]
        ),
        seats=list(
            CommitteeMember.objects.filter(organization=organization)
            .select_related("committee")
            .order_by("committee__code")[:LIST_CAP]
        ),
        clusters=list(organization.clusters.all()),
        score=score,
        live=live,
    )


def ranking(*, user, county: str = "", industry: str = "", cluster: str = "") -> QuerySet:
    """Stored scores the officer may rank: the city all, a county officer their county's."""
    qs = OrganizationScore.objects.visible_to(user).select_related(
        "organization__region", "organization__industry", "model"
    )
    if not getattr(user, "is_bureau", False):
        if not user.county_id:
            return qs.none()
        qs = qs.filter(organization__region_id=user.county_id)
    if county:
        qs = qs.filter(organization__region_id=county)
    if industry:
        if industry.isalpha():  # 门类 (a letter): its 大类 and everything below
            qs = qs.filter(
                Q(organization__industry__code=industry)
                | Q(organization__industry__code__in=_codes_under(industry))
            )
        else:
            qs = qs.filter(organization__industry__code__startswith=industry)
    if cluster:
        qs = qs.filter(organization__clusters__code=cluster)
    return qs.order_by("-total", "organization__name")


def _codes_under(section: str) -> list[str]:
    from reference.models import IndustryClass

    divisions = list(IndustryClass.objects.filter(parent_id=section).values_list("code", flat=True))
    q = Q()
    for d in divisions:
        q |= Q(code__startswith=d)
    return list(IndustryClass.objects.filter(q).values_list("code", flat=True)) if divisions else []


def may_rank(user) -> bool:
    """The city bureau and county officers (their county) see the ranking."""
    return bool(
        user.is_authenticated
        and (getattr(user, "is_bureau", False) or "county_officer" in user.role_keys)
    )
