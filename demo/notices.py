"""The notices' demo: a few 通知公告, 政策法规 and 工作动态 of the city bureau, one pinned, one
scheduled for tomorrow and one draft. Skipped when there are articles already."""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from notices.models import Article
from notices.services import article_create, article_publish

# (category, title, summary, body, pinned, days from now to publish; None = draft)
ARTICLES = [
    ("notice", "关于开展2027年度济宁市地方标准立项申报工作的通知",
     "各有关单位可于申报期内通过本平台提交地方标准立项建议。",
     "<p>各县（市、区）市场监管局、各有关单位：</p><p>现开展2027年度济宁市地方标准立项申报工作，"
     "请按申报指南要求通过本平台在线提交。</p>", True, -3),
    ("notice", "关于公布2026年度标准化试点示范项目验收结果的通知",
     "2026年度验收通过的试点示范项目名单。", "<p>经专家验收，以下项目通过验收。</p>", False, -10),
    ("policy", "济宁市标准化资助奖励办法",
     "规范标准化资助奖励的申报、审核、公示与拨付。",
     "<h2>第一章 总则</h2><p>第一条 为推动标准化工作……</p>", False, -30),
    ("news", "市市场监管局召开全市标准化工作推进会",
     "部署下一阶段标准化综合改革重点任务。", "<p>会议总结了上半年工作……</p>", False, -1),
    ("notice", "关于开展标准化宣传周活动的通知", "（定时发布）", "<p>活动安排如下。</p>", False, 1),
    ("news", "标准化工作月报（草稿）", "", "<p>待补充。</p>", False, None),
]  # fmt: skip


def load_notices() -> None:
    if Article.objects.exists():
        return
    city = User.objects.get(username="city")
    now = timezone.now()
    for category, title, summary, body, pinned, days in ARTICLES:
        article = article_create(
            category=category, title=title, summary=summary, body=body, pinned=pinned, actor=city
        )
        if days is not None:
            article_publish(article=article, publish_at=now + dt.timedelta(days=days), actor=city)
