"""Browser journeys of a municipal local standard (DB3708/T), each role logged in as itself:
from a suggestion to a published standard the public search finds; and a published standard
through 复审 to "revise", whose replacement chain shows both ways once the new one is published.

Setup a journey does not test (the call, the expert assignment of 立项审查) goes through the
services; periods that would take weeks (publicity, public comment) are moved into the past in the
database and the platform's timers close them, as `run_workflow_timers` does every few minutes."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from calls.services import call_create
from consultation.models import Consultation
from core.workflow.timers import run_workflow_timers
from directory.choices import MembershipRole, MembershipState
from directory.models import Expert, Membership, Organization
from drafting import fulltext, steps
from drafting.models import LocalStandardProject
from drafting.selectors import current_consultation
from e2e.login import pass_second_factor
from publicity.models import Notice
from reference.models import Region, RegionLevel
from reviews.services import review_assign, sheet_create
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
TITLE = "城市公共厕所保洁服务规范"


def make_user(username, role, organization=None, county=None, name=""):
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        display_name=name or username,
        county=county,
    )
    user_grant_role(user=user, role=role)
    if organization is not None:
        Membership.objects.create(
            user=user,
            organization=organization,
            role=MembershipRole.ADMIN,
            state=MembershipState.ACTIVE,
        )
    return User.objects.get(pk=user.pk)


@pytest.fixture
def cast():
    roles_sync()
    county = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    org = Organization.objects.create(
        name="济宁示范环卫服务有限公司", uscc="91370811MA3C12340U", region=county,
        verification_state="verified",
    )  # fmt: skip
    users = {
        "sector": make_user("sector", Role.SECTOR_DEPARTMENT, name="市城市管理局 赵科长"),
        "ent": make_user("ent", Role.ENTERPRISE, organization=org, name="示范环卫 张工"),
        "county": make_user("county", Role.COUNTY_OFFICER, county=county, name="任城区 李干事"),
        "city": make_user("city", Role.CITY_OFFICER, name="市局 王科长"),
        "expert1": make_user("expert1", Role.EXPERT, name="孙专家"),
        "expert2": make_user("expert2", Role.EXPERT, name="钱专家"),
    }
    experts = [
        Expert.objects.create(name="孙专家", user=users["expert1"]),
        Expert.objects.create(name="钱专家", user=users["expert2"]),
    ]
    now = timezone.now()
    call_create(
        program="local_standard", year=now.year, title="地方标准立项征集",
        opens_at=now - dt.timedelta(days=1), closes_at=now + dt.timedelta(days=30), actor=users["city"],
    )  # fmt: skip
    sheet = sheet_create(
        name="地方标准立项评审表", program="local_standard", pass_mark=Decimal("60"),
        criteria=[{"label": "立项必要性", "max_points": "50"}, {"label": "技术可行性", "max_points": "50"}],
        actor=users["city"],
    )  # fmt: skip
    return {"users": users, "experts": experts, "sheet": sheet, "org": org}


def login(page, base, username, next_url="/local-standards/"):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)


def act(page, button):
    page.get_by_role("button", name=button, exact=True).click()
    return page.inner_text("body")  # messages stand above main


def upload(name, data):
    mime = "application/pdf" if name.endswith(".pdf") else "application/octet-stream"
    return {"name": name, "mimeType": mime, "buffer": data}


def project_url(project):
    return project.get_absolute_url()


def end_publicity(project):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Notice.objects.about(project).update(
        starts_on=yesterday - dt.timedelta(days=7), ends_on=yesterday
    )
    LocalStandardProject.objects.filter(pk=project.pk).update(publicity_ends=yesterday)
    run_workflow_timers()


def end_comment(project):
    now = timezone.now()
    Consultation.objects.filter(pk=current_consultation(project).pk).update(
        opens_at=now - dt.timedelta(days=31), closes_at=now - dt.timedelta(hours=1)
    )
    LocalStandardProject.objects.filter(pk=project.pk).update(
        comment_closes=timezone.localdate() - dt.timedelta(days=1)
    )
    run_workflow_timers()


def test_from_a_suggestion_to_a_published_standard_the_public_search_finds(live_server, page, cast):
    base = live_server.url
    users = cast["users"]
    # 立项建议 by the enterprise; the bureau answers it.
    login(page, base, "ent")
    page.get_by_role("link", name="立项建议").first.click()
    page.get_by_role("link", name="提出立项建议").click()
    page.get_by_label("建议标准名称").fill(TITLE)
    page.get_by_label("建议理由").fill("全市公厕保洁要求不一。")
    page.get_by_label("联系方式").fill("13800000000")
    assert "立项建议已提交" in act(page, "提交建议")
    login(page, base, "city", "/local-standards/suggestions/")
    page.get_by_label("答复结论").select_option("1")
    page.get_by_label("答复内容").fill("转市城市管理局申报。")
    assert "已答复" in act(page, "答复")

    # The sector department applies, with the enterprise as the lead drafting unit.
    login(page, base, "sector")
    page.get_by_role("link", name="申报立项").first.click()
    page.get_by_label("标准名称").fill(TITLE)
    page.get_by_label("提出部门").fill("济宁市城市管理局")
    page.get_by_label(re.compile(r"^范围")).fill("城市公共厕所的保洁服务。")
    page.get_by_label("立项目的和必要性").fill("统一全市公厕保洁要求。")
    page.get_by_label("主要技术内容").fill("基本要求、作业要求、检查与评价。")
    page.get_by_label("起草单位").fill(
        "济宁示范环卫服务有限公司｜张工｜0537-1234567\n济宁市环境卫生服务中心"
    )
    page.get_by_label("立项申请书").set_input_files(upload("立项申请书.pdf", fulltext.PDF))
    assert "立项申请已提交" in act(page, "提交申请")
    project = LocalStandardProject.objects.get(title=TITLE)
    assert project.state == "submitted"

    # The county officer of the lead unit's county checks it.
    login(page, base, "county", project_url(project))
    assert "初审" in act(page, "初审通过")

    # The city bureau: 查新, experts (assigned through the service), their scores, the decision.
    login(page, base, "city", f"/local-standards/projects/{project.pk}/review/")
    act(page, "我已查看查新结果，确认无重复")
    review_assign(
        object=project, experts=cast["experts"], sheet=cast["sheet"], due=None, actor=users["city"]
    )
    for username in ("expert1", "expert2"):
        login(page, base, username, "/reviews/tasks/")
        page.get_by_role("link", name=f"《{TITLE}》").first.click()
        page.get_by_label("立项必要性").fill("45")
        page.get_by_label("技术可行性").fill("40")
        page.get_by_label("通过", exact=True).check()
        page.get_by_role("textbox", name=re.compile(r"^评审意见")).fill("立项必要，建议立项。")
        page.get_by_label("本人声明").check()
        assert "评审意见已提交" in act(page, "提交评审意见")
    login(page, base, "city", f"/local-standards/projects/{project.pk}/review/")
    assert "85.00" in page.inner_text("main")  # the mean total, side by side
    for box in page.get_by_label("公平竞争审查：").all():
        box.check()
    assert "已同意立项并公示" in act(page, "同意立项并公示")
    end_publicity(project)
    project.refresh_from_db()
    assert project.state == "plan_pending"
    page.goto(base + project_url(project))
    page.get_by_label("计划完成期限").fill(
        (timezone.localdate() + dt.timedelta(days=365)).isoformat()
    )
    assert "下达计划" in act(page, "下达计划")
    project.refresh_from_db()
    assert project.plan_number.endswith("-001")

    # The drafting unit uploads the 征求意见稿 and the 编制说明 and asks for comment.
    login(page, base, "ent", project_url(project))
    page.get_by_label("文件（DOCX）").set_input_files(
        upload("征求意见稿.docx", fulltext.docx_bytes(TITLE))
    )
    page.get_by_label("版本说明").fill("征求意见稿")
    act(page, "上传新版本")
    page.get_by_label("材料类型").select_option("explanation")
    page.get_by_label("文件", exact=True).set_input_files(upload("编制说明.pdf", fulltext.PDF))
    act(page, "上传材料")
    act(page, "提交征求意见稿")
    login(page, base, "city", project_url(project))
    act(page, "发布征求意见")
    project.refresh_from_db()
    assert project.state == "comment"

    # An anonymous visitor comments on a clause from the page of drafts open for comment.
    page.context.clear_cookies()
    page.goto(base + "/local-standards/comments/")
    page.get_by_role("link", name=f"《{TITLE}》（征求意见稿）").click()
    page.get_by_label("章条编号").select_option("4.1.1")
    page.get_by_label("意见内容").fill("建议明确夜间保洁要求。")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("联系方式").fill("13800000000")
    page.get_by_role("button", name="提交意见").click()
    assert page.locator(".receipt-number").inner_text()

    # The period ends; the drafting unit disposes of the comment and sends the draft for review.
    end_comment(project)
    login(page, base, "ent", f"/consultations/{current_consultation(project).pk}/manage/")
    page.get_by_label("处理意见").select_option("accepted")
    act(page, "保存处理意见")
    page.goto(base + project_url(project))
    act(page, "提交送审稿")

    # Technical review: the bureau convenes two experts, each votes, the minutes, pass.
    login(page, base, "city", project_url(project))
    act(page, "组织技术审查")
    page.get_by_role("link", name="组织技术审查专家").click()
    page.get_by_label("孙专家").check()
    page.get_by_label("钱专家").check()
    act(page, "确定")
    for username in ("expert1", "expert2"):
        login(page, base, username, f"/local-standards/projects/{project.pk}/vote/")
        page.get_by_label("同意", exact=True).check()
        page.get_by_label("审查意见").fill("同意通过。")
        act(page, "提交表决")
    login(page, base, "city", project_url(project))
    page.get_by_label("材料类型").select_option("opinion")
    page.get_by_label("文件", exact=True).set_input_files(
        upload("技术审查会议纪要.pdf", fulltext.PDF)
    )
    act(page, "上传材料")
    act(page, "审查通过")

    # 报批 by the drafting unit; the bureau approves (number), publishes.
    login(page, base, "ent", project_url(project))
    page.get_by_label("草案类别").select_option("报批稿")
    page.get_by_label("文件（DOCX）").set_input_files(
        upload("报批稿.docx", fulltext.docx_bytes(TITLE, stage="报批稿"))
    )
    page.get_by_label("版本说明").fill("报批稿")
    act(page, "上传新版本")
    act(page, "提交报批")
    login(page, base, "city", project_url(project))
    today = timezone.localdate()
    page.get_by_label("发布日期").fill(today.isoformat())
    page.get_by_label("实施日期").fill((today + dt.timedelta(days=30)).isoformat())
    act(page, "批准并编号")
    act(page, "发布")
    project.refresh_from_db()
    assert project.state == "published"
    assert project.code == f"DB3708/T 001—{today.year}"

    # The public finds it at once, 即将实施, with its 制定过程.
    page.context.clear_cookies()
    page.goto(f"{base}/standards/?q={TITLE}")
    page.get_by_role("link", name=project.standard.code).first.click()
    main = page.inner_text("main")
    assert "即将实施" in main
    assert "制定过程" in main
    page.goto(base + project_url(project))  # the dispositions are public with the standard
    assert "征求意见汇总处理表" in page.inner_text("main")


def test_a_periodic_review_revises_and_the_new_standard_replaces_the_old(live_server, page, cast):
    base = live_server.url
    users = cast["users"]
    crew = steps.Cast(
        users["sector"],
        users["ent"],
        users["county"],
        users["city"],
        cast["experts"],
        cast["sheet"],
    )
    start = timezone.localdate() - dt.timedelta(days=400)
    with steps.on(start - dt.timedelta(days=1)):
        call = call_create(
            program="local_standard", year=start.year, title="往年征集",
            opens_at=timezone.now(), closes_at=timezone.now() + dt.timedelta(days=30), actor=users["city"],
        )  # fmt: skip
    old = steps.apply(
        crew,
        start,
        call=call,
        title=TITLE,
        units=[{"name": cast["org"].name}],
    )
    steps.walk(old, crew, start, until="in_force", filing="40001-2025")

    # The bureau runs the 复审 from the project page and decides to revise.
    login(page, base, "city", project_url(old))
    act(page, "启动复审")
    page.locator("#workflow-opinion").fill("技术内容需要更新，予以修订。")
    act(page, "复审：修订")
    old.refresh_from_db()
    assert old.state == "revising"
    revision = old.revisions.get()
    page.goto(base + project_url(old))
    assert "修订项目" in page.inner_text("main")

    # The sponsor submits the revision (no call needed); the rest runs through the services.
    login(page, base, "sector", project_url(revision))
    page.get_by_label("材料类型").select_option("application")
    page.get_by_label("文件", exact=True).set_input_files(upload("修订申请书.pdf", fulltext.PDF))
    act(page, "上传材料")
    act(page, "提交立项申请")
    revision.refresh_from_db()
    steps.walk(revision, crew, timezone.localdate(), until="published")
    revision.refresh_from_db()
    old.refresh_from_db()
    assert old.state == "replaced"

    # The chain shows both ways on the catalog pages.
    page.context.clear_cookies()
    page.goto(base + revision.standard.get_absolute_url())
    assert old.code.replace("—", "-") in page.inner_text("main") or old.code in page.inner_text(
        "main"
    )
    assert "本标准代替" in page.inner_text("main")
    page.goto(base + old.standard.get_absolute_url())
    assert "被以下标准代替" in page.inner_text("main")
