"""Forerunners (register, import, API), upgraded standards (both detail pages) and pilots
(scope, showcase, API filters)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from core.models import AuditEvent
from programs.models import Forerunner, PilotProject, StandardUpgrade
from programs.services import forerunner_create, pilot_apply, upgrade_record
from programs.tests.helpers import make_call, make_drafted, verify
from testing.personas import PersonaTestCase


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "年度",
    "产品或服务领域",
    "企业名称",
    "统一社会信用代码",
    "自我声明的企业标准",
    "评估机构",
]


class ForerunnerTests(PersonaTestCase):
    def test_the_bureau_imports_a_register_and_it_is_public(self):
        standard = make_drafted("Q/JNJX 001-2024", [self.organization])
        data = xlsx(
            [
                HEADER,
                [2025, "电动机", "济宁甲机械有限公司", "91370811MA3C12340U", "Q/JNJX 001-2024",
                 "中国标准化研究院"],
                [2025, "挂面", "邹城乙食品有限公司", "", "Q/ZCY 0002S-2024", "某评估机构"],
            ]
        )  # fmt: skip
        self.login(self.city_officer)
        response = self.client.post(
            "/forerunners/import/", {"file": SimpleUploadedFile("领跑者.xlsx", data)}
        )
        assert response.status_code == 302
        first = Forerunner.objects.get(field="电动机")
        assert first.organization == self.organization and first.standard == standard
        assert Forerunner.objects.get(field="挂面").organization == self.other_organization
        assert AuditEvent.objects.filter(action="forerunner.create").count() == 2
        self.client.logout()
        page = self.client.get("/forerunners/").content.decode()
        assert "电动机" in page and "挂面" in page
        body = self.client.get("/api/v1/forerunners/").json()
        assert {r["field"] for r in body["results"]} == {"电动机", "挂面"}

    def test_an_import_with_a_bad_line_saves_nothing(self):
        data = xlsx(
            [HEADER, [2025, "电动机", "甲", "", "Q/A 1-2024", "机构"], ["x", "", "", "", "", ""]]
        )
        self.login(self.city_officer)
        response = self.client.post(
            "/forerunners/import/", {"file": SimpleUploadedFile("领跑者.xlsx", data)}
        )
        assert "第 3 行" in response.content.decode()
        assert not Forerunner.objects.exists()

    def test_an_enterprise_may_not_enter_results(self):
        with pytest.raises(PermissionDenied):
            forerunner_create(
                actor=self.enterprise_user, year=2025, field="x", enterprise_name="y",
                standard_code="Q/A 1-2024", assessment_body="z",
            )  # fmt: skip
        self.login(self.enterprise_user)
        assert self.client.get("/forerunners/import/").status_code == 403


class UpgradeTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.group = make_drafted("T/JNBZ 001-2022", [cls.organization], title="团体标准甲")
        cls.national = make_drafted("GB/T 41001-2024", [cls.organization], title="国家标准甲")

    def test_an_upgrade_is_shown_on_both_detail_pages(self):
        self.login(self.city_officer)
        response = self.client.post(
            "/upgrades/new/",
            {"from_code": "T/JNBZ 001-2022", "to_code": "GB/T 41001-2024", "level": "national",
             "year": 2024, "uscc": "91370811MA3C12340U"},
        )  # fmt: skip
        self.assertRedirects(response, self.group.get_absolute_url())
        upgrade = StandardUpgrade.objects.get()
        assert upgrade.to_standard == self.national and upgrade.organization == self.organization
        assert AuditEvent.objects.filter(action="standard_upgrade.create").exists()
        self.client.logout()
        low = self.client.get(self.group.get_absolute_url()).content.decode()
        high = self.client.get(self.national.get_absolute_url()).content.decode()
        assert "升级为国家标准" in low and "GB/T 41001-2024" in low
        assert "升级而来" in high and "T/JNBZ 001-2022" in high
        assert f"（{self.organization.name}）" in low and f"（{self.organization.name}）" in high

    def test_a_national_standard_cannot_be_upgraded_and_levels_must_match(self):
        with pytest.raises(ValidationError):
            upgrade_record(
                from_standard=self.national, to_standard=None, to_code="ISO 1", level="international",
                year=2024, organization=None, actor=self.city_officer,
            )  # fmt: skip
        with pytest.raises(ValidationError):
            upgrade_record(
                from_standard=self.group, to_standard=self.national, to_code="", level="industry",
                year=2024, organization=None, actor=self.city_officer,
            )  # fmt: skip
        with pytest.raises(PermissionDenied):
            upgrade_record(
                from_standard=self.group, to_standard=self.national, to_code="", level="national",
                year=2024, organization=None, actor=self.county_officer,
            )  # fmt: skip
        assert not StandardUpgrade.objects.exists()

    def test_an_international_upgrade_keeps_the_printed_code(self):
        upgrade = upgrade_record(
            from_standard=self.group, to_standard=None, to_code="ISO 23456:2025",
            level="international", year=2025, organization=None, actor=self.city_officer,
        )  # fmt: skip
        assert upgrade.to_code == "ISO 23456:2025"
        assert "ISO 23456:2025" in self.client.get(self.group.get_absolute_url()).content.decode()


PILOT = {
    "title": "智能制造标准化试点", "level": "municipal", "domain": "industry",
    "objectives": "构建企业标准体系", "standard_system": "技术、管理、工作标准",
    "period_start": dt.date(2025, 1, 1), "period_end": dt.date(2026, 12, 31),
}  # fmt: skip


class PilotTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        verify(cls.organization)
        make_call("pilot")

    def test_an_enterprise_applies_and_only_insiders_see_it_until_build_out(self):
        self.login(self.enterprise_user)
        data = {**PILOT, "period_start": "2025-01-01", "period_end": "2026-12-31"}
        response = self.client.post("/pilots/new/", data)
        pilot = PilotProject.objects.get()
        self.assertRedirects(response, pilot.get_absolute_url())
        assert pilot.state == "applied" and pilot.county == self.county
        assert AuditEvent.objects.filter(
            action="pilot_project.apply", object_id=str(pilot.pk)
        ).exists()
        for user, status in (
            (None, 404), (self.other_enterprise_user, 404), (self.other_county_officer, 404),
            (self.county_officer, 200), (self.city_officer, 200),
        ):  # fmt: skip
            self.client.logout()
            if user:
                self.login(user)
            assert self.client.get(pilot.get_absolute_url()).status_code == status
            assert self.client.get(f"/api/v1/pilots/{pilot.pk}/").status_code == status
        PilotProject.objects.filter(pk=pilot.pk).update(state="building")
        self.client.logout()
        assert self.client.get(pilot.get_absolute_url()).status_code == 200

    def test_an_invalid_period_is_refused_and_nothing_is_saved(self):
        self.login(self.enterprise_user)
        data = {**PILOT, "period_start": "2026-01-01", "period_end": "2025-12-31"}
        response = self.client.post("/pilots/new/", data)
        assert (
            response.status_code == 200 and "建设期止不能早于建设期起" in response.content.decode()
        )
        assert not PilotProject.objects.exists()

    def test_another_organizations_user_cannot_apply_in_its_name(self):
        with pytest.raises(PermissionDenied):
            pilot_apply(organization=self.organization, actor=self.other_enterprise_user, **PILOT)

    def test_passed_projects_are_showcased_and_filtered_in_the_api(self):
        pilot = pilot_apply(organization=self.organization, actor=self.enterprise_user, **PILOT)
        PilotProject.objects.filter(pk=pilot.pk).update(state="passed")
        self.login(self.enterprise_user)
        self.client.post(f"/pilots/{pilot.pk}/achievements/", {"achievements": "制定标准 12 项"})
        self.client.logout()
        assert "制定标准 12 项" in self.client.get("/pilots/showcase/").content.decode()
        api = self.client.get("/api/v1/pilots/", {"state": "passed", "level": "municipal",
                                                  "county": self.county.pk}).json()  # fmt: skip
        assert [p["id"] for p in api["results"]] == [pilot.pk]
        assert self.client.get("/api/v1/pilots/", {"level": "national"}).json()["results"] == []
        self.login(self.other_enterprise_user)
        response = self.client.post(f"/pilots/{pilot.pk}/achievements/", {"achievements": "x"})
        assert response.status_code == 403
        pilot.refresh_from_db()
        assert pilot.achievements == "制定标准 12 项"


class PublicPageTests(PersonaTestCase):
    def test_public_pages_render_for_everyone(self):
        for url in ("/programs/", "/subsidies/policies/", "/forerunners/", "/pilots/",
                    "/pilots/showcase/"):  # fmt: skip
            response = self.client.get(url)
            assert response.status_code == 200, url
            assert "style=" not in response.content.decode()


class PilotPhotoTests(PersonaTestCase):
    def test_the_organization_uploads_a_photo_shown_on_the_public_page(self):
        verify(self.organization)
        make_call("pilot")
        pilot = pilot_apply(organization=self.organization, actor=self.enterprise_user, **PILOT)
        PilotProject.objects.filter(pk=pilot.pk).update(state="passed")
        png = (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00"
            b"\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05"
            b"\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
        )
        self.login(self.other_enterprise_user)
        upload = SimpleUploadedFile("现场.png", png)
        response = self.client.post(
            f"/pilots/{pilot.pk}/documents/", {"kind": "other", "file": upload}
        )
        assert response.status_code == 403
        self.login(self.enterprise_user)
        upload = SimpleUploadedFile("现场.png", png)
        self.client.post(f"/pilots/{pilot.pk}/documents/", {"kind": "other", "file": upload})
        self.client.logout()
        assert "现场.png" in self.client.get(pilot.get_absolute_url()).content.decode()
