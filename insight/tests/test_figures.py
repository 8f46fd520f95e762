"""Every figure equals a straightforward count over the same data (issue 10: "figures equal
direct counts"), in both scopes and under the filters."""

from __future__ import annotations

import statistics
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Sum

from catalog.choices import Kind, Status
from catalog.models import Standard
from drafting.models import LocalStandardProject
from insight import figures
from insight.figures import Filters
from insight.tests.helpers import CityTestCase, direct_standards
from programs.choices import PILOT_PUBLIC_STATES, PilotLevel
from programs.models import PilotProject, SubsidyPayment
from provincial.models import ProvincialProject
from provincial.selectors import provincial_counts

SCOPES = ("public", "bureau")


def rows(figure: dict) -> dict[str, list]:
    return {row["key"]: row["values"] for row in figure["rows"]}


class StandardFigureTests(CityTestCase):
    def test_catalog_by_kind_and_status_equal_the_catalog_counts(self):
        for scope in SCOPES:
            qs = Standard.objects.all() if scope == "bureau" else Standard.objects.public()
            by_kind = rows(figures.figure("catalog_by_kind", scope))
            by_status = rows(figures.figure("catalog_by_status", scope))
            for kind in Kind:
                self.assertEqual(by_kind[kind.value], [qs.filter(kind=kind).count()], kind)
            for status in Status:
                self.assertEqual(by_status[status.value], [qs.filter(status=status).count()])
        self.assertEqual(rows(figures.figure("catalog_by_kind", "public"))["municipal"], [0])

    def test_local_by_kind_counts_led_and_joined_standards_of_local_organizations(self):
        for scope in SCOPES:
            table = rows(figures.figure("local_by_kind", scope))
            for kind in Kind:
                led = direct_standards(scope, led=True, kind=kind)
                total = direct_standards(scope, kind=kind)
                self.assertEqual(table[kind.value], [led, total - led, total], (scope, kind))
        # the dataset exercises both ways of leading and a standard led from outside
        bureau = rows(figures.figure("local_by_kind", "bureau"))
        self.assertEqual(bureau["national"], [1, 0, 1])
        self.assertEqual(bureau["industry"], [1, 0, 1])  # marked lead at position 2
        self.assertEqual(bureau["provincial"], [0, 1, 1])  # an outsider leads
        self.assertEqual(bureau["municipal"], [1, 0, 1])
        self.assertEqual(rows(figures.figure("local_by_kind", "public"))["municipal"], [0, 0, 0])

    def test_local_by_year_counts_by_issue_year_with_undated_standards_apart(self):
        for scope in SCOPES:
            table = {
                r["label"]: r["values"] for r in figures.figure("local_by_year", scope)["rows"]
            }
            for year in (2021, 2022, 2023, 2024):
                led = direct_standards(scope, led=True, issue_date__year=year)
                total = direct_standards(scope, issue_date__year=year)
                self.assertEqual(table[str(year)], [led, total - led, total], (scope, year))
            total = direct_standards(scope, issue_date=None)
            self.assertEqual(table[figures.NO_YEAR], [0, total, total])

    def test_local_by_county_has_a_row_per_county_and_functional_area(self):
        for scope in SCOPES:
            figure = figures.figure("local_by_county", scope)
            table = rows(figure)
            for code in ("370811", "370883", "3708F01"):
                unit = {"unit__organization__region_id": code}
                led = direct_standards(scope, led=True, **unit)
                total = direct_standards(scope, **unit)
                self.assertEqual(table[code], [led, total - led, total], (scope, code))
            labels = [r["label"] for r in figure["rows"]]
            self.assertIn("太白湖新区（功能区）", labels)
            self.assertNotIn("370102", table)  # outside the city

    def test_local_by_cluster_counts_through_the_organizations_clusters(self):
        for scope in SCOPES:
            table = rows(figures.figure("local_by_cluster", scope))
            for cluster in (self.cluster, self.other_cluster):
                unit = {"unit__organization__clusters": cluster}
                led = direct_standards(scope, led=True, **unit)
                total = direct_standards(scope, **unit)
                self.assertEqual(table[str(cluster.pk)], [led, total - led, total])

    def test_enterprise_standards_by_county_and_year_count_local_q_standards(self):
        for scope in SCOPES:
            by_county = rows(figures.figure("enterprise_by_county", scope))
            by_year = rows(figures.figure("enterprise_by_year", scope))
            for code in ("370811", "370883", "3708F01"):
                expected = direct_standards(
                    scope, kind=Kind.ENTERPRISE, unit__organization__region_id=code
                )
                self.assertEqual(by_county[code], [expected])
            for year in (2023, 2024):
                expected = direct_standards(scope, kind=Kind.ENTERPRISE, issue_date__year=year)
                self.assertEqual(by_year[str(year)], [expected])
        self.assertEqual(rows(figures.figure("enterprise_by_year", "bureau"))["2024"], [1])

    def test_filters_narrow_every_standard_figure_alike(self):
        filters = Filters(year_from=2022, year_to=2023, county="370811")
        table = rows(figures.figure("local_by_kind", "bureau", filters))
        for kind in Kind:
            scoped = {
                "issue_date__year__gte": 2022,
                "issue_date__year__lte": 2023,
                "unit__organization__region_id": "370811",
                "kind": kind,
            }
            led = direct_standards("bureau", led=True, **scoped)
            total = direct_standards("bureau", **scoped)
            self.assertEqual(table[kind.value], [led, total - led, total], kind)
        counties = figures.figure("local_by_county", "bureau", filters)["rows"]
        self.assertEqual([r["key"] for r in counties], ["370811"])


