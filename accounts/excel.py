"""The login audit as a spreadsheet (core.excel)."""

from django.utils import timezone

from core.excel import Column, Sheet

LOGIN_EVENT_SHEET = Sheet(
    "登录日志",
    (
        Column("时间", "at", lambda e: timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S")),
        Column("账号", "username"),
        Column("姓名", "user", lambda e: e.user.display_name if e.user else ""),
        Column("结果", "outcome", lambda e: e.get_outcome_display()),
        Column("客户端地址", "address", lambda e: e.address or ""),
        Column("浏览器", "user_agent"),
        Column("说明", "detail"),
    ),
)
