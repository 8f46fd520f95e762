"""Pages of the standardization profile (thin: selectors read, services write)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from catalog.models import StandardDraftingOrganization
from core.excel import xlsx_response
from core.pagecache import public_page
from directory.permissions import is_org_admin
from directory.selectors import organization_of
from directory.services import clusters_proposed_for, organization_clusters_set
from profiles import scoring, selectors, services
from profiles.excel import ranking_sheet
from profiles.forms import ClusterForm, RankingFilterForm, ScoreModelForm, UnitLinkForm
from profiles.models import ScoreModel

PAGE_SIZE = 20


def organization_profile_section(request, organization) -> str:
    """The profile's part of the organization page: clusters, the link to the profile, the
    score for those who may see it, the cluster form's link for its administrators."""
    user = request.user if request is not None else None
    insider = user is not None and selectors.is_insider(organization, user)
    score = (
        organization.profile_score if insider and hasattr(organization, "profile_score") else None
    )
    return render_to_string(
        "profiles/includes/organization_section.html",
        {
            "organization": organization,
            "clusters": list(organization.clusters.all()),
            "score": score,
            "insider": insider,
            "can_edit_clusters": user is not None
            and user.is_authenticated
            and (is_org_admin(user, organization) or getattr(user, "is_bureau", False)),
        },
        request,
    )


@public_page
def profile(request, pk: int):
    organization = selectors.organization_for_profile(user=request.user, pk=pk)
    data = selectors.profile_of(organization, user=request.user)
    return render(
        request,
        "profiles/profile.html",
        {
            "p": data,
            "organization": organization,
            "model": data.score.model if data.score else ScoreModel.objects.current(),
            "is_bureau": getattr(request.user, "is_bureau", False),
            "breakdown": breakdown_view(data.score),
        },
    )


BREAKDOWN_SHOWN = 40


def breakdown_view(score) -> dict:
    """The stored breakdown for the page: the first lines one by one, the rest summed (an
    organization with hundreds of standards keeps a readable page; the sum stays the total)."""
    if score is None:
        return {}
    lines = [
        {**line, "category_label": scoring.CATEGORY_LABELS.get(line["category"], "总分")}
        for line in score.breakdown
    ]
    shown, rest = lines[:BREAKDOWN_SHOWN], lines[BREAKDOWN_SHOWN:]
    rest_points = sum((Decimal(line["points"]) for line in rest), Decimal("0.00"))
    return {"lines": shown, "rest_count": len(rest), "rest_points": f"{rest_points:.2f}"}


def profile_standards(request, pk: int):
    """Every standard the organization led or joined, a page at a time."""
    organization = selectors.organization_for_profile(user=request.user, pk=pk)
    role = request.GET.get("role", "led")
    if role not in ("led", "joined"):
        raise Http404
    links = selectors.drafting_links(organization, request.user)
    links = selectors.led(links) if role == "led" else selectors.joined(links)
    paginator = Paginator(
        links.select_related("standard").order_by("-standard__issue_date", "standard_id"),
        PAGE_SIZE,
    )
    return render(
        request,
        "profiles/standards.html",
        {
            "organization": organization,
            "role": role,
            "page_obj": paginator.get_page(request.GET.get("page")),
            "paginator": paginator,
            "is_bureau": getattr(request.user, "is_bureau", False),
        },
    )


@login_required
def mine(request):
    """The signed-in user's own organization's profile."""
    organization = organization_of(request.user)
    if organization is None:
        messages.info(request, "您还没有加入机构，加入或登记机构后可查看本单位的标准化档案。")
        return redirect("accounts:profile")
    return redirect("profiles:profile", pk=organization.pk)


@login_required
@require_POST
def refresh(request, pk: int):
    """The bureau recomputes one organization's score now."""
    organization = selectors.organization_for_profile(user=request.user, pk=pk)
    if not request.user.is_bureau:
        raise PermissionDenied
    stored = services.organization_score_refresh(organization=organization, actor=request.user)
    messages.success(request, f"已重新计算：{stored.total} 分")
    return redirect("profiles:profile", pk=pk)


