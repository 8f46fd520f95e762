"""The parser against every Chinese code in the real data files in data/standards/."""

import csv
from pathlib import Path

import pytest

from catalog.codes import InvalidStandardCode, Kind, Nature, parse_code

DATA = Path(__file__).resolve().parents[2] / "data" / "standards"

KINDS = {
    "国家标准": {Kind.NATIONAL},
    "行业标准": {Kind.INDUSTRY},
    "地方标准": {Kind.PROVINCIAL, Kind.MUNICIPAL},
    "团体标准": {Kind.GROUP},
}

# Real film records that are not codes of a published standard; each must be rejected.
FILM_KNOWN_EXCEPTIONS = {
    # Drafts (status draft|publicCd) whose year and even number are still placeholders.
    "DY/T 247-20XX": "占位符",
    "DY/T 50XX-20XX": "占位符",
    # Amendment No. 1 of GY/T 276-2013, issued 2015: two bare years cannot say which amendment
    # it is; the importer should store it as "GY/T 276-2013/XG1-2015".
    "GY/T 276-2013-2015": "多个年份",
}

# Real spellings that needed more than the usual tolerance, and what they must become.
ODD_REAL_SPELLINGS = {
    "T/CSGF T/CSGF024—2023": "T/CSGF 024-2023",  # designation printed twice
    "T/CSGF T/CSGF023.3—2023": "T/CSGF 023.3-2023",
    "T/DLSHXH T/DLSHXH 001--2017": "T/DLSHXH 001-2017",  # twice, and a doubled dash
    "T/HSCA 001.—2017": "T/HSCA 001-2017",  # a stray full stop before the dash
    "T/XCFW TG06-011.3—2023": "T/XCFW TG06-011.3-2023",  # the association numbers in series
    "T/PTSHOES GS001—2017": "T/PTSHOES GS001-2017",  # number with letters
    "JYT 0629-2020": "JY/T 0629-2020",  # slash left out
    "DB14/ T 1763-2018": "DB14/T 1763-2018",
    "DB 3307/T 98—2019": "DB3307/T 98-2019",
    "DB12/ 684-2016": "DB12/ 684-2016",  # mandatory local standards print with a bare slash
    "DB32／T 4412-2022": "DB32/T 4412-2022",  # full-width slash
    "DB3303/T013-2020": "DB3303/T 013-2020",
    "T/BSSF  0001—2024": "T/BSSF 0001-2024",
    "GY/T 101-91": "GY/T 101-1991",  # two-digit year
    "GD/J 017—2007": "GD/J 017-2007",  # radio/TV technical document (行业暂行技术要求)
    "JGJ 58-2008": "JGJ 58-2008",  # three-letter industry code
}


def _rows(name):
    with (DATA / name).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


SPORTS = _rows("sports_standards.csv")
FILM = _rows("film_documents.csv")
FILM_CHINESE = [row for row in FILM if row["docType"] in KINDS]
SPORTS_CASES = [(row["code"], row["type"]) for row in SPORTS]
FILM_CASES = [
    (row["docLabel"], row["docType"])
    for row in FILM_CHINESE
    if row["docLabel"] not in FILM_KNOWN_EXCEPTIONS
]


def test_the_data_files_are_there():
    assert len(SPORTS) > 1000
    assert len(FILM_CHINESE) > 150
    assert {row["type"] for row in SPORTS} == set(KINDS)


@pytest.mark.parametrize(("text", "kind_label"), SPORTS_CASES + FILM_CASES)
def test_every_real_chinese_code_parses_with_the_kind_of_its_file(text, kind_label):
    code = parse_code(text)
    assert code.kind in KINDS[kind_label]
    assert parse_code(code.format()) == code
    assert parse_code(code.key).key == code.key


def test_every_sports_code_parses():
    failures = []
    for row in SPORTS:
        try:
            parse_code(row["code"])
        except InvalidStandardCode as error:
            failures.append(f"{row['code']}: {error}")
    assert failures == []


@pytest.mark.parametrize(("text", "fragment"), FILM_KNOWN_EXCEPTIONS.items())
def test_it_rejects_the_known_film_exceptions_with_a_reason(text, fragment):
    assert text in {row["docLabel"] for row in FILM_CHINESE}
    with pytest.raises(InvalidStandardCode, match=fragment):
        parse_code(text)


def test_only_the_known_film_exceptions_fail():
    failing = set()
    for row in FILM_CHINESE:
        try:
            parse_code(row["docLabel"])
        except InvalidStandardCode:
            failing.add(row["docLabel"])
    assert failing == set(FILM_KNOWN_EXCEPTIONS)


@pytest.mark.parametrize(("text", "expected"), ODD_REAL_SPELLINGS.items())
def test_it_reads_the_odd_real_spellings(text, expected):
    assert text in {row["code"] for row in SPORTS} | {row["docLabel"] for row in FILM}
    assert parse_code(text).format() == expected


def test_em_dash_spellings_in_sports_data_have_the_same_key_as_the_hyphen_form():
    em_dashed = [row["code"] for row in SPORTS if "—" in row["code"]]
    assert len(em_dashed) > 400
    for text in em_dashed:
        assert parse_code(text).key == parse_code(text.replace("—", "-")).key


def test_nature_agrees_with_the_mandatory_column_of_sports_data():
    # "DB14/ T 1763-2018" and "DB32／T 4412-2022" are marked mandatory in the file but printed
    # /T (recommended): the printed code wins; the flag is a data-entry error. Industry rows are
    # not checked: the file marks old mandatory industry standards ("HG 2290-1992") as not
    # mandatory.
    data_errors = {"DB14/ T 1763-2018", "DB32／T 4412-2022"}
    for row in SPORTS:
        if row["type"] in ("国家标准", "地方标准") and row["code"] not in data_errors:
            code = parse_code(row["code"])
            assert (code.nature is Nature.MANDATORY) == (row["isMandatory"] == "True"), row["code"]


def test_film_chinese_records_keep_their_designation():
    designations = {parse_code(t).designation for t, _ in FILM_CASES}
    assert {"GB/T", "GY/T", "DY/T", "JB/T", "SJ/T", "JGJ", "T/CAS", "T/CSMPTE"} <= designations


def test_film_foreign_records_are_rejected_as_foreign():
    foreign = [r["docLabel"] for r in FILM if r["docType"] in ("国际标准", "国外标准")]
    assert len(foreign) > 100
    for text in foreign:
        with pytest.raises(InvalidStandardCode):
            parse_code(text)
        if text.startswith(("ISO", "IEC", "SMPTE", "IEEE", "ITU", "AES", "IETF", "EBU")):
            with pytest.raises(InvalidStandardCode, match="国际/国外标准编号不属于本平台收录范围"):
                parse_code(text)
