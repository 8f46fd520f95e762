"""Browser journey: an enterprise claims two standards (one it did not draft), sees every step of
the computation; the bureau records the payment and reads the year's report."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from directory.choices import MembershipRole, MembershipState
from directory.models import Membership, Organization
from programs.models import SubsidyApplication
from programs.tests.helpers import make_drafted, make_policy, set_state
from reference.models import Region, RegionLevel
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_2025():
    roles_sync()
    county = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    org = Organization.objects.create(
        name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=county,
        verification_state="verified",
    )  # fmt: skip
    other = Organization.objects.create(name="邹城乙食品有限公司", verification_state="verified")
    user = User.objects.create_user(username="ent", password=PASSWORD)
    user_grant_role(user=user, role=Role.ENTERPRISE)
    Membership.objects.create(
        user=user, organization=org, role=MembershipRole.ADMIN, state=MembershipState.ACTIVE
    )
    officer = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    make_policy()
    make_drafted("GB/T 41001-2024", [org, "山东某研究院"], title="机械安全 通用要求")
    make_drafted("GB/T 41003-2024", [other], title="挂面")


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_claim_see_the_reasons_then_get_paid(live_server, page, round_2025):
    base = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    login(page, base, "ent", "/subsidies/applications/new/")
    page.get_by_label("申报的标准").fill("GB/T 41001—2024\nGB/T 41003-2024")
    page.get_by_role("button", name="试算").click()
    main = page.inner_text("main")
    assert "试算结果：合计 ¥500,000.00" in main
    assert "不在该标准的 1 家起草单位之中" in main
    page.get_by_role("button", name="提交申报").click()
    main = page.inner_text("main")
    assert "按统一社会信用代码 91370811MA3C12340U 匹配到第 1 起草单位" in main
    assert "不予资助" in main

    # Review, allocation and approval are the engine's process (wired later).
    application = set_state(SubsidyApplication.objects.get(), "approved")
    page.get_by_role("button", name="退出").click()
    login(page, base, "city", application.get_absolute_url())
    page.get_by_label("金额（元）").fill("500000")
    page.get_by_label("凭证号").fill("济财指〔2025〕12号")
    page.get_by_role("button", name="登记拨付").click()
    assert "拨付记录已登记" in page.inner_text("body")
    page.goto(f"{base}/subsidies/report/?year=2025")
    assert "1 家企业，1 个项目，拨付 ¥500,000.00" in page.inner_text("main")
