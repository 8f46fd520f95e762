"""The profile API: `GET /api/v1/organizations/{id}/profile/` (the same visibility as the page)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from profiles import selectors

API_CAP = 50


class BreakdownLineSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="计分项目，如标准号和名称")
    points = serializers.CharField(help_text="得分（两位小数的字符串；各项之和等于 score）")
    category = serializers.CharField(help_text="类别：standards、breadth、pilots、awards 等")
    reason = serializers.CharField(help_text="计分依据")


class DraftedStandardSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="标准号")
    title = serializers.CharField(help_text="标准名称")
    kind = serializers.CharField(help_text="标准类型")
    year = serializers.IntegerField(allow_null=True, help_text="发布年份")
    position = serializers.IntegerField(help_text="起草单位排序")
    match = serializers.CharField(help_text="关联方式：uscc、name、manual 或空")


class RecommendedItemSerializer(serializers.Serializer):
    title = serializers.CharField(help_text="标准名称、通知或征求意见的标题")
    url = serializers.CharField(help_text="站内链接")
    code = serializers.CharField(required=False, help_text="标准号（标准类推荐）")


class RecommendationsSerializer(serializers.Serializer):
    industry = RecommendedItemSerializer(many=True, help_text="本行业现行标准（至多 10 项）")
    outdated = RecommendedItemSerializer(
        many=True, help_text="本单位关注或起草、已废止或被代替的标准（至多 10 项）"
    )
    calls = RecommendedItemSerializer(many=True, help_text="可申报的征集通知")
    consultations = RecommendedItemSerializer(many=True, help_text="本领域正在征求意见的草案")


class NamedSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="名称")
    detail = serializers.CharField(help_text="补充说明（年份、级别、状态等）")


class ProfileSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="机构编号")
    name = serializers.CharField(help_text="机构名称")
    full = serializers.BooleanField(
        help_text="true：本机构成员、所在县的县级监管部门或市局看到的完整档案；false：公开部分"
    )
    score = serializers.CharField(
        allow_null=True, help_text="标准化水平得分（仅完整档案；尚未计算时为 null）"
    )
    model_version = serializers.IntegerField(allow_null=True, help_text="评分模型版本")
    breakdown = BreakdownLineSerializer(many=True, help_text="得分明细，各项之和等于 score")
    led_count = serializers.IntegerField(help_text="主导制定的标准数")
    joined_count = serializers.IntegerField(help_text="参与制定的标准数")
    led = DraftedStandardSerializer(many=True, help_text="主导制定的标准（最新的 50 项）")
    joined = DraftedStandardSerializer(many=True, help_text="参与制定的标准（最新的 50 项）")
    pilots = NamedSerializer(many=True, help_text="试点示范")
    awards = NamedSerializer(many=True, help_text="资助奖励")
    forerunners = NamedSerializer(many=True, help_text="企业标准领跑者")
    specialists = NamedSerializer(many=True, help_text="标准化专员")
    committee_seats = NamedSerializer(many=True, help_text="技术委员会委员")
    clusters = NamedSerializer(many=True, help_text="所属产业集群")
    recommendations = RecommendationsSerializer(
        allow_null=True, help_text="精准信息服务（仅完整档案）"
    )


def _links(queryset) -> list[dict]:
    return [
        {
            "code": link.standard.code,
            "title": link.standard.title,
            "kind": link.standard.get_kind_display(),
            "year": link.standard.year,
            "position": link.position,
            "match": link.match,
        }
        for link in queryset.select_related("standard").order_by(
            "-standard__issue_date", "standard_id"
        )[:API_CAP]
    ]


@extend_schema(
    summary="机构标准化档案",
    description=(
        "一个机构的标准化档案：主导和参与制定的标准、试点示范、资助奖励、领跑者、标准化专员、"
        "技术委员会委员、产业集群。本机构的用户、所在县的县级监管部门和市局得到完整档案"
        "（含标准化水平得分 score、得分明细 breakdown 和推荐信息 recommendations）；"
        "其他人只能查看已认证机构的公开部分，score 和 recommendations 为 null。"
    ),
    responses=ProfileSerializer,
    tags=["organizations"],
)
@api_view(["GET"])
@permission_classes([AllowAny])
def organization_profile(request, pk: int):
    organization = selectors.organization_for_profile(user=request.user, pk=pk)
    p = selectors.profile_of(organization, user=request.user)
    links = selectors.drafting_links(organization, request.user)
    score = p.score
    recommendations = None
    if p.insider:
        stored = score.recommendations if score else {}
        recommendations = {
            "industry": stored.get("industry", []),
            "outdated": stored.get("outdated", []),
            "calls": p.live.get("calls", []),
            "consultations": p.live.get("consultations", []),
        }
    data = {
        "id": organization.pk,
        "name": organization.name,
        "full": p.insider,
        "score": f"{score.total:.2f}" if score else None,
        "model_version": score.model.version if score else None,
        "breakdown": score.breakdown if score else [],
        "led_count": p.led.paginator.count,
        "joined_count": p.joined.paginator.count,
        "led": _links(selectors.led(links)),
        "joined": _links(selectors.joined(links)),
        "pilots": [
            {"name": x.title, "detail": f"{x.get_level_display()} {x.get_state_display()}"}
            for x in p.pilots
        ],
        "awards": [
            {"name": f"{a.policy.year}年资助奖励", "detail": a.get_state_display()}
            for a in p.awards
        ],
        "forerunners": [
            {"name": f.field, "detail": f"{f.year}年 {f.standard_code}"} for f in p.forerunners
        ],
        "specialists": [{"name": s.name, "detail": s.position} for s in p.specialists],
        "committee_seats": [
            {"name": m.name, "detail": f"{m.committee.code} {m.get_position_display()}"}
            for m in p.seats
        ],
        "clusters": [{"name": c.name, "detail": c.group} for c in p.clusters],
        "recommendations": recommendations,
    }
    return Response(ProfileSerializer(data).data)
