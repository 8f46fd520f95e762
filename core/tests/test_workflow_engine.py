"""Every engine feature through the example process (testing/example): work items, guards,
forms, stage deadlines (configured, paused, extended once), timers and the system actor,
numbering, panels. Each refusal leaves nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from rest_framework import viewsets
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.roles import Role
from core.models import AuditEvent, NumberSequence, Panel, StatusChange, WorkItem
from core.workflow import (
    ActionBlocked,
    Deadline,
    TransitionDenied,
    available_actions,
    deadline_extend,
    format_standard_number,
    format_year_number,
    get_process,
    next_number,
    panel_open,
    panel_result,
    transition,
    work_item_complete,
)
from core.workflow.api import WorkflowViewSetMixin
from core.workflow.calendar import add_working_days
from core.workflow.deadlines import deadline_setting_save
from core.workflow.timers import run_workflow_timers
from directory.models import Expert, ExpertConflict
from testing.example.models import Application
from testing.personas import PersonaTestCase

FORM = {"budget": "5000.00", "contact": "张三"}


def on(day: dt.date):
    """Run as if today were `day` (noon, Asia/Shanghai)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    return mock.patch("django.utils.timezone.now", return_value=moment)


class EngineTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.experts = [cls.make_user(f"expert{n}", Role.EXPERT) for n in range(3)]

    def setUp(self):
        self.app = Application.objects.create(organization=self.organization, title="智能制造标准")

    def snapshot(self):
        """What a refused call must leave unchanged."""
        self.app.refresh_from_db()
        return (
            self.app.state,
            self.app.deadline,
            self.app.number,
            StatusChange.objects.count(),
            AuditEvent.objects.count(),
            list(WorkItem.objects.values_list("pk", "completed_at", "outcome", "due")),
            list(Panel.objects.values_list("pk", "result")),
            list(NumberSequence.objects.values_list("key", "last")),
        )

    def submit(self, **data):
        return transition(
            obj=self.app, action="submit", actor=self.enterprise_user, data={**FORM, **data}
        )

    def to_review(self):
        self.submit()
        transition(obj=self.app, action="accept", actor=self.county_officer)


class WorkItemTests(EngineTestCase):
    def test_it_opens_the_county_task_on_entry_and_completes_it_on_leaving(self):
        self.submit()
        item = WorkItem.objects.open().get()
        assert (item.role, item.scope, item.state, item.label) == (
            "county_officer",
            f"region:{self.county.pk}",
            "submitted",
            "受理申报",
        )
        assert item.due == add_working_days(timezone.localdate(), 5) == self.app.deadline
        assert list(WorkItem.objects.open().for_user(self.county_officer)) == [item]
        assert not WorkItem.objects.open().for_user(self.other_county_officer).exists()
        assert not WorkItem.objects.open().for_user(self.city_officer).exists()
        assert list(WorkItem.objects.open().oversight_for(self.city_officer)) == [item]
        transition(obj=self.app, action="accept", actor=self.city_officer)
        item.refresh_from_db()
        assert item.completed_by == self.city_officer and item.outcome == "accept"
        assert not WorkItem.objects.open().for_user(self.county_officer).exists()

    def test_the_applicant_gets_the_task_when_returned(self):
        self.submit()
        transition(obj=self.app, action="return", actor=self.county_officer, opinion="补充材料")
        assert list(WorkItem.objects.open().for_user(self.enterprise_user)) == [
            WorkItem.objects.open().get()
        ]
        assert not WorkItem.objects.open().for_user(self.other_enterprise_user).exists()

    def test_the_user_queue_is_one_query(self):
        self.submit()
        user = self.county_officer
        user.role_keys  # noqa: B018  (cached per request, like the scope keys)
        WorkItem.objects.open().for_user(user).count()  # the scope keys are cached on the user
        with self.assertNumQueries(1):
            assert len(list(WorkItem.objects.open().for_user(user))) == 1


