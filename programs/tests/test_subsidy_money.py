"""Policy edits, the allocation plan, payments and the report by year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from core.models import AuditEvent
from programs.choices import AllocationMethod, AwardKind, AwardRole, SubsidyState
from programs.models import SubsidyPayment, SubsidyPolicy
from programs.reports import subsidy_report
from programs.services import (
    allocation_apply,
    allocation_plan,
    application_score,
    application_submit,
    payment_record,
    policy_save,
)
from programs.tests.helpers import make_drafted, make_policy, set_state, verify
from testing.personas import PersonaTestCase

FIELDS = {
    "year": 2027,
    "title": "2027年度标准化资助奖励",
    "budget": Decimal("1000000.00"),
    "enterprise_cap": Decimal("300000.00"),
    "window_start": dt.date(2026, 1, 1),
    "window_end": dt.date(2026, 12, 31),
    "lead_definition": "first",
    "allocation_method": "pro_rata",
    "publicity_days": 5,
}


class PolicyTests(PersonaTestCase):
    def test_it_saves_the_policy_and_rates_with_an_audit_event(self):
        rates = {(AwardKind.NATIONAL, AwardRole.LEAD): Decimal("500000.00")}
        policy = policy_save(policy=None, fields=FIELDS, rates=rates, actor=self.city_officer)
        assert policy.rate_table() == rates
        policy = policy_save(
            policy=policy,
            fields={"budget": Decimal("900000.00")},
            rates={(AwardKind.GROUP, AwardRole.LEAD): Decimal("50000.00")},
            actor=self.city_officer,
        )
        assert policy.rate_table() == {(AwardKind.GROUP, AwardRole.LEAD): Decimal("50000.00")}
        event = AuditEvent.objects.filter(action="subsidy_policy.update").get()
        assert event.changes["fields"]["budget"] == ["1000000.00", "900000.00"]
        assert "rates" in event.changes["fields"]

    def test_it_refuses_an_enterprise_and_a_county_officer(self):
        for actor in (self.enterprise_user, self.county_officer, None):
            with pytest.raises(PermissionDenied):
                policy_save(policy=None, fields=FIELDS, rates={}, actor=actor)
        assert not SubsidyPolicy.objects.exists()

    def test_it_refuses_a_window_ending_before_it_starts_and_changes_nothing(self):
        bad = {**FIELDS, "window_end": dt.date(2025, 1, 1)}
        with pytest.raises(ValidationError):
            policy_save(policy=None, fields=bad, rates={}, actor=self.city_officer)
        with pytest.raises(ValidationError):
            policy_save(
                policy=None,
                fields=FIELDS,
                rates={(AwardKind.GROUP, AwardRole.LEAD): Decimal("-1")},
                actor=self.city_officer,
            )
        assert not SubsidyPolicy.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="subsidy_policy").exists()


class AllocationAndPaymentTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(budget="600000.00")
        make_drafted("GB/T 41001-2024", [cls.organization])
        make_drafted("GB/T 41002-2024", [cls.other_organization])

    def submit(self, org, user, code):
        return application_submit(policy=self.policy, organization=org, codes=[code], actor=user)

    def two_reviewed(self):
        a = set_state(
            self.submit(self.organization, self.enterprise_user, "GB/T 41001-2024"), "reviewed"
        )
        b = set_state(
            self.submit(self.other_organization, self.other_enterprise_user, "GB/T 41002-2024"),
            "reviewed",
        )
        return a, b

    def test_pro_rata_fills_the_budget_exactly(self):
        a, b = self.two_reviewed()
        allocation_apply(policy=self.policy, actor=self.city_officer)
        a.refresh_from_db(), b.refresh_from_db()
        assert a.allocated == Decimal("300000.00") and b.allocated == Decimal("300000.00")
        event = AuditEvent.objects.get(action="subsidy_policy.allocate")
        assert event.changes["extra"]["allocations"][str(a.pk)] == "300000.00"

    def test_ranked_funds_the_higher_score_first(self):
        SubsidyPolicy.objects.filter(pk=self.policy.pk).update(
            allocation_method=AllocationMethod.RANKED
        )
        self.policy.refresh_from_db()
        a, b = self.two_reviewed()
        application_score(application=a, score=Decimal("70"), actor=self.city_officer)
        application_score(application=b, score=Decimal("90"), actor=self.city_officer)
        plan = dict((app.pk, share) for app, share in allocation_plan(self.policy))
        assert plan == {b.pk: Decimal("500000.00"), a.pk: Decimal("100000.00")}

    def test_allocation_is_refused_to_others_and_without_reviewed_applications(self):
        with pytest.raises(PermissionDenied):
            allocation_apply(policy=self.policy, actor=self.county_officer)
        with pytest.raises(ValidationError):
            allocation_apply(policy=self.policy, actor=self.city_officer)

    def test_a_payment_is_recorded_within_the_granted_amount(self):
        a, _ = self.two_reviewed()
        with pytest.raises(ValidationError):  # not approved yet
            payment_record(
                application=a,
                paid_on=dt.date(2025, 9, 1),
                amount=Decimal("1"),
                reference="X",
                actor=self.city_officer,
            )
        set_state(a, SubsidyState.APPROVED)
        payment = payment_record(
            application=a,
            paid_on=dt.date(2025, 9, 1),
            amount=Decimal("200000.00"),
            reference="济财指〔2025〕12号",
            actor=self.city_officer,
        )
        assert AuditEvent.objects.filter(
            action="subsidy_payment.record", object_id=str(payment.pk)
        ).exists()
        with pytest.raises(ValidationError):  # beyond the granted 500,000
            payment_record(
                application=a,
                paid_on=dt.date(2025, 9, 2),
                amount=Decimal("300000.01"),
                reference="Y",
                actor=self.city_officer,
            )
        with pytest.raises(PermissionDenied):
            payment_record(
                application=a,
                paid_on=dt.date(2025, 9, 2),
                amount=Decimal("1.00"),
                reference="Y",
                actor=self.enterprise_user,
            )
        assert SubsidyPayment.objects.count() == 1


class ReportPropertyTests(PersonaTestCase, HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy(cap=None)
        make_drafted("GB/T 41001-2024", [cls.organization])
        make_drafted("T/JNBZ 002-2024", [cls.organization])
        make_drafted("GB/T 41002-2024", ["x", cls.other_organization])
        a = application_submit(
            policy=cls.policy,
            organization=cls.organization,
            codes=["GB/T 41001-2024", "T/JNBZ 002-2024"],
            actor=cls.enterprise_user,
        )
        b = application_submit(
            policy=cls.policy,
            organization=cls.other_organization,
            codes=["GB/T 41002-2024"],
            actor=cls.other_enterprise_user,
        )
        cls.apps = [set_state(a, "paid"), set_state(b, "paid")]

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        st.lists(
            st.tuples(st.integers(0, 1), st.decimals("0.01", "99999.99", places=2)),
            max_size=8,
        )
    )
    def test_each_list_sums_to_the_total_of_the_payments(self, payments):
        SubsidyPayment.objects.all()._raw_delete(SubsidyPayment.objects.db)
        for index, amount in payments:
            SubsidyPayment.objects.create(
                application=self.apps[index], paid_on=dt.date(2025, 9, 1), amount=amount,
                reference="R",
            )  # fmt: skip
        report = subsidy_report(2025)
        total = sum((amount for _, amount in payments), Decimal("0.00"))
        assert report["total"] == total
        for key in ("by_enterprise", "by_kind", "by_county"):
            assert sum((r["amount"] for r in report[key]), Decimal("0.00")) == total
            assert all(isinstance(r["amount"], Decimal) for r in report[key])
        assert subsidy_report(2024)["total"] == 0
