"""Browser journey: a pilot project from the application to the public showcase — county
recommendation, formal check, expert review on the bureau's score sheet, 立项 publicity closed by
the timer, task agreement, a progress report, the acceptance request, the acceptance review against
the sheet's pass mark with the site visit recorded, and the named project on the showcase."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.services import roles_sync
from calls.models import Call
from core.workflow.timers import run_workflow_timers
from directory.models import Expert, Organization
from e2e.program_steps import act, login, logout, person
from programs.models import PilotProject
from publicity.models import Notice
from reference.models import Region, RegionLevel
from reviews.models import Review
from reviews.services import sheet_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pilot_call():
    roles_sync()
    county = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    org = Organization.objects.create(
        name="济宁甲机械有限公司", region=county, verification_state="verified"
    )
    person("ent", Role.ENTERPRISE, org)
    person("county", Role.COUNTY_OFFICER, county=county)
    city = person("city", Role.CITY_OFFICER)
    for username, name in (("sun", "孙专家"), ("qian", "钱专家")):
        Expert.objects.create(name=name, user=person(username, Role.EXPERT))
    now = timezone.now()
    Call.objects.create(
        program="pilot", year=2026, title="2026年度标准化试点示范项目申报通知",
        opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=20),
    )  # fmt: skip
    for name, mark in (("试点示范评审表", 60), ("试点示范验收评分表", 80)):
        sheet_create(
            name=name, program="pilot", pass_mark=mark,
            criteria=[{"label": "建设方案与成效", "max_points": 100}], actor=city,
        )  # fmt: skip


def assign_and_score(page, base, pilot, sheet, expert_label, username, points):
    page.get_by_role("link", name="指派评审专家").click()
    page.get_by_label("评分表").select_option(label=sheet)
    page.get_by_label(expert_label).check()
    page.get_by_label("评审期限").fill((timezone.localdate() + dt.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="指派").click()
    assert "已指派评审专家" in page.inner_text("body"), page.inner_text("main")
    logout(page)
    review = Review.objects.filter(expert__username=username).get()
    login(page, base, username, review.get_absolute_url())
    page.get_by_label("建设方案与成效").fill(points)
    page.get_by_label("通过", exact=True).check()
    page.locator("#id_opinion").fill("方案可行，同意")
    page.get_by_label("本人声明").check()
    page.get_by_role("button", name="提交评审意见").click()
    logout(page)
    login(page, base, "city", pilot.get_absolute_url())


def test_a_pilot_from_the_application_to_the_showcase(live_server, page, pilot_call):
    base = live_server.url
    login(page, base, "ent", "/workspace/")
    assert "2026年度标准化试点示范项目申报通知" in page.inner_text("main")
    page.get_by_role("link", name="申报试点示范").first.click()
    page.get_by_label("项目名称").fill("智能装备制造标准化试点")
    page.get_by_label("级别").select_option(label="市级")
    page.get_by_label("领域").select_option(label="工业")
    page.get_by_label("建设目标").fill("构建覆盖设计、制造、服务的企业标准体系")
    page.locator("#id_period_start").fill("2026-01-01")
    page.locator("#id_period_end").fill("2027-12-31")
    page.get_by_role("button", name="提交申报").click()
    assert "待县级推荐" in page.inner_text("main")
    pilot = PilotProject.objects.get()
    logout(page)

    login(page, base, "county", pilot.get_absolute_url())
    act(page, "县级推荐")
    logout(page)

    login(page, base, "city", pilot.get_absolute_url())
    act(page, "形式审查通过")
    page.get_by_label("评审所用评分表").select_option(label="试点示范评审表（第1版）")
    act(page, "组织专家评审")
    assert "专家评审中" in page.inner_text("main")
    assign_and_score(page, base, pilot, "试点示范评审表（第1版）", "孙专家", "sun", "78")
    act(page, "评审通过并公示")
    assert "立项公示中" in page.inner_text("main")

    # The period runs out (moved into the past here); the timer closes it.
    Notice.objects.update(
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert run_workflow_timers() == {"pilot_project.publicity_close": 1}
    page.reload()
    act(page, "任务书已签订")
    assert "建设中" in page.inner_text("main")
    logout(page)

    login(page, base, "ent", pilot.get_absolute_url())
    page.locator("#id_period").fill("2026年第一季度")
    page.locator("#id_progress").fill("完成标准体系框架设计")
    page.get_by_role("button", name="报送建设进展").click()
    assert "建设进展已报送" in page.inner_text("body")
    page.locator("#id_achievements").fill("制定企业标准 18 项，产品合格率提升至 99.1%")
    page.get_by_role("button", name="保存建设成效").click()
    page.locator("#workflow-opinion").fill("自评：各项任务已完成")
    act(page, "自评并申请验收")
    assert "已申请验收" in page.inner_text("main")
    logout(page)

    login(page, base, "city", pilot.get_absolute_url())
    assert "2026年第一季度" in page.inner_text("main")
    page.get_by_role("button", name="标记已阅").click()
    page.get_by_label("验收所用评分表").select_option(label="试点示范验收评分表（第1版）")
    act(page, "组织验收评审")
    assign_and_score(page, base, pilot, "试点示范验收评分表（第1版）", "钱专家", "qian", "88")
    page.get_by_label("现场核查日期").fill(timezone.localdate().isoformat())
    page.get_by_label("现场核查记录").fill("现场核查：资料齐全，标准实施有效")
    act(page, "验收通过并命名")
    assert "验收通过（已命名）" in page.inner_text("main")
    logout(page)

    page.goto(f"{base}/pilots/showcase/")
    main = page.inner_text("main")
    assert "智能装备制造标准化试点" in main and "制定企业标准 18 项" in main
