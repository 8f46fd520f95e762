"""Organization verification with evidence: the business licence (营业执照) uploaded at
registration, required to verify, shown to the officer, private to everyone else."""

import re

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from core.models import StatusChange
from core.workflow import transition
from directory.choices import VerificationState
from directory.models import Organization
from documents.models import Document
from reference.models import IndustryClass
from testing.personas import PersonaTestCase

USCC = "91370811MA3C123510"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


class LicenceTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        IndustryClass.objects.create(code="3411", name="锅炉及辅助设备制造", level=4)

    def register(self, licence=None, **overrides):
        data = {
            "org_name": "济宁新注册机械有限公司", "uscc": USCC, "kind": "enterprise",
            "region": self.county.pk, "industry": "3411", "address": "任城区某路 1 号",
            "contact_person": "王经理", "contact_phone": "0537-1234567", "username": "newcorp",
            "display_name": "王经理", "email": "newcorp@example.invalid",
            "password1": "Strong-pass-2026", "password2": "Strong-pass-2026", **overrides,
        }  # fmt: skip
        if licence is not None:
            data["licence"] = licence
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(reverse("directory:register_enterprise"), data)

    def registered(self) -> tuple[Organization, Document]:
        self.register(SimpleUploadedFile("营业执照.pdf", PDF))
        organization = Organization.objects.get(uscc=USCC)
        link = re.search(r"/accounts/confirm/\S+/", mail.outbox[0].body).group(0)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(link)
        organization.refresh_from_db()
        return organization, Document.objects.get(object_id=str(organization.pk))

    def test_registration_keeps_the_licence_as_a_private_document_of_the_organization(self):
        organization, document = self.registered()
        assert document.kind == "business_license" and document.file_type == "pdf"
        assert document.uploaded_by == User.objects.get(username="newcorp")
        assert organization.verification_state == VerificationState.SUBMITTED

    def test_registration_without_a_licence_or_with_a_disguised_file_stores_nothing(self):
        for licence, message in (
            (None, "该字段是必填项"),
            (SimpleUploadedFile("营业执照.pdf", b"MZ\x90\x00 not a pdf"), "不是有效的 PDF"),
            (SimpleUploadedFile("营业执照.docx", b"PK\x03\x04"), "内容不是有效的 DOCX"),
        ):
            response = self.register(licence)
            assert response.status_code == 200 and message in response.content.decode(), message
        assert not Organization.objects.filter(uscc=USCC).exists()
        assert not User.objects.filter(username="newcorp").exists() and not mail.outbox

    def test_an_image_of_the_licence_is_accepted(self):
        response = self.register(SimpleUploadedFile("licence.png", PNG))
        assert response.status_code == 302
        assert Document.objects.filter(kind="business_license", file_type="png").exists()

    def test_the_county_officer_sees_and_downloads_the_licence_then_verifies(self):
        organization, document = self.registered()
        self.login(self.county_officer)
        page = self.client.get(organization.get_absolute_url()).content.decode()
        download = reverse("documents:download", args=[document.pk])
        assert "营业执照.pdf" in page and download in page and "审核通过" in page
        response = self.client.get(download)
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        transition(obj=organization, action="verify", actor=self.county_officer)
        assert StatusChange.objects.filter(object_id=str(organization.pk), action="verify")

    def test_an_organization_without_a_licence_cannot_be_verified(self):
        bare = Organization.objects.create(
            name="无执照公司", region=self.county, verification_state=VerificationState.SUBMITTED
        )
        self.login(self.county_officer)
        response = self.client.post(
            reverse("directory:organization_transition", args=[bare.pk]),
            {"action": "verify"},
            follow=True,
        )
        assert "营业执照" in response.content.decode()
        bare.refresh_from_db()
        assert bare.verification_state == VerificationState.SUBMITTED

    def test_the_licence_stays_private_even_once_the_profile_is_public(self):
        organization, document = self.registered()
        transition(obj=organization, action="verify", actor=self.county_officer)
        download = reverse("documents:download", args=[document.pk])
        self.client.logout()
        profile = self.client.get(organization.get_absolute_url())
        assert profile.status_code == 200  # verified: the profile is public
        assert (
            "营业执照" not in profile.content.decode() and download not in profile.content.decode()
        )
        response = self.client.get(download)
        assert response.status_code in (302, 404)  # anonymous: to the login page, or not found
        for outsider in (self.other_enterprise_user, self.other_county_officer, self.citizen):
            self.login(outsider)
            assert self.client.get(download).status_code == 404, outsider
            page = self.client.get(organization.get_absolute_url()).content.decode()
            assert download not in page, outsider


class RegistrationAddressTests(PersonaTestCase):
    def test_the_address_users_know_leads_to_organization_registration(self):
        response = self.client.get("/accounts/register/enterprise/")
        self.assertRedirects(response, "/organizations/register/", status_code=301)
        page = self.client.get("/organizations/register/").content.decode()
        assert 'enctype="multipart/form-data"' in page and "营业执照" in page
