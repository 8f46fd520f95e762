from django.contrib import admin

from core.models import AuditEvent, NumberSequence, StageDeadlineSetting, WorkItem


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by audited services (audit log, workflow): browse, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the audit log can be browsed and filtered, never changed."""

    list_display = ("at", "actor_label", "action", "object_type", "object_label", "request_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_label", "object_id", "request_id", "message")
    date_hierarchy = "at"
    readonly_fields = [f.name for f in AuditEvent._meta.fields]


@admin.register(WorkItem)
class WorkItemAdmin(ReadOnlyAdmin):
    list_display = ("label", "process", "state", "assignee", "role", "scope", "due", "completed_at")
    list_filter = ("process", "state", "role")
    search_fields = ("label", "object_id", "scope")
    list_select_related = ("assignee",)


@admin.register(StageDeadlineSetting)
class StageDeadlineSettingAdmin(ReadOnlyAdmin):
    """Set on the bureau's page 环节办理期限 (/workspace/deadlines/)."""

    list_display = ("process", "state", "days", "working", "updated_at")


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("key", "year", "last")
