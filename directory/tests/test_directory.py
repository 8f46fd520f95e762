"""Directory: scopes, profiles, specialists on the engine, experts' conflicts, imports."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from catalog.models import Standard, StandardDraftingOrganization
from core.excel import import_rows
from core.models import AuditEvent
from core.workflow import transition
from directory.choices import VerificationState
from directory.excel import COMMITTEES, EXPERTS, IMPORTS
from directory.models import Expert, ExpertConflict, Organization, Specialist, TechnicalCommittee
from directory.permissions import organization_can_apply
from directory.selectors import experts_eligible_for
from directory.services import expert_conflict_declare, specialist_declare
from testing.personas import PersonaTestCase


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


class ScopeTests(PersonaTestCase):
    def visible(self, user):
        return set(Organization.objects.visible_to(user).values_list("name", flat=True))

    def test_organization_scopes(self):
        ours, theirs = self.organization.name, self.other_organization.name
        assert self.visible(None) == set()
        assert self.visible(self.citizen) == set()
        assert self.visible(self.enterprise_user) == {ours}
        assert self.visible(self.county_officer) == {ours}
        assert self.visible(self.other_county_officer) == {theirs}
        assert self.visible(self.city_officer) == {ours, theirs}
        assert self.visible(self.expert) == set()
        Organization.objects.filter(pk=self.other_organization.pk).update(
            verification_state=VerificationState.VERIFIED
        )
        assert self.visible(self.citizen) == {theirs}
        assert self.visible(self.enterprise_user) == {ours, theirs}

    def test_only_a_verified_organization_can_apply(self):
        assert not organization_can_apply(self.organization)
        assert not organization_can_apply(None)
        self.organization.verification_state = VerificationState.VERIFIED
        assert organization_can_apply(self.organization)


class ProfileTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Organization.objects.filter(pk=cls.organization.pk).update(
            verification_state=VerificationState.VERIFIED
        )
        for position, (code, role) in enumerate(
            [("GB/T 1-2020", "lead"), ("DB3708/T 2-2021", "participant")], start=1
        ):
            standard = Standard.objects.create(
                code=code, code_key=code.replace(" ", ""), title=f"标准{position}",
                kind="GB" if code.startswith("GB") else "DB", status="current",
                issue_date=dt.date(2020, 1, position),
            )  # fmt: skip
            StandardDraftingOrganization.objects.create(
                standard=standard, position=position, name=cls.organization.name,
                organization=cls.organization, role=role,
            )  # fmt: skip

    def test_the_public_profile_lists_led_and_joined_standards(self):
        response = self.client.get(self.organization.get_absolute_url())
        body = response.content.decode()
        assert response.status_code == 200
        assert "主导制定的标准（1）" in body and "参与制定的标准（1）" in body
        assert "GB/T 1-2020" in body and "DB3708/T 2-2021" in body
        assert "联系人" not in body and "机构认证" not in body  # no private data in public

    def test_an_unverified_organization_has_no_public_profile(self):
        assert self.client.get(self.other_organization.get_absolute_url()).status_code == 404


class SpecialistTests(PersonaTestCase):
    def test_an_enterprise_declares_and_the_county_verifies(self):
        self.login(self.enterprise_user)
        self.client.post(
            reverse("directory:specialist_create"), {"name": "刘专员", "position": "质量部长"}
        )
        specialist = Specialist.objects.get()
        assert specialist.state == VerificationState.SUBMITTED and specialist.deadline
        assert AuditEvent.objects.filter(action="specialist_verification.submit").exists()
        self.login(self.county_officer)
        url = reverse("directory:specialist_transition", args=[specialist.pk])
        response = self.client.post(url, {"action": "verify"}, follow=True)
        assert "已审核通过" in response.content.decode()
        specialist.refresh_from_db()
        assert specialist.state == VerificationState.VERIFIED

    def test_other_county_and_other_enterprise_get_404(self):
        specialist = specialist_declare(
            organization=self.organization, actor=self.enterprise_user, name="刘专员"
        )
        url = reverse("directory:specialist_transition", args=[specialist.pk])
        for user in (self.other_county_officer, self.other_enterprise_user):
            self.login(user)
            assert self.client.post(url, {"action": "verify"}).status_code == 404
        self.login(self.enterprise_user)
        assert self.client.post(url, {"action": "verify"}).status_code == 403
        specialist.refresh_from_db()
        assert specialist.state == VerificationState.SUBMITTED

    def test_a_wrong_state_action_shows_an_error_and_changes_nothing(self):
        specialist = specialist_declare(
            organization=self.organization, actor=self.enterprise_user, name="刘专员"
        )
        transition(obj=specialist, action="verify", actor=self.city_officer)
        self.login(self.county_officer)
        url = reverse("directory:specialist_transition", args=[specialist.pk])
        response = self.client.post(url, {"action": "return", "opinion": "x"}, follow=True)
        assert "不能执行“退回修改”" in response.content.decode()

    def test_only_an_org_admin_declares(self):
        self.login(self.county_officer)
        assert self.client.get(reverse("directory:specialist_create")).status_code == 403


class ExpertTests(PersonaTestCase):
    def test_experts_are_never_eligible_for_their_employer_or_a_declared_conflict(self):
        own = Expert.objects.create(name="本单位专家", employer=self.organization)
        conflicted = Expert.objects.create(name="回避专家", employer=self.other_organization)
        free = Expert.objects.create(name="可用专家")
        Expert.objects.create(name="不可用专家", is_available=False)
        expert_conflict_declare(
            expert=conflicted,
            organization=self.organization,
            reason="亲属",
            actor=self.city_officer,
        )
        assert list(experts_eligible_for(self.organization)) == [free]
        assert set(experts_eligible_for(self.other_organization)) == {own, free}

    def test_conflicts_are_declared_by_the_expert_or_the_bureau_once(self):
        mine = Expert.objects.create(name="孙专家", user=self.expert)
        with pytest.raises(Exception, match="只能为本人申报回避"):
            expert_conflict_declare(
                expert=mine, organization=self.organization, reason="", actor=self.enterprise_user
            )
        expert_conflict_declare(
            expert=mine, organization=self.organization, reason="", actor=self.expert
        )
        with pytest.raises(ValidationError):
            expert_conflict_declare(
                expert=mine, organization=self.organization, reason="", actor=self.expert
            )
        assert ExpertConflict.objects.count() == 1

    def test_the_pool_is_visible_to_the_bureau_and_the_expert_only(self):
        Expert.objects.create(name="孙专家", user=self.expert)
        Expert.objects.create(name="李专家")
        assert Expert.objects.visible_to(self.city_officer).count() == 2
        assert Expert.objects.visible_to(self.expert).count() == 1
        assert Expert.objects.visible_to(self.county_officer).count() == 0


class ImportExportTests(PersonaTestCase):
    def run_import(self, kind, text):
        sheet, form_class, save = IMPORTS[kind]
        return import_rows(
            sheet=sheet, raw=csv_bytes(text), file_name="x.csv", form_class=form_class,
            save=lambda data: save(data=data, actor=self.city_officer),
        )  # fmt: skip

    def test_committee_import_round_trips_through_the_export(self):
        text = (
            "编号,名称,级别,秘书处承担单位,专业领域,本地委员\n"
            f"SD/TC 99,山东省示范标委会,省,{self.organization.uscc},机械,张三:主任委员:{self.organization.uscc}|李四\n"
        )
        result = self.run_import("committees", text)
        assert result.ok and result.saved == 1
        committee = TechnicalCommittee.objects.get()
        assert committee.secretariat == self.organization and committee.members.count() == 2
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(COMMITTEES.write([committee]))).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][0] == "编号" and rows[1][0] == "SD/TC 99"
        assert AuditEvent.objects.filter(action="committee.create").exists()

    def test_an_import_with_one_bad_line_saves_nothing(self):
        text = "姓名,工作单位,专业领域（行业）\n王专家,,\n李专家,不存在的单位,\n赵专家,,9999\n"
        result = self.run_import("experts", text)
        assert not result.ok and result.saved == 0
        assert [str(p) for p in result.errors] == [
            "第 3 行，工作单位：平台中没有机构“不存在的单位”，请先登记该机构或填写统一社会信用代码",
            "第 4 行，专业领域（行业）：未知的行业代码：9999",
        ]
        assert not Expert.objects.exists()
        assert EXPERTS.title == "专家库"

    def test_the_bureau_exports_each_register_and_others_cannot(self):
        for kind in ("organizations", "experts", "specialists", "committees"):
            url = reverse("directory:export", args=[kind])
            self.login(self.city_officer)
            response = self.client.get(url)
            assert response.status_code == 200 and response.content[:2] == b"PK"
            self.login(self.county_officer)
            assert self.client.get(url).status_code == 403


class VerificationHistoryPrivacyTests(PersonaTestCase):
    """A verified organization's profile is public; its verification record (opinions, officers'
    names) is not."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from core.workflow import transition

        transition(obj=cls.organization, action="submit", actor=cls.enterprise_user)
        transition(obj=cls.organization, action="verify", actor=cls.county_officer)
        cls.specialist = specialist_declare(
            organization=cls.organization, actor=cls.enterprise_user, name="刘专员"
        )
        transition(obj=cls.specialist, action="verify", actor=cls.county_officer)

    def test_outsiders_get_404_for_the_history_in_the_api(self):
        urls = [
            f"/api/v1/organizations/{self.organization.pk}/history/",
            f"/api/v1/specialists/{self.specialist.pk}/history/",
        ]
        for user in (None, self.citizen, self.other_enterprise_user, self.other_county_officer):
            self.client.logout()
            if user is not None:
                self.login(user)
            for url in urls:
                assert self.client.get(url).status_code == 404, (user, url)
        for user in (self.enterprise_user, self.county_officer, self.city_officer):
            self.login(user)
            for url in urls:
                assert self.client.get(url).status_code == 200, (user, url)

    def test_outsiders_see_no_history_on_the_specialist_page(self):
        self.login(self.other_enterprise_user)
        response = self.client.get(self.specialist.get_absolute_url())
        assert response.status_code == 200
        assert "办理记录" not in response.content.decode()
        self.login(self.county_officer)
        assert "办理记录" in self.client.get(self.specialist.get_absolute_url()).content.decode()


