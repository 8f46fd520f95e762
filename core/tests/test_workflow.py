"""The workflow engine, exercised through the organization-verification process."""

import datetime as dt
import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from core.models import AuditEvent, StatusChange
from core.workflow import (
    InvalidTransition,
    TransitionDenied,
    available_actions,
    get_process,
    history,
    time_in_stages,
    transition,
)
from core.workflow.calendar import add_working_days
from core.workflow.selectors import average_time_in_stage
from directory.choices import VerificationState
from directory.models import Organization
from notifications.models import Notification
from reference.models import Region, RegionLevel
from testing.personas import PersonaTestCase, given_licence


class TransitionTests(PersonaTestCase):
    def submit(self):
        with self.captureOnCommitCallbacks(execute=True):
            return transition(obj=self.organization, action="submit", actor=self.enterprise_user)

    def test_it_moves_the_record_and_writes_the_status_change_and_audit(self):
        change = self.submit()
        self.organization.refresh_from_db()
        assert self.organization.verification_state == VerificationState.SUBMITTED
        assert self.organization.verification_deadline == add_working_days(
            self.organization.verification_changed_at.astimezone().date(), 5
        )
        assert (change.from_state, change.to_state, change.actor) == (
            "unsubmitted",
            "submitted",
            self.enterprise_user,
        )
        assert list(history(self.organization)) == [change]
        event = AuditEvent.objects.get(action="organization_verification.submit")
        assert event.changes["fields"]["verification_state"] == ["unsubmitted", "submitted"]
        assert event.changes["extra"]["status_change"] == change.pk

    def test_it_tells_the_officers_of_the_county_and_city_after_commit(self):
        self.submit()
        recipients = set(Notification.objects.values_list("recipient__username", flat=True))
        assert recipients == {"county", "city"}
        assert {m.to[0] for m in mail.outbox} == {"county@example.invalid", "city@example.invalid"}
        assert "机构认证" in mail.outbox[0].subject

    def test_it_refuses_an_action_from_the_wrong_state_and_changes_nothing(self):
        with pytest.raises(InvalidTransition, match="当前状态为“未提交”"):
            transition(obj=self.organization, action="verify", actor=self.county_officer)
        self.organization.refresh_from_db()
        assert self.organization.verification_state == VerificationState.UNSUBMITTED
        assert not StatusChange.objects.exists()
        assert not AuditEvent.objects.filter(
            action__startswith="organization_verification"
        ).exists()

    def test_it_refuses_an_unknown_action(self):
        with pytest.raises(InvalidTransition):
            transition(obj=self.organization, action="publish", actor=self.city_officer)

    def test_it_refuses_the_wrong_role_and_the_other_county(self):
        self.submit()
        for user in (self.enterprise_user, self.expert, self.other_county_officer, self.citizen):
            with pytest.raises(TransitionDenied):
                transition(obj=self.organization, action="verify", actor=user)
        assert StatusChange.objects.count() == 1

    def test_it_refuses_another_organisation_submitting(self):
        with pytest.raises(TransitionDenied):
            transition(obj=self.organization, action="submit", actor=self.other_enterprise_user)

    def test_it_requires_an_opinion_to_return(self):
        self.submit()
        with pytest.raises(ValidationError) as error:
            transition(obj=self.organization, action="return", actor=self.county_officer)
        assert "opinion" in error.value.message_dict
        self.organization.refresh_from_db()
        assert self.organization.verification_state == VerificationState.SUBMITTED

    def test_return_and_resubmit_round_trip_with_history(self):
        self.submit()
        transition(
            obj=self.organization, action="return", actor=self.county_officer, opinion="地址不全"
        )
        assert self.organization.verification_deadline is None
        transition(obj=self.organization, action="resubmit", actor=self.enterprise_user)
        transition(obj=self.organization, action="verify", actor=self.city_officer)
        assert [c.action for c in history(self.organization)] == [
            "submit",
            "return",
            "resubmit",
            "verify",
        ]
        spans = time_in_stages(self.organization)
        assert [s.state.key for s in spans] == ["submitted", "returned", "submitted", "verified"]
        assert spans[-1].left_at is None and spans[0].duration >= dt.timedelta(0)
        assert set(average_time_in_stage("organization_verification")) == {"submitted", "returned"}

    def test_available_actions_follow_state_role_and_scope(self):
        def keys(user):
            return [a.key for a in available_actions(self.organization, user)]

        assert keys(self.enterprise_user) == ["submit"]
        assert keys(self.county_officer) == []
        self.submit()
        assert keys(self.county_officer) == ["verify", "return"]
        assert keys(self.city_officer) == ["verify", "return"]
        assert keys(self.other_county_officer) == []
        assert keys(self.enterprise_user) == []
        assert keys(self.citizen) == []

    def test_status_changes_cannot_be_edited_or_deleted(self):
        change = self.submit()
        with pytest.raises(PermissionError):
            change.save()
        with pytest.raises(PermissionError):
            StatusChange.objects.all().delete()

    def test_every_action_of_every_process_names_known_states(self):
        process = get_process("organization_verification")
        assert process.state("verified").stage == "done"
        assert process.state("returned").stage == "refused"


