"""The rules one standard must satisfy, whether typed in by hand or read from a file row."""

import datetime

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase

from catalog import validation as v
from catalog.choices import Kind, Nature, Status
from catalog.forms import StandardRowForm
from reference.models import CcsClass, IcsClass

TODAY = datetime.date(2026, 6, 1)
ICS_KNOWN = {"97", "97.220", "97.220.10"}
CCS_KNOWN = {"Y", "Y50/59", "Y55"}


def row_form(**values) -> StandardRowForm:
    data = {"code": "GB/T 19001-2016", "title": "质量管理体系 要求", "status": "现行", **values}
    form = StandardRowForm(data, today=TODAY, ics_known=ICS_KNOWN, ccs_known=CCS_KNOWN)
    form.is_valid()
    return form


class ParseDateTests(SimpleTestCase):
    def test_it_reads_the_spellings_found_in_catalogs(self):
        expected = datetime.date(2016, 12, 30)
        for text in [
            "2016-12-30",
            "2016/12/30",
            "2016.12.30",
            "2016年12月30日",
            "20161230",
            " 2016-12-30 ",
            "2016-12-30 00:00:00",
            datetime.datetime(2016, 12, 30, 0, 0),
            expected,
        ]:
            with self.subTest(text=text):
                self.assertEqual(v.parse_date(text), expected)

    def test_it_reads_an_empty_cell_as_no_date(self):
        for empty in ("", None, "   "):
            self.assertIsNone(v.parse_date(empty))

    def test_it_rejects_impossible_and_malformed_dates_with_the_text_in_the_message(self):
        for text in ["2021-02-30", "abc", "2006-010-01", "2021-13-01", "1986-012-01", "2020-1"]:
            with self.subTest(text=text), self.assertRaises(ValidationError) as caught:
                v.parse_date(text)
            self.assertIn(f"日期“{text}”无效", caught.exception.messages[0])


class ParseStatusTests(SimpleTestCase):
    def test_it_maps_chinese_english_and_registry_flags_to_the_three_statuses(self):
        cases = {
            "现行": Status.CURRENT,
            "现行有效": Status.CURRENT,
            "active": Status.CURRENT,
            "Active": Status.CURRENT,
            "active|reaffirmed": Status.CURRENT,
            "即将实施": Status.UPCOMING,
            "废止": Status.ABOLISHED,
            "withdrawn": Status.ABOLISHED,
            "superseded": Status.ABOLISHED,
            "active|superseded": Status.ABOLISHED,  # a withdrawn flag outweighs an active one
        }
        for text, status in cases.items():
            with self.subTest(text=text):
                self.assertEqual(v.parse_status(text), status)

    def test_it_rejects_drafts_as_not_published(self):
        for text in ("draft", "draft|publicCd", "征求意见稿"):
            with self.subTest(text=text), self.assertRaises(ValidationError) as caught:
                v.parse_status(text)
            self.assertEqual(caught.exception.code, "not_published")
            self.assertIn("草案", caught.exception.messages[0])

    def test_it_rejects_an_unknown_status_naming_the_accepted_ones(self):
        with self.assertRaises(ValidationError) as caught:
            v.parse_status("有效期内")
        self.assertIn("现行、即将实施 或 废止", caught.exception.messages[0])


class DeriveStatusTests(SimpleTestCase):
    def derive(self, given=None, implement=None, abolish=None):
        return v.derive_status(
            given=given, implement_date=implement, abolish_date=abolish, today=TODAY
        )

    def test_the_dates_decide_over_the_stated_status(self):
        day = datetime.timedelta(days=1)
        self.assertEqual(self.derive(Status.CURRENT, TODAY + day), Status.UPCOMING)
        self.assertEqual(self.derive(Status.UPCOMING, TODAY), Status.CURRENT)
        self.assertEqual(self.derive(Status.CURRENT, TODAY - day, TODAY), Status.ABOLISHED)
        self.assertEqual(self.derive(Status.ABOLISHED, TODAY - day, TODAY + day), Status.CURRENT)

    def test_a_stated_abolition_without_a_date_stands(self):
        self.assertEqual(
            self.derive(Status.ABOLISHED, TODAY - datetime.timedelta(days=9)), "abolished"
        )

    def test_the_stated_status_decides_when_there_are_no_dates(self):
        self.assertEqual(self.derive(Status.UPCOMING), Status.UPCOMING)

    def test_it_needs_a_status_or_an_implementation_date(self):
        with self.assertRaises(ValidationError) as caught:
            self.derive()
        self.assertEqual(caught.exception.code, "no_status")


