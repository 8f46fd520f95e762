"""The directory's registers: one filter per register shared by page, API and export, and a
constant number of queries however long the list."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from directory.choices import CommitteeLevel, VerificationState
from directory.models import Expert, ExpertConflict, Organization, Specialist, TechnicalCommittee
from reference.models import CcsClass
from testing.personas import PersonaTestCase


class DirectoryListTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ccs = CcsClass.objects.create(code="J", level=1, name="机械")

    def add_rows(self, start, count):
        for i in range(start, start + count):
            org = Organization.objects.create(
                name=f"示范机构{i:03d}",
                region=self.county,
                verification_state=VerificationState.VERIFIED,
            )
            Specialist.objects.create(
                organization=org, name=f"专员{i:03d}", state=VerificationState.VERIFIED
            )
            expert = Expert.objects.create(name=f"专家{i:03d}", employer=org)
            expert.ccs_specialties.add(self.ccs)
            ExpertConflict.objects.create(expert=expert, organization=self.organization)
            TechnicalCommittee.objects.create(
                code=f"SD/TC {i}",
                name=f"委员会{i}",
                level=CommitteeLevel.PROVINCIAL,
                secretariat=org,
            )

    def queries(self, url, user) -> int:
        self.client.force_login(user) if user else self.client.logout()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        assert response.status_code == 200, url
        return len(captured)

    # (url, who looks, queries pinned): session, user with roles, unread notifications, count, page…
    PAGES = (
        ("/organizations/", None, 4),  # + the cluster options
        ("/organizations/", "county_officer", 7),
        ("/specialists/", "city_officer", 5),
        ("/experts/", "city_officer", 7),
        ("/committees/", None, 2),
    )

    def test_it_runs_a_pinned_number_of_queries_however_long_the_list(self):
        self.add_rows(0, 2)
        few = {
            (url, who): self.queries(url, getattr(self, who or "", None))
            for url, who, _ in self.PAGES
        }
        self.add_rows(2, 18)
        for url, who, pinned in self.PAGES:
            many = self.queries(url, getattr(self, who or "", None))
            assert (few[(url, who)], many) == (pinned, pinned), (url, who)

    def test_the_page_the_api_and_the_export_filter_alike(self):
        self.add_rows(0, 3)
        self.client.force_login(self.city_officer)
        page = self.client.get("/organizations/", {"q": "示范机构001"}).content.decode()
        assert "示范机构001" in page and "示范机构002" not in page
        api = self.client.get("/api/v1/organizations/", {"q": "示范机构001"}).json()
        assert [o["name"] for o in api["results"]] == ["示范机构001"]
        export = self.client.get("/directory/export/organizations.xlsx", {"q": "示范机构001"})
        rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
        assert [r[0] for r in rows[1:]] == ["示范机构001"]

    def test_filters_by_state_region_level_and_availability(self):
        self.add_rows(0, 2)
        Expert.objects.filter(name="专家000").update(is_available=False)
        self.client.force_login(self.city_officer)

        def names(url, **params):
            return [r["name"] for r in self.client.get(url, params).json()["results"]]

        assert set(names("/api/v1/organizations/", state="unsubmitted")) == {
            self.organization.name,
            self.other_organization.name,
        }
        assert names(
            "/api/v1/organizations/", verification_state="verified", region=self.county.pk
        ) == ["示范机构000", "示范机构001"]
        assert names("/api/v1/experts/", is_available="false") == ["专家000"]
        assert names("/api/v1/experts/", q="示范机构001") == ["专家001"]
        assert self.client.get("/api/v1/committees/", {"level": "national"}).json()["results"] == []
        assert names("/api/v1/specialists/", q="专员001") == ["专员001"]

    def test_anonymous_visitors_get_no_state_filter_and_only_verified_records(self):
        self.add_rows(0, 1)
        page = self.client.get("/organizations/", {"state": "unsubmitted"}).content.decode()
        assert 'name="state"' not in page
        assert "示范机构000" in page and self.organization.name not in page

    def test_an_invalid_filter_value_shows_an_error_and_no_rows(self):
        self.add_rows(0, 1)
        self.client.force_login(self.city_officer)
        page = self.client.get("/organizations/", {"state": "nonsense"}).content.decode()
        assert "示范机构000" not in page and "nonsense" in page
