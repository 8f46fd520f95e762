from django.contrib import admin

from insight.models import StatisticsSnapshot


@admin.register(StatisticsSnapshot)
class StatisticsSnapshotAdmin(admin.ModelAdmin):
    list_display = ("computed_at", "scope", "year", "requested_by")
    list_filter = ("scope",)
    readonly_fields = ("scope", "year", "computed_at", "requested_by", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
