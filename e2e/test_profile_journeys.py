"""Browser journey: an enterprise opens its standardization profile and sees its score breakdown
and a recommendation; the bureau sees the ranking."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.importer import commit_import, read_import_file
from catalog.models import Standard
from catalog.tests.factories import link
from directory.choices import MembershipRole, MembershipState
from directory.models import Membership, Organization
from e2e.login import pass_second_factor
from follows.services import follow_create
from profiles.services import profiles_compute
from reference.models import Region, RegionLevel
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,起草单位\n"
    "GB/T 45101-2024,工程机械 液压系统 清洁度要求,现行,2024-05-01,济宁示范机械制造有限公司\n"
    "JB/T 14601-2020,挖掘机 驾驶室噪声限值,废止,2020-05-01,其他单位\n"
    "JB/T 14601-2025,挖掘机 驾驶室噪声限值,现行,2025-05-01,其他单位\n"
).encode()


@pytest.fixture
def people():
    roles_sync()
    city_region = Region.objects.create(code="3708", name="济宁市", level=RegionLevel.CITY)
    county = Region.objects.create(
        code="370811", name="任城区", level=RegionLevel.COUNTY, parent=city_region
    )
    org = Organization.objects.create(
        name="济宁示范机械制造有限公司", uscc="91370811MA3C12340U", region=county,
        verification_state="verified",
    )  # fmt: skip
    officer = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    enterprise = User.objects.create_user(
        username="enterprise", password=PASSWORD, display_name="张专员"
    )
    user_grant_role(user=enterprise, role=Role.ENTERPRISE)
    Membership.objects.create(
        user=enterprise, organization=org, role=MembershipRole.ADMIN, state=MembershipState.ACTIVE
    )
    commit_import(read_import_file(CSV, "seed.csv"), actor=officer)  # links the drafting unit
    link(
        Standard.objects.get(code_key="JB/T14601-2020"),
        Standard.objects.get(code_key="JB/T14601-2025"),
    )
    follow_create(user=enterprise, code="JB/T 14601-2020")
    profiles_compute(actor=officer)
    return org


def login(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)  # officers sign in with their second factor


def test_the_enterprise_sees_its_score_breakdown_and_a_recommendation(live_server, page, people):
    base = live_server.url
    login(page, base, "enterprise")
    page.goto(base + "/profiles/mine/")
    main = page.inner_text("main")
    assert "标准化水平" in main
    breakdown = page.get_by_test_id("breakdown").inner_text()
    assert "GB/T 45101-2024" in breakdown and "国家标准·主导" in breakdown
    assert "按名称匹配" in main
    recommendations = page.get_by_test_id("recommendations").inner_text()
    assert "JB/T 14601-2020" in recommendations and "JB/T 14601-2025" in recommendations
    page.get_by_text("评分方法").click()
    assert "时效系数" in page.inner_text("#model-doc")


def test_the_bureau_sees_the_ranking(live_server, page, people):
    base = live_server.url
    login(page, base, "city")
    page.goto(base + "/profiles/ranking/")
    table = page.get_by_test_id("ranking").inner_text()
    assert "济宁示范机械制造有限公司" in table
    page.get_by_role("link", name="济宁示范机械制造有限公司").click()
    assert "得分明细" in page.inner_text("main")
