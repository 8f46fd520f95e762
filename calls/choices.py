from django.db import models


class CallState(models.TextChoices):
    """Derived from the window and the bureau's explicit closing; never stored."""

    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "征集中"
    ENDED = "ended", "已截止"
    CLOSED = "closed", "已关闭"
    WITHDRAWN = "withdrawn", "已撤回"


# Badge colour (stage group) per state.
STATE_STAGE = {
    CallState.UPCOMING: "waiting",
    CallState.OPEN: "progress",
    CallState.ENDED: "done",
    CallState.CLOSED: "done",
    CallState.WITHDRAWN: "refused",
}


class CloseKind(models.TextChoices):
    CLOSED = "closed", "提前关闭"
    WITHDRAWN = "withdrawn", "撤回"
