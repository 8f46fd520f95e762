"""The standardization profile (标准化档案): the score model the bureau edits and the scores and
recommendations computed from it for each organization (refreshed by `compute_profiles`)."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel
from profiles import scoring

KINDS = tuple(scoring.KIND_LABELS)
ROLES = ("lead", "participant")
EXTRAS = tuple(scoring.EXTRA_LABELS)
CAPPED = ("standards", "breadth", *EXTRAS, "total")

DEFAULT_WEIGHTS = {
    "national": {"lead": "30", "participant": "10"},
    "industry": {"lead": "20", "participant": "8"},
    "provincial": {"lead": "15", "participant": "6"},
    "municipal": {"lead": "10", "participant": "4"},
    "group": {"lead": "8", "participant": "3"},
    "enterprise": {"lead": "2", "participant": "1"},
}
DEFAULT_POINTS = {
    "pilots": "10",
    "awards": "5",
    "forerunners": "10",
    "specialists": "2",
    "committees": "4",
}
DEFAULT_CAPS = {
    "standards": "200",
    "breadth": "20",
    "pilots": "30",
    "awards": "20",
    "forerunners": "30",
    "specialists": "10",
    "committees": "20",
    "total": "300",
}


class ScoreModelQuerySet(models.QuerySet):
    def current(self):
        """The model in force: the newest version."""
        return self.order_by("-version").first()


class ScoreModel(TimeStampedModel):
    """One version of the score model: weights per standard kind × role, recency half-life,
    breadth bonus, points for other achievements and caps. Never edited once saved: the bureau
    saves a new version, and each stored score names the version it was computed with."""

    version = models.PositiveIntegerField("版本", unique=True)
    weights = models.JSONField("标准权重", default=dict, help_text="类别 → 角色 → 分值")
    half_life_years = models.DecimalField(
        "时效半衰期（年）", max_digits=5, decimal_places=2, default=Decimal("5")
    )
    breadth_points = models.DecimalField(
        "广度加分（每个领域/类别）", max_digits=6, decimal_places=2, default=Decimal("2")
    )
    points = models.JSONField("其他成果分值", default=dict)
    caps = models.JSONField("上限", default=dict)
    note = models.CharField("修订说明", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修订人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ScoreModelQuerySet.as_manager()

    class Meta:
        verbose_name = "标准化水平评分模型"
        verbose_name_plural = "标准化水平评分模型"
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"评分模型 第 {self.version} 版"

    def params(self) -> scoring.Model:
        def dec(value) -> Decimal:
            return Decimal(str(value))

        return scoring.Model(
            weights={
                kind: {role: dec(self.weights.get(kind, {}).get(role, 0)) for role in ROLES}
                for kind in KINDS
            },
            half_life_years=dec(self.half_life_years),
            breadth_points=dec(self.breadth_points),
            points={key: dec(self.points.get(key, 0)) for key in EXTRAS},
            caps={
                key: dec(self.caps[key]) for key in CAPPED if self.caps.get(key) not in (None, "")
            },
        )

    def weight_rows(self) -> list[dict]:
        return [
            {
                "kind": scoring.KIND_LABELS[kind],
                "lead": self.weights.get(kind, {}).get("lead", "0"),
                "participant": self.weights.get(kind, {}).get("participant", "0"),
            }
            for kind in KINDS
        ]

    def extra_rows(self) -> list[dict]:
        return [
            {"label": scoring.EXTRA_LABELS[key], "points": self.points.get(key, "0"),
             "cap": self.caps.get(key, "")}
            for key in EXTRAS
        ]  # fmt: skip


class OrganizationScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Scores are internal: the organization's members, its county officer and the bureau."""
        from directory.models import Organization

        return self.filter(organization__in=Organization.objects.internal_visible_to(user))


class OrganizationScore(models.Model):
    """The stored score and recommendations of one organization (pages read these, never
    recompute): total, the breakdown lines, the model version, when it was computed."""

    organization = models.OneToOneField(
        "directory.Organization",
        verbose_name="机构",
        on_delete=models.CASCADE,
        related_name="profile_score",
    )
    model = models.ForeignKey(
        ScoreModel, verbose_name="评分模型", on_delete=models.PROTECT, related_name="scores"
    )
    total = models.DecimalField("总分", max_digits=8, decimal_places=2, db_index=True)
    breakdown = models.JSONField("得分明细", default=list)
    categories = models.JSONField("分项得分", default=dict)
    led_count = models.PositiveIntegerField("主导制定标准数", default=0)
    joined_count = models.PositiveIntegerField("参与制定标准数", default=0)
    recommendations = models.JSONField("推荐信息", default=dict)
    computed_at = models.DateTimeField("计算时间")

    objects = OrganizationScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "机构标准化水平得分"
        verbose_name_plural = "机构标准化水平得分"
        ordering = ["-total", "organization_id"]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.total}"