class GuardAndFormTests(EngineTestCase):
    def test_a_guard_disables_the_button_with_its_reason_and_refuses_the_action(self):
        self.app.title = ""
        self.app.save()
        (submit,) = available_actions(self.app, self.enterprise_user)
        assert submit.key == "submit" and submit.disabled_reason == "请先填写项目名称"
        before = self.snapshot()
        with pytest.raises(ActionBlocked, match="请先填写项目名称"):
            self.submit()
        assert self.snapshot() == before

    def test_the_form_validates_and_its_cleaned_data_is_stored(self):
        before = self.snapshot()
        with pytest.raises(ValidationError) as error:
            self.submit(budget="2000000")
        assert "申请金额不得超过" in error.value.message_dict["budget"][0]
        with pytest.raises(ValidationError) as error:
            self.submit(contact="")
        assert "contact" in error.value.message_dict
        assert self.snapshot() == before
        change = self.submit(budget="1234.5", junk="<script>")
        assert Decimal(change.data["budget"]) == Decimal("1234.50")
        assert change.data["contact"] == "张三" and "junk" not in change.data

    def test_the_api_validates_data_with_the_same_form(self):
        class ApplicationViewSet(WorkflowViewSetMixin, viewsets.GenericViewSet):
            queryset = Application.objects.all()

        view = ApplicationViewSet.as_view({"post": "transition"})
        before = self.snapshot()
        request = APIRequestFactory().post(
            "/", {"action": "submit", "data": {"budget": "abc", "contact": ""}}, format="json"
        )
        force_authenticate(request, self.enterprise_user)
        response = view(request, pk=self.app.pk)
        assert response.status_code == 400
        assert set(response.data["error"]["fields"]) == {"budget", "contact"}
        assert self.snapshot() == before
        request = APIRequestFactory().post("/", {"action": "submit", "data": FORM}, format="json")
        force_authenticate(request, self.enterprise_user)
        assert view(request, pk=self.app.pk).status_code == 201
        request = APIRequestFactory().post("/", {"action": "accept"}, format="json")
        force_authenticate(request, self.county_officer)
        assert view(request, pk=self.app.pk).status_code == 201
        request = APIRequestFactory().post("/", {"action": "conclude"}, format="json")
        force_authenticate(request, self.city_officer)
        response = view(request, pk=self.app.pk)
        assert response.status_code == 400
        assert response.data["error"] == {
            "code": "action_blocked",
            "message": "暂不能评审通过：尚未组织本环节的会签",
        }

    def test_the_page_panel_shows_the_form_and_the_disabled_reason(self):
        from django.template.loader import render_to_string

        from core.workflow.views import workflow_panel

        self.app.title = ""
        html = render_to_string(
            "includes/workflow_panel.html",
            {"panel": workflow_panel(self.app, self.enterprise_user), "action_url": "/x/"},
        )
        assert 'name="submit-budget"' in html and "请先填写项目名称" in html and "disabled" in html


class DeadlineTests(EngineTestCase):
    monday = dt.date(2026, 11, 2)

    def test_the_bureau_setting_overrides_the_default_in_code(self):
        deadline_setting_save(
            process="example_application",
            state="submitted",
            days=3,
            working=False,
            actor=self.city_officer,
        )
        assert AuditEvent.objects.filter(action="workflow.deadline_setting").exists()
        with on(self.monday):
            self.submit()
        assert self.app.deadline == self.monday + dt.timedelta(days=3)
        assert WorkItem.objects.open().get().due == self.app.deadline

    def test_the_clock_pauses_while_waiting_for_the_applicant(self):
        with on(self.monday):
            self.submit()
        due = self.app.deadline
        assert due == dt.date(2026, 11, 9)  # 5 working days
        with on(self.monday + dt.timedelta(days=1)):
            transition(obj=self.app, action="return", actor=self.county_officer, opinion="补正")
        assert self.app.deadline is None
        with on(self.monday + dt.timedelta(days=8)):  # back a week later
            transition(obj=self.app, action="resubmit", actor=self.enterprise_user)
        assert self.app.deadline == due + dt.timedelta(days=7)
        assert WorkItem.objects.open().get().due == self.app.deadline

    def test_one_extension_with_a_reason_then_refused(self):
        with on(self.monday):
            self.submit()
        before = self.snapshot()
        with pytest.raises(ValidationError):
            deadline_extend(obj=self.app, days=3, reason=" ", actor=self.county_officer)
        with pytest.raises(TransitionDenied):
            deadline_extend(obj=self.app, days=3, reason="材料多", actor=self.other_county_officer)
        assert self.snapshot() == before
        new = deadline_extend(obj=self.app, days=3, reason="材料多", actor=self.county_officer)
        assert new == dt.date(2026, 11, 12) == self.app.deadline
        assert WorkItem.objects.open().get().due == new
        event = AuditEvent.objects.get(action="example_application.deadline_extend")
        assert event.message == "材料多"
        before = self.snapshot()
        with pytest.raises(ValidationError, match="已延期一次"):
            deadline_extend(obj=self.app, days=1, reason="再延", actor=self.county_officer)
        assert self.snapshot() == before


