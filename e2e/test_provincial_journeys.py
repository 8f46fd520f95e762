"""Browser journey: a drafting unit reports its provincial standard's stage, the city bureau
confirms it, the public register shows the new stage."""

import datetime as dt

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from directory.choices import MembershipRole, MembershipState
from directory.models import Membership, Organization
from e2e.login import pass_second_factor
from provincial.services import Unit, project_create
from reference.models import Region, RegionLevel
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register():
    roles_sync()
    county = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    org = Organization.objects.create(
        name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=county
    )
    city = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=city, role=Role.CITY_OFFICER)
    unit = User.objects.create_user(username="unit", password=PASSWORD, display_name="张工")
    user_grant_role(user=unit, role=Role.ENTERPRISE)
    Membership.objects.create(
        user=unit, organization=org, role=MembershipRole.ADMIN, state=MembershipState.ACTIVE
    )
    city = User.objects.get(pk=city.pk)
    return project_create(
        title="工程机械再制造零部件质量评价规范", plan_number="2026-SD-0318", year=2026,
        stage_date=dt.date(2026, 1, 10), units=[Unit(organization=org)], actor=city,
    )  # fmt: skip


def login(page, base, username):
    page.goto(base + "/accounts/login/?next=/workspace/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)


def test_a_unit_reports_a_stage_and_the_bureau_confirms_it(live_server, page, register):
    base = live_server.url
    login(page, base, "unit")
    page.get_by_role("link", name="我的省标项目").click()
    page.get_by_role("link", name="报送进度").click()
    page.get_by_label("进入阶段").select_option("drafting")
    page.get_by_label("日期").fill("2026-02-01")
    page.get_by_label("说明").fill("完成草案初稿")
    page.get_by_role("button", name="提交").click()
    assert "等待市市场监管局确认" in page.inner_text("body")
    page.context.clear_cookies()

    login(page, base, "city")
    page.get_by_role("link", name="省标项目管理").click()
    page.get_by_role("link", name="2026-SD-0318 工程机械再制造零部件质量评价规范").click()
    page.get_by_role("button", name="确认").click()
    assert "已确认" in page.inner_text("main")
    page.context.clear_cookies()

    page.goto(base + "/provincial/")
    row = page.get_by_role("row", name="2026-SD-0318")
    assert "起草" in row.inner_text()
