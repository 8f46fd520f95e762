"""`load_reference`: the shipped classification tables, their hierarchy, and idempotence."""

import io

from django.core.management import call_command
from django.test import TestCase

from core.models import AuditEvent
from reference.loaders import load_reference
from reference.models import (
    CcsClass,
    IcsClass,
    IndustryClass,
    IndustryCluster,
    IndustryStandardPrefix,
    Region,
    RegionLevel,
)

EXPECTED = {
    "行政区划": 3511,  # 3509 divisions + 2 functional areas with a local code
    "国民经济行业分类": 1772,
    "ICS 分类": 1381,
    "CCS 分类": 1857,
    "行业标准代号": 64,
    "产业集群": 6,
}


class LoadReferenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first = load_reference()

    def test_it_loads_every_table_from_the_shipped_files(self):
        self.assertEqual(self.first, {label: (count, 0) for label, count in EXPECTED.items()})
        self.assertEqual(
            [
                Region.objects.count(),
                IndustryClass.objects.count(),
                IcsClass.objects.count(),
                CcsClass.objects.count(),
                IndustryStandardPrefix.objects.count(),
                IndustryCluster.objects.count(),
            ],
            list(EXPECTED.values()),
        )

    def test_a_second_run_creates_and_updates_nothing_and_is_not_audited(self):
        events = AuditEvent.objects.count()
        self.assertEqual(load_reference(), {label: (0, 0) for label in EXPECTED})
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_first_run_is_audited_once(self):
        event = AuditEvent.objects.get(action="reference.load")
        self.assertEqual(event.changes["extra"]["ICS 分类"], {"created": 1381, "updated": 0})

    def test_a_changed_row_is_put_back_and_counted_as_updated(self):
        Region.objects.filter(code="370811").update(name="改错的名字", parent_id="37")
        IcsClass.objects.filter(code="97").update(name_zh="")
        result = load_reference()
        self.assertEqual(result["行政区划"], (0, 1))
        self.assertEqual(result["ICS 分类"], (0, 1))
        region = Region.objects.get(code="370811")
        self.assertEqual((region.name, region.parent_id), ("任城区", "3708"))

    def test_a_deleted_row_is_created_again(self):
        IndustryStandardPrefix.objects.filter(prefix="TY").delete()
        self.assertEqual(load_reference()["行业标准代号"], (1, 0))
        self.assertEqual(IndustryStandardPrefix.objects.get(prefix="TY").industry_zh, "体育")

    def test_regions_hang_on_their_parents_down_to_jining_streets(self):
        county = Region.objects.get(code="370811")
        self.assertEqual(county.name, "任城区")
        chain = [county.parent.code, county.parent.parent.code, county.parent.parent.parent]
        self.assertEqual(chain, ["3708", "37", None])
        self.assertEqual(county.parent.name, "济宁市")
        self.assertEqual(county.level, RegionLevel.COUNTY)
        street = Region.objects.filter(level=RegionLevel.TOWN, parent=county).first()
        self.assertIsNotNone(street)
        self.assertFalse(
            Region.objects.filter(level=RegionLevel.TOWN).exclude(code__startswith="3708").exists()
        )
        self.assertFalse(
            Region.objects.exclude(level=RegionLevel.PROVINCE).filter(parent=None).exists()
        )

    def test_industries_hang_on_their_parents(self):
        small = IndustryClass.objects.get(code="0111")
        self.assertEqual(
            [small.parent_id, small.parent.parent_id, small.parent.parent.parent_id],
            ["011", "01", "A"],
        )
        self.assertEqual([c.level for c in (small, small.parent, small.parent.parent)], [4, 3, 2])

    def test_a_small_class_whose_middle_class_row_is_missing_hangs_on_its_major_class(self):
        # GB/T 4754 omits the 中类 row where a 中类 has a single 小类 (019 → 0190).
        self.assertFalse(IndustryClass.objects.filter(code="019").exists())
        self.assertEqual(IndustryClass.objects.get(code="0190").parent_id, "01")
        for small in IndustryClass.objects.filter(level=4).select_related("parent"):
            self.assertIn(small.parent.level, (2, 3), small.code)
            self.assertTrue(small.code.startswith(small.parent.code), small.code)

    def test_ics_fields_have_chinese_names_and_groups_hang_on_fields(self):
        fields = IcsClass.objects.filter(level=1)
        self.assertEqual(fields.count(), 40)
        self.assertFalse(fields.filter(name_zh="").exists())
        self.assertEqual(IcsClass.objects.get(code="97").name_zh, "家用和商用设备、文娱、体育")
        self.assertEqual(IcsClass.objects.get(code="97.220.10").parent.parent_id, "97")

    def test_ccs_has_three_levels(self):
        self.assertEqual(
            [CcsClass.objects.filter(level=n).count() for n in (1, 2, 3)], [24, 225, 1608]
        )
        a00 = CcsClass.objects.get(code="A00")
        self.assertEqual((a00.parent_id, a00.parent.parent_id), ("A00/09", "A"))
        self.assertTrue(a00.notes)


class LoadReferenceCommandTests(TestCase):
    def test_the_command_reports_what_each_run_created(self):
        first, second = io.StringIO(), io.StringIO()
        call_command("load_reference", stdout=first)
        call_command("load_reference", stdout=second)
        self.assertIn("行政区划：新增 3511，更新 0", first.getvalue().splitlines())
        self.assertEqual(
            second.getvalue().splitlines(),
            [f"{label}：新增 0，更新 0" for label in EXPECTED],
        )


class FunctionalAreaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_reference()

    def test_the_three_functional_areas_are_county_level_areas_of_the_city(self):
        areas = Region.objects.filter(is_functional_area=True).order_by("code")
        self.assertEqual(
            [(a.code, a.name, a.level, a.parent_id) for a in areas],
            [
                ("370871", "济宁高新技术产业开发区", RegionLevel.COUNTY, "3708"),
                ("3708F01", "太白湖新区", RegionLevel.COUNTY, "3708"),
                ("3708F02", "济宁经济技术开发区", RegionLevel.COUNTY, "3708"),
            ],
        )

    def test_local_codes_cannot_collide_with_official_digit_codes(self):
        local = Region.objects.filter(is_functional_area=True).exclude(code="370871")
        for area in local:
            self.assertFalse(area.code.isdigit(), area.code)
        self.assertFalse(Region.objects.filter(code="370811", is_functional_area=True).exists())

    def test_a_functional_area_is_selectable_as_an_organizations_region(self):
        from directory.filters import OrganizationFilter
        from directory.forms import county_queryset

        choices = list(OrganizationFilter().filters["region"].queryset(None))
        self.assertIn("3708F01", [r.code for r in choices])
        self.assertIn("3708F02", [r.code for r in county_queryset()])
