"""A user's organization comes from their active memberships, the one source of truth."""

from directory.choices import MembershipRole, MembershipState
from directory.models import Membership
from directory.selectors import organization_of
from testing.personas import PersonaTestCase


class OrganizationOfTests(PersonaTestCase):
    def test_it_is_the_organization_of_the_active_membership(self):
        assert organization_of(self.enterprise_user) == self.organization
        assert organization_of(self.citizen) is None

    def test_the_users_organization_property_is_the_same_derived_answer(self):
        enterprise = type(self.enterprise_user).objects.get(pk=self.enterprise_user.pk)
        assert enterprise.organization == self.organization
        assert enterprise.organization_id == self.organization.pk
        assert self.citizen.organization is None and self.citizen.organization_id is None

    def test_a_pending_or_rejected_request_is_no_organization(self):
        for state in (MembershipState.PENDING, MembershipState.REJECTED):
            Membership.objects.update_or_create(
                user=self.citizen, organization=self.organization, defaults={"state": state}
            )
            citizen = type(self.citizen).objects.get(pk=self.citizen.pk)
            assert organization_of(citizen) is None, state

    def test_it_prefers_the_organization_the_user_administers(self):
        Membership.objects.create(
            user=self.expert,
            organization=self.organization,
            role=MembershipRole.MEMBER,
            state=MembershipState.ACTIVE,
        )
        Membership.objects.create(
            user=self.expert,
            organization=self.other_organization,
            role=MembershipRole.ADMIN,
            state=MembershipState.ACTIVE,
        )
        assert organization_of(self.expert) == self.other_organization

    def test_the_profile_and_the_workspace_agree_for_a_plain_member(self):
        Membership.objects.create(
            user=self.expert,
            organization=self.organization,
            role=MembershipRole.MEMBER,
            state=MembershipState.ACTIVE,
        )
        self.login(self.expert)
        for url in ("/workspace/", "/accounts/profile/"):
            page = self.client.get(url).content.decode()
            assert self.organization.name in page, url
            assert "尚未加入任何机构" not in page, url

    def test_the_organization_page_still_lists_its_standards(self):
        from catalog.choices import DraftingRole
        from catalog.models import StandardDraftingOrganization
        from catalog.tests.factories import make_standard

        standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        StandardDraftingOrganization.objects.create(
            standard=standard,
            position=1,
            name=self.organization.name,
            role=DraftingRole.LEAD,
            organization=self.organization,
        )
        self.login(self.enterprise_user)
        page = self.client.get(self.organization.get_absolute_url()).content.decode()
        assert "主导制定的标准（1）" in page and "GB/T 19001-2016" in page


class MembershipAdminTests(PersonaTestCase):
    def test_the_administrator_sees_who_belongs_to_an_organization(self):
        self.client.force_login(self.administrator)
        url = f"/admin/directory/organization/{self.organization.pk}/change/"
        page = self.client.get(url).content.decode()
        assert "机构成员" in page and "enterprise" in page