class CalendarTests(PersonaTestCase):
    def test_working_days_skip_weekends(self):
        friday = dt.date(2026, 11, 27)
        assert add_working_days(friday, 1) == dt.date(2026, 11, 30)
        assert add_working_days(friday, 5) == dt.date(2026, 12, 4)

    @override_settings(WORKFLOW_HOLIDAYS=["2026-11-30"], WORKFLOW_EXTRA_WORKDAYS=["2026-11-28"])
    def test_configured_holidays_and_weekend_workdays_count(self):
        friday = dt.date(2026, 11, 27)
        assert add_working_days(friday, 1) == dt.date(2026, 11, 28)
        assert add_working_days(friday, 2) == dt.date(2026, 12, 1)


@pytest.mark.django_db(transaction=True)
def test_two_officers_acting_at_once_leave_one_transition():
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs row locks between two connections: SQLite serializes whole-database writes, "
            "so select_for_update cannot be exercised there (runs with TEST_DATABASE_URL)"
        )
    from directory.models import Membership  # noqa: F401  (keeps the import graph explicit)

    roles_sync()
    city = Region.objects.create(code="3708", name="济宁市", level=RegionLevel.CITY)
    county = Region.objects.create(
        code="370811", name="任城区", level=RegionLevel.COUNTY, parent=city
    )
    org = Organization.objects.create(
        name="并发测试公司",
        uscc="91370811MA3C12340U",
        region=county,
        verification_state=VerificationState.SUBMITTED,
    )
    given_licence(org)  # verifying requires the business licence
    officers = []
    for name, role, region in (
        ("county_a", Role.COUNTY_OFFICER, county),
        ("city_b", Role.CITY_OFFICER, None),
    ):
        user = User.objects.create_user(username=name, password="x", county=region)
        user_grant_role(user=user, role=role)
        officers.append(User.objects.get(pk=user.pk))

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(officer, action):
        try:
            target = Organization.objects.get(pk=org.pk)  # both read "submitted"
            barrier.wait(timeout=10)
            transition(obj=target, action=action, actor=officer, opinion="材料不全")
            outcomes.append("ok")
        except InvalidTransition:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(officers[0], "verify")),
        threading.Thread(target=act, args=(officers[1], "return")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["ok", "refused"]
    assert StatusChange.objects.filter(object_id=str(org.pk)).count() == 1
    assert AuditEvent.objects.filter(action__startswith="organization_verification.").count() == 1
    org.refresh_from_db()
    assert org.verification_state in {VerificationState.VERIFIED, VerificationState.RETURNED}