class OrganizationAdminTests(PersonaTestCase):
    """The admin edits profiles through the audited service; verification moves only by workflow."""

    def change(self, **overrides):
        org = self.organization
        data = {
            "name": org.name, "kind": org.kind, "uscc": org.uscc, "region": org.region_id,
            "industry": "", "address": "新地址 1 号", "contact_person": "", "contact_phone": "",
            "contact_email": "", "introduction": "", "verification_state": "verified",
            **overrides,
        }  # fmt: skip
        return self.client.post(f"/admin/directory/organization/{org.pk}/change/", data)

    def test_the_admin_cannot_set_the_verification_state(self):
        self.login(self.city_officer)
        response = self.change()
        assert response.status_code == 302, response.content.decode()[:2000]
        org = Organization.objects.get(pk=self.organization.pk)
        assert org.verification_state == VerificationState.UNSUBMITTED
        assert org.address == "新地址 1 号"
        event = AuditEvent.objects.get(action="organization.update")
        assert event.actor_id == self.city_officer.pk

    def test_the_admin_adds_through_the_service_and_refuses_a_bad_code(self):
        self.login(self.city_officer)
        data = {"name": "济宁丙公司", "kind": "enterprise", "region": self.county.pk}
        url = "/admin/directory/organization/add/"
        response = self.client.post(url, {**data, "uscc": "91370811MA3C12350X"})
        assert response.status_code == 200 and "校验位不正确" in response.content.decode()
        assert not Organization.objects.filter(name="济宁丙公司").exists()
        assert self.client.post(url, {**data, "uscc": ""}).status_code == 302
        created = Organization.objects.get(name="济宁丙公司")
        assert created.uscc is None and created.verification_state == "unsubmitted"
        assert AuditEvent.objects.filter(
            action="organization.create", object_id=created.pk
        ).exists()
