"""API: /api/v1/consultations/ and …/{id}/comments/ (the mixin a process mounts on its records)."""

import io

from django.core.cache import cache
from django.test import override_settings
from openpyxl import load_workbook

from consultation import services
from consultation.models import Comment
from consultation.tests.helpers import ConsultationMixin
from testing.personas import PersonaTestCase


class ConsultationApiTests(ConsultationMixin, PersonaTestCase):
    def setUp(self):
        self.consultation = self.make_consultation()
        self.base = f"/api/v1/consultations/{self.consultation.pk}"

    def post(self, **data):
        body = {"content": "建议修改", "name": "王五", "contact": "13900000000", **data}
        return self.client.post(f"{self.base}/comments/", body, content_type="application/json")

    def test_the_list_shows_open_consultations_with_clauses(self):
        body = self.client.get("/api/v1/consultations/").json()
        item = body["results"][0]
        assert item["is_open"] and item["days_left"] == 31
        assert {"number": "4.2", "title": "作业要求"} in item["clauses"]

    def test_the_list_query_count_does_not_grow(self):
        with self.assertNumQueries(2):  # count, page
            self.client.get("/api/v1/consultations/")
        self.make_consultation()
        with self.assertNumQueries(2):
            assert len(self.client.get("/api/v1/consultations/").json()["results"]) == 2

    def test_it_answers_a_structured_404_for_an_id_that_is_not_a_number(self):
        for path in ("", "comments/", "comment-table.xlsx/", "comment-table.docx/"):
            response = self.client.get(f"/api/v1/consultations/@x/{path}")
            assert response.status_code == 404, path
            assert response.json()["error"]["code"] == "not_found"

    def test_an_anonymous_post_answers_201_with_a_receipt(self):
        response = self.post(clause="4.2.1")
        assert response.status_code == 201
        assert response.json()["receipt"] == Comment.objects.get().receipt

    def test_an_unknown_clause_is_a_400_with_the_field(self):
        response = self.post(clause="8.8")
        assert response.status_code == 400
        assert "clause" in response.json()["error"]["fields"] and not Comment.objects.exists()

    def test_after_the_period_a_post_is_refused_and_nothing_stored(self):
        self.close(self.consultation)
        response = self.post()
        assert response.status_code == 400 and not Comment.objects.exists()
        assert "截止" in str(response.json()["error"])

    def test_before_the_end_only_the_count_is_public(self):
        self.post(content="秘密意见")
        body = self.client.get(f"{self.base}/comments/").json()
        assert body["count"] == 1 and body["results"] == [] and not body["text_public"]

    def test_after_publication_text_and_dispositions_are_public(self):
        self.post(content="<b>意见</b>")
        comment = Comment.objects.get()
        services.comment_dispose(
            comment=comment, disposition="rejected", reason="不适用", actor=self.city_officer
        )
        self.close(self.consultation)
        body = self.client.get(f"{self.base}/comments/").json()
        assert body["results"][0]["content"] == "<b>意见</b>"  # JSON is data; pages escape it
        assert body["results"][0]["disposition"] == ""  # not yet published
        services.dispositions_publish(consultation=self.consultation, actor=self.city_officer)
        result = self.client.get(f"{self.base}/comments/").json()["results"][0]
        assert result["disposition_label"] == "不采纳" and result["reason"] == "不适用"
        assert "contact" not in result
        table = self.client.get(f"{self.base}/comment-table.xlsx")
        assert table.status_code == 200
        sheet = load_workbook(io.BytesIO(table.content)).active
        assert sheet.cell(row=3, column=5).value == "不采纳"
        assert self.client.get(f"{self.base}/comment-table.docx").status_code == 200

    def test_the_table_is_refused_to_the_public_and_other_roles_before_publication(self):
        for user in (None, self.enterprise_user, self.county_officer):
            self.client.logout()
            if user:
                self.login(user)
            assert self.client.get(f"{self.base}/comment-table.xlsx").status_code == 404

    @override_settings(POST_RATE_LIMITS={"consultation_comment": (2, 3600)})
    def test_anonymous_posts_are_rate_limited(self):
        cache.clear()
        assert [self.post().status_code for _ in range(3)] == [201, 201, 429]
        assert Comment.objects.count() == 2

    def test_the_honeypot_is_refused(self):
        assert self.post(website="x").status_code == 400 and not Comment.objects.exists()
