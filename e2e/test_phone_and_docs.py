"""Browser journeys at phone width (375 px) and on the API documentation, under the strict CSP."""

import pytest

from catalog.importer import commit_import, read_import_file
from catalog.search import summary
from e2e.login import pass_second_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROWS = "".join(
    f"GB/T {20000 + n}-2020,足球场地第{n}部分,现行,2020-01-0{1 + n % 9},2020-07-01,,济宁市体育局\n"
    for n in range(30)
)
CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准,起草单位\n"
    "GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,GB/T 19001-2008,中国标准化研究院\n"
    "GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,,\n" + ROWS
).encode()

PHONE = {"width": 375, "height": 667}
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def catalog():
    preview = read_import_file(CSV, "seed.csv")
    assert preview.ok, preview.errors
    commit_import(preview, actor=None)
    summary.forget()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not violations, violations


def test_it_fits_a_phone_on_home_search_detail_and_validity(live_server, phone, catalog):
    for path in (
        "/",
        "/standards/?q=足球",
        "/standards/GB/T%2019001-2016/",
        "/standards/validity/",
    ):
        phone.goto(live_server.url + path)
        assert phone.evaluate(NO_SIDEWAYS_SCROLL), f"sideways scroll on {path}"
    phone.fill("textarea", "GB/T 19001-2008\nGB/T 20001-2020\n不是标准号")
    phone.get_by_role("button", name="确认", exact=False).first.click()
    phone.wait_for_load_state()
    assert "GB/T 19001-2016" in phone.inner_text("main")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL), "sideways scroll on the validity results"


def test_it_shows_search_results_first_on_a_phone(live_server, phone, catalog):
    phone.goto(live_server.url + "/standards/?q=足球")
    first = phone.locator(".standard-table tbody tr").first
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < PHONE["height"], box
    assert first.get_by_text("现行").is_visible()  # status and dates on the card, not off-screen
    assert first.get_by_text("2020-07-01").is_visible()
    assert not phone.locator("#id_kind").is_visible()  # the filters are folded
    phone.get_by_text("筛选", exact=True).click()
    assert phone.locator("#id_kind").is_visible()


def test_it_reaches_the_whole_menu_on_a_phone(live_server, phone, catalog):
    from django.contrib.auth.models import AnonymousUser

    from core import menu as menus

    main = [item["label"] for item in menus.section_for(AnonymousUser(), menus.MAIN)]
    footer = [item["label"] for item in menus.section_for(AnonymousUser(), menus.FOOTER)]
    assert "标准查询" in main and "机构名录" in footer
    phone.goto(live_server.url + "/")
    menu = phone.locator(".site-nav-phone")
    assert not menu.get_by_role("link", name="标准查询").is_visible()
    menu.locator("summary").click()
    for name in main:
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)
    links = phone.locator(".site-footer-menu")
    for name in footer:  # the directory's specialists and committees, the API docs, …
        assert links.get_by_role("link", name=name, exact=True).is_visible(), name


def test_it_renders_the_api_docs_under_the_csp(live_server, page):
    page.goto(live_server.url + "/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "济宁市标准化平台开放接口" in page.locator(".swagger-ui .info .title").inner_text()
    page.locator(".opblock-summary-path", has_text="/api/v1/standards/").first.wait_for()


def test_it_offers_the_bureau_its_pages_in_the_menu(live_server, page):
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import roles_sync, user_grant_role
    from testing.personas import PASSWORD

    roles_sync()
    officer = User.objects.create_user(username="officer", password=PASSWORD, display_name="王科长")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", PASSWORD)
    page.locator("main button[type=submit]").click()
    pass_second_factor(page, "officer")
    page.goto(live_server.url + "/")
    dropdown = page.locator(".site-nav-dropdown")
    dropdown.locator("summary").click()
    for name in ("标准导入", "专家库", "审计日志"):
        assert dropdown.get_by_role("link", name=name).is_visible(), name
    page.keyboard.press("Escape")
    assert not dropdown.get_by_role("link", name="审计日志").is_visible()
    dropdown.locator("summary").click()
    dropdown.get_by_role("link", name="审计日志").click()
    assert page.get_by_role("heading", level=1).inner_text() == "审计日志"


def test_it_keeps_the_main_navigation_to_one_row_on_a_laptop(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(live_server.url + "/")
    rows = page.evaluate(
        "new Set([...document.querySelectorAll('.d-lg-block .site-nav-list > li')]"
        ".map(e => e.getBoundingClientRect().top)).size"
    )
    context.close()
    assert rows == 1