class ProcessFigureTests(CityTestCase):
    def test_projects_by_stage_counts_and_days_equal_the_projects_and_status_changes(self):
        for scope in SCOPES:
            qs = LocalStandardProject.objects.all()
            if scope == "public":
                qs = qs.exclude(plan_number="")
            table = rows(figures.figure("projects_by_stage", scope))
            counts = dict(qs.values_list("state").annotate(n=Count("id")))
            self.assertEqual({k: v[0] for k, v in table.items() if v[0]}, counts)
        table = rows(figures.figure("projects_by_stage", "bureau"))
        # in 征求意见 now: 10 and 30 days; 起草 left after 10 and 5 days, then 4 days
        self.assertEqual(table["comment"][:3], [2, statistics.median([10, 30]), 30])
        self.assertEqual(table["draft"][3:], [3, 5, 10])
        self.assertEqual(table["submitted"], [1, 3, 3, 2, statistics.median([80, 25]), 80])
        public = rows(figures.figure("projects_by_stage", "public"))
        self.assertEqual(public["submitted"], [0, None, None, 2, 52.5, 80])

    def test_provincial_by_stage_equals_the_register_and_provincial_counts(self):
        table = rows(figures.figure("provincial_by_stage", "public"))
        self.assertEqual({k: v[0] for k, v in table.items()}, provincial_counts()["by_stage"])
        for stage, values in table.items():
            self.assertEqual(values, [ProvincialProject.objects.filter(stage=stage).count()])
        narrowed = rows(figures.figure("provincial_by_stage", "bureau", Filters(county="3708F01")))
        self.assertEqual(narrowed["published"], [1])
        self.assertEqual(narrowed["drafting"], [0])

    def test_pilots_by_level_and_state_equal_direct_counts(self):
        for scope in SCOPES:
            qs = PilotProject.objects.all()
            if scope == "public":
                qs = qs.filter(state__in=PILOT_PUBLIC_STATES)
            table = rows(figures.figure("pilots_by_level_state", scope))
            for state, values in table.items():
                expected = [
                    qs.filter(state=state, level=level).count() for level in PilotLevel.values
                ]
                self.assertEqual(values, [*expected, sum(expected)], (scope, state))
            self.assertEqual(sum(v[-1] for v in table.values()), qs.count())
        self.assertNotIn("applied", rows(figures.figure("pilots_by_level_state", "public")))

    def test_awards_paid_against_budget_are_yuan_with_two_decimals(self):
        table = rows(figures.figure("awards_by_year", "bureau"))
        paid = SubsidyPayment.objects.filter(application__policy__year=2025).aggregate(
            s=Sum("amount")
        )["s"]
        self.assertEqual(paid, Decimal("3333.68"))
        self.assertEqual(table["2025"], ["100000.00", "3333.68", "3.33"])
        self.assertEqual(table["2026"], ["50000.00", "0.00", "0.00"])
        county = rows(figures.figure("awards_by_year", "bureau", Filters(county="370811")))
        self.assertEqual(county["2025"][1], "3000.35")

    def test_awards_are_not_a_public_figure(self):
        self.assertNotIn("awards_by_year", figures.keys_for("public"))
        with self.assertRaises(KeyError):
            figures.figure("awards_by_year", "public")

    def test_users_by_month_sum_to_the_registered_users(self):
        table = figures.figure("users_by_month", "public")
        total = get_user_model().objects.filter(is_active=True).count()
        self.assertEqual(sum(r["values"][0] for r in table["rows"]), total)
        data = figures.compute("public")
        self.assertEqual(data["site"]["registered_users"], total)
        self.assertIsNone(data["site"]["home_visits"])
        self.assertIsNone(data["site"]["standard_views"])

    def test_home_visits_come_from_the_site_analytics_once_counted(self):
        from analytics.flush import flush
        from analytics.tests.helpers import BROWSER, clean_buffer

        clean_buffer()
        self.client.get("/", **BROWSER)
        self.client.get("/", **BROWSER)
        flush()

        site = figures.compute("public")["site"]
        self.assertEqual((site["home_visits"], site["standard_views"]), (2, 0))


class BoundedQueryTests(CityTestCase):
    def test_the_whole_set_is_a_fixed_number_of_queries(self):
        # 13 figures + site (registered users, the analytics' stored totals): GROUP BY queries,
        # the areas and clusters lists, project rows and their status changes; the same however
        # many standards there are.
        with self.assertNumQueries(20):
            figures.compute("bureau")