class TimerTests(EngineTestCase):
    def test_the_system_takes_due_actions_once_and_people_cannot(self):
        self.to_review()
        panel = panel_open(
            obj=self.app, state="review", members=self.experts[:1], actor=self.city_officer
        )
        work_item_complete(item=panel.items.get(), actor=self.experts[0], outcome="approve")
        transition(obj=self.app, action="conclude", actor=self.city_officer)
        assert self.app.state == "publicity"
        assert "close" not in [a.key for a in available_actions(self.app, self.city_officer)]
        before = self.snapshot()
        with pytest.raises(TransitionDenied, match="由系统自动办理"):
            transition(obj=self.app, action="close", actor=self.city_officer)
        with pytest.raises(TransitionDenied):
            transition(obj=self.app, action="conclude", actor=None)
        assert run_workflow_timers() == {}  # the publicity period has not ended
        assert self.snapshot() == before
        later = self.app.publicity_ends + dt.timedelta(days=1)
        assert run_workflow_timers(today=later) == {"example_application.close": 1}
        assert run_workflow_timers(today=later) == {}
        self.app.refresh_from_db()
        assert self.app.state == "approved"
        change = StatusChange.objects.get(action="close")
        assert change.actor is None and change.actor_label == "系统"
        event = AuditEvent.objects.get(action="example_application.close")
        assert event.actor is None and event.actor_label == "系统"

    def test_the_command_runs(self):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("run_workflow_timers", stdout=out)
        assert "系统操作 0 项" in out.getvalue()


class NumberingTests(EngineTestCase):
    def test_numbers_follow_each_other_per_key_and_year(self):
        assert [next_number(key="db", year=2026) for _ in range(3)] == [1, 2, 3]
        assert next_number(key="db", year=2027) == 1
        assert next_number(key="plan", year=2026) == 1

    def test_a_rolled_back_transaction_gives_its_number_back(self):
        next_number(key="db", year=2026)
        try:
            with transaction.atomic():
                assert next_number(key="db", year=2026) == 2
                raise RuntimeError
        except RuntimeError:
            pass
        assert next_number(key="db", year=2026) == 2

    def test_the_formats(self):
        assert format_standard_number("DB3708/T", 1, 2026) == "DB3708/T 001—2026"
        assert format_year_number(12, 2026) == "2026-012"

    def test_the_transition_effect_numbers_the_record(self):
        self.to_review()
        panel = panel_open(
            obj=self.app, state="review", members=self.experts[:1], actor=self.city_officer
        )
        work_item_complete(item=panel.items.get(), actor=self.experts[0], outcome="approve")
        transition(obj=self.app, action="conclude", actor=self.city_officer)
        assert self.app.number == f"{timezone.localdate().year}-001"


