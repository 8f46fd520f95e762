from django.contrib import admin

from documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "file_type", "size", "uploaded_by", "uploaded_at")
    list_filter = ("kind", "file_type")
    search_fields = ("original_name", "sha256")
    readonly_fields = [f.name for f in Document._meta.fields]

    def has_add_permission(self, request):
        return False  # uploads go through the checked service
