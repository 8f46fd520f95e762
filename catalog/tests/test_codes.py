"""Behaviour of the standard-code parser: tolerant spellings, rejections and round trips."""

import datetime

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from catalog.codes import (
    INDUSTRY_PREFIXES,
    InvalidStandardCode,
    Kind,
    Nature,
    StandardCode,
    code_search_key,
    looks_like_code,
    normalize_code_text,
    parse_code,
)
from testing.hypothesis import examples

M, R, G = Nature.MANDATORY, Nature.RECOMMENDED, Nature.GUIDANCE
NAT, IND, PROV, MUN = Kind.NATIONAL, Kind.INDUSTRY, Kind.PROVINCIAL, Kind.MUNICIPAL
GRP, ENT = Kind.GROUP, Kind.ENTERPRISE

# (test id, input, canonical format, kind, nature, number, part, year, amendment)
SPELLINGS = [
    ("plain", "GB/T 19001-2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("full_width", "GB／T　19001－2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("full_width_digits", "GB／T１９００１", "GB/T 19001", NAT, R, "19001", None, None, None),
    ("em_dash", "GB/T 19001—2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("en_dash", "GB/T 19001–2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("minus_sign", "GB/T 19001−2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("chinese_yi_dash", "GB/T 19001一2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("missing_space", "GB/T19001-2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("spaces", "GB / T 19001 - 2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("lower_case", "gb/t 19001-2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("no_year", "GB/T 19001", "GB/T 19001", NAT, R, "19001", None, None, None),
    ("whitespace", "  GB/T 19001-2016 \n", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("full_stop", "GB/T 19001-2016.", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("chinese_stop", "GB/T 19001-2016。", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("missing_slash_gbt", "GBT 19001-2016", "GB/T 19001-2016", NAT, R, "19001", None, 2016, None),
    ("part", "GB/T 1.1-2020", "GB/T 1.1-2020", NAT, R, "1", "1", 2020, None),
    ("industry_part", "TY/T 3501.6-2024", "TY/T 3501.6-2024", IND, R, "3501", "6", 2024, None),
    ("nested_part", "JB/T 7714.2.1-2005", "JB/T 7714.2.1-2005", IND, R, "7714", "2.1", 2005, None),
    (
        "amendment",
        "GB 2760-2014/XG1-2020",
        "GB 2760-2014/XG1-2020",
        NAT,
        M,
        "2760",
        None,
        2014,
        "XG1-2020",
    ),
    (
        "amendment_spaced",
        "GB 2760-2014 XG1-2020",
        "GB 2760-2014/XG1-2020",
        NAT,
        M,
        "2760",
        None,
        2014,
        "XG1-2020",
    ),
    (
        "undated_amendment",
        "GB 2760-2014/XG1",
        "GB 2760-2014/XG1",
        NAT,
        M,
        "2760",
        None,
        2014,
        "XG1",
    ),
    ("two_digit_year", "GB 2760-86", "GB 2760-1986", NAT, M, "2760", None, 1986, None),
    ("guidance", "GB/Z 40836-2021", "GB/Z 40836-2021", NAT, G, "40836", None, 2021, None),
    ("gbz", "GBZ 2.1-2019", "GBZ 2.1-2019", NAT, M, "2", "1", 2019, None),
    ("gbz_t", "GBZ/T 229.1-2010", "GBZ/T 229.1-2010", NAT, R, "229", "1", 2010, None),
    ("metrology_jjf", "JJF 1001-2011", "JJF 1001-2011", IND, M, "1001", None, 2011, None),
    ("metrology_jjg", "JJG 1036-2008", "JJG 1036-2008", IND, M, "1036", None, 2008, None),
    ("military_gjb", "GJB 9001-2017", "GJB 9001-2017", IND, M, "9001", None, 2017, None),
    ("construction_jgj", "JGJ 58-2008", "JGJ 58-2008", IND, M, "58", None, 2008, None),
    ("industry_mandatory", "HG 2290-1992", "HG 2290-1992", IND, M, "2290", None, 1992, None),
    ("industry_guidance", "SJ/Z 9140.1-1987", "SJ/Z 9140.1-1987", IND, G, "9140", "1", 1987, None),
    ("jyt", "JYT 0629-2020", "JY/T 0629-2020", IND, R, "0629", None, 2020, None),
    ("gd_j", "GD/J 017—2007", "GD/J 017-2007", IND, R, "017", None, 2007, None),
    ("provincial", "DB37/T 2904-2019", "DB37/T 2904-2019", PROV, R, "2904", None, 2019, None),
    ("db_spaced", "DB 37/T 2904-2019", "DB37/T 2904-2019", PROV, R, "2904", None, 2019, None),
    ("db_space_slash", "DB37 /T 2904-2019", "DB37/T 2904-2019", PROV, R, "2904", None, 2019, None),
    ("db_slash_space", "DB14/ T 1763-2018", "DB14/T 1763-2018", PROV, R, "1763", None, 2018, None),
    ("db_mandatory", "DB12/ 684-2016", "DB12/ 684-2016", PROV, M, "684", None, 2016, None),
    ("db_no_slash", "DB37 1354-2009", "DB37/ 1354-2009", PROV, M, "1354", None, 2009, None),
    ("municipal", "DB3708/T 12-2021", "DB3708/T 12-2021", MUN, R, "12", None, 2021, None),
    ("db_tight", "DB3303/T013-2020", "DB3303/T 013-2020", MUN, R, "013", None, 2020, None),
    ("db6", "DB370800/T 1-2020", "DB370800/T 1-2020", MUN, R, "1", None, 2020, None),
    ("group", "T/CAS 115-2005", "T/CAS 115-2005", GRP, None, "115", None, 2005, None),
    ("group_lower_case", "t/cas 115-2005", "T/CAS 115-2005", GRP, None, "115", None, 2005, None),
    ("zeros", "T/BASV 0005—2024", "T/BASV 0005-2024", GRP, None, "0005", None, 2024, None),
    ("repeated", "T/CSGF T/CSGF024—2023", "T/CSGF 024-2023", GRP, None, "024", None, 2023, None),
    (
        "double_dash",
        "T/DLSHXH T/DLSHXH 001--2017",
        "T/DLSHXH 001-2017",
        GRP,
        None,
        "001",
        None,
        2017,
        None,
    ),
    ("dot_dash", "T/HSCA 001.—2017", "T/HSCA 001-2017", GRP, None, "001", None, 2017, None),
    (
        "lettered",
        "T/PTSHOES GS001—2017",
        "T/PTSHOES GS001-2017",
        GRP,
        None,
        "GS001",
        None,
        2017,
        None,
    ),
    (
        "series",
        "T/XCFW TG06-011.3—2023",
        "T/XCFW TG06-011.3-2023",
        GRP,
        None,
        "TG06-011",
        "3",
        2023,
        None,
    ),
    ("enterprise", "Q/JNXX 001-2021", "Q/JNXX 001-2021", ENT, None, "001", None, 2021, None),
]


def _case_ids(cases):
    return [case[0] for case in cases]


@pytest.mark.parametrize(
    ("text", "fmt", "kind", "nature", "number", "part", "year", "amendment"),
    [case[1:] for case in SPELLINGS],
    ids=_case_ids(SPELLINGS),
)
def test_it_reads(text, fmt, kind, nature, number, part, year, amendment):
    code = parse_code(text)
    assert (code.format(), code.key, code.kind, code.nature) == (
        fmt,
        fmt.replace(" ", ""),
        kind,
        nature,
    )
    assert (code.number, code.part, code.year, code.amendment) == (number, part, year, amendment)
    assert str(code) == fmt
    assert parse_code(code.format()) == code
    assert parse_code(code.key).key == code.key


@pytest.mark.parametrize(
    ("text", "prefix", "designation", "base_key"),
    [
        ("GB/T 19001-2016", "GB", "GB/T", "GB/T19001"),
        ("GB 2760-2014/XG1-2020", "GB", "GB", "GB2760"),
        ("GB/Z 40836-2021", "GB", "GB/Z", "GB/Z40836"),
        ("GBZ/T 229.1-2010", "GBZ", "GBZ/T", "GBZ/T229.1"),
        ("JB/T 9411-2014", "JB", "JB/T", "JB/T9411"),
        ("GD/J 017-2007", "GD/J", "GD/J", "GD/J017"),
        ("DB37/T 2904-2019", "DB37", "DB37/T", "DB37/T2904"),
        ("DB3708/T 12-2021", "DB3708", "DB3708/T", "DB3708/T12"),
        ("DB12/ 684-2016", "DB12", "DB12/", "DB12/684"),
        ("T/CAS 115-2005", "T/CAS", "T/CAS", "T/CAS115"),
        ("Q/JNXX 001-2021", "Q/JNXX", "Q/JNXX", "Q/JNXX001"),
        ("GB/T 1.1-2020", "GB", "GB/T", "GB/T1.1"),
    ],
)
def test_it_exposes_prefix_designation_and_base_key(text, prefix, designation, base_key):
    code = parse_code(text)
    assert (code.prefix, code.designation, code.base_key) == (prefix, designation, base_key)


def test_it_groups_editions_under_one_base_key():
    editions = ["GB/T 19001-2016", "GB/T 19001—2008", "gb/t19001-2000", "GB/T 19001"]
    assert {parse_code(text).base_key for text in editions} == {"GB/T19001"}
    assert parse_code("GB/T 19001.1-2016").base_key != "GB/T19001"


def test_it_keeps_two_digit_year_codes_in_the_1900s():
    assert parse_code("GY/T 101-91").year == 1991
    assert parse_code("GB 2760-2014/XG1-96").amendment == "XG1-1996"


def test_it_accepts_next_year_plus_one():
    latest = datetime.date.today().year + 2
    assert parse_code(f"GB/T 1-{latest}").year == latest


# (test id, input, fragment of the message)
REJECTIONS = [
    ("empty", "", "为空"),
    ("whitespace", " \t\u3000 ", "为空"),
    ("garbage_letters", "ABC", "缺少标准代号（如 GB、GB/T、DB37/T、T/CAS）"),
    ("chinese_word", "足球", "缺少标准代号"),
    ("bare_number", "12345", "缺少标准代号"),
    ("committee_code", "TC291", "不是已知的行业标准代号"),
    ("unknown_industry_prefix", "QZ/T 123-2020", "不是已知的行业标准代号"),
    ("iso_codes", "ISO 9001:2015", "国际/国外标准编号不属于本平台收录范围"),
    ("iso_iec_codes", "ISO/IEC 14496-2:2004", "国际/国外标准编号不属于本平台收录范围"),
    ("iec_codes", "IEC 60335-1", "国际/国外标准编号不属于本平台收录范围"),
    ("smpte_codes", "SMPTE ST 2067", "国际/国外标准编号不属于本平台收录范围"),
    ("en_codes", "EN 71-1", "国际/国外标准编号不属于本平台收录范围"),
    ("ansi_codes", "ANSI Z87.1-2020", "国际/国外标准编号不属于本平台收录范围"),
    ("bs_codes", "BS 7671:2018", "国际/国外标准编号不属于本平台收录范围"),
    ("din_codes", "DIN 1451-2", "国际/国外标准编号不属于本平台收录范围"),
    ("astm_codes", "ASTM F963-17", "国际/国外标准编号不属于本平台收录范围"),
    ("jis_codes", "JIS B 7512", "国际/国外标准编号不属于本平台收录范围"),
    ("lower_case_iso_codes", "iso 9001", "国际/国外标准编号不属于本平台收录范围"),
    ("year_before_1950", "GB/T 19001-1900", "年份“1900”不合理"),
    ("two_digit_year_before_1950", "GB 2760-05", "年份“05”不合理"),
    ("year_in_the_far_future", "GB/T 19001-2099", "年份“2099”不合理"),
    ("amendment_year_out_of_range", "GB 2760-2014/XG1-2099", "年份“2099”不合理"),
    ("code_without_number", "GB/T", "缺少标准顺序号"),
    ("group_without_number", "T/CAS", "缺少标准顺序号"),
    ("text_over_100_characters", "GB/T " + "1" * 100, "过长"),
    ("unknown_province", "DB99/T 1-2020", "行政区划代码“99”无效"),
    ("draft_placeholder_year", "DY/T 247-20XX", "占位符"),
    ("two_years", "GY/T 276-2013-2015", "多个年份"),
    ("national_j_suffix", "GB/J 1-2020", "“GB/J”不是有效的标准代号"),
    ("iso_style_colon_year", "GB/T 19001:2016", "格式应类似"),
    ("mandatory_local_without_separator", "DB372904-2019", "格式应类似"),
]


@pytest.mark.parametrize(
    ("text", "fragment"), [c[1:] for c in REJECTIONS], ids=_case_ids(REJECTIONS)
)
def test_it_rejects(text, fragment):
    with pytest.raises(InvalidStandardCode) as caught:
        parse_code(text)
    assert fragment in str(caught.value)


def test_it_quotes_the_text_in_the_message():
    with pytest.raises(InvalidStandardCode, match="无法识别的标准编号“ABC”：缺少标准代号"):
        parse_code("ABC")


def test_it_rejects_non_text():
    with pytest.raises(InvalidStandardCode):
        parse_code(None)  # type: ignore[arg-type]


def test_invalid_code_is_a_value_error():
    assert issubclass(InvalidStandardCode, ValueError)


def test_kind_and_nature_values_are_stable_keys():
    assert [k.value for k in Kind] == [
        "national",
        "industry",
        "provincial",
        "municipal",
        "group",
        "enterprise",
    ]
    assert [n.value for n in Nature] == ["mandatory", "recommended", "guidance"]
    assert Kind("group") is Kind.GROUP and Kind.GROUP == "group"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("GB／T１９００１", "GB/T19001"),
        ("GB/T 19001—2016", "GB/T 19001-2016"),
        ("gb/t   19001 \t– 2016 ", "GB/T 19001 - 2016"),
        ("GB/T 19001一2016", "GB/T 19001-2016"),
        ("GB/T 19001 一 2016", "GB/T 19001-2016"),
        ("一二三", "一二三"),
        ("第一部分", "第一部分"),
        ("GB一T", "GB一T"),
        ("\u200bGB/T 1", "GB/T 1"),
        ("", ""),
    ],
)
def test_it_normalizes_text(text, expected):
    assert normalize_code_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gb/t 19001—2016", "GB/T19001-2016"),
        ("db37/t 2904", "DB37/T2904"),
        ("  T / CAS  ", "T/CAS"),
        ("足球 场地", "足球场地"),
        ("", ""),
    ],
)
def test_it_builds_search_keys(text, expected):
    assert code_search_key(text) == expected


def test_search_key_never_raises_on_non_text():
    assert code_search_key(None) == ""  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "GB/T 19001-2016",
        "gb/t 190",
        "GB/T",
        "GB",
        "GBZ",
        "DB3708",
        "DB37/T",
        "DB37/T 2904",
        "T/CAS",
        "Q/JNXX",
        "JB/T",
        "JB",
        "TY",
        "19001",
        "1.1",
        "19001-2016",
        "19001-",
        "GD/J",
    ],
)
def test_it_recognizes_code_like_text(text):
    assert looks_like_code(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "足球",
        "体育场地",
        "football",
        "the",
        "GO",
        "IT",
        "ABC",
        "ISO 9001",
        "GB 足球",
    ],
)
def test_it_does_not_take_words_for_codes(text):
    assert not looks_like_code(text)


# --- properties -------------------------------------------------------------------------------

YEARS = st.integers(1950, datetime.date.today().year)
PARTS = st.none() | st.from_regex(r"[1-9][0-9]{0,2}(\.[1-9][0-9]?)?", fullmatch=True)
DIGITS = st.from_regex(r"[0-9]{1,6}", fullmatch=True)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
FOREIGN_OR_RESERVED = {"DB", "GB", "EN", "BS", "AS", "KS", "NF", "UL"}
PROVINCES = [
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
]


@st.composite
def prefixes(draw):
    """(prefix, kind, nature) for every kind of standard."""
    kind = draw(st.sampled_from(list(Kind)))
    if kind is Kind.NATIONAL:
        prefix = draw(st.sampled_from(["GB", "GBZ"]))
        natures = [M, R, G] if prefix == "GB" else [M, R]
        return prefix, kind, draw(st.sampled_from(natures))
    if kind is Kind.INDUSTRY:
        two = st.sampled_from(sorted(INDUSTRY_PREFIXES - FOREIGN_OR_RESERVED))
        prefix = draw(two | st.sampled_from(["JJF", "JJG", "GJB", "JGJ", "CJJ", "DB"]))
        if prefix == "DB":  # seismology: only "DB/T" and "DB/Z" tell it from a local code
            return prefix, kind, draw(st.sampled_from([R, G]))
        if len(prefix) == 2 and draw(st.booleans()):
            return prefix + "/J", kind, R
        return prefix, kind, draw(st.sampled_from([M, R, G]))
    if kind in (Kind.PROVINCIAL, Kind.MUNICIPAL):
        region = draw(st.sampled_from(PROVINCES))
        if kind is Kind.MUNICIPAL:
            region += draw(st.from_regex(r"[0-9]{2}([0-9]{2})?", fullmatch=True))
        return "DB" + region, kind, draw(st.sampled_from([M, R, G]))
    org = draw(st.from_regex(r"[A-Z]{1,4}([0-9]{1,2}[A-Z]{1,3})?", fullmatch=True))
    return ("T/" if kind is Kind.GROUP else "Q/") + org, kind, None


@st.composite
def codes(draw, lettered_numbers=False):
    prefix, kind, nature = draw(prefixes())
    number = draw(DIGITS)
    if lettered_numbers and kind in (Kind.GROUP, Kind.ENTERPRISE) and draw(st.booleans()):
        number = draw(
            st.from_regex(r"[A-Z]{1,3}[0-9]{1,3}(-[0-9]{3})?", fullmatch=True).filter(
                lambda n: not n.startswith("XG")  # "XG1" is how amendments are printed
            )
        )
    year = draw(st.none() | YEARS)
    amendment = draw(
        st.none()
        | st.builds(
            "XG{}{}".format,
            st.integers(1, 9),
            st.sampled_from([""] + [f"-{y}" for y in range(1990, 2025, 7)]),
        )
    )
    return StandardCode(prefix, kind, nature, number, draw(PARTS), year, amendment)


@settings(max_examples=examples(500))
@given(codes(lettered_numbers=True))
@example(StandardCode("T/XCFW", Kind.GROUP, None, "TG06-011", "3", 2023, None))
def test_every_valid_code_survives_format_and_parse(code):
    assert parse_code(code.format()) == code


@settings(max_examples=examples(500))
@given(codes())
def test_every_valid_code_survives_key_and_parse(code):
    assert parse_code(code.key) == code
    assert parse_code(code.key).key == code.key


@settings(max_examples=examples(200))
@given(codes(lettered_numbers=True))
def test_parsing_a_key_gives_back_the_same_key(code):
    assert parse_code(code.key).key == code.key


DASHES = ["-", "—", "–", "－", "‐", "‑", "‒", "―", "﹣", "−", "一"]
SPACES = st.sampled_from(["", " ", "  ", "\u3000", "\t"])


def _full_width(char: str) -> str:
    return chr(ord(char) + 0xFEE0) if "!" <= char <= "~" else char


@st.composite
def disguised(draw, code: StandardCode):
    """The printed code as a careless typist or an old PDF would spell it."""
    designation = code.designation
    if "/" in designation:
        left, right = designation.split("/", 1)
        designation = left + draw(SPACES) + "/" + draw(SPACES) + right
    text = designation + draw(SPACES) + code.number + ("." + code.part if code.part else "")
    if code.year is not None:
        text += draw(SPACES) + draw(st.sampled_from(DASHES)) + draw(SPACES) + str(code.year)
    if code.amendment:
        text += draw(st.sampled_from(["/", " "])) + code.amendment
    chars = [
        draw(st.sampled_from([c, c.lower(), _full_width(c), _full_width(c.lower())])) for c in text
    ]
    return draw(SPACES) + "".join(chars) + draw(st.sampled_from(["", ".", "。", " "]))


@settings(max_examples=examples(500), suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), codes(lettered_numbers=True))
def test_a_disguised_code_parses_to_the_same_key(data, code):
    text = data.draw(disguised(code))
    assume(len(text.strip()) <= 100)
    assert parse_code(text).key == code.key