class SplitListTests(SimpleTestCase):
    def test_it_splits_on_every_separator_and_drops_repeats_keeping_order(self):
        self.assertEqual(
            v.split_list("甲 | 乙；丙,丁，戊、己\n甲"), ["甲", "乙", "丙", "丁", "戊", "己"]
        )

    def test_it_reads_partial_replacements_in_both_spellings(self):
        for text in (
            "部分代替 GB/T 1-2000",
            "GB/T 1-2000(部分)",
            "GB/T 1-2000（部分）",
            "GB/T 1-2000 (partial)",
        ):
            with self.subTest(text=text):
                code, partial = v.parse_replacement(text)
                self.assertEqual((code.format(), partial), ("GB/T 1-2000", True))
        code, partial = v.parse_replacement("GB/T 1-2000")
        self.assertFalse(partial)


class StandardRowFormTests(TestCase):
    def test_a_complete_row_cleans_into_model_values(self):
        form = row_form(
            code="gb／t 19001—2016",
            title="  质量管理体系   要求 ",
            kind="国家标准",
            nature="推荐性",
            issue_date="2016-12-30",
            implement_date="2017-07-01",
            ics="97.220.10;97.220",
            ccs="y55",
            adoption_degree="等同采用（IDT）",
            drafting_organizations="甲单位、乙单位",
            participating_organizations="丙单位|甲单位",
            drafters="张三,李四",
        )
        self.assertEqual(form.errors, {})
        values = form.standard_values()
        self.assertEqual(values["code"], "GB/T 19001-2016")
        self.assertEqual(values["code_key"], "GB/T19001-2016")
        self.assertEqual(values["title"], "质量管理体系 要求")
        self.assertEqual((values["kind"], values["nature"]), (Kind.NATIONAL, Nature.RECOMMENDED))
        self.assertEqual(values["status"], Status.CURRENT)
        self.assertEqual(values["ccs_id"], "Y55")
        self.assertEqual(values["adoption_degree"], "IDT")
        self.assertEqual(values["drafters"], ["张三", "李四"])
        self.assertEqual(form.cleaned_data["ics"], ["97.220.10", "97.220"])
        self.assertEqual(
            form.cleaned_data["drafting_units"],
            [("甲单位", "lead"), ("乙单位", "participant"), ("丙单位", "participant")],
        )

    def test_a_kind_contradicting_the_code_is_an_error(self):
        form = row_form(kind="团体标准")
        self.assertEqual(form.errors["kind"], ["标准类型与标准号不符：GB/T 19001-2016 是国家标准"])

    def test_local_standards_accept_the_generic_local_kind(self):
        for code in ("DB37/T 2904-2019", "DB3708/T 12-2021"):
            with self.subTest(code=code):
                self.assertEqual(row_form(code=code, kind="地方标准").errors, {})

    def test_a_nature_contradicting_the_code_is_a_warning_and_the_code_decides(self):
        form = row_form(nature="强制性")
        self.assertEqual(form.errors, {})
        self.assertEqual(form.standard_values()["nature"], Nature.RECOMMENDED)
        self.assertEqual(
            form.warnings,
            [("nature", "标准性质与标准号不符：GB/T 19001-2016 是推荐性标准，已按标准号确定")],
        )

    def test_an_is_mandatory_false_column_does_not_contradict_a_recommended_code(self):
        form = row_form(nature="False")
        self.assertEqual((form.errors, form.warnings), ({}, []))

    def test_a_draft_status_rejects_the_row(self):
        self.assertIn("草案", row_form(status="draft").errors["status"][0])

    def test_status_follows_the_dates_as_of_today(self):
        cases = [
            ({"status": "现行", "implement_date": "2026-06-02"}, Status.UPCOMING),
            ({"status": "即将实施", "implement_date": "2026-06-01"}, Status.CURRENT),
            ({"status": "现行", "abolish_date": "2026-05-31"}, Status.ABOLISHED),
            ({"status": "", "implement_date": "2020-01-01"}, Status.CURRENT),
            ({"status": "废止", "implement_date": "2020-01-01"}, Status.ABOLISHED),
        ]
        for values, status in cases:
            with self.subTest(**values):
                form = row_form(**values)
                self.assertEqual(form.errors, {})
                self.assertEqual(form.standard_values()["status"], status)

    def test_implementation_before_issue_keeps_both_dates_with_a_warning(self):
        form = row_form(issue_date="2020-05-01", implement_date="2020-04-30")
        self.assertEqual(form.errors, {})
        values = form.standard_values()
        self.assertEqual(
            (values["issue_date"], values["implement_date"]),
            (datetime.date(2020, 5, 1), datetime.date(2020, 4, 30)),
        )
        self.assertEqual(
            form.warnings,
            [("implement_date", "实施日期不能早于发布日期，两个日期均已保留，请核对")],
        )

    def test_abolition_before_implementation_sets_the_abolish_date_aside(self):
        form = row_form(implement_date="2010-03-01", abolish_date="2000-01-01", status="废止")
        self.assertEqual(form.errors, {})
        values = form.standard_values()
        self.assertEqual(values["abolish_date"], None)
        self.assertEqual(values["raw_values"], {"abolish_date": "2000-01-01"})
        self.assertEqual(values["status"], Status.ABOLISHED)  # as given: the dates say nothing
        self.assertIn(
            ("abolish_date", "废止日期不能早于实施日期（2000-01-01），已忽略（原值已保留）"),
            form.warnings,
        )

    def test_a_date_before_1950_is_set_aside(self):
        form = row_form(issue_date="1900-01-01")
        self.assertEqual(form.errors, {})
        self.assertEqual(form.standard_values()["issue_date"], None)
        self.assertEqual(form.standard_values()["raw_values"], {"issue_date": "1900-01-01"})

    def test_a_status_the_dates_contradict_is_a_warning_naming_what_was_done(self):
        form = row_form(status="即将实施", implement_date="2010-01-01")
        self.assertEqual(form.standard_values()["status"], Status.CURRENT)
        self.assertIn(("status", "状态“即将实施”与日期不符，已按日期定为“现行”"), form.warnings)

    def test_upcoming_without_an_implement_date_is_flagged_and_does_not_last_forever(self):
        form = row_form(status="即将实施", issue_date=str(TODAY - datetime.timedelta(days=100)))
        self.assertEqual(form.standard_values()["status"], Status.UPCOMING)
        self.assertIn(("status", "状态为即将实施，但没有实施日期，请补充"), form.warnings)
        form = row_form(status="即将实施", issue_date=str(TODAY - datetime.timedelta(days=800)))
        self.assertEqual(form.standard_values()["status"], Status.CURRENT)

    def test_an_unknown_kind_or_nature_label_is_a_warning_the_code_decides(self):
        form = row_form(kind="部标准", nature="半强制")
        self.assertEqual(form.errors, {})
        self.assertEqual(form.standard_values()["kind"], Kind.NATIONAL)
        self.assertEqual([name for name, _ in form.warnings], ["kind", "nature"])

    def test_a_value_that_does_not_parse_at_all_is_still_an_error(self):
        self.assertIn("implement_date", row_form(implement_date="2025-13-45").errors)
        self.assertIn("status", row_form(status="没有这种状态").errors)
        self.assertIn("kind", row_form(kind="团体标准").errors)  # contradicts the code

    def test_a_wrong_date_is_an_error_on_its_own_column(self):
        for text in ("2021-02-30", "abc", "2006-010-01"):
            with self.subTest(text=text):
                form = row_form(issue_date=text)
                self.assertEqual(
                    form.errors["issue_date"], [f"日期“{text}”无效，请写成 2024-01-31 的形式"]
                )

    def test_unknown_ics_and_ccs_codes_are_set_aside_with_a_warning(self):
        form = row_form(ics="97.220.10;99.999", ccs="Z99")
        self.assertEqual(form.errors, {})
        self.assertEqual(form.cleaned_data["ics"], ["97.220.10"])
        values = form.standard_values()
        self.assertEqual(values["ccs_id"], None)
        self.assertEqual(values["raw_values"], {"ics": ["99.999"], "ccs": "Z99"})
        self.assertEqual(
            form.warnings,
            [
                ("ics", "ICS 分类号不存在：99.999，已忽略（原值已保留）"),
                ("ccs", "CCS 分类号“Z99”不存在，已忽略（原值已保留）"),
            ],
        )

    def test_without_known_sets_it_checks_classifications_against_the_database(self):
        IcsClass.objects.create(code="97", level=1, name_en="Domestic")
        CcsClass.objects.create(code="Y", level=1, name="轻工、文化与生活用品")
        data = {"code": "GB/T 1-2000", "title": "x", "status": "现行", "ics": "97", "ccs": "Y"}
        self.assertTrue(StandardRowForm(data).is_valid())
        data["ics"] = "98"
        form = StandardRowForm(data)
        self.assertTrue(form.is_valid())
        self.assertEqual(form.raw_values, {"ics": ["98"]})

    def test_foreign_codes_and_kinds_are_outside_the_platform(self):
        form = row_form(code="ISO 9001:2015")
        self.assertIn("不属于本平台收录范围", form.errors["code"][0])
        form = row_form(kind="国际标准")
        self.assertIn("不属于本平台收录范围", form.errors["kind"][0])

    def test_a_malformed_code_says_what_is_wrong(self):
        form = row_form(code="19001-2016")
        self.assertIn("缺少标准代号", form.errors["code"][0])

    def test_self_replacement_and_committee_codes_are_dropped_with_warnings(self):
        form = row_form(replaces="GB/T 19001-2016|GB/T 19001-2008", replaced_by="TC291")
        self.assertEqual(form.errors, {})
        self.assertEqual(
            [(c.format(), p) for c, p in form.cleaned_data["replaces"]],
            [("GB/T 19001-2008", False)],
        )
        self.assertEqual(form.cleaned_data["replaced_by"], [])
        fields = sorted(field for field, _message in form.warnings)
        self.assertEqual(fields, ["replaced_by", "replaces"])
        self.assertIn("已忽略“TC291”", dict(form.warnings)["replaced_by"])

    def test_a_group_code_whose_designation_does_not_fit_the_catalog_is_an_error(self):
        # The parser accepts any association code; the catalog stores designations up to 40
        # characters, so a longer one must be a row error, not a database error on commit.
        form = row_form(code="T/" + "A" * 45 + " 1-2020")
        self.assertIn("过长", form.errors["code"][0])

    def test_a_drafting_unit_name_longer_than_the_catalog_stores_is_an_error(self):
        form = row_form(drafting_organizations="甲" * 301)
        self.assertIn("单位名称过长", form.errors["drafting_organizations"][0])
        self.assertEqual(row_form(drafting_organizations="甲" * 300).errors, {})

    def test_an_unknown_adoption_degree_is_an_error(self):
        self.assertIn(
            "IDT、MOD 或 NEQ", row_form(adoption_degree="等效").errors["adoption_degree"][0]
        )


class SeparatorOnlyStatusTests(SimpleTestCase):
    def test_it_reads_a_status_of_separators_only_as_no_status(self):
        for text in (",", "|", " , ，| "):
            with self.subTest(text=text):
                self.assertIsNone(v.parse_status(text))
