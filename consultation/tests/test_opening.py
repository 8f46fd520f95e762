"""Opening a consultation: at least 30 days, a DOCX draft of the same record, the managers only."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from consultation import services
from consultation.models import Consultation
from consultation.rules import DISPOSE_RULES
from consultation.tests.helpers import ConsultationMixin
from core.models import AuditEvent
from testing.personas import PersonaTestCase


class OpeningTests(ConsultationMixin, PersonaTestCase):
    def test_the_bureau_opens_a_consultation_and_it_is_audited(self):
        consultation = self.make_consultation()
        assert consultation.is_open() and consultation.days_left() == 31
        event = AuditEvent.objects.get(action="consultation.open")
        assert event.actor == self.city_officer and event.object_id == str(consultation.pk)

    def test_it_refuses_a_29_day_period_with_a_clear_message(self):
        opens = timezone.now()
        with pytest.raises(ValidationError) as error:
            self.make_consultation(opens_at=opens, closes_at=opens + datetime.timedelta(days=29))
        assert "征求意见期不得少于 30 天" in str(error.value.message_dict["closes_at"])
        assert not Consultation.objects.exists()

    def test_a_consultation_may_ask_for_more_days_but_never_fewer(self):
        opens = timezone.now()
        kwargs = {
            "obj": self.organization,
            "title": "草案",
            "draft": self.make_draft(),
            "opens_at": opens,
            "closes_at": opens + datetime.timedelta(days=45),
            "actor": self.city_officer,
        }
        with pytest.raises(ValidationError):
            services.consultation_open(**kwargs, min_days=60)
        assert services.consultation_open(**kwargs, min_days=10).pk  # 10 is raised to 30

    def test_it_refuses_a_draft_of_another_record(self):
        draft = self.make_draft(obj=self.other_organization)
        with pytest.raises(ValidationError) as error:
            self.make_consultation(draft=draft)
        assert "不属于" in str(error.value)

    def test_it_refuses_a_user_without_the_managers_rule(self):
        with pytest.raises(PermissionDenied):
            services.consultation_open(
                obj=self.organization,
                title="草案",
                draft=self.make_draft(),
                opens_at=timezone.now(),
                closes_at=timezone.now() + datetime.timedelta(days=30),
                actor=self.enterprise_user,
            )
        assert not Consultation.objects.exists()

    def test_a_process_rule_decides_who_manages_its_records(self):
        DISPOSE_RULES.register(
            type(self.organization),
            lambda user, consultation: user.organization_id == int(consultation.object_id),
        )
        self.addCleanup(DISPOSE_RULES.unregister, type(self.organization))
        draft = self.make_draft()
        consultation = services.consultation_open(
            obj=self.organization,
            title="草案",
            draft=draft,
            opens_at=timezone.now(),
            closes_at=timezone.now() + datetime.timedelta(days=30),
            actor=self.enterprise_user,
        )
        import consultation as package

        assert package.can_dispose(self.enterprise_user, consultation)
        assert not package.can_dispose(self.city_officer, consultation)
        assert not package.can_dispose(self.other_enterprise_user, consultation)
