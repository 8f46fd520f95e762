from django.contrib import admin

from core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log can be browsed and filtered, never changed."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "request_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "object_id", "request_id", "message")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
