"""Browser journey: an enterprise registers with its business licence, confirms its email through
the link in the email as sent, the county officer checks the licence and verifies, and the
enterprise sees its pages, all in Chinese."""

import re

import pytest
from django.core import mail

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from e2e.login import pass_second_factor
from reference.models import IndustryClass, Region, RegionLevel
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LICENCE = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
# Latin-script words a Chinese page may show: codes, formats, names the user typed.
LATIN_ALLOWED = {"PDF", "PNG", "JPG", "ICP", "CCS", "ICS", "API", "Excel", "Word"}
LATIN_ALLOWED |= {"Authorization", "Token"}  # the HTTP header shown for API tokens


@pytest.fixture
def jining():
    roles_sync()
    city = Region.objects.create(code="3708", name="济宁市", level=RegionLevel.CITY)
    county = Region.objects.create(
        code="370811", name="任城区", level=RegionLevel.COUNTY, parent=city
    )
    IndustryClass.objects.create(code="3411", name="锅炉及辅助设备制造", level=4)
    officer = User.objects.create_user(
        username="county", password=PASSWORD, display_name="李干事", county=county
    )
    user_grant_role(user=officer, role=Role.COUNTY_OFFICER)


def login(page, base, username, password):
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)


def untranslated(text: str, *known: str) -> set[str]:
    """Latin-script words of three letters or more that are not codes, formats or user data."""
    text = re.sub(r"\S+@\S+|https?://\S+|[A-Z0-9]{2,}[/.-]?\S*", " ", text)
    for value in known:
        text = text.replace(value, " ")
    return set(re.findall(r"[A-Za-z]{3,}", text)) - LATIN_ALLOWED


def test_register_with_licence_confirm_by_email_get_verified_in_chinese(
    live_server, page, jining, settings, tmp_path
):
    base = live_server.url
    settings.SITE_URL = base  # links in emails point at the site the browser uses
    licence = tmp_path / "营业执照.pdf"
    licence.write_bytes(LICENCE)

    page.goto(base + "/accounts/register/")
    page.get_by_role("link", name="机构注册").click()
    page.get_by_label("机构名称").fill("济宁浏览器测试有限公司")
    page.get_by_label("统一社会信用代码").fill("91370811MA3C123510")
    page.get_by_label("所在县(市、区)").select_option(label="任城区")
    page.get_by_label("所属行业代码").fill("3411")
    page.get_by_label("地址").fill("任城区测试路 1 号")
    page.get_by_label(re.compile("^联系人")).fill("周经理")
    page.get_by_label("联系电话").fill("0537-7654321")
    page.get_by_label(re.compile("^营业执照")).set_input_files(str(licence))
    page.get_by_label("用户名").fill("browsercorp")
    page.get_by_label("姓名").fill("周经理")
    page.get_by_label("电子邮箱").fill("browsercorp@example.invalid")
    page.get_by_label(re.compile("^密码")).fill("Strong-pass-2026")
    page.get_by_label("确认密码").fill("Strong-pass-2026")
    page.get_by_role("button", name="注册").click()
    assert "请确认邮箱" in page.inner_text("main")

    # Logging in before confirming says so.
    login(page, base, "browsercorp", "Strong-pass-2026")
    assert "该账号的邮箱尚未确认" in page.inner_text("main")

    # The link exactly as the email carries it (not rebuilt from a token).
    (email,) = mail.outbox
    (link,) = re.findall(r"https?://\S+", email.body)
    assert link.startswith(base + "/accounts/confirm/")
    page.goto(link)
    assert "确认邮箱并激活账号" in page.inner_text("main")  # following the link alone does nothing
    page.get_by_role("button", name="确认邮箱并激活账号").click()
    assert "邮箱已确认" in page.inner_text("body")

    login(page, base, "county", PASSWORD)
    page.get_by_role("link", name="工作台").click()
    page.get_by_role("link", name="济宁浏览器测试有限公司", exact=True).click()
    main = page.inner_text("main")
    assert "待审核" in main and "营业执照.pdf" in main
    with page.expect_download() as download:
        page.get_by_role("link", name="营业执照.pdf").click()
    assert download.value.path().read_bytes() == LICENCE
    page.get_by_role("button", name="审核通过", exact=True).click()
    assert "已审核通过" in page.inner_text("body")
    page.get_by_role("button", name="退出登录").click()

    login(page, base, "browsercorp", "Strong-pass-2026")
    page.get_by_role("link", name="工作台").click()
    main = page.inner_text("main")
    assert "济宁浏览器测试有限公司" in main and "已认证" in main
    assert "机构认证：济宁浏览器测试有限公司 已审核通过" in main
    assert page.locator("[data-unread-count]").inner_text() == "1"

    known = ("browsercorp", "91370811MA3C123510", "营业执照.pdf")  # what the user typed or sent
    for path in ("/workspace/", "/accounts/profile/", "/notifications/", "/organizations/"):
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "zh-Hans", path
        assert untranslated(page.inner_text("body"), *known) == set(), path
    page.get_by_role("link", name="济宁浏览器测试有限公司").first.click()
    assert untranslated(page.inner_text("body"), *known) == set()
