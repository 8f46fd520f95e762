"""Dispositions, the guard, publishing (commenters told), and the 汇总处理表 read back."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document as read_docx
from openpyxl import load_workbook

from consultation import services, tables
from consultation.tests.helpers import ConsultationMixin
from core.models import AuditEvent
from notifications.models import Notification
from testing.personas import PersonaTestCase


class DispositionTests(ConsultationMixin, PersonaTestCase):
    def setUp(self):
        self.consultation = self.make_consultation()
        self.a = self.comment(self.consultation, clause="4.2.1", organization="济宁某环卫公司")
        self.b = self.comment(
            self.consultation, user=self.enterprise_user, content='=HYPERLINK("x")'
        )
        self.c = self.comment(self.consultation, clause="1", contact="zhao@example.invalid")

    def dispose_all(self):
        services.comment_dispose(
            comment=self.a, disposition="accepted", reason="", actor=self.city_officer
        )
        services.comment_dispose(
            comment=self.b, disposition="partly", reason="部分已有规定", actor=self.city_officer
        )
        services.comment_dispose(
            comment=self.c, disposition="rejected", reason="超出范围", actor=self.city_officer
        )

    def test_a_reason_is_required_for_partly_and_rejected(self):
        for disposition in ("partly", "rejected"):
            with pytest.raises(ValidationError) as error:
                services.comment_dispose(
                    comment=self.a, disposition=disposition, reason=" ", actor=self.city_officer
                )
            assert "须填写理由" in str(error.value.message_dict["reason"])
        self.a.refresh_from_db()
        assert self.a.disposition == ""

    def test_the_manager_disposes_and_it_is_audited(self):
        services.comment_dispose(
            comment=self.a, disposition="accepted", reason="", actor=self.city_officer
        )
        self.a.refresh_from_db()
        assert (
            self.a.get_disposition_display() == "采纳" and self.a.disposed_by == self.city_officer
        )
        event = AuditEvent.objects.get(action="consultation.dispose")
        assert event.changes["fields"]["disposition"] == ["", "accepted"]

    def test_the_wrong_role_may_not_dispose(self):
        for user in (self.enterprise_user, self.county_officer, self.expert):
            with pytest.raises(PermissionDenied):
                services.comment_dispose(
                    comment=self.a, disposition="accepted", reason="", actor=user
                )
        assert not AuditEvent.objects.filter(action="consultation.dispose").exists()

    def test_the_guard_says_how_many_are_left(self):
        assert services.all_comments_disposed(self.consultation) == "尚有 3 条意见未填写处理意见"
        self.dispose_all()
        assert services.all_comments_disposed(self.consultation) is None

    def test_publishing_needs_the_period_over_and_every_comment_disposed(self):
        self.dispose_all()
        with pytest.raises(ValidationError, match="尚未结束"):
            services.dispositions_publish(consultation=self.consultation, actor=self.city_officer)
        self.close(self.consultation)
        type(self.a).objects.filter(pk=self.a.pk).update(disposition="")  # one left undisposed
        with pytest.raises(ValidationError, match="尚有 1 条"):
            services.dispositions_publish(consultation=self.consultation, actor=self.city_officer)

    def test_publishing_tells_each_commenter_and_shows_dispositions_publicly(self):
        self.dispose_all()
        self.close(self.consultation)
        with self.captureOnCommitCallbacks(execute=True):
            services.dispositions_publish(consultation=self.consultation, actor=self.city_officer)
        note = Notification.objects.get(recipient=self.enterprise_user)
        assert "部分采纳" in note.title
        told = [
            m for m in mail.outbox if "zhao@example.invalid" in m.to and "处理结果" in m.subject
        ]
        assert len(told) == 1 and "不采纳" in told[0].body and "超出范围" in told[0].body
        assert AuditEvent.objects.filter(action="consultation.publish").exists()
        page = self.client.get(self.consultation.get_absolute_url()).content.decode()
        assert "部分已有规定" in page and "超出范围" in page
        with pytest.raises(ValidationError, match="已公布"):
            services.comment_dispose(
                comment=self.a, disposition="rejected", reason="x", actor=self.city_officer
            )

    def test_the_table_lists_every_comment_with_its_disposition_in_xlsx_and_docx(self):
        self.dispose_all()
        rows = tables.table_rows(self.consultation)
        # Whole-draft first, then in the order of the draft's clauses (1 before 4.2.1).
        assert [r[1] for r in rows] == ["全文", "1", "4.2.1"]
        assert [r[4] for r in rows] == ["部分采纳", "不采纳", "采纳"]
        assert rows[2][3] == "济宁某环卫公司" and rows[0][3] == "张三"
        assert rows[0][:3] == ("1", "全文", '=HYPERLINK("x")')

        sheet = load_workbook(io.BytesIO(tables.table_xlsx(self.consultation))).active
        values = [[c.value for c in row] for row in sheet.iter_rows()]
        assert values[1] == list(tables.HEADERS)
        assert [v[:6] for v in values[2:5]] == [list(r) if r[5] else [*r[:5], None] for r in rows]
        assert sheet.cell(row=3, column=3).data_type == "s"  # a formula stays text
        assert "采纳 1 条，部分采纳 1 条，不采纳 1 条" in values[5][0]

        document = read_docx(io.BytesIO(tables.table_docx(self.consultation)))
        table = document.tables[0]
        assert [c.text for c in table.rows[0].cells] == list(tables.HEADERS)
        assert [[c.text for c in row.cells] for row in table.rows[1:]] == [list(r) for r in rows]

    def test_the_table_is_for_managers_until_published(self):
        url = reverse("consultation:comment_table", args=[self.consultation.pk, "xlsx"])
        assert self.client.get(url).status_code == 404
        self.login(self.city_officer)
        assert self.client.get(url).status_code == 200
        docx = reverse("consultation:comment_table", args=[self.consultation.pk, "docx"])
        assert self.client.get(docx)["Content-Type"].endswith("wordprocessingml.document")


class ManagePageTests(ConsultationMixin, PersonaTestCase):
    def setUp(self):
        self.consultation = self.make_consultation()
        self.comment_ = self.comment(self.consultation, content="<script>x()</script>")
        self.url = reverse("consultation:manage", args=[self.consultation.pk])

    def test_the_manager_disposes_from_the_page(self):
        self.login(self.city_officer)
        page = self.client.get(self.url).content.decode()
        assert "&lt;script&gt;" in page and "<script>x()" not in page
        prefix = f"c{self.comment_.pk}"
        response = self.client.post(
            self.url,
            {
                "action": "dispose",
                "comment": self.comment_.pk,
                f"{prefix}-disposition": "rejected",
                f"{prefix}-reason": "",
            },
            follow=True,
        )
        assert "须填写理由" in response.content.decode()
        self.client.post(
            self.url,
            {
                "action": "dispose",
                "comment": self.comment_.pk,
                f"{prefix}-disposition": "rejected",
                f"{prefix}-reason": "不适用",
            },
        )
        self.comment_.refresh_from_db()
        assert self.comment_.disposition == "rejected"

    def test_the_manage_page_links_the_draft_versions(self):
        self.login(self.city_officer)
        page = self.client.get(self.url).content.decode()
        assert reverse("drafts:series", args=[self.consultation.draft.series_id]) in page

    def test_other_roles_are_refused(self):
        self.login(self.enterprise_user)
        assert self.client.get(self.url).status_code == 403
        self.client.logout()
        assert self.client.get(self.url).status_code == 302

    def test_the_public_page_links_managers_to_the_manage_page(self):
        self.login(self.city_officer)
        page = self.client.get(self.consultation.get_absolute_url()).content.decode()
        assert self.url in page
