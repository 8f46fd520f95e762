"""Commenting: anyone while open, receipt numbers, clauses from the draft, refused after close,
rate-limited, honeypot, escaped, text public only after the period."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from consultation.models import Comment
from consultation.tests.helpers import SHANGHAI, ConsultationMixin, at
from core.models import AuditEvent
from testing.personas import PersonaTestCase

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


class CommentServiceTests(ConsultationMixin, PersonaTestCase):
    def test_an_anonymous_comment_gets_a_receipt_and_an_audit_row(self):
        consultation = self.make_consultation()
        first = self.comment(consultation)
        second = self.comment(consultation, clause="4.2.1")
        year = datetime.date.today().year
        assert first.receipt == f"YJ-{year}-000001" and second.receipt == f"YJ-{year}-000002"
        event = AuditEvent.objects.filter(action="consultation.comment").order_by("id").first()
        assert event.actor is None and event.actor_label == "公众：张三"
        assert event.changes["extra"]["receipt"] == first.receipt

    def test_it_emails_the_receipt_when_an_email_is_given(self):
        consultation = self.make_consultation()
        with self.captureOnCommitCallbacks(execute=True):
            comment = self.comment(consultation, contact="li@example.invalid")
        assert comment.email == "li@example.invalid"
        assert len(mail.outbox) == 1 and comment.receipt in mail.outbox[0].subject

    def test_it_accepts_only_clauses_of_the_draft(self):
        consultation = self.make_consultation()
        assert self.comment(consultation, clause="附录A").clause == "附录A"
        with pytest.raises(ValidationError) as error:
            self.comment(consultation, clause="9.9")
        assert "征求意见稿中没有第 9.9 条" in str(error.value.message_dict["clause"])
        assert Comment.objects.count() == 1

    def test_it_refuses_a_comment_one_second_after_closing_in_shanghai_time(self):
        closes = datetime.datetime(2026, 12, 31, 23, 59, 59, tzinfo=SHANGHAI)
        consultation = self.make_consultation(
            opens_at=closes - datetime.timedelta(days=30), closes_at=closes
        )
        with at(closes):
            assert self.comment(consultation).receipt.startswith("YJ-2026-")
        with at(closes + datetime.timedelta(seconds=1)), pytest.raises(ValidationError) as error:
            self.comment(consultation)
        assert "已于 2026-12-31 23:59 截止" in str(error.value)
        assert Comment.objects.count() == 1

    def test_it_refuses_empty_or_oversized_input_and_stores_nothing(self):
        consultation = self.make_consultation()
        with pytest.raises(ValidationError) as error:
            self.comment(consultation, content="x" * 5001, name="", contact="a@b")
        assert set(error.value.message_dict) == {"content", "name", "contact"}
        assert not Comment.objects.exists()


class CommentPageTests(ConsultationMixin, PersonaTestCase):
    def setUp(self):
        self.consultation = self.make_consultation()
        self.url = reverse("consultation:detail", args=[self.consultation.pk])

    def post(self, **data):
        form = {"content": "意见", "name": "王五", "contact": "13900000000", "clause": ""}
        return self.client.post(self.url, {**form, **data})

    def test_the_public_list_shows_open_consultations_with_days_left_and_the_draft(self):
        page = self.client.get(reverse("consultation:list")).content.decode()
        assert self.consultation.title in page and "剩 31 天" in page
        draft = self.client.get(reverse("consultation:draft", args=[self.consultation.pk]))
        assert draft.status_code == 200 and draft["Content-Disposition"].startswith("attachment")

    def test_the_list_page_query_count_does_not_grow_with_consultations(self):
        url = reverse("consultation:list")
        self.client.get(url)  # warm caches (content types, site)
        with self.assertNumQueries(2) as first:  # open ones, recently closed ones
            self.client.get(url)
        self.make_consultation()
        self.make_consultation()
        with self.assertNumQueries(len(first.captured_queries)):
            page = self.client.get(url).content.decode()
        assert page.count("剩 31 天") == 3

    def test_the_menu_and_the_home_page_link_to_the_consultations(self):
        page = self.client.get(reverse("portal:home")).content.decode()
        assert reverse("consultation:list") in page and "征求意见" in page
        assert self.url in page and "剩 31 天" in page  # the home page block

    def test_anyone_comments_on_a_clause_without_an_account(self):
        page = self.client.get(self.url).content.decode()
        assert '<option value="4.2.1">4.2.1</option>' in page
        assert '<option value="4.2">4.2 作业要求</option>' in page
        response = self.post(clause="4.2.1")
        receipt_url = reverse("consultation:receipt", args=[self.consultation.pk])
        assert response.status_code == 302 and response["Location"] == receipt_url
        comment = Comment.objects.get()
        assert comment.receipt in self.client.get(receipt_url).content.decode()
        assert comment.clause == "4.2.1"

    def test_another_browser_does_not_see_the_receipt(self):
        self.post()
        self.client.logout()  # a new session
        receipt_url = reverse("consultation:receipt", args=[self.consultation.pk])
        response = self.client.get(receipt_url)
        assert response.status_code == 302 and Comment.objects.get().receipt not in str(response)

    def test_an_unknown_clause_is_refused_on_the_page(self):
        response = self.post(clause="7.7")
        assert response.status_code == 200 and not Comment.objects.exists()
        assert "有效的选项" in response.content.decode() or "没有第" in response.content.decode()

    def test_the_honeypot_stores_nothing(self):
        response = self.post(website="http://spam.example")
        assert "提交失败" in response.content.decode() and not Comment.objects.exists()

    @override_settings(POST_RATE_LIMITS={"consultation_comment": (2, 3600)})
    def test_anonymous_posts_are_rate_limited(self):
        from django.core.cache import cache

        cache.clear()
        assert self.post().status_code == 302
        assert self.post().status_code == 302
        assert self.post().status_code == 429
        assert Comment.objects.count() == 2

    def test_a_comment_after_closing_is_refused_on_the_page(self):
        self.close(self.consultation)
        response = self.post()
        assert "提出意见" not in response.content.decode() and not Comment.objects.exists()

    def test_text_is_hidden_until_the_period_ends_then_shown_escaped(self):
        self.comment(self.consultation, content=HOSTILE, organization="<b>某单位</b>")
        page = self.client.get(self.url).content.decode()
        assert "已收意见" in page and "1 条" in page and "alert" not in page
        self.close(self.consultation)
        page = self.client.get(self.url).content.decode()
        assert "&lt;script&gt;" in page and "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;b&gt;某单位&lt;/b&gt;" in page
        assert "13800000000" not in page  # contacts are never public

    def test_a_consultation_not_yet_open_is_hidden_from_the_public(self):
        start = self.consultation.opens_at + datetime.timedelta(days=100)
        later = self.make_consultation(opens_at=start)
        url = reverse("consultation:detail", args=[later.pk])
        assert self.client.get(url).status_code == 404
        self.login(self.city_officer)
        assert self.client.get(url).status_code == 200