class PanelTests(EngineTestCase):
    def open(self, rule="all", chair=None, members=None):
        return panel_open(
            obj=self.app,
            state="review",
            members=members or self.experts,
            rule=rule,
            chair=chair,
            actor=self.city_officer,
        )

    def vote(self, panel, member, outcome, **kwargs):
        item = panel.items.get(assignee=member)
        return work_item_complete(item=item, actor=member, outcome=outcome, **kwargs)

    def test_each_member_gets_an_item_and_the_guard_waits_for_the_rule(self):
        self.to_review()
        panel = self.open()
        assert WorkItem.objects.open().for_user(self.experts[0]).get().panel == panel
        (conclude, _reject) = available_actions(self.app, self.city_officer)
        assert conclude.disabled_reason == "会签尚未完成"
        before = self.snapshot()
        with pytest.raises(ActionBlocked, match="会签尚未完成"):
            transition(obj=self.app, action="conclude", actor=self.city_officer)
        assert self.snapshot() == before
        self.vote(panel, self.experts[0], "approve", data={"score": 88}, opinion="同意")
        self.vote(panel, self.experts[1], "approve", data={"score": 90})
        assert panel_result(panel) == ""
        self.vote(panel, self.experts[2], "approve", data={"score": 75})
        panel.refresh_from_db()
        assert panel.result == "approve"
        assert panel.items.get(assignee=self.experts[0]).data == {"score": 88}
        transition(obj=self.app, action="conclude", actor=self.city_officer)
        assert self.app.state == "publicity"

    def test_the_all_rule_rejects_on_one_no(self):
        self.to_review()
        panel = self.open()
        self.vote(panel, self.experts[0], "reject")
        panel.refresh_from_db()
        assert panel.result == "reject"

    def test_the_majority_rule(self):
        self.to_review()
        panel = self.open(rule="majority")
        self.vote(panel, self.experts[0], "approve")
        assert panel_result(panel) == ""
        self.vote(panel, self.experts[1], "approve")
        panel.refresh_from_db()
        assert panel.result == "approve"

    def test_the_chair_decides(self):
        self.to_review()
        panel = self.open(rule="chair", chair=self.experts[2])
        self.vote(panel, self.experts[0], "reject")
        self.vote(panel, self.experts[1], "reject")
        assert panel_result(panel) == ""
        self.vote(panel, self.experts[2], "approve")
        panel.refresh_from_db()
        assert panel.result == "approve"

    def test_a_member_with_a_declared_conflict_is_refused(self):
        self.to_review()
        expert = Expert.objects.create(user=self.experts[1], name="专家乙")
        ExpertConflict.objects.create(expert=expert, organization=self.organization, reason="亲属")
        before = self.snapshot()
        with pytest.raises(ValidationError) as error:
            self.open()
        message = error.value.message_dict["members"][0]
        assert "利益冲突" in message and "亲属" in message
        with pytest.raises(ValidationError, match="成员"):
            self.open(members=[self.enterprise_user])  # a member of the applicant
        assert self.snapshot() == before

    def test_only_the_assignee_completes_and_only_once(self):
        self.to_review()
        panel = self.open()
        item = panel.items.get(assignee=self.experts[0])
        with pytest.raises(TransitionDenied):
            work_item_complete(item=item, actor=self.experts[1], outcome="approve")
        with pytest.raises(ValidationError):
            work_item_complete(item=item, actor=self.experts[0], outcome="maybe")
        self.vote(panel, self.experts[0], "approve")
        before = self.snapshot()
        with pytest.raises(ValidationError, match="不能重复"):
            self.vote(panel, self.experts[0], "reject")
        assert self.snapshot() == before

    def test_only_who_acts_in_the_stage_opens_a_panel_and_only_in_it(self):
        before = self.snapshot()
        with pytest.raises(TransitionDenied):
            panel_open(obj=self.app, state="review", members=self.experts, actor=self.expert)
        self.submit()
        with pytest.raises(ValidationError, match="不在"):
            panel_open(obj=self.app, state="review", members=self.experts, actor=self.city_officer)
        assert Panel.objects.count() == 0 and before[0] == "draft"


class ProcessTests(EngineTestCase):
    def test_an_unknown_state_key_is_an_error_not_a_placeholder(self):
        with pytest.raises(KeyError):
            get_process("example_application").state("nowhere")


class ScopeFilterTests(EngineTestCase):
    def test_the_queryset_scope_matches_the_per_object_check(self):
        from directory.models import Organization
        from directory.workflows import ORGANIZATION_VERIFICATION as proc

        transition(obj=self.organization, action="submit", actor=self.enterprise_user)
        transition(obj=self.other_organization, action="submit", actor=self.other_enterprise_user)
        everyone = Organization.objects.all()
        for user in (
            self.county_officer,
            self.other_county_officer,
            self.city_officer,
            self.citizen,
        ):
            with self.subTest(user=user.username):
                in_one_query = set(
                    proc.actionable(user, everyone.filter(verification_state="submitted"))
                )
                per_object = {
                    o
                    for o in everyone.filter(verification_state="submitted")
                    if any(a.key in ("verify", "return") for a in available_actions(o, user))
                }
                assert in_one_query == per_object


class PageActionTests(EngineTestCase):
    def test_the_page_handler_passes_form_data_and_attachments(self):
        from pathlib import Path

        from django.conf import settings
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.test import RequestFactory

        from core.workflow.views import handle_transition
        from documents.models import Document

        def post(data):
            request = RequestFactory().post("/x/", data)
            request.user = self.enterprise_user
            request.session = SessionStore()
            request._messages = FallbackStorage(request)
            response = handle_transition(request, self.app, next_url="/done/")
            return response, [str(m) for m in request._messages]

        before = self.snapshot()
        documents_before = Document.objects.count()  # the personas' organizations hold a licence
        upload = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4\n%%EOF\n")
        response, said = post(
            {
                "action": "submit",
                "submit-budget": "9999999",
                "submit-contact": "张三",
                "attachments": upload,
            }
        )
        assert response.status_code == 302 and "申请金额不得超过" in said[0]
        assert self.snapshot() == before and Document.objects.count() == documents_before
        # No file is left behind by the rolled-back upload.
        assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
        upload = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4\n%%EOF\n")
        response, said = post(
            {
                "action": "submit",
                "submit-budget": "100",
                "submit-contact": "张三",
                "attachments": upload,
            }
        )
        assert said == ["已提交申报。"]
        change = StatusChange.objects.get(action="submit")
        assert change.data["contact"] == "张三"
        assert [a["name"] for a in change.attachments] == ["申请书.pdf"]
        assert Document.objects.get(object_id=str(self.app.pk), content_type__model="application")


