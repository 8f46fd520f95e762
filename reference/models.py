"""Reference classifications shipped with the platform (see data/*/SOURCES.md)."""

from django.db import models


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, "省"
    CITY = 2, "市"
    COUNTY = 3, "县(市、区)"
    TOWN = 4, "乡镇(街道)"


class Region(models.Model):
    """An administrative division (国家统计局统计用区划代码)."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("级别", choices=RegionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # 功能区 (高新区, 经济技术开发区, 新区): county-level areas in statistics and an organization's
    # region, though not all are GB/T 2260 divisions; their codes are in data/regions/SOURCES.md.
    is_functional_area = models.BooleanField(
        "功能区",
        default=False,
        help_text="高新区、经济技术开发区、新区等，统计时与县(市、区)并列",
    )

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndustryClass(models.Model):
    """GB/T 4754-2017 国民经济行业分类: 门类, 大类, 中类, 小类."""

    code = models.CharField("代码", max_length=5, primary_key=True)
    name = models.CharField("名称", max_length=200)
    level = models.PositiveSmallIntegerField(
        "层级", choices=[(1, "门类"), (2, "大类"), (3, "中类"), (4, "小类")], db_index=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    remark = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "国民经济行业分类"
        verbose_name_plural = "国民经济行业分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IcsClass(models.Model):
    """International Classification for Standards: field, group, sub-group."""

    code = models.CharField("ICS 代码", max_length=12, primary_key=True)
    level = models.PositiveSmallIntegerField("层级", db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name_zh = models.CharField("中文名称", max_length=200, blank=True)
    name_en = models.CharField("英文名称", max_length=300)

    class Meta:
        verbose_name = "ICS 分类"
        verbose_name_plural = "ICS 分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh or self.name_en}"

    @property
    def field_code(self) -> str:
        return self.code.split(".")[0]


class CcsClass(models.Model):
    """中国标准文献分类法 (CCS): 一级类目 A–Z, 二级 (A00/09), 三级 (A00)."""

    code = models.CharField("CCS 代码", max_length=10, primary_key=True)
    level = models.PositiveSmallIntegerField("层级", db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField("名称", max_length=200)
    notes = models.TextField("注释", blank=True)

    class Meta:
        verbose_name = "CCS 分类"
        verbose_name_plural = "CCS 分类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class IndustryStandardPrefix(models.Model):
    """Industry-standard designations (行业标准代号) such as JB 机械, HG 化工."""

    prefix = models.CharField("代号", max_length=8, primary_key=True)
    industry_zh = models.CharField("行业", max_length=100)
    admin_zh = models.CharField("主管部门", max_length=100, blank=True)
    industry_en = models.CharField("Industry", max_length=200, blank=True)
    admin_en = models.CharField("Administration", max_length=200, blank=True)

    class Meta:
        verbose_name = "行业标准代号"
        verbose_name_plural = "行业标准代号"
        ordering = ["prefix"]

    def __str__(self) -> str:
        return f"{self.prefix} {self.industry_zh}"


class IndustryClusterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class IndustryCluster(models.Model):
    """One of the city's key industry clusters (the "231" 产业集群): data the bureau edits, never code.

    `industries` are the GB/T 4754 大类 the cluster covers; they let the platform propose an
    organization's clusters from its industry and map a cluster to the standards' classifications.
    """

    code = models.CharField("代码", max_length=20, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    group = models.CharField(
        "类别", max_length=50, blank=True, help_text="如 主导产业集群、新兴产业集群"
    )
    description = models.TextField("说明", blank=True)
    industries = models.ManyToManyField(
        IndustryClass,
        verbose_name="涵盖行业(大类)",
        blank=True,
        related_name="clusters",
        limit_choices_to={"level": 2},
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    objects = IndustryClusterQuerySet.as_manager()

    class Meta:
        verbose_name = "产业集群"
        verbose_name_plural = "产业集群"
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name
