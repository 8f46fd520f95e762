from django.contrib import admin

from follows.models import CatalogChange, Follow, ObjectFollow, SavedSearch


class ReadOnlyAdmin(admin.ModelAdmin):
    """Follows are written by their owners through the services (audited); the admin only looks."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnlyAdmin):
    list_display = ["user", "standard", "created_at"]
    search_fields = ["user__username", "standard__code"]


@admin.register(ObjectFollow)
class ObjectFollowAdmin(ReadOnlyAdmin):
    list_display = ["user", "content_type", "object_id", "created_at"]
    search_fields = ["user__username"]


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "user", "created_at", "last_seen_at"]
    search_fields = ["name", "user__username"]


@admin.register(CatalogChange)
class CatalogChangeAdmin(ReadOnlyAdmin):
    list_display = ["kind", "code_key", "standard_id", "old_value", "new_value", "processed_at"]
    list_filter = ["kind"]
