"""Browser journeys: the public statistics page draws charts whose numbers are the tables'; the
bureau opens the dashboard from the menu and downloads the annual report."""

import datetime as dt

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.choices import DraftingRole
from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import make_standard
from directory.models import Organization
from insight.services import snapshots_refresh
from reference.models import Region, RegionLevel
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def city_data():
    roles_sync()
    province = Region.objects.create(code="37", name="山东省", level=RegionLevel.PROVINCE)
    city = Region.objects.create(
        code="3708", name="济宁市", level=RegionLevel.CITY, parent=province
    )
    county = Region.objects.create(
        code="370811", name="任城区", level=RegionLevel.COUNTY, parent=city
    )
    area = Region.objects.create(
        code="3708F01", name="太白湖新区", level=RegionLevel.COUNTY, parent=city,
        is_functional_area=True,
    )  # fmt: skip
    org = Organization.objects.create(name="济宁甲机械有限公司", region=county)
    area_org = Organization.objects.create(name="太白湖示范科技有限公司", region=area)
    for i, (code, kind) in enumerate(
        [("GB/T 50001-2024", "national"), ("GB/T 50002-2025", "national"),
         ("DB37/T 50003-2025", "provincial"), ("T/JN 50004-2025", "group")]
    ):  # fmt: skip
        standard = make_standard(code, kind=kind, issue_date=dt.date(2024 + i % 2, 3, 1))
        StandardDraftingOrganization.objects.create(
            standard=standard, position=1, name=org.name, organization=org,
            role=DraftingRole.LEAD,
        )  # fmt: skip
        if i % 2:
            StandardDraftingOrganization.objects.create(
                standard=standard, position=2, name=area_org.name, organization=area_org
            )
    bureau = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=bureau, role=Role.CITY_OFFICER)
    snapshots_refresh()


CHART_AND_TABLE = """(id) => {
  const section = document.getElementById(id);
  const chart = echarts.getInstanceByDom(section.querySelector('[data-chart]'));
  const option = chart.getOption();
  const rows = [...section.querySelectorAll('tbody tr')].map(tr =>
    [tr.querySelector('th').innerText, ...[...tr.querySelectorAll('td')].map(td => td.innerText)]);
  return {
    categories: option.xAxis ? option.xAxis[0].data : option.series[0].data.map(d => d.name),
    series: option.series.map(s => s.data.map(d => (d && typeof d === 'object') ? d.value : d)),
    rows: rows,
  };
}"""


def test_the_public_statistics_page_draws_charts_with_the_tables_numbers(
    live_server, page, city_data
):
    errors = []  # a CSP refusal (inline style or script) shows up as a console error
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/statistics/")
    assert page.get_by_role("heading", level=1).inner_text() == "统计分析"
    section = page.locator("#figure-local_by_kind")
    section.locator("[data-chart-ready] canvas").first.wait_for()
    assert section.get_by_role("table").is_visible()

    drawn = page.evaluate(CHART_AND_TABLE, "figure-local_by_kind")
    assert drawn["categories"] == [row[0] for row in drawn["rows"]]
    for column, series in enumerate(drawn["series"][:2], start=1):  # 主导, 参与
        assert [str(v) for v in series] == [row[column] for row in drawn["rows"]]
    national = next(row for row in drawn["rows"] if row[0] == "国家标准")
    assert national[1:] == ["2", "0", "2"]

    counties = page.evaluate(CHART_AND_TABLE, "figure-local_by_county")
    assert ["太白湖新区（功能区）", "0", "2", "2"] in counties["rows"]

    section.locator("canvas").first.hover()  # a tooltip renders without a CSP refusal
    assert errors == []

    with page.expect_download() as download:
        section.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_the_bureau_downloads_the_annual_report_from_the_dashboard(live_server, page, city_data):
    page.goto(live_server.url + "/accounts/login/?next=/workspace/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".d-lg-block .site-nav-dropdown summary").click()
    page.locator(".d-lg-block .site-nav-dropdown").get_by_role("link", name="统计看板").click()
    assert page.get_by_role("heading", level=1).inner_text() == "统计看板"
    page.locator("#figure-awards_by_year").wait_for()
    page.get_by_label("报告年度").fill("2025")
    with page.expect_download() as download:
        page.get_by_role("button", name="下载年度统计报告（DOCX）").click()
    assert download.value.suggested_filename == "济宁市标准化工作统计报告-2025.docx"
    from docx import Document

    document = Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    assert "本地单位主导制定标准 2 项" in text