@settings(max_examples=examples(300))
@given(st.data(), codes())
def test_a_disguised_code_parses_to_the_same_value(data, code):
    text = data.draw(disguised(code))
    assume(len(text.strip()) <= 100)
    assert parse_code(text) == code


@settings(max_examples=examples(1000))
@given(st.text(max_size=120))
@example("GB/T 1" + "1" * 200)
@example("T/" + "A1" * 49)
@example("DB" + "3" * 98)
def test_it_raises_only_invalid_standard_code_on_arbitrary_text(text):
    try:
        code = parse_code(text)
    except InvalidStandardCode as error:
        assert str(error)
    else:
        assert code.key.isascii() and " " not in code.key
        assert parse_code(code.format()) == code


@settings(max_examples=examples(300))
@given(st.text(alphabet="GBTDQ/ 0123456789.-—一XZJ37CAS", max_size=40))
def test_it_raises_only_invalid_standard_code_on_code_like_text(text):
    try:
        code = parse_code(text)
    except InvalidStandardCode:
        return
    assert parse_code(code.format()) == code


@settings(max_examples=examples(500))
@given(st.text())
def test_normalizing_and_search_keys_never_raise(text):
    normalized = normalize_code_text(text)
    assert normalized == normalized.strip()
    assert "  " not in normalized
    assert " " not in code_search_key(text)
    assert isinstance(looks_like_code(text), bool)


@given(codes())
def test_every_valid_code_looks_like_a_code(code):
    assert looks_like_code(code.format())
    assert looks_like_code(code.key)


def test_it_rejects_a_code_whose_printed_form_would_be_too_long():
    squeezed = "T/CAS" + "1" * 95  # 100 characters, but "T/CAS 111…" would be 101
    with pytest.raises(InvalidStandardCode, match="过长"):
        parse_code(squeezed)
    assert parse_code("T/CAS" + "1" * 94).format() == "T/CAS " + "1" * 94
