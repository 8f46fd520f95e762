"""Uploads: type by content, size limit, checksum, private storage, permission-checked download."""

import hashlib
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.models import AuditEvent
from documents.models import Document
from testing.personas import PersonaTestCase

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def docx_bytes(members=("[Content_Types].xml", "word/document.xml")) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in members:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


class UploadTests(PersonaTestCase):
    organizations_have_licences = False  # every document here is one the test uploads

    def upload(self, name, data, kind="business_license"):
        url = reverse("directory:organization_document_upload", args=[self.organization.pk])
        return self.client.post(
            url, {"kind": kind, "file": SimpleUploadedFile(name, data)}, follow=True
        )

    def stored_files(self):
        from django.conf import settings

        root = settings.MEDIA_ROOT
        return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []

    def assert_download_statuses(self, url):
        """The members and the officers covering the organization, nobody else."""
        for user, status in (
            (self.enterprise_user, 200),
            (self.county_officer, 200),
            (self.city_officer, 200),
            (self.other_enterprise_user, 404),
            (self.other_county_officer, 404),
            (self.citizen, 404),
        ):
            self.login(user)
            assert self.client.get(url).status_code == status, user

    def test_a_member_uploads_a_pdf_with_checksum_under_a_random_name(self):
        self.login(self.enterprise_user)
        response = self.upload("营业执照.pdf", PDF)
        assert "附件已上传" in response.content.decode()
        document = Document.objects.get()
        assert document.sha256 == hashlib.sha256(PDF).hexdigest()
        assert document.file_type == "pdf" and document.size == len(PDF)
        assert "营业执照" not in document.file.name and document.file.name.endswith(".pdf")
        assert AuditEvent.objects.filter(action="document.attach").exists()

    def test_it_accepts_docx_by_its_zip_members(self):
        self.login(self.enterprise_user)
        self.upload("说明.docx", docx_bytes())
        assert Document.objects.get().file_type == "docx"

    def test_it_refuses_a_disguised_file_and_stores_nothing(self):
        self.login(self.enterprise_user)
        response = self.upload("营业执照.pdf", EXE)
        assert "不是有效的 PDF 文件" in response.content.decode()
        response = self.upload("说明.docx", docx_bytes(("[Content_Types].xml", "evil.txt")))
        assert "不是有效的 DOCX 文件" in response.content.decode()
        response = self.upload("程序.exe", EXE)
        assert "不支持的文件类型" in response.content.decode()
        assert not Document.objects.exists() and not self.stored_files()

    @override_settings(DOCUMENT_MAX_BYTES=1024)
    def test_it_refuses_an_oversized_file_and_stores_nothing(self):
        self.login(self.enterprise_user)
        response = self.upload("大文件.pdf", PDF + b"0" * 2048)
        assert "超过" in response.content.decode() and "上限" in response.content.decode()
        assert not Document.objects.exists() and not self.stored_files()

    def test_only_members_may_upload(self):
        for user in (self.other_enterprise_user, self.citizen):
            self.login(user)
            assert self.upload("a.pdf", PDF).status_code == 404
        self.login(self.county_officer)
        assert self.upload("a.pdf", PDF).status_code == 403
        assert not Document.objects.exists()

    def test_download_follows_the_parent_records_scope(self):
        self.login(self.enterprise_user)
        self.upload("营业执照.pdf", PDF)
        url = reverse("documents:download", args=[Document.objects.get().pk])
        response = self.client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        self.assert_download_statuses(url)
        self.client.logout()
        assert self.client.get(url).status_code == 302
        self.login(self.enterprise_user)
        assert self.client.get(reverse("documents:download", args=[9999])).status_code == 404

    def test_a_verified_organizations_documents_stay_private(self):
        """Verification makes the organization's profile public, never its 营业执照."""
        from core.workflow import transition

        self.login(self.enterprise_user)
        self.upload("营业执照.pdf", PDF)
        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        transition(obj=self.organization, action="verify", actor=self.county_officer)
        self.assert_download_statuses(
            reverse("documents:download", args=[Document.objects.get().pk])
        )


def zip_bomb(members=1, size=2 * 1024 * 1024) -> bytes:
    """A DOCX-shaped archive that inflates far beyond its size (zeros compress ~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("word/document.xml", b"\0" * size)
        for n in range(members):
            archive.writestr(f"word/media/{n}.bin", b"")
    return buffer.getvalue()


@override_settings(ARCHIVE_MAX_UNCOMPRESSED_BYTES=1024 * 1024, ARCHIVE_MAX_MEMBERS=50)
def test_it_refuses_an_archive_that_inflates_too_far_or_holds_too_many_members():
    from django.core.exceptions import ValidationError

    from documents.services import check_upload

    assert check_upload(name="a.docx", data=zip_bomb(size=1000)) == "docx"
    for data in (zip_bomb(), zip_bomb(members=100, size=1000)):
        try:
            check_upload(name="a.docx", data=data)
        except ValidationError as error:
            assert "解压后过大" in error.messages[0] or "文件过多" in error.messages[0]
        else:
            raise AssertionError("a zip bomb was accepted")
