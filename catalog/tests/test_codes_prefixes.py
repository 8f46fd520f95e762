"""The parser against the whole industry prefix table and every local spelling: fixing one
reading of "DB" must break no other."""

import csv
from pathlib import Path

import pytest

from catalog.codes import INDUSTRY_PREFIXES, InvalidStandardCode, Kind, Nature, parse_code

TABLE = Path(__file__).resolve().parents[2] / "data" / "classifications"
with (TABLE / "industry_standard_prefixes.csv").open(encoding="utf-8-sig", newline="") as f:
    PREFIXES = [row["prefix"] for row in csv.DictReader(f)]


def test_it_knows_every_prefix_of_the_table():
    assert len(PREFIXES) > 60
    assert set(PREFIXES) <= INDUSTRY_PREFIXES


@pytest.mark.parametrize("prefix", PREFIXES)
def test_it_reads_every_recommended_industry_code_of_the_table(prefix):
    for text in (f"{prefix}/T 15-2009", f"{prefix}/T15-2009", f"{prefix} /T 15—2009"):
        code = parse_code(text)
        assert (code.kind, code.prefix, code.nature) == (Kind.INDUSTRY, prefix, Nature.RECOMMENDED)
        assert code.format() == f"{prefix}/T 15-2009"
        assert parse_code(code.key) == code


@pytest.mark.parametrize("prefix", [p for p in PREFIXES if p != "DB"])
def test_it_reads_every_mandatory_industry_code_of_the_table(prefix):
    code = parse_code(f"{prefix} 15-2009")
    assert (code.kind, code.prefix, code.nature) == (Kind.INDUSTRY, prefix, Nature.MANDATORY)
    assert parse_code(code.key) == code


@pytest.mark.parametrize(
    ("text", "printed", "kind", "nature"),
    [
        # Seismology (中国地震局): "DB/T" followed directly by the number.
        ("DB/T 15-2009", "DB/T 15-2009", Kind.INDUSTRY, Nature.RECOMMENDED),
        ("DB/T 6611-2023", "DB/T 6611-2023", Kind.INDUSTRY, Nature.RECOMMENDED),
        ("DB/T15-2009", "DB/T 15-2009", Kind.INDUSTRY, Nature.RECOMMENDED),
        ("DB / T 15—2009", "DB/T 15-2009", Kind.INDUSTRY, Nature.RECOMMENDED),
        ("db/t 18.2-2006", "DB/T 18.2-2006", Kind.INDUSTRY, Nature.RECOMMENDED),
        ("DB/Z 3-2020", "DB/Z 3-2020", Kind.INDUSTRY, Nature.GUIDANCE),
        # Local: "DB" with a two- or four-digit region code, with or without a space.
        ("DB37/T 2904-2019", "DB37/T 2904-2019", Kind.PROVINCIAL, Nature.RECOMMENDED),
        ("DB 37/T 2904-2019", "DB37/T 2904-2019", Kind.PROVINCIAL, Nature.RECOMMENDED),
        ("DB3708/T 1-2021", "DB3708/T 1-2021", Kind.MUNICIPAL, Nature.RECOMMENDED),
        ("DB 3708/T 1-2021", "DB3708/T 1-2021", Kind.MUNICIPAL, Nature.RECOMMENDED),
        ("DB37/ 1896-2003", "DB37/ 1896-2003", Kind.PROVINCIAL, Nature.MANDATORY),
        ("DB37 1896-2003", "DB37/ 1896-2003", Kind.PROVINCIAL, Nature.MANDATORY),
        ("DB37/Z 1-2020", "DB37/Z 1-2020", Kind.PROVINCIAL, Nature.GUIDANCE),
    ],
)
def test_it_tells_seismology_from_local_standards(text, printed, kind, nature):
    code = parse_code(text)
    assert (code.format(), code.kind, code.nature) == (printed, kind, nature)
    assert parse_code(code.key) == code


def test_seismology_and_local_keys_never_collide():
    assert parse_code("DB/T 37-2019").key != parse_code("DB37/T 2019").key


@pytest.mark.parametrize("text", ["DB 15-2009", "DB/ 15-2009", "DB/J 15-2009", "DB/T"])
def test_it_refuses_a_db_reading_it_cannot_tell(text):
    with pytest.raises(InvalidStandardCode, match="DB"):
        parse_code(text)


def test_every_code_in_the_replacement_columns_of_the_sports_data_parses_or_is_a_committee():
    from catalog.tests.test_codes_real import SPORTS
    from catalog.validation import split_list

    items = [i for r in SPORTS for c in ("replaces", "replacedBy") for i in split_list(r[c])]
    # (The film file's supersededBy holds record ids such as "gbt-7428-1994", not codes.)
    failing = set()
    for item in items:
        try:
            parse_code(item)
        except InvalidStandardCode:
            failing.add(item)
    assert len(items) > 90

    # Committee numbers (TC291) stand in the file where a code should be; the importer warns.
    assert {item for item in failing if not item.startswith("TC")} == set()
