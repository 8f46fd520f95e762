from django.contrib import admin

from reference.models import (
    CcsClass,
    IcsClass,
    IndustryClass,
    IndustryCluster,
    IndustryStandardPrefix,
    Region,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_functional_area")
    list_filter = ("level", "is_functional_area")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(IndustryClass)
class IndustryClassAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(IcsClass)
class IcsClassAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "level")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("parent",)


@admin.register(CcsClass)
class CcsClassAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(IndustryStandardPrefix)
class IndustryStandardPrefixAdmin(admin.ModelAdmin):
    list_display = ("prefix", "industry_zh", "admin_zh")
    search_fields = ("prefix", "industry_zh")


@admin.register(IndustryCluster)
class IndustryClusterAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "order", "is_active")
    list_filter = ("group", "is_active")
    search_fields = ("code", "name")
    filter_horizontal = ("industries",)
