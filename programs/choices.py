"""Choices of pilots, subsidies, forerunners and upgrades; keys are stable, labels are read."""

from django.db import models


class AwardKind(models.TextChoices):
    """What a subsidy policy pays for (the rows of its amount table)."""

    INTERNATIONAL = "international", "国际标准"
    NATIONAL = "national", "国家标准"
    INDUSTRY = "industry", "行业标准"
    PROVINCIAL = "provincial", "省级地方标准"
    MUNICIPAL = "municipal", "市级地方标准"
    GROUP = "group", "团体标准"
    FORERUNNER = "forerunner", "企业标准领跑者"
    UPGRADED = "upgraded", "升级标准"
    PILOT = "pilot", "试点示范项目通过验收"


class AwardRole(models.TextChoices):
    LEAD = "lead", "主导"
    PARTICIPATE = "participate", "参与"


class LeadDefinition(models.TextChoices):
    """What counts as leading a standard, by the printed order of drafting units."""

    SOLE = "sole", "独家起草"
    FIRST = "first", "第一起草单位"
    FIRST_TWO = "first_two", "前两位起草单位"
    DESIGNATED = "designated", "前言中的负责起草单位"


class AllocationMethod(models.TextChoices):
    PRO_RATA = "pro_rata", "按比例分配"
    RANKED = "ranked", "按评审得分排序分配"


class SubsidyState(models.TextChoices):
    """The states of a subsidy application (process `subsidy_application`, programs/workflows.py)."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已申报"
    COUNTY_CHECKED = "county_checked", "县级已初审"
    CITY_REVIEWED = "city_reviewed", "市级已审核"
    REVIEWED = "reviewed", "评审通过"
    ALLOCATED = "allocated", "已列入分配方案"
    PUBLICITY = "publicity", "公示中"
    PUBLICIZED = "publicized", "公示期满待批准"
    OBJECTION = "objection", "异议处理中"
    APPROVED = "approved", "已批准"
    PAID = "paid", "已拨付"
    EVALUATED = "evaluated", "已绩效评价"
    ARCHIVED = "archived", "已归档"
    RETURNED = "returned", "退回修改"
    REFUSED = "refused", "未通过"
    CLAWED_BACK = "clawed_back", "已追回"


# Applications whose amounts are granted or about to be (in publicity): they count toward the
# annual cap and against funding the same standard again.
FUNDED_STATES = frozenset(
    {
        SubsidyState.PUBLICITY,
        SubsidyState.PUBLICIZED,
        SubsidyState.OBJECTION,
        SubsidyState.APPROVED,
        SubsidyState.PAID,
        SubsidyState.EVALUATED,
        SubsidyState.ARCHIVED,
    }
)
# Applications still in the round: their standards and series are taken for this round.
ACTIVE_STATES = frozenset(
    set(SubsidyState.values) - {SubsidyState.DRAFT, SubsidyState.REFUSED, SubsidyState.CLAWED_BACK}
)
# Applications the allocation plan takes in (approved by review, not yet decided).
ALLOCATABLE_STATES = frozenset({SubsidyState.REVIEWED, SubsidyState.ALLOCATED})


class PilotLevel(models.TextChoices):
    NATIONAL = "national", "国家级"
    PROVINCIAL = "provincial", "省级"
    MUNICIPAL = "municipal", "市级"


class PilotDomain(models.TextChoices):
    AGRICULTURE = "agriculture", "农业"
    INDUSTRY = "industry", "工业"
    SERVICES = "services", "服务业"
    PUBLIC = "public", "社会管理和公共服务"


class PilotState(models.TextChoices):
    """标准化试点示范: call → application → county recommendation → formal check → expert review →
    publicity → task agreement → build-out (progress reports) → mid-term evaluation →
    acceptance request (or one extension, or lapse) → acceptance review → passed and named /
    rectify / failed or revoked → periodic re-review (process `pilot_project`)."""

    DRAFT = "draft", "草稿"
    APPLIED = "applied", "已申报"
    RETURNED = "returned", "退回修改"
    COUNTY_RECOMMENDED = "county_recommended", "县级已推荐"
    NOT_RECOMMENDED = "not_recommended", "未获推荐"
    FORMAL_CHECKED = "formal_checked", "形式审查通过"
    EXPERT_REVIEW = "expert_review", "专家评审中"
    PUBLICITY = "publicity", "立项公示中"
    NOT_APPROVED = "not_approved", "未立项"
    AGREEMENT = "agreement", "签订任务书"
    BUILDING = "building", "建设中"
    MIDTERM = "midterm", "中期评估"
    EXTENDED = "extended", "已延期"
    ACCEPTANCE_REQUESTED = "acceptance_requested", "已申请验收"
    LAPSED = "lapsed", "逾期未验收"
    ACCEPTANCE_REVIEW = "acceptance_review", "验收评审中"
    RECTIFYING = "rectifying", "限期整改"
    PASSED = "passed", "验收通过（已命名）"
    FAILED = "failed", "验收未通过"
    REVOKED = "revoked", "已撤销"
    RE_REVIEW = "re_review", "复评中"


# Public once accepted for the build-out (task agreement signed), until revoked.
PILOT_PUBLIC_STATES = frozenset(
    {
        PilotState.AGREEMENT,
        PilotState.BUILDING,
        PilotState.MIDTERM,
        PilotState.EXTENDED,
        PilotState.ACCEPTANCE_REQUESTED,
        PilotState.ACCEPTANCE_REVIEW,
        PilotState.RECTIFYING,
        PilotState.PASSED,
        PilotState.RE_REVIEW,
    }
)


class UpgradeLevel(models.TextChoices):
    PROVINCIAL = "provincial", "省级地方标准"
    INDUSTRY = "industry", "行业标准"
    NATIONAL = "national", "国家标准"
    INTERNATIONAL = "international", "国际标准"


def stage_of(state: str) -> str:
    """The badge group of a subsidy or pilot state (waiting, progress, done, refused)."""
    if state in {
        SubsidyState.REFUSED, SubsidyState.CLAWED_BACK, PilotState.NOT_RECOMMENDED, PilotState.NOT_APPROVED,
        PilotState.FAILED, PilotState.REVOKED, PilotState.LAPSED,
    }:  # fmt: skip
        return "refused"
    if state in {
        SubsidyState.PAID, SubsidyState.EVALUATED, PilotState.PASSED, SubsidyState.APPROVED,
        SubsidyState.ARCHIVED, "confirmed",
    }:  # fmt: skip
        return "done"
    if state in {
        SubsidyState.RETURNED, PilotState.RECTIFYING, SubsidyState.SUBMITTED,
        SubsidyState.PUBLICIZED, PilotState.APPLIED, "reported",
    }:  # fmt: skip
        return "waiting"
    return "progress"


class PlanKind(models.TextChoices):
    """The plans whose construction projects are tracked the same way."""

    REFORM = "reform", "标准化综合改革建设方案"
    BRAND = "brand", "标准化品牌建设"


class PlanItemState(models.TextChoices):
    """States of a plan item (process `plan_item`)."""

    DRAFT = "draft", "草稿"
    IN_PROGRESS = "in_progress", "推进中"
    REPORTED = "reported", "已报送完成"
    RETURNED = "returned", "退回补充"
    CONFIRMED = "confirmed", "已确认完成"
