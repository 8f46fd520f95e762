"""Platform users: one account per person. Which organizations a person belongs to is the
directory's `Membership` (one source of truth: `directory.selectors.organization_of`)."""

from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.choices import FAILURES, LoginOutcome
from accounts.roles import BUREAU_ROLES, Role
from core.compiled_queries import compiled_query


def user_with_role_keys(pk: int):
    """One user with `role_keys` read in the same query (no query of its own), or None: a
    signed-in request loads its user this way (`accounts.backends`), its SQL compiled once per
    process (`core.compiled_queries`). Only groups named after a role are joined (the SQL's own
    filter), so a comma in another group's name cannot make up a role. A plain subquery: built by
    the ORM it cost more to compile than the query it saved."""
    rows = _users_with_role_names(pk)
    user = rows[0] if rows else None
    if user is not None:
        user._role_keys = set(filter(None, (user.role_names_joined or "").split(",")))
    return user


@compiled_query(int)
def _users_with_role_names(pk: int):
    names = RawSQL(*_role_names_sql())  # noqa: S611 (quoted names, bound values)
    return User._default_manager.annotate(role_names_joined=names).filter(pk=pk)[:1]


def _role_names_sql() -> tuple[str, list[str]]:
    """The user row's role names joined by commas, as a correlated subquery."""
    qn = connection.ops.quote_name
    joined = (
        "STRING_AGG(g.name, ',')" if connection.vendor == "postgresql" else "GROUP_CONCAT(g.name)"
    )
    through = User.groups.through._meta
    user_column = through.get_field("user").column
    group_column = through.get_field("group").column
    names = ", ".join(["%s"] * len(Role.values))
    return (
        f"SELECT {joined} FROM {qn(Group._meta.db_table)} g"  # noqa: S608 (quoted names, bound values)
        f" JOIN {qn(through.db_table)} ug ON ug.{qn(group_column)} = g.{qn(Group._meta.pk.column)}"
        f" WHERE ug.{qn(user_column)} = {qn(User._meta.db_table)}.{qn(User._meta.pk.column)}"
        f" AND g.name IN ({names})",
        list(Role.values),
    )


class AccountManager(UserManager):
    pass


class User(AbstractUser):
    """A person who logs in; roles are auth groups named after `accounts.roles.Role`."""

    objects = AccountManager()

    display_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # Accounts made by the bureau or the demo count as confirmed; self-registration starts empty.
    email_confirmed_at = models.DateTimeField(
        "邮箱确认时间",
        null=True,
        blank=True,
        default=timezone.now,
        help_text="为空表示自行注册后尚未确认邮箱（登录时提示确认，可重新发送确认邮件）",
    )
    county = models.ForeignKey(
        "reference.Region",
        verbose_name="所辖县(市、区)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="县级监管人员的管辖范围",
    )
    second_factor_reset_at = models.DateTimeField(
        "动态口令重置时间",
        null=True,
        blank=True,
        editable=False,
        help_text="管理员重置动态口令设备的时间；此前验证过的会话须重新验证",
    )

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    # Which organization a user acts for is the directory's to say (its active memberships, the
    # one source of truth): it installs its answer here at startup (`directory.apps`), so that
    # accounts imports nothing from it. Until then, and without the directory, nobody has one.
    organization_resolver = staticmethod(lambda user: None)

    @property
    def organization(self):
        """The organization the user acts for (`directory.selectors.organization_of`), read-only."""
        return type(self).organization_resolver(self)

    @property
    def organization_id(self) -> int | None:
        organization = self.organization
        return organization.pk if organization is not None else None

    @property
    def role_keys(self) -> set[str]:
        if not hasattr(self, "_role_keys"):
            valid = set(Role.values)
            self._role_keys = {n for n in self.groups.values_list("name", flat=True) if n in valid}
        return self._role_keys

    def has_role(self, *roles: Role) -> bool:
        return self.is_active and bool(self.role_keys & {r.value for r in roles})

    @property
    def is_bureau(self) -> bool:
        """City bureau staff and administrators see every organization's records."""
        return self.is_superuser or self.has_role(*BUREAU_ROLES)

    @property
    def second_factor_stamp(self) -> str:
        """Changes when the account's second-factor devices are reset: a session verified
        before carries the old stamp and must verify again (`accounts.second_factor`)."""
        return self.second_factor_reset_at.isoformat() if self.second_factor_reset_at else ""


class LoginEvent(models.Model):
    """One step of signing in or out (password, second factor, logout, lockout, device enrolment
    or reset): by account, client address and browser. Kept LOGIN_AUDIT_DAYS days (default 180,
    the six months 等保 asks for), then removed by `manage.py prune_login_events`; unlike
    `core.AuditEvent` it records failures a stranger can cause, so it is pruned, not kept forever."""

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name="账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField("登录名", max_length=150, blank=True, db_index=True)
    outcome = models.CharField("结果", max_length=40, choices=LoginOutcome.choices, db_index=True)
    address = models.GenericIPAddressField("客户端地址", null=True, blank=True, db_index=True)
    user_agent = models.CharField("浏览器", max_length=200, blank=True)
    detail = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "登录日志"
        verbose_name_plural = "登录日志"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.get_outcome_display()}"

    @property
    def is_failure(self) -> bool:
        return self.outcome in FAILURES
