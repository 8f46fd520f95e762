"""Browser journeys through the public pages, in headless Chromium."""

import datetime

import pytest

from catalog.importer import commit_import, read_import_file
from e2e.login import pass_second_factor
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准,起草单位\n"
    "GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,GB/T 19001-2008,中国标准化研究院\n"
    "GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,,\n"
    "DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10,,济宁市体育局\n"
).encode()


@pytest.fixture
def catalog():
    preview = read_import_file(CSV, "seed.csv")
    assert preview.ok, preview.errors
    commit_import(preview, actor=None)


def test_it_finds_a_standard_from_the_home_page_and_shows_its_chain(live_server, page, catalog):
    page.goto(live_server.url + "/")
    assert "济宁市标准化综合管理与公共服务平台" in page.title()
    page.get_by_label("标准号或标准名称").fill("gb/t 19001—2016")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="GB/T 19001-2016").click()
    assert page.get_by_role("heading", level=1).inner_text() == "质量管理体系 要求"
    chain = page.locator("#chain-heading + *").locator("xpath=..")
    assert "GB/T 19001-2008" in chain.inner_text()
    assert "中国标准化研究院" in page.inner_text("main")
    page.get_by_role("link", name="GB/T 19001-2008").click()
    assert "被代替" in page.inner_text("main")


def test_it_searches_two_character_words_on_a_phone(live_server, browser, catalog):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/standards/?q=足球")
    assert "共找到 1 条标准" in page.inner_text("main")
    assert page.get_by_role("link", name="DB3708/T 12-2021").is_visible()
    page.goto(live_server.url + "/standards/?q=不存在的词")
    assert "没有找到与“不存在的词”相关的标准" in page.inner_text("main")
    context.close()


def test_it_lets_a_city_officer_import_a_file_through_preview(live_server, page, catalog, tmp_path):
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import roles_sync, user_grant_role

    roles_sync()
    officer = User.objects.create_user(username="officer", password=PASSWORD)
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    upload = tmp_path / "new.csv"
    today = datetime.date.today().isoformat()
    upload.write_text(
        f"code,title,status,issueDate\nT/JNBZ 001-2026,济宁示范团体标准,现行,{today}\n",
        encoding="utf-8",
    )

    page.goto(live_server.url + "/accounts/login/?next=/standards/import/")
    page.get_by_label("用户名").fill("officer")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, "officer")
    page.get_by_label("标准文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并校验").click()
    assert "通过校验 1 行" in page.inner_text("main")
    page.get_by_role("button", name="确认导入 1 条").click()
    assert "新增 1 条" in page.inner_text("body")
    page.goto(live_server.url + "/standards/T/JNBZ001-2026/")
    assert "济宁示范团体标准" in page.inner_text("main")
