import contextlib

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from accounts.models import LoginEvent, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "email", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("username", "display_name", "email")
    autocomplete_fields = ("county",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("平台信息", {"fields": ("display_name", "phone", "county")}),
    )
    actions = ["reset_second_factor"]

    @admin.action(
        description="重置动态口令（手机丢失时；用户下次访问时重新绑定）", permissions=["change"]
    )
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor.devices_reset(user=user, actor=request.user, request=request)
        self.message_user(
            request, f"已重置 {queryset.count()} 个账号的动态口令，已登录的会话须重新验证。"
        )
        messages.info(request, "请通过电话等方式核实身份后，告知用户重新绑定。")


@admin.register(LoginEvent)
class LoginEventAdmin(admin.ModelAdmin):
    """Read only: the login audit is written by the sign-in steps, never by hand."""

    list_display = ("at", "username", "outcome", "address", "user_agent")
    list_filter = ("outcome",)
    search_fields = ("username", "address")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# django-otp's own device pages show each device's secret key and QR code: nobody but the
# account's owner sees those. Administrators reset devices from the user list instead.
for _model in (TOTPDevice, StaticDevice):
    with contextlib.suppress(admin.exceptions.NotRegistered):
        admin.site.unregister(_model)
