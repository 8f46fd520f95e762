from django.contrib import admin

from consultation.models import Comment, Consultation, InvitedUnit


class ReadOnlyAdmin(admin.ModelAdmin):
    """Writes go through `consultation.services` (validated, audited)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    list_display = ("title", "opens_at", "closes_at", "published_at")
    search_fields = ("title",)


@admin.register(Comment)
class CommentAdmin(ReadOnlyAdmin):
    list_display = ("receipt", "consultation", "clause", "name", "organization", "disposition")
    list_filter = ("disposition",)
    search_fields = ("receipt", "name", "organization", "content")


@admin.register(InvitedUnit)
class InvitedUnitAdmin(ReadOnlyAdmin):
    list_display = ("name", "email", "consultation", "answer", "last_reminded_on")
    list_filter = ("answer",)
