"""Browser journey: the bureau builds a small topic tree with a rule, the public views its
coverage (a gap, an abolished standard with its replacement) and a reader follows it."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.importer import commit_import, read_import_file
from e2e.login import pass_second_factor
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准\n"
    "GB/T 20033.3-2006,人工材料体育场地使用要求 第3部分：足球场地人造草面层,废止,2006-01-01,2006-06-01,\n"
    "GB/T 20033.3-2026,人工材料体育场地 足球场地人造草面层,现行,2026-01-01,2026-02-01,GB/T 20033.3-2006\n"
    "GB/T 1354-2018,大米,现行,2018-01-01,2018-06-01,\n"
).encode()


@pytest.fixture
def people():
    roles_sync()
    officer = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    User.objects.create_user(
        username="reader", password=PASSWORD, display_name="赵工", email="reader@example.invalid"
    )
    commit_import(read_import_file(CSV, "seed.csv"), actor=officer)
    return officer


def login(page, base, username, next_url):
    page.goto(f"{base}/accounts/login/?next={next_url}")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, username)  # officers sign in with their second factor


def test_the_bureau_builds_a_tree_the_public_sees_its_gaps_and_follows_it(
    live_server, page, people
):
    base = live_server.url
    login(page, base, "city", "/topics/manage/")
    page.get_by_role("link", name="新建专题").click()
    page.get_by_label("专题名称").fill("体育产业")
    page.get_by_label("网址标识").fill("sports")
    page.get_by_label("类别").select_option(label="其他")
    page.get_by_label("公开（在专题服务中显示）").check()
    page.get_by_role("button", name="保存").click()
    assert "已新建专题“体育产业”" in page.inner_text("body")

    for code, name in (("101", "足球场地"), ("102", "体育服务")):
        page.get_by_label("体系编号").fill(code)
        page.get_by_label("节点名称").fill(name)
        page.get_by_role("button", name="新增节点").click()
        assert f"已新增节点“{code} {name}”" in page.inner_text("body")

    page.get_by_role("link", name="编辑 足球场地").click()
    page.get_by_label("关键词").fill("足球场地")
    page.get_by_role("button", name="新增规则").click()
    assert "已保存规则" in page.inner_text("body")
    assert "命中 2 项" in page.inner_text("main")

    page.context.clear_cookies()
    page.goto(base + "/topics/")
    page.get_by_role("link", name="体育产业").click()
    main = page.inner_text("main")
    assert "体育服务：暂无现行标准" in main  # the gap
    outdated = page.locator("#outdated")
    assert "GB/T 20033.3-2006" in outdated.inner_text()
    assert "GB/T 20033.3-2026" in outdated.inner_text()  # its replacement, proposed
    assert "GB/T 1354-2018" not in main

    page.get_by_role("link", name="登录后关注").click()
    page.get_by_label("用户名").fill("reader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="关注此专题").click()
    assert "已关注“体育产业”" in page.inner_text("body")
    page.get_by_role("link", name="我的关注").click()
    assert "体育产业" in page.inner_text("main")
