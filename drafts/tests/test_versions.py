"""Draft versions: every upload a new version, text and clause numbers extracted, side-by-side
comparison escaped, pages scoped to the record's internals."""

import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from core.models import AuditEvent
from documents.models import Document
from drafts import services
from drafts.compare import compare, inline_diff
from drafts.extract import classify
from drafts.models import DraftVersion
from drafts.rules import UPLOAD_RULES
from drafts.selectors import clauses_of
from drafts.tests.docx_factory import DRAFT, docx_upload
from testing.personas import PersonaTestCase


def upload(obj, actor, paragraphs=DRAFT, note="初稿", purpose="征求意见稿"):
    return services.version_upload(
        obj=obj, purpose=purpose, upload=docx_upload(paragraphs), note=note, actor=actor
    )


class VersionTests(PersonaTestCase):
    def test_it_keeps_every_upload_as_a_new_numbered_version(self):
        first = upload(self.organization, self.city_officer)
        second = upload(self.organization, self.city_officer, note="根据意见修改")
        assert (first.number, second.number) == (1, 2)
        assert first.series_id == second.series_id
        assert Document.objects.filter(kind="draft").count() == 2
        first.refresh_from_db()
        assert first.note == "初稿" and first.uploaded_by == self.city_officer
        assert "保洁人员应经培训合格" in first.text
        events = AuditEvent.objects.filter(action="draft.version_upload")
        assert [e.changes["extra"]["version"] for e in events.order_by("id")] == [1, 2]

    def test_purposes_are_separate_series(self):
        a = upload(self.organization, self.city_officer, purpose="征求意见稿")
        b = upload(self.organization, self.city_officer, purpose="送审稿")
        assert a.series_id != b.series_id and b.number == 1

    def test_it_lists_the_clauses_with_gbt_numbering_and_appendix(self):
        version = upload(self.organization, self.city_officer)
        assert clauses_of(version) == [
            ("1", "范围"),
            ("4", "要求"),
            ("4.1", "一般要求"),
            ("4.1.1", ""),
            ("4.2", "作业要求"),
            ("4.2.1", ""),
            ("附录A", "检查方法"),
            ("A.1", ""),
        ]

    def test_it_does_not_take_years_or_figures_for_clause_numbers(self):
        assert classify("2026 年起执行").number == ""
        assert classify("3.5 倍").number == "3.5"  # a number then text: GB/T cannot tell apart
        assert classify("12.5%的样品").number == ""
        assert classify("4.2.1　全角空格后的条文。").number == "4.2.1"
        assert classify("附录B（资料性）示例").number == "附录B"
        assert classify("A 类产品").number == ""

    def test_it_counts_the_numbers_of_auto_numbered_headings(self):
        import io

        from docx import Document as new_docx

        from drafts.extract import extract_paragraphs

        document = new_docx()
        document.add_heading("前言", 1)  # a heading without numbering keeps no number
        for level, text in (
            (1, "范围"),
            (1, "要求"),
            (2, "一般要求"),
            (2, "作业要求"),
            (1, "检验"),
        ):
            paragraph = document.add_heading(text, level)
            numbering = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering.get_or_add_numId().val = 1
            numbering.get_or_add_ilvl().val = level - 1
        document.add_paragraph("正文。")
        buffer = io.BytesIO()
        document.save(buffer)
        found = [(p.number, p.text) for p in extract_paragraphs(buffer.getvalue())]
        assert found == [
            ("", "前言"),
            ("1", "1 范围"),
            ("2", "2 要求"),
            ("2.1", "2.1 一般要求"),
            ("2.2", "2.2 作业要求"),
            ("3", "3 检验"),
            ("", "正文。"),
        ]

    def test_it_refuses_a_user_without_the_upload_rule_and_stores_nothing(self):
        with pytest.raises(PermissionDenied):
            upload(self.organization, self.enterprise_user)
        assert not DraftVersion.objects.exists() and not Document.objects.exists()

    def test_a_process_rule_lets_its_own_users_upload(self):
        UPLOAD_RULES.register(type(self.organization), lambda user, obj: user.organization == obj)
        self.addCleanup(UPLOAD_RULES.unregister, type(self.organization))
        assert upload(self.organization, self.enterprise_user).number == 1

    def test_it_refuses_a_disguised_file_or_a_missing_note(self):
        with pytest.raises(ValidationError):
            services.version_upload(
                obj=self.organization,
                purpose="征求意见稿",
                upload=SimpleUploadedFile("稿.docx", b"MZ" + b"\0" * 100),
                note="x",
                actor=self.city_officer,
            )
        with pytest.raises(ValidationError):
            upload(self.organization, self.city_officer, note=" ")
        assert not DraftVersion.objects.exists() and not Document.objects.exists()

    @override_settings(ARCHIVE_MAX_UNCOMPRESSED_BYTES=100_000)
    def test_it_refuses_a_zip_bomb_through_the_documents_checks(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<x/>")
            archive.writestr("word/document.xml", "<x/>" + " " * 200_000)
        with pytest.raises(ValidationError):
            services.version_upload(
                obj=self.organization,
                purpose="征求意见稿",
                upload=SimpleUploadedFile("炸弹.docx", buffer.getvalue()),
                note="x",
                actor=self.city_officer,
            )
        assert not DraftVersion.objects.exists()

    def test_it_does_not_resolve_external_entities_in_a_docx(self):
        from drafts.extract import extract_paragraphs
        from drafts.tests.docx_factory import docx_bytes

        source = io.BytesIO(docx_bytes([("p", "正文")]))
        target = io.BytesIO()
        with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
            for item in old.infolist():
                data = old.read(item.filename)
                if item.filename == "word/document.xml":
                    data = data.replace(
                        b"?>",
                        b'?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
                        1,
                    ).replace("正文".encode(), "正文&x;".encode())
                new.writestr(item, data)
        texts = [p.text for p in extract_paragraphs(target.getvalue())]
        assert texts and texts[0].startswith("正文")  # the entity stayed unresolved
        assert not any("root:" in text for text in texts)

    def test_a_docx_that_passes_the_type_check_but_does_not_parse_is_refused_clearly(self):
        for content_types in ("<x/>", "<broken"):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w") as archive:
                archive.writestr("[Content_Types].xml", content_types)
                archive.writestr("word/document.xml", "<x/>")
            with pytest.raises(ValidationError, match="无法读取文件"):
                services.version_upload(
                    obj=self.organization,
                    purpose="征求意见稿",
                    upload=SimpleUploadedFile("坏.docx", buffer.getvalue()),
                    note="x",
                    actor=self.city_officer,
                )
        assert not DraftVersion.objects.exists() and not Document.objects.exists()

    def test_a_pdf_version_is_kept_without_text(self):
        version = services.version_upload(
            obj=self.organization,
            purpose="报批稿",
            upload=SimpleUploadedFile("报批稿.pdf", b"%PDF-1.7\n%%EOF\n"),
            note="报批",
            actor=self.city_officer,
        )
        assert version.paragraphs == [] and clauses_of(version) == []


class CompareTests(PersonaTestCase):
    def test_it_marks_changed_characters_inside_a_changed_paragraph(self):
        left, right = inline_diff("每日保洁不少于 3 次。", "每日保洁不少于 4 次。")
        assert "<del>3</del>" in left and "<ins>4</ins>" in right
        assert left.startswith("每日保洁")

    def test_a_huge_paragraph_is_marked_whole_instead_of_diffed(self):
        left, right = inline_diff("甲" * 5000, "乙" * 5000)
        assert left == f"<del>{'甲' * 5000}</del>" and right == f"<ins>{'乙' * 5000}</ins>"

    def test_it_pairs_paragraphs_and_shows_insertions_and_deletions(self):
        old = [{"text": t, "number": ""} for t in ("甲", "乙", "丙")]
        new = [{"text": t, "number": ""} for t in ("甲", "丙", "丁")]
        rows = compare(old, new)
        assert [r.tag for r in rows] == ["equal", "delete", "equal", "insert"]
        assert rows[1].left == "<del>乙</del>" and rows[3].right == "<ins>丁</ins>"

    def test_it_escapes_hostile_text_in_the_diff(self):
        old = [{"text": "<script>alert(1)</script> 旧", "number": ""}]
        new = [{"text": '<img src=x onerror="alert(1)"> 新', "number": ""}]
        html = "".join(r.left + r.right for r in compare(old, new))
        assert "<script" not in html and "<img" not in html
        for tag in ("<del>", "</del>", "<ins>", "</ins>"):
            html = html.replace(tag, "")
        assert "<" not in html and "&lt;" in html and "&quot;" in html


class PageTests(PersonaTestCase):
    def setUp(self):
        self.v1 = upload(self.organization, self.city_officer)
        changed = [(k, t.replace("3 次", "4 次")) for k, t in DRAFT] + [("p", "<b>新增</b>条文。")]
        self.v2 = upload(self.organization, self.city_officer, paragraphs=changed, note="二稿")
        self.series_url = reverse("drafts:series", args=[self.v1.series_id])

    def test_the_version_list_links_downloads_through_the_scoped_view(self):
        self.login(self.enterprise_user)  # a member of the record's organization
        page = self.client.get(self.series_url).content.decode()
        assert reverse("documents:download", args=[self.v1.document_id]) in page
        assert "二稿" in page and "上传新版本" not in page  # no upload rule for members

    def test_the_bureau_uploads_a_version_from_the_page(self):
        self.login(self.city_officer)
        response = self.client.post(
            self.series_url, {"note": "三稿", "file": docx_upload()}, follow=True
        )
        assert "已上传第 3 版" in response.content.decode()

    def test_a_member_may_not_post_a_version(self):
        self.login(self.enterprise_user)
        response = self.client.post(self.series_url, {"note": "x", "file": docx_upload()})
        assert response.status_code == 403 and DraftVersion.objects.count() == 2

    def test_the_compare_page_shows_the_change_escaped(self):
        self.login(self.city_officer)
        url = reverse("drafts:compare", args=[self.v1.series_id])
        page = self.client.get(url, {"a": self.v1.pk, "b": self.v2.pk}).content.decode()
        assert "<del>3</del>" in page and "<ins>4</ins>" in page
        assert "&lt;b&gt;新增&lt;/b&gt;" in page and "<b>新增" not in page
        assert "修改 1 段" in page and "新增 1 段" in page

    def test_other_organizations_and_anonymous_see_nothing(self):
        self.login(self.other_enterprise_user)
        assert self.client.get(self.series_url).status_code == 404
        url = reverse("drafts:compare", args=[self.v1.series_id])
        assert self.client.get(url).status_code == 404
        self.client.logout()
        assert self.client.get(self.series_url).status_code == 302
