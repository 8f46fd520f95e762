from django.contrib import admin

from notices.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "state", "publish_at", "pinned"]
    list_filter = ["category", "state"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in Article._meta.fields]

    def has_add_permission(self, request):
        return False  # articles are written through services (audited): the bureau's pages

    def has_delete_permission(self, request, obj=None):
        return False
