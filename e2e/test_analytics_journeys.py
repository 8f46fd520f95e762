"""Browser journey: a visitor searches for something the catalog does not have and opens a
standard; after the flush, the city officer finds 网站统计 in the menu, sees the chart and the
table, and marks the query users could not find as handled."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from analytics.buffer import get_buffer
from analytics.flush import flush
from catalog.tests.factories import make_standard
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# A desktop browser's user agent: Playwright's own says HeadlessChrome, which is not counted.
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"


@pytest.fixture
def officer():
    roles_sync()
    user = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=user, role=Role.CITY_OFFICER)
    return user


def test_the_bureau_sees_what_visitors_could_not_find(live_server, page, browser, officer):
    base = live_server.url
    get_buffer().clear()
    standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
    visitor_context = browser.new_context(locale="zh-CN", user_agent=DESKTOP)
    visitor = visitor_context.new_page()
    for _ in range(2):
        visitor.goto(base + "/standards/?q=羊肉汤制作规范")
    visitor.goto(base + standard.get_absolute_url())
    visitor.get_by_text("浏览 1 次").wait_for()
    visitor_context.close()
    flush()  # the cron's job (the live server runs in this process: one local buffer)

    page.goto(base + "/accounts/login/?next=/workspace/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="网站统计").first.click()
    page.get_by_role("heading", name="网站统计", exact=True).wait_for()
    page.locator("#analytics-chart canvas").wait_for()  # ECharts drew, under the strict CSP
    page.get_by_role("link", name="全部无结果检索及处理").click()
    row = page.get_by_role("row").filter(has_text="羊肉汤制作规范")
    assert "2" in row.inner_text()
    row.get_by_label("处理说明").fill("已补充 SB/T 羊肉汤")
    row.get_by_role("button", name="已处理").click()
    page.get_by_text("已标记为已处理").wait_for()
    assert page.get_by_role("row").filter(has_text="羊肉汤制作规范").count() == 0