class BackfillTests(EngineTestCase):
    def test_the_migration_opens_items_for_records_already_waiting(self):
        import importlib

        from django.apps import apps

        from directory.models import Organization

        Organization.objects.filter(pk=self.organization.pk).update(verification_state="submitted")
        Organization.objects.filter(pk=self.other_organization.pk).update(
            verification_state="returned"
        )
        migration = importlib.import_module("directory.migrations.0003_open_work_items")
        migration.open_items(apps, None)
        migration.open_items(apps, None)  # once only
        assert WorkItem.objects.open().for_user(self.county_officer).get().object_id == str(
            self.organization.pk
        )
        assert WorkItem.objects.open().for_user(self.other_enterprise_user).count() == 1
        assert WorkItem.objects.open().count() == 2


class PanelNotificationTests(EngineTestCase):
    def test_members_are_told_and_the_notice_is_done_when_they_vote(self):
        from notifications.models import Notification

        self.to_review()
        with self.captureOnCommitCallbacks(execute=True):
            panel = panel_open(
                obj=self.app,
                state="review",
                members=self.experts[:2],
                actor=self.city_officer,
                due=dt.date(2026, 12, 31),
            )
        told = Notification.objects.filter(recipient__in=self.experts[:2])
        assert told.count() == 2 and "会签" in told.first().title
        work_item_complete(
            item=panel.items.get(assignee=self.experts[0]), actor=self.experts[0], outcome="approve"
        )
        assert list(told.filter(read_at=None).values_list("recipient", flat=True)) == [
            self.experts[1].pk
        ]


class TaskForUsersTests(EngineTestCase):
    def test_a_task_for_named_users_opens_one_item_each_and_none_applies_nowhere(self):
        from core.workflow import Process, Stage, State, Task
        from core.workflow.workitems import open_state_items

        proc = Process(
            key="tmp",
            label="临时",
            model="workflow_example.Application",
            actions=(),
            states=(
                State(
                    "draft",
                    "草稿",
                    Stage.PROGRESS,
                    tasks=(
                        Task("阅知", users=lambda obj: self.experts[:2]),
                        Task("不适用", role="city_officer", scope=lambda obj: None),
                    ),
                ),
            ),
        )
        items = open_state_items(proc, self.app, "draft", due=None)
        assert sorted(i.assignee_id for i in items) == sorted(u.pk for u in self.experts[:2])
        assert WorkItem.objects.open().for_user(self.experts[0]).count() == 1
        assert not WorkItem.objects.open().for_user(self.city_officer).exists()


class PageExtendTests(EngineTestCase):
    def test_the_page_handler_extends_once_and_says_why_not_twice(self):
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore
        from django.test import RequestFactory

        from core.workflow.views import handle_deadline_extend

        self.submit()

        def post(data):
            request = RequestFactory().post("/x/", data)
            request.user = self.county_officer
            request.session = SessionStore()
            request._messages = FallbackStorage(request)
            handle_deadline_extend(request, self.app, next_url="/done/")
            return [str(m) for m in request._messages]

        said = post({"days": "x", "reason": ""})[0]
        assert "请填写延期理由" in said and "延长天数" in said
        assert post({"days": "2", "reason": "现场核查"})[0].startswith("办理期限已延长至")
        assert "已延期一次" in post({"days": "2", "reason": "再延"})[0]


