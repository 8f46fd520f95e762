"""Search with a facet on a phone, and the validity check from paste to Excel."""

import pytest

from catalog.importer import commit_import, read_import_file

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准\n"
    "GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,GB/T 19001-2008\n"
    "GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,\n"
    "GB/T 14307-2005,足球场地人造草面层,现行,2005-01-01,2005-06-01,\n"
    "DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10,\n"
).encode()


@pytest.fixture
def catalog():
    commit_import(read_import_file(CSV, "seed.csv"), actor=None)


def test_it_searches_and_narrows_by_a_facet_on_a_phone(live_server, browser, catalog):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/standards/?q=足球")
    assert "共找到 2 条标准" in page.inner_text("main")
    assert page.locator("mark", has_text="足球").first.is_visible()
    page.get_by_text("筛选", exact=True).click()  # on a phone the filters are folded
    page.get_by_role("link", name="市级地方标准").click()
    assert "共找到 1 条标准" in page.inner_text("main")
    assert page.get_by_role("link", name="DB3708/T 12-2021").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()


def test_it_checks_pasted_codes_and_offers_excel(live_server, page, catalog):
    page.goto(live_server.url + "/standards/validity/")
    page.get_by_label("标准号（每行一个）").fill("GB/T 19001-2008\nGB/T 19001\n不是标准号")
    page.get_by_role("button", name="确认").click()
    main = page.inner_text("main")
    assert "共 3 条：收录 2 条" in main
    assert "被代替" in main
    assert "无法识别" in main
    with page.expect_download() as download:
        page.get_by_role("button", name="下载 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")
