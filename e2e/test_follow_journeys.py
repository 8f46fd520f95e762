"""Browser journey: a user follows a standard, an officer moves it into force, the user is told."""

import datetime

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog import services as catalog_services
from catalog.importer import commit_import, read_import_file
from catalog.models import Standard
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期\n"
    "GB/T 30000-2026,智能制造 数据字典,即将实施,2026-05-01,2099-01-01\n"
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


def test_follow_a_standard_and_see_the_alert_when_it_takes_effect(live_server, page, people):
    base = live_server.url
    page.goto(base + "/accounts/login/?next=/standards/GB/T30000-2026/")
    page.get_by_label("用户名").fill("reader")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="关注此标准").click()
    assert "已关注 GB/T 30000-2026" in page.inner_text("body")
    page.get_by_role("link", name="我的关注").click()
    assert "即将实施" in page.inner_text("main")

    # The city officer brings the standard into force (as the admin form does, through the service).
    standard = Standard.objects.get(code_key="GB/T30000-2026")
    standard.implement_date = datetime.date(2026, 6, 1)
    standard.status = "current"
    catalog_services.standard_save(standard=standard, actor=people)

    page.reload()
    assert "现行" in page.inner_text("main")
    page.get_by_role("link", name="消息 1 条未读").click()  # the unread badge in the header
    main = page.inner_text("main")
    assert "关注的标准 GB/T 30000-2026 状态变为“现行”" in main
    assert "由“即将实施”变为“现行”" in main
