"""The directory's registers as Excel sheets: exported by the bureau, read back by the import."""

from core.excel import Column, Sheet
from directory import forms, services


def _uscc_or_name(org) -> str:
    return (org.uscc or org.name) if org else ""


ORGANIZATIONS = Sheet(
    "机构名录",
    (
        Column("机构名称", "name"),
        Column("统一社会信用代码", "uscc"),
        Column("机构类型", "kind", lambda o: o.get_kind_display()),
        Column("所在县(市、区)", "region", lambda o: o.region.name if o.region_id else ""),
        Column("行业代码", "industry", lambda o: o.industry_id or ""),
        Column("地址", "address"),
        Column("联系人", "contact_person"),
        Column("联系电话", "contact_phone"),
        Column("认证状态", "verification_state", lambda o: o.get_verification_state_display()),
    ),
)

EXPERTS = Sheet(
    "专家库",
    (
        Column("姓名", "name"),
        Column("职称", "title"),
        Column("工作单位", "employer", lambda e: _uscc_or_name(e.employer)),
        Column("联系电话", "phone"),
        Column("电子邮箱", "email"),
        Column(
            "专业领域（CCS）",
            "ccs",
            lambda e: "|".join(c.pk for c in e.ccs_specialties.all()),
            ("ccs",),
        ),
        Column(
            "专业领域（行业）",
            "industries",
            lambda e: "|".join(c.pk for c in e.industry_specialties.all()),
            ("行业", "行业代码"),
        ),
        Column("可参加评审", "available", lambda e: "是" if e.is_available else "否"),
    ),
)

SPECIALISTS = Sheet(
    "标准化专员",
    (
        Column("姓名", "name"),
        Column("所在机构", "organization", lambda s: _uscc_or_name(s.organization)),
        Column("职务", "position"),
        Column("联系电话", "phone"),
        Column("电子邮箱", "email"),
        Column("培训证书编号", "certificate_number"),
        Column("状态", "state", lambda s: s.get_state_display()),
    ),
)

COMMITTEES = Sheet(
    "标准化技术委员会",
    (
        Column("编号", "code"),
        Column("名称", "name"),
        Column("级别", "level", lambda c: c.get_level_display()),
        Column("秘书处承担单位", "secretariat", lambda c: _uscc_or_name(c.secretariat)),
        Column("专业领域", "scope"),
        Column(
            "本地委员",
            "members",
            lambda c: "|".join(
                f"{m.name}:{m.get_position_display()}:{_uscc_or_name(m.organization)}"
                for m in c.members.all()
            ),
        ),
    ),
)

# kind → (sheet, row form, service saving one cleaned row)
IMPORTS = {
    "experts": (EXPERTS, forms.ExpertRowForm, services.expert_upsert),
    "specialists": (SPECIALISTS, forms.SpecialistRowForm, services.specialist_import),
    "committees": (COMMITTEES, forms.CommitteeRowForm, services.committee_upsert),
}
