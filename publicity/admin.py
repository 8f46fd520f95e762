from django.contrib import admin

from publicity.models import Notice, Objection


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written through services only (audited); the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["title", "starts_on", "ends_on", "days", "working_days"]
    search_fields = ["title"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["receipt", "notice", "name", "created_at", "answered_at"]
    search_fields = ["receipt", "name"]
