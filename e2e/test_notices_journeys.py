"""Browser journey: the city officer writes a notice from the menu, publishes it, and a visitor
finds it on the home page and opens it."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from e2e.login import pass_second_factor
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer():
    roles_sync()
    user = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=user, role=Role.CITY_OFFICER)
    return user


def test_the_bureau_publishes_a_notice_and_a_visitor_reads_it(live_server, page, browser, officer):
    base = live_server.url
    page.goto(base + "/accounts/login/?next=/workspace/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, "city")

    page.get_by_role("link", name="发布通知").first.click()
    page.get_by_role("link", name="新建").click()
    page.get_by_label("栏目").select_option("notice")
    page.get_by_label("标题").fill("关于开展标准化宣传周活动的通知")
    page.get_by_label("摘要").fill("宣传周活动安排")
    page.get_by_label("正文").fill('<p>活动安排</p><img src="x" onerror="alert(1)">')
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存为草稿").wait_for()
    page.get_by_role("button", name="发布").click()
    page.get_by_text("已发布。").wait_for()

    visitor = browser.new_page()
    visitor.goto(base + "/")
    visitor.get_by_role("link", name="关于开展标准化宣传周活动的通知").click()
    visitor.get_by_role("heading", name="关于开展标准化宣传周活动的通知").wait_for()
    assert "onerror" not in visitor.content()
    visitor.close()
