"""Browser journey: a subsidy round from the policy to the payment. The bureau sets the year's
policy on the call; two enterprises claim — one a standard it did not draft (refused, the reason
shown), one more than the annual cap (capped, explained); the county pre-checks, the city reviews
and allocates a budget smaller than the claims (pro rata, as the policy says), publishes the list,
the period ends (the timer), the bureau approves, pays and reads the report."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.roles import Role
from accounts.services import roles_sync
from calls.models import Call
from core.workflow.timers import run_workflow_timers
from directory.models import Organization
from e2e.program_steps import act, login, logout, person
from programs.models import SubsidyApplication
from programs.tests.helpers import make_drafted
from publicity.models import Notice
from reference.models import Region, RegionLevel

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_2025():
    roles_sync()
    county = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    jia = Organization.objects.create(
        name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=county,
        verification_state="verified",
    )  # fmt: skip
    yi = Organization.objects.create(
        name="济宁乙食品有限公司", region=county, verification_state="verified"
    )
    person("jia", Role.ENTERPRISE, jia)
    person("yi", Role.ENTERPRISE, yi)
    person("county", Role.COUNTY_OFFICER, county=county)
    person("city", Role.CITY_OFFICER)
    now = timezone.now()
    Call.objects.create(
        program="subsidy", year=2025, title="2025年度标准化资助奖励申报通知",
        opens_at=now - dt.timedelta(days=5), closes_at=now + dt.timedelta(days=20),
    )  # fmt: skip
    make_drafted("GB/T 41001-2024", [jia, "山东某研究院"], title="机械安全 通用要求")
    make_drafted("GB/T 41002-2024", [jia], title="机械安全 防护装置")
    make_drafted("GB/T 41003-2024", [yi], title="挂面")
    make_drafted("GB/T 41004-2024", ["某外地企业"], title="方便面")


def test_a_round_from_the_policy_to_the_payment(live_server, page, round_2025):
    base = live_server.url
    login(page, base, "city", "/subsidies/policies/new/")
    page.locator("#id_year").fill("2025")
    page.locator("#id_title").fill("2025年度标准化资助奖励")
    page.locator("#id_budget").fill("1000000")
    page.locator("#id_enterprise_cap").fill("800000")
    page.locator("#id_window_start").fill("2024-01-01")
    page.locator("#id_window_end").fill("2024-12-31")
    page.locator("#id_call").select_option(label="2025年度标准化资助奖励申报通知")
    page.get_by_label("国家标准·主导（元）").fill("500000")
    page.get_by_role("button", name="保存").click()
    assert "资助奖励政策已保存" in page.inner_text("body")
    logout(page)

    # 甲 claims two national standards it led: ¥1,000,000 by the table, capped at ¥800,000.
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, base, "jia", "/subsidies/applications/new/")
    page.get_by_label("申报的标准").fill("GB/T 41001—2024\nGB/T 41002-2024")
    page.get_by_role("button", name="提交申报").click()
    main = page.inner_text("main")
    assert "按统一社会信用代码 91370811MA3C12340U 匹配到第 1 起草单位" in main
    assert "受年度上限限制" in main
    assert "¥800,000.00" in main
    logout(page)

    # 乙 claims one standard it drafted and one it did not: the second is refused, with why.
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, base, "yi", "/subsidies/applications/new/")
    page.get_by_label("申报的标准").fill("GB/T 41003-2024\nGB/T 41004-2024")
    page.get_by_role("button", name="提交申报").click()
    main = page.inner_text("main")
    assert "不在该标准的 1 家起草单位之中" in main
    assert "不予资助" in main
    assert "县级初审（县(市、区)市场监管局" in main  # what it waits for
    logout(page)

    jia_app, yi_app = SubsidyApplication.objects.order_by("pk")
    login(page, base, "county", "/workspace/")
    assert "待县级初审" in page.inner_text("main")
    for application in (jia_app, yi_app):
        page.goto(base + application.get_absolute_url())
        act(page, "县级初审通过")
        assert "县级初审通过" in page.inner_text("main")
    logout(page)

    login(page, base, "city", "/workspace/")
    assert "待市级审核" in page.inner_text("main")
    for application, score in ((jia_app, "90"), (yi_app, "80")):
        page.goto(base + application.get_absolute_url())
        act(page, "市级审核通过（重新核定）")
        page.get_by_label("评审得分（已指派专家评审的，取专家平均分）").fill(score)
        act(page, "评审通过")
        assert "待列入分配方案" in page.inner_text("main")

    # ¥1,300,000 claimed against ¥1,000,000: pro rata, as the policy says.
    page.goto(f"{base}/subsidies/policies/{jia_app.policy_id}/allocation/")
    main = page.inner_text("main")
    assert "申报合计超出预算，按“按比例分配”分配" in main
    assert "¥615,384.62" in main and "¥384,615.38" in main
    page.get_by_role("button", name="保存分配方案").click()
    assert "2 项申报列入分配方案" in page.inner_text("body")
    page.get_by_role("button", name="发布公示").click()
    assert "拟资助名单已公示" in page.inner_text("body")
    page.get_by_role("link", name="2025年度标准化资助奖励拟资助名单公示").click()
    assert "¥615,384.62" in page.inner_text("main") or "615384.62" in page.inner_text("main")

    # The period runs out (moved into the past here); the timer closes the notice.
    Notice.objects.update(
        starts_on=timezone.localdate() - dt.timedelta(days=10),
        ends_on=timezone.localdate() - dt.timedelta(days=1),
    )
    assert run_workflow_timers() == {"subsidy_application.publicity_close": 2}

    page.goto(base + jia_app.get_absolute_url())
    assert "公示期满待批准" in page.inner_text("main")
    act(page, "批准资助")
    page.get_by_label("金额（元）").fill("615384.62")
    page.get_by_label("凭证号").fill("济财指〔2025〕12号")
    page.get_by_role("button", name="登记拨付").click()
    body = page.inner_text("body")
    assert "拨付记录已登记" in body and "已拨付" in body
    page.goto(f"{base}/subsidies/report/?year=2025")
    assert "1 家企业，1 个项目，拨付 ¥615,384.62" in page.inner_text("main")
