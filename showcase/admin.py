from django.contrib import admin

from showcase.models import ShowcaseImage, ShowcaseItem


@admin.register(ShowcaseItem)
class ShowcaseItemAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "year", "state", "featured", "position"]
    list_filter = ["category", "state", "featured"]
    search_fields = ["title"]
    readonly_fields = [f.name for f in ShowcaseItem._meta.fields]

    def has_add_permission(self, request):
        return False  # items are written through services (audited): the bureau's pages

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ShowcaseImage)
class ShowcaseImageAdmin(admin.ModelAdmin):
    list_display = ["item", "alt", "position"]
    readonly_fields = [f.name for f in ShowcaseImage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
