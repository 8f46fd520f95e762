"""Test base with named personas, one per kind of user the platform serves."""

from django.test import TestCase

from accounts.models import User
from accounts.roles import Role
from accounts.services import roles_sync, user_grant_role
from directory.choices import MembershipRole, MembershipState
from directory.models import Membership, Organization
from reference.models import Region, RegionLevel
from testing.second_factor import VerifiedClient

PASSWORD = "Persona-pass-2026"  # noqa: S105


def given_licence(organization: Organization):
    """A business-licence document row for the organization (no file written: tests that read
    the file upload a real one through `documents.services.document_attach`)."""
    from django.contrib.contenttypes.models import ContentType

    from documents.models import Document

    return Document.objects.create(
        content_type=ContentType.objects.get_for_model(organization),
        object_id=str(organization.pk),
        kind="business_license",
        file=f"documents/test/licence-{organization.pk}.pdf",
        original_name="营业执照.pdf",
        file_type="pdf",
        size=16,
        sha256="0" * 64,
    )


class PersonaTestCase(TestCase):
    """Gives every test: citizen (no role), enterprise_user and other_enterprise_user (of two
    organizations, each its organization's administrator), expert, county_officer (任城区), other_county_officer, sector_officer,
    city_officer and administrator. `self.client.force_login` / `self.login` sign officers and
    administrators in through their second factor (`testing.second_factor.VerifiedClient`)."""

    client_class = VerifiedClient

    organizations_have_licences = True  # False for tests that count every document

    @classmethod
    def setUpTestData(cls):
        roles_sync()
        cls.province = Region.objects.create(code="37", name="山东省", level=RegionLevel.PROVINCE)
        cls.city = Region.objects.create(
            code="3708", name="济宁市", level=RegionLevel.CITY, parent=cls.province
        )
        cls.county = Region.objects.create(
            code="370811", name="任城区", level=RegionLevel.COUNTY, parent=cls.city
        )
        cls.other_county = Region.objects.create(
            code="370883", name="邹城市", level=RegionLevel.COUNTY, parent=cls.city
        )
        cls.organization = Organization.objects.create(
            name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=cls.county
        )
        cls.other_organization = Organization.objects.create(
            name="邹城乙食品有限公司", uscc="91370883MA3D56780E", region=cls.other_county
        )
        # Registered organizations come with their business licence (required to verify them).
        if cls.organizations_have_licences:
            for organization in (cls.organization, cls.other_organization):
                given_licence(organization)
        cls.citizen = cls.make_user("citizen")
        cls.enterprise_user = cls.make_user("enterprise", Role.ENTERPRISE, cls.organization)
        cls.other_enterprise_user = cls.make_user(
            "other_enterprise", Role.ENTERPRISE, cls.other_organization
        )
        cls.expert = cls.make_user("expert", Role.EXPERT)
        cls.county_officer = cls.make_user("county", Role.COUNTY_OFFICER, county=cls.county)
        cls.other_county_officer = cls.make_user(
            "other_county", Role.COUNTY_OFFICER, county=cls.other_county
        )
        cls.sector_officer = cls.make_user("sector", Role.SECTOR_DEPARTMENT)
        cls.city_officer = cls.make_user("city", Role.CITY_OFFICER)
        cls.administrator = cls.make_user("administrator", Role.ADMINISTRATOR)

    @classmethod
    def make_user(cls, username, role=None, organization=None, county=None) -> User:
        user = User.objects.create_user(
            username=username,
            password=PASSWORD,
            display_name=username,
            email=f"{username}@example.invalid",
            county=county,
        )
        if role is not None:
            user_grant_role(user=user, role=role)
        if organization is not None:
            Membership.objects.create(
                user=user,
                organization=organization,
                role=MembershipRole.ADMIN,
                state=MembershipState.ACTIVE,
            )
        return User.objects.get(pk=user.pk)

    def login(self, user: User) -> None:
        self.client.force_login(user)
