"""Guards that process actions call: None when allowed, else the reason in Chinese."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone

from publicity.models import Notice, Objection


def publicity_ended(obj: models.Model, today: dt.date | None = None) -> str | None:
    """None once the latest notice about `obj` has run its period."""
    notice = Notice.objects.about(obj).order_by("-ends_on", "-id").first()
    if notice is None:
        return "尚未发布公示"
    if notice.ends_on >= (today or timezone.localdate()):
        return f"公示期至{notice.ends_on:%Y年%m月%d日}结束"
    return None


def all_objections_answered(obj: models.Model) -> str | None:
    """None when every objection to every notice about `obj` has the bureau's answer."""
    count = Objection.objects.filter(notice__in=Notice.objects.about(obj)).unanswered().count()
    if count:
        return f"还有 {count} 条公示异议尚未答复"
    return None
