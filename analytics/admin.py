from django.contrib import admin

from analytics.models import DailyCount, SearchTerm


@admin.register(DailyCount)
class DailyCountAdmin(admin.ModelAdmin):
    list_display = ("day", "metric", "count")
    list_filter = ("metric",)
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SearchTerm)
class SearchTermAdmin(admin.ModelAdmin):
    list_display = ("query", "total", "zero_total", "last_seen", "status")
    list_filter = ("status",)
    search_fields = ("query",)
    readonly_fields = [f.name for f in SearchTerm._meta.fields]

    def has_add_permission(self, request):
        return False
