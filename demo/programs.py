"""Demo data of the programs (资助奖励、试点示范、领跑者、改革建设方案), created through the services
and the engine so every record has its history and audit rows. Everything here is demo data:
organizations, standards and titles are marked 演示."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc as uscc_number

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from calls.models import Call
from calls.services import call_create
from catalog.models import Standard, StandardDraftingOrganization
from catalog.services import standard_save
from core.workflow import transition
from directory.choices import MembershipRole, MembershipState
from directory.models import Expert, Membership, Organization
from programs import services
from programs.choices import AwardKind, AwardRole
from programs.models import SubsidyPolicy
from reference.models import Region

DEMO = "（演示）"

# Enterprises generated for the programs demo, beside loaders.DEMO_ORGANIZATIONS.
ENTERPRISES = [
    ("济宁鲁兴工程机械有限公司", "370811"),
    ("曲阜圣泉农业发展有限公司", "370881"),
    ("兖州恒信化工有限公司", "370812"),
    ("邹城华泰煤机装备有限公司", "370883"),
    ("嘉祥金石石雕有限公司", "370829"),
    ("金乡蒜都食品有限公司", "370828"),
    ("梁山通达专用汽车有限公司", "370832"),
    ("微山湖水产科技有限公司", "370826"),
    ("泗水泉林纸业有限公司", "370831"),
    ("任城智造电子科技有限公司", "370811"),
]

RATES_2025 = {
    (AwardKind.NATIONAL, AwardRole.LEAD): "300000",
    (AwardKind.NATIONAL, AwardRole.PARTICIPATE): "50000",
    (AwardKind.INDUSTRY, AwardRole.LEAD): "200000",
    (AwardKind.INDUSTRY, AwardRole.PARTICIPATE): "30000",
    (AwardKind.PROVINCIAL, AwardRole.LEAD): "100000",
    (AwardKind.MUNICIPAL, AwardRole.LEAD): "50000",
    (AwardKind.GROUP, AwardRole.LEAD): "50000",
    (AwardKind.FORERUNNER, AwardRole.LEAD): "100000",
}
RATES_2026 = {
    (AwardKind.NATIONAL, AwardRole.LEAD): "500000",
    (AwardKind.NATIONAL, AwardRole.PARTICIPATE): "100000",
    (AwardKind.INDUSTRY, AwardRole.LEAD): "300000",
    (AwardKind.INDUSTRY, AwardRole.PARTICIPATE): "50000",
    (AwardKind.PROVINCIAL, AwardRole.LEAD): "200000",
    (AwardKind.MUNICIPAL, AwardRole.LEAD): "100000",
    (AwardKind.GROUP, AwardRole.LEAD): "50000",
    (AwardKind.UPGRADED, AwardRole.LEAD): "600000",
    (AwardKind.FORERUNNER, AwardRole.LEAD): "200000",
    (AwardKind.PILOT, AwardRole.LEAD): "300000",
}

# Per enterprise (index into the list of all demo enterprises): the 2025 round's standards as
# (code, title, position among the drafting units). Positions > 1 participate.
ROUND_2025 = [
    [
        ("GB/T 45101-2024", "工程机械 液压系统 清洁度要求", 1),
        ("JB/T 14601-2024", "挖掘机 驾驶室噪声限值", 1),
    ],
    [("DB37/T 4701-2024", "预制菜加工技术规范", 1), ("T/SDSP 021-2024", "济宁甏肉干饭", 1)],
    [
        ("GB/T 45102-2024", "纺织品 再生纤维鉴别", 2),
        ("DB3708/T 061-2024", "运河文化旅游服务规范", 1),
    ],
    [("GB/T 45103-2024", "有机农产品 追溯要求", 1)],
    [
        ("JB/T 14602-2024", "装载机 燃油消耗量测试", 2),
        ("T/SDJX 022-2024", "智能叉车 通用技术条件", 1),
    ],
    [("HG/T 6201-2024", "工业用环氧丙烷", 1), ("DB37/T 4702-2024", "化工园区安全风险评估", 1)],
    [
        ("GB/T 45104-2024", "刮板输送机 可靠性试验方法", 1),
        ("MT/T 1301-2024", "液压支架 电液控制系统", 1),
    ],
    [("DB3708/T 062-2024", "石雕工艺品 质量分级", 1), ("T/SDGY 023-2024", "嘉祥石雕 术语", 1)],
    [("GB/T 45105-2024", "大蒜及制品 等级规格", 1), ("DB37/T 4703-2024", "黑蒜加工技术规程", 1)],
    [
        ("QC/T 1201-2024", "半挂车 轻量化设计要求", 1),
        ("GB/T 45106-2024", "专用汽车 涂装通用要求", 2),
    ],
    [("SC/T 3051-2024", "微山湖大闸蟹 养殖技术规范", 1)],
    [("QB/T 5901-2024", "生活用纸 柔软度测定", 1), ("DB3708/T 063-2024", "泉林本色纸 产品规范", 1)],
    [
        ("SJ/T 11901-2024", "工业物联网网关 通用规范", 1),
        ("T/SDDZ 024-2024", "电子元器件 追溯编码", 1),
    ],
]

# The 2026 round's standards (issued 2025): who drafted them, in order.
STANDARDS_2026 = {
    "GB/T 46101-2025": ("智能制造 装备互联互通要求", [0]),
    "GB/T 46102-2025": ("煤矿机械 再制造通用要求", [6]),
    "GB/T 46103-2025": ("矿用设备 远程运维平台要求", [6]),
    "JB/T 14701-2025": ("工程机械 远程监控终端", [3]),
    "DB37/T 4801-2025": ("农产品冷链物流服务规范", [4]),
    "DB3708/T 071-2025": ("孔府菜 烹饪技术规范", [4, 1]),
    "T/SDJX 031-2025": ("工业机器人 维护保养规范", [12]),
    "GB/T 46104-2025": ("纺织服装 数字化车间通用要求", [2]),
    "HG/T 6301-2025": ("工业用碳酸二甲酯", [5]),
    "QC/T 1301-2025": ("新能源专用车 电池仓安全要求", [9]),
    "SC/T 3061-2025": ("湖泊渔业 生态养殖规范", [10]),
}
# (enterprise, codes, how far the application goes in the demo)
APPLICATIONS_2026 = [
    (0, ["GB/T 46101-2025"], "publicity"),
    (6, ["GB/T 46102-2025", "GB/T 46103-2025"], "publicity"),  # 2 × ¥500,000 capped at ¥800,000
    (3, ["JB/T 14701-2025"], "publicity"),
    (1, ["GB/T 46104-2025"], "refused"),  # not among its drafting units
    (4, ["DB37/T 4801-2025", "DB3708/T 071-2025"], "city_reviewed_experts"),
    (5, ["HG/T 6301-2025"], "city_reviewed"),
    (9, ["QC/T 1301-2025"], "county_checked"),
    (10, ["SC/T 3061-2025"], "returned"),
    (12, ["T/SDJX 031-2025"], "submitted"),
    (2, ["GB/T 46104-2025"], "submitted"),
]


def _money(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def _uscc(county: str, n: int) -> str:
    body = f"91{county}MA3DM{n:04d}"
    return body + uscc_number.calc_check_digit(body)


def _enterprises(base: list[Organization], licence) -> list[Organization]:
    """The demo enterprises (`base`, then ten more) with an administrator each, verified through
    the engine; `licence(org)` attaches the business licence verification asks for."""
    city = User.objects.get(username="city")
    orgs = list(base)
    for n, (name, county) in enumerate(ENTERPRISES, start=1):
        org, created = Organization.objects.get_or_create(
            uscc=_uscc(county, n),
            defaults={"name": name + DEMO, "region": Region.objects.get(code=county)},
        )
        if created:
            licence(org)
            Organization.objects.filter(pk=org.pk).update(verification_state="submitted")
            org.refresh_from_db()
            transition(obj=org, action="verify", actor=city, opinion="演示数据：材料齐全")
        orgs.append(org)
    for n, org in enumerate(orgs, start=1):
        if Membership.objects.filter(organization=org, role=MembershipRole.ADMIN).exists():
            continue
        user = User.objects.create_user(
            username=f"demo_ent{n:02d}",
            password=None,
            display_name=f"{org.name} 标准化专员",
            email=f"demo_ent{n:02d}@demo.invalid",
        )
        user_grant_role(user=user, role=Role.ENTERPRISE)
        Membership.objects.create(
            user=user, organization=org, role=MembershipRole.ADMIN, state=MembershipState.ACTIVE
        )
    return orgs


def _admin_of(org: Organization) -> User:
    return Membership.objects.get(organization=org, role=MembershipRole.ADMIN).user


def _standard(code: str, title: str, issued: dt.date, drafters: list) -> Standard:
    standard = Standard.objects.filter(code=code).first()
    if standard is None:
        standard = standard_save(
            standard=Standard(code=code, title=title + DEMO, status="current", issue_date=issued),
            actor=None,
        )
        for position, unit in enumerate(drafters, start=1):
            StandardDraftingOrganization.objects.create(
                standard=standard,
                position=position,
                name=unit.name if isinstance(unit, Organization) else unit,
                organization=unit if isinstance(unit, Organization) else None,
            )
    return standard


def _call(program: str, year: int, title: str, opens: dt.datetime, closes: dt.datetime, city):
    return call_create(
        program=program, year=year, title=title + DEMO, opens_at=opens, closes_at=closes,
        guidance="<p>演示数据：申报条件和材料见正文。</p>", actor=city,
    )  # fmt: skip


def _policy(year: int, budget: str, cap: str, rates: dict, call: Call, city) -> SubsidyPolicy:
    return services.policy_save(
        policy=None,
        fields={
            "year": year,
            "title": f"济宁市{year}年度标准化资助奖励{DEMO}",
            "budget": _money(budget),
            "enterprise_cap": _money(cap),
            "window_start": dt.date(year - 1, 1, 1),
            "window_end": dt.date(year - 1, 12, 31),
            "publicity_days": 5,
            "call": call,
        },
        rates={key: _money(value) for key, value in rates.items()},
        actor=city,
    )


def _through(application, steps, city, county=None):
    for action, actor, opinion, data in steps:
        transition(
            obj=application, action=action, actor=actor or city, opinion=opinion, data=data or {}
        )


def _round_2025(orgs, city) -> None:
    """The paid 2025 round: submitted, checked, reviewed, allocated, publicized, paid."""
    now = timezone.now()
    call = _call("subsidy", 2025, "2025年度标准化资助奖励申报通知", now - dt.timedelta(days=1), now + dt.timedelta(days=1), city)  # fmt: skip
    policy = _policy(2025, "5000000", "800000", RATES_2025, call, city)
    for org, rows in zip(orgs, ROUND_2025, strict=False):
        codes = []
        for code, title, position in rows:
            drafters = ["山东省标准化研究院"] * (position - 1) + [org]
            _standard(code, title, dt.date(2024, 3 + len(codes) * 4, 15), drafters)
            codes.append(code)
        application = services.application_submit(
            policy=policy, organization=org, codes=codes, actor=_admin_of(org)
        )
        _through(
            application,
            [
                ("county_check", None, "演示数据：材料齐全", None),
                ("city_review", None, "", None),
                ("review_pass", None, "集体审议通过", {"score": "80"}),
            ],
            city,
        )
    services.round_allocate(policy=policy, actor=city)
    services.round_publish(policy=policy, starts_on=dt.date(2025, 6, 2), actor=city)
    for n, application in enumerate(policy.applications.order_by("pk")):
        transition(obj=application, action="approve", actor=city, opinion="局长办公会审议通过")
        services.payment_record(
            application=application, paid_on=dt.date(2025, 9, 10 + n % 10),
            amount=application.granted, reference=f"济财教指〔2025〕{31 + n}号", actor=city,
        )  # fmt: skip
        if n % 3 == 0:
            transition(
                obj=application, action="evaluate", actor=city, opinion="资金使用规范，标准已实施",
                data={"rating": "good"},
            )  # fmt: skip
    Call.objects.filter(pk=call.pk).update(  # the demo round took place in 2025
        opens_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
        closes_at=dt.datetime(2025, 4, 30, tzinfo=dt.UTC),
    )


def _round_2026(orgs, city, county) -> SubsidyPolicy:
    """The 2026 round under way: about ten applications spread over the stages."""
    now = timezone.now()
    call = _call("subsidy", 2026, "2026年度标准化资助奖励申报通知", now - dt.timedelta(days=20), now + dt.timedelta(days=40), city)  # fmt: skip
    policy = _policy(2026, "1500000", "800000", RATES_2026, call, city)
    for n, (code, (title, drafters)) in enumerate(STANDARDS_2026.items()):
        _standard(code, title, dt.date(2025, 1 + n % 12, 10), [orgs[i] for i in drafters])
    expert = Expert.objects.filter(user__username="expert").first()
    sheet = None
    apps = []
    for index, codes, stage in APPLICATIONS_2026:
        org = orgs[index]
        application = services.application_submit(
            policy=policy, organization=org, codes=codes, actor=_admin_of(org)
        )
        checker = county if org.region and org.region.code == "370811" else city
        if stage == "submitted":
            continue
        if stage == "refused":
            transition(
                obj=application, action="refuse", actor=checker,
                opinion="经核查，申报单位不在该标准的起草单位之列，不符合资助条件，不予资助。",
            )  # fmt: skip
            continue
        if stage == "returned":
            transition(
                obj=application, action="return", actor=checker,
                opinion="请补充标准发布公告和起草单位证明材料后重新提交。",
            )  # fmt: skip
            continue
        transition(obj=application, action="county_check", actor=checker, opinion="初审通过")
        if stage == "county_checked":
            continue
        transition(obj=application, action="city_review", actor=city)
        if stage == "city_reviewed_experts" and expert is not None:
            from reviews.services import review_assign, sheet_create

            sheet = sheet or sheet_create(
                name=f"标准化资助奖励评审表{DEMO}", program="subsidy", pass_mark=60,
                criteria=[
                    {"label": "标准的先进性", "max_points": 40},
                    {"label": "实施效果", "max_points": 40},
                    {"label": "材料完整性", "max_points": 20},
                ],
                actor=city,
            )  # fmt: skip
            review_assign(object=application, experts=[expert], sheet=sheet, due=None, actor=city)
        if stage != "publicity":
            continue
        transition(obj=application, action="review_pass", actor=city, data={"score": "85"})
        apps.append(application)
    services.round_allocate(policy=policy, actor=city)
    services.round_publish(policy=policy, actor=city)
    return policy


@transaction.atomic
def load_programs(*, enterprises: list[Organization], licence) -> None:
    """The programs' demo: a paid 2025 round, the 2026 round under way, pilots, forerunners and
    reform-plan items, over `enterprises` (the loader's verified ones) and ten generated ones.
    Skipped when it is already there."""
    if SubsidyPolicy.objects.filter(year=2026).exists():
        return
    city = User.objects.get(username="city")
    county = User.objects.get(username="county")
    orgs = _enterprises(enterprises, licence)
    _round_2025(orgs, city)
    _round_2026(orgs, city, county)
    _pilots(orgs, city, county)
    _forerunners(orgs, city)
    _plan_items(orgs, city, licence)


# --- pilots, forerunners ------------------------------------------------------------------------

PILOT_STAGES = ["applied", "county_recommended", "expert_review", "publicity", "building",
                "acceptance_requested", "passed"]  # fmt: skip
PILOTS = [
    # (enterprise, title, level, domain, period, stage, achievements)
    (
        0,
        "工程机械智能制造标准化试点",
        "municipal",
        "industry",
        (2024, 2025),
        "passed",
        "制定企业标准 18 项、团体标准 3 项，主导制定国家标准 1 项；产品一次交检合格率由 96.2% 提升至 99.1%。",
    ),
    (
        1,
        "曲阜尼山文旅服务标准化示范",
        "provincial",
        "services",
        (2023, 2025),
        "passed",
        "构建覆盖游客接待、讲解、餐饮住宿的服务标准体系 126 项，游客满意度提升至 98.6%。",
    ),
    (
        5,
        "金乡大蒜全产业链标准化示范",
        "municipal",
        "agriculture",
        (2025, 2027),
        "acceptance_requested",
        "建成大蒜种植、储藏、加工标准综合体 42 项。",
    ),
    (7, "微山湖生态渔业标准化试点", "municipal", "agriculture", (2025, 2027), "building", ""),
    (9, "专用汽车轻量化标准化试点", "municipal", "industry", (2026, 2027), "publicity", ""),
    (3, "煤机装备再制造标准化试点", "municipal", "industry", (2026, 2028), "expert_review", ""),
    (
        8,
        "泉林纸业绿色制造标准化试点",
        "municipal",
        "industry",
        (2026, 2028),
        "county_recommended",
        "",
    ),
    (12, "任城电子信息产业标准化试点", "municipal", "industry", (2026, 2028), "applied", ""),
]
FORERUNNERS = [
    (2025, "挖掘机", 0, "Q/JNSF 001-2024", "中国标准化研究院"),
    (2025, "挂面", 1, "Q/ZCSP 002-2024", "山东省标准化研究院"),
    (2025, "液压支架", 6, "Q/HTMJ 003-2024", "中国机械工业联合会"),
    (2024, "大蒜制品", 8, "Q/SDSP 010-2023", "山东省标准化研究院"),
]


def _experts(city) -> list[Expert]:
    """Two demo experts with logins beside 孙专家 (reviews need signed-in experts)."""
    experts = []
    for username, name in (("demo_expert2", "郑专家"), ("demo_expert3", "冯专家")):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username, password=None, display_name=name + DEMO,
                email=f"{username}@demo.invalid",
            )  # fmt: skip
            user_grant_role(user=user, role=Role.EXPERT)
        expert, _ = Expert.objects.get_or_create(
            name=name + DEMO, defaults={"title": "高级工程师", "user": user}
        )
        experts.append(expert)
    return experts


def _sheet(name, pass_mark, criteria, city):
    from reviews.services import sheet_create

    return sheet_create(
        name=name + DEMO, program="pilot", pass_mark=pass_mark,
        criteria=[{"label": label, "max_points": points} for label, points in criteria],
        actor=city,
    )  # fmt: skip


def _score(pilot, expert, sheet, points, city) -> None:
    from reviews.services import review_assign, review_submit

    review_assign(object=pilot, experts=[expert], sheet=sheet, due=None, actor=city)
    review_submit(
        object=pilot, expert=expert.user,
        scores={c.pk: str(min(points, c.max_points)) for c in sheet.criteria.all()},
        vote="pass", opinion="演示数据：方案可行，同意。", declare_no_conflict=True, actor=expert.user,
    )  # fmt: skip


def _pilots(orgs, city, county) -> None:
    from publicity.models import Notice

    now = timezone.now()
    _call("pilot", 2026, "2026年度标准化试点示范项目申报通知", now - dt.timedelta(days=15), now + dt.timedelta(days=45), city)  # fmt: skip
    review_sheet = _sheet("标准化试点示范项目评审表", 60, [("建设基础", 30), ("建设方案", 40), ("预期成效", 30)], city)  # fmt: skip
    acceptance_sheet = _sheet("标准化试点示范项目验收评分表", 80, [("标准体系建设", 40), ("标准实施", 40), ("示范效果", 20)], city)  # fmt: skip
    reviewer, assessor = _experts(city)
    for index, title, level, domain, (start, end), stage, achievements in PILOTS:
        org = orgs[index]
        admin = _admin_of(org)
        pilot = services.pilot_apply(
            organization=org, actor=admin, title=title + DEMO, level=level, domain=domain,
            objectives="构建覆盖全过程的标准体系，形成可复制推广的经验。",
            standard_system="基础标准、技术标准、管理标准、岗位标准",
            period_start=dt.date(start, 1, 1), period_end=dt.date(end, 12, 31),
        )  # fmt: skip
        target = PILOT_STAGES.index(stage)

        def go(action, actor=city, pilot=pilot, **kwargs):
            transition(obj=pilot, action=action, actor=actor, **kwargs)

        if target < 1:
            continue
        go(
            "recommend",
            county if org.region and org.region.code == "370811" else city,
            opinion="同意推荐",
        )
        if target < 2:
            continue
        go("formal_check")
        go("start_review", data={"sheet": review_sheet.pk})
        if target < 3:
            from reviews.services import review_assign

            sun = Expert.objects.filter(user__username="expert").first()
            if sun is not None:
                review_assign(object=pilot, experts=[sun], sheet=review_sheet, due=None, actor=city)
            continue
        _score(pilot, reviewer, review_sheet, 30, city)
        go("review_pass")
        if target < 4:
            continue
        # The demo's earlier projects were publicized before today.
        Notice.objects.about(pilot).update(
            starts_on=dt.date(start - 1, 11, 3), ends_on=dt.date(start - 1, 11, 7)
        )
        transition(obj=pilot, action="publicity_close", actor=None)
        go("sign", opinion="任务书已签订")
        services.pilot_progress_report(
            pilot=pilot, period=f"{start}年上半年", actor=admin,
            progress="完成标准体系框架设计，梳理现有标准 60 余项。", problems="部分岗位标准尚需细化。",
        )  # fmt: skip
        if target < 5:
            continue
        go("start_midterm")
        go("midterm_pass", opinion="中期评估：进展符合任务书要求")
        services.pilot_update_achievements(pilot=pilot, achievements=achievements, actor=admin)
        go("request_acceptance", admin, opinion="自评：各项任务已完成")
        if target < 6:
            continue
        go("start_acceptance", data={"sheet": acceptance_sheet.pk})
        _score(pilot, assessor, acceptance_sheet, 38, city)
        go(
            "pass_acceptance",
            data={"site_visit_on": dt.date(end, 11, 20), "site_visit_note": "现场核查：资料齐全，标准实施有效。"},
        )  # fmt: skip


def _forerunners(orgs, city) -> None:
    for year, field, index, code, body in FORERUNNERS:
        services.forerunner_create(
            actor=city, year=year, field=field, organization=orgs[index],
            enterprise_name=orgs[index].name, standard_code=code, assessment_body=body,
        )  # fmt: skip


# --- reform-plan items --------------------------------------------------------------------------

EVIDENCE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PLAN_ITEMS = [
    # (plan, field, title, unit (index or "agri"), due, how far)
    ("reform", "乡村振兴", "建设市级农业标准化示范基地 10 个", "agri", (2026, 12, 31), "confirmed"),
    (
        "reform",
        "乡村振兴",
        "制定金乡大蒜、鱼台大米全产业链标准综合体",
        5,
        (2026, 10, 31),
        "reported",
    ),
    (
        "reform",
        "新旧动能转换",
        "推动 5 家以上企业主导制定国家标准",
        0,
        (2026, 12, 31),
        "in_progress",
    ),
    ("reform", "新旧动能转换", "建设工程机械产业标准创新联盟", 3, (2026, 6, 30), "in_progress"),
    ("reform", "公共服务", "编制政务服务事项办理标准 100 项", "agri", (2026, 9, 30), "confirmed"),
    ("brand", "标准化品牌", "培育“济宁标准”品牌企业 20 家", 0, (2027, 6, 30), "in_progress"),
]


def _plan_items(orgs, city, licence) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory.choices import OrganizationKind
    from documents.services import document_attach
    from programs.models import PlanField

    agri, _ = Organization.objects.get_or_create(
        name="济宁市农业农村局" + DEMO,
        defaults={"kind": OrganizationKind.GOVERNMENT, "region": Region.objects.get(code="370811")},
    )
    licence(agri)
    sector = User.objects.get(username="sector")
    Membership.objects.get_or_create(
        user=sector, organization=agri,
        defaults={"role": MembershipRole.ADMIN, "state": MembershipState.ACTIVE},
    )  # fmt: skip
    for plan, field, title, unit, due, stage in PLAN_ITEMS:
        responsible = agri if unit == "agri" else orgs[unit]
        item = services.plan_item_create(
            actor=city, plan=plan, field=PlanField.objects.get(name=field), title=title,
            responsible=responsible, targets=f"{title}，按期完成并提交佐证材料。",
            due_date=dt.date(*due),
        )  # fmt: skip
        if stage == "in_progress":
            continue
        reporter = sector if unit == "agri" else _admin_of(responsible)
        upload = SimpleUploadedFile(
            "完成情况佐证材料.pdf", EVIDENCE_PDF, content_type="application/pdf"
        )
        document = document_attach(obj=item, upload=upload, kind="other", actor=reporter)
        transition(
            obj=item, action="report", actor=reporter, attachments=[document],
            opinion="演示数据：已按期完成，佐证材料见附件。",
        )  # fmt: skip
        if stage == "confirmed":
            transition(obj=item, action="confirm", actor=city, opinion="经核实，已完成。")
