"""The statistics API: the public snapshot for anyone; the bureau's figures for the bureau and
county officers (their county)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response

from insight import selectors, services
from insight.choices import Scope
from insight.forms import FilterForm


class CountSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="稳定的英文键，如 national、current")
    label = serializers.CharField(help_text="中文名称，如 国家标准、现行")
    count = serializers.IntegerField(help_text="数量")


class FigureRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="行的键（类型、年度、区划代码、环节等）")
    label = serializers.CharField(help_text="行的中文名称")
    values = serializers.ListField(
        child=serializers.JSONField(),
        help_text="与 columns 一一对应的数值；金额和比例为两位小数的字符串，无数据为 null",
    )


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="统计项的键，如 local_by_kind")
    title = serializers.CharField(help_text="统计项名称")
    description = serializers.CharField(help_text="口径说明")
    unit = serializers.CharField(help_text="单位：项、个、人、元")
    columns = serializers.ListField(child=serializers.CharField(), help_text="各列名称")
    chart = serializers.CharField(help_text="图表类型：bar 柱状图、line 折线图、pie 饼图")
    charted = serializers.ListField(child=serializers.IntegerField(), help_text="绘图的列序号")
    money = serializers.ListField(child=serializers.IntegerField(), help_text="金额列（元）序号")
    decimals = serializers.ListField(
        child=serializers.IntegerField(), help_text="两位小数字符串列序号"
    )
    rows = FigureRowSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    computed_at = serializers.DateTimeField(
        allow_null=True, help_text="统计快照的计算时间；尚未生成时为 null"
    )
    standards_by_kind = CountSerializer(many=True, help_text="公开标准目录按类型的数量")
    standards_by_status = CountSerializer(many=True, help_text="公开标准目录按状态的数量")
    registered_users = serializers.IntegerField(allow_null=True, help_text="注册用户数")
    home_visits = serializers.IntegerField(
        allow_null=True, help_text="首页访问次数；暂无统计时为 null"
    )
    standard_views = serializers.IntegerField(
        allow_null=True, help_text="标准详情浏览次数；暂无统计时为 null"
    )
    figures = FigureSerializer(many=True, help_text="全部统计项（与统计分析页面的图表和表格相同）")


def _counts(figure: dict | None) -> list[dict]:
    if not figure:
        return []
    return [{"key": r["key"], "label": r["label"], "count": r["values"][0]} for r in figure["rows"]]


def payload(data: dict, computed_at) -> dict:
    by_key = {f["key"]: f for f in data.get("figures", [])}
    site = data.get("site", {})
    return {
        "computed_at": computed_at,
        "standards_by_kind": _counts(by_key.get("catalog_by_kind")),
        "standards_by_status": _counts(by_key.get("catalog_by_status")),
        "registered_users": site.get("registered_users"),
        "home_visits": site.get("home_visits"),
        "standard_views": site.get("standard_views"),
        "figures": data.get("figures", []),
    }


@extend_schema(
    summary="公开统计数据",
    description=(
        "统计分析页面的公开统计：标准目录按类型、按状态的数量，本地单位主导和参与制定的标准"
        "（按类型、年度、县市区和功能区、产业集群），企业标准，地方标准项目，试点示范，注册用户，"
        "首页访问和标准浏览。数据来自每小时生成的统计快照，不随请求实时计算。"
    ),
    responses=StatisticsSerializer,
    tags=["统计分析"],
)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def public_statistics(request):
    snapshot = selectors.latest_snapshot(Scope.PUBLIC)
    if snapshot is None:
        return Response(payload({}, None))
    data = payload(snapshot.data, snapshot.computed_at)
    return Response(StatisticsSerializer(data).data)


@extend_schema(
    summary="全部统计数据（市局、县局）",
    description=(
        "统计看板的全部统计项，按请求实时计算（分组汇总查询，有上限）；县(市、区)监管人员只能看到"
        "本县数据。仅市市场监管局和县(市、区)市场监管局账号可用。"
    ),
    parameters=[
        OpenApiParameter("year_from", int, description="起始年度（含）"),
        OpenApiParameter("year_to", int, description="截止年度（含）"),
        OpenApiParameter("county", str, description="县(市、区)或功能区的区划代码，如 370811"),
    ],
    responses=StatisticsSerializer,
    tags=["统计分析"],
)
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def bureau_statistics(request):
    if not services.may_view_dashboard(request.user):
        raise exceptions.PermissionDenied("只有市、县市场监管局可以查看全部统计。")
    form = FilterForm(request.query_params, user=request.user)
    if not form.is_valid():
        raise exceptions.ValidationError(form.errors)
    from django.utils import timezone

    data = selectors.dashboard_figures(request.user, form.filters())
    return Response(StatisticsSerializer(payload(data, timezone.now())).data)
