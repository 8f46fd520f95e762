from django.contrib import admin

from topics.models import Topic, TopicNode


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    """Topics are edited on the bureau's pages (audited); the admin only looks."""

    list_display = ["name", "kind", "cluster", "is_published", "order"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TopicNode)
class TopicNodeAdmin(TopicAdmin):
    list_display = ["topic", "code", "name", "category", "parent", "order"]
    list_filter = ["topic"]
    search_fields = ["name", "code"]
