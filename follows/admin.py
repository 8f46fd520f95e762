from django.contrib import admin

from follows.models import CatalogChange, Follow, SavedSearch


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "standard", "created_at"]
    search_fields = ["user__username", "standard__code"]
    raw_id_fields = ["user", "standard"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at", "last_seen_at"]
    search_fields = ["name", "user__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CatalogChange)
class CatalogChangeAdmin(admin.ModelAdmin):
    list_display = ["kind", "code_key", "standard_id", "old_value", "new_value", "processed_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
