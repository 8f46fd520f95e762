from django.contrib import admin

from directory.models import Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "uscc", "region", "industry")
    list_filter = ("kind", "region")
    search_fields = ("name", "uscc")
    autocomplete_fields = ("region", "industry")