@login_required
def unit(request, pk: int):
    """The bureau links a drafting unit by hand, confirms its link or undoes it."""
    if not request.user.is_bureau:
        raise PermissionDenied
    unit = get_object_or_404(
        StandardDraftingOrganization.objects.select_related("standard", "organization"), pk=pk
    )
    form = UnitLinkForm(request.POST if request.POST.get("action") == "link" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        target = None
        if action == "link":
            if not form.is_valid():
                return render(request, "profiles/unit.html", {"unit": unit, "form": form})
            target = form.cleaned_data["uscc"]
        elif action == "confirm":
            target = unit.organization
            if target is None:
                messages.error(request, "该起草单位尚未关联机构，无可确认的关联")
                return redirect("profiles:unit", pk=pk)
        elif action != "unlink":
            raise Http404
        services.drafting_unit_decide(unit=unit, organization=target, actor=request.user)
        messages.success(request, "已保存（人工确认的关联不会被自动匹配改变）")
        return redirect(request.POST.get("next") or reverse("profiles:unit", args=[pk]))
    return render(request, "profiles/unit.html", {"unit": unit, "form": form})


@login_required
def clusters(request, pk: int):
    """The organization's administrators (or the bureau) say which clusters it belongs to."""
    organization = selectors.organization_for_profile(user=request.user, pk=pk)
    if not (is_org_admin(request.user, organization) or request.user.is_bureau):
        raise PermissionDenied
    current = list(organization.clusters.all())
    initial = current or clusters_proposed_for(organization.industry)
    form = ClusterForm(request.POST or None, initial={"clusters": initial})
    if request.method == "POST" and form.is_valid():
        try:
            organization_clusters_set(
                organization=organization,
                clusters=form.cleaned_data["clusters"],
                actor=request.user,
            )
        except (PermissionDenied, ValidationError) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存所属产业集群")
            return redirect(organization.get_absolute_url())
    return render(
        request,
        "profiles/clusters.html",
        {
            "organization": organization,
            "form": form,
            "proposed": clusters_proposed_for(organization.industry),
        },
    )


@login_required
def ranking(request):
    """标准化水平排名: the city sees all, a county officer their county."""
    if not selectors.may_rank(request.user):
        raise PermissionDenied
    fixed = None if request.user.is_bureau else request.user.county
    form = RankingFilterForm(request.GET or None, county_fixed=fixed)
    filters = {"county": "", "industry": "", "cluster": ""}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "county": data["county"].code if data.get("county") else "",
            "industry": data.get("industry") or "",
            "cluster": data["cluster"].code if data.get("cluster") else "",
        }
    qs = selectors.ranking(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        rows = list(qs[:10_000])
        for rank, row in enumerate(rows, start=1):
            row.rank = rank
        return xlsx_response(ranking_sheet().write(rows), "标准化水平排名.xlsx")
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    start = (page.number - 1) * PAGE_SIZE
    for offset, row in enumerate(page.object_list, start=1):
        row.rank = start + offset
    return render(
        request,
        "profiles/ranking.html",
        {"form": form, "page_obj": page, "paginator": paginator, "county_fixed": fixed},
    )


@login_required
def model_edit(request):
    """The bureau reads the score model in force and publishes a new version."""
    if not request.user.is_bureau:
        raise PermissionDenied
    current = services.score_model_default()
    form = ScoreModelForm(request.POST or None, model=current)
    if request.method == "POST" and form.is_valid():
        try:
            model = services.score_model_publish(**form.values(), actor=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                f"已发布评分模型第 {model.version} 版；今晚的计算（或“重新计算”）将使用新版本",
            )
            return redirect("profiles:model")
    return render(
        request,
        "profiles/model.html",
        {"form": form, "model": current, "versions": ScoreModel.objects.all()[:20]},
    )
