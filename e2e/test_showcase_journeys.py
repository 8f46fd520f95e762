"""Browser journey: the city officer presents a 标准化品牌 with an image from the menu, publishes
it and puts it on the home page; a visitor finds it in 成果展示 filtered by year, sees the image
with its text alternative, and the other years do not list it."""

import pytest
from django.core.cache import cache

from accounts.roles import Role
from accounts.services import roles_sync
from e2e.program_steps import login, person
from reference.models import IndustryClass, Region, RegionLevel
from showcase.tests.helpers import png_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bureau():
    roles_sync()
    cache.clear()
    city = Region.objects.create(code="3708", name="济宁市", level=RegionLevel.CITY)
    Region.objects.create(code="370826", name="微山县", level=RegionLevel.COUNTY, parent=city)
    IndustryClass.objects.create(code="A", name="农、林、牧、渔业", level=1)
    person("city", Role.CITY_OFFICER)


def test_the_bureau_presents_a_brand_and_a_visitor_finds_it_by_year(
    live_server, page, browser, bureau
):
    base = live_server.url
    login(page, base, "city", "/workspace/")
    page.get_by_role("link", name="成果展示管理").first.click()
    page.get_by_role("link", name="新建条目").click()
    page.get_by_label("类别").select_option("brand")
    page.get_by_label("标题").fill("“微山湖”水产品区域公用品牌")
    page.get_by_label("摘要").fill("以标准贯穿养殖、加工和冷链")
    page.get_by_label("正文").fill('<p>标准体系</p><script>alert("x")</script>')
    page.get_by_label("年度").fill("2024")
    page.get_by_label("县(市、区)").select_option("370826")
    page.get_by_label("行业门类").select_option("A")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("已保存为草稿").wait_for()

    page.locator("#id_file").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes(8, 8)}]
    )
    page.locator("#id_alt").fill("品牌标识：湖面上的白色帆船")
    page.get_by_role("button", name="上传图片").click()
    page.get_by_text("图片已添加。").wait_for()
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("已发布，公众可在成果展示中看到。").wait_for()
    page.get_by_role("button", name="设为首页推荐").click()
    page.get_by_text("已设为首页推荐。").wait_for()

    visitor = browser.new_page()
    visitor.goto(base + "/")
    visitor.get_by_role("img", name="品牌标识：湖面上的白色帆船").wait_for()
    visitor.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="成果展示"
    ).first.click()
    visitor.get_by_role("heading", name="成果展示", level=1).wait_for()
    visitor.get_by_text("筛选（年度、县(市、区)、行业）").click()
    visitor.get_by_label("年度").select_option("2023")
    visitor.get_by_role("button", name="筛选").click()
    visitor.get_by_text("没有符合条件的成果").wait_for()
    visitor.get_by_label("年度").select_option("2024")
    visitor.get_by_role("button", name="筛选").click()
    visitor.get_by_role("link", name="“微山湖”水产品区域公用品牌").click()
    visitor.get_by_role("heading", name="“微山湖”水产品区域公用品牌").wait_for()
    image = visitor.get_by_role("img", name="品牌标识：湖面上的白色帆船")
    image.wait_for()
    assert visitor.evaluate("img => img.naturalWidth", image.element_handle()) == 8
    assert "<script>" not in visitor.content()
    visitor.close()
