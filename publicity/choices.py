from django.db import models


class NoticeState(models.TextChoices):
    """Derived from the period, never stored."""

    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "公示中"
    ENDED = "ended", "公示结束"


STATE_STAGE = {
    NoticeState.UPCOMING: "waiting",
    NoticeState.OPEN: "progress",
    NoticeState.ENDED: "done",
}
