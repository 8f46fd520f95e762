from django.contrib import admin

from catalog import services
from catalog.forms import ReplacementInlineForm, StandardAdminForm
from catalog.models import ImportBatch, Standard, StandardDraftingOrganization, StandardReplacement


class DraftingUnitInline(admin.TabularInline):
    model = StandardDraftingOrganization
    extra = 0
    autocomplete_fields = ("organization",)


class ReplacesInline(admin.TabularInline):
    model = StandardReplacement
    form = ReplacementInlineForm
    fk_name = "new"
    verbose_name = "代替的标准"
    verbose_name_plural = "本标准代替的标准"
    fields = ("old_code", "is_partial", "old")
    readonly_fields = ("old",)
    extra = 0


@admin.register(Standard)
class StandardAdmin(admin.ModelAdmin):
    form = StandardAdminForm
    list_display = (
        "code",
        "title",
        "kind",
        "nature",
        "status",
        "issue_date",
        "implement_date",
        "is_public",
    )
    list_filter = ("kind", "status", "nature", "is_public", "source")
    search_fields = ("code", "code_key", "title", "title_en", "issuing_body")
    date_hierarchy = "issue_date"
    autocomplete_fields = ("ics", "ccs")
    readonly_fields = (
        "code_key",
        "kind",
        "nature",
        "view_count",
        "source",
        "source_id",
        "imported_at",
        "created_at",
        "updated_at",
    )
    inlines = [DraftingUnitInline, ReplacesInline]
    list_per_page = 50
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "code",
                    "code_key",
                    "kind",
                    "nature",
                    "status",
                    "title",
                    "title_en",
                    "is_public",
                )
            },
        ),
        (
            "日期",
            {"fields": ("issue_date", "implement_date", "abolish_date", "review_confirmed_date")},
        ),
        (
            "管理信息",
            {
                "fields": (
                    "issuing_body",
                    "competent_department",
                    "technical_committee",
                    "plan_number",
                )
            },
        ),
        ("分类与采标", {"fields": ("ics", "ccs", "adopted_standard", "adoption_degree")}),
        ("内容", {"fields": ("scope", "full_text", "drafters")}),
        (
            "来源",
            {
                "fields": (
                    "source",
                    "source_id",
                    "imported_at",
                    "view_count",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        # The form validated the code; the service derives fields, saves and audits.
        obj._pending_ics = form.cleaned_data.get("ics")
        services.standard_save(standard=obj, actor=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.standard_links_refresh(standard=form.instance, actor=request.user)

    def delete_model(self, request, obj):
        services.standard_delete(standard=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.standard_delete(standard=obj, actor=request.user)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("file_name", "uploaded_by", "state", "total_rows", "error_count", "created_at")
    list_filter = ("state",)
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
