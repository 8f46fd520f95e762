from django.contrib import admin

from reviews.models import Review, ScoreSheet


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "version", "pass_mark", "frozen_at"]
    list_filter = ["program"]
    search_fields = ["name"]

    def has_change_permission(self, request, obj=None):
        return False  # written through services (audited): the bureau's sheet pages

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Review)
class ReviewAdmin(ScoreSheetAdmin):
    list_display = [
        "expert",
        "content_type",
        "object_id",
        "sheet",
        "due",
        "total",
        "vote",
        "submitted_at",
    ]
    list_filter = ["vote"]
    search_fields = ["expert__username", "expert__display_name"]
