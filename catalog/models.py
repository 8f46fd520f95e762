"""The standards catalog: every kind of standard, its lifecycle and its links."""

from django.db import models
from django.urls import reverse

from catalog.choices import AdoptionDegree, DraftingMatch, DraftingRole, Kind, Nature, Status
from core.models import TimeStampedModel


class StandardQuerySet(models.QuerySet):
    def public(self):
        """Records anyone may see."""
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Public records, plus every record for the bureau."""
        if SCOPE_ALL in search_scopes(user):
            return self
        return self.public()


# Visibility in the search index: each document carries the scopes that may see it, each search
# the scopes of its user; a document matches when they share one. Keep these two functions in
# step with `StandardQuerySet.visible_to` (a test compares them over every persona).
SCOPE_PUBLIC, SCOPE_ALL = "public", "bureau"


def search_scopes(user) -> list[str]:
    """The index scopes `user` may search."""
    if user is not None and user.is_authenticated and getattr(user, "is_bureau", False):
        return [SCOPE_ALL]
    return [SCOPE_PUBLIC]


def record_scopes(*, is_public: bool) -> list[str]:
    """The index scopes that may see a record."""
    return [SCOPE_PUBLIC, SCOPE_ALL] if is_public else [SCOPE_ALL]


class Standard(TimeStampedModel):
    """One edition of a standard, identified by its normalized code (`code_key`)."""

    code = models.CharField("标准号", max_length=100, help_text="规范印刷形式，如 GB/T 19001-2016")
    code_key = models.CharField("标准号键", max_length=100, unique=True, editable=False)
    base_key = models.CharField("标准号(不含年号)", max_length=100, editable=False)
    prefix = models.CharField("标准代号", max_length=40, db_index=True, editable=False)
    kind = models.CharField("标准类型", max_length=20, choices=Kind.choices, db_index=True)
    nature = models.CharField(
        "标准性质", max_length=20, choices=Nature.choices, blank=True, db_index=True
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, db_index=True)
    title = models.CharField("标准名称", max_length=500)
    title_en = models.CharField("英文名称", max_length=1000, blank=True)
    issue_date = models.DateField("发布日期", null=True, blank=True, db_index=True)
    implement_date = models.DateField("实施日期", null=True, blank=True)
    abolish_date = models.DateField("废止日期", null=True, blank=True)
    review_confirmed_date = models.DateField("复审确认日期", null=True, blank=True)
    issuing_body = models.CharField("发布单位", max_length=300, blank=True)
    competent_department = models.CharField("主管部门", max_length=300, blank=True)
    technical_committee = models.CharField("归口单位", max_length=300, blank=True)
    ics = models.ManyToManyField(
        "reference.IcsClass", verbose_name="ICS 分类", blank=True, related_name="standards"
    )
    ccs = models.ForeignKey(
        "reference.CcsClass",
        verbose_name="CCS 分类",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="standards",
    )
    adopted_standard = models.CharField("采用国际标准", max_length=300, blank=True)
    adoption_degree = models.CharField(
        "采标程度", max_length=3, choices=AdoptionDegree.choices, blank=True
    )
    scope = models.TextField("范围/摘要", blank=True)
    full_text = models.FileField("标准全文", upload_to="standards/full_text/%Y/", blank=True)
    drafters = models.JSONField("主要起草人", default=list, blank=True)
    plan_number = models.CharField("计划号", max_length=60, blank=True)
    is_public = models.BooleanField("公开", default=True, db_index=True)
    view_count = models.PositiveIntegerField("浏览次数", default=0, editable=False)
    source = models.CharField("数据来源", max_length=100, blank=True)
    source_id = models.CharField("来源编号", max_length=200, blank=True)
    imported_at = models.DateTimeField("导入时间", null=True, blank=True)
    # What an import could not use but kept as given ({"ccs": "A49", "ics": ["99.999"],
    # "abolish_date": "2000-01-01"}): the row was sound, the value was not; the bureau's
    # data-quality list shows it until someone fixes the record.
    raw_values = models.JSONField("未采用的原始值", default=dict, blank=True, editable=False)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = "标准"
        verbose_name_plural = "标准"
        ordering = ["code_key"]
        permissions = [("import_standards", "可以批量导入标准")]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["-issue_date", "code_key"]),
            # Covers the editions of a base key for the validity check (catalog.validity):
            # choosing the edition a code without year reads the index, not the rows (the id
            # is in it for PostgreSQL, whose indexes do not carry the row's id as SQLite's do).
            models.Index(
                fields=[
                    "base_key",
                    "status",
                    "issue_date",
                    "implement_date",
                    "abolish_date",
                    "is_public",
                    "id",
                ],
                name="catalog_std_base_editions",
            ),
            # The API's change feed (?updated_since=) pages through this index in order.
            models.Index(fields=["updated_at", "id"], name="catalog_std_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("catalog:standard_detail", kwargs={"code": self.code_key})

    @property
    def year(self) -> int | None:
        return self.issue_date.year if self.issue_date else None


class StandardReplacement(models.Model):
    """`new` replaces `old` (whole or in part). Either side may not be in the catalog yet:
    the printed code is kept and the link resolves when that standard is added."""

    old = models.ForeignKey(
        Standard,
        verbose_name="被代替标准",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replaced_by_links",
    )
    old_key = models.CharField("被代替标准号键", max_length=100, db_index=True)
    old_code = models.CharField("被代替标准号", max_length=100)
    new = models.ForeignKey(
        Standard,
        verbose_name="代替标准",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replaces_links",
    )
    new_key = models.CharField("代替标准号键", max_length=100, db_index=True)
    new_code = models.CharField("代替标准号", max_length=100)
    is_partial = models.BooleanField("部分代替", default=False)

    class Meta:
        verbose_name = "代替关系"
        verbose_name_plural = "代替关系"
        constraints = [
            models.UniqueConstraint(fields=["old_key", "new_key"], name="unique_replacement"),
            models.CheckConstraint(
                condition=~models.Q(old_key=models.F("new_key")), name="replacement_not_self"
            ),
        ]

    def __str__(self) -> str:
        verb = "部分代替" if self.is_partial else "代替"
        return f"{self.new_code} {verb} {self.old_code}"


class StandardDraftingOrganization(models.Model):
    """A drafting unit of a standard, in the order printed in its foreword."""

    standard = models.ForeignKey(
        Standard, verbose_name="标准", on_delete=models.CASCADE, related_name="drafting_units"
    )
    position = models.PositiveSmallIntegerField("排序")
    name = models.CharField("单位名称", max_length=300)
    organization = models.ForeignKey(
        "directory.Organization",
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drafted_standards",
    )
    role = models.CharField(
        "角色", max_length=20, choices=DraftingRole.choices, default=DraftingRole.PARTICIPANT
    )
    # How `organization` was found; a manual decision (a link or an unlink) is never overridden
    # by the automatic matching (profiles.matching.drafting_units_link).
    match = models.CharField(
        "关联方式", max_length=10, choices=DraftingMatch.choices, default="", blank=True
    )

    class Meta:
        verbose_name = "起草单位"
        verbose_name_plural = "起草单位"
        ordering = ["standard", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "position"], name="unique_drafting_position"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ImportBatch(TimeStampedModel):
    """One uploaded file on its way into the catalog: previewed, then committed or abandoned."""

    class State(models.TextChoices):
        PREVIEWED = "previewed", "待确认"
        COMMITTING = "committing", "导入中"
        COMMITTED = "committed", "已导入"
        FAILED = "failed", "未通过校验"

    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    file_name = models.CharField("原文件名", max_length=255)
    state = models.CharField("状态", max_length=20, choices=State.choices)
    total_rows = models.PositiveIntegerField("行数", default=0)
    error_count = models.PositiveIntegerField("错误行数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_state_display()}）"


class CatalogChange(models.Model):
    """The catalog's change outbox: one row per change of a standard (or of a replacement link),
    written in the same transaction as the change. Consumers (each app node's search indexer,
    the follows alerts) read it in id order, each with its own `ChangeCursor`; rows are pruned
    below the smallest live cursor (`catalog.outbox`)."""

    class Kind(models.TextChoices):
        CREATED = "created", "新增"
        UPDATED = "updated", "修改"
        DELETED = "deleted", "删除"
        LINKED = "linked", "代替关系"

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    standard_id = models.BigIntegerField("标准 ID", null=True, blank=True)  # no FK: may be gone
    code_key = models.CharField("标准号键", max_length=100, blank=True)
    # What consumers need besides the id: {"status": [old, new]} for a status change,
    # {"new_key", "new_code", "partial"} for a replacement link (code_key is the old one).
    data = models.JSONField("内容", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "目录变更"
        verbose_name_plural = "目录变更"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code_key or self.standard_id}"


class ChangeCursor(models.Model):
    """How far one consumer of the outbox has got: every row with id <= `position` is applied,
    except the ids inside `gaps` ([low, high, first seen as missing]: ids that were not
    committed when the consumer read past them; re-read until they appear or expire)."""

    name = models.CharField("消费者", max_length=100, unique=True)
    position = models.BigIntegerField("位置", default=0)
    gaps = models.JSONField("待补读区间", default=list, blank=True)
    # Names the index this cursor describes (search nodes): a different id in the index
    # directory means the directory was replaced and must be rebuilt.
    index_id = models.CharField("索引标识", max_length=40, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "变更读取位置"
        verbose_name_plural = "变更读取位置"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} @ {self.position}"
