from django.contrib import admin

from profiles.models import OrganizationScore, ScoreModel


@admin.register(ScoreModel)
class ScoreModelAdmin(admin.ModelAdmin):
    list_display = ("version", "half_life_years", "breadth_points", "note", "created_at")
    readonly_fields = [f.name for f in ScoreModel._meta.fields]

    def has_add_permission(self, request):  # new versions through the bureau's page (audited)
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(OrganizationScore)
class OrganizationScoreAdmin(admin.ModelAdmin):
    list_display = ("organization", "total", "led_count", "joined_count", "model", "computed_at")
    search_fields = ("organization__name", "organization__uscc")
    list_select_related = ("organization", "model")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
