"""Open the work items of records already waiting when work items arrived (core 0003):
organizations and specialists submitted for verification wait for their county's officers (the
city bureau for an organization without a county); returned ones wait for their organization's
administrators. Mirrors the tasks declared in directory/workflows.py."""

from django.db import migrations
from django.utils import timezone


def open_items(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkItem = apps.get_model("core", "WorkItem")
    Organization = apps.get_model("directory", "Organization")
    Specialist = apps.get_model("directory", "Specialist")
    now = timezone.now()
    sources = (
        ("organization_verification", Organization, "verification_state", "verification_deadline", None),
        ("specialist_verification", Specialist, "state", "deadline", "organization"),
    )
    rows = []
    for process, model, state_field, deadline_field, org_field in sources:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="directory", model=model._meta.model_name
        )
        waiting = model.objects.filter(**{f"{state_field}__in": ["submitted", "returned"]})
        if org_field:
            waiting = waiting.select_related(org_field)
        for record in waiting:
            if WorkItem.objects.filter(
                content_type=content_type, object_id=str(record.pk), completed_at=None
            ).exists():
                continue
            org = getattr(record, org_field) if org_field else record
            state = getattr(record, state_field)
            common = {
                "content_type": content_type,
                "object_id": str(record.pk),
                "process": process,
                "state": state,
                "opened_at": now,
                "due": getattr(record, deadline_field),
            }
            if state == "returned":
                rows.append(
                    WorkItem(
                        **common, task="resubmit", label="修改后重新提交", role="enterprise",
                        scope=f"org-admin:{org.pk}",
                    )
                )
            elif org.region_id:
                rows.append(
                    WorkItem(
                        **common, task="review", label="审核认证申请", role="county_officer",
                        scope=f"region:{org.region_id}", oversight_role="city_officer",
                    )
                )
            else:
                rows.append(
                    WorkItem(
                        **common, task="review_city", label="审核认证申请", role="city_officer",
                        scope="",
                    )
                )
    WorkItem.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_workflow_engine"),
        ("directory", "0002_organization_contact_email_organization_introduction_and_more"),
    ]

    operations = [migrations.RunPython(open_items, migrations.RunPython.noop)]
