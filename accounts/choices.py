"""Stable keys and Chinese labels of the accounts' choices."""

from django.db import models


class LoginOutcome(models.TextChoices):
    """What happened at a sign-in step (the login audit, `LoginEvent.outcome`)."""

    PASSWORD_OK = "password_ok", "密码正确"
    PASSWORD_FAILED = "password_failed", "密码错误"
    LOCKED_OUT = "locked_out", "多次失败，登录已锁定"
    SECOND_FACTOR_OK = "second_factor_ok", "动态口令验证通过"
    SECOND_FACTOR_FAILED = "second_factor_failed", "动态口令错误"
    SECOND_FACTOR_THROTTLED = "second_factor_throttled", "动态口令尝试过频，已拒绝"
    RECOVERY_CODE_USED = "recovery_code_used", "使用恢复码登录"
    LOGOUT = "logout", "退出登录"
    SESSION_EXPIRED = "session_expired", "会话超时，自动退出"
    DEVICE_ENROLLED = "device_enrolled", "绑定动态口令设备"
    DEVICE_RESET = "device_reset", "重置动态口令设备"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", "重新生成恢复码"


FAILURES = frozenset(
    {
        LoginOutcome.PASSWORD_FAILED,
        LoginOutcome.LOCKED_OUT,
        LoginOutcome.SECOND_FACTOR_FAILED,
        LoginOutcome.SECOND_FACTOR_THROTTLED,
    }
)
