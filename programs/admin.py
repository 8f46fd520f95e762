"""Read-only admin views: every write goes through the services (and so the audit log)."""

from django.contrib import admin

from programs.models import (
    Forerunner,
    PilotProject,
    StandardUpgrade,
    SubsidyApplication,
    SubsidyPayment,
    SubsidyPolicy,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubsidyPolicy)
class SubsidyPolicyAdmin(ReadOnlyAdmin):
    list_display = ["year", "title", "budget", "enterprise_cap", "allocation_method"]


@admin.register(SubsidyApplication)
class SubsidyApplicationAdmin(ReadOnlyAdmin):
    list_display = ["policy", "organization", "state", "total", "allocated"]
    list_filter = ["state", "policy"]
    search_fields = ["organization__name"]


@admin.register(SubsidyPayment)
class SubsidyPaymentAdmin(ReadOnlyAdmin):
    list_display = ["application", "paid_on", "amount", "reference"]


@admin.register(Forerunner)
class ForerunnerAdmin(ReadOnlyAdmin):
    list_display = ["year", "field", "enterprise_name", "standard_code", "assessment_body"]
    search_fields = ["enterprise_name", "standard_code", "field"]


@admin.register(StandardUpgrade)
class StandardUpgradeAdmin(ReadOnlyAdmin):
    list_display = ["from_standard", "to_code", "level", "year", "organization"]


@admin.register(PilotProject)
class PilotProjectAdmin(ReadOnlyAdmin):
    list_display = ["title", "level", "domain", "organization", "state"]
    list_filter = ["level", "domain", "state"]
    search_fields = ["title", "organization__name"]
