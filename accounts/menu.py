"""The accounts' menu entries (see core.menu); log in and log out are in the base template."""

from accounts.roles import Role
from core import menu

menu.register(
    menu.Entry(
        "个人中心", "accounts:profile", section=menu.USER, visible=menu.authenticated, order=30
    ),
    menu.Entry("注册", "accounts:register", section=menu.USER, visible=menu.anonymous, order=90),
    menu.Entry(
        "登录日志",
        "accounts:login_audit",
        section=menu.MANAGE,
        visible=menu.has_role(Role.ADMINISTRATOR),
        order=95,
        description="登录成功与失败、动态口令、退出和锁定记录",
    ),
)
menu.unlisted("accounts:second_factor", "the second step of signing in, reached from the login")
menu.unlisted("accounts:recovery_codes", "shown once after binding the second factor")
menu.unlisted("accounts:login_audit_export", "the login audit page's export button")
menu.unlisted("accounts:register_done", "shown after registering")
menu.unlisted("password_reset_done", "shown after asking for a reset link")
menu.unlisted("password_reset_complete", "shown after setting a new password")
menu.unlisted("password_change_done", "shown after changing the password")
menu.visitors_only(
    "login",
    "password_reset",
    "accounts:register",
    "accounts:register_enterprise",
    "accounts:register_individual",
)
