"""The edition a code without year means, chosen in SQL by the validity check, against the rule
written out plainly in Python over every edition (random catalogs, with and without a day)."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from catalog import validity
from catalog.tests.factories import make_standard
from testing.hypothesis import examples

BASE = "GB/T 4000"
STATUSES = ("current", "upcoming", "abolished")


def expected_edition(editions: list[dict], day: datetime.date | None) -> dict | None:
    """In force (on `day`), else upcoming (without a day) or the newest already issued (on a
    day), else the newest (without a day) or the first to be issued (on a day). Newest first
    means dated before undated; ties among the undated go to the last created."""
    public = [e for e in editions if e["is_public"]]
    if not public:
        return None
    newest = sorted(
        public,
        key=lambda e: (e["issue_date"] is not None, e["issue_date"] or datetime.date.min, e["id"]),
        reverse=True,
    )
    if day is None:
        for wanted in ("current", "upcoming"):
            for edition in newest:
                if edition["status"] == wanted:
                    return edition
        return newest[0]
    for edition in newest:
        if validity.status_on(edition, day) == "current":
            return edition
    issued = [e for e in newest if validity.status_on(e, day) != validity.NOT_ISSUED]
    return issued[0] if issued else newest[-1]


@st.composite
def editions(draw):
    years = draw(st.lists(st.integers(1990, 2025), min_size=1, max_size=5, unique=True))
    out = []
    for year in years:
        dated = draw(st.integers(0, 3)) > 0 or len(years) == 1
        issue = datetime.date(year, 6, 1) if dated else None
        implement = draw(st.one_of(st.none(), st.integers(0, 400)))
        abolish = draw(st.one_of(st.none(), st.integers(100, 6000)))
        out.append(
            {
                "code": f"{BASE}-{year}",
                "status": draw(st.sampled_from(STATUSES)),
                "issue_date": issue,
                "implement_date": issue + datetime.timedelta(days=implement)
                if issue and implement is not None
                else None,
                "abolish_date": issue + datetime.timedelta(days=abolish)
                if issue and abolish is not None
                else None,
                "is_public": draw(st.integers(0, 4)) > 0,
            }
        )
    return out


def days(catalog):
    """No day, any day, or a day next to one of the editions' dates (where the choice turns,
    including before any edition was issued)."""
    turning = [e[k] for e in catalog for k in ("issue_date", "implement_date", "abolish_date")]
    near = st.sampled_from([d for d in turning if d] or [datetime.date(2000, 1, 1)])
    return st.one_of(
        st.none(),
        st.dates(datetime.date(1988, 1, 1), datetime.date(2045, 1, 1)),
        st.builds(lambda d, off: d + datetime.timedelta(days=off), near, st.integers(-2, 1)),
        st.just(datetime.date(1989, 1, 1)),
    )


class EditionChoiceTest(HypothesisTestCase):
    @settings(
        max_examples=examples(60),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(editions(), st.data())
    def test_the_sql_choice_follows_the_rule(self, catalog, data):
        day = data.draw(days(catalog))
        for edition in catalog:
            edition["id"] = make_standard(title="示例标准", **edition).pk
        expected = expected_edition(catalog, day)
        [line] = validity.check([BASE], as_of=day)
        if expected is None:
            self.assertFalse(line.found)
        else:
            self.assertTrue(line.found)
            self.assertEqual(line.code, expected["code"])

    def test_before_any_edition_was_issued_the_first_to_be_issued_is_meant(self):
        for year in (2000, 1995, 2010):
            make_standard(f"{BASE}-{year}", issue_date=datetime.date(year, 6, 1))
        [line] = validity.check([BASE], as_of=datetime.date(1990, 1, 1))
        self.assertEqual((line.code, line.status), ("GB/T 4000-1995", validity.NOT_ISSUED))

    def test_a_list_of_codes_without_year_gets_one_edition_each(self):
        for year, status in ((2001, "abolished"), (2010, "current"), (2020, "upcoming")):
            make_standard(f"{BASE}-{year}", status=status, issue_date=datetime.date(year, 1, 1))
        make_standard("GB/T 5000-2015", status="abolished", issue_date=datetime.date(2015, 1, 1))
        lines = validity.check([BASE, "GB/T 5000", "GB/T 6000", BASE.lower()])
        self.assertEqual(
            [line.code for line in lines],
            ["GB/T 4000-2010", "GB/T 5000-2015", "GB/T 6000", "GB/T 4000-2010"],
        )
        self.assertEqual([line.found for line in lines], [True, True, False, True])
