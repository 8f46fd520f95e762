"""The enterprise's part of the workspace reads its records by organization (no visibility join):
it must list the organization's own applications, pilots and payments, never another's."""

import datetime as dt
from decimal import Decimal

from directory.choices import MembershipRole, MembershipState
from directory.models import Membership
from programs.models import PilotProject
from programs.selectors import workspace_for
from programs.services import application_submit, payment_record
from programs.tests.helpers import make_drafted, make_policy, set_state, verify
from testing.personas import PersonaTestCase


class EnterpriseWorkspaceScopeTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization, cls.other_organization)
        policy = make_policy(cap=None)
        cls.own, cls.foreign = [
            cls.funded(policy, organization, admin, code, reference)
            for organization, admin, code, reference in (
                (cls.organization, cls.enterprise_user, "GB/T 41001-2024", "OWN-1"),
                (cls.other_organization, cls.other_enterprise_user, "GB/T 41002-2024", "FOREIGN-1"),
            )
        ]
        cls.own_pilot = cls.pilot("本单位试点", cls.organization)
        cls.foreign_pilot = cls.pilot("他单位试点", cls.other_organization)

    @classmethod
    def pilot(cls, title, organization):
        return PilotProject.objects.create(
            title=title, level="municipal", domain="industry", organization=organization,
            county=cls.county, objectives="目标", period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2026, 1, 1), state="building",
        )  # fmt: skip

    @classmethod
    def funded(cls, policy, organization, admin, code, reference):
        make_drafted(code, [organization])
        application = application_submit(
            policy=policy, organization=organization, codes=[code], actor=admin
        )
        set_state(application, "approved")
        payment_record(
            application=application, paid_on=dt.date(2025, 9, 1), amount=Decimal("1000.00"),
            reference=reference, actor=cls.city_officer,
        )  # fmt: skip
        return application

    def listed(self, user) -> dict[str, set]:
        data = workspace_for(user)["enterprise"]
        return {
            "applications": {a.pk for a, _waits in data["applications"]},
            "pilots": {p.pk for p, _waits in data["pilots"]},
            "payments": {p.reference for p in data["payments"]},
        }

    def test_an_enterprise_sees_its_own_records_and_never_another_organizations(self):
        assert self.listed(self.enterprise_user) == {
            "applications": {self.own.pk},
            "pilots": {self.own_pilot.pk},
            "payments": {"OWN-1"},
        }
        assert self.listed(self.other_enterprise_user) == {
            "applications": {self.foreign.pk},
            "pilots": {self.foreign_pilot.pk},
            "payments": {"FOREIGN-1"},
        }

    def test_a_member_of_two_organizations_sees_the_one_they_act_for(self):
        # An ordinary membership of the other organization: the one they administer comes first.
        Membership.objects.create(
            user=self.enterprise_user, organization=self.other_organization,
            role=MembershipRole.MEMBER, state=MembershipState.ACTIVE,
        )  # fmt: skip
        assert self.listed(self.enterprise_user)["payments"] == {"OWN-1"}

    def test_the_page_shows_the_own_payment_not_the_other(self):
        self.login(self.enterprise_user)
        body = self.client.get("/workspace/").content.decode()
        assert "OWN-1" in body and "FOREIGN-1" not in body
        assert "本单位试点" in body and "他单位试点" not in body
