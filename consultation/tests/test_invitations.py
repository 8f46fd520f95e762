"""Invited units: invitation mail with a signed link, answer by comment or 无意见, daily reminders."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from consultation import services
from consultation.models import Comment, InvitedUnit
from consultation.tests.helpers import ConsultationMixin
from consultation.tokens import make_invitation_token
from core.models import AuditEvent
from testing.personas import PersonaTestCase


class InvitationTests(ConsultationMixin, PersonaTestCase):
    def setUp(self):
        self.consultation = self.make_consultation()
        with self.captureOnCommitCallbacks(execute=True):
            self.unit = services.invited_add(
                consultation=self.consultation,
                name="济宁市环境卫生协会",
                email="Xiehui@Example.invalid",
                actor=self.city_officer,
            )
            self.other = services.invited_add(
                consultation=self.consultation,
                name="任城区环卫所",
                email="hw@example.invalid",
                organization=self.organization,
                actor=self.city_officer,
            )
        self.link = reverse("consultation:invitation", args=[make_invitation_token(self.unit)])

    def test_the_invitation_mail_carries_the_signed_link(self):
        invitation = next(m for m in mail.outbox if "xiehui@example.invalid" in m.to)
        assert self.link in invitation.body
        assert AuditEvent.objects.filter(action="consultation.invite").count() == 2

    def test_only_managers_invite_and_an_email_is_invited_once(self):
        with pytest.raises(PermissionDenied):
            services.invited_add(
                consultation=self.consultation,
                name="x",
                email="x@example.invalid",
                actor=self.expert,
            )
        with pytest.raises(ValidationError, match="已被邀请"):
            services.invited_add(
                consultation=self.consultation,
                name="x",
                email="xiehui@example.invalid",
                actor=self.city_officer,
            )

    def test_a_unit_answers_no_opinion_through_its_link(self):
        self.client.post(self.link, {"answer": "no_opinion"})
        self.unit.refresh_from_db()
        assert self.unit.get_answer_display() == "无意见" and not Comment.objects.exists()
        assert AuditEvent.objects.filter(action="consultation.no_opinion").exists()

    def test_a_comment_through_the_link_counts_as_the_units_answer(self):
        self.client.post(
            self.link,
            {"content": "同意", "name": "李四", "contact": "0537-1234567", "clause": "4"},
        )
        comment = Comment.objects.get()
        self.unit.refresh_from_db()
        assert comment.invited_unit == self.unit and self.unit.answer == "commented"

    def test_a_member_of_an_invited_organization_answers_for_it(self):
        self.comment(self.consultation, user=self.enterprise_user)
        self.other.refresh_from_db()
        assert self.other.answer == "commented"

    def test_the_manager_invites_a_registered_organization_from_the_page(self):
        self.login(self.city_officer)
        url = reverse("consultation:manage", args=[self.consultation.pk])
        response = self.client.post(
            url,
            {
                "action": "invite",
                "email": "yi@example.invalid",
                "uscc": self.other_organization.uscc,
            },
            follow=True,
        )
        assert f"已邀请 {self.other_organization.name}" in response.content.decode()
        assert InvitedUnit.objects.get(email="yi@example.invalid").organization == (
            self.other_organization
        )
        response = self.client.post(
            url, {"action": "invite", "email": "z@example.invalid", "uscc": "X"}
        )
        assert "没有该统一社会信用代码的机构" in response.content.decode()
        assert not InvitedUnit.objects.filter(email="z@example.invalid").exists()

    def test_a_forged_link_is_a_404(self):
        assert self.client.get(self.link[:-3] + "xyz/").status_code == 404

    def test_reminders_go_to_units_that_have_not_answered_once_a_day(self):
        services.invited_no_opinion(invited=self.unit)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_consultation_reminders", stdout=StringIO())
            call_command("send_consultation_reminders", stdout=StringIO())
        assert [m.to for m in mail.outbox] == [["hw@example.invalid"]]
        assert "剩余" in mail.outbox[0].subject
        tomorrow = datetime.date.today() + datetime.timedelta(days=1)
        assert services.reminders_send(today=tomorrow) == 1
        assert InvitedUnit.objects.get(pk=self.other.pk).last_reminded_on == tomorrow

    def test_no_reminders_after_the_period(self):
        self.close(self.consultation)
        assert services.reminders_send() == 0
