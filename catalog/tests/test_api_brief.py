"""The API's search results are built without the serializer on the hot path; they must stay
exactly what `StandardBriefSerializer` gives."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from catalog import selectors
from catalog.api import StandardBriefSerializer, brief, briefs
from catalog.models import Standard
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase


class BriefRowsTests(SearchTestCase):
    def test_the_fast_rows_equal_the_serializer(self):
        with self.captureOnCommitCallbacks(execute=True):
            standards = [
                make_standard("GB/T 19001-2016", "质量管理体系 要求", title_en="QMS"),
                make_standard("DB37/T 2904-2019", "足球场地建设规范", status="abolished"),
            ]
        Standard.objects.filter(pk=standards[1].pk).update(
            abolish_date=datetime.date(2024, 1, 2), nature=""
        )
        ids = [s.pk for s in standards]
        fast = [brief(row) for row in selectors.brief_rows(None, ids)]
        slow = StandardBriefSerializer(
            Standard.objects.filter(pk__in=ids).order_by("pk"), many=True
        )
        assert fast == [dict(item) for item in slow.data]
        api = self.api(q="足球")["results"]
        assert api == [dict(slow.data[1])]

    def test_only_the_bureau_gets_rows_of_non_public_standards(self):
        with self.captureOnCommitCallbacks(execute=True):
            public = make_standard("GB/T 19001-2016", "质量管理体系 要求")
            hidden = make_standard("Q/JNXX 001-2021", "企业内部标准", is_public=False)
        bureau = SimpleNamespace(is_authenticated=True, is_bureau=True)
        ids = [hidden.pk, public.pk]
        assert [row["code"] for row in selectors.brief_rows(None, ids)] == ["GB/T 19001-2016"]
        rows = [brief(row) for row in selectors.brief_rows(bureau, ids)]
        slow = StandardBriefSerializer([hidden, public], many=True).data
        assert rows == [dict(item) for item in slow]

    def test_the_fast_rows_give_update_times_as_the_serializer_in_any_time_zone(self):
        with self.captureOnCommitCallbacks(execute=True):
            standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        rows = selectors.brief_rows(None, [standard.pk])
        for zone in ("UTC", "Asia/Shanghai", "America/New_York"):
            with timezone.override(zone):
                slow = StandardBriefSerializer([standard], many=True).data
                assert briefs(rows) == [dict(item) for item in slow], zone
        with timezone.override("UTC"):
            assert briefs(rows)[0]["updated_at"].endswith("Z")
