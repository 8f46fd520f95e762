"""Choices of the standards catalog; keys are stable, labels are what people read."""

from django.db import models

from catalog.codes import Kind as CodeKind
from catalog.codes import Nature as CodeNature


class Kind(models.TextChoices):
    NATIONAL = CodeKind.NATIONAL.value, "国家标准"
    INDUSTRY = CodeKind.INDUSTRY.value, "行业标准"
    PROVINCIAL = CodeKind.PROVINCIAL.value, "省级地方标准"
    MUNICIPAL = CodeKind.MUNICIPAL.value, "市级地方标准"
    GROUP = CodeKind.GROUP.value, "团体标准"
    ENTERPRISE = CodeKind.ENTERPRISE.value, "企业标准"


class Nature(models.TextChoices):
    MANDATORY = CodeNature.MANDATORY.value, "强制性"
    RECOMMENDED = CodeNature.RECOMMENDED.value, "推荐性"
    GUIDANCE = CodeNature.GUIDANCE.value, "指导性"


class Status(models.TextChoices):
    UPCOMING = "upcoming", "即将实施"
    CURRENT = "current", "现行"
    ABOLISHED = "abolished", "废止"


class AdoptionDegree(models.TextChoices):
    IDT = "IDT", "等同采用 (IDT)"
    MOD = "MOD", "修改采用 (MOD)"
    NEQ = "NEQ", "非等效采用 (NEQ)"
    # Degrees used before GB/T 20000.2-2001; old records still carry them.
    EQV = "EQV", "等效采用 (EQV，旧)"
    REF = "REF", "参照采用 (REF，旧)"


class DraftingRole(models.TextChoices):
    LEAD = "lead", "主要起草单位"
    PARTICIPANT = "participant", "参与起草单位"


class DraftingMatch(models.TextChoices):
    """How a drafting unit was linked to an organization (profiles.matching)."""

    NONE = "", "未关联"
    USCC = "uscc", "按统一社会信用代码匹配"
    NAME = "name", "按名称匹配"
    MANUAL = "manual", "人工确认"
