"""`User.organization` duplicated the directory's memberships (the expert's workspace and profile
disagreed). Every user whose field named an organization without a membership gets an active
membership in it (as a member), then the field goes: memberships are the one source of truth."""

from django.db import migrations
from django.utils import timezone


def memberships_from_field(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("directory", "Membership")
    missing = [
        Membership(
            user_id=user_id,
            organization_id=organization_id,
            role="member",
            state="active",
            decided_at=timezone.now(),
        )
        for user_id, organization_id in User.objects.filter(organization__isnull=False)
        .values_list("pk", "organization_id")
        .iterator()
        if not Membership.objects.filter(user_id=user_id, organization_id=organization_id).exists()
    ]
    Membership.objects.bulk_create(missing)
    # A pending or rejected request beside the field: the field said the person belongs there.
    for user_id, organization_id in User.objects.filter(organization__isnull=False).values_list(
        "pk", "organization_id"
    ):
        Membership.objects.filter(
            user_id=user_id, organization_id=organization_id, state="pending"
        ).update(state="active", decided_at=timezone.now())


def field_from_memberships(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Membership = apps.get_model("directory", "Membership")
    for membership in Membership.objects.filter(state="active").order_by("role", "created_at"):
        User.objects.filter(pk=membership.user_id, organization__isnull=True).update(
            organization_id=membership.organization_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("directory", "0002_organization_contact_email_organization_introduction_and_more"),
    ]

    operations = [
        migrations.RunPython(memberships_from_field, field_from_memberships),
        migrations.RemoveField(model_name="user", name="organization"),
    ]