class ActionFormOfTheRecordTests(EngineTestCase):
    """An action form may add fields in `__init__` from its record (`ActionForm`)."""

    def test_a_field_added_for_the_record_is_validated_and_stored(self):
        before = self.snapshot()
        with pytest.raises(ValidationError) as refused:
            self.submit(title_confirm="别的项目")
        assert refused.value.message_dict == {"title_confirm": ["项目名称与申报记录不一致"]}
        assert self.snapshot() == before
        change = self.submit(title_confirm="智能制造标准")
        assert change.data["title_confirm"] == "智能制造标准"

    def test_the_page_handler_and_the_api_read_the_added_field(self):
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore
        from django.test import RequestFactory

        from core.workflow.api import actions_field
        from core.workflow.views import handle_transition

        (submit,) = actions_field(self.app, self.enterprise_user)
        assert submit["fields"] == ["budget", "contact", "title_confirm"]
        request = RequestFactory().post(
            "/x/",
            {
                "action": "submit",
                "submit-budget": "100",
                "submit-contact": "张三",
                "submit-title_confirm": "智能制造标准",
            },
        )
        request.user = self.enterprise_user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        handle_transition(request, self.app, next_url="/done/")
        assert StatusChange.objects.get(action="submit").data["title_confirm"] == "智能制造标准"


class RefusedActionRefillTests(EngineTestCase):
    def test_a_refused_action_comes_back_with_what_was_typed_and_its_errors(self):
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.db import SessionStore
        from django.template.loader import render_to_string
        from django.test import RequestFactory

        from core.workflow.views import handle_transition, workflow_panel

        session = SessionStore()

        def request_for(method, data=None):
            request = getattr(RequestFactory(), method)("/x/", data or {})
            request.user = self.enterprise_user
            request.session = session
            request._messages = FallbackStorage(request)
            return request

        handle_transition(
            request_for(
                "post",
                {
                    "action": "submit",
                    "submit-budget": "9999999",
                    "submit-contact": "李四",
                    "opinion": "请审核",
                },
            ),
            self.app,
            next_url="/done/",
        )
        page = request_for("get")
        html = render_to_string(
            "includes/workflow_panel.html",
            {"panel": workflow_panel(self.app, self.enterprise_user, request=page)},
        )
        assert 'value="9999999"' in html and 'value="李四"' in html
        assert "申请金额不得超过" in html and ">请审核</textarea>" in html
        # Shown once: the next visit starts from an empty form.
        html = render_to_string(
            "includes/workflow_panel.html",
            {"panel": workflow_panel(self.app, self.enterprise_user, request=request_for("get"))},
        )
        assert 'value="9999999"' not in html and "申请金额不得超过" not in html


class PanelOfTheCurrentStageTests(EngineTestCase):
    def test_a_panel_held_before_the_record_came_back_to_the_stage_does_not_count(self):
        self.to_review()
        panel = panel_open(
            obj=self.app, state="review", members=self.experts[:1], rule="all",
            actor=self.city_officer,
        )  # fmt: skip
        work_item_complete(item=panel.items.get(), actor=self.experts[0], outcome="approve")
        transition(obj=self.app, action="conclude", actor=self.city_officer)
        transition(obj=self.app, action="reconsider", actor=self.city_officer, opinion="收到异议")
        before = self.snapshot()
        with pytest.raises(ActionBlocked, match="尚未组织本环节的会签"):
            transition(obj=self.app, action="conclude", actor=self.city_officer)
        assert self.snapshot() == before


class StartTests(EngineTestCase):
    def process(self, **kwargs):
        from core.workflow import Process, Stage, State, Task

        return Process(
            key="tmp_start",
            label="临时",
            model="workflow_example.Application",
            actions=(),
            states=(
                State(
                    "draft",
                    "草稿",
                    Stage.PROGRESS,
                    tasks=(Task("完善申报", users=lambda obj: [self.enterprise_user]),),
                    deadline=Deadline(3),
                ),
            ),
            **kwargs,
        )

    def test_a_record_created_in_its_first_state_gets_its_items_and_its_deadline(self):
        from core.workflow import start

        monday = dt.date(2026, 11, 2)
        with on(monday):
            items = start(obj=self.app, process=self.process())
        self.app.refresh_from_db()
        assert self.app.deadline == add_working_days(monday, 3)
        assert [(i.assignee_id, i.due) for i in items] == [
            (self.enterprise_user.pk, self.app.deadline)
        ]
        assert WorkItem.objects.open().for_user(self.enterprise_user).count() == 1

    def test_extend_roles_stay_within_their_scope(self):
        from core.workflow.deadlines import may_extend
        from directory.permissions import officer_covers

        proc = self.process(
            extend_roles=frozenset({Role.COUNTY_OFFICER.value}),
            extend_scope=lambda user, obj: officer_covers(user, obj.organization),
        )
        assert may_extend(proc, self.app, self.county_officer)
        assert not may_extend(proc, self.app, self.other_county_officer)
