"""Admin site configuration that spans apps: roles' groups shown by their Chinese names."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin
from django.contrib.auth.models import Group

from accounts.roles import Role

_ROLE_LABELS = {r.value: r.label for r in Role}


class RoleGroupAdmin(GroupAdmin):
    list_display = ("role_label", "name")

    @admin.display(description="角色", ordering="name")
    def role_label(self, group: Group) -> str:
        return _ROLE_LABELS.get(group.name, group.name)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)
admin.site.register(Group, RoleGroupAdmin)
