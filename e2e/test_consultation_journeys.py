"""Browser journey: an anonymous visitor comments on a clause of a draft open for comment and gets
a receipt; the city officer records the disposition."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from consultation import services
from directory.models import Organization
from drafts import services as draft_services
from drafts.tests.docx_factory import docx_upload
from e2e.login import pass_second_factor
from testing.personas import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation():
    roles_sync()
    officer = User.objects.create_user(username="city", password=PASSWORD, display_name="王科长")
    user_grant_role(user=officer, role=Role.CITY_OFFICER)
    officer = User.objects.get(pk=officer.pk)
    record = Organization.objects.create(name="起草单位", uscc="91370811MA3C12340U")
    draft = draft_services.version_upload(
        obj=record, purpose="征求意见稿", upload=docx_upload(), note="初稿", actor=officer
    )
    return services.consultation_open(
        obj=record,
        title="城市公共厕所保洁服务规范（征求意见稿）",
        draft=draft,
        opens_at=timezone.now() - datetime.timedelta(days=1),
        closes_at=timezone.now() + datetime.timedelta(days=30),
        actor=officer,
    )


def test_an_anonymous_visitor_comments_on_a_clause_and_the_bureau_disposes(
    live_server, page, consultation
):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="征求意见").first.click()
    page.get_by_role("link", name=consultation.title).click()
    page.get_by_label("章条编号").select_option("4.2.1")
    page.get_by_label("意见内容").fill("建议将每日保洁次数提高到 4 次。")
    page.get_by_label("姓名").fill("张三")
    page.get_by_label("联系方式").fill("13800000000")
    page.get_by_role("button", name="提交意见").click()
    receipt = page.locator(".receipt-number").inner_text()
    assert receipt.startswith("YJ-")

    page.goto(base + "/accounts/login/?next=" + consultation.get_absolute_url())
    page.get_by_label("用户名").fill("city")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    pass_second_factor(page, "city")
    page.get_by_role("link", name="意见处理").click()
    assert receipt in page.inner_text("main")
    page.get_by_label("处理意见").select_option("partly")
    page.get_by_label("理由").fill("改为不少于 4 次，夜间除外。")
    page.get_by_role("button", name="保存处理意见").click()
    assert f"已保存意见 {receipt} 的处理意见" in page.inner_text("body")
