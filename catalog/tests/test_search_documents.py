"""Index documents take the code's number and year from the stored key fields instead of
re-parsing the printed code; both must always agree."""

import csv
from pathlib import Path

from django.test import SimpleTestCase

from bench import synth
from catalog.codes import InvalidStandardCode, parse_code
from catalog.search.documents import number_and_year

CODES = [
    "GB/T 19001-2016",
    "GB 2760-2014",
    "GB 2760-2014/XG1-2020",
    "GB/T 1.1-2020",
    "GB/Z 20000.2-2009",
    "DB37/T 2904-2019",
    "DB37/ 1234-2018",
    "DB3708/T 1-2020",
    "T/CECS 426-2017",
    "T/CAS 115-2005",
    "Q/JNJX 3-2021",
    "JB/T 11967-2015",
    "GD/J 1-2010",
    "GB/T 19001",
    "DB12/T 593",
]
DATA = Path(__file__).resolve().parents[2] / "data" / "standards"


def _row(code):
    return {
        "code": code.format(),
        "code_key": code.key,
        "base_key": code.base_key,
        "prefix": code.prefix,
        "kind": code.kind.value,
        "nature": code.nature.value if code.nature else "",
    }


def _expected(code):
    return code.number + ("." + code.part if code.part else ""), code.year


class NumberAndYearTests(SimpleTestCase):
    def test_it_agrees_with_the_parser(self):
        texts = list(CODES)
        texts += [r["values"]["code"] for r in synth.generate(3_000)]
        for path in DATA.glob("*.csv"):
            with open(path, encoding="utf-8-sig") as fh:
                texts += [row[0] for row in csv.reader(fh) if row]
        checked = 0
        for text in texts:
            try:
                code = parse_code(text)
            except InvalidStandardCode:
                continue
            with self.subTest(code=text):
                assert number_and_year(_row(code)) == _expected(code)
            checked += 1
        assert checked > 3_000

    def test_without_the_key_fields_it_parses_the_code(self):
        code = parse_code("GB/T 19001-2016")
        row = {"code": code.format(), "code_key": code.key, "base_key": code.base_key}
        assert number_and_year(row) == ("19001", 2016)
