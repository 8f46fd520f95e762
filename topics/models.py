"""Thematic databases (重点产业专题): a topic, its standard-system tree (标准体系表), the standards
placed in its nodes by hand or by saved-search rules (materialized), and what was already told."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core.models import TimeStampedModel
from topics.choices import NodeCategory, TopicKind


class TopicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """The bureau sees every topic; everyone else the published ones."""
        if user is not None and getattr(user, "is_authenticated", False) and user.is_bureau:
            return self
        return self.published()


class Topic(TimeStampedModel):
    """One thematic database (乡村振兴, an industry cluster, basic public services …): data the
    bureau creates. Its ICS/CCS classes and keywords say what is "in its field" (drafts open
    for comment are matched on them)."""

    slug = models.SlugField("网址标识", max_length=60, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类别", max_length=20, choices=TopicKind.choices)
    cluster = models.ForeignKey(
        "reference.IndustryCluster",
        verbose_name="产业集群",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    description = models.TextField("简介", blank=True)
    ics = models.ManyToManyField(
        "reference.IcsClass", verbose_name="ICS 分类", blank=True, related_name="topics"
    )
    ccs = models.ManyToManyField(
        "reference.CcsClass", verbose_name="CCS 分类", blank=True, related_name="topics"
    )
    keywords = models.CharField(
        "领域关键词", max_length=300, blank=True, help_text="以空格分隔；用于匹配征求意见稿标题"
    )
    is_published = models.BooleanField("已公开", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("topics:detail", args=[self.slug])


class TopicNode(TimeStampedModel):
    """One node of a topic's standard-system tree, with its 体系编号 (101, 102.1 …)."""

    topic = models.ForeignKey(
        Topic, verbose_name="专题", on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级节点",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    order = models.PositiveIntegerField("排序", default=0)
    code = models.CharField("体系编号", max_length=20, blank=True)
    name = models.CharField("节点名称", max_length=100)
    category = models.CharField("类别", max_length=20, choices=NodeCategory.choices, blank=True)

    class Meta:
        verbose_name = "体系表节点"
        verbose_name_plural = "体系表节点"
        ordering = ["topic", "order", "id"]
        indexes = [models.Index(fields=["topic", "parent", "order"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()


class NodeRule(TimeStampedModel):
    """A saved-search rule placing standards in a node: query + filters of the standard list
    (the shape of `follows.SavedSearch.params`), evaluated as the public searches, at most
    `RULE_CAP` matches kept (`NodePlacement` rows with this rule)."""

    node = models.ForeignKey(
        TopicNode, verbose_name="节点", on_delete=models.CASCADE, related_name="rules"
    )
    params = models.JSONField("检索条件", default=dict)
    match_count = models.PositiveIntegerField("检索命中数", default=0)
    is_capped = models.BooleanField("超出上限", default=False)
    evaluated_at = models.DateTimeField("上次计算时间", null=True, blank=True)

    class Meta:
        verbose_name = "自动归集规则"
        verbose_name_plural = "自动归集规则"
        ordering = ["node", "id"]

    def __str__(self) -> str:
        return f"{self.node} 规则 {self.pk}"


class NodePlacement(models.Model):
    """A standard in a node: placed by hand (`rule` empty) or materialized from a rule."""

    node = models.ForeignKey(
        TopicNode, verbose_name="节点", on_delete=models.CASCADE, related_name="placements"
    )
    standard = models.ForeignKey(
        "catalog.Standard",
        verbose_name="标准",
        on_delete=models.CASCADE,
        related_name="topic_placements",
    )
    rule = models.ForeignKey(
        NodeRule,
        verbose_name="来自规则",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="matches",
    )
    note = models.CharField("备注", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="添加人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("添加时间", auto_now_add=True)

    class Meta:
        verbose_name = "节点中的标准"
        verbose_name_plural = "节点中的标准"
        ordering = ["node", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node", "standard"],
                condition=Q(rule__isnull=True),
                name="unique_hand_placement",
            ),
            models.UniqueConstraint(
                fields=["rule", "standard"],
                condition=Q(rule__isnull=False),
                name="unique_rule_match",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node} · {self.standard_id}"

    @property
    def by_hand(self) -> bool:
        return self.rule_id is None


class ToldConsultation(models.Model):
    """A consultation whose opening was already told to the followers of the topics in its
    field, so that the next refresh does not tell it again."""

    consultation = models.OneToOneField(
        "consultation.Consultation",
        verbose_name="征求意见",
        on_delete=models.CASCADE,
        related_name="+",
    )
    told_at = models.DateTimeField("处理时间", auto_now_add=True)

    class Meta:
        verbose_name = "已提醒的征求意见"
        verbose_name_plural = "已提醒的征求意见"

    def __str__(self) -> str:
        return str(self.consultation_id)
