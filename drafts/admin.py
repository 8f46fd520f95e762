from django.contrib import admin

from drafts.models import DraftSeries, DraftVersion


class DraftVersionInline(admin.TabularInline):
    model = DraftVersion
    fields = ("number", "note", "document", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the checked service


@admin.register(DraftSeries)
class DraftSeriesAdmin(admin.ModelAdmin):
    list_display = ("purpose", "content_type", "object_id", "created_at")
    list_filter = ("purpose", "content_type")
    readonly_fields = ("content_type", "object_id", "purpose")
    inlines = [DraftVersionInline]

    def has_add_permission(self, request):
        return False
