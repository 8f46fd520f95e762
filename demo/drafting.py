"""Demo data of municipal local standards (地方标准 DB3708/T): calls, about fifteen projects over
every stage, suggestions. Real titles of Jining's standards where they are public (published 2020:
the three 公务用车 standards; 2021: 城市公共厕所 and 城市河道 保洁服务规范; 2021 projects 移动端中台
应用接入规程 and 公共机构绿色运营指南); numbers, dates, drafting units and texts are plausible
inventions (演示数据). Every project goes through the real services (`drafting.steps`), with the
clock set to the day of each step, so history, audit rows, drafts and comments exist."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.backends import DEMO_PASSWORD
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from calls.services import call_create
from core.workflow import transition
from directory.choices import MembershipRole, MembershipState, OrganizationKind
from directory.models import Expert, Membership, Organization
from documents.services import document_attach
from drafting import fulltext, services, steps
from drafting.models import LocalStandardProject
from reference.models import Region
from reviews.models import ScoreSheet
from reviews.services import review_assign, review_submit, sheet_create

DRAFTING_ORG = ("济宁示范信息技术有限公司", "91370811MA3F00001X", "370811")
DEMO_USERS = [
    # (username, display name, role, organization name or None)
    ("expert2", "钱专家", Role.EXPERT, None),
    ("drafter", "示范信息技术 刘工程师", Role.ENTERPRISE, DRAFTING_ORG[0]),
]
D = dt.date


def _users() -> None:
    """A second expert with an account (钱专家 of the pool) and a drafting-unit enterprise user."""
    org, created = Organization.objects.get_or_create(
        uscc=DRAFTING_ORG[1],
        defaults={
            "name": DRAFTING_ORG[0],
            "kind": OrganizationKind.ENTERPRISE,
            "region": Region.objects.get(code=DRAFTING_ORG[2]),
        },
    )
    if created:  # verified through the real workflow, as the other demo organizations
        document_attach(
            obj=org,
            upload=fulltext.pdf_upload("营业执照（示范）.pdf"),
            kind="business_license",
            actor=None,
        )
        Organization.objects.filter(pk=org.pk).update(verification_state="submitted")
        org.refresh_from_db()
        transition(
            obj=org, action="verify", actor=User.objects.get(username="city"), opinion="演示数据"
        )
    for username, name, role, org_name in DEMO_USERS:
        if User.objects.filter(username=username).exists():
            continue
        organization = Organization.objects.get(name=org_name) if org_name else None
        user = User.objects.create_user(
            username=username,
            password=DEMO_PASSWORD,
            display_name=name,
            email=f"{username}@demo.invalid",
        )
        user_grant_role(user=user, role=role)
        if organization is not None:
            Membership.objects.create(
                user=user,
                organization=organization,
                role=MembershipRole.ADMIN,
                state=MembershipState.ACTIVE,
                decided_at=timezone.now(),
            )
    Expert.objects.filter(name="钱专家", user__isnull=True).update(
        user=User.objects.get(username="expert2")
    )


def _sheet(city) -> ScoreSheet:
    sheet = ScoreSheet.objects.filter(program="local_standard").first()
    return sheet or sheet_create(
        name="地方标准立项评审表",
        program="local_standard",
        pass_mark=Decimal("60"),
        criteria=[
            {"label": "立项必要性", "max_points": "30", "description": "是否为本市特殊需要"},
            {"label": "技术可行性", "max_points": "30"},
            {"label": "与现行标准的协调性", "max_points": "20", "description": "查新结果"},
            {"label": "起草单位能力", "max_points": "20"},
        ],
        actor=city,
    )


def _call(city, year: int, opens: dt.date, closes: dt.date):
    with steps.on(opens - dt.timedelta(days=7)):
        return call_create(
            program="local_standard",
            year=year,
            title=f"关于征集{year}年度济宁市地方标准制修订项目的通知",
            guidance="<p>请各有关部门、单位按《山东省地方标准管理办法》要求，填写立项申请书并上传标准草案。"
            "（演示数据）</p>",
            eligibility="市有关行业主管部门；在本市依法登记、已在平台完成认证的企事业单位、社会团体。",
            opens_at=timezone.make_aware(dt.datetime.combine(opens, dt.time())),
            closes_at=timezone.make_aware(dt.datetime.combine(closes, dt.time())),
            actor=city,
        )


def _units(*names: str) -> list[dict]:
    return [
        {"name": n, "contact_person": "联系人（演示）", "contact_phone": "0537-0000000"}
        for n in names
    ]


def _confirm(project, city, day: dt.date) -> None:
    with steps.on(day):
        transition(obj=project, action="start_periodic_review", actor=city)
        transition(
            obj=project, action="confirm", actor=city, opinion="复审结论：继续有效（演示数据）"
        )


@transaction.atomic
def load_local_standards(stdout=None) -> None:
    if LocalStandardProject.objects.exists():
        return
    _users()
    get = User.objects.get
    city, county, sector = get(username="city"), get(username="county"), get(username="sector")
    enterprise, drafter = get(username="enterprise"), get(username="drafter")
    experts = list(Expert.objects.filter(user__username__in=["expert", "expert2"]).order_by("name"))
    sheet = _sheet(city)
    # A project led by a unit without an account is drafted by its sponsor (the department).
    by_sponsor = steps.Cast(sector, sector, county, city, experts, sheet)
    by_it = steps.Cast(sector, drafter, county, city, experts, sheet)
    by_enterprise = steps.Cast(enterprise, enterprise, county, city, experts, sheet)
    today = timezone.localdate()

    call_2020 = _call(city, 2020, D(2020, 3, 1), D(2020, 4, 30))
    call_2021 = _call(city, 2021, D(2021, 3, 1), D(2021, 4, 30))
    this_year = _call(
        city, today.year, today - dt.timedelta(days=200), today - dt.timedelta(days=1)
    )
    _call(city, today.year + 1, today - dt.timedelta(days=14), today + dt.timedelta(days=45))

    published = [
        (call_2020, D(2020, 3, 10), "公务用车平台建设与管理规范", "济宁市机关事务服务中心", ("济宁市公务用车服务中心", DRAFTING_ORG[0]), by_sponsor),
        (call_2020, D(2020, 3, 12), "公务用车标识管理规范", "济宁市机关事务服务中心", ("济宁市公务用车服务中心",), by_sponsor),
        (call_2020, D(2020, 3, 16), "公务用车服务保障规范", "济宁市机关事务服务中心", ("济宁市公务用车服务中心", "济宁市标准化研究院（示范）"), by_sponsor),
        (call_2021, D(2021, 3, 8), "城市公共厕所保洁服务规范", "济宁市城市管理局", ("济宁市环境卫生服务中心",), by_sponsor),
        (call_2021, D(2021, 3, 9), "城市河道保洁服务规范", "济宁市城市管理局", ("济宁市环境卫生服务中心", "济宁市水务局河湖管理中心"), by_sponsor),
        (call_2021, D(2021, 3, 15), "移动端中台应用接入规程", "济宁市大数据中心", (DRAFTING_ORG[0], "济宁市大数据中心"), by_it),
        (call_2021, D(2021, 3, 18), "公共机构绿色运营指南", "济宁市机关事务服务中心", ("济宁市机关事务服务中心", "济宁市标准化研究院（示范）"), by_sponsor),
    ]  # fmt: skip
    projects = {}
    for index, (call, start, title, department, units, cast) in enumerate(published, start=1):
        project = steps.apply(
            cast, start, call=call, title=title, sponsor_department=department, units=_units(*units)
        )
        steps.walk(
            project, cast, start, until="in_force", filing=f"{40000 + index * 37}-{start.year}"
        )
        projects[title] = project
    # 复审 (within 5 years): confirmed for all but one, which is due and listed for the bureau.
    for title, project in projects.items():
        if title != "公务用车平台建设与管理规范":
            _confirm(project, city, project.review_due - dt.timedelta(days=60))

    current = [
        ("微山湖大闸蟹生态养殖技术规程", "济宁市农业农村局", 2, "submitted"),
        ("金乡大蒜冷链物流操作规范", "济宁市商务局", 20, "project_review"),
        # Near-identical to a published standard: the 查新 on its review page shows it first.
        ("城市公共厕所保洁与管理服务规范", "济宁市城市管理局", 9, "forwarded"),
        ("鱼台大米生产技术规程", "济宁市农业农村局", 17, "publicity"),
        ("嘉祥石雕制作工艺规范", "济宁市文化和旅游局", 60, "drafting"),
        ("儒家文化研学旅行服务规范", "济宁市文化和旅游局", 130, "comment"),
        ("城市道路桥梁养护管理规范", "济宁市住房和城乡建设局", 175, "tech_review"),
        ("智能网联汽车道路测试管理规范", "济宁市工业和信息化局", 40, "rejected"),
    ]
    for title, department, days_ago, until in current:
        start = today - dt.timedelta(days=days_ago)
        cast = by_enterprise if until in ("comment", "project_review") else by_sponsor
        units = (enterprise.organization.name, "济宁市标准化研究院（示范）")
        if cast is by_sponsor:
            units = (department.replace("市", "市", 1) + "（演示起草组）",)
        project = steps.apply(
            cast,
            start,
            call=this_year,
            title=title,
            sponsor_department=department,
            units=_units(*units),
        )
        if until == "submitted":
            continue
        if until == "forwarded":
            steps.forward(project, cast, start + dt.timedelta(days=3))
            continue
        if until == "project_review":
            _in_review(project, cast, start)
        elif until == "rejected":
            steps.forward(project, cast, start + dt.timedelta(days=3))
            with steps.on(start + dt.timedelta(days=10)):
                services.duplicate_check_confirm(project=project, actor=city)
                transition(
                    obj=project,
                    action="reject",
                    actor=city,
                    opinion="属于国家标准、行业标准已规定的内容，不宜制定地方标准（演示数据）",
                )
        elif until == "tech_review":
            steps.walk(project, cast, start, until="tech_review")
            with steps.on(today - dt.timedelta(days=2)):
                services.tech_panel_open(
                    project=project,
                    experts=experts,
                    rule="majority",
                    due=today + dt.timedelta(days=7),
                    actor=city,
                )
                services.tech_vote(
                    project=project,
                    outcome="approve",
                    opinion="技术内容合理，建议修改后通过。",
                    actor=experts[0].user,
                )
        else:
            steps.walk(project, cast, start, until={"publicity": "plan_pending"}.get(until, until))
        if until == "comment":
            _dispose_some(project, cast)
    _suggestions(city)
    if stdout:
        stdout.write(f"地方标准：{LocalStandardProject.objects.count()} 个项目（演示数据）")


def _in_review(project, cast, start) -> None:
    """立项审查 under way: 查新 confirmed, two experts assigned, one has scored."""
    steps.forward(project, cast, start + dt.timedelta(days=3))
    day = start + dt.timedelta(days=10)
    with steps.on(day):
        services.duplicate_check_confirm(project=project, actor=cast.city)
        review_assign(
            object=project,
            experts=cast.experts,
            sheet=cast.sheet,
            due=day + dt.timedelta(days=20),
            actor=cast.city,
        )
        first = cast.experts[0]
        review_submit(
            object=project,
            expert=first.user,
            scores={str(c.pk): c.max_points * Decimal("0.85") for c in cast.sheet.criteria.all()},
            vote="pass",
            opinion="金乡大蒜冷链需求明确，建议立项。（演示数据）",
            declare_no_conflict=True,
            actor=first.user,
        )


def _dispose_some(project, cast) -> None:
    """The drafting unit has answered the first two comments while the period runs."""
    from consultation.services import comment_dispose
    from drafting.selectors import current_consultation

    comments = list(current_consultation(project).comments.order_by("id"))[:2]
    for comment, (disposition, reason) in zip(
        comments, (("accepted", ""), ("partly", "重点区域每半月检查一次。")), strict=False
    ):
        comment_dispose(comment=comment, disposition=disposition, reason=reason, actor=cast.drafter)


def _suggestions(city) -> None:
    citizen = User.objects.get(username="enterprise")
    first = services.suggestion_submit(
        title="城市公园管理服务规范",
        reason="全市公园管理服务水平不一，建议制定地方标准统一要求。（演示数据）",
        contact="0537-2345678",
        sponsor_hint="济宁市城市管理局",
        actor=citizen,
    )
    services.suggestion_answer(
        suggestion=first,
        adopted=True,
        answer="已转市城市管理局，建议其在下一年度征集中申报。",
        actor=city,
    )
    services.suggestion_submit(
        title="养老机构失能老人照护服务规范",
        reason="失能老人照护需求增长，缺少统一服务要求。（演示数据）",
        contact="13805370000",
        actor=User.objects.get(username="sector"),
    )
