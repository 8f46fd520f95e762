from django import forms
from django.contrib import admin

from directory import services
from directory.models import Membership, Organization
from directory.validation import clean_uscc


class OrganizationAdminForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = [*services.ORGANIZATION_FIELDS, "introduction", "clusters"]

    def clean_uscc(self):
        code = (self.cleaned_data.get("uscc") or "").strip().upper()
        return clean_uscc(code, exclude_pk=self.instance.pk) if code else None


class MembershipInline(admin.TabularInline):
    """Who belongs to the organization (the one source of a user's organization), read-only here:
    members join through the site and their administrator decides (audited services)."""

    model = Membership
    fk_name = "organization"
    fields = ("user", "role", "state", "decided_by", "decided_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    form = OrganizationAdminForm
    inlines = [MembershipInline]
    list_display = ("name", "kind", "uscc", "region", "industry", "verification_state")
    list_filter = ("kind", "region", "verification_state", "clusters")
    filter_horizontal = ("clusters",)
    search_fields = ("name", "uscc")
    autocomplete_fields = ("region", "industry")
    # Verification moves only through the workflow (status-change row, audit, notifications).
    readonly_fields = ("verification_state", "verification_changed_at", "verification_deadline")

    def save_model(self, request, obj, form, change):
        # The service validates the code, saves and audits; the form only collected the fields.
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        clusters = fields.pop("clusters", None)
        if change:
            obj = services.organization_update(organization=obj, actor=request.user, **fields)
        else:
            obj = form.instance = services.organization_create(actor=request.user, **fields)
        if clusters is not None:
            services.organization_clusters_set(
                organization=obj, clusters=clusters, actor=request.user
            )

    def save_related(self, request, form, formsets, change):
        # Clusters were set by the audited service in save_model; only the inlines remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.organization_delete(organization=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.organization_delete(organization=obj, actor=request.user)
