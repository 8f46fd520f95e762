"""Eligibility against the catalog, explained step by step, and the application that stores it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from programs.assessment import subsidy_assess
from programs.choices import AwardKind, AwardRole, LeadDefinition, SubsidyState
from programs.models import StandardUpgrade, SubsidyApplication
from programs.services import application_submit
from programs.tests.helpers import make_drafted, make_policy, set_state, verify
from testing.personas import PersonaTestCase


class AssessmentTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        cls.policy = make_policy()
        cls.lead = make_drafted("GB/T 41001-2024", [cls.organization, "山东某研究院"])
        cls.second = make_drafted("GB/T 41002-2024", ["山东某研究院", "济宁甲机械有限公司"])
        cls.foreign = make_drafted("GB/T 41003-2024", [cls.other_organization])
        cls.old = make_drafted("GB/T 41004-2022", [cls.organization], dt.date(2022, 3, 1))

    def assess(self, *codes, org=None, policy=None):
        return subsidy_assess(
            organization=org or self.organization, policy=policy or self.policy, codes=codes
        )

    def test_it_funds_a_lead_matched_by_credit_code_and_says_so(self):
        item = self.assess("GB/T 41001—2024").items[0]
        assert item.eligible and item.role == AwardRole.LEAD and item.position == 1
        assert item.amount == Decimal("500000.00") and item.kind == AwardKind.NATIONAL
        text = "".join(item.reasons)
        assert "按统一社会信用代码 91370811MA3C12340U 匹配到第 1 起草单位" in text
        assert "认定为主导" in text and "¥500,000.00" in text

    def test_it_matches_by_name_when_the_unit_has_no_credit_code(self):
        item = self.assess("GB/T 41002-2024").items[0]
        assert item.matched_by == "name" and item.position == 2
        assert item.role == AwardRole.PARTICIPATE and item.amount == Decimal("100000.00")
        assert "按单位名称匹配到第 2 起草单位" in "".join(item.reasons)

    def test_first_two_named_lead_definition_makes_the_second_a_lead(self):
        policy = make_policy(year=2026, lead_definition=LeadDefinition.FIRST_TWO)
        policy.window_start = dt.date(2024, 1, 1)
        policy.save()
        item = self.assess("GB/T 41002-2024", policy=policy).items[0]
        assert item.role == AwardRole.LEAD

    def test_it_refuses_a_standard_the_enterprise_did_not_draft(self):
        item = self.assess("GB/T 41003-2024").items[0]
        assert not item.eligible and item.amount == 0
        assert "不在该标准的 1 家起草单位之中" in item.reasons[-1]

    def test_it_refuses_outside_the_window_unknown_and_unreadable_codes(self):
        old, unknown, bad = self.assess("GB/T 41004-2022", "GB/T 99999-2024", "ISO 9001").items
        assert "不在政策规定的2024年1月1日至2024年12月31日之间" in old.reasons[-1]
        assert "标准目录中没有" in unknown.reasons[-1]
        assert "无法识别标准号" in bad.reasons[-1]
        assert not (old.eligible or unknown.eligible or bad.eligible)

    def test_a_code_without_year_takes_the_newest_edition_and_says_so(self):
        make_drafted("GB/T 41001-2019", [self.organization], dt.date(2019, 5, 1))
        item = self.assess("GB/T 41001").items[0]
        assert item.code == "GB/T 41001-2024" and item.eligible
        assert "未注明年号，按目录中最新版本 GB/T 41001-2024 核算" in "".join(item.reasons)

    def test_it_funds_one_part_of_a_series(self):
        make_drafted("GB/T 42000.1-2024", [self.organization])
        make_drafted("GB/T 42000.2-2024", [self.organization])
        first, second = self.assess("GB/T 42000.1-2024", "GB/T 42000.2-2024").items
        assert first.eligible and not second.eligible
        assert "一个系列只资助一次" in second.reasons[-1]

    def test_it_caps_the_enterprise_and_explains(self):
        make_drafted("GB/T 41005-2024", [self.organization])
        result = self.assess("GB/T 41001-2024", "GB/T 41005-2024")
        assert result.total == Decimal("800000.00")
        assert result.items[1].amount == Decimal("300000.00")
        assert "受年度上限限制" in result.items[1].reasons[-1]

    def test_it_counts_what_was_already_granted_this_year_toward_the_cap(self):
        make_drafted("GB/T 41005-2024", [self.organization])
        first = application_submit(
            policy=self.policy,
            organization=self.organization,
            codes=["GB/T 41001-2024"],
            actor=self.enterprise_user,
        )
        set_state(first, SubsidyState.APPROVED)
        item = self.assess("GB/T 41005-2024").items[0]
        assert item.amount == Decimal("300000.00")
        assert "本年度已核定 ¥500,000.00" in item.reasons[-1]

    def test_it_never_funds_the_same_standard_in_a_later_year(self):
        first = application_submit(
            policy=self.policy,
            organization=self.organization,
            codes=["GB/T 41001-2024"],
            actor=self.enterprise_user,
        )
        set_state(first, SubsidyState.PAID)
        later = make_policy(year=2026)
        later.window_start = dt.date(2024, 1, 1)
        later.save()
        item = self.assess("GB/T 41001-2024", policy=later).items[0]
        assert not item.eligible
        assert "已于 2025 年度获该标准资助" in item.reasons[-1]

    def test_an_upgraded_standard_takes_the_higher_amount(self):
        group = make_drafted("T/JNBZ 001-2022", [self.organization], dt.date(2022, 1, 1))
        StandardUpgrade.objects.create(
            from_standard=group, to_standard=self.lead, to_code=self.lead.code,
            level="national", year=2024, organization=self.organization,
        )  # fmt: skip
        item = self.assess("GB/T 41001-2024").items[0]
        assert item.kind == AwardKind.UPGRADED and item.amount == Decimal("600000.00")
        assert "取金额较高的“升级标准”" in "".join(item.reasons)


class ApplicationSubmitTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        cls.policy = make_policy()
        make_drafted("GB/T 41001-2024", [cls.organization])

    def test_it_stores_items_total_and_an_audit_event(self):
        application = application_submit(
            policy=self.policy,
            organization=self.organization,
            codes=["GB/T 41001-2024", "GB/T 1-2024"],
            actor=self.enterprise_user,
        )
        assert application.state == SubsidyState.SUBMITTED
        assert application.total == Decimal("500000.00")
        assert [i.eligible for i in application.items.all()] == [True, False]
        event = AuditEvent.objects.get(action="subsidy_application.create")
        assert event.object_id == str(application.pk)
        assert event.changes["extra"]["codes"] == ["GB/T 41001-2024", "GB/T 1-2024"]
        # The submission itself is the process's first step: a status change and its audit row.
        assert AuditEvent.objects.filter(
            action="subsidy_application.submit", object_id=str(application.pk)
        ).exists()

    def test_it_refuses_another_organizations_user(self):
        with pytest.raises(PermissionDenied):
            application_submit(
                policy=self.policy,
                organization=self.organization,
                codes=["GB/T 41001-2024"],
                actor=self.other_enterprise_user,
            )
        assert not SubsidyApplication.objects.exists()

    def test_it_refuses_an_empty_list_and_changes_nothing(self):
        with pytest.raises(ValidationError):
            application_submit(
                policy=self.policy,
                organization=self.organization,
                codes=["  "],
                actor=self.enterprise_user,
            )
        assert not SubsidyApplication.objects.exists()
        assert not AuditEvent.objects.filter(action__startswith="subsidy").exists()

    def test_it_refuses_an_unverified_organization(self):
        from directory.models import Organization

        Organization.objects.filter(pk=self.organization.pk).update(verification_state="submitted")
        with pytest.raises(ValidationError):
            application_submit(
                policy=self.policy,
                organization=self.organization,
                codes=["GB/T 41001-2024"],
                actor=self.enterprise_user,
            )


class DesignatedLeadTests(PersonaTestCase):
    def test_the_designated_lead_definition_follows_the_catalog_mark(self):
        from catalog.models import StandardDraftingOrganization

        verify(self.organization)
        policy = make_policy(lead_definition=LeadDefinition.DESIGNATED)
        standard = make_drafted("GB/T 41009-2024", ["山东某研究院", self.organization])
        StandardDraftingOrganization.objects.filter(standard=standard, position=2).update(
            role="lead"
        )
        item = subsidy_assess(
            organization=self.organization, policy=policy, codes=["GB/T 41009-2024"]
        ).items[0]
        assert item.role == AwardRole.LEAD and item.position == 2
        assert "目录中标注为负责起草单位" in "".join(item.reasons)
