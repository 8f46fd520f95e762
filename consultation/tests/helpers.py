"""A consultation on a record (an organization stands in for a project) with a generated draft."""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from consultation import services
from drafts import services as draft_services
from drafts.tests.docx_factory import docx_upload

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))


@contextmanager
def at(moment: datetime.datetime):
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class ConsultationMixin:
    def make_draft(self, obj=None):
        return draft_services.version_upload(
            obj=obj or self.organization,
            purpose="征求意见稿",
            upload=docx_upload(),
            note="征求意见稿",
            actor=self.city_officer,
        )

    def make_consultation(self, *, opens_at=None, closes_at=None, draft=None):
        opens_at = opens_at or timezone.now() - datetime.timedelta(days=1)
        closes_at = closes_at or opens_at + datetime.timedelta(days=31)
        return services.consultation_open(
            obj=self.organization,
            title="城市公共厕所保洁服务规范（征求意见稿）",
            draft=draft or self.make_draft(),
            opens_at=opens_at,
            closes_at=closes_at,
            actor=self.city_officer,
        )

    def comment(self, consultation, **kwargs):
        data = {"content": "建议增加夜间保洁要求。", "name": "张三", "contact": "13800000000"}
        return services.comment_submit(consultation=consultation, **{**data, **kwargs})

    def close(self, consultation):
        """Move the period into the past (as if it had run its course)."""
        type(consultation).objects.filter(pk=consultation.pk).update(
            opens_at=timezone.now() - datetime.timedelta(days=40),
            closes_at=timezone.now() - datetime.timedelta(days=1),
        )
        consultation.refresh_from_db()
        return consultation
