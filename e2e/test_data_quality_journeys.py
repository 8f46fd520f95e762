"""Browser journey: the city officer imports a catalog with defects in secondary fields, sees
the warnings, then fixes a record from the data-quality list reached from the workspace."""

import pytest

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from catalog.models import Standard
from e2e.login import pass_second_factor
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,废止日期,CCS\n"
    "DB/T 15-2009,地震台站建设规范,现行,2009-07-01,2009-10-01,,A49\n"
    "DB37/T 2904-2019,省级地方标准,废止,2019-01-01,2019-02-01,2000-01-01,\n"
).encode()


@pytest.fixture
def officer():
    roles_sync()
    user = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=user, role=Role.CITY_OFFICER)
    return user


def test_import_with_warnings_then_fix_a_record_from_the_quality_list(
    live_server, page, officer, tmp_path
):
    base = live_server.url
    page.goto(base + "/accounts/login/?next=/workspace/")
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, "city")

    page.get_by_role("link", name="标准导入").click()
    upload = tmp_path / "catalog.csv"
    upload.write_bytes(CSV)
    page.get_by_label("标准文件").set_input_files(str(upload))
    page.get_by_role("button", name="上传并校验").click()
    body = page.inner_text("main")
    assert "有错误 0 行" in body
    assert "CCS 分类号“A49”不存在，已忽略（原值已保留）" in body
    page.get_by_role("button", name="确认导入").click()
    assert Standard.objects.count() == 2

    page.goto(base + "/workspace/")
    page.get_by_role("link", name="数据质量").click()
    main = page.inner_text("main")
    assert "CCS原值：A49" in main
    assert "废止日期原值：2000-01-01" in main
    row = page.get_by_role("row").filter(has_text="DB37/T 2904-2019")
    row.get_by_role("link", name="更正").click()
    page.get_by_label("废止日期").fill("2024-01-01")
    page.get_by_label("已核对，清除导入时保留的原始值").check()
    page.get_by_role("button", name="保存").click()
    assert "已更正 DB37/T 2904-2019" in page.inner_text("body")
    standard = Standard.objects.get(code="DB37/T 2904-2019")
    assert (str(standard.abolish_date), standard.status, standard.raw_values) == (
        "2024-01-01",
        "abolished",
        {},
    )
