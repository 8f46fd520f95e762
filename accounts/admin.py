from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User


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
