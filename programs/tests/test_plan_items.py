"""The reform-plan tracker: the bureau assigns a construction project to a unit, the unit reports
completion with evidence, the bureau confirms or returns it; the public sees counts by field and
state."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import AuditEvent, StatusChange, WorkItem
from core.workflow import TransitionDenied, transition
from documents.services import document_attach
from programs import services
from programs.choices import PlanItemState as R
from programs.models import PlanField
from testing.personas import PersonaTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PlanItemTests(PersonaTestCase):
    def create(self, **fields):
        values = {
            "field": PlanField.objects.get(name="乡村振兴"),
            "title": "建设农业标准化示范基地 10 个",
            "responsible": self.organization,
            "targets": "2026 年底前建成 10 个市级农业标准化示范基地",
            "due_date": dt.date(2026, 12, 31),
            **fields,
        }
        return services.plan_item_create(actor=self.city_officer, **values)

    def evidence(self, item, user):
        upload = SimpleUploadedFile("验收报告.pdf", PDF, content_type="application/pdf")
        return document_attach(obj=item, upload=upload, kind="other", actor=user)

    def test_it_runs_assigned_reported_returned_confirmed(self):
        item = self.create()
        assert item.state == R.IN_PROGRESS
        assert WorkItem.objects.open().for_user(self.enterprise_user).filter(object_id=str(item.pk)).exists()  # fmt: skip
        with pytest.raises(ValidationError, match="请上传"):
            transition(obj=item, action="report", actor=self.enterprise_user, opinion="已建成")
        document = self.evidence(item, self.enterprise_user)
        transition(obj=item, action="report", actor=self.enterprise_user, opinion="已建成 8 个", attachments=[document])  # fmt: skip
        transition(obj=item, action="return", actor=self.city_officer, opinion="数量未达目标")
        item.refresh_from_db()
        assert item.state == R.RETURNED
        transition(obj=item, action="report", actor=self.enterprise_user, opinion="已建成 10 个")
        transition(obj=item, action="confirm", actor=self.city_officer)
        item.refresh_from_db()
        assert item.state == R.CONFIRMED
        assert [c.action for c in StatusChange.objects.about(item).order_by("at", "id")] == [
            "assign", "report", "return", "report", "confirm",
        ]  # fmt: skip
        assert AuditEvent.objects.filter(
            action="plan_item.confirm", object_id=str(item.pk)
        ).exists()

    def test_it_refuses_other_units_and_wrong_roles_with_nothing_changed(self):
        item = self.create()
        self.evidence(item, self.enterprise_user)
        before = (StatusChange.objects.count(), AuditEvent.objects.count())
        for actor, action in (
            (self.other_enterprise_user, "report"),
            (self.county_officer, "confirm"),
            (self.enterprise_user, "confirm"),
        ):
            with pytest.raises(TransitionDenied):
                transition(obj=item, action=action, actor=actor, opinion="x")
        item.refresh_from_db()
        assert item.state == R.IN_PROGRESS
        assert (StatusChange.objects.count(), AuditEvent.objects.count()) == before
        with pytest.raises(PermissionDenied):
            services.plan_item_create(
                actor=self.enterprise_user, field=PlanField.objects.first(), title="x",
                responsible=self.organization, targets="x", due_date=dt.date(2026, 1, 1),
            )  # fmt: skip

    def test_the_public_sees_counts_by_field_and_state(self):
        self.create()
        self.create(field=PlanField.objects.get(name="公共服务"), title="建设公共服务标准体系")
        self.create(
            plan="brand", field=PlanField.objects.get(name="标准化品牌"), title="培育“好品山东”品牌"
        )
        page = self.client.get("/reform/").content.decode()
        assert "共 3 个建设项目，已确认完成 0 个" in page
        assert "乡村振兴" in page and "公共服务" in page
        page = self.client.get("/reform/?plan=brand").content.decode()
        assert "共 1 个建设项目" in page and "标准化品牌建设推进情况" in page
        item = self.create(title="在途项目")
        page = self.client.get(item.get_absolute_url()).content.decode()
        assert "办理记录" not in page  # the panel is for the unit and the bureau
        self.login(self.enterprise_user)
        assert "报送完成情况" in self.client.get(item.get_absolute_url()).content.decode()
