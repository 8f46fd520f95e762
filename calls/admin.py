from django.contrib import admin

from calls.models import Call


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "year", "opens_at", "closes_at", "close_kind"]
    list_filter = ["program", "year", "close_kind"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Call._meta.fields]

    def has_add_permission(self, request):
        return False  # calls are written through services (audited): the bureau's pages

    def has_delete_permission(self, request, obj=None):
        return False
