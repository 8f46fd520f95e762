"""Browser journey: an anonymous visitor objects to a publicity notice from a phone."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_it_lets_an_anonymous_visitor_object_during_the_period(live_server, page):
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import roles_sync, user_grant_role
    from directory.models import Organization
    from publicity.models import Objection
    from publicity.services import notice_publish

    roles_sync()
    officer = User.objects.create_user(username="officer", password="x-Officer-2026")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    officer = User.objects.get(pk=officer.pk)
    subject = Organization.objects.create(name="济宁甲机械有限公司", uscc="91370811MA3C12340U")
    notice = notice_publish(
        obj=subject,
        title="2026年度地方标准立项公示",
        body="现将拟立项项目予以公示。",
        starts_on=timezone.localdate(),
        days=5,
        columns=["项目名称", "申报单位"],
        rows=[["公共机构绿色运营指南", "济宁甲机械有限公司"]],
        actor=officer,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/publicity/")
    page.get_by_role("link", name="2026年度地方标准立项公示").click()
    assert "公共机构绿色运营指南" in page.inner_text("main")
    assert not page.get_by_label("网址（请勿填写）").is_visible()  # the honeypot
    page.get_by_role("button", name="提交异议").click()  # empty: errors, nothing stored
    assert "请修正以下" in page.inner_text("main")
    page.get_by_label("姓名").fill("王五")
    page.get_by_label("联系电话或地址").fill("13800000000")
    page.get_by_label("异议内容").fill("该项目与现行标准重复。")
    page.get_by_role("button", name="提交异议").click()
    objection = Objection.objects.get(notice=notice)
    assert f"回执编号 {objection.receipt}" in page.inner_text("body")  # the message above main
